import { credentialShape, looksLikeToken } from '../lib/secrets/literal-scan';
import { z } from 'zod';
import { UserError, UserErrors, attempt } from '../lib/util/errors';

/**
 * Turns zod issues into UserErrors that name the file, the field path (`gateways[0].bind`), the
 * rule and the allowed values. The issue's own data (zod 4: `values`, `keys`, `expected`,
 * `input`, `origin`, bounds) says most; what it leaves out (the keys an object allows, both
 * bounds of a number, a union's description) is read from the schema at the issue's path
 * through zod's public schema API (`unwrap()`, `shape`, `element`, `valueType`, `minValue`).
 */

type Key = PropertyKey;

/** `gateways[0].env.FOO` style path; keys that are not identifiers are quoted. */
export function fieldPath(path: readonly Key[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(k)))
      out += out === '' ? String(k) : `.${String(k)}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out === '' ? '(top level)' : out;
}

/** Strips optional/default/prefault/nullable/readonly/catch wrappers and a pipe's output. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (
      s instanceof z.ZodOptional ||
      s instanceof z.ZodDefault ||
      s instanceof z.ZodPrefault ||
      s instanceof z.ZodNullable ||
      s instanceof z.ZodReadonly
    ) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodCatch) {
      s = s.removeCatch() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else {
      return s;
    }
  }
}

/** The schema at a path, or undefined where the path leaves the schema (unions, unknowns). */
export function schemaAt(root: z.ZodType, path: readonly Key[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  for (const k of path) {
    if (!s) return undefined;
    const u = unwrap(s);
    if (u instanceof z.ZodObject) {
      const shape = u.shape as Record<string, z.ZodType>;
      s = Object.hasOwn(shape, String(k)) ? shape[String(k)] : undefined;
    } else if (u instanceof z.ZodArray) s = u.element as z.ZodType;
    else if (u instanceof z.ZodRecord) s = u.valueType as z.ZodType;
    else return undefined;
  }
  return s;
}

function allowedKeys(root: z.ZodType, path: readonly Key[]): string[] {
  const s = schemaAt(root, path);
  const u = s === undefined ? undefined : unwrap(s);
  return u instanceof z.ZodObject ? Object.keys(u.shape) : [];
}

/** Longest input string an error quotes: a longer one may be a whole file read by mistake. */
const MAX_QUOTED = 60;

/**
 * A string from the site, for an error: quoted when short, plain text and not credential-shaped;
 * otherwise only its length (an error must never print a secret, nor a file named by mistake).
 */
function describeString(v: string): string {
  const control = [...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (v.length > MAX_QUOTED || control || credentialShape(v) !== undefined)
    return `a string of ${v.length} characters (not shown)`;
  if (looksLikeToken(v))
    return `a string of ${v.length} characters (not shown: it looks like a token)`;
  return `the string ${JSON.stringify(v)}`;
}

function describeInput(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return describeString(v);
  return `${typeof v} ${String(v)}`;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** One UserError per problem (an issue with several unknown keys gives one per key). */
export function issueErrors(file: string, root: z.ZodType, issue: z.core.$ZodIssue): UserError[] {
  const path = issue.path;
  const where = `${file}: ${fieldPath(path)}`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(root, path);
      return issue.keys.map((key) => {
        const guess = closest(key, allowed);
        return new UserError(
          `${file}: ${fieldPath([...path, key])}`,
          `unknown key "${key}"`,
          `${guess ? `did you mean "${guess}"? ` : ''}allowed keys here: ${allowed.join(', ')}`,
        );
      });
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      return [
        new UserError(
          where,
          `must be one of ${values.join(' | ')}, got ${describeInput(issue.input)}`,
          `set ${fieldPath(path)} to one of ${values.join(', ')}`,
        ),
      ];
    }
    case 'invalid_type': {
      if (issue.input === undefined) {
        return [new UserError(where, `is required (${issue.expected})`, `add ${fieldPath(path)}`)];
      }
      return [
        new UserError(
          where,
          `expected ${issue.expected}, got ${describeInput(issue.input)}`,
          `set ${fieldPath(path)} to ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`,
        ),
      ];
    }
    case 'invalid_union': {
      const s = schemaAt(root, path);
      const desc = s?.description?.replace(/\.$/, '') ?? 'one of the allowed forms';
      const forms = desc.charAt(0).toLowerCase() + desc.slice(1);
      return [
        new UserError(
          where,
          `got ${describeInput(issue.input)}, expected ${forms}`,
          `write it as ${forms}`,
        ),
      ];
    }
    case 'too_big':
    case 'too_small': {
      if (issue.code === 'too_small' && issue.origin === 'array' && Array.isArray(issue.input)) {
        const min = Number(issue.minimum);
        return [
          new UserError(
            where,
            `must list at least ${min} ${min === 1 ? 'entry' : 'entries'}, got ${issue.input.length}`,
            `add ${min === 1 ? 'an entry' : 'entries'} to ${fieldPath(path)}`,
          ),
        ];
      }
      if (issue.origin !== 'number') return [defaultError(where, root, issue)];
      const range = numberRange(schemaAt(root, path));
      return [
        new UserError(
          where,
          `must be ${range}, got ${describeInput(issue.input)}`,
          `set ${fieldPath(path)} to ${range}`,
        ),
      ];
    }
    case 'invalid_key':
      // A record key: its own rule's issue, at the key.
      return issue.issues.flatMap((inner) =>
        issueErrors(file, root, { ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue),
      );
    case 'custom': {
      const params = issue.params as { fix?: unknown } | undefined;
      const fix = typeof params?.fix === 'string' ? params.fix : `correct ${fieldPath(path)}`;
      return [new UserError(where, issue.message, fix)];
    }
    default:
      return [defaultError(where, root, issue)];
  }
}

/** zod's own message, with the field's description as the hint. */
function defaultError(where: string, root: z.ZodType, issue: z.core.$ZodIssue): UserError {
  const s = schemaAt(root, issue.path);
  const hint = s?.description ? ` (${s.description})` : '';
  return new UserError(
    where,
    issue.message.replace(/^Invalid (input|string): /, ''),
    `correct ${fieldPath(issue.path)}${hint}`,
  );
}

/** "an integer from 1 to 65535" from the schema's bounds (zod's issue carries only one). */
function numberRange(schema: z.ZodType | undefined): string {
  const n = schema === undefined ? undefined : unwrap(schema);
  if (!(n instanceof z.ZodNumber)) return 'a number in the allowed range';
  const what = n.isInt ? 'an integer' : 'a number';
  // z.int() carries the safe-integer limits as bounds; they are not the field's rule.
  const bound = (v: number | null): number | undefined =>
    v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined;
  const min = bound(n.minValue);
  const max = bound(n.maxValue);
  if (min !== undefined && max !== undefined) return `${what} from ${min} to ${max}`;
  if (min !== undefined) return `${what} of at least ${min}`;
  if (max !== undefined) return `${what} of at most ${max}`;
  return what;
}

/** Every problem of a site file at once, so one run shows them all. */
export class SiteError extends UserErrors {
  constructor(problems: readonly UserError[]) {
    super(problems);
    this.name = 'SiteError';
  }
}

/** Runs both checks; the problems of both (not just the first's) are thrown as one SiteError. */
export function bothChecks<A, B>(a: () => A, b: () => B): [A, B] {
  const [ra, rb] = [attempt(a), attempt(b)];
  const failed = [ra, rb].filter((r): r is UserError => r instanceof UserError);
  if (failed.length > 0) throw failed.length === 1 ? failed[0] : new SiteError(failed);
  return [ra as A, rb as B];
}

/** Parses `data` with `schema`; bad data throws a SiteError naming `file` and each field path. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  throw new SiteError(r.error.issues.flatMap((i) => issueErrors(file, schema, i)));
}
