import * as path from 'path';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { renderTemplatefile } from '../../lib/nomad/hcl/templatefile';
import { renderJson } from '../../lib/nomad/json/render';
import { validate } from '../../lib/nomad/validate';
import type { JobFile, VarValue } from '../../lib/nomad/model';
import {
  firstUnknown,
  jsonencode,
  type PassedVar,
  type TfJob,
  TfModule,
  Unknown,
  parseExpr,
  type Val,
} from '../../lib/octant/module-reader';
import { redactLiteralSecrets } from '../../lib/secrets/literal-scan';
import { checkFileName, exists, readTextInside } from '../../lib/util/boundary';
import { UserError } from '../../lib/util/errors';
import type { ModuleRead } from './read';
import { prerenderTemplate } from './prerender';
import { commentsOf, convertTemplate } from './template';
import { firstJsonDifference, type JsonDifference } from './json-diff';
import { jsonVarRef, plain, type TfType, typeOf, unwrap, varRef } from './variables';

/**
 * Import's jobs step: each `nomad_job` of the module, its jobspec converted (templatefile()
 * placeholders -> jobspec variables or written-out values) and checked to give the API JSON
 * Nomad reads today.
 */

/** How a placeholder is written in the generated jobspec. */
export type Mapping =
  { kind: 'var'; moduleVar: string; type: TfType } | { kind: 'inline'; text: string };

export interface ImportedJob {
  readonly tfJob: TfJob;
  readonly jobspecFile: string;
  /** The job as Nomad reads it today. */
  readonly original: JobFile;
  /** The job the generated jobspec gives. */
  readonly generated: JobFile;
  readonly mappings: ReadonlyMap<string, Mapping>;
  /** Jobspec variable -> module variable (a file() jobspec's `hcl2.vars`). */
  readonly hcl2JobVars: Readonly<Record<string, string>>;
}

export interface ImportedJobs {
  /** The service's own job: named like the folder, else the first declared. */
  readonly first: ImportedJob;
  /** The module's other jobs, in declaration order: the service's extraJobs. */
  readonly extras: readonly ImportedJob[];
}

/** Every job of the module (a generated gateway's backup job left out, with a line). */
export async function importJobs(m: ModuleRead): Promise<ImportedJobs> {
  const jobs = m.mod.jobs();
  if (jobs.length === 0) {
    throw new UserError(
      m.rel('main.tf'),
      'is not an Octant service module: it declares no resource "nomad_job"',
      'point import at a terraform/<service>/ folder whose main.tf registers the job',
    );
  }
  const primary = withoutBackupJobs(m, jobs);
  const all: ImportedJob[] = [];
  for (const j of primary) all.push(await importJob(m, j));
  const first = all.find((x) => x.original.job.name === path.basename(m.abs)) ?? all[0];
  m.report.push(
    `job "${first.original.job.name}": ${m.rel(first.jobspecFile)} -> the jobspec file of the service (same API JSON as Nomad reads today)`,
  );
  const extras: ImportedJob[] = [];
  for (const x of all.filter((o) => o !== first)) {
    const name = x.original.job.name;
    const twin = [first, ...extras].find((o) => o.original.job.name === name);
    if (twin) {
      throw new UserError(
        m.rel(x.jobspecFile),
        `job "${name}" is registered twice by this module (resources nomad_job.${twin.tfJob.name} and nomad_job.${x.tfJob.name}); Nomad keeps only the last one`,
        'give each job of the module its own name, then import again',
      );
    }
    extras.push(x);
    m.report.push(
      `job "${name}": ${m.rel(x.jobspecFile)} -> extraJobs[${extras.length - 1}] of the service (nomad_job.${x.tfJob.name}; same API JSON as Nomad reads today)`,
    );
  }
  for (const b of m.mod.blocks('resource', 'nomad_job')) {
    if (b.body.depends_on !== undefined && primary.length > 1) {
      m.report.push(
        `job: depends_on of nomad_job.${b.name} not reproduced: each generated nomad_job waits for its own nomad_variable and volumes only (Nomad needs no order between jobs)`,
      );
    }
  }
  return { first, extras };
}

/**
 * A module this project generated carries a gateway's backup job beside its own
 * (`<job>-backup.nomad.hcl`, from `gateways[].backup`): the service is the other job.
 */
function withoutBackupJobs(m: ModuleRead, jobs: readonly TfJob[]): TfJob[] {
  // Only `<job>.nomad.hcl` has a backup companion (any other name would be its own "companion").
  const backupFileOf = (j: TfJob): string | undefined =>
    j.jobspecFile?.endsWith('.nomad.hcl')
      ? j.jobspecFile.replace(/\.nomad\.hcl$/, '-backup.nomad.hcl')
      : undefined;
  const companions = jobs.filter((j) =>
    jobs.some((o) => o !== j && j.jobspecFile !== undefined && backupFileOf(o) === j.jobspecFile),
  );
  for (const c of companions) {
    const line = `job: nomad_job.${c.name} (${c.jobspecFile}) left out: it is the backup job a gateway's \`backup\` option generates; synth regenerates it from the gateway's \`backup\` option (import it as a service of its own to keep it as written)`;
    m.report.push(line);
    m.warnings.push(line);
  }
  return jobs.filter((j) => !companions.includes(j));
}

/** The jobspec text of a nomad_job, read inside the module; its literal credentials named. */
function readJobspec(m: ModuleRead, tfJob: TfJob): { file: string; text: string } {
  const file = tfJob.jobspecFile;
  if (file === undefined) {
    throw new UserError(
      m.rel(tfJob.where),
      `resource "nomad_job" "${tfJob.name}" does not read its jobspec from a file beside main.tf (file(), templatefile() or data "template_file")`,
      'move the jobspec into <service>.nomad.hcl and read it with templatefile()',
    );
  }
  if (!exists(path.join(m.abs, file))) {
    throw new UserError(
      m.rel(tfJob.where),
      `the jobspec ${file} does not exist`,
      'put the jobspec beside main.tf',
    );
  }
  const text = readTextInside(m.abs, file, m.rel(file));
  // A credential written into the jobspec itself: the job must stay identical, so it is
  // carried over, but never silently.
  for (const f of redactLiteralSecrets(text).found) {
    m.warnings.push(
      `${m.rel(file)}:${f.line}: a literal credential (${f.name}) is written in the jobspec; it stays as written (the job must not change): move it into 1Password and read it with a nomadVar template`,
    );
  }
  return { file, text };
}

async function importJob(m: ModuleRead, tfJob: TfJob): Promise<ImportedJob> {
  const read = readJobspec(m, tfJob);
  const file = read.file;
  const mapper = placeholderMapper(m, tfJob, file);
  // A jobspec read with file() is HCL2 already: `$${` is its own escape and stays.
  const isTemplate = tfJob.template !== undefined;
  const text = isTemplate ? prerender(m, tfJob, file, read.text) : read.text;
  const converted = !isTemplate
    ? text
    : convertTemplate(text, m.rel(file), (use) => {
        if (use.inLabel) return labelValue(m, tfJob, file, use.name, use.line);
        const mp = mapper.map(use.name, use.line);
        if (mp.kind === 'inline') return mp.text;
        return use.inString ? `\${var.${use.name}}` : `var.${use.name}`;
      });
  const hcl2JobVars = hcl2VarsOf(m, tfJob);
  const values = passedValues(tfJob.template?.vars ?? new Map());
  const original = await readAsNomadDoes(m, file, isTemplate ? { text, values } : { text });
  // The job's name becomes a file name (`<job>.nomad.hcl`) and a folder of the output.
  checkFileName(original.job.name, m.rel(file), 'the job name');
  const generated = await parseJobspec(jobVarDecls(mapper.mappings) + converted, {
    filename: m.rel(file),
  });
  const want = renderJson(original, hcl2VarsDefaults(original, m.mod, hcl2JobVars));
  const got = renderJson(generated, jobVarValues(m.mod, mapper.mappings, hcl2JobVars));
  if (want !== got) throw notReproduced(m.rel(file), firstJsonDifference(want, got));
  refuseInvalid(m.rel(file), original);
  reportComments(m, file, read.text);
  return { tfJob, jobspecFile: file, original, generated, mappings: mapper.mappings, hcl2JobVars };
}

/**
 * A job synth would refuse (the validator's errors: Nomad's own rules) is refused here, before
 * a site that cannot synthesize is written.
 */
function refuseInvalid(where: string, job: JobFile): void {
  const errors = validate(job).filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  throw new UserError(
    where,
    `the job breaks Nomad's rules, so neither Nomad nor synth would take it:\n${errors
      .map((d) => `  ${d.path}: ${d.message} [${d.rule}]`)
      .join('\n')}`,
    errors.map((d) => d.hint).join('; '),
  );
}

/**
 * The job import would write differs from the one Nomad reads today: where (the API JSON path
 * and the two kinds of value, never the values), and the way out.
 */
function notReproduced(where: string, d: JsonDifference | undefined): UserError {
  const at =
    d === undefined
      ? ''
      : ` at ${d.path || 'the top level'} (today: ${d.want}; generated: ${d.got})`;
  // A number or bool placeholder quoted alone ("${port}"): Terraform writes text, while a
  // jobspec variable of that type keeps its type through "${var.port}".
  const quoted =
    d !== undefined && d.want === 'string' && (d.got === 'number' || d.got === 'boolean');
  return new UserError(
    where,
    `import could not reproduce this job exactly: its API JSON differs${at}; nothing was written`,
    quoted
      ? 'a number or bool variable quoted alone ("${port}") is text to Terraform; give that module variable type = string, or write the placeholder unquoted where the field takes a number, then import again'
      : 'please report this with the module folder; meanwhile keep the hand-written module',
  );
}

/** What Terraform renders itself (functions, `%{ if }`, `%{ for }`), rendered and written out. */
function prerender(m: ModuleRead, tfJob: TfJob, file: string, text: string): string {
  const vars = new Map<string, Val>();
  for (const [k, p] of tfJob.template?.vars ?? []) vars.set(k, p.value);
  const out = prerenderTemplate(
    text,
    (src, sc) => m.mod.eval(parseExpr(src), sc),
    m.rel(file),
    vars,
  );
  if (out.rendered.length > 0) {
    const lines = [...new Set(out.rendered)].join(', ');
    m.report.push(
      `job: ${m.rel(file)} lines ${lines}: Terraform template functions or directives, rendered with the values main.tf passes and written out`,
    );
  }
  return out.text;
}

/** A placeholder in a block label (`job "${name}" {`): its value, written out. */
function labelValue(m: ModuleRead, tfJob: TfJob, file: string, name: string, line: number): string {
  const p = tfJob.template?.vars.get(name);
  const v = p?.value;
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new UserError(
      `${m.rel(file)}:${line}`,
      `the block label \${${name}} ${p === undefined ? 'is not passed by main.tf' : 'has no static text value'}: a jobspec label cannot be a variable`,
      `pass ${name} with a static value (a variable default), or write the label out`,
    );
  }
  m.report.push(
    `job: \${${name}} in a block label (${m.rel(file)}:${line}) -> its value "${String(v)}" written out (a jobspec label cannot be a variable)`,
  );
  return String(v);
}

/** Maps each placeholder once: a jobspec variable fed from a module variable, or its value. */
function placeholderMapper(m: ModuleRead, tfJob: TfJob, file: string) {
  const passed: ReadonlyMap<string, PassedVar> = tfJob.template?.vars ?? new Map();
  const mappings = new Map<string, Mapping>();
  const map = (name: string, line: number): Mapping => {
    const known = mappings.get(name);
    if (known) return known;
    const p = passed.get(name);
    if (!p) {
      throw new UserError(
        `${m.rel(file)}:${line}`,
        `template placeholder \${${name}} is not passed by ${tfJob.template?.block ?? `resource "nomad_job" "${tfJob.name}"`} (terraform plan fails the same way)`,
        `pass ${name} in the template vars of main.tf, or write the value out in the jobspec`,
      );
    }
    const mp = mapPassed(m, name, p);
    mappings.set(name, mp);
    return mp;
  };
  return { map, mappings };
}

function mapPassed(m: ModuleRead, name: string, p: PassedVar): Mapping {
  const direct = varRef(p.expr);
  const json = jsonVarRef(p.expr);
  if (direct !== undefined && m.mod.variables.has(direct)) {
    const type = typeOf(m.mod.variables.get(direct)!);
    m.report.push(
      `job: \${${name}} -> jobspec variable "${name}" fed from var.${direct} (${m.rel(p.where)})`,
    );
    return { kind: 'var', moduleVar: direct, type };
  }
  const jsonType =
    json !== undefined && m.mod.variables.has(json)
      ? typeOf(m.mod.variables.get(json)!)
      : undefined;
  if (json !== undefined && jsonType !== undefined && jsonType !== 'string') {
    m.report.push(
      `job: \${${name}} -> jobspec variable "${name}" (${jsonType}) fed from var.${json} (${m.rel(p.where)})`,
    );
    return { kind: 'var', moduleVar: json, type: jsonType };
  }
  if (p.value instanceof Unknown) {
    throw new UserError(
      m.rel(p.where),
      `the value passed for template placeholder \${${name}} cannot be computed statically: ${p.value.reason}`,
      p.value.secret
        ? 'a secret must not be rendered into the jobspec: read it in the job through a nomadVar template instead, then import again'
        : 'make it static (a variable default, a file beside the module) or write the value out in the jobspec, then import again',
    );
  }
  m.report.push(
    `job: \${${name}} -> its static value written into the jobspec (computed from ${m.rel(p.where)})`,
  );
  return { kind: 'inline', text: typeof p.value === 'string' ? p.value : String(p.value) };
}

/** Existing HCL2 variables of a file() jobspec fed through nomad_job.hcl2.vars. */
function hcl2VarsOf(m: ModuleRead, tfJob: TfJob): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p] of tfJob.hcl2Vars) {
    const v = varRef(unwrap(p.expr)) ?? jsonVarRef(unwrap(p.expr));
    if (v === undefined || !m.mod.variables.has(v)) {
      throw new UserError(
        m.rel(p.where),
        `hcl2 var "${name}" is not a module variable (var.x or jsonencode(var.x))`,
        'feed the jobspec variable from a module variable, then import again',
      );
    }
    out[name] = v;
    m.report.push(`job: hcl2 var "${name}" fed from var.${v} (${m.rel(p.where)})`);
  }
  return out;
}

/** The text Terraform renders for each placeholder (a value that is known). */
function passedValues(passed: ReadonlyMap<string, PassedVar>): Record<string, string> {
  const values: Record<string, string> = {};
  // Every known value: a label placeholder is written out without a mapping.
  for (const [name, p] of passed) {
    const v = p.value;
    if (v instanceof Unknown) continue;
    const t = typeof v === 'string' ? v : jsonencode(v);
    if (typeof t === 'string') values[name] = t;
  }
  return values;
}

/** The job as Nomad reads it today: rendered the way main.tf renders it, then parsed. */
async function readAsNomadDoes(
  m: ModuleRead,
  file: string,
  src: { text: string; values?: Record<string, string> },
): Promise<JobFile> {
  try {
    const rendered =
      src.values !== undefined ? renderTemplatefile(src.text, src.values, m.rel(file)) : src.text;
    return await parseJobspec(rendered, { filename: m.rel(file) });
  } catch (e) {
    if (e instanceof UserError) {
      throw new UserError(
        e.where,
        `the jobspec, rendered the way main.tf renders it, does not parse: ${e.rule}`,
        `${e.fix}; Nomad would refuse it too`,
      );
    }
    throw e;
  }
}

function jobVarDecls(mappings: ReadonlyMap<string, Mapping>): string {
  return [...mappings]
    .filter((e): e is [string, Extract<Mapping, { kind: 'var' }>] => e[1].kind === 'var')
    .map(([name, mp]) => `variable "${name}" {\n  type = ${mp.type}\n}\n`)
    .join('');
}

/** The generated jobspec's variables as the module's defaults feed them. */
function jobVarValues(
  mod: TfModule,
  mappings: ReadonlyMap<string, Mapping>,
  hcl2JobVars: Readonly<Record<string, string>>,
): Record<string, VarValue> {
  const out: Record<string, VarValue> = {};
  for (const [name, mp] of mappings) {
    if (mp.kind !== 'var') continue;
    const v = mod.variables.get(mp.moduleVar)!;
    out[name] = plain(v.default ?? null, v.where);
  }
  for (const [name, v] of Object.entries(hcl2JobVars)) {
    const d = mod.variables.get(v)!;
    if (d.hasDefault) out[name] = plain(d.default ?? null, d.where);
  }
  return out;
}

/** Defaults of the variables a file() jobspec reads through nomad_job.hcl2.vars. */
function hcl2VarsDefaults(
  job: JobFile,
  mod: TfModule,
  hcl2JobVars: Readonly<Record<string, string>>,
): Record<string, VarValue> {
  const out: Record<string, VarValue> = {};
  for (const v of job.variables ?? []) {
    const from = hcl2JobVars[v.name];
    const d = from === undefined ? undefined : mod.variables.get(from);
    if (
      d?.hasDefault &&
      d.default !== null &&
      d.default !== undefined &&
      !firstUnknown(d.default)
    ) {
      out[v.name] = d.default as VarValue;
    }
  }
  return out;
}

/** Jobspec variable -> module variable, where their names differ (the service's jobVars). */
export function jobVarsOf(x: ImportedJob): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, mp] of x.mappings)
    if (mp.kind === 'var' && mp.moduleVar !== name) out[name] = mp.moduleVar;
  for (const [name, v] of Object.entries(x.hcl2JobVars)) if (v !== name) out[name] = v;
  return out;
}

/**
 * The generated jobspec is rendered from the job model, which keeps no comments: each one the
 * hand-written jobspec has is named with its line (and a warning counts them), never dropped
 * silently.
 */
function reportComments(m: ModuleRead, file: string, text: string): void {
  // A for_each job's instances share one jobspec: named once.
  if (m.report.some((l) => l.startsWith(`comment: ${m.rel(file)}:`))) return;
  const comments = commentsOf(text);
  for (const c of comments) {
    const shown = c.text.length > 100 ? `${c.text.slice(0, 100)}...` : c.text;
    m.report.push(`comment: ${m.rel(file)}:${c.line} not carried over: ${shown}`);
  }
  if (comments.length > 0) {
    m.warnings.push(
      `${m.rel(file)}: ${comments.length} comment line(s) are not in the generated jobspec (synth renders it from the job): the report names each with its line; keep what matters in the service's description`,
    );
  }
}
