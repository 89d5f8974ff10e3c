import { randomBytes } from 'crypto';
import { UserError } from '../util/errors';
import { ownVersion } from '../util/project-root';
import { builtInFieldOf, isBuiltInField } from './op-fields';
import { formatOpRef } from './op-ref';
import { ClientInfo, describeFailure, parseOpJson, runOp } from './op-runner';
import type { OnePasswordSource, SecretDecl } from './secret';

/**
 * The 1Password CLI integration, through `op` on PATH (lib/secrets/op-runner.ts runs it).
 * Nothing here returns or prints a secret value: results carry references and statuses only.
 */

/**
 * Oldest `op` accepted: 2.18.0 is the first release that signs in with a service account
 * (OP_SERVICE_ACCOUNT_TOKEN), the way a homelab runs this headless. Provisioning also relies on
 * `op item create -` reading a JSON item template from stdin (keeps values out of argv); the
 * first release with that was not pinned down, only that current 2.x releases have it.
 */
export const MIN_OP_VERSION = '2.18.0';

const INSTALL = 'https://developer.1password.com/docs/cli/get-started/';

let client: ClientInfo | undefined;

/** Who is calling, for 1Password's activity log: this project, and its version as a number. */
function clientInfo(): ClientInfo {
  if (client) return client;
  let build = '000100';
  try {
    const m = /^(\d+)\.(\d+)\.(\d+)/.exec(ownVersion());
    if (m)
      build = m
        .slice(1)
        .map((n) => n.padStart(2, '0'))
        .join('');
  } catch {
    // The build number is informational only.
  }
  client = { name: 'openclaw-octant', id: 'OCO', build };
  return client;
}

const op = (args: readonly string[], stdin?: string) =>
  runOp(args, { client: clientInfo(), ...(stdin === undefined ? {} : { stdin }) });

/** `2.30.1` -> [2, 30, 1]; undefined for anything that is not a version. */
export function parseOpVersion(text: string): [number, number, number] | undefined {
  const m = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:[-+][0-9A-Za-z.-]{1,40})?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

const older = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};

/**
 * Checks that `op` is installed, recent enough and signed in. Each failure is one UserError with
 * exit code 2 that says how to fix it; nothing op printed is echoed.
 */
export async function preflight(): Promise<void> {
  const v = op(['--version']);
  const version = v.ok ? parseOpVersion(v.stdout) : undefined;
  if (!version) {
    throw new UserError(
      'op',
      v.ok
        ? '`op --version` did not print a version (is the `op` on PATH the 1Password CLI?)'
        : describeFailure(['--version'], v),
      `install 1Password CLI ${MIN_OP_VERSION} or newer (${INSTALL}) first on PATH`,
      2,
    );
  }
  const min = parseOpVersion(MIN_OP_VERSION) ?? [0, 0, 0];
  if (older(version, min)) {
    throw new UserError(
      'op',
      `op ${version.join('.')} is too old (openclaw-octant needs ${MIN_OP_VERSION} or newer)`,
      `update it: \`op update\`, or reinstall from ${INSTALL}`,
      2,
    );
  }
  const args = ['whoami', '--format=json'];
  const w = op(args);
  if (!w.ok) {
    throw new UserError(
      'op',
      `\`op\` is not signed in (${describeFailure(args, w)})`,
      'export OP_SERVICE_ACCOUNT_TOKEN=<token of a service account with access to the vaults>, or sign in with `eval $(op signin)`',
      2,
    );
  }
  const account = parseOpJson(args, w.stdout);
  if (typeof account.user_type !== 'string' && typeof account.url !== 'string') {
    throw new UserError(
      'op whoami',
      'answered without an account (no url or user_type)',
      'sign in again (`eval $(op signin)`) or check OP_SERVICE_ACCOUNT_TOKEN',
      2,
    );
  }
}

export type SecretStatus = 'ok' | 'missing vault' | 'missing item' | 'missing field';

export interface SecretCheck {
  readonly decl: SecretDecl;
  readonly source: OnePasswordSource;
  readonly status: SecretStatus;
  /** A problem `op` does not mind but Terraform will. @default - none */
  readonly note?: string;
}

/*
 * The Terraform 1Password provider reads an item's fields through `section[].field[]` and, for
 * fields outside any section, only the built-in ones (op-fields.ts, or a USERNAME/PASSWORD
 * purpose). `op read` finds a field by label wherever it is, so fields this tool creates go into
 * one section, and `secrets check` flags custom fields outside any section.
 */

/** Section that fields created for references without a section go into. */
export const DEFAULT_SECTION = { id: 'openclaw_octant', label: 'openclaw-octant' } as const;

const UNREADABLE =
  'the field is outside any section: the Terraform 1Password provider cannot read it; move it into a section';

interface ItemField {
  readonly id?: string;
  readonly label?: string;
  readonly purpose?: string;
  readonly section?: { readonly id?: string; readonly label?: string };
}

interface ItemFields {
  readonly fields?: readonly ItemField[];
}

const same = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

function findField(found: ItemFields, source: OnePasswordSource): ItemField | undefined {
  return (found.fields ?? []).find(
    (f) =>
      (same(f.label, source.field) || f.id === source.field) &&
      (source.section === undefined ||
        same(f.section?.label, source.section) ||
        f.section?.id === source.section),
  );
}

/**
 * `op item get` of one item: its fields (labels, ids, sections; values are dropped at once), or
 * which part is missing. op says "isn't a vault" / "isn't an item" for those; any other failure,
 * a silent one included, is an error: reading it as "missing" would create a duplicate item.
 */
function getItem(
  vault: string,
  title: string,
  ref: string,
): ItemFields | 'missing vault' | 'missing item' {
  const args = ['item', 'get', `--vault=${vault}`, '--format=json', '--', title];
  const r = op(args);
  if (!r.ok) {
    if (r.kind === 'vault not found') return 'missing vault';
    if (r.kind === 'item not found') return 'missing item';
    throw new UserError(
      ref,
      describeFailure(args, r),
      'run `op item get` for it by hand to see why, then re-run',
    );
  }
  const raw = parseOpJson(args, r.stdout);
  const fields = Array.isArray(raw.fields) ? (raw.fields as unknown[]) : [];
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    fields: fields
      .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
      .map((f) => {
        const sec = f.section as Record<string, unknown> | undefined;
        return {
          id: str(f.id),
          label: str(f.label),
          purpose: str(f.purpose),
          section:
            typeof sec === 'object' && sec !== null
              ? { id: str(sec.id), label: str(sec.label) }
              : undefined,
        };
      }),
  };
}

/** Asks `op` whether the vault, the item and the field of each 1Password secret exist. */
export function checkSecrets(decls: readonly SecretDecl[]): SecretCheck[] {
  const vaults = new Map<string, boolean>();
  const items = new Map<string, ItemFields | null>();
  const results: SecretCheck[] = [];
  for (const decl of decls) {
    if (decl.source.kind !== 'onepassword') continue;
    const source = decl.source;
    const ref = formatOpRef(source);
    const vaultKey = source.vault.toLowerCase();
    if (vaults.get(vaultKey) === false) {
      results.push({ decl, source, status: 'missing vault' });
      continue;
    }
    // `op item get --vault` resolves the vault first, so one call answers for both.
    const itemKey = `${vaultKey}\u0000${source.item.toLowerCase()}`;
    if (!items.has(itemKey)) {
      const found = getItem(source.vault, source.item, ref);
      if (found === 'missing vault') {
        vaults.set(vaultKey, false);
        results.push({ decl, source, status: 'missing vault' });
        continue;
      }
      vaults.set(vaultKey, true);
      items.set(itemKey, found === 'missing item' ? null : found);
    }
    const found = items.get(itemKey);
    if (!found) results.push({ decl, source, status: 'missing item' });
    else {
      const field = findField(found, source);
      if (!field) results.push({ decl, source, status: 'missing field' });
      else {
        const readable =
          field.section !== undefined ||
          field.purpose !== undefined ||
          isBuiltInField(field.label ?? '');
        results.push({ decl, source, status: 'ok', ...(readable ? {} : { note: UNREADABLE }) });
      }
    }
  }
  return results;
}

/** Quotes a word for a POSIX shell. */
function sh(word: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function assignment(source: OnePasswordSource, value: string): string {
  // `password=` fills a Password item's built-in field; anything else goes into a section.
  if (builtInFieldOf(source) === 'password') return sh(`password=${value}`);
  const section = source.section ?? DEFAULT_SECTION.label;
  return sh(`${section}.${source.field}[password]=${value}`);
}

function placeholder(decl: SecretDecl): string {
  return decl.generate === 'hex32'
    ? '<32 random bytes, hex: openssl rand -hex 32>'
    : `<${decl.description ?? decl.name}>`;
}

export type ProvisionAction =
  | { readonly kind: 'exists'; readonly check: SecretCheck }
  | { readonly kind: 'create'; readonly checks: readonly SecretCheck[] }
  | { readonly kind: 'manual'; readonly checks: readonly SecretCheck[]; readonly command: string }
  | { readonly kind: 'missing vault'; readonly check: SecretCheck; readonly command: string };

/**
 * Decides what `secrets provision` does for each secret. Generated secrets of a missing item are
 * created in one item; anything else missing becomes a command for a person to run, with a
 * placeholder where the value goes (never an invented value).
 */
export function planProvision(checks: readonly SecretCheck[]): ProvisionAction[] {
  const actions: ProvisionAction[] = [];
  const byItem = new Map<string, SecretCheck[]>();
  for (const c of checks) {
    if (c.status === 'ok') actions.push({ kind: 'exists', check: c });
    else if (c.status === 'missing vault') {
      actions.push({
        kind: 'missing vault',
        check: c,
        command: `op vault create ${sh(c.source.vault)}`,
      });
    } else {
      const key = `${c.status}\u0000${c.source.vault.toLowerCase()}\u0000${c.source.item.toLowerCase()}`;
      byItem.set(key, [...(byItem.get(key) ?? []), c]);
    }
  }
  for (const group of byItem.values()) {
    const { vault: v, item: title } = group[0].source;
    const generated = group.filter((c) => c.decl.generate === 'hex32');
    const manual = group.filter((c) => c.decl.generate !== 'hex32');
    if (group[0].status === 'missing item') {
      if (generated.length > 0) {
        actions.push({ kind: 'create', checks: generated });
        // The item exists once the generated fields are in: the rest are added to it.
        for (const c of manual) actions.push(manualEdit([c], v, title));
      } else {
        const fields = manual.map((c) => assignment(c.source, placeholder(c.decl))).join(' ');
        actions.push({
          kind: 'manual',
          checks: manual,
          command: `op item create --vault=${sh(v)} --category=password --title=${sh(title)} ${fields}`,
        });
      }
    } else {
      // `op item edit` takes new fields only as arguments, so a generated value would end up
      // in argv: leave it to a person, with the generator spelled out.
      actions.push(manualEdit(group, v, title));
    }
  }
  return actions;
}

function manualEdit(checks: SecretCheck[], v: string, title: string): ProvisionAction {
  const fields = checks.map((c) => assignment(c.source, placeholder(c.decl))).join(' ');
  return {
    kind: 'manual',
    checks,
    command: `op item edit ${sh(title)} --vault=${sh(v)} ${fields}`,
  };
}

/** 32 random bytes from the OS CSPRNG, hex encoded. */
export function generateHex32(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Creates one item holding the given generated secrets. The item is sent as a JSON template on
 * stdin (`op item create -`), so the values never appear in any process's argv.
 */
export function createGeneratedItem(
  checks: readonly SecretCheck[],
  generate: () => string = generateHex32,
): void {
  const { vault: v, item: title } = checks[0].source;
  const sections = new Map<string, string>();
  const fields = checks.map((c) => {
    const { section, field } = c.source;
    if (builtInFieldOf(c.source) === 'password') {
      return {
        id: 'password',
        type: 'CONCEALED',
        purpose: 'PASSWORD',
        label: 'password',
        value: generate(),
      };
    }
    const id = section ?? DEFAULT_SECTION.id;
    sections.set(id, section ?? DEFAULT_SECTION.label);
    return { id: field, type: 'CONCEALED', label: field, value: generate(), section: { id } };
  });
  const template = {
    title,
    category: 'PASSWORD',
    sections: [...sections].map(([id, label]) => ({ id, label })),
    fields,
  };
  const args = ['item', 'create', `--vault=${v}`, '--format=json', '-'];
  const r = op(args, JSON.stringify(template));
  // Its output echoes the values: only the exit status is used.
  if (!r.ok) {
    throw new UserError(
      formatOpRef(checks[0].source),
      describeFailure(args, r),
      'run `openclaw-octant secrets check` to see what exists, then re-run provision',
    );
  }
}
