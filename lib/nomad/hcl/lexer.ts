/**
 * The one tokenizer of HCL native syntax, shared by the reader (`syntax.ts`: values and errors)
 * and the formatter (`fmt.ts`: spacing). Whitespace is dropped; newlines and comments are kept
 * as tokens, and so is every piece of a template: the text between interpolations as written
 * (escapes undecoded), each `${`/`%{` and its closing `}`, with the expression tokens between.
 * Each token knows where it is in the source, so the reader can name line:col and cut an
 * expression's source text out.
 *
 * It never recurses: quoted strings, heredocs and interpolations nest on an explicit stack, so a
 * deeply nested input reaches the reader, which refuses it cleanly (MAX_NESTING).
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
  /** As written, except that a line comment's `\r\n` ends in `\n`. */
  readonly text: string;
  /** Source offsets: the token is `src.slice(at, end)`. */
  readonly at: number;
  readonly end: number;
  /** Spaces written before the token: 0 from the lexer, decided by the formatter. */
  sp: number;
}

// One UTF-16 unit at a time, as the reader always tested names.
const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_PART = /[\p{ID_Continue}-]/u;
const NUMBER = /^\d+(\.\d+)?([eE][+-]?\d+)?/;
const HEREDOC = /^<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)[ \t]*\r?\n/u;
/** HEREDOC for ASCII markers: the same match, without compiling Unicode classes for them. */
const HEREDOC_ASCII = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/;
const BLANKS = /[ \t]+/y;
/** The ASCII run of an identifier's rest, skipped at once (then IDENT_PART goes on). */
const ASCII_IDENT_PART = /[A-Za-z0-9_-]*/y;
/** Runs of template text with nothing to stop at, skipped at once. */
const PLAIN_QUOTED = /[^"\n\\$%]+/y;
const PLAIN_HEREDOC = /[^$%]+/y;

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

/** OPERATORS by their first character, longest first as above. */
const OPERATORS_AT = new Map<string, (readonly [string, Kind])[]>();
for (const op of OPERATORS) {
  const list = OPERATORS_AT.get(op[0][0]) ?? [];
  list.push(op);
  OPERATORS_AT.set(op[0][0], list);
}

/** ASCII letters and `_` (a fast path of IDENT_START). */
function asciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** IDENT_PART at `i`, ASCII first. */
function identPart(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  if (c < 128) return asciiIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
  return IDENT_PART.test(src[i]);
}

/**
 * What is being read: expression tokens (the file, or an interpolation), or template text (a
 * quoted string, or a heredoc body: its lines before the closing marker line, found first).
 */
interface Frame {
  readonly mode: 'code' | 'quoted' | 'heredoc';
  /** Where the frame's text ends at the latest (the file's end, or a heredoc's marker line). */
  readonly limit: number;
  /** code in an interpolation: the brace stack's height with its `${` on it. */
  readonly braces: number;
  /** template: where the text not yet made a token starts. */
  lit: number;
}

/** The tokens of a whole file. */
export function lex(src: string): Tok[] {
  return new Lexer(src, 'code').run();
}

/** The tokens of heredoc body text on its own (the reader's, once indentation is cut). */
export function lexHeredocBody(text: string): Tok[] {
  return new Lexer(text, 'heredoc').run();
}

class Lexer {
  private readonly out: Tok[] = [];
  private readonly frames: Frame[];
  /** What each open `{` / `${` is, to tell a closing brace from the end of an interpolation. */
  private readonly braces: ('brace' | 'interp')[] = [];
  private i = 0;

  constructor(
    private readonly src: string,
    mode: 'code' | 'heredoc',
  ) {
    this.frames = [{ mode, limit: src.length, braces: 0, lit: 0 }];
  }

  run(): Tok[] {
    for (let f = this.top(); f !== undefined; f = this.top()) {
      if (f.mode === 'code') this.code(f);
      else this.template(f);
    }
    return this.out;
  }

  private top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  private push(kind: Kind, text: string, at: number, end = at + text.length): void {
    this.out.push({ kind, text, at, end, sp: 0 });
  }

  /** Leaves the innermost frame; the template around an interpolation goes on after it. */
  private pop(): void {
    const f = this.frames.pop()!;
    if (f.mode === 'code') this.braces.length = Math.max(0, f.braces - 1);
    const outer = this.top();
    if (outer !== undefined) outer.lit = this.i;
  }

  /** Expression tokens, up to a string or heredoc (entered) or the end of the frame. */
  private code(f: Frame): void {
    const { src, out } = this;
    const limit = f.limit;
    let i = this.i;
    for (;;) {
      // The commonest tokens inline (a file is mostly these): blanks, newlines and names.
      if (src[i] === ' ' || src[i] === '\t') {
        BLANKS.lastIndex = i;
        BLANKS.test(src);
        i = Math.min(BLANKS.lastIndex, limit);
      }
      if (i >= limit) {
        this.i = i;
        return this.pop();
      }
      const c = src.charCodeAt(i);
      if (c === 10) {
        out.push({ kind: 'nl', text: '\n', at: i, end: i + 1, sp: 0 });
        i++;
        continue;
      }
      if (asciiIdentStart(c)) {
        ASCII_IDENT_PART.lastIndex = i + 1;
        ASCII_IDENT_PART.test(src);
        const end = Math.min(ASCII_IDENT_PART.lastIndex, limit);
        if (end === limit || src.charCodeAt(end) < 128) {
          out.push({ kind: 'ident', text: src.slice(i, end), at: i, end, sp: 0 });
          i = end;
          continue;
        }
      }
      this.i = i;
      if (!this.other(f)) return;
      i = this.i;
    }
  }

  /** Any other token; false when it enters a string or heredoc, or ends the interpolation. */
  private other(f: Frame): boolean {
    switch (this.src[this.i]) {
      case '\r':
      case '#':
      case '/':
        if (this.trivia(f)) return true;
        break;
      case '"':
        if (this.plainString(f)) return true;
        this.quoted(f);
        return false;
      case '<':
        if (this.heredoc(f)) return false;
        break;
      case '{':
      case '}':
      case '~': {
        const depth = this.frames.length;
        if (this.brace()) return this.frames.length === depth;
        break;
      }
    }
    this.word(f);
    return true;
  }

  /** Template text up to an interpolation (entered), or to the end of the string or body. */
  private template(f: Frame): void {
    const src = this.src;
    const quoted = f.mode === 'quoted';
    const plain = quoted ? PLAIN_QUOTED : PLAIN_HEREDOC;
    while (this.i < f.limit) {
      plain.lastIndex = this.i;
      if (plain.test(src)) this.i = Math.min(plain.lastIndex, f.limit);
      if (this.i >= f.limit) break;
      const i = this.i;
      const c = src[i];
      if (quoted && (c === '"' || c === '\n')) break;
      if (quoted && c === '\\') {
        this.i += 2;
      } else if (c !== '$' && c !== '%') {
        this.i++;
      } else if (src[i + 1] === c && src[i + 2] === '{') {
        this.i += 3;
      } else if (src[i + 1] === '{') {
        this.text(f, i);
        const strip = src[i + 2] === '~' ? 1 : 0;
        this.push(src[i] === '$' ? 'interp' : 'control', src.slice(i, i + 2 + strip), i);
        this.i += 2 + strip;
        this.braces.push('interp');
        this.frames.push({ mode: 'code', limit: f.limit, braces: this.braces.length, lit: 0 });
        return;
      } else this.i++;
    }
    // A backslash at the very end steps past it.
    this.i = Math.min(this.i, f.limit);
    this.text(f, this.i);
    if (quoted && this.i < f.limit && src[this.i] === '"') {
      this.push('cquote', '"', this.i);
      this.i++;
    }
    if (f.mode === 'heredoc' && this.frames.length > 1) this.closeHeredoc();
    this.pop();
  }

  /** The template text from `f.lit` to `to`, if any. */
  private text(f: Frame, to: number): void {
    if (to > f.lit)
      this.push(f.mode === 'quoted' ? 'quotedlit' : 'stringlit', this.src.slice(f.lit, to), f.lit);
  }

  /** The marker line ending a heredoc body (empty when the body ran to the end). */
  private closeHeredoc(): void {
    const src = this.src;
    const eol = src.indexOf('\n', this.i);
    const line = src.slice(this.i, eol < 0 ? src.length : eol).replace(/\r$/, '');
    const outer = this.frames[this.frames.length - 2];
    const text = this.i < outer.limit ? line : '';
    this.push('cheredoc', text, this.i);
    this.i += text.length;
  }

  /** Whitespace (dropped), a newline or a comment (kept). */
  private trivia(f: Frame): boolean {
    const { src, i } = this;
    const c = src[i];
    if (c === ' ' || c === '\t' || (c === '\r' && src[i + 1] === '\n')) {
      this.i++;
      while (this.i < f.limit && (src[this.i] === ' ' || src[this.i] === '\t')) this.i++;
      return true;
    }
    if (c === '\n') {
      this.push('nl', '\n', i);
      this.i++;
      return true;
    }
    if (c === '#' || src.startsWith('//', i)) {
      const eol = src.indexOf('\n', i);
      const end = eol < 0 || eol >= f.limit ? f.limit : eol + 1;
      this.push('comment', src.slice(i, end).replace(/\r\n$/, '\n'), i, end);
      this.i = end;
      return true;
    }
    if (src.startsWith('/*', i)) {
      const close = src.indexOf('*/', i + 2);
      const end = close < 0 ? f.limit : Math.min(close + 2, f.limit);
      this.push('comment', src.slice(i, end), i);
      this.i = end;
      return true;
    }
    return false;
  }

  /** A string with no escape, interpolation or end of line in it, at once. */
  private plainString(f: Frame): boolean {
    const src = this.src;
    const open = this.i;
    PLAIN_QUOTED.lastIndex = open + 1;
    const close = PLAIN_QUOTED.test(src) ? PLAIN_QUOTED.lastIndex : open + 1;
    if (close >= f.limit || src[close] !== '"') return false;
    this.push('oquote', '"', open);
    if (close > open + 1) this.push('quotedlit', src.slice(open + 1, close), open + 1);
    this.push('cquote', '"', close);
    this.i = close + 1;
    return true;
  }

  /** A quoted string: it ends at its quote, or unterminated at the end of the line. */
  private quoted(f: Frame): void {
    this.push('oquote', '"', this.i);
    this.i++;
    this.frames.push({ mode: 'quoted', limit: f.limit, braces: 0, lit: this.i });
  }

  /** `<<MARKER` or `<<-MARKER`: its body is the lines up to the first one that is the marker. */
  private heredoc(f: Frame): boolean {
    const src = this.src;
    if (src[this.i] !== '<' || src[this.i + 1] !== '<') return false;
    const window = src.slice(this.i, Math.min(this.i + 256, f.limit));
    const head =
      HEREDOC_ASCII.exec(window) ?? (/[^\0-\x7f]/.test(window) ? HEREDOC.exec(window) : null);
    if (!head) return false;
    this.push('oheredoc', head[0], this.i);
    this.i += head[0].length;
    let line = this.i;
    while (line < f.limit) {
      const eol = src.indexOf('\n', line);
      const end = eol < 0 || eol >= f.limit ? f.limit : eol;
      if (src.slice(line, end).trim() === head[2]) break;
      line = end + 1;
    }
    const limit = Math.min(line, f.limit);
    this.frames.push({ mode: 'heredoc', limit, braces: 0, lit: this.i });
    return true;
  }

  /** `{` opens a block or object; `}` closes one, or ends the innermost interpolation. */
  private brace(): boolean {
    const c = this.src[this.i];
    if (c === '{') {
      this.braces.push('brace');
      this.push('obrace', '{', this.i);
      this.i++;
      return true;
    }
    if (c !== '}' && !(c === '~' && this.src[this.i + 1] === '}')) return false;
    if (this.braces[this.braces.length - 1] === 'interp') {
      const text = c === '~' ? '~}' : '}';
      this.push('seqend', text, this.i);
      this.i += text.length;
      this.pop();
    } else {
      // `~}` closing no interpolation stays a `}` at the `~`, as the formatter always read it
      // (the reader refuses the `~`).
      this.braces.pop();
      this.push('cbrace', '}', this.i, this.i + 1);
      this.i++;
    }
    return true;
  }

  /** An identifier, a number, an operator, or any other single character. */
  private word(f: Frame): void {
    const { src, i } = this;
    const c = src[i];
    const code = src.charCodeAt(i);
    if (asciiIdentStart(code) || (code >= 128 && IDENT_START.test(c))) {
      ASCII_IDENT_PART.lastIndex = i + 1;
      ASCII_IDENT_PART.test(src);
      this.i = Math.min(ASCII_IDENT_PART.lastIndex, f.limit);
      while (this.i < f.limit && identPart(src, this.i)) this.i++;
      this.push('ident', src.slice(i, this.i), i);
      return;
    }
    const num = code >= 48 && code <= 57 ? NUMBER.exec(src.slice(i, i + 64)) : null;
    if (num) {
      this.push('number', num[0], i);
      this.i += num[0].length;
      return;
    }
    const ops = OPERATORS_AT.get(c) ?? [];
    for (let k = 0; k < ops.length; k++) {
      const [text, kind] = ops[k];
      if (src.startsWith(text, i)) {
        this.push(kind, text, i);
        this.i += text.length;
        return;
      }
    }
    this.push('other', c, i);
    this.i++;
  }
}
