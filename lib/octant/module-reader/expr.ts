import { MAX_NESTING } from '../../util/boundary';

/**
 * A parser for the Terraform expression language as far as Octant modules use it in the values
 * a module passes to its jobspec: literals, string templates, references (`var.x`, `local.y`,
 * `data.t.n.attr`), function calls, tuples and objects, `for` expressions, conditionals and the
 * usual operators. hcl2json (HashiCorp's own parser) reads the files; it leaves every expression
 * as its source text, which this module turns into a tree for `evaluate()`.
 */

export type Expr =
  | { readonly k: 'lit'; readonly v: null | string | number | boolean }
  /** A string template: literal text and interpolations, in order. */
  | { readonly k: 'tmpl'; readonly parts: readonly (string | Expr)[] }
  | { readonly k: 'ref'; readonly name: string }
  | { readonly k: 'get'; readonly obj: Expr; readonly attr: string }
  | { readonly k: 'index'; readonly obj: Expr; readonly idx: Expr }
  | { readonly k: 'splat'; readonly obj: Expr; readonly attrs: readonly string[] }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly k: 'tuple'; readonly items: readonly Expr[] }
  | { readonly k: 'object'; readonly items: readonly (readonly [Expr, Expr])[] }
  | {
      readonly k: 'for';
      readonly tuple: boolean;
      readonly keyVar?: string;
      readonly valVar: string;
      readonly coll: Expr;
      readonly keyExpr?: Expr;
      readonly valExpr: Expr;
      readonly cond?: Expr;
    }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'un'; readonly op: string; readonly e: Expr }
  | { readonly k: 'cond'; readonly c: Expr; readonly t: Expr; readonly f: Expr };

/** Thrown for text that is not a Terraform expression this parser knows. */
export class ExprSyntaxError extends Error {
  constructor(
    /** What is wrong, without the text (which may be a file's content). */
    readonly reason: string,
    readonly offset: number,
    src: string,
  ) {
    super(`${reason} at offset ${offset} of \`${src.slice(0, 80)}\``);
  }
}

const BINARY: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['+', '-'],
  ['*', '/', '%'],
];

class Parser {
  private i = 0;
  /** Expressions open around the position: bounded, as the parser recurses. */
  private depth = 0;
  constructor(private readonly src: string) {}

  /** Runs `read` one level deeper; nesting past MAX_NESTING is a syntax error, not a crash. */
  nested<T>(read: () => T): T {
    if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`);
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  fail(what: string): never {
    throw new ExprSyntaxError(what, this.i, this.src);
  }

  ws(): void {
    for (;;) {
      const c = this.src[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#' || (c === '/' && this.src[this.i + 1] === '/')) {
        while (this.i < this.src.length && this.src[this.i] !== '\n') this.i++;
      } else if (c === '/' && this.src[this.i + 1] === '*') {
        const end = this.src.indexOf('*/', this.i + 2);
        this.i = end < 0 ? this.src.length : end + 2;
      } else return;
    }
  }

  peek(s: string): boolean {
    this.ws();
    return this.src.startsWith(s, this.i);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.i += s.length;
    return true;
  }

  expect(s: string): void {
    if (!this.eat(s)) this.fail(`expected "${s}"`);
  }

  atEnd(): boolean {
    this.ws();
    return this.i >= this.src.length;
  }

  ident(): string | undefined {
    this.ws();
    const m = /^[A-Za-z_][\w-]*/.exec(this.src.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  expr(): Expr {
    return this.nested(() => this.conditional());
  }

  private conditional(): Expr {
    const c = this.binary(0);
    if (this.peek('?')) {
      this.i++;
      const t = this.expr();
      this.expect(':');
      const f = this.expr();
      return { k: 'cond', c, t, f };
    }
    return c;
  }

  binary(level: number): Expr {
    if (level >= BINARY.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      this.ws();
      // `=>` and `==` share a first character with `=`; only the listed operators count.
      const op = BINARY[level].find(
        (o) => this.src.startsWith(o, this.i) && !(o === '<' && this.src[this.i + 1] === '<'),
      );
      if (op === undefined) return l;
      this.i += op.length;
      l = { k: 'bin', op, l, r: this.binary(level + 1) };
    }
  }

  unary(): Expr {
    if (this.eat('!')) return { k: 'un', op: '!', e: this.nested(() => this.unary()) };
    if (this.peek('-') && !/[0-9]/.test(this.src[this.i + 1] ?? '')) {
      this.i++;
      return { k: 'un', op: '-', e: this.nested(() => this.unary()) };
    }
    return this.postfix(this.primary());
  }

  postfix(e: Expr): Expr {
    for (;;) {
      if (this.peek('.*') || this.peek('[*]')) {
        this.i += this.src.startsWith('.*', this.i) ? 2 : 3;
        const attrs: string[] = [];
        while (this.peek('.') && !this.peek('..')) {
          this.i++;
          attrs.push(this.ident() ?? this.fail('expected an attribute name'));
        }
        e = { k: 'splat', obj: e, attrs };
      } else if (this.peek('.') && !this.peek('...')) {
        this.i++;
        this.ws();
        const num = /^[0-9]+/.exec(this.src.slice(this.i));
        if (num) {
          this.i += num[0].length;
          e = { k: 'index', obj: e, idx: { k: 'lit', v: Number(num[0]) } };
        } else {
          e = { k: 'get', obj: e, attr: this.ident() ?? this.fail('expected an attribute name') };
        }
      } else if (this.peek('[')) {
        this.i++;
        const idx = this.expr();
        this.expect(']');
        e = { k: 'index', obj: e, idx };
      } else return e;
    }
  }

  primary(): Expr {
    this.ws();
    const c = this.src[this.i];
    if (c === undefined) this.fail('unexpected end of expression');
    if (c === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (c === '"') {
      this.i++;
      return this.template('"');
    }
    if (c === '<' && this.src.startsWith('<<', this.i)) return this.heredoc();
    if (c === '[') return this.tupleOrFor();
    if (c === '{') return this.objectOrFor();
    const num = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return { k: 'lit', v: Number(num[0]) };
    }
    const name = this.ident();
    if (name === undefined) this.fail(`unexpected "${c}"`);
    if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true' };
    if (name === 'null') return { k: 'lit', v: null };
    if (this.peek('(')) {
      this.i++;
      const args: Expr[] = [];
      while (!this.eat(')')) {
        args.push(this.expr());
        this.eat('...');
        if (!this.eat(',') && !this.peek(')')) this.fail('expected "," or ")"');
      }
      return { k: 'call', fn: name, args };
    }
    return { k: 'ref', name };
  }

  /** A template up to `close` (a quote), or to the end of the text when close is undefined. */
  template(close: string | undefined): Expr {
    const parts: (string | Expr)[] = [];
    let text = '';
    const src = this.src;
    for (;;) {
      if (this.i >= src.length) {
        if (close !== undefined) this.fail('unterminated string');
        break;
      }
      const ch = src[this.i];
      if (close !== undefined && ch === close) {
        this.i++;
        break;
      }
      if (src.startsWith('$${', this.i) || src.startsWith('%%{', this.i)) {
        text += src[this.i] + '{';
        this.i += 3;
      } else if (src.startsWith('${', this.i)) {
        if (text) parts.push(text);
        text = '';
        this.i += 2;
        this.eat('~');
        parts.push(this.expr());
        this.eat('~');
        this.expect('}');
      } else if (src.startsWith('%{', this.i)) {
        this.fail('template directives (%{ if }, %{ for }) are not supported');
      } else if (ch === '\\' && close !== undefined) {
        const n = src[this.i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n === 'u') {
          text += String.fromCharCode(parseInt(src.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          text += map[n] ?? n;
          this.i += 2;
        }
      } else {
        text += ch;
        this.i++;
      }
    }
    if (text || parts.length === 0) parts.push(text);
    return { k: 'tmpl', parts };
  }

  heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_]\w*)\r?\n/.exec(this.src.slice(this.i));
    if (!m) this.fail('malformed heredoc');
    this.i += m[0].length;
    const end = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
    const rest = this.src.slice(this.i);
    const e = end.exec(rest);
    if (!e) this.fail(`heredoc ${m[2]} is not closed`);
    let body = rest.slice(0, e.index);
    if (m[1] === '-') {
      const lines = body.split('\n');
      const indent = Math.min(
        ...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length),
      );
      body = lines.map((l) => l.slice(indent)).join('\n');
    }
    this.i += e.index + e[0].length;
    const inner = new Parser(body);
    inner.depth = this.depth;
    return inner.nested(() => inner.template(undefined));
  }

  tupleOrFor(): Expr {
    this.expect('[');
    if (this.isFor()) {
      const f = this.forHead(true);
      this.expect(']');
      return f;
    }
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expr());
      if (!this.eat(',') && !this.peek(']')) this.fail('expected "," or "]"');
    }
    return { k: 'tuple', items };
  }

  objectOrFor(): Expr {
    this.expect('{');
    if (this.isFor()) {
      const f = this.forHead(false);
      this.expect('}');
      return f;
    }
    const items: [Expr, Expr][] = [];
    while (!this.eat('}')) {
      const save = this.i;
      const name = this.ident();
      let key: Expr;
      // A bare name before `=`/`:` is a literal key, as in HCL.
      if (name !== undefined && (this.peek('=') || this.peek(':')) && !this.peek('==')) {
        key = { k: 'lit', v: name };
      } else {
        this.i = save;
        key = this.expr();
      }
      if (!this.eat('=') && !this.eat(':')) this.fail('expected "=" in object');
      items.push([key, this.expr()]);
      this.eat(',');
    }
    return { k: 'object', items };
  }

  isFor(): boolean {
    this.ws();
    return /^for\s/.test(this.src.slice(this.i));
  }

  forHead(tuple: boolean): Expr {
    this.ident();
    const a = this.ident() ?? this.fail('expected a name after "for"');
    let keyVar: string | undefined;
    let valVar = a;
    if (this.eat(',')) {
      keyVar = a;
      valVar = this.ident() ?? this.fail('expected a name');
    }
    if (this.ident() !== 'in') this.fail('expected "in"');
    const coll = this.expr();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valExpr = this.expr();
    if (!tuple) {
      this.expect('=>');
      keyExpr = valExpr;
      valExpr = this.expr();
      this.eat('...');
    }
    let cond: Expr | undefined;
    this.ws();
    if (/^if\s/.test(this.src.slice(this.i))) {
      this.ident();
      cond = this.expr();
    }
    return {
      k: 'for',
      tuple,
      ...(keyVar !== undefined ? { keyVar } : {}),
      valVar,
      coll,
      ...(keyExpr !== undefined ? { keyExpr } : {}),
      valExpr,
      ...(cond !== undefined ? { cond } : {}),
    };
  }
}

/** Parses one expression (`var.x`, `jsonencode(var.dns)`, ...). */
export function parseExpr(src: string): Expr {
  const p = new Parser(src);
  const e = p.expr();
  if (!p.atEnd()) p.fail('unexpected text after the expression');
  return e;
}

/**
 * Parses a string as hcl2json leaves it: template text in which `${...}` are expressions
 * (`"http://${var.nomad}:4646"`, or a whole expression written as `"${var.x}"`).
 */
export function parseTemplate(src: string): Expr {
  return new Parser(src).template(undefined);
}
