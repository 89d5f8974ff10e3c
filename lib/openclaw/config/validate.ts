import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { UserError, throwProblems } from '../../util/errors';
import { DEFAULT_OPENCLAW_VERSION, type OpenClawVersion } from '../versions';
import { SCHEMA_JSON as SCHEMA_2026_9_6 } from './schema-2026.9.6.generated';

/**
 * openclaw.json checked against the pinned release's own schema with ajv. Compiling the whole
 * schema (1 MB) takes seconds, so each check compiles it pruned to the keys the config holds:
 * a subschema no value of the config reaches is replaced by `{}`, which cannot change the
 * outcome. Formats (`uri`, ...) are left to the release: its `config validate` is the judge
 * in the e2e tier.
 */

const SCHEMAS: Readonly<Record<OpenClawVersion, string>> = { '2026.9.6': SCHEMA_2026_9_6 };

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };
type Schema = boolean | { [keyword: string]: Json };

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ConfigProblem {
  /** Site path the value came from, e.g. `gateways[0].config.agents.entries.main.tools`. */
  readonly where: string;
  /** Its path in openclaw.json, dotted (`agents.entries.main.tools`); "" for the top level. */
  readonly path: string;
  /** `unknown-key`: a key the release's schema does not have; `schema`: any other rule. */
  readonly kind: 'unknown-key' | 'schema';
  readonly rule: string;
  readonly fix: string;
}

export interface ValidateOptions {
  /** @default DEFAULT_OPENCLAW_VERSION */
  readonly version?: OpenClawVersion;
  /**
   * The site path an openclaw.json path came from (the typed settings, `config` or
   * `configOverrides`). @default - `openclaw.json <path>`
   */
  readonly origin?: (path: readonly string[]) => string;
}

const parsed = new Map<OpenClawVersion, JsonObject>();
const compiled = new Map<string, ValidateFunction>();
const ajvs = new Map<OpenClawVersion, Ajv>();

function schemaOf(version: OpenClawVersion): JsonObject {
  let s = parsed.get(version);
  if (s === undefined) {
    s = JSON.parse(SCHEMAS[version]) as JsonObject;
    parsed.set(version, s);
  }
  return s;
}

/** Values of `objects` under keys `keep` selects. */
function valuesWhere(objects: readonly Json[], keep: (key: string) => boolean): Json[] {
  return objects.flatMap((o) =>
    isObject(o)
      ? Object.keys(o)
          .filter(keep)
          .map((k) => o[k])
      : [],
  );
}

/** `schema` with every subschema no value in `values` reaches replaced by `{}`. */
function prune(schema: Json, values: readonly Json[]): Json {
  if (!isObject(schema)) return schema;
  if (values.length === 0) return {};
  const arrays = values.filter((v): v is readonly Json[] => Array.isArray(v));
  const props = isObject(schema.properties) ? schema.properties : {};
  const patterns = isObject(schema.patternProperties)
    ? Object.keys(schema.patternProperties).map((p) => new RegExp(p, 'u'))
    : [];
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && isObject(v)) {
      out[k] = Object.fromEntries(
        Object.entries(v).map(([name, sub]) => [
          name,
          prune(
            sub,
            valuesWhere(values, (x) => x === name),
          ),
        ]),
      );
    } else if (k === 'patternProperties' && isObject(v)) {
      out[k] = Object.fromEntries(
        Object.entries(v).map(([p, sub]) => {
          const re = new RegExp(p, 'u');
          return [
            p,
            prune(
              sub,
              valuesWhere(values, (x) => re.test(x)),
            ),
          ];
        }),
      );
    } else if (k === 'additionalProperties') {
      const extra = (x: string): boolean =>
        !Object.hasOwn(props, x) && !patterns.some((re) => re.test(x));
      out[k] = prune(v, valuesWhere(values, extra));
    } else if (k === 'items') {
      out[k] = Array.isArray(v)
        ? v.map((sub, i) =>
            prune(
              sub,
              arrays.flatMap((a) => (i < a.length ? [a[i]] : [])),
            ),
          )
        : prune(v, arrays.flat());
    } else if (k === 'additionalItems') {
      const from = Array.isArray(schema.items) ? schema.items.length : 0;
      out[k] = prune(
        v,
        arrays.flatMap((a) => a.slice(from)),
      );
    } else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) {
      out[k] = v.map((sub) => prune(sub, values));
    } else if (k === 'not' || k === 'if' || k === 'then' || k === 'else' || k === 'contains') {
      out[k] = prune(v, values);
    } else {
      out[k] = v; // keywords, and `$defs` that `$ref`s of plugin schemas point into
    }
  }
  return out;
}

function validatorFor(version: OpenClawVersion, config: Json): ValidateFunction {
  const schema = prune(schemaOf(version), [config]) as Schema;
  const key = `${version}\n${JSON.stringify(schema)}`;
  let v = compiled.get(key);
  if (v === undefined) {
    let ajv = ajvs.get(version);
    if (ajv === undefined) {
      // strict off: the release's schema is taken as it is written.
      ajv = new Ajv({
        allErrors: true,
        verbose: true,
        strict: false,
        validateFormats: false,
        validateSchema: false,
        code: { optimize: false },
      });
      ajvs.set(version, ajv);
    }
    v = ajv.compile(schema);
    compiled.set(key, v);
  }
  return v;
}

/** `/agents/entries/a~1b` -> ['agents', 'entries', 'a/b']. */
function keysOf(instancePath: string): string[] {
  return instancePath === ''
    ? []
    : instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A value never repeated (it may be a credential): the rule names the allowed ones only. */
function describe(e: ErrorObject, path: string, version: string): { rule: string; fix: string } {
  const at = path === '' ? 'the top level' : path;
  const params = e.params as Record<string, unknown>;
  const parent = e.parentSchema as JsonObject | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = isObject(parent?.properties) ? Object.keys(parent.properties) : [];
      return {
        rule: `"${key}" is not a setting of ${at} in OpenClaw ${version} (its schema allows no other keys)`,
        fix:
          known.length > 0
            ? `remove it or use one of: ${known.join(', ')} (an older file: upgradeConfig / \`openclaw doctor --fix\` moves retired keys)`
            : 'remove it',
      };
    }
    case 'required':
      return {
        rule: `${at} needs "${String(params.missingProperty)}" in OpenClaw ${version}`,
        fix: `set ${path === '' ? '' : `${path}.`}${String(params.missingProperty)}`,
      };
    case 'enum':
    case 'const': {
      const allowed =
        e.keyword === 'enum' ? (params.allowedValues as Json[]) : [params.allowedValue as Json];
      return {
        rule: `${at} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
        fix: `use one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      };
    }
    case 'type':
      return {
        rule: `${at} must be ${String(params.type)}`,
        fix: `write ${at} as ${String(params.type)}`,
      };
    default:
      return {
        rule: `${at} ${e.message ?? `breaks the schema rule "${e.keyword}"`} (rule "${e.keyword}")`,
        fix: `change ${at} to satisfy it (see \`openclaw config schema\` of OpenClaw ${version})`,
      };
  }
}

/**
 * The errors worth showing: an `anyOf`/`oneOf` failure is explained better by its branches'
 * errors (and a branch's `type` mismatch by the other branch's finer errors); `const` errors
 * of one path (a union of literals) become one enum.
 */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const union = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';
  const within = (e: ErrorObject, p: string): boolean =>
    e.instancePath === p || e.instancePath.startsWith(`${p}/`);
  const finer = (p: string): boolean =>
    errors.some((e) => within(e, p) && !union(e) && e.keyword !== 'type');
  const unionAt = new Set(errors.filter(union).map((e) => e.instancePath));
  const kept = errors.filter((e) => {
    if (union(e)) return !errors.some((x) => !union(x) && within(x, e.instancePath));
    if (e.keyword === 'type' && unionAt.has(e.instancePath)) return !finer(e.instancePath);
    return true;
  });
  const out: ErrorObject[] = [];
  const constsAt = new Map<string, ErrorObject[]>();
  for (const e of kept) {
    if (e.keyword !== 'const') out.push(e);
    else constsAt.set(e.instancePath, [...(constsAt.get(e.instancePath) ?? []), e]);
  }
  for (const consts of constsAt.values()) {
    out.push({
      ...consts[0],
      keyword: 'enum',
      params: {
        allowedValues: [
          ...new Set(consts.map((c) => (c.params as { allowedValue: Json }).allowedValue)),
        ],
      },
    });
  }
  const seen = new Set<string>();
  return out.filter((e) => {
    const k = `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** `agents.entries.a.tools`, with `[i]` for array items (`models[0]`). */
function display(config: unknown, keys: readonly string[]): string {
  let cur: unknown = config;
  let out = '';
  for (const k of keys) {
    out += Array.isArray(cur) ? `[${k}]` : out === '' ? k : `.${k}`;
    cur = Array.isArray(cur) ? cur[Number(k)] : isObject(cur) ? cur[k] : undefined;
  }
  return out;
}

/** The release's schema problems of an openclaw.json object; empty when it is valid. */
export function validateConfig(config: unknown, options: ValidateOptions = {}): ConfigProblem[] {
  const version = options.version ?? DEFAULT_OPENCLAW_VERSION;
  const origin =
    options.origin ?? ((keys) => `openclaw.json ${display(config, keys) || '(top level)'}`);
  const validate = validatorFor(version, config as Json);
  if (validate(config)) return [];
  return relevant(validate.errors ?? []).map((e) => {
    const keys = keysOf(e.instancePath);
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    const full =
      e.keyword === 'additionalProperties' && extra !== undefined ? [...keys, extra] : keys;
    return {
      where: origin(full),
      path: display(config, full),
      kind: e.keyword === 'additionalProperties' ? ('unknown-key' as const) : ('schema' as const),
      ...describe(e, display(config, keys), version),
    };
  });
}

/** Throws the problems of `config` as one UserError (every problem listed), else returns. */
export function assertConfig(config: unknown, options: ValidateOptions = {}): void {
  const problems = validateConfig(config, options);
  throwProblems(problems.map((p) => new UserError(p.where, p.rule, p.fix)));
}

export { display as displayConfigPath };
