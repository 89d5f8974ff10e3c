import * as path from 'path';
import {
  Document,
  LineCounter,
  isMap,
  isNode,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { nonTextKeys } from '../lib/util/yaml-keys';
import { UserError, UserErrors, attempt, isUserError, problemsOf } from '../lib/util/errors';
import { projectRoot } from '../lib/util/project-root';
import { readTextFile } from '../lib/util/boundary';
import { SiteError, fieldPath, parseWith } from './issues';
import { Site, siteSchema } from './schema';

/**
 * The embedded default site: Octant's own defaults and one gateway named `openclaw`. tsc does not
 * copy YAML into dist/, so it is read from the project's homelab/ folder.
 */
export function defaultSiteFile(): string {
  return path.join(projectRoot(__dirname), 'homelab', 'default.site.yaml');
}

/** Aliases a site may expand: far more than a site needs, far fewer than a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

/**
 * Duplicate keys of a YAML document, each with its line. A Set per map keeps this linear (the
 * yaml library's own `uniqueKeys` check compares every pair: 40k keys took seconds).
 */
function duplicateYamlKeys(doc: Document.Parsed, lines: LineCounter): string[] {
  const found: string[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        const name = isScalar(k) ? String(k.value) : String(k);
        if (seen.has(name)) {
          const at = isNode(k) && k.range ? lines.linePos(k.range[0]).line : undefined;
          found.push(`${at === undefined ? '' : `line ${at}: `}${JSON.stringify(name)}`);
        }
        seen.add(name);
      }
    },
  });
  return found;
}

/**
 * Duplicate keys of a valid JSON text (JSON.parse keeps the last silently). Scans the tokens
 * once, with a Set of keys per open object.
 */
function duplicateJsonKeys(text: string): string[] {
  const found: string[] = [];
  // One entry per open object or array; arrays have no keys.
  const stack: ({ keys: Set<string>; expectKey: boolean } | null)[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '\n') line++;
    else if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top) top.expectKey = true;
    else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top?.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) found.push(`line ${line}: ${JSON.stringify(key)}`);
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    }
  }
  return found;
}

/** Path of the first own `__proto__` key in parsed data, if any. */
function protoKeyPath(v: unknown, at: (string | number)[]): (string | number)[] | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = protoKeyPath(v[i], [...at, i]);
      if (p) return p;
    }
    return undefined;
  }
  for (const k of Object.keys(v)) {
    if (k === '__proto__') return [...at, k];
    const p = protoKeyPath((v as Record<string, unknown>)[k], [...at, k]);
    if (p) return p;
  }
  return undefined;
}

function duplicateKeysError(file: string, dups: readonly string[]): UserError {
  return new UserError(
    file,
    `has duplicate keys (${dups.slice(0, 5).join(', ')}${dups.length > 5 ? ', ...' : ''}): only one of each would count`,
    'keep one of each key',
  );
}

/**
 * Validates site data already read from `file` (used in error messages). JSON is YAML, so one
 * parser reads both; a JSON file is still parsed strictly as JSON so its errors read as JSON's.
 * Every problem is reported at once (a SiteError): syntax errors, duplicate keys, then fields.
 */
export function parseSite(text: string, file: string): Site {
  let data: unknown;
  if (file.endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UserError(
        file,
        `is not valid JSON: ${(e as Error).message}`,
        'fix the JSON syntax',
      );
    }
    const dups = duplicateJsonKeys(text);
    if (dups.length > 0) throw duplicateKeysError(file, dups);
  } else {
    const lines = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines, logLevel: 'silent' });
    if (doc.errors.length > 0) {
      throw new SiteError(
        doc.errors.map((err) => {
          const line = err.linePos ? `:${err.linePos[0].line}` : '';
          return new UserError(
            `${file}${line}`,
            `is not valid YAML: ${err.message.split('\n')[0]}`,
            'fix the YAML syntax',
          );
        }),
      );
    }
    const nonText = nonTextKeys(doc).map((k) => (k.range ? lines.linePos(k.range[0]).line : 0));
    if (nonText.length > 0) {
      throw new SiteError(
        nonText.map(
          (line) =>
            new UserError(
              `${file}:${line}`,
              'a key is a list, a map or a tagged value (!!binary); keys of a site are names',
              'write the key as a plain word or a quoted string',
            ),
        ),
      );
    }
    const dups = duplicateYamlKeys(doc, lines);
    if (dups.length > 0) throw duplicateKeysError(file, dups);
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      throw new UserError(
        file,
        `expands too many aliases (more than ${MAX_ALIAS_COUNT}; a "billion laughs" document?)`,
        'write the values out instead of repeating *aliases',
      );
    }
  }
  if (data === null || data === undefined) {
    throw new UserError(file, 'is empty', 'describe at least one gateway under `gateways`');
  }
  const site = withLines(file, text, () => {
    const proto = protoKeyPath(data, []);
    if (proto !== undefined) {
      // zod drops such a key without a word; say so instead.
      throw new UserError(
        `${file}: ${fieldPath(proto)}`,
        '"__proto__" cannot be used as a key (or a variable name)',
        'rename it',
      );
    }
    return parseWith(siteSchema, data, file);
  });
  sourceTexts.set(site, text);
  return site;
}

/** The text each parsed site came from: its later checks' errors are located in it too. */
const sourceTexts = new WeakMap<Site, string>();

/** `gateways[1].env["A.B"]` -> ['gateways', 1, 'env', 'A.B'] (as far as it is a field path). */
function parseFieldPath(text: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const token = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  for (let rest = text, m = token.exec(rest); m !== null; m = token.exec(rest)) {
    keys.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    rest = rest.slice(m[0].length);
  }
  return keys;
}

/** The line of each field path in a YAML (or JSON) text: of the deepest part of it the text has. */
function lineLocator(text: string): (keys: readonly (string | number)[]) => number | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines, logLevel: 'silent' });
  // Each map's keys indexed once: a site with thousands of unknown keys stays linear.
  const indexes = new Map<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const p of map.items) if (isScalar(p.key)) index.set(String(p.key.value), p);
      indexes.set(map, index);
    }
    return index.get(key);
  };
  return (keys) => {
    let node: unknown = doc.contents;
    let at = isNode(node) ? node.range?.[0] : undefined;
    for (const k of keys) {
      if (isMap(node)) {
        const pair = pairOf(node, String(k));
        if (pair === undefined || !isNode(pair.key)) break;
        at = pair.key.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof k === 'number' && isNode(node.items[k])) {
        node = node.items[k];
        at = (node as Node).range?.[0];
      } else break;
    }
    return at === undefined ? undefined : lines.linePos(at).line;
  };
}

/**
 * Runs `fn`; its errors at a field of the site `file` (`file: gateways[1].name`) come out with
 * the field's line (`file:4: gateways[1].name`). The text is parsed again only then.
 */
function withLines<T>(file: string, text: string, fn: () => T): T {
  const prefix = `${file}: `;
  let lineOf: ReturnType<typeof lineLocator> | undefined; // one parse for all the problems
  return rewritingProblems(fn, (p) => {
    if (!p.where.startsWith(prefix)) return p;
    lineOf ??= lineLocator(text);
    const line = lineOf(parseFieldPath(p.where.slice(prefix.length)));
    return line === undefined ? p : moved(p, `${file}:${line}: ${p.where.slice(prefix.length)}`);
  });
}

/** `p` at another `where`. */
function moved(p: UserError, where: string): UserError {
  return new UserError(where, p.rule, p.fix, p.exitCode);
}

/** Runs `fn`; each problem of a user error it throws is rewritten by `rewrite`, then thrown. */
function rewritingProblems<T>(fn: () => T, rewrite: (p: UserError) => UserError): T {
  const r = attempt(fn);
  if (!isUserError(r)) return r;
  const problems = problemsOf(r).map(rewrite);
  throw r instanceof UserErrors ? new SiteError(problems) : problems[0];
}

/** How errors name a site file: as given, or `homelab/default.site.yaml` for the embedded one. */
export function shownSiteFile(file?: string): string {
  return file ?? 'homelab/default.site.yaml';
}

/**
 * Loads and validates a site file (JSON or YAML). Without a path, the embedded default site.
 * Errors are UserErrors naming the file (as `shown`), the field path, the rule and the allowed
 * values.
 */
export function loadSite(file?: string, shown: string = shownSiteFile(file)): Site {
  return parseSite(readTextFile(file ?? defaultSiteFile(), shown), shown);
}

/** A field path of a site (`gateways[1].name`, `secrets.items.x`): starts with a top-level key. */
const SITE_FIELD = new RegExp(
  `^(${Object.keys(siteSchema.shape)
    .map((k) => k.replace(/[$^.*+?()[\]{}|\\]/g, '\\$&'))
    .join('|')})([.[]|$)`,
);

/**
 * Runs `fn`, which checks a loaded `site` further (across fields, against files it names): its
 * errors at a site field come out naming the site `file` and the field's line, like the
 * schema's (`file:line: path`).
 */
export function namingSiteFile<T>(site: Site, file: string, fn: () => T): T {
  const named = (): T =>
    rewritingProblems(fn, (p) => (SITE_FIELD.test(p.where) ? moved(p, `${file}: ${p.where}`) : p));
  const text = sourceTexts.get(site);
  return text === undefined ? named() : withLines(file, text, named);
}
