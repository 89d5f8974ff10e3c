import { isInterp, isRef, Job, JobFile, Variable, VarRef, VarValue } from './model';
import { BlockName, FieldKind, blockSpec } from './schema';
import { UserError } from '../util/errors';

type Shape = 'string' | 'number' | 'bool' | 'list' | 'numberList' | 'any';

interface Ctx {
  readonly values: ReadonlyMap<string, VarValue>;
  readonly declared: ReadonlyMap<string, Variable>;
}

/**
 * Replaces every variable reference in the job with its value: the one given in `vars`, else the
 * variable's default. Strings given for number/bool variables are converted the way
 * `nomad job run -var` converts them.
 *
 * @throws UserError for an undeclared variable, a variable without value or default, or a value
 *   of the wrong type for where it is used.
 */
export function resolveVars(file: JobFile, vars: Readonly<Record<string, VarValue>> = {}): Job {
  const declared = new Map<string, Variable>();
  for (const v of file.variables ?? []) declared.set(v.name, v);
  for (const name of Object.keys(vars)) {
    if (!declared.has(name)) {
      throw new UserError(
        `var.${name}`,
        `a value was given for '${name}', which the jobspec does not declare`,
        `declare it with a variable "${name}" block, or drop the value`,
      );
    }
  }
  const values = new Map<string, VarValue>();
  for (const v of declared.values()) {
    const given = Object.prototype.hasOwnProperty.call(vars, v.name) ? vars[v.name] : v.default;
    if (given !== undefined) values.set(v.name, coerceToType(v, given));
    // Nomad refuses every unset variable, used or not ("Unset variable").
    else {
      throw new UserError(
        `variable "${v.name}"`,
        `variable '${v.name}' has no value and no default (Nomad refuses an unset variable, used or not)`,
        `pass -var ${v.name}=<value>, give the variable a default, or remove it`,
      );
    }
  }
  const ctx: Ctx = { values, declared };
  return walkBlock(
    'Job',
    file.job as unknown as Rec,
    `job[${file.job.name}]`,
    ctx,
  ) as unknown as Job;
}

/** Applies the variable's declared type to a value, converting strings as the Nomad CLI does. */
function coerceToType(v: Variable, value: VarValue): VarValue {
  const type = (v.type ?? 'any').replace(/\s+/g, '');
  const where = `var.${v.name}`;
  if (type === 'number') {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw new UserError(
        where,
        `'${v.name}' is a number variable but got ${show(value)}`,
        'give a number',
      );
    }
    return n;
  }
  if (type === 'bool') {
    if (value === 'true' || value === 'false') return value === 'true';
    if (typeof value !== 'boolean') {
      throw new UserError(
        where,
        `'${v.name}' is a bool variable but got ${show(value)}`,
        'give true or false',
      );
    }
    return value;
  }
  if (type === 'string') {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') {
      throw new UserError(
        where,
        `'${v.name}' is a string variable but got ${show(value)}`,
        'give a string',
      );
    }
    return value;
  }
  if (/^(list|set|tuple|map|object)\(/.test(type) && typeof value === 'string') {
    // `-var 'dns=["1.1.1.1"]'`: a collection given on the command line is an expression.
    try {
      return JSON.parse(value) as VarValue;
    } catch {
      throw new UserError(
        where,
        `'${v.name}' has type ${type} but got the text ${show(value)}`,
        `give a value such as ["a", "b"]`,
      );
    }
  }
  return value;
}

function show(v: VarValue): string {
  return JSON.stringify(v);
}

function lookup(ref: VarRef, where: string, ctx: Ctx): VarValue {
  if (!ctx.declared.has(ref.name)) {
    throw new UserError(
      where,
      `var.${ref.name} is used but not declared`,
      `add a variable "${ref.name}" block to the jobspec`,
    );
  }
  // resolveVars gave every declared variable a value (or refused it).
  return ctx.values.get(ref.name)!;
}

function scalarText(v: VarValue, ref: VarRef, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new UserError(
    where,
    `var.${ref.name} holds ${show(v)}, but a string is needed here`,
    `give '${ref.name}' a string value`,
  );
}

function convert(v: VarValue, shape: Shape, ref: VarRef, where: string): VarValue {
  switch (shape) {
    case 'any':
      return v;
    case 'string':
      return scalarText(v, ref, where);
    case 'number': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      throw new UserError(
        where,
        `var.${ref.name} holds ${show(v)}, but a number is needed here`,
        `give '${ref.name}' a number`,
      );
    }
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw new UserError(
        where,
        `var.${ref.name} holds ${show(v)}, but true or false is needed here`,
        `give '${ref.name}' a bool`,
      );
    case 'numberList':
      if (Array.isArray(v))
        return v.map((x: VarValue, i) => convert(x, 'number', ref, `${where}[${i}]`));
      throw new UserError(
        where,
        `var.${ref.name} holds ${show(v)}, but a list of numbers is needed here`,
        `give '${ref.name}' a list such as [1, 2]`,
      );
    case 'list':
      if (Array.isArray(v)) return v.map((x: VarValue, i) => scalarText(x, ref, `${where}[${i}]`));
      throw new UserError(
        where,
        `var.${ref.name} holds ${show(v)}, but a list of strings is needed here`,
        `give '${ref.name}' a list such as ["a"]`,
      );
  }
}

type Rec = Readonly<Record<string, unknown>>;

/** What a reference in a field of this kind must become. */
const SHAPES: Partial<Record<FieldKind, Shape>> = {
  string: 'string',
  duration: 'string',
  number: 'number',
  bool: 'bool',
  stringList: 'list',
  numberList: 'numberList',
};

/** Walks one block by its spec; paths use HCL names and block labels. */
function walkBlock(name: BlockName, node: Rec, where: string, ctx: Ctx): Rec {
  const spec = blockSpec(name);
  const out: Record<string, unknown> = { ...node };
  for (const f of spec.fields) {
    const v = node[f.field];
    if (v === undefined) continue;
    const at = `${where}.${f.hcl}`;
    const shape = SHAPES[f.kind];
    if (shape !== undefined) {
      out[f.field] = walk(v, at, shape, ctx);
      continue;
    }
    switch (f.kind) {
      case 'stringMap':
      case 'stringMapAttr':
      case 'headerMap':
        out[f.field] = walkMap(v as Rec, at, f.kind === 'headerMap' ? 'list' : 'string', ctx);
        break;
      case 'block':
        out[f.field] = walkBlock(f.block as BlockName, v as Rec, at, ctx);
        break;
      case 'blocks':
      case 'labeledBlocks':
      case 'labeledMap':
        out[f.field] = (v as readonly Rec[]).map((b, i) => {
          const label = f.labelField === undefined ? undefined : b[f.labelField];
          const key = typeof label === 'string' ? label : String(i);
          return walkBlock(f.block as BlockName, b, `${at}[${key}]`, ctx);
        });
        break;
      default:
        // Driver `config` and variable defaults: any value, nothing coerced.
        out[f.field] = walk(v, at, 'any', ctx);
    }
  }
  return out;
}

function walkMap(m: Rec, where: string, shape: Shape, ctx: Ctx): Rec {
  const out: Record<string, unknown> = {};
  // User keys stay as written.
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined) continue;
    out[k] =
      shape === 'list' && Array.isArray(v)
        ? v.map((x: unknown, i) => walk(x, `${where}.${k}[${i}]`, 'string', ctx))
        : walk(v, `${where}.${k}`, shape, ctx);
  }
  return out;
}

/** Walks a value: references are replaced, converted to what `shape` needs. */
function walk(node: unknown, where: string, shape: Shape, ctx: Ctx): unknown {
  if (isRef(node)) return convert(lookup(node, where, ctx), shape, node, where);
  if (isInterp(node)) {
    return node.parts
      .map((p) => (typeof p === 'string' ? p : scalarText(lookup(p, where, ctx), p, where)))
      .join('');
  }
  if (Array.isArray(node)) {
    const inner: Shape = shape === 'list' ? 'string' : shape === 'numberList' ? 'number' : 'any';
    return node.map((x: unknown, i) => walk(x, `${where}[${i}]`, inner, ctx));
  }
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (v !== undefined) out[k] = walk(v, `${where}.${k}`, 'any', ctx);
    }
    return out;
  }
  return node;
}
