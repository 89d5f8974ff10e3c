import { Interpolation, Job, JobFile, Str, VarRef, Variable } from '../model';
import { BlockName, BlockSpec, FieldSpec, blockSpec } from '../schema';
import { UserError } from '../../util/errors';
import { TemplateDirectiveError, quoteString, scanTemplate } from './escape';
import { Locator } from './locate';
import { nearest } from './suggest';
import { renderTemplatefile, templatePlaceholders } from './templatefile';
import { parseHcl } from './syntax';

export interface ParseOptions {
  /**
   * File name used in error messages.
   * @default 'jobspec.nomad.hcl'
   */
  readonly filename?: string;
  /**
   * Values for a `templatefile()` template's placeholders (names that are not declared HCL2
   * variables). HCL2 variable values are not applied here: the model keeps `var.x` references.
   * @default - no template rendering unless the text needs it
   */
  readonly vars?: Readonly<Record<string, string>>;
}

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
type Rec = Record<string, unknown>;

/**
 * Reads a Nomad jobspec (HCL2, or an Octant `templatefile()` template) into the model.
 * Unknown blocks and attributes are errors naming the nearest valid spelling; HCL syntax errors
 * keep HashiCorp's `file:line:column` position.
 */
export async function parseJobspec(text: string, opts: ParseOptions = {}): Promise<JobFile> {
  return parseJobspecSync(text, opts);
}

/** `parseJobspec` for callers that cannot await (the cdktf app builds its tree synchronously). */
export function parseJobspecSync(text: string, opts: ParseOptions = {}): JobFile {
  const filename = opts.filename ?? 'jobspec.nomad.hcl';
  const declared = new Set([...text.matchAll(/variable\s+"([^"]+)"/g)].map((m) => m[1]));
  const templateVars = Object.fromEntries(
    Object.entries(opts.vars ?? {}).filter(([k]) => !declared.has(k)),
  );
  let source = text;
  // An unfilled `${name}` placeholder is an error even where it is valid HCL (inside a string):
  // read as HCL it would stay the literal text `${name}`, never what the module passes.
  if (Object.keys(templateVars).length > 0 || templatePlaceholders(text).length > 0) {
    source = renderTemplatefile(text, templateVars, filename);
  }
  const json = parseHcl(filename, source) as Obj;
  return new Reader(source, filename).file(json);
}

/**
 * Reads many jobs from one text (variables and jobs in source order). For bulk checks such as
 * property tests, where one hcl2json call per job would be slow; a jobspec file has one job.
 */
export async function parseJobspecBatch(
  text: string,
  opts: { readonly filename?: string } = {},
): Promise<{ variables: Variable[]; jobs: Job[] }> {
  const filename = opts.filename ?? 'jobspec.nomad.hcl';
  const json = parseHcl(filename, text) as Obj;
  return new Reader(text, filename).files(json);
}

/** `parse config: [f.hcl:2,7-3,1: Invalid expression; ...]` -> `f.hcl:2:7: Invalid expression; ...` */
export function hclError(e: unknown, filename: string): UserError {
  const all = (e instanceof Error ? e.message : String(e)).replace(/^parse config: \[|\]$/g, '');
  // hcl2json joins every diagnostic into one message: keep the first, it is the cause.
  const next = all.slice(1).search(/ [^ :]+:\d+,\d+(-[\d,]+)?: /);
  const msg = next < 0 ? all : all.slice(0, next + 1);
  const m = /^(.*?):(\d+),(\d+)(?:-[\d,]+)?: ([\s\S]*)$/.exec(msg);
  if (!m) return new UserError(filename, msg, 'fix the HCL syntax');
  return new UserError(`${m[1]}:${m[2]}:${m[3]}`, m[4], 'fix the HCL syntax at that position');
}

class Reader {
  private readonly loc: Locator;
  private readonly locals = new Map<string, Str>();

  constructor(
    text: string,
    private readonly filename: string,
  ) {
    this.loc = new Locator(text);
  }

  file(json: Obj): JobFile {
    const { variables, jobs } = this.files(json);
    if (jobs.length !== 1) {
      throw new UserError(
        this.filename,
        jobs.length === 0 ? 'no job block' : `${jobs.length} job blocks`,
        'a jobspec file holds exactly one `job "name" { ... }` block',
      );
    }
    const out: Rec = { job: jobs[0] };
    if (variables.length > 0) return { variables, ...out } as unknown as JobFile;
    return out as unknown as JobFile;
  }

  files(json: Obj): { variables: Variable[]; jobs: Job[] } {
    for (const key of Object.keys(json)) {
      if (key !== 'variable' && key !== 'job' && key !== 'locals') {
        this.unknown(key, '', 0, ['variable', 'locals', 'job'], 'file');
      }
    }
    this.readLocals(json.locals);
    const variables = this.labeled('Variable', json.variable, '', 0, 'variable');
    const jobs = this.labeled('Job', json.job, '', 0, 'job');
    return { variables: variables as unknown as Variable[], jobs: jobs as unknown as Job[] };
  }

  /** Labeled sibling blocks, in source order (hcl2json sorts object keys). */
  private labeled(
    type: BlockName,
    v: Json | undefined,
    path: string,
    from: number,
    hcl: string,
    labelField?: string,
  ): Rec[] {
    if (v === undefined) return [];
    const spec = blockSpec(type);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new UserError(
        this.where(path + hcl, from),
        `\`${hcl}\` blocks need a label`,
        `write \`${hcl} "name" { ... }\``,
      );
    }
    const found = Object.entries(v).map(([label, bodies]) => ({
      label,
      bodies: Array.isArray(bodies) ? bodies : [bodies],
      at: this.loc.block(hcl, quoteString(label), from),
    }));
    found.sort((a, b) => a.at - b.at);
    const out: Rec[] = [];
    for (const { label, bodies, at } of found) {
      for (const body of bodies) {
        const p = `${path}${hcl}[${label}]`;
        out.push({
          [labelField ?? spec.labelField ?? 'name']: label,
          ...this.body(spec, body, p, at, hcl),
        });
      }
    }
    return out;
  }

  private body(spec: BlockSpec, v: Json, path: string, at: number, hcl: string): Rec {
    const body = this.obj(v, path, at);
    const out: Rec = {};
    const extras: Rec = {};
    for (const [key, value] of Object.entries(body)) {
      const extra = PARSER_EXTRAS[spec.name]?.[key];
      if (extra) {
        extras[key] = this.field(extra, value, `${path}.${key}`, at);
        continue;
      }
      const field = spec.fields.find((f) => f.hcl === key);
      if (!field) {
        this.unknown(
          key,
          path,
          at,
          spec.fields.map((f) => f.hcl).concat(Object.keys(PARSER_EXTRAS[spec.name] ?? {})),
          hcl,
        );
      }
      const converted = this.field(field, value, `${path}.${key}`, at);
      if (converted !== undefined) out[field.field] = converted;
    }
    for (const f of spec.fields) {
      if (f.required && f.kind !== 'blocks' && f.kind !== 'labeledBlocks' && !(f.field in out)) {
        throw new UserError(
          this.where(path, at),
          `\`${hcl}\` needs the attribute \`${f.hcl}\``,
          `add ${f.hcl} = ... to the block`,
        );
      }
    }
    if (spec.name === 'Task') this.checkScaling(out, path, at);
    if (spec.name === 'TaskGroup') this.checkGroupScaling(out, path, at);
    // Keep model order (schema order) so equal models compare and print alike.
    const ordered: Rec = {};
    for (const f of spec.fields) if (f.field in out) ordered[f.field] = out[f.field];
    if (spec.name === 'TaskGroup') pushDown(ordered, extras, true);
    if (spec.name === 'Job') {
      // A task written directly in the job is a group of its own name, listed first.
      const alone = ((extras.task as Rec[] | undefined) ?? []).map((t) => ({
        name: t.name,
        task: [t],
      }));
      if (alone.length > 0)
        ordered.group = [...alone, ...((ordered.group as Rec[] | undefined) ?? [])];
      for (const g of (ordered.group as Rec[] | undefined) ?? []) pushDown(g, extras, false);
    }
    return ordered;
  }

  /** Task `scaling` labels name the resource: jobspec2 accepts `cpu` and `mem` only. */
  private checkScaling(task: Rec, path: string, at: number): void {
    const seen = new Set<string>();
    for (const s of (task.scaling as Rec[] | undefined) ?? []) {
      const label = String(s.name).toLowerCase();
      const where = this.where(`${path}.scaling[${String(s.name)}]`, this.loc.key('scaling', at));
      if (label !== 'cpu' && label !== 'mem') {
        throw new UserError(
          where,
          'a task `scaling` block must be labeled "cpu" or "mem"',
          'write scaling "cpu" { ... } or scaling "mem" { ... }',
        );
      }
      if (seen.has(label))
        throw new UserError(
          where,
          `only one scaling "${label}" block is allowed`,
          'merge the blocks',
        );
      seen.add(label);
      const type = s.type;
      if (typeof type === 'string' && type !== `vertical_${label}`) {
        throw new UserError(
          where,
          `a task scaling "${label}" block has type "vertical_${label}", not "${type}"`,
          `write type = "vertical_${label}", or leave type out`,
        );
      }
    }
  }

  /** Group `scaling` is horizontal (the group count) and names its \`max\` (as jobspec2 requires). */
  private checkGroupScaling(group: Rec, path: string, at: number): void {
    const s = group.scaling as Rec | undefined;
    if (s === undefined) return;
    const where = this.where(`${path}.scaling`, this.loc.key('scaling', at));
    if (typeof s.type === 'string' && s.type !== 'horizontal') {
      throw new UserError(
        where,
        `a group scaling block scales the group count (type "horizontal"), not "${s.type}"`,
        s.type.startsWith('vertical_')
          ? `move it into the task as scaling "${s.type.slice('vertical_'.length)}" { ... }`
          : 'write type = "horizontal", or leave type out',
      );
    }
    if (s.max === undefined) {
      throw new UserError(where, 'a group scaling block needs `max`', 'add max = <largest count>');
    }
  }

  private field(field: FieldSpec, v: Json, path: string, at: number): unknown {
    const here = this.loc.key(field.hcl, at);
    switch (field.kind) {
      case 'string':
      case 'duration':
        return this.str(v, path, here);
      case 'number':
        return this.num(v, path, here);
      case 'bool':
        return this.bool(v, path, here);
      case 'stringList':
        return this.strList(v, path, here);
      case 'numberList':
        return this.numList(v, path, here);
      case 'stringMap':
      case 'stringMapAttr':
        return this.strMap(v, path, here);
      case 'headerMap':
        return this.headerMap(v, path, here);
      case 'value':
        return this.value(v, path, here);
      case 'typeExpr':
        return typeof v === 'string' ? v.replace(/^\$\{([\s\S]*)\}$/, '$1') : String(v);
      case 'config': {
        const body = this.merged(v, path, here);
        const out: Rec = {};
        for (const [raw, x] of Object.entries(body)) {
          const k = keyText(raw);
          out[k] = this.value(x, `${path}.${k}`, here);
        }
        return out;
      }
      case 'block': {
        const bodies = Array.isArray(v) ? v : [v];
        if (bodies.length > 1) {
          throw new UserError(
            this.where(path, here),
            `only one \`${field.hcl}\` block is allowed here`,
            'merge the blocks into one',
          );
        }
        return this.body(blockSpec(need(field)), bodies[0], path, here, field.hcl);
      }
      case 'blocks': {
        const bodies = Array.isArray(v) ? v : [v];
        const base = path.slice(0, path.length - field.hcl.length - 1);
        return bodies.map((b, i) => {
          const at2 = this.loc.block(field.hcl, undefined, at, i);
          return this.body(blockSpec(need(field)), b, `${base}.${field.hcl}[${i}]`, at2, field.hcl);
        });
      }
      case 'labeledBlocks':
      case 'labeledMap': {
        const base = path.slice(0, path.length - field.hcl.length);
        return this.labeled(need(field), v, base, at, field.hcl, field.labelField);
      }
    }
  }

  private str(v: Json, path: string, at: number): Str {
    if (typeof v === 'string') return this.template(v, path, at);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new UserError(this.where(path, at), 'must be a string', 'write a quoted string');
  }

  private num(v: Json, path: string, at: number): number | VarRef {
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      const s = this.template(v, path, at);
      if (typeof s === 'object' && s.kind === 'var') return s;
      if (typeof s === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(s)) return Number(s);
    }
    throw new UserError(
      this.where(path, at),
      `must be a number, got ${JSON.stringify(v)}`,
      'write a number such as 8080',
    );
  }

  private bool(v: Json, path: string, at: number): boolean | VarRef {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const s = this.template(v, path, at);
      if (typeof s === 'object' && s.kind === 'var') return s;
      if (s === 'true' || s === 'false') return s === 'true';
    }
    throw new UserError(
      this.where(path, at),
      `must be true or false, got ${JSON.stringify(v)}`,
      'write true or false',
    );
  }

  private strList(v: Json, path: string, at: number): readonly Str[] | VarRef {
    if (Array.isArray(v)) return v.map((e, i) => this.str(e, `${path}[${i}]`, at));
    if (typeof v === 'string') {
      const s = this.template(v, path, at);
      if (typeof s === 'object' && s.kind === 'var') return s;
    }
    throw new UserError(this.where(path, at), 'must be a list of strings', 'write ["a", "b"]');
  }

  private numList(v: Json, path: string, at: number): readonly (number | VarRef)[] | VarRef {
    if (Array.isArray(v)) return v.map((e, i) => this.num(e, `${path}[${i}]`, at));
    if (typeof v === 'string') {
      const s = this.template(v, path, at);
      if (typeof s === 'object' && s.kind === 'var') return s;
    }
    throw new UserError(this.where(path, at), 'must be a list of numbers', 'write [1, 2]');
  }

  private strMap(v: Json, path: string, at: number): Record<string, Str> {
    const out: Record<string, Str> = {};
    for (const [raw, x] of Object.entries(this.merged(v, path, at))) {
      const k = keyText(raw);
      out[k] = this.str(x, `${path}.${k}`, at);
    }
    return out;
  }

  private headerMap(v: Json, path: string, at: number): Record<string, readonly Str[]> {
    const out: Record<string, readonly Str[]> = {};
    for (const [raw, x] of Object.entries(this.merged(v, path, at))) {
      const k = keyText(raw);
      // Nomad decodes each header as a list of strings: a bare string is refused.
      if (!Array.isArray(x) && !(typeof x === 'string' && /^\$\{[\s\S]*\}$/.test(x))) {
        throw new UserError(
          this.where(`${path}.${k}`, at),
          `header ${k} must be a list of strings`,
          `write ${keyNeedsQuotes(k) ? JSON.stringify(k) : k} = [${JSON.stringify(typeof x === 'string' ? x : String(x))}]`,
        );
      }
      out[k] = Array.isArray(x)
        ? x.map((e) => this.str(e, `${path}.${k}`, at))
        : [this.str(x, `${path}.${k}`, at)];
    }
    return out;
  }

  /** A map written as a block (`env { }`, a list of bodies to hcl2json) or as an attribute. */
  private merged(v: Json, path: string, at: number): Obj {
    if (Array.isArray(v)) return Object.assign({}, ...v.map((b) => this.obj(b, path, at))) as Obj;
    return this.obj(v, path, at);
  }

  private value(v: Json, path: string, at: number): unknown {
    if (typeof v === 'string') return this.template(v, path, at);
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    if (v === null)
      throw new UserError(this.where(path, at), 'null is not allowed here', 'remove the attribute');
    if (Array.isArray(v)) return v.map((e, i) => this.value(e, `${path}[${i}]`, at));
    const out: Rec = {};
    for (const [raw, x] of Object.entries(v)) {
      const k = keyText(raw);
      out[k] = this.value(x, `${path}.${k}`, at);
    }
    return out;
  }

  private obj(v: Json, path: string, at: number): Obj {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v;
    throw new UserError(
      this.where(path, at),
      'must be a block',
      `write ${path.split('.').pop()} { ... }`,
    );
  }

  /** Template source -> literal text, `var.x` reference, or interpolation. */
  /** One `${...}` expression: a local's value, or see `exprValue`. */
  private expr(expr: string, path: string, at: number): Str {
    const local = /^local\.([A-Za-z_][\w-]*)$/.exec(expr);
    if (!local) return exprValue(expr);
    const v = this.locals.get(local[1]);
    if (v === undefined) {
      throw new UserError(
        this.where(path, at),
        `local.${local[1]} is not defined`,
        `define it in a locals { ${local[1]} = ... } block`,
      );
    }
    return v;
  }

  private template(src: string, path: string, at: number): Str {
    let parts;
    try {
      parts = scanTemplate(src);
    } catch (e) {
      if (e instanceof TemplateDirectiveError) {
        throw new UserError(
          this.where(path, at),
          e.message,
          'escape it as %%{ or write the value out',
        );
      }
      throw e;
    }
    const out: (string | VarRef)[] = [];
    for (const p of parts) {
      const piece = p.kind === 'text' ? p.text : this.expr(p.expr, path, at);
      for (const x of typeof piece === 'object' && piece.kind === 'interp'
        ? piece.parts
        : [piece]) {
        const last = out[out.length - 1];
        if (typeof x === 'string' && typeof last === 'string') out[out.length - 1] = last + x;
        else out.push(x);
      }
    }
    if (out.length === 0) return '';
    if (out.length === 1) return out[0];
    return { kind: 'interp', parts: out } as Interpolation;
  }

  /**
   * `locals { name = ... }` blocks: jobspec2 evaluates them when it reads the file, so their
   * values are written where `local.name` is used (a converted file has no `locals` block).
   * Values are text (with `var.x` references), numbers or bools; a local may use earlier ones.
   */
  private readLocals(v: Json | undefined): void {
    if (v === undefined) return;
    const bodies = Array.isArray(v) ? v : [v];
    for (const body of bodies) {
      const at = this.loc.block('locals', undefined, 0);
      for (const [name, x] of Object.entries(this.obj(body, 'locals', at))) {
        if (this.locals.has(name)) {
          throw new UserError(
            this.where(`locals.${name}`, this.loc.key(name, at)),
            `local.${name} is defined twice`,
            'keep one definition',
          );
        }
        if (typeof x === 'number' || typeof x === 'boolean') this.locals.set(name, String(x));
        else if (typeof x === 'string')
          this.locals.set(name, this.template(x, `locals.${name}`, at));
        else {
          throw new UserError(
            this.where(`locals.${name}`, this.loc.key(name, at)),
            `local.${name} is a list or object; only text, number and bool locals can be read offline`,
            'write the value where it is used',
          );
        }
      }
    }
  }

  private where(path: string, at: number): string {
    return `${this.filename}:${this.loc.pos(at)}: ${path}`;
  }

  private unknown(
    key: string,
    path: string,
    at: number,
    names: readonly string[],
    block: string,
  ): never {
    const offset = this.loc.key(key, at);
    const what =
      block === 'file'
        ? 'top-level block'
        : this.loc.after(offset, key) === '='
          ? 'attribute'
          : 'block';
    const near = nearest(key, names);
    throw new UserError(
      `${this.filename}:${this.loc.pos(offset)}: ${path ? path + '.' : ''}${key}`,
      `unknown ${what} \`${key}\`${block === 'file' ? '' : ` in \`${block}\``}` +
        (near ? `; did you mean \`${near}\`?` : ''),
      near ? `rename it to \`${near}\`` : `valid names here: ${names.join(', ')}`,
    );
  }
}

/** hcl2json returns quoted object keys as template source (`$${` undecoded), like values. */
function keyText(raw: string): string {
  if (!raw.includes('{')) return raw;
  return scanTemplate(raw)
    .map((p) => (p.kind === 'text' ? p.text : '${' + p.expr + '}'))
    .join('');
}

function need(field: FieldSpec): BlockName {
  if (field.block === undefined) throw new Error(`schema: ${field.field} has no block type`);
  return field.block;
}

/**
 * One `${...}` expression: `var.x` is a reference; literals are their text; Nomad runtime
 * references (`meta.x`, `NOMAD_TASK_DIR`, `attr.x`) stay as literal `${...}` text, which Nomad
 * interpolates at run time.
 */
function exprValue(expr: string): string | VarRef {
  const ref = /^var\.([A-Za-z_][\w-]*)$/.exec(expr);
  if (ref) return { kind: 'var', name: ref[1] };
  // `("...")` is how the renderer writes `$`s right before a reference (see escapeTemplateText).
  const quoted = /^(\(?)"((?:[^"\\]|\\.)*)"(\)?)$/.exec(expr);
  if (quoted && quoted[1].length === quoted[3].length)
    return JSON.parse(`"${quoted[2]}"`) as string;
  if (/^-?\d+(\.\d+)?$/.test(expr)) return expr;
  const b64 = /^base64decode\("([A-Za-z0-9+/=\s]*)"\)$/.exec(expr);
  if (b64) return Buffer.from(b64[1], 'base64').toString('utf8');
  return '${' + expr + '}';
}

/**
 * Blocks jobspec2 reads outside the API structs (`parserExtras` in the extract): a job-level
 * `task` (a group of its own), and `vault` / `secret` at job and group level, which it hands down
 * to the tasks.
 */
const PARSER_EXTRAS: Partial<Record<BlockName, Readonly<Record<string, FieldSpec>>>> = {
  Job: {
    task: { field: 'task', hcl: 'task', kind: 'labeledBlocks', block: 'Task', labelField: 'name' },
    vault: { field: 'vault', hcl: 'vault', kind: 'block', block: 'Vault' },
    secret: {
      field: 'secret',
      hcl: 'secret',
      kind: 'labeledBlocks',
      block: 'Secret',
      labelField: 'name',
    },
  },
  TaskGroup: {
    vault: { field: 'vault', hcl: 'vault', kind: 'block', block: 'Vault' },
    secret: {
      field: 'secret',
      hcl: 'secret',
      kind: 'labeledBlocks',
      block: 'Secret',
      labelField: 'name',
    },
  },
};

/** The names of the extra blocks, for the completeness test. */
export function parserExtraNames(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(PARSER_EXTRAS).map(([k, v]) => [k, Object.keys(v ?? {})]),
  );
}

/**
 * Hands a group's or the job's `vault` and `secret` down to the group's tasks as jobspec2 does:
 * a task's own `vault` wins; secrets are added to the task's. (At group level jobspec2 appends
 * the task's own secrets a second time instead of the group's when the task has some; that is
 * kept, since Nomad's parser is the judge of what a file means.)
 */
function pushDown(group: Rec, extras: Rec, groupLevel: boolean): void {
  const vault = extras.vault as Rec | undefined;
  const secrets = extras.secret as Rec[] | undefined;
  if (vault === undefined && secrets === undefined) return;
  group.task = ((group.task as Rec[] | undefined) ?? []).map((t) => {
    const out: Rec = { ...t };
    if (vault !== undefined && out.vault === undefined) out.vault = vault;
    if (secrets !== undefined && secrets.length > 0) {
      const own = (out.secret as Rec[] | undefined) ?? [];
      out.secret =
        own.length === 0 ? secrets : groupLevel ? [...own, ...own] : [...own, ...secrets];
    }
    return reorder('Task', out);
  });
}

function reorder(name: BlockName, v: Rec): Rec {
  const spec = blockSpec(name);
  const out: Rec = {};
  if (spec.labelField !== undefined && spec.labelField in v)
    out[spec.labelField] = v[spec.labelField];
  for (const f of spec.fields) if (f.field in v) out[f.field] = v[f.field];
  return out;
}

function keyNeedsQuotes(k: string): boolean {
  return !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k);
}
