import type { TfModule } from '../../lib/octant/module-reader';
import type { ModuleRead } from './read';
import { MOVED_FILE } from './read';

/**
 * Import's report step: a line for every block of main.tf saying what became of it (the
 * generated module's own, reproduced, or a warning that it is not), and the `moved` blocks
 * that carry the hand-written module's state over.
 */

type TfFile = TfModule['files'][number];

export function reportOtherBlocks(m: ModuleRead): void {
  for (const f of m.mod.files) {
    const body = f.body as Record<string, unknown>;
    for (const [kind, section] of Object.entries(body)) {
      if (kind === 'variable') continue;
      else if (kind === 'terraform') {
        m.report.push(
          `terraform: ${f.name} required_providers -> the generated module pins its own providers`,
        );
      } else if (kind === 'locals') {
        m.report.push(
          `locals (${f.name}): evaluated statically where the job or the wiring uses them`,
        );
      } else if (kind === 'output') reportOutputs(m, f, section as object);
      else if (kind === 'provider') reportProviders(m, f, section as Record<string, unknown>);
      else if (kind === 'data' || kind === 'resource')
        reportResources(m, f, kind, section as object);
      else m.warnings.push(`${kind} blocks in ${f.name} are not reproduced`);
    }
  }
}

function reportOutputs(m: ModuleRead, f: TfFile, section: object): void {
  for (const name of Object.keys(section)) {
    const where = m.rel(m.mod.locate(f, 'output', [name]));
    if (name === 'job_id' || name === 'service_url') {
      m.report.push(`output "${name}" (${where}) -> the generated module's own`);
    } else {
      m.warnings.push(
        `output "${name}" (${where}) is not reproduced: the generated module outputs job_id and service_url`,
      );
    }
  }
}

function reportProviders(m: ModuleRead, f: TfFile, section: Record<string, unknown>): void {
  for (const [name, body] of Object.entries(section)) {
    const where = m.rel(m.mod.locate(f, 'provider', [name]));
    const first = (Array.isArray(body) ? (body[0] as unknown) : body) ?? {};
    const configured = Object.keys(first as object).length > 0;
    if (name === 'onepassword' && configured) {
      m.warnings.push(
        `provider "onepassword" (${where}): its settings are not reproduced; the generated module's provider reads OP_SERVICE_ACCOUNT_TOKEN (or OP_CONNECT_HOST/OP_CONNECT_TOKEN) from the environment`,
      );
    } else if (name === 'onepassword') {
      m.report.push(
        `provider "onepassword" (${where}) -> the generated module's (settings from the environment)`,
      );
    } else if (name === 'nomad' || name === 'consul') {
      m.report.push(
        `provider "${name}" (${where}) -> the generated module's provider at http://\${var.${name}}:${name === 'consul' ? 8500 : 4646}`,
      );
    } else {
      m.warnings.push(`provider "${name}" (${where}) is not reproduced by the generated module`);
    }
  }
}

/** What import does with each data source and resource type it reads. */
const HANDLED: Readonly<Record<string, string>> = {
  'data.onepassword_vault': 'read through the op:// references of the secrets',
  'data.onepassword_item': 'read through the op:// references of the secrets',
  'data.local_file':
    'its content is used where main.tf uses it (kept in the variable, or written into the job)',
  'data.template_file': 'rendered statically (the jobspec, or a value written into it)',
  'resource.nomad_job': 'a jobspec of the service (see its job line)',
  'resource.nomad_variable': 'the service secrets/variableFiles',
};

function reportResources(m: ModuleRead, f: TfFile, kind: string, section: object): void {
  for (const [type, byName] of Object.entries(section)) {
    for (const name of Object.keys(byName as object)) {
      const where = m.rel(m.mod.locate(f, kind, [type, name]));
      const what = HANDLED[`${kind}.${type}`];
      if (what) m.report.push(`${kind} "${type}" "${name}" (${where}): ${what}`);
      else
        m.warnings.push(
          `${kind} "${type}" "${name}" (${where}) is not reproduced by the generated module; keep it in a Terraform file of your own`,
        );
    }
  }
}

export type Moves = readonly (readonly [string, string])[];

/** `moved` blocks: the hand-written resources under the generated module's names. */
export function movedFile(moves: Moves): string {
  return [
    "# Written by `openclaw-octant import`: the hand-written module's resources under the generated",
    "# module's names, so `terraform apply` in the same folder (same state) keeps the job and the",
    '# variable instead of re-creating them. Apply once, then remove it from the site (files).',
    ...moves.map(([from, to]) => `moved {\n  from = ${from}\n  to   = ${to}\n}`),
    '# Without moved blocks (Terraform < 1.1), in the module folder before the first plan:',
    ...stateMvLines(moves).map((l) => `#   ${l}`),
    '',
  ].join('\n');
}

/** `terraform state mv` of each move: the module's real addresses -> the generated ones. */
export function stateMvLines(moves: Moves): string[] {
  return moves.map(([from, to]) => `terraform state mv ${from} ${to}`);
}

export function movedReport(moves: Moves): string {
  return `state: ${moves.map(([from, to]) => `${from} -> ${to}`).join(', ')} (${MOVED_FILE}: moved blocks, vendored with the module; without them: ${stateMvLines(moves).join('; ')})`;
}
