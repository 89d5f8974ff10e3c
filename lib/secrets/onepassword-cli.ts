import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import {
  CLIError,
  ValidationError,
  item,
  semverToInt,
  setClientInfo,
  validateCli,
  whoami,
} from '@1password/op-js';
import { cli } from './op-js-cli';
import { UserError } from '../util/errors';
import { projectRoot } from '../util/project-root';
import { builtInFieldOf, isBuiltInField } from './op-fields';
import { formatOpRef } from './op-ref';
import type { OnePasswordSource, SecretDecl } from './secret';

/**
 * The 1Password CLI integration, through op-js (which runs the `op` binary found on PATH).
 * Nothing here returns or prints a secret value: results carry references and statuses only.
 */

/**
 * Oldest `op` accepted: 2.18.0 is the first release that signs in with a service account
 * (OP_SERVICE_ACCOUNT_TOKEN), the way a homelab runs this headless. Provisioning also relies on
 * `op item create -` reading a JSON item template from stdin (keeps values out of argv); the
 * first release with that was not pinned down, only that current 2.x releases have it.
 */
export const MIN_OP_VERSION = '>=2.18.0';

const INSTALL = 'https://developer.1password.com/docs/cli/get-started/';

function clientInfo(): void {
  let build = '000100';
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
      version?: string;
    };
    if (pkg.version) build = semverToInt(pkg.version);
  } catch {
    // The build number is informational only.
  }
  setClientInfo({ name: 'openclaw-octant', id: 'OCO', build });
}

/**
 * Checks that `op` is installed, recent enough and signed in. Each failure is one UserError with
 * exit code 2 that says how to fix it.
 */
export async function preflight(): Promise<void> {
  clientInfo();
  try {
    await validateCli(MIN_OP_VERSION);
  } catch (e) {
    if (e instanceof ValidationError && e.type === 'not-found') {
      throw new UserError(
        'op',
        'the 1Password CLI (`op`) is not on PATH',
        `install 1Password CLI 2.18 or newer (${INSTALL}) and make sure \`op --version\` works`,
        2,
      );
    }
    if (e instanceof ValidationError && e.type === 'version') {
      throw new UserError(
        'op',
        `op ${e.currentVersion ?? '?'} is too old (openclaw-octant needs ${MIN_OP_VERSION.replace('>=', '')} or newer)`,
        `update it: \`op update\`, or reinstall from ${INSTALL}`,
        2,
      );
    }
    throw e;
  }
  let account: ReturnType<typeof whoami>;
  let reason = 'no OP_SERVICE_ACCOUNT_TOKEN, no session: `op whoami` fails';
  try {
    account = whoami();
  } catch (e) {
    if (!(e instanceof CLIError)) throw e;
    account = null;
    reason = `\`op whoami\` fails: ${e.message}`;
  }
  if (!account) {
    throw new UserError(
      'op',
      `\`op\` is not signed in (${reason})`,
      'export OP_SERVICE_ACCOUNT_TOKEN=<token of a service account with access to the vaults>, or sign in with `eval $(op signin)`',
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

function opFailure(e: unknown, ref: string): never {
  // op's error text names vaults and items, never values.
  const text = e instanceof Error ? e.message : String(e);
  throw new UserError(ref, `op failed: ${text}`, 'run the same check with `op` by hand to see why');
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
      try {
        items.set(itemKey, item.get(source.item, { vault: source.vault }) as ItemFields);
        vaults.set(vaultKey, true);
      } catch (e) {
        if (e instanceof CLIError && /isn't a vault/.test(e.message)) {
          vaults.set(vaultKey, false);
          results.push({ decl, source, status: 'missing vault' });
          continue;
        }
        if (e instanceof CLIError && /isn't an item/.test(e.message)) items.set(itemKey, null);
        else opFailure(e, ref);
      }
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
 * stdin (`op item create -`), so the values never appear in any process's argv. op-js's own
 * `item.create` would pass them as arguments on op >= 2.6.2, hence the lower-level call.
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
  try {
    cli.execute(['item', 'create'], { args: ['-'], flags: { vault: v }, stdin: template });
  } catch (e) {
    opFailure(e, formatOpRef(checks[0].source));
  }
}
