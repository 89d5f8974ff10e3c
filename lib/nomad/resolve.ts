import { isInterp, isRef, Job, JobFile, Variable, VarRef, VarValue } from './model';
import { UserError } from '../util/errors';

/**
 * Fields (camelCase model names) whose value is a list of strings; a variable there must hold a
 * whole list (`datacenters = var.dcs`).
 */
const LIST_FIELDS = new Set([
  'datacenters',
  'tags',
  'canaryTags',
  'args',
  'entrypoint',
  'servers',
  'searches',
  'options',
  'volumes',
  'cap_add',
  'cap_drop',
  'crons',
  'aud',
  'policies',
  'metaRequired',
  'metaOptional',
]);
/** Fields that hold numbers: a string from `-var` is converted as `nomad job run` does. */
const NUMBER_FIELDS = new Set([
  'count',
  'priority',
  'static',
  'to',
  'cpu',
  'cores',
  'memory',
  'memoryMax',
  'weight',
  'percent',
  'attempts',
  'maxParallel',
  'canary',
  'limit',
  'uid',
  'gid',
  'size',
  'maxFiles',
  'maxFileSize',
]);
const BOOL_FIELDS = new Set([
  'allAtOnce',
  'autoRevert',
  'autoPromote',
  'prohibitOverlap',
  'enabled',
  'unlimited',
  'renderTemplates',
  'readOnly',
  'perAlloc',
  'migrate',
  'sticky',
  'ignoreWarnings',
  'tlsSkipVerify',
  'native',
  'env',
  'file',
  'errorOnMissingKey',
  'leader',
  'sidecar',
  'disabled',
]);
/** Blocks whose keys are user-chosen and whose values are strings (or header value lists). */
const MAP_FIELDS = new Set(['meta', 'env', 'labels', 'headers', 'header', 'options']);

/** Blocks with a label, shown in paths as `group[web]` rather than `group[0]`. */
const LABELLED = new Set(['group', 'task', 'port', 'volume', 'device', 'target']);

type Shape = 'string' | 'number' | 'bool' | 'list' | 'any';

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
  }
  const ctx: Ctx = { values, declared };
  return walk(file.job, `job[${file.job.name}]`, 'any', ctx, false) as unknown as Job;
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
  const v = ctx.values.get(ref.name);
  if (v === undefined) {
    throw new UserError(
      where,
      `variable '${ref.name}' has no value and no default`,
      `pass -var ${ref.name}=<value> or give the variable a default`,
    );
  }
  return v;
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
    case 'list':
      if (Array.isArray(v)) return v.map((x: VarValue, i) => scalarText(x, ref, `${where}[${i}]`));
      throw new UserError(
        where,
        `var.${ref.name} holds ${show(v)}, but a list of strings is needed here`,
        `give '${ref.name}' a list such as ["a"]`,
      );
  }
}

function shapeOf(key: string): Shape {
  if (LIST_FIELDS.has(key)) return 'list';
  if (NUMBER_FIELDS.has(key)) return 'number';
  if (BOOL_FIELDS.has(key)) return 'bool';
  return 'string';
}

/**
 * Walks model data. `shape` is what a reference at this position must become; `free` is true
 * inside driver `config`, where any value is allowed and nothing is coerced.
 */
function walk(node: unknown, where: string, shape: Shape, ctx: Ctx, free: boolean): unknown {
  if (isRef(node)) return convert(lookup(node, where, ctx), free ? 'any' : shape, node, where);
  if (isInterp(node)) {
    return node.parts
      .map((p) => (typeof p === 'string' ? p : scalarText(lookup(p, where, ctx), p, where)))
      .join('');
  }
  if (Array.isArray(node)) {
    // Elements of a string list are strings; elements of block lists take their own shapes.
    const inner: Shape = free ? 'any' : shape === 'list' ? 'string' : 'any';
    const labelled = !free && LABELLED.has(lastKey(where));
    return node.map((x: unknown, i) =>
      walk(x, `${where}[${(labelled && label(x)) || i}]`, inner, ctx, free),
    );
  }
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, unknown> = {};
    const parent = lastKey(where);
    const mapLike = !free && MAP_FIELDS.has(parent);
    for (const [k, v] of Object.entries(node)) {
      if (v === undefined) continue;
      const childFree = free || k === 'config';
      const childShape: Shape = mapLike
        ? parent === 'header'
          ? 'list'
          : 'string'
        : childFree
          ? 'any'
          : shapeOf(k);
      // Paths use HCL names: `volumeMount` -> `volume_mount`; user keys stay as written.
      const name = free || mapLike ? k : k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      out[k] = walk(v, `${where}.${name}`, childShape, ctx, childFree);
    }
    return out;
  }
  return node;
}

/** The label of a labelled block (group, task, port, volume), used in paths instead of an index. */
function label(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as { name?: unknown; label?: unknown; kind?: unknown };
  if (o.kind !== undefined) return undefined;
  return typeof o.name === 'string' ? o.name : typeof o.label === 'string' ? o.label : undefined;
}

function lastKey(where: string): string {
  const dot = where.lastIndexOf('.');
  return where.slice(dot + 1).replace(/\[.*$/, '');
}
