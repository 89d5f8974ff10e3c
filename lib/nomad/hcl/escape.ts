/**
 * The one place where strings meet HCL syntax: escaping literal text for quoted strings and
 * heredocs, and splitting template text (as @cdktf/hcl2json returns it) into literal text and
 * `${...}` expressions.
 */

/** A piece of HCL template source: literal text, or the source of one `${...}` expression. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expr'; readonly expr: string };

/** Where escaped text goes: a quoted string decodes `\` escapes, a heredoc does not. */
export type StringContext = 'quoted' | 'heredoc';

/**
 * Escapes literal text for an HCL template: `${` -> `$${`, `%{` -> `%%{` always; in a quoted
 * string also `\`, `"` and control characters. `followedByInterp` says a `${...}` comes right
 * after this text: a trailing `$` would then be read as the start of `$${`, so the trailing `$`s
 * are written as the expression `${("$")}`. Parenthesised, because hcl2json folds a bare string
 * expression (`${"$"}`) into the text around it, where `$` + `${var.x}` reads back as `$${var.x}`.
 */
export function escapeTemplateText(
  text: string,
  ctx: StringContext,
  followedByInterp = false,
): string {
  let body = text;
  let tail = '';
  const dollars = followedByInterp ? (/\$+$/.exec(body)?.[0] ?? '') : '';
  if (dollars !== '') {
    // All of them: `$$` before `${("$")}` would again start a `$${` escape.
    body = body.slice(0, -dollars.length);
    tail = '${("' + dollars + '")}';
  }
  // Function replacements: in a replacement string `$$` would mean a single `$`.
  let out = body.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
  if (ctx === 'quoted') out = escapeQuoted(out);
  return out + tail;
}

function escapeQuoted(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out;
}

/** A quoted HCL string holding exactly `text` (no references). */
export function quoteString(text: string): string {
  return '"' + escapeTemplateText(text, 'quoted') + '"';
}

/** Heredoc content must be plain lines: no carriage returns or other control characters. */
export function heredocSafe(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return text.endsWith('\n') && !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(text);
}

/** The first of EOT, EOT1, EOT2... that no line of `content` could be mistaken for. */
export function heredocMarker(content: string): string {
  const lines = new Set(content.split('\n').map((l) => l.trim()));
  let marker = 'EOT';
  for (let i = 1; lines.has(marker); i++) marker = `EOT${i}`;
  return marker;
}

/**
 * One piece of template source, in order: literal text (`$${` and `%%{` already decoded), a
 * `${...}` expression, or a `%{...}` directive; the latter two with their offset and source.
 */
export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'expr' | 'directive';
      /** The expression inside the braces, without strip markers (`~`) and blanks. */
      readonly expr: string;
      readonly start: number;
      readonly source: string;
    };

/**
 * Scans template source (escapes already decoded by the HCL parser, template sequences not)
 * lazily, so a caller stopping at a token never reads past it. An unclosed `${` is text.
 */
export function* templateTokens(src: string): Generator<TemplateToken> {
  let text = '';
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('$${', i) || src.startsWith('%%{', i)) {
      text += src[i] + '{';
      i += 3;
    } else if (src.startsWith('${', i) || src.startsWith('%{', i)) {
      const end = matchBrace(src, i + 1);
      if (end < 0) {
        text += src.slice(i);
        break;
      }
      if (text !== '') yield { kind: 'text', text };
      text = '';
      const kind = src[i] === '%' ? 'directive' : 'expr';
      yield { kind, expr: innerExpr(src, i, end), start: i, source: src.slice(i, end + 1) };
      i = end + 1;
    } else {
      text += src[i];
      i++;
    }
  }
  if (text !== '') yield { kind: 'text', text };
}

/** The expression of the `${...}` at `open` closed at `end`, without `~` strip markers. */
export function innerExpr(src: string, open: number, end: number): string {
  return src
    .slice(open + 2, end)
    .replace(/^~|~$/g, '')
    .trim();
}

/**
 * Splits template source into literal text and expressions: `$${` is a literal `${`, `%%{` a
 * literal `%{`.
 * @throws TemplateDirectiveError at the first template directive (`%{ if }`).
 */
export function scanTemplate(src: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  for (const t of templateTokens(src)) {
    if (t.kind === 'directive') throw new TemplateDirectiveError(t.source);
    parts.push(t.kind === 'text' ? t : { kind: 'expr', expr: t.expr });
  }
  return parts;
}

/** A `%{ ... }` directive: not supported in jobspec strings read by this layer. */
export class TemplateDirectiveError extends Error {
  constructor(public readonly directive: string) {
    super(`template directive ${directive} is not supported`);
  }
}

/** Index of the `}` closing the `{` at `open`, skipping nested braces and quoted strings. */
export function matchBrace(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
    } else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** HCL identifier (ASCII subset): usable as an attribute name without quotes. */
export function isIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) && !KEYWORDS.has(s);
}

const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'endif', 'endfor', 'else']);

/** An object key: bare when it is an identifier, quoted otherwise. */
export function renderKey(key: string): string {
  return isIdentifier(key) ? key : quoteString(key);
}
