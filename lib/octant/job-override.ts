import type { JobFile, Value } from '../nomad/model';
import { blockSpec, type BlockName, type FieldSpec } from '../nomad/schema';
import { validate } from '../nomad/validate';
import { UserError } from '../util/errors';

/**
 * The escape hatch for jobspec fields the typed props do not cover, in the spirit of cdktf's
 * `addOverride`: a dotted path in the jobspec's own HCL names, starting below `job`. Repeated
 * labeled blocks (group, task) are picked by label, other repeated blocks by index:
 *
 *     group.openclaw.task.openclaw.config.cap_add   = ["NET_BIND_SERVICE"]
 *     group.openclaw.service.0.check.0.interval    = "15s"
 *     group.openclaw.task.openclaw.kill_timeout    = "30s"
 *
 * Every name is looked up in the Nomad layer's schema (so a typo fails, with the names that
 * exist), except inside a driver `config` and user maps (env, meta), whose keys pass through.
 * Setting `undefined` removes a field. The patched job must pass the Nomad layer's validator.
 */
export interface JobOverride {
  readonly path: string;
  readonly value: Value | undefined;
}

type Rec = Record<string, unknown>;

/** Named errors of the override path. */
export const OverrideErrors = {
  unknownField(service: string, path: string, at: string, name: string, known: readonly string[]) {
    return new UserError(
      `${service}: override '${path}'`,
      `'${name}' is not a field of the ${at} block`,
      `use one of: ${known.join(', ')}`,
    );
  },
  noSuchBlock(service: string, path: string, what: string) {
    return new UserError(
      `${service}: override '${path}'`,
      `the jobspec has no ${what}`,
      'name an existing group/task by its label, or another block by its index (0, 1, ...)',
    );
  },
  invalid(service: string, path: string, problems: readonly string[]) {
    return new UserError(
      `${service}: override '${path}'`,
      'the overridden jobspec does not pass the validator:\n' +
        problems.map((p) => `  ${p}`).join('\n'),
      'change the override value',
    );
  },
};

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function fieldOf(block: BlockName, name: string): FieldSpec | undefined {
  return blockSpec(block).fields.find((f) => f.hcl === name);
}

/** Applies one override to a copy of the job file; the caller validates. */
function applyOne(file: JobFile, service: string, override: JobOverride): JobFile {
  const out = clone(file) as unknown as { job: Rec };
  const parts = override.path.split('.');
  if (parts.some((p) => p === '')) {
    throw OverrideErrors.noSuchBlock(service, override.path, 'field with an empty name');
  }
  let node: Rec = out.job;
  let block: BlockName | 'config' | 'map' = 'Job';
  // The HCL name of the block `node` is in, for messages (the schema names blocks by Go struct).
  let at = 'job';
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i];
    const last = i === parts.length - 1;
    if (block === 'config' || block === 'map') {
      // Driver config and user maps: keys pass through untouched.
      if (last) {
        if (override.value === undefined) delete node[name];
        else node[name] = override.value;
        return out as unknown as JobFile;
      }
      const next = node[name];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        node[name] = {};
      }
      node = node[name] as Rec;
      continue;
    }
    const field = fieldOf(block, name);
    if (field === undefined) {
      throw OverrideErrors.unknownField(
        service,
        override.path,
        at,
        name,
        blockSpec(block).fields.map((f) => f.hcl),
      );
    }
    if (last) {
      if (override.value === undefined) delete node[field.field];
      else node[field.field] = override.value;
      return out as unknown as JobFile;
    }
    if (field.kind === 'config' || field.kind === 'stringMap' || field.kind === 'value') {
      if (node[field.field] === undefined) node[field.field] = {};
      node = node[field.field] as Rec;
      block = field.kind === 'config' ? 'config' : 'map';
      continue;
    }
    if (field.block === undefined) {
      throw OverrideErrors.noSuchBlock(service, override.path, `block '${name}' (it is a value)`);
    }
    if (field.kind === 'block') {
      if (node[field.field] === undefined) node[field.field] = {};
      node = node[field.field] as Rec;
      block = field.block;
      at = name;
      continue;
    }
    // Repeated blocks: a label (group, task) or an index selects one.
    const list = (node[field.field] as Rec[] | undefined) ?? [];
    const key = parts[++i];
    const spec = blockSpec(field.block);
    const found =
      key === undefined
        ? undefined
        : spec.labelField !== undefined && !/^\d+$/.test(key)
          ? list.find((b) => b[spec.labelField as string] === key)
          : list[Number(key)];
    if (found === undefined || i === parts.length - 1) {
      throw OverrideErrors.noSuchBlock(service, override.path, `${name} '${key ?? ''}'`);
    }
    node = found;
    block = field.block;
    at = name;
  }
  return out as unknown as JobFile;
}

/**
 * The job file with every override applied, validated by the Nomad layer's validator once all
 * are in (a set of overrides may pass through states that are invalid on their own, e.g. a
 * port removed before the task stops naming it). `validate: false` skips that (tests of the
 * override paths on arbitrary jobs).
 */
export function applyJobOverrides(
  file: JobFile,
  service: string,
  overrides: readonly JobOverride[],
  opts: { readonly validate?: boolean } = {},
): JobFile {
  let out = file;
  for (const o of overrides) out = applyOne(out, service, o);
  if (overrides.length === 0 || opts.validate === false) return out;
  const errors = validate(out).filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw OverrideErrors.invalid(
      service,
      overrides.map((o) => o.path).join("', '"),
      errors.map((d) => `${d.path}: ${d.message} [${d.rule}]`),
    );
  }
  return out;
}
