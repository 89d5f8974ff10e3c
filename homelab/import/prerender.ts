import { matchBrace } from '../../lib/nomad/hcl/escape';
import { toText, Unknown, type Val } from '../../lib/octant/module-reader';
import { UserError } from '../../lib/util/errors';

/**
 * Terraform renders a templatefile() jobspec before Nomad reads it: `${join(",", dns)}`,
 * `${format(...)}` and `%{ if }`/`%{ for }` directives are Terraform's, not Nomad's. This step
 * renders exactly those (with the values main.tf passes) and leaves plain `${name}`
 * placeholders, `${var.x}`, Nomad's runtime references and escapes for the next step, so a
 * valid module is not refused. What it renders is written out in the generated jobspec.
 */

/** Evaluates a Terraform expression's source in the template's scope (vars, loop names). */
export type EvalIn = (src: string, scope: ReadonlyMap<string, Val>) => Val;

/** A `${...}` the next step keeps: a placeholder, `var.x`, a runtime reference, a number. */
function isPlain(expr: string): boolean {
  return /^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(expr) || /^-?\d+(\.\d+)?$/.test(expr);
}

interface Directive {
  readonly start: number;
  readonly end: number;
  readonly word: string;
  readonly rest: string;
  readonly stripBefore: boolean;
  readonly stripAfter: boolean;
}

export function prerenderTemplate(
  text: string,
  evalIn: EvalIn,
  filename: string,
  vars: ReadonlyMap<string, Val> = new Map(),
): { text: string; rendered: number[] } {
  const r = new Prerenderer(text, evalIn, filename, vars);
  if (!/\$\{|%\{/.test(text)) return { text, rendered: r.rendered };
  return { text: r.render(0, text.length, new Map()), rendered: r.rendered };
}

/** One template's rendering: its text, scope and the lines rendered so far. */
class Prerenderer {
  readonly rendered: number[] = [];

  constructor(
    private readonly text: string,
    private readonly evalIn: EvalIn,
    private readonly filename: string,
    private readonly vars: ReadonlyMap<string, Val>,
  ) {}

  private readonly lineAt = (i: number): number => this.text.slice(0, i).split('\n').length;

  /** An expression's value, refused when it does not parse or is not known statically. */
  private value(src: string, at: number, sc: ReadonlyMap<string, Val>): Val {
    let v: Val;
    try {
      v = this.evalIn(src, new Map([...this.vars, ...sc]));
    } catch (e) {
      throw new UserError(
        `${this.filename}:${this.lineAt(at)}`,
        `template expression ${src} does not parse: ${(e as Error).message}`,
        'fix the expression (terraform plan fails the same way)',
      );
    }
    if (v instanceof Unknown) {
      throw new UserError(
        `${this.filename}:${this.lineAt(at)}`,
        `template expression ${src} cannot be computed statically: ${v.reason}`,
        'make its inputs static (variable defaults, files beside the module), then import again',
      );
    }
    return v;
  }

  /** The text from `from` to `to`, Terraform's own interpolations and directives rendered. */
  render(from: number, to: number, sc: ReadonlyMap<string, Val>): string {
    const text = this.text;
    let out = '';
    let i = from;
    while (i < to) {
      if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
        out += text.slice(i, i + 3);
        i += 3;
      } else if (text.startsWith('${', i)) {
        const end = matchBrace(text, i + 1);
        if (end < 0 || end >= to) return out + text.slice(i, to);
        out += this.interpolation(i, end, sc);
        i = end + 1;
      } else if (text.startsWith('%{', i)) {
        const d = directiveAt(text, i, this.filename, this.lineAt);
        const [body, next] = this.directive(d, sc);
        out = d.stripBefore ? out.replace(/\s+$/, '') : out;
        out += body;
        i = next;
      } else out += text[i++];
    }
    return out;
  }

  /** `${...}` from `start` to `end`: kept when plain (for the next step), else rendered. */
  private interpolation(start: number, end: number, sc: ReadonlyMap<string, Val>): string {
    const inner = this.text
      .slice(start + 2, end)
      .replace(/^~|~$/g, '')
      .trim();
    if (isPlain(inner) && !sc.has(inner.split('.')[0])) return this.text.slice(start, end + 1);
    const t = toText(this.value(inner, start, sc), 'an interpolated value');
    if (t instanceof Unknown)
      throw new UserError(
        `${this.filename}:${this.lineAt(start)}`,
        t.reason,
        'write the value out',
      );
    this.rendered.push(this.lineAt(start));
    return escapeRendered(t);
  }

  /** A directive's rendered text and where the text after its block starts. */
  private directive(d: Directive, sc: ReadonlyMap<string, Val>): [string, number] {
    this.rendered.push(this.lineAt(d.start));
    if (d.word === 'if') return this.ifBlock(d, sc);
    if (d.word === 'for') return this.forBlock(d, sc);
    throw new UserError(
      `${this.filename}:${this.lineAt(d.start)}`,
      `template directive %{ ${d.word} } has no opening %{ if } or %{ for }`,
      'balance the directives',
    );
  }

  private ifBlock(d: Directive, sc: ReadonlyMap<string, Val>): [string, number] {
    const { elseAt, endAt } = blockOf(this.text, d, 'endif', this.filename, this.lineAt);
    const c = this.value(d.rest, d.start, sc);
    const [from, to] =
      c === true || c === 'true'
        ? [d.end, (elseAt ?? endAt).start]
        : elseAt
          ? [elseAt.end, endAt.start]
          : [0, 0];
    return [strip(this.render(from, to, sc), d, endAt), afterStrip(this.text, endAt)];
  }

  private forBlock(d: Directive, sc: ReadonlyMap<string, Val>): [string, number] {
    const m = /^([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+([\s\S]+)$/.exec(d.rest);
    if (!m)
      throw new UserError(
        `${this.filename}:${this.lineAt(d.start)}`,
        `malformed directive %{ for ${d.rest} }`,
        'write %{ for x in list }',
      );
    const { endAt } = blockOf(this.text, d, 'endfor', this.filename, this.lineAt);
    const coll = this.value(m[3], d.start, sc);
    const entries: [Val, Val][] = Array.isArray(coll)
      ? coll.map((v, k) => [k, v])
      : (Object.entries(coll as object) as [Val, Val][]);
    let out = '';
    for (const [k, v] of entries) {
      const inner = new Map(sc);
      if (m[2] !== undefined) {
        inner.set(m[1], k);
        inner.set(m[2], v);
      } else inner.set(m[1], v);
      out += strip(this.render(d.end, endAt.start, inner), d, endAt);
    }
    return [out, afterStrip(this.text, endAt)];
  }
}

/** Rendered text goes back into a template: its own `${`/`%{` stay literal. */
function escapeRendered(t: string): string {
  return t.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

function strip(body: string, open: Directive, close: Directive): string {
  const a = open.stripAfter ? body.replace(/^\s+/, '') : body;
  return close.stripBefore ? a.replace(/\s+$/, '') : a;
}

function afterStrip(text: string, d: Directive): number {
  if (!d.stripAfter) return d.end;
  let i = d.end;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function directiveAt(
  text: string,
  i: number,
  filename: string,
  lineAt: (i: number) => number,
): Directive {
  const end = matchBrace(text, i + 1);
  if (end < 0)
    throw new UserError(
      `${filename}:${lineAt(i)}`,
      'unterminated template directive %{',
      'close it with }',
    );
  const raw = text.slice(i + 2, end);
  const inner = raw.replace(/^~|~$/g, '').trim();
  const m = /^(\w+)\s*([\s\S]*)$/.exec(inner);
  return {
    start: i,
    end: end + 1,
    word: m?.[1] ?? '',
    rest: (m?.[2] ?? '').trim(),
    stripBefore: raw.startsWith('~'),
    stripAfter: raw.endsWith('~'),
  };
}

/** The matching `%{ else }` (for if) and `%{ end... }` of an opening directive, nesting counted. */
function blockOf(
  text: string,
  open: Directive,
  endWord: string,
  filename: string,
  lineAt: (i: number) => number,
): { elseAt?: Directive; endAt: Directive } {
  let depth = 0;
  let elseAt: Directive | undefined;
  for (let i = text.indexOf('%{', open.end); i >= 0; i = text.indexOf('%{', i + 2)) {
    if (i > 0 && text[i - 1] === '%') continue;
    const d = directiveAt(text, i, filename, lineAt);
    if (d.word === 'if' || d.word === 'for') depth++;
    else if (d.word === 'endif' || d.word === 'endfor') {
      if (depth === 0) {
        if (d.word !== endWord) break;
        return { ...(elseAt ? { elseAt } : {}), endAt: d };
      }
      depth--;
    } else if (d.word === 'else' && depth === 0) elseAt = d;
  }
  throw new UserError(
    `${filename}:${lineAt(open.start)}`,
    `template directive %{ ${open.word} } has no %{ ${endWord} }`,
    `close it with %{ ${endWord} }`,
  );
}
