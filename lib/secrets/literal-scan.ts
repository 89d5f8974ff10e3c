/**
 * The one credential detector. Synth refuses a literal credential wherever a site would write it
 * out; import replaces the ones in config files it copies by references, and names the ones in a
 * jobspec it keeps; the module README never prints a default it flags. The values are never
 * returned, logged or copied: only where they were and which rule found them.
 */

export interface LiteralSecret {
  readonly line: number;
  /** The setting that held it (`apiKey`, `botToken`) or the kind of token recognized. */
  readonly name: string;
  /** Environment variable name the value is replaced by. */
  readonly env: string;
}

/** A literal credential in a structured value (a JSON object, an env map). */
export interface CredentialHit {
  /** Field path, e.g. `configOverrides.tools.web.apiKey` or `env.OPENAI_API_KEY`. */
  readonly path: string;
  /** Which rule found it, in a few words (never the value). */
  readonly rule: string;
}

/** Token shapes of well-known services. */
const TOKEN_SHAPES: readonly [RegExp, string][] = [
  [/\bsk-ant-[A-Za-z0-9_-]{20,}/g, 'anthropic_key'],
  [/\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g, 'openai_key'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/g, 'github_token'],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}/g, 'github_token'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/g, 'slack_token'],
  [/\bAKIA[0-9A-Z]{16}\b/g, 'aws_access_key_id'],
  [/\b[0-9]{8,10}:[A-Za-z0-9_-]{35}\b/g, 'telegram_bot_token'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/g, 'private_key'],
];

/** `apiKey` -> `api_key`, `x-api-key` -> `x_api_key`, `GITHUB_PAT` -> `github_pat`. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** Setting and env names whose value is a credential (judged by the last word or two). */
const CREDENTIAL_NAME =
  /(^|_)(api_?keys?|(secret|private|access|auth|signing|encryption|master|client)_keys?|tokens?|secrets?|passwords?|passwd|pass|pwd|pat|credentials?|bearer|authorization)$/;

/** Child keys that hold the value of a credential-named parent (`apiKey: { value: ... }`). */
const VALUE_CHILD = new Set(['value', 'literal', 'secret', 'key', 'token']);

/** Whether a setting or env name says its value is a credential (`maxTokens` does: see values). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(words(name));
}

/** References: `${VAR}`, `{{ ... }}` (consul-template), `%{ }`; what they leave is judged. */
const EMBEDDED_REF = /\$\$?\{[^}]*\}|\{\{.*?\}\}|%\{[^}]*\}/gs;
/** Whole values that point elsewhere: op://, os.environ/X, env:X, var.x, local.x, HCL calls, paths, $VAR. */
const WHOLE_REF =
  /^(op:\/\/|os\.environ\/|env:|vault:|(var|local|module|data)\.[A-Za-z_]|[a-z_][a-z0-9_]*\(|\/|\.\.?\/|~\/|\$[A-Za-z_]|<[^>]*>$)/;
/** An env variable's name written where its value would go (`keyEnv: OPENAI_API_KEY`). */
const ENV_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/** Whether `value` is a reference (or only references around a scheme word), not a literal. */
export function isReference(value: string): boolean {
  const v = value.trim();
  if (WHOLE_REF.test(v) || ENV_NAME.test(v)) return true;
  if (!EMBEDDED_REF.test(v)) return false;
  const rest = v.replace(EMBEDDED_REF, '').replace(/^(Bearer|Basic|Token|Bot)\s*/i, '');
  return rest.trim().length < 6;
}

/** Under a credential name: anything but a reference, a boolean, a short number or a mask. */
export function isLiteralCredential(value: string): boolean {
  const v = value.trim();
  if (v.length < 6 || isReference(v)) return false;
  if (/^(true|false|null|none|yes|no|on|off)$/i.test(v)) return false;
  if (/^\d{1,7}$/.test(v) || /^(\*+|x+|\.+)$/i.test(v)) return false;
  return true;
}

/** Under a neutral name (`key`): only a value that looks like a token. */
export function looksLikeToken(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || /\s/.test(v) || isReference(v)) return false;
  if (/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(v) && !/^eyJ/.test(v)) return false;
  const mixed = /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v);
  return mixed || /^[0-9a-f]{32,}$/i.test(v) || /^[A-Za-z0-9+/]{32,}={0,2}$/.test(v);
}

/** A password in a URL (`postgres://user:pass@host/db`, `redis://:pass@h`). */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/"'`]*):([^\s@/"'`]+)@/gi;

/** Why a string found anywhere is a credential whatever its name (a token shape, a URL password). */
export function credentialShape(text: string): string | undefined {
  for (const [shape, name] of TOKEN_SHAPES) {
    shape.lastIndex = 0;
    if (shape.test(text)) {
      const what = name.replace(/_/g, ' ');
      return `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} by its shape`;
    }
  }
  for (const m of text.matchAll(URL_PASSWORD))
    if (!isReference(m[2])) return 'a URL with a password';
  return undefined;
}

/** The rule a named value breaks, if any. */
function namedRule(key: string, value: string, parentIsCredential: boolean): string | undefined {
  if (isCredentialName(key) && isLiteralCredential(value))
    return `a credential-named setting (${key}) with a literal value`;
  if (parentIsCredential && VALUE_CHILD.has(key.toLowerCase()) && isLiteralCredential(value))
    return 'the value of a credential-named setting';
  if (key.toLowerCase() === 'key' && looksLikeToken(value)) return 'a key that looks like a token';
  return undefined;
}

/**
 * Every literal credential in a JSON-like value: by setting name (any depth, arrays included),
 * `{ name: "Authorization", value: ... }` pairs, token shapes and URL passwords in any string,
 * and credential lines in strings that are config text (template data).
 */
export function scanValue(value: unknown, at: string): CredentialHit[] {
  const hits: CredentialHit[] = [];
  const walk = (v: unknown, path: string, key: string | undefined, inCred: boolean): void => {
    if (typeof v === 'string') {
      const rule =
        (key !== undefined ? namedRule(key, v, inCred) : undefined) ??
        credentialShape(v) ??
        (findLiteralSecrets(v).length > 0 ? 'a credential line in the text' : undefined);
      if (rule !== undefined) hits.push({ path, rule });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, key, inCred));
    } else if (typeof v === 'object' && v !== null) {
      // A header or env entry as a pair: `{ name: "Authorization", value: "Bearer ..." }`.
      const labelKey = ['name', 'key', 'header'].find(
        (k) => typeof v[k as keyof typeof v] === 'string',
      );
      const o = v as Record<string, unknown>;
      const labelled = labelKey !== undefined && isCredentialName(o[labelKey] as string);
      const cred = (key !== undefined && isCredentialName(key)) || labelled;
      for (const [k, x] of Object.entries(o))
        if (!(labelled && k === labelKey)) walk(x, `${path}.${k}`, k, cred);
    }
  };
  walk(value, at, undefined, false);
  return hits;
}

/** Where a literal credential sits in a text: the value's characters, its line, what named it. */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** `name = `, `"name": `, `name: ` (not `://`), at any position of a line. */
const KEY = /(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1[ \t]*(=|:(?!\/\/))[ \t]*/g;

const QUOTED_DOUBLE = /^"((?:\{\{.*?\}\}|\$\{[^}\n]*\}|[^"\\\n]|\\.)*)"/;
const QUOTED_SINGLE = /^'((?:\{\{.*?\}\}|\$\{[^}\n]*\}|[^'\n])*)'/;

/** The quoted or bare values after `at` (a string, an array's items, a `{ value: ... }`). */
function valuesAt(text: string, at: number, keyIndent: number): [number, number][] {
  const c = text[at];
  for (const q of ['"""', "'''"]) {
    if (text.startsWith(q, at)) {
      const end = text.indexOf(q, at + 3);
      return end < 0 ? [] : [[at + 3, end]];
    }
  }
  if (c === '"' || c === "'") {
    // A template expression (`{{ ... "'" ... }}`, `${...}`) inside the quotes is one unit.
    const m = (c === '"' ? QUOTED_DOUBLE : QUOTED_SINGLE).exec(text.slice(at));
    return m ? [[at + 1, at + 1 + m[1].length]] : [];
  }
  if (c === '[' || c === '{') return itemsIn(text, at);
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  if (/^([|>][+-]?\d*)?[ \t]*(#.*)?$/.test(text.slice(at, lineEnd)))
    return indentedValues(text, at, keyIndent);
  const m =
    /^(?:(?:Bearer|Basic|Token|Bot)[ \t]+)?(?:\$\$?\{[^}\n]*\}|\{\{.*?\}\}|[^\s"',;}\]#])+/i.exec(
      text.slice(at),
    );
  return m ? [[at, at + m[0].length]] : [];
}

/** An array's items, or the `value` of an inline object (`{ value = "..." }`). */
function itemsIn(text: string, at: number): [number, number][] {
  const array = text[at] === '[';
  const close = text.indexOf(array ? ']' : '}', at);
  const inner = text.slice(at + 1, close < 0 ? text.length : close);
  const re = array
    ? /"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s,"'\][]+)/g
    : /["']?(?:value|literal|secret|key|token)["']?\s*[:=]\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s,"'}]+))/gi;
  return [...inner.matchAll(re)].map((m) => {
    const v = m[1] ?? m[2] ?? m[3];
    const s = at + 1 + (m.index ?? 0) + m[0].length - v.length - (m[3] === undefined ? 1 : 0);
    return [s, s + v.length];
  });
}

/** A YAML block scalar (`|`, `>`) or a nested block (`- item`, `value: x`) below a key. */
function indentedValues(text: string, at: number, keyIndent: number): [number, number][] {
  const nl = text.indexOf('\n', at);
  if (nl < 0) return [];
  const block = /^[|>]/.test(text.slice(at, nl).trim());
  const out: [number, number][] = [];
  let pos = nl + 1;
  let first = -1;
  let last = -1;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos);
    const line = text.slice(pos, end);
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (line.trim() !== '' && indent <= keyIndent) break;
    if (block && line.trim() !== '') {
      if (first < 0) first = pos + indent;
      last = end;
    } else {
      const m =
        /^([ \t]*)(?:-[ \t]+|(?:value|literal|secret|key|token):[ \t]+)(["']?)([^"'#\n]*?)\2[ \t]*(#.*)?$/.exec(
          line,
        );
      if (m && m[3] !== '') {
        const s = pos + line.indexOf(m[3], m[1].length);
        out.push([s, s + m[3].length]);
      }
    }
    pos = end + 1;
  }
  return block && first >= 0 ? [[first, last]] : out;
}

/** Every literal credential in a config text, jobspec or template, in text order. */
function findSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(KEY)) {
    const name = m[2].split('.').pop() ?? m[2];
    const strong = isCredentialName(name);
    if (!strong && name.toLowerCase() !== 'key') continue;
    const at = (m.index ?? 0) + m[0].length;
    const lineStart = text.lastIndexOf('\n', m.index ?? 0) + 1;
    const keyIndent = /^[ \t]*/.exec(text.slice(lineStart))![0].length;
    for (const [s, e] of valuesAt(text, at, keyIndent)) {
      const v = text.slice(s, e);
      if (strong ? isLiteralCredential(v) : looksLikeToken(v))
        spans.push({ start: s, end: e, name });
    }
  }
  for (const m of text.matchAll(URL_PASSWORD)) {
    if (isReference(m[2])) continue;
    const s = (m.index ?? 0) + m[0].length - 1 - m[2].length;
    spans.push({ start: s, end: s + m[2].length, name: 'url_password' });
  }
  for (const [shape, name] of TOKEN_SHAPES) {
    for (const m of text.matchAll(shape))
      spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, name });
  }
  // The first finder of a place keeps it (a setting's name says more than a token's shape).
  const kept: Span[] = [];
  for (const s of spans) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start);
}

/** Where the literal credentials of a text are (line and name; values never). */
export function findLiteralSecrets(text: string): Omit<LiteralSecret, 'env'>[] {
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  return findSpans(text).map((s) => ({ line: lineAt(s.start), name: s.name }));
}

function envName(name: string): string {
  return words(name).toUpperCase() || 'SECRET';
}

/**
 * Replaces every literal credential in `text` by `${ENV}` (OpenClaw and most config loaders
 * expand it; LiteLLM reads `os.environ/ENV`) and says where each one was.
 */
export function redactLiteralSecrets(
  text: string,
  envSyntax: (env: string) => string = (env) => `\${${env}}`,
): { text: string; found: LiteralSecret[] } {
  const used = new Set<string>();
  const unique = (base: string): string => {
    let env = base;
    for (let n = 2; used.has(env); n++) env = `${base}_${n}`;
    used.add(env);
    return env;
  };
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  const found: LiteralSecret[] = [];
  let out = '';
  let pos = 0;
  for (const s of findSpans(text)) {
    const env = unique(envName(s.name));
    found.push({ line: lineAt(s.start), name: s.name, env });
    out += text.slice(pos, s.start) + envSyntax(env);
    pos = s.end;
  }
  return { text: out + text.slice(pos), found };
}
