import { lineAt, MAX_NESTING, nestingError } from '../../util/boundary';
import { UserError } from '../../util/errors';
import { lex, lexHeredocBody, Tok } from './lexer';

/**
 * HCL native syntax -> the JSON shape of @cdktf/hcl2json (HashiCorp's parser compiled to WASM):
 * attributes as values, blocks as lists of bodies keyed by type and labels, strings as template
 * source (backslash escapes decoded, `$${`/`%%{` kept), any other expression as `"${source}"`.
 * It reads the tokens of `lexer.ts` (the formatter's too) and cuts an expression's source text
 * out of the file by their offsets.
 *
 * Why not hcl2json itself: loading its WASM and the first parse take ~300 ms, and each further
 * parse of a 5 KB jobspec 5-50 ms (measured on the 2-core dev machine), too slow for `validate`
 * of one file (target 150 ms) or of many (200 files/s). Jobspecs use a small part
 * of HCL, and the differential property test checks this reader against hcl2json.
 */
export type HclJson = null | string | number | boolean | HclJson[] | { [k: string]: HclJson };
type Obj = { [k: string]: HclJson };
type Ctx = 'top' | 'list' | 'object' | 'paren';

/** Characters HCL's expression syntax has no use for outside strings (`${` in a bare expression). */
const INVALID = ['$', '@', ';', '`', "'", '\\', '^', '~'];
const HEREDOC = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n$/;
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
};
const LITERALS: ReadonlyMap<string, HclJson> = new Map([
  ['true', true],
  ['false', false],
  ['null', null],
]);

/** Reads a file; `tokens` when the caller has lexed it already (`fmt` formats them next). */
export function parseHcl(filename: string, src: string, tokens: readonly Tok[] = lex(src)): Obj {
  return new Parser(filename, src, tokens).file();
}

/** A line comment ends its line: the reader takes it for the newline it ends with. */
function endsLine(t: Tok): boolean {
  return (
    t.kind === 'nl' || (t.kind === 'comment' && !t.text.startsWith('/*') && t.text.endsWith('\n'))
  );
}

class Parser {
  /** The current token, and its index. */
  private t: Tok;
  private k = 0;
  /** Blocks, lists, objects and strings open around the position (bounded: it recurses). */
  private depth = 0;
  /** Stands for the end of the text. */
  private readonly eof: Tok;

  constructor(
    private readonly filename: string,
    private readonly src: string,
    private readonly toks: readonly Tok[],
    /** Where `src` sits in the file: a heredoc body's first line, and the indent `<<-` cut. */
    private readonly origin: { readonly line: number; readonly cut: number } = { line: 1, cut: 0 },
  ) {
    this.eof = { kind: 'other', text: '', at: src.length, end: src.length, sp: 0 };
    this.t = toks[0] ?? this.eof;
  }

  file(): Obj {
    const body = this.body(false);
    if (!this.atEof()) this.fail('Argument or block definition required');
    return body;
  }

  /** Moves to token `k`. */
  private to(k: number): void {
    this.k = k;
    this.t = this.toks[k] ?? this.eof;
  }

  private next(): void {
    this.t = this.toks[++this.k] ?? this.eof;
  }

  private atEof(): boolean {
    return this.k >= this.toks.length;
  }

  /** Where the reader is, as a source offset: at a line comment, the newline ending it. */
  private pos(t = this.t): number {
    return t.kind === 'comment' && endsLine(t) ? t.end - 1 : t.at;
  }

  private fail(
    summary: string,
    at = this.pos(),
    fix = 'fix the HCL syntax at that position',
  ): never {
    throw new UserError(`${this.filename}:${this.place(at)}`, summary, fix);
  }

  /** `line:col` of a source offset in the file. */
  private place(at: number): string {
    let line = 1;
    let start = 0;
    for (let k = 0; k < at && k < this.src.length; k++) {
      if (this.src[k] === '\n') {
        line++;
        start = k + 1;
      }
    }
    return `${line + this.origin.line - 1}:${at - start + 1 + this.origin.cut}`;
  }

  /** Runs `read` one level deeper; input nesting past MAX_NESTING is an error, not a crash. */
  private nested<T>(at: number, read: () => T): T {
    if (++this.depth > MAX_NESTING) {
      throw nestingError(`${this.filename}:${this.place(at).split(':')[0]}`);
    }
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  /** A `}` (the lexer reads `~}` closing no interpolation as one too; the reader refuses `~`). */
  private closing(t = this.t): boolean {
    return t.kind === 'cbrace' && this.src[t.at] === '}';
  }

  /** Skips blanks and comments; newlines too when `newlines`. */
  private ws(newlines: boolean): void {
    for (;;) {
      const t = this.t;
      if (t.kind === 'comment') {
        if (t.text.startsWith('/*') && (t.text.length < 4 || !t.text.endsWith('*/'))) {
          this.fail('Unterminated comment', t.at);
        }
        if (!newlines && endsLine(t)) return;
      } else if (t.kind === 'nl') {
        if (!newlines) return;
      } else if (t.kind !== 'other' || t.text !== '\r') return; // a lone CR is a blank
      this.next();
    }
  }

  private ident(): string | undefined {
    const t = this.t;
    if (t.kind !== 'ident') return undefined;
    this.next();
    return t.text;
  }

  /** A body up to `}` (nested) or the end of the file. */
  private body(nested: boolean): Obj {
    const out: Obj = {};
    const seen = new Set<string>();
    for (;;) {
      this.ws(true);
      if (this.atEof() || (nested && this.closing())) return out;
      const at = this.pos();
      const name = this.ident();
      if (name === undefined) this.fail('Argument or block definition required');
      this.ws(false);
      const eq = this.t;
      // `a => 1` is `a =` and the expression `> 1` (hcl2json refuses both alike).
      if (eq.kind === 'equal' || eq.text === '=>') {
        if (seen.has(name) || name in out) {
          this.fail(`Attribute redefined: the argument "${name}" was already set`, at);
        }
        seen.add(name);
        if (eq.kind === 'equal') {
          this.next();
          out[name] = this.expr('top');
        } else out[name] = this.splitExpr('top');
      } else {
        const [labels, b] = this.block(name, seen, at);
        this.addBlock(out, name, labels, b, at);
      }
      this.endOfItem(nested);
    }
  }

  /** A block's labels and body, after its type `name` (at `at`). */
  private block(name: string, seen: Set<string>, at: number): [string[], Obj] {
    const labels: string[] = [];
    for (;;) {
      this.ws(false);
      if (this.t.kind === 'oquote') labels.push(this.labelString());
      else {
        const l = this.ident();
        if (l === undefined) break;
        labels.push(l);
      }
    }
    const open = this.t;
    if (open.kind !== 'obrace') {
      this.fail(
        labels.length > 0 || endsLine(open) || this.atEof()
          ? 'Invalid block definition: a block needs an opening brace'
          : 'Invalid argument: expected "=" or a block',
      );
    }
    if (seen.has(name)) this.fail(`Unsupported block: "${name}" is also set as an argument`, at);
    this.next();
    const b = this.nested(open.end, () => this.body(true));
    if (!this.closing()) this.fail('Unclosed configuration block: a "}" is missing', at);
    this.next();
    return [labels, b];
  }

  private addBlock(out: Obj, name: string, labels: string[], b: Obj, at: number): void {
    if (labels.length === 0) {
      const list = out[name];
      if (list !== undefined && !Array.isArray(list)) {
        this.fail(`Duplicate block: "${name}" is given with and without labels`, at);
      }
      out[name] = [...((list as HclJson[] | undefined) ?? []), b];
      return;
    }
    let node = out[name];
    if (node === undefined) node = out[name] = {};
    if (Array.isArray(node) || typeof node !== 'object' || node === null) {
      this.fail(`Duplicate block: "${name}" is given with and without labels`, at);
    }
    let cur = node as Obj;
    labels.forEach((l, k) => {
      const last = k === labels.length - 1;
      const next = cur[l];
      if (last) {
        if (next !== undefined && !Array.isArray(next)) {
          this.fail(`Duplicate block: "${name}" has a different number of labels`, at);
        }
        cur[l] = [...((next as HclJson[] | undefined) ?? []), b];
      } else {
        if (next === undefined) cur[l] = {};
        else if (Array.isArray(next) || typeof next !== 'object' || next === null) {
          this.fail(`Duplicate block: "${name}" has a different number of labels`, at);
        }
        cur = cur[l] as Obj;
      }
    });
  }

  private endOfItem(nested: boolean): void {
    this.ws(false);
    if (this.atEof() || endsLine(this.t)) return;
    if (nested && this.closing()) return;
    this.fail('Missing newline after argument: an argument or block must end with a newline');
  }

  private labelString(): string {
    const start = this.pos();
    const s = this.template();
    if (/(^|[^$])\$\{|(^|[^%])%\{/.test(s))
      this.fail('Invalid block label: templates are not allowed', start);
    return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  }

  /**
   * An expression: a literal value (string, number, bool, null, list, object) as JSON, anything
   * else as `"${source}"`. `ctx` says what may end it.
   */
  private expr(ctx: Ctx): HclJson {
    this.ws(ctx !== 'top');
    const start = this.pos();
    const first = this.k;
    const v = this.tryValue();
    if (v !== undefined) {
      const save = this.k;
      this.ws(ctx === 'list' || ctx === 'paren');
      if (this.atEnd(ctx)) {
        if (ctx === 'top' || ctx === 'object') this.to(save);
        return v;
      }
    }
    this.to(first);
    return this.rest(ctx, start);
  }

  /**
   * An expression right after the `=` or `:` that starts the current token (`==`, `=>`, `::`):
   * the rest of that token begins it, so it is no literal value.
   */
  private splitExpr(ctx: Ctx): HclJson {
    return this.rest(ctx, this.t.at + 1);
  }

  /** The expression from `start` (offset) on, as `"${source}"`. */
  private rest(ctx: Ctx, start: number): HclJson {
    this.skipExpr(ctx);
    const raw = this.src.slice(start, this.t.at).trim();
    if (raw === '') this.fail('Invalid expression: expected the start of an expression', start);
    return '${' + raw + '}';
  }

  private atEnd(ctx: Ctx): boolean {
    const t = this.t;
    if (this.atEof()) return true;
    switch (ctx) {
      case 'top':
        return endsLine(t) || this.closing(t);
      case 'list':
        return t.kind === 'comma' || t.kind === 'cbrack';
      case 'object':
        return t.kind === 'comma' || this.closing(t) || endsLine(t);
      case 'paren':
        return t.kind === 'cparen';
    }
  }

  /** Moves past a general expression to where `ctx` ends it (brackets and strings balanced). */
  private skipExpr(ctx: Ctx): void {
    let depth = 0;
    while (!this.atEof()) {
      const t = this.t;
      if (depth === 0) {
        if (t.kind === 'comment') {
          if (ctx === 'top' || ctx === 'object') return;
          this.ws(true);
          continue;
        }
        if (this.atEnd(ctx)) return;
      }
      if (t.kind === 'oquote') {
        this.template();
        continue;
      }
      if (this.heredocStart(t) && /[-A-Za-z_]/.test(this.src[t.at + 2] ?? '')) {
        this.heredoc();
        continue;
      }
      const c = this.src[t.at];
      if (INVALID.includes(c)) {
        this.fail('Invalid character: this character is not used within the language', t.at);
      }
      if (t.kind === 'oparen' || t.kind === 'obrack' || t.kind === 'obrace') depth++;
      else if (t.kind === 'cparen' || t.kind === 'cbrack' || t.kind === 'cbrace') {
        if (depth === 0) this.fail(`Invalid expression: unexpected "${c}"`, t.at);
        depth--;
      }
      this.next();
    }
    if (depth > 0) this.fail('Invalid expression: a bracket is not closed');
  }

  /** `<<`: a heredoc, or (when its header is not one) an invalid one. */
  private heredocStart(t: Tok): boolean {
    if (t.kind === 'oheredoc') return true;
    const next = this.toks[this.k + 1];
    return t.text === '<' && next !== undefined && next.at === t.end && next.text[0] === '<';
  }

  /** A literal value, or undefined (position unspecified) when the expression is not one. */
  private tryValue(): HclJson | undefined {
    const t = this.t;
    if (t.kind === 'oquote') return this.template();
    if (this.heredocStart(t)) return this.heredoc();
    if (t.kind === 'obrack') return this.nested(t.at, () => this.list());
    if (t.kind === 'obrace') return this.nested(t.at, () => this.object());
    const num = this.number();
    if (num !== undefined) return num;
    const literal = LITERALS.get(t.text);
    if (t.kind === 'ident' && literal !== undefined && this.src[t.end] !== '.') {
      this.next();
      return literal;
    }
    return undefined;
  }

  /** A number, `-` written against it or not: whole, not run into a name or a `.`. */
  private number(): number | undefined {
    const t = this.t;
    const signed = t.kind === 'minus' && this.toks[this.k + 1]?.at === t.end;
    const n = signed ? this.toks[this.k + 1] : t;
    if (n.kind !== 'number' || n.end - t.at > 64) return undefined;
    if (/[A-Za-z0-9_.]/.test(this.src[n.end] ?? '')) return undefined;
    this.to(this.k + (signed ? 2 : 1));
    return Number(this.src.slice(t.at, n.end));
  }

  /** `for` starting a list or object: a `for` expression, no literal. */
  private isFor(): boolean {
    const t = this.t;
    return t.kind === 'ident' && t.text === 'for' && /\s/.test(this.src[t.end] ?? '');
  }

  private list(): HclJson[] | undefined {
    this.next();
    this.ws(true);
    if (this.isFor()) return undefined;
    const out: HclJson[] = [];
    for (;;) {
      this.ws(true);
      if (this.t.kind === 'cbrack') {
        this.next();
        return out;
      }
      out.push(this.expr('list'));
      this.ws(true);
      const sep = this.t;
      if (sep.kind === 'comma') this.next();
      else if (sep.kind !== 'cbrack') this.fail('Missing item separator: expected a comma or "]"');
    }
  }

  private object(): Obj | undefined {
    this.next();
    this.ws(true);
    if (this.isFor()) return undefined;
    const out: Obj = {};
    for (;;) {
      this.ws(true);
      if (this.closing()) {
        this.next();
        return out;
      }
      const key = this.objectKey();
      this.ws(false);
      const sep = this.t;
      if (sep.kind === 'equal' || (sep.kind === 'other' && sep.text === ':')) {
        this.next();
        out[key] = this.expr('object');
      } else if (sep.text[0] === '=' || sep.text[0] === ':') {
        out[key] = this.splitExpr('object');
      } else this.fail('Missing key/value separator: expected "="');
      this.ws(false);
      if (this.t.kind === 'comma') this.next();
      else if (!endsLine(this.t) && !this.closing()) {
        this.fail('Missing attribute separator: expected a newline or comma');
      }
    }
  }

  /** A name, a string or a parenthesised expression. */
  private objectKey(): string {
    const t = this.t;
    if (t.kind === 'oquote') return this.template();
    if (t.kind === 'oparen') {
      this.next();
      this.skipExpr('paren');
      const close = this.t;
      if (close.kind !== 'cparen') this.fail('Invalid key: a "(" is not closed', t.at);
      this.next();
      return '${' + this.src.slice(t.at, close.end) + '}';
    }
    const id = this.ident();
    if (id === undefined) this.fail('Invalid object key: expected a name or a string');
    return id;
  }

  /**
   * A quoted template from its opening quote: returns the template source with backslash
   * escapes decoded and `${ expr }` written `${expr}`, as hcl2json does.
   */
  private template(): string {
    const open = this.t;
    this.next();
    let out = '';
    for (;;) {
      const t = this.t;
      if (t.kind === 'cquote') {
        this.next();
        return out;
      }
      if (t.kind === 'quotedlit') {
        out += this.decode(t);
        this.next();
      } else if (t.kind === 'interp' || t.kind === 'control') {
        out += this.interpolation();
      } else {
        this.fail('Unterminated template string: a closing quote is missing', open.at);
      }
    }
  }

  /** Template text with its backslash escapes decoded (`$${` and `%%{` are kept). */
  private decode(t: Tok): string {
    const s = t.text;
    let out = '';
    let from = 0;
    for (let j = s.indexOf('\\'); j >= 0; j = s.indexOf('\\', from)) {
      out += s.slice(from, j);
      const c = s[j + 1];
      const hex = c === 'u' ? 4 : c === 'U' ? 8 : 0;
      const digits = s.slice(j + 2, j + 2 + hex);
      if (c !== undefined && c in ESCAPES) {
        out += ESCAPES[c];
        from = j + 2;
      } else if (hex > 0 && new RegExp(`^[0-9A-Fa-f]{${hex}}$`).test(digits)) {
        out += this.codePoint(parseInt(digits, 16), t.at + j);
        from = j + 2 + hex;
      } else {
        this.fail(`Invalid escape sequence: "\\${c ?? ''}" is not a valid escape`, t.at + j);
      }
    }
    return out + s.slice(from);
  }

  /** A `\u`/`\U` escape's character; like HCL, one UTF-8 cannot encode is an error. */
  private codePoint(n: number, at: number): string {
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) {
      const hex = n.toString(16).toUpperCase().padStart(4, '0');
      this.fail(
        `Invalid escape sequence: cannot encode character U+${hex} in UTF-8`,
        at,
        'write a Unicode code point up to U+10FFFF that is not a surrogate (U+D800-U+DFFF)',
      );
    }
    return String.fromCodePoint(n);
  }

  /** At `${` or `%{`: the interpolation as hcl2json writes it (`${ x }` -> `${x}`). */
  private interpolation(): string {
    const open = this.t;
    this.next();
    // Heredocs in an interpolation are not read, but their interpolations are skipped.
    let depth = 0;
    for (;;) {
      const t = this.t;
      if (this.atEof()) this.fail('Unterminated template: a "}" is missing', open.at);
      if (t.kind === 'seqend' && depth === 0) break;
      if (t.kind === 'oquote') {
        this.nested(t.at, () => this.template());
        continue;
      }
      if (t.kind === 'interp' || t.kind === 'control') depth++;
      else if (t.kind === 'seqend') depth--;
      this.next();
    }
    const s = this.src;
    const inner = s
      .slice(open.at + 2, this.t.end - 1)
      .replace(/^~|~$/g, '')
      .trim();
    this.next();
    // hcl2json folds a number literal into the text around it (`${1}` -> `1`).
    if (s[open.at] === '$' && /^\d+(\.\d+)?$/.test(inner)) return String(Number(inner));
    return s[open.at] + '{' + inner + '}';
  }

  private heredoc(): string {
    const open = this.t;
    const m = open.kind === 'oheredoc' && open.text.length <= 200 ? HEREDOC.exec(open.text) : null;
    if (!m) this.fail('Invalid heredoc: expected <<MARKER and a newline', open.at);
    // The body's tokens end at the closing marker line (nested heredocs have their own).
    let nesting = 0;
    for (this.next(); !this.atEof(); this.next()) {
      const t = this.t;
      if (t.kind === 'oheredoc') nesting++;
      else if (t.kind === 'cheredoc' && nesting-- === 0) break;
    }
    const close = this.t;
    if (close.text.trim() !== m[2]) this.fail(`Unterminated heredoc: no closing ${m[2]}`, open.at);
    this.next();
    const region = this.src.slice(open.end, close.at);
    const lines = region === '' ? [] : region.slice(0, -1).split('\n');
    let body = lines.map((l) => l.replace(/\r$/, ''));
    let cut = 0;
    if (m[1] === '-') {
      const indents = body.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      cut = indents.length > 0 ? Math.min(...indents) : 0;
      body = body.map((l) => l.slice(cut));
    }
    const text = body.map((l) => l + '\n').join('');
    // Normalise `${ x }` as in quoted templates, keeping everything else as written; errors
    // name the body's place in the file.
    const origin = { line: lineAt(this.src, open.end) + this.origin.line - 1, cut };
    return new Parser(this.filename, text, lexHeredocBody(text), origin).heredocText();
  }

  /** Heredoc body text (its own tokens) with its interpolations normalised. */
  private heredocText(): string {
    let out = '';
    while (!this.atEof()) {
      const t = this.t;
      if (t.kind === 'interp' || t.kind === 'control') out += this.interpolation();
      else {
        out += t.text;
        this.next();
      }
    }
    return out;
  }
}
