import { UserError } from '../util/errors';
import type { OnePasswordSource } from './secret';

/**
 * 1Password secret references: `op://<vault>/<item>/<field>` or
 * `op://<vault>/<item>/<section>/<field>`.
 *
 * 1Password's syntax rules: names may hold letters, digits, `-`, `_`, `.` and spaces; a name with
 * any other character must be written as its ID instead. Query parameters (`?attribute=otp`)
 * select derived values, which a service's environment never needs, so they are refused.
 * Names are kept exactly as written, spaces included: `op` matches them, not this code.
 */

const SCHEME = 'op://';
const NAME = /^[A-Za-z0-9 ._-]+$/;
const EXAMPLE = 'op://Homelab/OpenClaw Gateway/token';

function fail(where: string, ref: string, rule: string, fix: string): never {
  throw new UserError(where, `${rule} (got ${JSON.stringify(ref)})`, fix);
}

/** Parses a secret reference; `where` names the field it came from (e.g. `secrets.items.x.op`). */
export function parseOpRef(ref: string, where: string): OnePasswordSource {
  if (!ref.startsWith(SCHEME)) {
    fail(
      where,
      ref,
      'a 1Password secret reference must start with "op://"',
      `write it as op://<vault>/<item>/<field>, e.g. "${EXAMPLE}"`,
    );
  }
  const rest = ref.slice(SCHEME.length);
  if (rest.includes('?')) {
    fail(
      where,
      ref,
      'query parameters (?attribute=..., ?ssh-format=...) are not supported here',
      `reference the field itself, e.g. "${EXAMPLE}"`,
    );
  }
  const parts = rest.split('/');
  if (parts.length < 3 || parts.length > 4) {
    fail(
      where,
      ref,
      `a secret reference has 3 parts (vault/item/field) or 4 (vault/item/section/field), found ${parts.length}`,
      `name the vault, the item and the field, e.g. "${EXAMPLE}"`,
    );
  }
  const labels =
    parts.length === 3 ? ['vault', 'item', 'field'] : ['vault', 'item', 'section', 'field'];
  parts.forEach((part, i) => {
    if (part.trim() === '') {
      fail(
        where,
        ref,
        `the ${labels[i]} name is empty`,
        `fill in the ${labels[i]}, e.g. "${EXAMPLE}"`,
      );
    }
    if (/^\.+$/.test(part)) {
      fail(
        where,
        ref,
        `the ${labels[i]} name ${JSON.stringify(part)} is only dots (a path step, not a name)`,
        `name the ${labels[i]}, e.g. "${EXAMPLE}"`,
      );
    }
    if (!NAME.test(part)) {
      fail(
        where,
        ref,
        `the ${labels[i]} name ${JSON.stringify(part)} has characters 1Password references do not allow (only letters, digits, space, "-", "_", ".")`,
        `use the ${labels[i]}'s ID instead of its name (op ${labels[i] === 'vault' ? 'vault list' : 'item get <item> --format json'} shows it)`,
      );
    }
  });
  if (parts.length === 3) {
    return { kind: 'onepassword', vault: parts[0], item: parts[1], field: parts[2] };
  }
  return {
    kind: 'onepassword',
    vault: parts[0],
    item: parts[1],
    section: parts[2],
    field: parts[3],
  };
}

/** The reference text of a 1Password source; `parseOpRef(formatOpRef(s))` gives `s` back. */
export function formatOpRef(source: OnePasswordSource): string {
  const path = [source.vault, source.item, source.section, source.field].filter(
    (p): p is string => p !== undefined,
  );
  return SCHEME + path.join('/');
}
