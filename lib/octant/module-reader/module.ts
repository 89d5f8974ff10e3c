import * as path from 'path';
import {
  checkNesting,
  exists,
  isFileInside,
  MAX_NESTING,
  nestingError,
  readTextInside,
  realpathLoose,
  resolveInside,
  valueTooDeep,
  walkTree,
} from '../../util/boundary';
import { UserError } from '../../util/errors';
import { TERRAFORM_NAME } from '../terraform-name';
import { parseHcl } from '../../nomad/hcl/syntax';
import { Expr, ExprSyntaxError, parseExpr, parseTemplate } from './expr';
import { EvalLimit, Evaluator, MAX_VALUE_SIZE, Unknown, Val } from './eval';

/**
 * Reads a Terraform module folder (an Octant `terraform/<service>/`) without Terraform: every
 * `*.tf` file is parsed by HashiCorp's hcl2json, and values are computed by `Evaluator` from
 * variable defaults, locals and the files beside the module.
 */

/** Largest `.tf` file read: modules are kilobytes (hcl2json reads about 1 MB a second). */
export const MAX_TF_BYTES = 1024 * 1024;

/**
 * Files of a module folder that hold what Terraform or the operator keeps private: `.env`
 * files, state (`*.tfstate`, its backups) and Terraform's working folder. The module reader
 * never reads them (file(), templatefile(), data "local_file") and import never copies them.
 */
export function isPrivateFile(rel: string): boolean {
  return rel
    .split(/[\\/]/)
    .some((p) => p === '.terraform' || /^\.env(\..*)?$/.test(p) || /\.tfstate(\..*)?$/.test(p));
}

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };
type Body = Record<string, Json>;

/**
 * Parses one `.tf` file with the project's own HCL reader (`lib/nomad/hcl/syntax.ts`: the JSON
 * shape of hcl2json, checked against it by a differential test), not the WASM hcl2json, whose
 * load and calls were most of the time of importing a whole tree. A syntax error names the file
 * and line.
 */
export async function parseTf(file: string, text: string): Promise<Body> {
  try {
    return parseHcl(path.basename(file), text) as Body;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const m = /:(\d+):(\d+)$/.exec(e.where);
    throw new UserError(
      m ? `${file}:${m[1]}:${m[2]}` : file,
      `is not valid Terraform HCL: ${e.rule}`,
      'fix the syntax (terraform validate shows the same error)',
    );
  }
}

function parseTfJson(file: string, text: string): Body {
  try {
    return asObj(JSON.parse(text) as Json);
  } catch (e) {
    throw new UserError(file, `is not valid JSON: ${(e as Error).message}`, 'fix the JSON syntax');
  }
}

export interface TfVariable {
  readonly name: string;
  /** Type expression as written (`string`, `list(string)`). @default - none given */
  readonly type?: string;
  readonly default?: Val;
  readonly hasDefault: boolean;
  readonly description?: string;
  readonly sensitive?: boolean;
  /** `variables.tf:12` */
  readonly where: string;
}

interface TfFile {
  readonly name: string;
  readonly text: string;
  readonly body: Body;
}

function asObj(v: Json | undefined): Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

/** hcl2json gives every block body as a one-element list. */
function first(v: Json | undefined): Body {
  return asObj(Array.isArray(v) ? v[0] : v);
}

function unwrapType(t: Json | undefined): string | undefined {
  if (typeof t !== 'string') return undefined;
  const m = /^\$\{(.*)\}$/s.exec(t);
  return (m ? m[1] : t).trim();
}

/** One placeholder value a module passes to a template, with where it is written. */
export interface PassedVar {
  readonly value: Val;
  /** The expression, when it was written out (not built by merge() or a local). */
  readonly expr?: Expr;
  /** `main.tf:42` */
  readonly where: string;
}

/** How a module feeds one template file (a jobspec or a config file). */
export interface TemplateUse {
  /** `data.template_file.x` or `resource.nomad_job.y` (where the templatefile() call is). */
  readonly block: string;
  readonly where: string;
  readonly vars: ReadonlyMap<string, PassedVar>;
  /** The `for_each` key of the instance, when the block has one. */
  readonly eachKey?: string;
}

/** One `resource "nomad_job"` of the module. */
export interface TfJob {
  readonly name: string;
  readonly where: string;
  /** File name (in the module folder) the jobspec is read from. */
  readonly jobspecFile?: string;
  /** Set when the jobspec is a `templatefile()`/`template_file` template. */
  readonly template?: TemplateUse;
  /** `hcl2 { vars = {...} }` of the resource: jobspec variable -> value. */
  readonly hcl2Vars: ReadonlyMap<string, PassedVar>;
}

/** What a `variable` block may hold (Terraform refuses anything else in it). */
const VARIABLE_KEYS = new Set([
  'type',
  'default',
  'description',
  'sensitive',
  'nullable',
  'ephemeral',
  'validation',
]);

/**
 * A variable Terraform refuses is an error: a name that is no Terraform name, or an argument
 * a variable block does not take (a typo: `defualt`).
 */
function checkVariable(name: string, body: Record<string, unknown>, where: string): void {
  if (!TERRAFORM_NAME.test(name)) {
    throw new UserError(
      where,
      `variable ${JSON.stringify(name)} is not a Terraform name (a letter or "_", then letters, digits, "_" or "-"); Terraform refuses the module`,
      'rename the variable (and its uses)',
    );
  }
  for (const key of Object.keys(body)) {
    if (VARIABLE_KEYS.has(key)) continue;
    throw new UserError(
      where,
      `an argument named ${JSON.stringify(key)} is not expected in a variable block; Terraform refuses the module`,
      `use one of ${[...VARIABLE_KEYS].join(', ')} (a typo of "default"?)`,
    );
  }
}

export class TfModule {
  variables: ReadonlyMap<string, TfVariable> = new Map();
  private readonly localsCache = new Map<string, Val>();
  private readonly localsBusy = new Set<string>();
  private readonly evaluator: Evaluator;

  private constructor(
    readonly dir: string,
    readonly files: readonly TfFile[],
    private readonly overrides: Readonly<Record<string, Val>>,
  ) {
    this.evaluator = new Evaluator({
      root: (name, steps) => this.root(name, steps),
      readFile: (p) => this.readFile(p),
    });
    const vars = new Map<string, TfVariable>();
    for (const f of files) {
      for (const [name, bodies] of Object.entries(asObj(f.body.variable))) {
        const body = first(bodies);
        checkVariable(name, body, `${path.basename(dir)}/${this.locate(f, 'variable', [name])}`);
        const type = unwrapType(body.type);
        vars.set(name, {
          name,
          ...(type !== undefined ? { type } : {}),
          hasDefault: 'default' in body,
          ...('default' in body ? { default: this.literal(body.default) } : {}),
          ...(typeof body.description === 'string' ? { description: body.description } : {}),
          ...(body.sensitive === true ? { sensitive: true } : {}),
          where: this.locate(f, 'variable', [name]),
        });
      }
    }
    this.variables = vars;
  }

  /**
   * Reads every `*.tf` of `dir`. `overrides` replace variable defaults (like `-var`).
   * @throws UserError when the folder has no main.tf or a file is not valid HCL
   */
  static async read(dir: string, overrides: Readonly<Record<string, Val>> = {}): Promise<TfModule> {
    const shown = path.basename(dir);
    if (!isFileInside(dir, 'main.tf', shown) && !isFileInside(dir, 'main.tf.json', shown)) {
      throw new UserError(
        dir,
        'is not an Octant service module: it has no main.tf (nor main.tf.json)',
        'point at a terraform/<service>/ folder holding main.tf, variables.tf and the jobspec',
      );
    }
    // The folder's own entries only (a link is read only if it stays inside, see readTextInside).
    const names = walkTree(dir, shown, { skip: (_rel, kind) => kind === 'dir' })
      .map((e) => e.rel)
      .filter((f) => f.endsWith('.tf') || f.endsWith('.tf.json'))
      .sort();
    const files: TfFile[] = [];
    for (const name of names) {
      const file = path.join(dir, name);
      const text = readTextInside(dir, name, file, { maxBytes: MAX_TF_BYTES });
      checkNesting(text, file);
      // Terraform's JSON syntax has hcl2json's shape: strings are templates, bodies objects.
      const body = name.endsWith('.json') ? parseTfJson(file, text) : await parseTf(file, text);
      if (valueTooDeep(body, 2 * MAX_NESTING)) throw nestingError(file);
      files.push({ name, text, body });
    }
    return new TfModule(dir, files, overrides);
  }

  /** Blocks of a kind across files: `data`/`resource` -> type -> name -> body. */
  blocks(kind: 'data' | 'resource', type: string): { name: string; body: Body; file: TfFile }[] {
    const out: { name: string; body: Body; file: TfFile }[] = [];
    for (const f of this.files) {
      for (const [name, bodies] of Object.entries(asObj(asObj(f.body[kind])[type]))) {
        out.push({ name, body: first(bodies), file: f });
      }
    }
    return out;
  }

  /** `main.tf:12`: the line of a block header (`data "t" "n"`) or of an attribute inside it. */
  locate(f: TfFile, kind: string, labels: readonly string[], attr?: string): string {
    const header = new RegExp(
      `^[ \\t]*${kind}${labels.map((l) => `[ \\t]+"?${escapeRe(l)}"?`).join('')}[ \\t]*\\{`,
      'm',
    );
    // Terraform JSON (main.tf.json): the block's name as a key is the closest thing to a header.
    const m =
      header.exec(f.text) ??
      new RegExp(`"${escapeRe(labels[labels.length - 1] ?? kind)}"\\s*:`).exec(f.text);
    let offset = m ? m.index : 0;
    if (m && attr !== undefined) {
      const a = new RegExp(`^[ \\t]*"?${escapeRe(attr)}"?[ \\t]*=`, 'm').exec(
        f.text.slice(m.index),
      );
      if (a) offset = m.index + a.index;
    }
    return `${f.name}:${f.text.slice(0, offset).split('\n').length}`;
  }

  /** Evaluates a value as hcl2json gives it (template strings, objects, lists). */
  value(v: Json | undefined, scope?: ReadonlyMap<string, Val>): Val {
    if (v === undefined) return null;
    if (typeof v === 'string') {
      return this.evaluator.eval(this.parse(v), scope);
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x, scope));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.value(x, scope)]));
    }
    return v;
  }

  /** Parses a hcl2json string; text this parser does not know becomes an Unknown literal. */
  parse(v: string): Expr {
    try {
      return parseTemplate(v);
    } catch (e) {
      if (!(e instanceof ExprSyntaxError)) throw e;
      return { k: 'call', fn: `<not evaluated: ${e.message}>`, args: [] };
    }
  }

  eval(e: Expr, scope?: ReadonlyMap<string, Val>): Val {
    return this.evaluator.eval(e, scope);
  }

  /**
   * The module's `nomad_job` resources and where each reads its jobspec: one per instance of a
   * static `for_each` (named `x["key"]`, with `each` in scope as Terraform has it).
   */
  jobs(): TfJob[] {
    return this.blocks('resource', 'nomad_job').flatMap(({ name, body, file }) =>
      this.forEachInstances(body).map(([key, each]) => {
        const scope = each === undefined ? undefined : new Map<string, Val>([['each', each]]);
        const instance = key === undefined ? name : `${name}[${JSON.stringify(key)}]`;
        return this.job(instance, name, body, file, scope);
      }),
    );
  }

  private job(
    instance: string,
    name: string,
    body: Body,
    file: TfFile,
    scope?: ReadonlyMap<string, Val>,
  ): TfJob {
    const where = this.locate(file, 'resource', ['nomad_job', name]);
    const jobspec = typeof body.jobspec === 'string' ? this.parse(body.jobspec) : undefined;
    const hcl2Vars = this.passedVars(
      asObj(first(body.hcl2).vars),
      file,
      ['resource', 'nomad_job', name],
      'vars',
      scope,
    );
    let template: TemplateUse | undefined;
    let jobspecFile: string | undefined;
    const at = `${path.basename(this.dir)}/${where}`;
    if (jobspec) {
      const ref = findTemplateFileRef(jobspec);
      if (ref) {
        const tf = this.templateFileUse(ref);
        if (tf) ({ template, file: jobspecFile } = tf);
      }
      for (const call of findCalls(jobspec, 'templatefile')) {
        const p = this.eval(call.args[0] ?? { k: 'lit', v: null }, scope);
        if (typeof p !== 'string') continue;
        jobspecFile = this.moduleFile(p, at);
        template = this.callUse(call, file, ['resource', 'nomad_job', name], scope);
      }
      for (const call of jobspecFile ? [] : findCalls(jobspec, 'file')) {
        const p = this.eval(call.args[0] ?? { k: 'lit', v: null }, scope);
        if (typeof p === 'string') jobspecFile = this.moduleFile(p, at);
      }
    }
    return {
      name: instance,
      where,
      ...(jobspecFile !== undefined ? { jobspecFile } : {}),
      ...(template !== undefined ? { template } : {}),
      hcl2Vars,
    };
  }

  /**
   * How the module feeds `templateFile` (a file name in the folder): the `vars` of the
   * `data "template_file"` reading it, or of a `templatefile()` call naming it (also inside a
   * `for_each` resource, one instance per key). @default undefined when nothing reads it
   */
  templateUse(templateFile: string): TemplateUse | undefined {
    for (const { name, body } of this.blocks('data', 'template_file')) {
      if (typeof body.template !== 'string') continue;
      for (const call of findCalls(this.parse(body.template), 'file')) {
        const p = this.eval(call.args[0] ?? { k: 'lit', v: null });
        if (typeof p === 'string' && path.basename(p) === templateFile) {
          return this.templateFileUse(name)?.template;
        }
      }
    }
    for (const f of this.files) {
      for (const kind of ['resource', 'data', 'locals', 'output'] as const) {
        const found = this.findTemplatefile(f, kind, templateFile);
        if (found) return found;
      }
    }
    return undefined;
  }

  private findTemplatefile(f: TfFile, kind: string, templateFile: string): TemplateUse | undefined {
    const visitBody = (body: Body, labels: string[]): TemplateUse | undefined => {
      const instances = this.forEachInstances(body);
      for (const [key, each] of instances) {
        const scope = each === undefined ? undefined : new Map<string, Val>([['each', each]]);
        for (const s of strings(body)) {
          if (!s.includes('templatefile')) continue;
          for (const call of findCalls(this.parse(s), 'templatefile')) {
            const p = this.eval(call.args[0] ?? { k: 'lit', v: null }, scope);
            if (typeof p === 'string' && path.basename(p) === templateFile) {
              const use = this.callUse(call, f, labels, scope);
              return key === undefined ? use : { ...use, eachKey: key };
            }
          }
        }
      }
      return undefined;
    };
    const section = f.body[kind];
    if (kind === 'locals') {
      for (const body of Array.isArray(section) ? section : []) {
        const r = visitBody(asObj(body), ['locals']);
        if (r) return r;
      }
      return undefined;
    }
    for (const [type, byName] of Object.entries(asObj(section))) {
      for (const [name, bodies] of Object.entries(asObj(byName))) {
        const r = visitBody(first(bodies), [kind, type, name]);
        if (r) return r;
      }
    }
    return undefined;
  }

  /** [each key, each object] per instance; one [undefined, undefined] without for_each. */
  private forEachInstances(body: Body): [string | undefined, Val | undefined][] {
    if (body.for_each === undefined) return [[undefined, undefined]];
    const coll = this.value(body.for_each);
    if (Array.isArray(coll)) {
      return (coll as Val[]).map((v) => [String(v), { key: v, value: v }]);
    }
    if (typeof coll === 'object' && coll !== null && !(coll instanceof Unknown)) {
      return Object.entries(coll).map(([k, v]) => [k, { key: k, value: v }]);
    }
    return [[undefined, undefined]];
  }

  private templateFileUse(name: string): { template: TemplateUse; file?: string } | undefined {
    const found = this.blocks('data', 'template_file').find((b) => b.name === name);
    if (!found) return undefined;
    const labels = ['data', 'template_file', name];
    let file: string | undefined;
    if (typeof found.body.template === 'string') {
      const at = `${path.basename(this.dir)}/${this.locate(found.file, 'data', labels.slice(1), 'template')}`;
      for (const call of findCalls(this.parse(found.body.template), 'file')) {
        const p = this.eval(call.args[0] ?? { k: 'lit', v: null });
        if (typeof p === 'string') file = this.moduleFile(p, at);
      }
    }
    const rawVars = found.body.vars;
    const vars =
      typeof rawVars === 'string'
        ? this.wholeVars(
            this.value(rawVars),
            this.locate(found.file, 'data', labels.slice(1), 'vars'),
          )
        : this.passedVars(asObj(rawVars), found.file, labels, 'vars');
    return {
      template: {
        block: `data.template_file.${name}`,
        where: this.locate(found.file, 'data', labels.slice(1)),
        vars,
      },
      ...(file !== undefined ? { file } : {}),
    };
  }

  private passedVars(
    obj: Body,
    f: TfFile,
    labels: readonly string[],
    _attr: string,
    scope?: ReadonlyMap<string, Val>,
  ): Map<string, PassedVar> {
    const out = new Map<string, PassedVar>();
    const [kind, ...rest] = labels;
    for (const [k, v] of Object.entries(obj)) {
      const expr = typeof v === 'string' ? this.parse(v) : undefined;
      out.set(k, {
        value: expr ? this.eval(expr, scope) : this.value(v),
        ...(expr ? { expr: unwrap(expr) } : {}),
        where: this.locate(f, kind, rest, k),
      });
    }
    return out;
  }

  private wholeVars(v: Val, where: string): Map<string, PassedVar> {
    const out = new Map<string, PassedVar>();
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown)) {
      for (const [k, x] of Object.entries(v)) out.set(k, { value: x, where });
    }
    return out;
  }

  private callUse(
    call: Extract<Expr, { k: 'call' }>,
    f: TfFile,
    labels: readonly string[],
    scope?: ReadonlyMap<string, Val>,
  ): TemplateUse {
    const [kind, ...rest] = labels;
    const where = kind === 'locals' ? `${f.name}` : this.locate(f, kind, rest);
    const varsExpr = call.args[1];
    const vars = new Map<string, PassedVar>();
    if (varsExpr?.k === 'object') {
      for (const [k, v] of varsExpr.items) {
        const key = this.eval(k, scope);
        if (typeof key !== 'string') continue;
        vars.set(key, {
          value: this.eval(v, scope),
          expr: v,
          where: kind === 'locals' ? where : this.locate(f, kind, rest, key),
        });
      }
    } else if (varsExpr) {
      for (const [k, v] of this.wholeVars(this.eval(varsExpr, scope), where)) vars.set(k, v);
    }
    return { block: labels.join('.'), where, vars };
  }

  private literal(v: Json | undefined): Val {
    return this.value(v);
  }

  private root(name: string, steps: readonly string[]): { value: Val; used: number } {
    switch (name) {
      case 'var': {
        const v = steps[0];
        if (v === undefined) return { value: new Unknown('`var` alone is not a value'), used: 0 };
        if (Object.prototype.hasOwnProperty.call(this.overrides, v)) {
          return { value: this.overrides[v], used: 1 };
        }
        const decl = this.variables.get(v);
        if (!decl) return { value: new Unknown(`var.${v} is not declared in the module`), used: 1 };
        if (!decl.hasDefault) {
          return {
            value: new Unknown(`var.${v} has no default (${decl.where}); Terraform asks for it`),
            used: 1,
          };
        }
        return { value: decl.default ?? null, used: 1 };
      }
      case 'local':
        return { value: steps[0] === undefined ? null : this.local(steps[0]), used: 1 };
      case 'data':
        if (steps.length < 2) return { value: new Unknown('incomplete data reference'), used: 0 };
        return { value: this.data(steps[0], steps[1]), used: 2 };
      case 'path':
        return { value: { module: '.', root: '.', cwd: '.' }, used: 0 };
      case 'terraform':
        return { value: { workspace: 'default' }, used: 0 };
      default:
        return {
          value: new Unknown(
            `${[name, ...steps.slice(0, 2)].join('.')} is known only after terraform apply`,
          ),
          used: 0,
        };
    }
  }

  private local(name: string): Val {
    const cached = this.localsCache.get(name);
    if (cached !== undefined) return cached;
    if (this.localsBusy.has(name)) return new Unknown(`local.${name} refers to itself`);
    for (const f of this.files) {
      const raw = f.body.locals;
      const sections = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      for (const s of sections) {
        const body = asObj(s);
        if (!(name in body)) continue;
        const where = () =>
          `${path.basename(this.dir)}/${this.locateLocal(f, name)} (local.${name})`;
        // A chain of locals each reading the next recurses: bounded like nested input.
        if (this.localsBusy.size >= MAX_NESTING) {
          throw new EvalLimit(`goes through more than ${MAX_NESTING} locals`, where(), true);
        }
        this.localsBusy.add(name);
        let v: Val;
        try {
          v = this.value(body[name]);
        } catch (e) {
          // The innermost local over a limit is the one to name.
          if (e instanceof EvalLimit && !e.located) throw new EvalLimit(e.what, where(), true);
          throw e;
        } finally {
          this.localsBusy.delete(name);
        }
        this.localsCache.set(name, v);
        return v;
      }
    }
    return new Unknown(`local.${name} is not defined`);
  }

  /** `locals.tf:4`: the line that sets a local. */
  private locateLocal(f: TfFile, name: string): string {
    const m = new RegExp(`^[ \\t]*${escapeRe(name)}[ \\t]*=`, 'm').exec(f.text);
    return `${f.name}:${m ? f.text.slice(0, m.index).split('\n').length : 1}`;
  }

  private data(type: string, name: string): Val {
    const found = this.blocks('data', type).find((b) => b.name === name);
    const id = `data.${type}.${name}`;
    if (!found) return new Unknown(`${id} is not declared in the module`);
    const where = this.locate(found.file, 'data', [type, name]);
    const body = found.body;
    switch (type) {
      case 'local_file': {
        const filename = this.value(body.filename);
        if (typeof filename !== 'string')
          return new Unknown(`${id} (${where}): its filename is not static`);
        const content = this.readFile(filename);
        const missing =
          content instanceof Unknown
            ? new Unknown(`${id} (${where}): ${content.reason}`)
            : undefined;
        return {
          filename,
          content: missing ?? (content as string),
          content_base64: missing ?? Buffer.from(content as string, 'utf8').toString('base64'),
        };
      }
      case 'template_file': {
        const template = this.value(body.template);
        const vars = this.value(body.vars ?? {});
        const rendered =
          typeof template === 'string'
            ? this.evaluator.renderTemplate(template, vars, id)
            : template instanceof Unknown
              ? template
              : new Unknown(`${id}: its template is not a string`);
        return {
          template,
          vars,
          rendered:
            rendered instanceof Unknown
              ? new Unknown(`${id} (${where}): ${rendered.reason}`, rendered.secret)
              : rendered,
        };
      }
      case 'onepassword_item': {
        const title = this.value(body.title);
        return new Unknown(
          `${id} (${where}${typeof title === 'string' ? `, 1Password item "${title}"` : ''}) is a secret that only Terraform reads`,
          true,
        );
      }
      case 'onepassword_vault':
        return {
          name: this.value(body.name),
          uuid: new Unknown(`${id}.uuid is looked up by Terraform`),
        };
      default:
        return new Unknown(`${id} (${where}) is read by Terraform at plan time`);
    }
  }

  /**
   * Reads a file named by file(), templatefile() or data "local_file": only inside the module
   * folder, never a private file, bounded in size. A missing file is an Unknown (Terraform
   * would fail at plan time); anything out of bounds is an error naming the .tf file and line.
   */
  private readFile(p: string): string | Unknown {
    const where = this.callSite(p);
    const rel = this.moduleFile(p, where);
    if (!exists(path.join(this.dir, rel))) {
      return new Unknown(`file ${JSON.stringify(p)} does not exist in ${this.dir}`);
    }
    return readTextInside(this.dir, rel, `${where}: ${JSON.stringify(p)}`, {
      maxBytes: MAX_VALUE_SIZE,
    });
  }

  /**
   * `p` (a path a .tf file names) as a path relative to the module folder; refused (naming
   * `where`) when it leads out of the folder, through a symlink out, or to a private file.
   */
  moduleFile(p: string, where: string): string {
    const abs = resolveInside(this.dir, p, where);
    const rel = path.relative(realpathLoose(this.dir), abs);
    if (isPrivateFile(rel)) {
      throw new UserError(
        where,
        `${JSON.stringify(p)} is a file the operator or Terraform keeps private (.env, state, .terraform/); it is never read`,
        'keep the value in 1Password or a variable, not in a file the module reads',
      );
    }
    return rel.split(path.sep).join('/');
  }

  /** `svc/main.tf:12`: the first line of a .tf file naming `p` (or its file name), for errors. */
  private callSite(p: string): string {
    const needles = [p, p.replace(/^\.\//, ''), path.basename(p)].filter((n) => n !== '');
    for (const needle of needles) {
      for (const f of this.files) {
        const at = f.text.indexOf(needle);
        if (at >= 0) {
          return `${path.basename(this.dir)}/${f.name}:${f.text.slice(0, at).split('\n').length}`;
        }
      }
    }
    return `${path.basename(this.dir)}/${this.files[0]?.name ?? 'main.tf'}`;
  }
}

/** `"${x}"` as hcl2json gives it is the expression x. */
function unwrap(e: Expr): Expr {
  return e.k === 'tmpl' && e.parts.length === 1 && typeof e.parts[0] !== 'string' ? e.parts[0] : e;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every string inside a hcl2json value. */
function strings(v: Json | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

/** Every call of `fn` inside an expression. */
export function findCalls(e: Expr, fn: string): Extract<Expr, { k: 'call' }>[] {
  const out: Extract<Expr, { k: 'call' }>[] = [];
  const walk = (x: Expr | undefined): void => {
    if (!x) return;
    switch (x.k) {
      case 'call':
        if (x.fn === fn) out.push(x);
        x.args.forEach(walk);
        break;
      case 'tmpl':
        x.parts.forEach((p) => typeof p !== 'string' && walk(p));
        break;
      case 'get':
      case 'splat':
        walk(x.obj);
        break;
      case 'index':
        walk(x.obj);
        walk(x.idx);
        break;
      case 'tuple':
        x.items.forEach(walk);
        break;
      case 'object':
        x.items.forEach(([k, v]) => (walk(k), walk(v)));
        break;
      case 'for':
        [x.coll, x.keyExpr, x.valExpr, x.cond].forEach(walk);
        break;
      case 'bin':
        walk(x.l);
        walk(x.r);
        break;
      case 'un':
        walk(x.e);
        break;
      case 'cond':
        [x.c, x.t, x.f].forEach(walk);
        break;
      default:
    }
  };
  walk(e);
  return out;
}

/** `data.template_file.<name>.rendered` inside an expression: the name. */
function findTemplateFileRef(e: Expr): string | undefined {
  const u = unwrap(e);
  if (
    u.k === 'get' &&
    u.attr === 'rendered' &&
    u.obj.k === 'get' &&
    u.obj.obj.k === 'get' &&
    u.obj.obj.attr === 'template_file' &&
    u.obj.obj.obj.k === 'ref' &&
    u.obj.obj.obj.name === 'data'
  ) {
    return u.obj.attr;
  }
  return undefined;
}

/** Parses an expression given as source (for callers holding text, e.g. `--var` values). */
export { parseExpr };
