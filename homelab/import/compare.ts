import * as path from 'path';
import { kindAt, readTextInside } from '../../lib/util/boundary';
import { OP_ENV_FILE } from '../../lib/octant/state-secrets';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { renderTemplatefile } from '../../lib/nomad/hcl/templatefile';
import { renderJson } from '../../lib/nomad/json/render';
import type { VarValue } from '../../lib/nomad/model';
import {
  firstUnknown,
  jsonencode,
  parseExpr,
  TfModule,
  Unknown,
} from '../../lib/octant/module-reader';
import { prerenderTemplate } from './prerender';
import type { JobFile } from '../../lib/nomad/model';

/**
 * What a module does, in comparable form: the job as Nomad reads it (API JSON, values as
 * Terraform passes them by default), the `nomad_variable` (path; key -> where its value comes
 * from, never the value) and the module variables with their defaults. `import` is correct when
 * the hand-written module and the generated one give the same wiring. Read independently on
 * each side: the hand-written HCL through the module reader, the generated Terraform JSON as is.
 */
export interface Wiring {
  /** The module's main job (its first nomad_job). */
  readonly job: string;
  /** Every job of the module, job name -> API JSON. */
  readonly jobs: Readonly<Record<string, string>>;
  /** Paths of the module's nomad_variables, sorted, comma-separated. */
  readonly variablePath?: string;
  /** `<path>:<key>` -> `op:<vault>/<item>/<field>`, `file:<name>` or `var:<module variable>` */
  readonly items: Readonly<Record<string, string>>;
  /** name -> JSON of the default, or `<required>` */
  readonly variables: Readonly<Record<string, string>>;
}

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };
type Obj = Record<string, Json>;

function obj(v: Json | undefined): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

/**
 * The job with driver-config expressions jobspec2 evaluates when it reads the file
 * (`volumes = concat([...], [...])`) written out as values, where they are static. The Nomad
 * layer keeps such an expression as its `${...}` text; a typed job writes the list itself.
 */
export function evaluateConfigExpressions(file: JobFile, mod: TfModule): JobFile {
  const evaluate = (v: unknown): unknown => {
    if (typeof v !== 'string' || !/^\$\{[\s\S]*\}$/.test(v)) return v;
    try {
      const out = mod.value(v);
      return out instanceof Unknown || firstUnknown(out) !== undefined || out === null ? v : out;
    } catch {
      return v;
    }
  };
  // A copy with the config values replaced (the model's task union keeps its own shape).
  const copy = JSON.parse(JSON.stringify(file)) as JobFile;
  for (const g of copy.job.group) {
    for (const t of g.task) {
      const cfg = t.config as Record<string, unknown> | undefined;
      if (cfg === undefined) continue;
      for (const [k, v] of Object.entries(cfg)) cfg[k] = evaluate(v);
    }
  }
  return copy;
}

/**
 * The wiring of a hand-written Octant module folder. `evaluateConfig`: driver-config
 * expressions written out (see evaluateConfigExpressions), to compare with a typed job.
 */
export async function wiringOfHandWritten(
  dir: string,
  opts: { readonly evaluateConfig?: boolean } = {},
): Promise<Wiring> {
  const mod = await TfModule.read(dir);
  const jobs: Record<string, string> = {};
  for (const job of mod.jobs()) {
    const text = readTextInside(
      dir,
      job.jobspecFile!,
      path.join(path.basename(dir), job.jobspecFile!),
    );
    const values: Record<string, string> = {};
    for (const [k, p] of job.template?.vars ?? []) {
      const t = typeof p.value === 'string' ? p.value : jsonencode(p.value);
      if (typeof t === 'string') values[k] = t;
    }
    // Terraform's own functions and directives first, as terraform renders them.
    const vars = new Map([...(job.template?.vars ?? [])].map(([k, p]) => [k, p.value] as const));
    const pre = job.template
      ? prerenderTemplate(text, (src, sc) => mod.eval(parseExpr(src), sc), job.jobspecFile!, vars)
          .text
      : text;
    const parsed = await parseJobspec(job.template ? renderTemplatefile(pre, values) : text, {});
    const file = opts.evaluateConfig ? evaluateConfigExpressions(parsed, mod) : parsed;
    const hcl2: Record<string, VarValue> = {};
    for (const [k, p] of job.hcl2Vars) {
      if (p.value !== null && !(p.value instanceof Unknown)) hcl2[k] = p.value as VarValue;
    }
    jobs[file.job.name] = renderJson(file, hcl2);
  }
  const variables: Record<string, string> = {};
  for (const v of mod.variables.values()) {
    variables[v.name] = v.hasDefault ? JSON.stringify(v.default) : '<required>';
  }
  const items: Record<string, string> = {};
  let variablePath: string | undefined;
  for (const nv of mod.blocks('resource', 'nomad_variable')) {
    const vpath = String(mod.value(nv.body.path));
    variablePath = [...(variablePath ? variablePath.split(',') : []), vpath].sort().join(',');
    for (const [k, raw] of Object.entries(obj(nv.body.items))) {
      const key = `${vpath}:${k}`;
      const src = String(raw);
      const builtIn = /^\$\{data\.onepassword_item\.([\w-]+)\.(\w+)\}$/.exec(src);
      const custom =
        /data\.onepassword_item\.([\w-]+)\.section[\s\S]*?\bf\.label\)?\s*==\s*"([^"]+)"/.exec(src);
      const local = /^\$\{data\.local_file\.([\w-]+)\.content\}$/.exec(src);
      const input = /^\$\{var\.([\w-]+)\}$/.exec(src);
      const item = builtIn ?? custom;
      if (item) {
        const body = mod.blocks('data', 'onepassword_item').find((b) => b.name === item[1])!.body;
        const vaultId = /onepassword_vault\.([\w-]+)\.uuid/.exec(String(body.vault))![1];
        const vault = mod.blocks('data', 'onepassword_vault').find((b) => b.name === vaultId)!;
        items[key] =
          `op:${String(mod.value(vault.body.name))}/${String(mod.value(body.title))}/${item[2]}`;
      } else if (local) {
        const body = mod.blocks('data', 'local_file').find((b) => b.name === local[1])!.body;
        items[key] = `file:${path.basename(String(mod.value(body.filename)))}`;
      } else if (input) items[key] = `var:${input[1]}`;
      else items[key] = `other:${src}`;
    }
  }
  return {
    job: Object.values(jobs)[0],
    jobs,
    ...(variablePath ? { variablePath } : {}),
    items,
    variables,
  };
}

/** The wiring of a generated module folder (main.tf.json and its jobspec). */
export async function wiringOfGenerated(dir: string): Promise<Wiring> {
  const tf = JSON.parse(readTextInside(dir, 'main.tf.json', path.join(dir, 'main.tf.json'))) as Obj;
  const defaults = new Map<string, Json | undefined>();
  const variables: Record<string, string> = {};
  for (const [name, body] of Object.entries(obj(tf.variable))) {
    const b = obj(body);
    defaults.set(name, b.default);
    variables[name] = 'default' in b ? JSON.stringify(b.default) : '<required>';
  }
  const ref = (s: string): Json | undefined => {
    const m = /^\$\{(?:jsonencode\()?var\.([\w-]+)\)?\}$/.exec(s);
    return m ? defaults.get(m[1]) : s;
  };
  const data = obj(tf.data);
  const vaults = obj(data.onepassword_vault);
  const opItems = obj(data.onepassword_item);
  const opOf = (id: string, field: string, from: Obj = opItems): string => {
    const item = obj(from[id]);
    const vaultId = /onepassword_vault\.([\w-]+)\.uuid/.exec(String(item.vault))![1];
    return `op:${String(ref(String(obj(vaults[vaultId]).name)))}/${String(item.title)}/${field}`;
  };
  const resource = obj(tf.resource);
  const opInputs = opEnvInputs(dir);
  const items: Record<string, string> = {};
  let variablePath: string | undefined;
  for (const nv of Object.values(obj(resource.nomad_variable))) {
    const vpath = String(obj(nv).path);
    variablePath = [...(variablePath ? variablePath.split(',') : []), vpath].sort().join(',');
    const written = { ...obj(obj(nv).items), ...writeOnlyItems(obj(nv).items_wo) };
    for (const [k, raw] of Object.entries(written)) {
      const key = `${vpath}:${k}`;
      const src = String(raw);
      const ephemeral = /^\$\{ephemeral\.onepassword_item\.([\w-]+)\.(\w+)\}$/.exec(src);
      const input = /^\$\{var\.([\w-]+)\}$/.exec(src);
      if (ephemeral) {
        items[key] = opOf(ephemeral[1], ephemeral[2], obj(obj(tf.ephemeral).onepassword_item));
        continue;
      }
      if (input && opInputs.has(input[1])) {
        items[key] = opInputs.get(input[1])!;
        continue;
      }
      const builtIn = /^\$\{data\.onepassword_item\.([\w-]+)\.(\w+)\}$/.exec(src);
      const custom =
        /data\.onepassword_item\.([\w-]+)\.section[\s\S]*?lower\(f\.label\) == "([^"]+)"/.exec(src);
      const file = /file\("\$\{path\.module\}\/([^"]+)"\)/.exec(src);
      if (builtIn) items[key] = opOf(builtIn[1], builtIn[2]);
      else if (custom) items[key] = opOf(custom[1], custom[2]);
      else if (file) items[key] = `file:${file[1]}`;
      else if (/^\$\{var\.([\w-]+)\}$/.test(src)) items[key] = `var:${src.slice(6, -1)}`;
      else items[key] = `other:${src}`;
    }
  }
  const jobs: Record<string, string> = {};
  for (const job of Object.values(obj(resource.nomad_job)).map(obj)) {
    const jobFile = /\/([^/"]+)"\)\}$/.exec(String(job.jobspec))![1];
    const text = readTextInside(dir, jobFile, path.join(dir, jobFile));
    const values: Record<string, VarValue> = {};
    for (const [k, v] of Object.entries(obj(obj(job.hcl2).vars))) {
      const value = ref(String(v));
      if (value !== undefined && value !== null && !(value instanceof Unknown))
        values[k] = value as VarValue;
    }
    const file = await parseJobspec(text, {});
    jobs[file.job.name] = renderJson(file, values);
  }
  return {
    job: Object.values(jobs)[0],
    jobs,
    ...(variablePath ? { variablePath } : {}),
    items,
    variables,
  };
}

/**
 * `items_wo = "${jsonencode({"key" = expr, ...})}"` (the write-only form synth renders) as
 * key -> `${expr}`, like `items`. The expressions synth writes hold no `, "`.
 */
function writeOnlyItems(raw: Json | undefined): Record<string, string> {
  const m = /^\$\{jsonencode\(\{([\s\S]*)\}\)\}$/.exec(String(raw ?? ''));
  if (!m) return {};
  const out: Record<string, string> = {};
  for (const entry of m[1].split(/, (?=")/)) {
    const kv = /^("(?:[^"\\]|\\.)*") = ([\s\S]+)$/.exec(entry);
    if (kv) out[JSON.parse(kv[1]) as string] = `\${${kv[2]}}`;
  }
  return out;
}

/** The ephemeral input variables of op.env (custom 1Password fields), as `op:` wiring values. */
function opEnvInputs(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (kindAt(path.join(dir, OP_ENV_FILE)) === undefined) return out;
  for (const line of readTextInside(dir, OP_ENV_FILE, OP_ENV_FILE).split('\n')) {
    const m = /^TF_VAR_([\w-]+)="op:\/\/([^"]+)"$/.exec(line);
    if (!m) continue;
    const parts = m[2].split('/');
    // The wiring names a field by vault, item and field (the section is not compared).
    out.set(m[1], `op:${parts[0]}/${parts[1]}/${parts[parts.length - 1]}`);
  }
  return out;
}

/**
 * What differs between two wirings, named (empty when the generated module reproduces the
 * hand-written one): the jobs, the nomad_variable paths and keys, and every hand-written
 * variable with its default (the generated module may declare more).
 */
export function wiringDifferences(before: Wiring, after: Wiring): string[] {
  const out: string[] = [];
  // Key order is not a difference (toEqual's rule).
  const canonical = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : typeof v === 'object' && v !== null
        ? `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
            .join(',')}}`
        : JSON.stringify(v);
  const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
  for (const [name, json] of Object.entries(before.jobs)) {
    const got = after.jobs[name];
    if (got === undefined) out.push(`job "${name}" (missing)`);
    else if (!same(JSON.parse(json), JSON.parse(got))) out.push(`job "${name}" (its API JSON)`);
  }
  if (before.variablePath !== after.variablePath) out.push('the nomad_variable paths');
  if (!same(before.items, after.items))
    out.push('the nomad_variable keys or their 1Password fields');
  for (const [name, d] of Object.entries(before.variables)) {
    if (after.variables[name] !== d) out.push(`variable "${name}"`);
  }
  return out;
}
