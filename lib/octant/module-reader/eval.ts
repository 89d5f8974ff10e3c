import { parseDocument } from 'yaml';
import { MAX_NESTING } from '../../util/boundary';
import { UserError } from '../../util/errors';
import { nonTextKeys } from '../../util/yaml-keys';
import { Expr, ExprSyntaxError, parseTemplate } from './expr';

/**
 * Static evaluation of Terraform expressions: what `terraform plan` would compute from the
 * module's own files alone (variable defaults, locals, files beside it). Anything only Terraform
 * knows (a 1Password value, a resource's id) evaluates to an `Unknown` that says why, so a
 * caller can name it instead of guessing.
 */

/**
 * Most evaluation steps one module may take: an Octant module takes a few thousand. Bounds the
 * work of loops over loops and of locals that refer to each other many times.
 */
export const MAX_EVAL_STEPS = 250_000;

/**
 * Largest value an expression may produce, in characters of text plus list and map elements
 * (a value shared twice counts twice, as jsonencode would write it): `a = [b, b]`, `b = [c, c]`,
 * ... or a string doubled by each local would otherwise grow exponentially.
 */
export const MAX_VALUE_SIZE = 4 * 1024 * 1024;

/** Evaluation went past MAX_EVAL_STEPS or MAX_VALUE_SIZE. `where` is filled in by the module. */
export class EvalLimit extends UserError {
  constructor(
    readonly what: string,
    where = 'the module',
    readonly located = false,
  ) {
    super(
      where,
      `evaluating it ${what}`,
      'write the value out (or simplify the locals): a module passes values of kilobytes to its jobspec',
    );
    this.name = 'EvalLimit';
  }
}

/** Size (see MAX_VALUE_SIZE) and depth of values already measured: shared parts count once. */
const measured = new WeakMap<object, readonly [number, number]>();

function isContainer(v: Val): v is readonly Val[] | { readonly [key: string]: Val } {
  return typeof v === 'object' && v !== null && !(v instanceof Unknown);
}

function leafSize(v: Val): number {
  return typeof v === 'string' ? v.length : 1;
}

/** [size, depth] of a value, measured without recursion (a decoded JSON text may be deep). */
export function measure(v: Val): readonly [number, number] {
  if (!isContainer(v)) return [leafSize(v), 0];
  const stack: [object, boolean][] = [[v, false]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const kids = Object.values(top[0]) as Val[];
    if (measured.has(top[0])) stack.pop();
    else if (!top[1]) {
      top[1] = true;
      for (const k of kids) if (isContainer(k) && !measured.has(k)) stack.push([k, false]);
    } else {
      let size = 1;
      let depth = 1;
      for (const k of kids) {
        const [s, d] = isContainer(k) ? measured.get(k)! : [leafSize(k), 0];
        size = Math.min(size + s, Number.MAX_SAFE_INTEGER);
        depth = Math.max(depth, d + 1);
      }
      measured.set(top[0], [size, depth]);
      stack.pop();
    }
  }
  return measured.get(v)!;
}

/** Refuses a value past MAX_VALUE_SIZE or MAX_NESTING; returns it. */
function bounded<T extends Val>(v: T): T {
  const [size, depth] = measure(v);
  if (size > MAX_VALUE_SIZE) {
    throw new EvalLimit(`produces a value larger than ${MAX_VALUE_SIZE} characters and elements`);
  }
  if (depth > MAX_NESTING)
    throw new EvalLimit(`produces a value nested deeper than ${MAX_NESTING} levels`);
  return v;
}

/** Refuses to build a text of `n` characters past MAX_VALUE_SIZE (checked before building it). */
function textFits(n: number): void {
  if (n > MAX_VALUE_SIZE) {
    throw new EvalLimit(`produces a text longer than ${MAX_VALUE_SIZE} characters`);
  }
}

/** A value that cannot be known without running Terraform. */
export class Unknown {
  constructor(
    /** Why, in words a user can act on. */
    readonly reason: string,
    /** The value comes from a secret store (never to be read or printed). */
    readonly secret = false,
  ) {}
}

export type Val =
  null | string | number | boolean | Unknown | readonly Val[] | { readonly [key: string]: Val };

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** The first Unknown anywhere inside a value, if any. */
export function firstUnknown(v: Val): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) {
    for (const x of v as Val[]) {
      const u = firstUnknown(x);
      if (u) return u;
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) {
      const u = firstUnknown(x);
      if (u) return u;
    }
  }
  return undefined;
}

/** How references outside the expression are resolved (var, local, data, path, ...). */
export interface Resolver {
  /** Value of a traversal rooted at a name the scope does not hold; `steps` are attribute names. */
  root(name: string, steps: readonly string[]): { value: Val; used: number };
  /** Reads a file relative to the module directory; Unknown when it is missing. */
  readFile(file: string): string | Unknown;
}

type Scope = ReadonlyMap<string, Val>;

function isObj(v: Val): v is { readonly [key: string]: Val } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** Text of a primitive as Terraform's string conversion gives it. */
export function toText(v: Val, what: string): string | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return new Unknown(`${what} is null`);
  return new Unknown(`${what} is a ${Array.isArray(v) ? 'list' : 'map'}, not a string`);
}

/** Terraform's jsonencode: compact, with <, >, & and line separators escaped. */
export function jsonencode(v: Val): string | Unknown {
  const u = firstUnknown(v);
  if (u) return u;
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export class Evaluator {
  private steps = 0;

  constructor(private readonly resolver: Resolver) {}

  /** The value of `e`; past MAX_EVAL_STEPS or MAX_VALUE_SIZE an EvalLimit error. */
  eval(e: Expr, scope: Scope = new Map()): Val {
    if (++this.steps > MAX_EVAL_STEPS) {
      throw new EvalLimit(`takes more than ${MAX_EVAL_STEPS} steps`);
    }
    return bounded(this.step(e, scope));
  }

  private step(e: Expr, scope: Scope): Val {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'tmpl':
        return this.template(e.parts, scope);
      case 'ref':
      case 'get':
      case 'index':
        return this.traversal(e, scope);
      case 'splat': {
        const base = this.eval(e.obj, scope);
        if (base instanceof Unknown) return base;
        const list = Array.isArray(base) ? (base as Val[]) : base === null ? [] : [base];
        return list.map((x) => e.attrs.reduce<Val>((acc, a) => this.attr(acc, a), x));
      }
      case 'call':
        return this.call(e.fn, e.args, scope);
      case 'tuple':
        return e.items.map((x) => this.eval(x, scope));
      case 'object': {
        const out: Record<string, Val> = {};
        for (const [k, v] of e.items) {
          const key = toText(this.eval(k, scope), 'an object key');
          if (key instanceof Unknown) return key;
          out[key] = this.eval(v, scope);
        }
        return out;
      }
      case 'for':
        return this.forExpr(e, scope);
      case 'cond': {
        const c = this.eval(e.c, scope);
        if (c instanceof Unknown) return c;
        return this.eval(c === true || c === 'true' ? e.t : e.f, scope);
      }
      case 'un': {
        const v = this.eval(e.e, scope);
        if (v instanceof Unknown) return v;
        return e.op === '!' ? !truthy(v) : -Number(v);
      }
      case 'bin':
        return this.binary(e.op, this.eval(e.l, scope), this.eval(e.r, scope));
    }
  }

  /** Renders a template text (a templatefile() file) with only `vars` in scope. */
  renderTemplate(text: string, vars: Val, what: string): Val {
    if (vars instanceof Unknown) return vars;
    if (!isObj(vars)) return new Unknown(`the vars of ${what} are not an object`);
    let parsed: Expr;
    try {
      parsed = parseTemplate(text);
    } catch (err) {
      // The message quotes the text: a file's content is never echoed.
      if (err instanceof ExprSyntaxError) {
        return new Unknown(`${what}: ${err.reason} (at offset ${err.offset})`);
      }
      throw err;
    }
    return this.eval(parsed, new Map(Object.entries(vars)));
  }

  private template(parts: readonly (string | Expr)[], scope: Scope): Val {
    // "${x}" alone is x itself (a list stays a list), as in HCL.
    if (parts.length === 1 && typeof parts[0] !== 'string') return this.eval(parts[0], scope);
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else {
        const t = toText(this.eval(p, scope), 'an interpolated value');
        if (t instanceof Unknown) return t;
        textFits(out.length + t.length);
        out += t;
      }
    }
    return out;
  }

  private traversal(e: Expr, scope: Scope): Val {
    // Flatten a.b[c].d into its root and steps.
    const steps: (string | Expr)[] = [];
    let cur: Expr = e;
    while (cur.k === 'get' || cur.k === 'index') {
      steps.unshift(cur.k === 'get' ? cur.attr : cur.idx);
      cur = cur.obj;
    }
    let value: Val;
    let used = 0;
    if (cur.k !== 'ref') value = this.eval(cur, scope);
    else if (scope.has(cur.name)) value = scope.get(cur.name)!;
    else {
      const names: string[] = [];
      for (const s of steps) {
        if (typeof s !== 'string') break;
        names.push(s);
      }
      ({ value, used } = this.resolver.root(cur.name, names));
    }
    for (const s of steps.slice(used)) {
      if (typeof s === 'string') value = this.attr(value, s);
      else {
        const idx = this.eval(s, scope);
        if (idx instanceof Unknown) return idx;
        value = Array.isArray(value)
          ? ((value as Val[])[Number(idx)] ?? new Unknown('an index is out of range'))
          : this.attr(value, String(idx), false);
      }
    }
    return value;
  }

  /** `named`: the name is written in the module (a computed key is not echoed: it may be data). */
  private attr(v: Val, name: string, named = true): Val {
    if (v instanceof Unknown) return v;
    const shown = named ? `attribute "${name}"` : 'a computed key';
    if (isObj(v)) {
      return Object.prototype.hasOwnProperty.call(v, name)
        ? v[name]
        : new Unknown(`the value has no ${shown}`);
    }
    return new Unknown(`cannot read ${shown} of a ${typeof v}`);
  }

  private forExpr(e: Extract<Expr, { k: 'for' }>, scope: Scope): Val {
    const coll = this.eval(e.coll, scope);
    if (coll instanceof Unknown) return coll;
    const entries: [Val, Val][] = Array.isArray(coll)
      ? (coll as Val[]).map((v, i) => [i, v])
      : isObj(coll)
        ? Object.entries(coll)
        : [];
    const list: Val[] = [];
    const obj: Record<string, Val> = {};
    for (const [k, v] of entries) {
      const inner = new Map(scope);
      if (e.keyVar !== undefined) inner.set(e.keyVar, k);
      inner.set(e.valVar, v);
      if (e.cond) {
        const c = this.eval(e.cond, inner);
        if (c instanceof Unknown) return c;
        if (!truthy(c)) continue;
      }
      const value = this.eval(e.valExpr, inner);
      if (e.tuple) list.push(value);
      else {
        const key = toText(this.eval(e.keyExpr!, inner), 'a for key');
        if (key instanceof Unknown) return key;
        obj[key] = value;
      }
    }
    return e.tuple ? list : obj;
  }

  private binary(op: string, l: Val, r: Val): Val {
    if (op === '==' || op === '!=') {
      const u = firstUnknown(l) ?? firstUnknown(r);
      if (u) return u;
      const eq = JSON.stringify(l) === JSON.stringify(r);
      return op === '==' ? eq : !eq;
    }
    if (l instanceof Unknown) return l;
    if (r instanceof Unknown) return r;
    if (op === '&&') return truthy(l) && truthy(r);
    if (op === '||') return truthy(l) || truthy(r);
    const a = Number(l);
    const b = Number(r);
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return a / b;
      case '%':
        return a % b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '<=':
        return a <= b;
      default:
        return a >= b;
    }
  }

  private call(fn: string, argExprs: readonly Expr[], scope: Scope): Val {
    const args = argExprs.map((a) => this.eval(a, scope));
    // Most functions give at most what they are given; those that multiply check themselves.
    bounded(args);
    const f = FUNCTIONS[fn];
    if (f === undefined) {
      return new Unknown(`function ${fn}() is not evaluated statically`);
    }
    // Most functions need every argument known; those that take lists check deeper themselves.
    const u = args.find((a): a is Unknown => a instanceof Unknown);
    if (u) return u;
    return f(args, this);
  }

  /** @internal for the function table */
  readFile(file: Val): string | Unknown {
    const p = toText(file, 'the file name');
    if (p instanceof Unknown) return p;
    return this.resolver.readFile(p);
  }
}

function truthy(v: Val): boolean {
  return v === true || v === 'true';
}

function str(v: Val, what: string): string | Unknown {
  return toText(v, what);
}

function list(v: Val): readonly Val[] {
  if (Array.isArray(v)) return v as Val[];
  if (isObj(v)) return Object.values(v);
  return v === null ? [] : [v];
}

type Fn = (args: readonly Val[], ev: Evaluator) => Val;

/** Terraform functions that Octant modules use around template values. */
const FUNCTIONS: Readonly<Record<string, Fn>> = {
  file: ([p], ev) => ev.readFile(p),
  templatefile: ([p, vars], ev) => {
    const text = ev.readFile(p);
    if (text instanceof Unknown) return text;
    return ev.renderTemplate(text, vars, `templatefile(${String(p)})`);
  },
  jsonencode: ([v]) => jsonencode(v),
  jsondecode: ([v]) => {
    const s = str(v, 'jsondecode input');
    if (s instanceof Unknown) return s;
    try {
      return JSON.parse(s) as Val;
    } catch {
      return new Unknown('jsondecode: the text is not JSON');
    }
  },
  yamldecode: ([v]) => {
    const s = str(v, 'yamldecode input');
    if (s instanceof Unknown) return s;
    try {
      // logLevel: yaml never prints (a warning would quote the input).
      const doc = parseDocument(s, { logLevel: 'silent' });
      if (doc.errors.length > 0) return new Unknown('yamldecode: the text is not YAML');
      if (nonTextKeys(doc).length > 0)
        return new Unknown('yamldecode: a key is a list, a map or a tagged value, not a string');
      return (doc.toJS() ?? null) as Val;
    } catch {
      return new Unknown('yamldecode: the text is not YAML');
    }
  },
  base64encode: ([v]) => {
    const s = str(v, 'base64encode input');
    return s instanceof Unknown ? s : Buffer.from(s, 'utf8').toString('base64');
  },
  base64decode: ([v]) => {
    const s = str(v, 'base64decode input');
    return s instanceof Unknown ? s : Buffer.from(s, 'base64').toString('utf8');
  },
  join: ([sep, ...lists]) => {
    const items = lists.flatMap(list);
    const u = firstUnknown(items);
    if (u) return u;
    const texts = items.map((x) => str(x, 'a joined value'));
    const bad = texts.find((t): t is Unknown => t instanceof Unknown);
    if (bad) return bad;
    const strs = texts as string[];
    textFits(strs.reduce((n, t) => n + t.length, 0) + String(sep).length * strs.length);
    return strs.join(String(sep));
  },
  split: ([sep, s]) => String(s).split(String(sep)),
  lower: ([s]) => String(s).toLowerCase(),
  upper: ([s]) => String(s).toUpperCase(),
  trimspace: ([s]) => String(s).trim(),
  replace: ([s, a, b]) => {
    const from = String(a);
    if (/^\/.*\/$/.test(from)) return new Unknown('replace() with a regular expression');
    const parts = String(s).split(from);
    textFits(String(s).length + (parts.length - 1) * String(b).length);
    return parts.join(String(b));
  },
  format: ([f, ...rest]) => {
    let i = 0;
    let n = String(f).length;
    return String(f).replace(/%%|%[sdv]/g, (m) => {
      const t = m === '%%' ? '%' : String(rest[i++]);
      textFits((n += t.length));
      return t;
    });
  },
  concat: (lists) => lists.flatMap(list),
  flatten: ([v]) => {
    const out: Val[] = [];
    const walk = (x: Val): void => {
      if (Array.isArray(x)) (x as Val[]).forEach(walk);
      else out.push(x);
    };
    walk(v);
    return out;
  },
  merge: (objs) => Object.assign({}, ...objs.filter(isObj)) as Val,
  one: ([v]) => {
    const l = list(v);
    if (l.length > 1) return new Unknown('one() got more than one element');
    return l[0] ?? null;
  },
  length: ([v]) => (typeof v === 'string' ? v.length : list(v).length),
  lookup: ([m, k, d]) =>
    isObj(m) && Object.prototype.hasOwnProperty.call(m, String(k))
      ? m[String(k)]
      : (d ?? new Unknown('lookup: the key is not in the map')),
  keys: ([m]) => (isObj(m) ? Object.keys(m).sort() : []),
  values: ([m]) =>
    isObj(m)
      ? Object.keys(m)
          .sort()
          .map((k) => m[k])
      : [],
  contains: ([l, v]) => list(l).some((x) => JSON.stringify(x) === JSON.stringify(v)),
  element: ([l, i]) => {
    const items = list(l);
    return items.length === 0
      ? new Unknown('element() of an empty list')
      : items[Number(i) % items.length];
  },
  distinct: ([l]) => {
    const seen = new Set<string>();
    return list(l).filter((x) => {
      const k = JSON.stringify(x);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
  compact: ([l]) => list(l).filter((x) => x !== null && x !== ''),
  coalesce: (args) => args.find((a) => a !== null && a !== '') ?? null,
  toset: ([l]) =>
    [...new Set(list(l).map((x) => JSON.stringify(x)))].sort().map((s) => JSON.parse(s) as Val),
  tolist: ([l]) => list(l),
  tomap: ([m]) => m,
  tostring: ([v]) => (v === null ? null : str(v, 'tostring input')),
  tonumber: ([v]) => (v === null ? null : Number(v)),
  tobool: ([v]) => (v === null ? null : truthy(v)),
};
