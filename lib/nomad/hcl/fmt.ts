/**
 * `terraform fmt` without WASM: HCL native syntax is split into tokens, and only the spaces
 * before each token are decided again, by hclwrite's published formatting rules: indent by
 * bracket nesting, one space between most tokens, none inside brackets, templates and around
 * dots, and `=` (and trailing comments) aligned over runs of attribute lines. Heredoc bodies and
 * string contents are kept as written.
 *
 * The input must already be valid HCL (`fmt` reads it with `parseHcl` first). Tests compare the
 * output with hclwrite's (the WASM build in @cdktf/hcl-tools) on the corpus, the fixtures and
 * generated, deliberately misformatted jobspecs.
 */

export type Kind =
  | 'nl'
  | 'comment'
  | 'ident'
  | 'number'
  | 'oparen'
  | 'cparen'
  | 'obrack'
  | 'cbrack'
  | 'obrace'
  | 'cbrace'
  | 'oquote'
  | 'cquote'
  | 'quotedlit'
  | 'interp'
  | 'control'
  | 'seqend'
  | 'oheredoc'
  | 'cheredoc'
  | 'stringlit'
  | 'dot'
  | 'comma'
  | 'ellipsis'
  | 'dcolon'
  | 'equal'
  | 'bang'
  | 'minus'
  | 'arith'
  | 'compare'
  | 'logic'
  | 'other';

export interface Tok {
  readonly kind: Kind;
  readonly text: string;
  /** Spaces written before the token. */
  sp: number;
}

const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_PART = /[\p{ID_Continue}-]/u;

const OPERATORS: readonly [string, Kind][] = [
  ['...', 'ellipsis'],
  ['::', 'dcolon'],
  ['==', 'compare'],
  ['!=', 'compare'],
  ['<=', 'compare'],
  ['>=', 'compare'],
  ['&&', 'logic'],
  ['||', 'logic'],
  ['=>', 'other'],
  ['=', 'equal'],
  ['!', 'bang'],
  ['-', 'minus'],
  ['+', 'arith'],
  ['*', 'arith'],
  ['/', 'arith'],
  ['%', 'arith'],
  ['<', 'compare'],
  ['>', 'compare'],
  ['?', 'other'],
  [':', 'other'],
  ['.', 'dot'],
  [',', 'comma'],
  ['(', 'oparen'],
  [')', 'cparen'],
  ['[', 'obrack'],
  [']', 'cbrack'],
];

/** Splits HCL source into tokens (whitespace dropped; newlines and comments kept). */
export function lex(src: string): Tok[] {
  const lexer = new Lexer(src);
  lexer.code(false);
  return lexer.out;
}

/** The lexer's state: where it is, what it has read, and what each open brace is. */
class Lexer {
  readonly out: Tok[] = [];
  // What each open `{` / `${` is, to tell a closing brace from the end of an interpolation.
  private readonly braces: ('brace' | 'interp')[] = [];
  private i = 0;

  constructor(private readonly src: string) {}

  private push(kind: Kind, text: string): void {
    this.out.push({ kind, text, sp: 0 });
  }

  /** Code tokens: to the end, or (`inInterp`) to the brace closing the interpolation. */
  code(inInterp: boolean): void {
    const depth = this.braces.length;
    while (this.i < this.src.length) {
      if (inInterp && this.braces.length < depth) return;
      if (this.trivia() || this.quoted() || this.heredoc() || this.brace()) continue;
      this.word();
    }
  }

  /** Template text of a quoted string or heredoc body, up to `until` (exclusive). */
  private template(until: (at: number) => boolean, lit: Kind): void {
    const src = this.src;
    let start = this.i;
    while (this.i < src.length && !until(this.i)) {
      const i = this.i;
      if (src[i] === '\\' && lit === 'quotedlit') {
        this.i += 2;
      } else if (src.startsWith('$${', i) || src.startsWith('%%{', i)) {
        this.i += 3;
      } else if (src.startsWith('${', i) || src.startsWith('%{', i)) {
        if (i > start) this.push(lit, src.slice(start, i));
        const strip = src[i + 2] === '~' ? 1 : 0;
        this.push(src[i] === '$' ? 'interp' : 'control', src.slice(i, i + 2 + strip));
        this.i += 2 + strip;
        this.braces.push('interp');
        this.code(true);
        start = this.i;
      } else this.i++;
    }
    if (this.i > start) this.push(lit, src.slice(start, this.i));
  }

  /** Whitespace (dropped), a newline or a comment (kept). */
  private trivia(): boolean {
    const { src, i } = this;
    const c = src[i];
    if (c === ' ' || c === '\t' || (c === '\r' && src[i + 1] === '\n')) {
      this.i++;
      return true;
    }
    if (c === '\n') {
      this.push('nl', '\n');
      this.i++;
      return true;
    }
    if (c === '#' || src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      const stopAt = end < 0 ? src.length : end + 1;
      this.push('comment', src.slice(i, stopAt).replace(/\r\n$/, '\n'));
      this.i = stopAt;
      return true;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const stopAt = end < 0 ? src.length : end + 2;
      this.push('comment', src.slice(i, stopAt));
      this.i = stopAt;
      return true;
    }
    return false;
  }

  /** A quoted string: it ends at its quote, or unterminated at the end of the line. */
  private quoted(): boolean {
    const src = this.src;
    if (src[this.i] !== '"') return false;
    this.push('oquote', '"');
    this.i++;
    this.template((at) => src[at] === '"' || src[at] === '\n', 'quotedlit');
    if (src[this.i] === '"') {
      this.push('cquote', '"');
      this.i++;
    }
    return true;
  }

  private heredoc(): boolean {
    const src = this.src;
    const heredoc = /^<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)[ \t]*\r?\n/u.exec(
      src.slice(this.i, this.i + 256),
    );
    if (!heredoc) return false;
    this.push('oheredoc', heredoc[0]);
    this.i += heredoc[0].length;
    const marker = heredoc[2];
    const isEnd = (at: number): boolean => {
      if (at !== 0 && src[at - 1] !== '\n') return false;
      const eol = src.indexOf('\n', at);
      return src.slice(at, eol < 0 ? src.length : eol).trim() === marker;
    };
    this.template(isEnd, 'stringlit');
    const eol = src.indexOf('\n', this.i);
    const line = src.slice(this.i, eol < 0 ? src.length : eol).replace(/\r$/, '');
    this.push('cheredoc', line);
    this.i += line.length;
    return true;
  }

  /** `{` opens a block or object; `}` closes one, or ends the innermost interpolation. */
  private brace(): boolean {
    const c = this.src[this.i];
    if (c === '{') {
      this.braces.push('brace');
      this.push('obrace', '{');
      this.i++;
      return true;
    }
    if (c !== '}' && !(c === '~' && this.src[this.i + 1] === '}')) return false;
    if (this.braces.pop() === 'interp') {
      const text = c === '~' ? '~}' : '}';
      this.push('seqend', text);
      this.i += text.length;
    } else {
      this.push('cbrace', '}');
      this.i++;
    }
    return true;
  }

  /** An identifier, a number, an operator, or any other single character. */
  private word(): void {
    const { src, i } = this;
    const c = src[i];
    if (IDENT_START.test(c)) {
      this.i++;
      while (this.i < src.length && IDENT_PART.test(src[this.i])) this.i++;
      this.push('ident', src.slice(i, this.i));
      return;
    }
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i, i + 64));
    if (num) {
      this.push('number', num[0]);
      this.i += num[0].length;
      return;
    }
    const op = OPERATORS.find(([text]) => src.startsWith(text, i));
    if (op) {
      this.push(op[1], op[0]);
      this.i += op[0].length;
      return;
    }
    this.push('other', c);
    this.i++;
  }
}

function bracketChange(t: Tok): number {
  switch (t.kind) {
    case 'obrace':
    case 'obrack':
    case 'oparen':
    case 'interp':
    case 'control':
      return 1;
    case 'cbrace':
    case 'cbrack':
    case 'cparen':
    case 'seqend':
      return -1;
    default:
      return 0;
  }
}

function endsLine(t: Tok): boolean {
  return t.kind === 'nl' || (t.kind === 'comment' && t.text.endsWith('\n'));
}

interface Line {
  lead: Tok[];
  assign?: Tok[];
  comment?: Tok[];
}

function linesOf(tokens: Tok[]): Line[] {
  const lines: Line[] = [];
  let cur: Tok[] = [];
  for (const t of tokens) {
    cur.push(t);
    if (endsLine(t)) {
      lines.push({ lead: cur });
      cur = [];
    }
  }
  if (cur.length > 0) lines.push({ lead: cur });
  for (const line of lines) {
    let lead = line.lead;
    if (lead.length > 1 && lead[lead.length - 1].kind === 'comment') {
      line.comment = lead.slice(-1);
      line.lead = lead = lead.slice(0, -1);
    }
    const eq = lead.findIndex((t, k) => k > 0 && t.kind === 'equal');
    if (eq > 0) {
      // Only a whole expression on the line is an assignment cell (not `x = {`).
      const net = lead.slice(eq).reduce((n, t) => n + bracketChange(t), 0);
      if (net === 0) {
        line.assign = lead.slice(eq);
        line.lead = lead.slice(0, eq);
      }
    }
  }
  return lines;
}

function indent(lines: Line[]): void {
  const stack: number[] = [];
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    if (line.lead[0].kind === 'nl') {
      line.lead[0].sp = 0;
      continue;
    }
    let net = 0;
    for (const t of line.lead) {
      net += bracketChange(t);
      if (t.kind === 'oheredoc') break;
    }
    for (const t of line.assign ?? []) net += bracketChange(t);
    if (net > 0) {
      line.lead[0].sp = 2 * stack.length;
      stack.push(net);
    } else {
      let closed = -net;
      while (closed > 0 && stack.length > 0) {
        const top = stack[stack.length - 1];
        if (closed >= top) {
          closed -= top;
          stack.pop();
        } else {
          stack[stack.length - 1] = top - closed;
          closed = 0;
        }
      }
      line.lead[0].sp = 2 * stack.length;
    }
  }
}

const NIL: Tok = { kind: 'other', text: '', sp: 0 };

function spaceAfter(subject: Tok, before: Tok, after: Tok): boolean {
  const s = subject.kind;
  const a = after.kind;
  if (a === 'nl') return false;
  if (s === 'ident' && a === 'oparen') return false;
  if ((s === 'ident' && a === 'dcolon') || (s === 'dcolon' && a === 'ident')) return false;
  if (s === 'dot' || a === 'dot') return false;
  if (a === 'comma' || a === 'ellipsis') return false;
  if (s === 'comma') return true;
  if (
    s === 'quotedlit' ||
    s === 'stringlit' ||
    s === 'oquote' ||
    s === 'oheredoc' ||
    a === 'quotedlit' ||
    a === 'stringlit' ||
    a === 'cquote' ||
    a === 'cheredoc'
  ) {
    return false;
  }
  if (s === 'ident' && subject.text === 'in' && before.kind === 'ident') return true;
  if (a === 'obrack' && (s === 'ident' || s === 'number' || bracketChange(subject) < 0)) {
    return false;
  }
  if (s === 'bang') return false;
  if (s === 'minus') {
    const b = before.kind;
    if (before === NIL) return false;
    if (['oparen', 'obrace', 'obrack', 'equal', 'comma'].includes(b)) return false;
    if (b === 'other' && (before.text === ':' || before.text === '?')) return false;
    if (b === 'arith' || b === 'minus' || b === 'compare' || b === 'logic' || b === 'bang') {
      return false;
    }
    return true;
  }
  if (s === 'obrace' || a === 'cbrace') return !(s === 'obrace' && a === 'cbrace');
  if ((s === 'interp' || s === 'control') && a === 'obrace') return true;
  if (s === 'cbrace' && a === 'seqend') return true;
  if (s === 'seqend' && (a === 'interp' || a === 'control')) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

function spaces(lines: Line[]): void {
  for (const line of lines) {
    for (const cell of [line.lead, line.assign]) {
      if (!cell) continue;
      if (cell === line.assign) cell[0].sp = 1;
      for (let k = 0; k < cell.length - 1; k++) {
        cell[k + 1].sp = spaceAfter(cell[k], k > 0 ? cell[k - 1] : NIL, cell[k + 1]) ? 1 : 0;
      }
    }
  }
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function columns(cell: readonly Tok[] | undefined): number {
  let n = 0;
  for (const t of cell ?? []) {
    n += t.sp;
    n += /^[\x20-\x7e]*$/.test(t.text) ? t.text.length : [...segmenter.segment(t.text)].length;
  }
  return n;
}

function align(
  lines: Line[],
  has: (l: Line) => boolean,
  set: (l: Line, pad: number) => void,
  width: (l: Line) => number,
): void {
  let start = -1;
  let max = 0;
  const close = (end: number): void => {
    for (const l of lines.slice(start, end)) set(l, max - width(l) + 1);
    start = -1;
    max = 0;
  };
  lines.forEach((l, k) => {
    if (!has(l)) {
      if (start !== -1) close(k);
      return;
    }
    if (start === -1) start = k;
    max = Math.max(max, width(l));
  });
  if (start !== -1) close(lines.length);
}

/** Formats HCL source as hclwrite (`terraform fmt`) does. */
export function formatNative(src: string): string {
  const tokens = lex(src);
  const lines = linesOf(tokens);
  indent(lines);
  spaces(lines);
  align(
    lines,
    (l) => l.assign !== undefined,
    (l, pad) => {
      l.assign![0].sp = pad;
    },
    (l) => columns(l.lead),
  );
  align(
    lines,
    (l) => l.comment !== undefined,
    (l, pad) => {
      l.comment![0].sp = pad;
    },
    (l) => columns(l.lead) + columns(l.assign),
  );
  return tokens.map((t) => ' '.repeat(t.sp) + t.text).join('');
}
