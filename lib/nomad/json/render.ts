import { Job, JobFile, VarValue, isInterp, isRef } from '../model';
import {
  AFFINITY_SHORTHANDS,
  BlockName,
  CONSTRAINT_SHORTHANDS,
  FieldSpec,
  blockSpec,
  snakeCase,
} from '../schema';
import { parseDuration } from '../duration';
import { resolveVars } from '../resolve';
import { UserError } from '../../util/errors';

/** A JSON value as it appears in Nomad's API job JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Renders a jobspec file as Nomad's API job JSON (`{"Job": {...}}`) for `nomad job run -json`
 * and the Terraform provider's `json = true`. Variables are resolved first (given values, then
 * defaults). Field names are those of Nomad's `api` package; durations are nanoseconds; unset
 * fields are omitted so Nomad applies its own defaults.
 */
export function renderJson(file: JobFile, vars?: Readonly<Record<string, VarValue>>): string {
  return JSON.stringify({ Job: toApiJob(resolveVars(file, vars)) }, null, 2) + '\n';
}

/**
 * Builds the API `Job` object of an already resolved job (no variable references left): every
 * field named by the table in `schema.generated.ts`, plus what jobspec2 does at parse time where
 * it changes the API JSON (see `SEMANTICS`).
 * @throws UserError for a duration that is not Go syntax, or a reference left unresolved.
 */
export function toApiJob(job: Job): JsonObject {
  return block('Job', job as unknown as Rec, `job[${job.name}]`);
}

type Rec = Readonly<Record<string, unknown>>;

function block(name: BlockName, v: Rec, at: string): JsonObject {
  const spec = blockSpec(name);
  const out: JsonObject = {};
  if (spec.labelField !== undefined && spec.labelJson !== undefined) {
    const label = v[spec.labelField];
    if (label !== undefined) out[spec.labelJson] = str(label, `${at}.label`) ?? '';
  }
  for (const f of spec.fields) {
    const x = v[f.field];
    if (x === undefined || f.json === undefined) continue;
    const j = field(f, x, `${at}.${f.hcl}`);
    if (j !== undefined) out[f.json] = j;
  }
  return SEMANTICS[name]?.(v, out, at) ?? out;
}

function field(f: FieldSpec, x: unknown, at: string): JsonValue | undefined {
  switch (f.kind) {
    case 'string':
      return str(x, at);
    case 'duration':
      return dur(str(x, at), at);
    case 'number':
      return num(x, at);
    case 'bool':
      return bool(x, at);
    case 'stringList':
      return strs(x, at);
    case 'numberList':
      if (!Array.isArray(x)) throw unresolved(at);
      return x.map((n: unknown, i) => num(n, `${at}[${i}]`) ?? 0);
    case 'stringMap':
    case 'stringMapAttr':
      return strMap(x, at);
    case 'headerMap':
      return headerMap(x, at);
    case 'config':
      return driverConfig(x as object, at);
    case 'value':
    case 'typeExpr':
      return value(x, at);
    case 'block': {
      const b = block(need(f), x as Rec, at);
      return f.jsonList ? [b] : b;
    }
    case 'blocks':
    case 'labeledBlocks': {
      const xs = x as readonly Rec[];
      if (xs.length === 0) return undefined;
      return xs.map((b, i) => block(need(f), b, `${at}[${labelOf(f, b) ?? i}]`));
    }
    case 'labeledMap': {
      const xs = x as readonly Rec[];
      if (xs.length === 0) return undefined;
      const out: JsonObject = {};
      for (const b of xs) {
        const key = labelOf(f, b) ?? '';
        out[key] = block(need(f), b, `${at}[${key}]`);
      }
      return out;
    }
  }
}

function need(f: FieldSpec): BlockName {
  if (f.block === undefined) throw new Error(`schema: ${f.field} has no block type`);
  return f.block;
}

function labelOf(f: FieldSpec, b: Rec): string | undefined {
  const l = f.labelField === undefined ? undefined : b[f.labelField];
  return typeof l === 'string' ? l : undefined;
}

/**
 * What Nomad's HCL parser (jobspec2) does beyond copying fields, where it changes the API JSON.
 * Defaults that Nomad fills in later (`Canonicalize`) are left to Nomad.
 */
const SEMANTICS: Partial<
  Record<BlockName, (v: Rec, out: JsonObject, at: string) => JsonObject | void>
> = {
  Job(v, out) {
    // The label is the job's ID and, unless `name` is given, its name.
    const label = v.name as string;
    return { ID: out.ID ?? label, Name: out.Name ?? label, ...out };
  },
  PeriodicConfig(_v, out) {
    if (out.Spec !== undefined || out.Specs !== undefined) out.SpecType = 'cron';
  },
  NetworkResource(_v, out) {
    // Ports given a static value are reserved ports; jobspec2 files them there.
    const ports = out.DynamicPorts as JsonObject[] | undefined;
    if (ports === undefined) return;
    const reserved = ports.filter((p) => typeof p.Value === 'number' && p.Value > 0);
    const dynamic = ports.filter((p) => !reserved.includes(p));
    if (dynamic.length > 0) out.DynamicPorts = dynamic;
    else delete out.DynamicPorts;
    if (reserved.length > 0) out.ReservedPorts = reserved;
    else delete out.ReservedPorts;
  },
  Task(v, out, at) {
    // The unnamed (or `default`) identity is the task's `Identity`; the others stay listed.
    const ids = (out.Identities as JsonObject[] | undefined) ?? [];
    const i = ids.findIndex((w) => w.Name === undefined || w.Name === '' || w.Name === 'default');
    if (i >= 0) {
      out.Identity = ids[i];
      const rest = ids.filter((_, k) => k !== i);
      if (rest.length > 0) out.Identities = rest;
      else delete out.Identities;
    }
    // `scaling "cpu"` / `scaling "mem"`: the label gives the policy type.
    const scaling = (v.scaling as readonly Rec[] | undefined) ?? [];
    const policies = out.ScalingPolicies as JsonObject[] | undefined;
    scaling.forEach((s, k) => {
      const type = SCALING_TYPES[String(s.name).toLowerCase()];
      if (type === undefined) {
        throw new UserError(
          `${at}.scaling[${String(s.name)}]`,
          'scaling policy name must be "cpu" or "mem"',
          'write scaling "cpu" or scaling "mem"',
        );
      }
      if (policies && policies[k].Type === undefined) policies[k].Type = type;
    });
  },
  Constraint(v, out, at) {
    shorthands(v, out, at, CONSTRAINT_SHORTHANDS);
    if (v.distinctHosts !== undefined) {
      out.Operand = 'distinct_hosts';
      out.RTarget = String(bool(v.distinctHosts, `${at}.distinct_hosts`));
    }
    const property = str(v.distinctProperty, `${at}.distinct_property`);
    if (property) {
      out.Operand = 'distinct_property';
      out.LTarget = property;
    }
    out.Operand ??= '=';
  },
  Affinity(v, out, at) {
    shorthands(v, out, at, AFFINITY_SHORTHANDS);
    out.Operand ??= '=';
  },
};

const SCALING_TYPES: Readonly<Record<string, string>> = {
  cpu: 'vertical_cpu',
  mem: 'vertical_mem',
};

function shorthands(v: Rec, out: JsonObject, at: string, fields: readonly string[]): void {
  for (const f of fields) {
    const x = str(v[f], `${at}.${snakeCase(f)}`);
    if (x) {
      out.Operand = snakeCase(f);
      out.RTarget = x;
    }
  }
  if (out.Operand === '') delete out.Operand;
}

// ---------------------------------------------------------------------------------------------
// Leaf conversions. After resolveVars no reference is left; meeting one is a caller bug that we
// still report as a user error naming the field.
// ---------------------------------------------------------------------------------------------

function unresolved(at: string): UserError {
  return new UserError(
    at,
    'a variable reference is left unresolved',
    'render the job file with renderJson(file, vars) so variables are resolved',
  );
}

function str(v: unknown, at: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw unresolved(at);
}

function num(v: unknown, at: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  throw unresolved(at);
}

function bool(v: unknown, at: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  throw unresolved(at);
}

function strs(v: unknown, at: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw unresolved(at);
  return v.map((x: unknown, i) => str(x, `${at}[${i}]`) ?? '');
}

function headerMap(m: unknown, at: string): JsonObject {
  if (typeof m !== 'object' || m === null) throw unresolved(at);
  const out: JsonObject = {};
  for (const [k, vs] of Object.entries(m)) {
    out[k] = Array.isArray(vs) ? vs.map((x: unknown, i) => str(x, `${at}.${k}[${i}]`) ?? '') : [];
  }
  return out;
}

function strMap(m: unknown, at: string): JsonObject | undefined {
  if (m === undefined) return undefined;
  if (typeof m !== 'object' || m === null) throw unresolved(at);
  const out: JsonObject = {};
  // User keys pass through untouched, in the order given.
  for (const [k, v] of Object.entries(m)) out[k] = str(v, `${at}.${k}`) ?? '';
  return out;
}

function dur(v: string | undefined, at: string): number | undefined {
  if (v === undefined) return undefined;
  const ns = parseDuration(v);
  if (ns === null) {
    throw new UserError(at, `'${v}' is not a Go duration`, 'write it like "30s", "5m" or "1h30m"');
  }
  return ns;
}

/**
 * A driver `config` as Nomad's HCL parser hands it to the API: Nomad reads config without a
 * schema, turning nested blocks into lists of objects and wrapping an object written as an
 * attribute (`logging = { ... }`) in a one-element list too (jobspec2 `BlocksAsAttrs`). Doing
 * the same keeps `nomad job run -json` and `nomad job run file.hcl` storing the same job, so
 * switching between them plans no change. (Nomad wraps only object literals; a variable holding
 * an object is resolved before this point and gets wrapped as well.)
 */
function driverConfig(config: object, at: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(config)) {
    if (x === undefined) continue;
    const v = value(x, `${at}.${k}`);
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? [v] : v;
  }
  return out;
}

function value(v: unknown, at: string): JsonValue {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x: unknown, i) => value(x, `${at}[${i}]`));
  if (typeof v !== 'object' || v === null) throw unresolved(at);
  if (isRef(v) || isInterp(v)) throw unresolved(at);
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x !== undefined) out[k] = value(x, `${at}.${k}`);
  }
  return out;
}
