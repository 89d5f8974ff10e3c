import { lineAt, MAX_NESTING, nestingError } from '../../util/boundary';
import { UserError } from '../../util/errors';

/**
 * HCL native syntax -> the JSON shape of @cdktf/hcl2json (HashiCorp's parser compiled to WASM):
 * attributes as values, blocks as lists of bodies keyed by type and labels, strings as template
 * source (backslash escapes decoded, `$${`/`%%{` kept), any other expression as `"${source}"`.
 *
 * Why not hcl2json itself: loading its WASM and the first parse take ~300 ms, and each further
 * parse of a 5 KB jobspec 5-50 ms (measured on the 2-core dev machine), too slow for `validate`
 * of one file (target 150 ms) or of many (200 files/s). Jobspecs use a small part
 * of HCL, and the differential property test checks this reader against hcl2json.
 */
export type HclJson = null | string | number | boolean | HclJson[] | { [k: string]: HclJson };
type Obj = { [k: string]: HclJson };

const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT = /[\p{ID_Continue}-]/u;
/** Characters HCL's expression syntax has no use for outside strings (`${` in a bare expression). */
/** Characters that end a run of plain template text. */
const PLAIN_STOP = new Set(['"', '\\', '\n', '$', '%']);
const INVALID = ['$', '@', ';', '`', "'", '\\', '^', '~'];

export function parseHcl(filename: string, src: string): Obj {
  return new Parser(filename, src).file();
}

class Parser {
  private i = 0;
  /** Blocks, lists, objects and strings open around the position (bounded: it recurses). */
  private depth = 0;

  constructor(
    private readonly filename: string,
    private readonly src: string,
  ) {}

  file(): Obj {
    const body = this.body(false);
    if (this.i < this.src.length) this.fail('Argument or block definition required');
    return body;
  }

  private fail(summary: string, at = this.i, fix = 'fix the HCL syntax at that position'): never {
    let line = 1;
    let start = 0;
    for (let k = 0; k < at && k < this.src.length; k++) {
      if (this.src[k] === '\n') {
        line++;
        start = k + 1;
      }
    }
    throw new UserError(`${this.filename}:${line}:${at - start + 1}`, summary, fix);
  }

  /** Runs `read` one level deeper; input nesting past MAX_NESTING is an error, not a crash. */
  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_NESTING) {
      throw nestingError(`${this.filename}:${lineAt(this.src, this.i)}`);
    }
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private peek(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  /** Skips blanks and comments; newlines too when `newlines`. */
  private ws(newlines: boolean): void {
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++;
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('Unterminated comment');
        this.i = end + 2;
      } else return;
    }
  }

  private ident(): string | undefined {
    const s = this.src;
    if (this.i >= s.length || !IDENT_START.test(s[this.i])) return undefined;
    const start = this.i;
    while (this.i < s.length && IDENT.test(s[this.i])) this.i++;
    return s.slice(start, this.i);
  }

  /** A body up to `}` (nested) or the end of the file. */
  private body(nested: boolean): Obj {
    const out: Obj = {};
    const seen = new Set<string>();
    for (;;) {
      this.ws(true);
      if (this.i >= this.src.length || (nested && this.peek('}'))) return out;
      const at = this.i;
      const name = this.ident();
      if (name === undefined) this.fail('Argument or block definition required');
      this.ws(false);
      if (this.peek('=') && !this.peek('==')) {
        this.i++;
        if (seen.has(name) || name in out) {
          this.fail(`Attribute redefined: the argument "${name}" was already set`, at);
        }
        seen.add(name);
        out[name] = this.expr('top');
        this.endOfItem(nested);
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.ws(false);
        if (this.peek('"')) labels.push(this.labelString());
        else {
          const l = this.ident();
          if (l === undefined) break;
          labels.push(l);
        }
      }
      if (!this.peek('{')) {
        this.fail(
          labels.length > 0 || this.peek('\n') || this.i >= this.src.length
            ? 'Invalid block definition: a block needs an opening brace'
            : 'Invalid argument: expected "=" or a block',
        );
      }
      if (seen.has(name)) this.fail(`Unsupported block: "${name}" is also set as an argument`, at);
      this.i++;
      const b = this.nested(() => this.body(true));
      if (!this.peek('}')) this.fail('Unclosed configuration block: a "}" is missing', at);
      this.i++;
      this.addBlock(out, name, labels, b, at);
      this.endOfItem(nested);
    }
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
    if (this.i >= this.src.length || this.peek('\n')) return;
    if (nested && this.peek('}')) return;
    this.fail('Missing newline after argument: an argument or block must end with a newline');
  }

  private labelString(): string {
    const start = this.i;
    const s = this.template('"');
    if (/(^|[^$])\$\{|(^|[^%])%\{/.test(s))
      this.fail('Invalid block label: templates are not allowed', start);
    return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  }

  /**
   * An expression: a literal value (string, number, bool, null, list, object) as JSON, anything
   * else as `"${source}"`. `ctx` says what may end it.
   */
  private expr(ctx: 'top' | 'list' | 'object' | 'paren'): HclJson {
    this.ws(ctx !== 'top');
    const start = this.i;
    const v = this.tryValue();
    if (v !== undefined) {
      const save = this.i;
      this.ws(ctx === 'list' || ctx === 'paren');
      if (this.atEnd(ctx)) {
        if (ctx === 'top' || ctx === 'object') this.i = save;
        return v;
      }
    }
    this.i = start;
    this.skipExpr(ctx);
    const raw = this.src.slice(start, this.i).trim();
    if (raw === '') this.fail('Invalid expression: expected the start of an expression', start);
    return '${' + raw + '}';
  }

  private atEnd(ctx: 'top' | 'list' | 'object' | 'paren'): boolean {
    const c = this.src[this.i];
    if (this.i >= this.src.length) return true;
    switch (ctx) {
      case 'top':
        return c === '\n' || c === '}';
      case 'list':
        return c === ',' || c === ']';
      case 'object':
        return c === ',' || c === '}' || c === '\n';
      case 'paren':
        return c === ')';
    }
  }

  /** Moves past a general expression to where `ctx` ends it (brackets and strings balanced). */
  private skipExpr(ctx: 'top' | 'list' | 'object' | 'paren'): void {
    const s = this.src;
    let depth = 0;
    while (this.i < s.length) {
      const c = s[this.i];
      if (depth === 0) {
        if (c === '#' || (c === '/' && (s[this.i + 1] === '/' || s[this.i + 1] === '*'))) {
          if (ctx === 'top' || ctx === 'object') return;
          this.ws(true);
          continue;
        }
        if (this.atEnd(ctx)) return;
      }
      if (c === '"') {
        this.template('"');
        continue;
      }
      if (c === '<' && s[this.i + 1] === '<' && /[-A-Za-z_]/.test(s[this.i + 2] ?? '')) {
        this.heredoc();
        continue;
      }
      if (INVALID.includes(c)) {
        this.fail('Invalid character: this character is not used within the language');
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) this.fail(`Invalid expression: unexpected "${c}"`);
        depth--;
      }
      this.i++;
    }
    if (depth > 0) this.fail('Invalid expression: a bracket is not closed');
  }

  /** A literal value, or undefined (position unspecified) when the expression is not one. */
  private tryValue(): HclJson | undefined {
    const s = this.src;
    const c = s[this.i];
    if (c === '"') return this.template('"');
    if (c === '<' && s[this.i + 1] === '<') return this.heredoc();
    if (c === '[') return this.nested(() => this.list());
    if (c === '{') return this.nested(() => this.object());
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![A-Za-z0-9_.])/.exec(s.slice(this.i, this.i + 64));
    if (num) {
      this.i += num[0].length;
      return Number(num[0]);
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (
        s.startsWith(word, this.i) &&
        !IDENT.test(s[this.i + word.length] ?? '') &&
        s[this.i + word.length] !== '.'
      ) {
        this.i += word.length;
        return v;
      }
    }
    return undefined;
  }

  private list(): HclJson[] | undefined {
    this.i++;
    this.ws(true);
    if (/^for\s/.test(this.src.slice(this.i, this.i + 4))) return undefined;
    const out: HclJson[] = [];
    for (;;) {
      this.ws(true);
      if (this.peek(']')) {
        this.i++;
        return out;
      }
      out.push(this.expr('list'));
      this.ws(true);
      if (this.peek(',')) this.i++;
      else if (!this.peek(']')) this.fail('Missing item separator: expected a comma or "]"');
    }
  }

  private object(): Obj | undefined {
    this.i++;
    this.ws(true);
    if (/^for\s/.test(this.src.slice(this.i, this.i + 4))) return undefined;
    const out: Obj = {};
    for (;;) {
      this.ws(true);
      if (this.peek('}')) {
        this.i++;
        return out;
      }
      let key: string;
      const at = this.i;
      if (this.peek('"')) key = this.template('"');
      else if (this.peek('(')) {
        this.i++;
        this.skipExpr('paren');
        if (!this.peek(')')) this.fail('Invalid key: a "(" is not closed', at);
        this.i++;
        key = '${' + this.src.slice(at, this.i) + '}';
      } else {
        const id = this.ident();
        if (id === undefined) this.fail('Invalid object key: expected a name or a string');
        key = id;
      }
      this.ws(false);
      if (!this.peek('=') && !this.peek(':'))
        this.fail('Missing key/value separator: expected "="');
      this.i++;
      out[key] = this.expr('object');
      this.ws(false);
      if (this.peek(',')) this.i++;
      else if (!this.peek('\n') && !this.peek('}') && !this.peek('#') && !this.peek('//')) {
        this.fail('Missing attribute separator: expected a newline or comma');
      }
    }
  }

  /**
   * A quoted template from its opening quote: returns the template source with backslash
   * escapes decoded and `${ expr }` written `${expr}`, as hcl2json does.
   */
  private template(quote: '"'): string {
    const s = this.src;
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= s.length || s[this.i] === '\n') {
        this.fail('Unterminated template string: a closing quote is missing', start);
      }
      const c = s[this.i];
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      const x = this.interpolation();
      if (x !== undefined) {
        out += x;
        continue;
      }
      // A run of plain characters at once.
      const from = this.i++;
      while (this.i < s.length && !PLAIN_STOP.has(s[this.i])) this.i++;
      out += s.slice(from, this.i);
    }
  }

  /** At `$${`, `%%{`, `${` or `%{`: the text to keep, or undefined for a plain character. */
  private interpolation(): string | undefined {
    const s = this.src;
    if (s.startsWith('$${', this.i) || s.startsWith('%%{', this.i)) {
      this.i += 3;
      return s.slice(this.i - 3, this.i);
    }
    if (!s.startsWith('${', this.i) && !s.startsWith('%{', this.i)) return undefined;
    const open = this.i;
    this.i += 2;
    let depth = 0;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '"') {
        this.nested(() => this.template('"'));
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) break;
        depth--;
      }
      this.i++;
    }
    if (this.i >= s.length) this.fail('Unterminated template: a "}" is missing', open);
    const inner = s
      .slice(open + 2, this.i)
      .replace(/^~|~$/g, '')
      .trim();
    this.i++;
    // hcl2json folds a number literal into the text around it (`${1}` -> `1`).
    if (s[open] === '$' && /^\d+(\.\d+)?$/.test(inner)) return String(Number(inner));
    return s[open] + '{' + inner + '}';
  }

  private escape(): string {
    const s = this.src;
    const at = this.i;
    const c = s[this.i + 1];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (c !== undefined && c in simple) {
      this.i += 2;
      return simple[c];
    }
    const hex = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const digits = s.slice(this.i + 2, this.i + 2 + hex);
    if (hex > 0 && new RegExp(`^[0-9A-Fa-f]{${hex}}$`).test(digits)) {
      this.i += 2 + hex;
      return String.fromCodePoint(parseInt(digits, 16));
    }
    this.i = at + 2;
    return this.fail(`Invalid escape sequence: "\\${c ?? ''}" is not a valid escape`, at);
  }

  private heredoc(): string {
    const s = this.src;
    const start = this.i;
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(s.slice(this.i, this.i + 200));
    if (!m) this.fail('Invalid heredoc: expected <<MARKER and a newline', start);
    this.i += m[0].length;
    const lines: string[] = [];
    for (;;) {
      if (this.i >= s.length) this.fail(`Unterminated heredoc: no closing ${m[2]}`, start);
      let end = s.indexOf('\n', this.i);
      if (end < 0) end = s.length;
      const line = s.slice(this.i, end).replace(/\r$/, '');
      if (line.trim() === m[2]) {
        this.i = end;
        break;
      }
      lines.push(line);
      this.i = end + 1;
    }
    let body = lines;
    if (m[1] === '-') {
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const cut = indents.length > 0 ? Math.min(...indents) : 0;
      body = lines.map((l) => l.slice(cut));
    }
    const text = body.map((l) => l + '\n').join('');
    // Normalise `${ x }` as in quoted templates, keeping everything else as written.
    let out = '';
    const outer = this.i;
    const sub = new Parser(this.filename, text);
    while (sub.i < text.length) {
      const x = sub.interpolation();
      if (x !== undefined) {
        out += x;
        continue;
      }
      const from = sub.i++;
      while (sub.i < text.length && text[sub.i] !== '$' && text[sub.i] !== '%') sub.i++;
      out += text.slice(from, sub.i);
    }
    this.i = outer;
    return out;
  }
}
