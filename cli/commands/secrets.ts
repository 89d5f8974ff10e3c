import * as path from 'path';
import { loadSite } from '../../homelab/load';
import {
  SecretCheck,
  checkSecrets,
  createGeneratedItem,
  planProvision,
  preflight,
} from '../../lib/secrets/onepassword-cli';
import { formatOpRef } from '../../lib/secrets/op-ref';
import { DEFAULT_OP_TIMEOUT_S } from '../../lib/secrets/op-runner';
import type { SecretDecl } from '../../lib/secrets/secret';
import { resolveSecretDecls, serviceSecretDecls } from '../../lib/secrets/site-secrets';
import { UsageError, isUserError } from '../../lib/util/errors';
import { parseCommandArgs } from '../args';
import { Command, Io } from '../io';

const USAGE = `usage: openclaw-octant secrets check [--site FILE]
       openclaw-octant secrets provision [--site FILE] [--dry-run]

check      Ask 1Password (through \`op\`) whether the vault, item and field of every op://
           secret of the site exist. One line per secret; never a value. Exit 1 if any is
           missing.
provision  Create what is missing: generated secrets (generate: hex32) go straight into
           1Password (sent on stdin, never in argv); secrets only a person can supply are
           listed with the \`op\` command to run, with a placeholder for the value. Exit 1 if
           anything is left for a person to do.

options:
  --site FILE   site description (YAML or JSON). Default: the embedded homelab/default.site.yaml
  --dry-run     provision: only report what would be done. Works without \`op\`: then it lists
                what would be created and the references that must exist, unchecked, and
                says so

\`op\` must be on PATH (2.18 or newer) and signed in: OP_SERVICE_ACCOUNT_TOKEN or \`op signin\`.
Each \`op\` call is stopped after ${DEFAULT_OP_TIMEOUT_S} s (OPENCLAW_OCTANT_OP_TIMEOUT=<seconds> to change).
`;

function line(status: string, decl: SecretDecl, ref: string, note?: string): string {
  return `${status.padEnd(14)} ${decl.name}  ${ref}${note ? `  (${note})` : ''}\n`;
}

function siteSecrets(site: string | undefined, io: Io): SecretDecl[] {
  const file = site === undefined ? undefined : path.resolve(io.cwd, site);
  const loaded = site === undefined ? loadSite() : loadSite(file, site);
  return [...resolveSecretDecls(loaded.secrets, 'secrets'), ...serviceSecretDecls(loaded.services)];
}

async function check(decls: readonly SecretDecl[], io: Io): Promise<number> {
  const op = decls.filter((d) => d.source.kind === 'onepassword');
  if (op.length === 0) {
    io.stdout(
      'no 1Password secrets in this site (backend vault or no secrets): nothing to check\n',
    );
    return 0;
  }
  await preflight();
  const results = checkSecrets(op);
  for (const r of results) io.stdout(line(r.status, r.decl, formatOpRef(r.source), r.note));
  const missing = results.filter((r) => r.status !== 'ok').length;
  const notes = results.filter((r) => r.note !== undefined).length;
  io.stdout(
    `${results.length} secrets: ${results.length - missing} ok, ${missing} missing` +
      (notes ? `, ${notes} with a warning` : '') +
      '\n',
  );
  if (missing > 0) io.stdout("run 'openclaw-octant secrets provision' to create them\n");
  return missing > 0 ? 1 : 0;
}

/** Why `op` cannot answer (not installed, too old, not signed in), or undefined when it can. */
async function opUnavailable(): Promise<string | undefined> {
  try {
    await preflight();
    return undefined;
  } catch (e) {
    if (!isUserError(e)) throw e;
    return e.rule;
  }
}

/**
 * A dry run without a working `op`: what provision would create and which references must exist,
 * from the site alone. Nothing is asked of 1Password, so nothing is known to exist or be missing.
 */
function uncheckedDryRun(decls: readonly SecretDecl[], why: string, io: Io): number {
  io.stdout(`op is unavailable (${why}): existence was not checked\n`);
  for (const d of decls) {
    if (d.source.kind !== 'onepassword') continue;
    const ref = formatOpRef(d.source);
    io.stdout(
      d.generate === 'hex32'
        ? line('would create', d, ref, '32 random bytes, hex, if missing; not checked')
        : line('must exist', d, ref, 'a person supplies it; not checked'),
    );
  }
  io.stdout(
    "dry run: nothing was changed and nothing was checked; run 'openclaw-octant secrets check' where op works\n",
  );
  return 0;
}

async function provision(decls: readonly SecretDecl[], dryRun: boolean, io: Io): Promise<number> {
  const op = decls.filter((d) => d.source.kind === 'onepassword');
  if (op.length === 0) {
    io.stdout('no 1Password secrets in this site (backend vault or no secrets): nothing to do\n');
    return 0;
  }
  if (dryRun) {
    const why = await opUnavailable();
    if (why !== undefined) return uncheckedDryRun(op, why, io);
  } else {
    await preflight();
  }
  const ref = (c: SecretCheck): string => formatOpRef(c.source);
  let todo = 0;
  for (const action of planProvision(checkSecrets(op))) {
    switch (action.kind) {
      case 'exists':
        io.stdout(line('exists', action.check.decl, ref(action.check), action.check.note));
        break;
      case 'create':
        if (!dryRun) createGeneratedItem(action.checks);
        for (const c of action.checks) {
          io.stdout(
            line(dryRun ? 'would create' : 'created', c.decl, ref(c), '32 random bytes, hex'),
          );
        }
        break;
      case 'manual':
        todo++;
        for (const c of action.checks) {
          io.stdout(line('to do', c.decl, ref(c), `${c.status}; a person must supply it`));
        }
        io.stdout(`  ${action.command}\n`);
        break;
      case 'missing vault':
        todo++;
        io.stdout(line('missing vault', action.check.decl, ref(action.check)));
        io.stdout(`  ${action.command}   # or fix the vault name in the site\n`);
        break;
    }
  }
  if (dryRun) {
    io.stdout('dry run: nothing was changed\n');
    return 0;
  }
  if (todo > 0) {
    io.stdout(`${todo} step(s) left for a person: run the commands above, then 'secrets check'\n`);
    return 1;
  }
  return 0;
}

export const secretsCommand: Command = {
  name: 'secrets',
  summary: 'check or provision the 1Password secrets of the site (op CLI)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { values } = parseCommandArgs('secrets', {
      args: rest,
      options: { site: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    });
    if (sub === 'check') {
      if (values['dry-run']) {
        throw new UsageError(
          '--dry-run is an option of provision',
          'drop it: check never changes anything',
        );
      }
      return check(siteSecrets(values.site, io), io);
    }
    if (sub === 'provision') {
      return provision(siteSecrets(values.site, io), values['dry-run'] === true, io);
    }
    throw new UsageError(
      sub === undefined ? 'missing sub-command' : `unknown sub-command '${sub}'`,
      "use 'openclaw-octant secrets check' or 'openclaw-octant secrets provision [--dry-run]'",
    );
  },
};
