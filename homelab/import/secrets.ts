import { TfModule, Unknown, type Expr } from '../../lib/octant/module-reader';
import { VARIABLE_KEY } from '../../lib/octant/service/schema';
import { BUILT_IN_FIELDS } from '../../lib/secrets/op-fields';
import { UserError } from '../../lib/util/errors';
import { CONFIG_DIR, type ModuleRead } from './read';
import { unwrap, varRef } from './variables';

/**
 * Import's secrets step: each `nomad_variable` of the module — its 1Password reads become
 * op:// references (never values), `data.local_file` contents become variableFiles and
 * `var.x` items variableInputs. The job's own variable is the main one; others are extras.
 */

export interface ImportedSecrets {
  readonly secrets: Record<string, { op: string; description?: string }>;
  readonly variableFiles: Record<string, string>;
  readonly variableInputs: Record<string, string>;
  /** Files main.tf reads into the variable: name -> name. */
  readonly files: Record<string, string>;
  /** The main variable's path, when it is not the job's own. */
  readonly variablePath?: string;
  readonly extraVariables: { path: string; secrets: Record<string, { op: string }> }[];
  /** The resource name of the main nomad_variable. */
  readonly mainVar?: string;
  /** Resource name -> path of every other nomad_variable. */
  readonly others: ReadonlyMap<string, string>;
}

type VarBlock = ReturnType<TfModule['blocks']>[number];

export function importSecrets(m: ModuleRead, jobName: string): ImportedSecrets {
  const nomadVars = m.mod.blocks('resource', 'nomad_variable');
  const mainVar =
    nomadVars.find((nv) => m.mod.value(nv.body.path) === `nomad/jobs/${jobName}`) ?? nomadVars[0];
  const out: Omit<ImportedSecrets, 'variablePath'> & { variablePath?: string } = {
    secrets: {},
    variableFiles: {},
    variableInputs: {},
    files: {},
    extraVariables: [],
    others: new Map(),
    ...(mainVar ? { mainVar: mainVar.name } : {}),
  };
  const paths = new Set<string>();
  for (const nv of nomadVars) {
    const at = m.rel(m.mod.locate(nv.file, 'resource', ['nomad_variable', nv.name]));
    const p = variablePathOf(m, nv, at, jobName, paths);
    const isMain = nv === mainVar;
    if (isMain && p !== `nomad/jobs/${jobName}`) {
      out.variablePath = p;
      m.warnings.push(
        `${at}: the nomad_variable is at ${p}, not at the job's own nomad/jobs/${jobName}; kept (variablePath), but Nomad's default workload identity lets a job read only its own path`,
      );
    }
    const target: Record<string, { op: string }> = isMain ? out.secrets : {};
    if (!isMain) {
      out.extraVariables.push({ path: p, secrets: target });
      (out.others as Map<string, string>).set(nv.name, p);
      m.report.push(`resource "nomad_variable" "${nv.name}" (${at}) -> extraVariables (${p})`);
    }
    const items = nv.body.items;
    if (typeof items !== 'object' || items === null || Array.isArray(items)) {
      throw new UserError(
        at,
        'the nomad_variable items are not written as an object',
        'write items = { key = value, ... }',
      );
    }
    for (const [key, raw] of Object.entries(items)) {
      const where = m.rel(m.mod.locate(nv.file, 'resource', ['nomad_variable', nv.name], key));
      mapItem(m, { key, raw, where, path: p, isMain, target, out });
    }
  }
  return out;
}

function variablePathOf(
  m: ModuleRead,
  nv: VarBlock,
  at: string,
  jobName: string,
  seen: Set<string>,
): string {
  const p = m.mod.value(nv.body.path);
  if (typeof p !== 'string' || !/^nomad\/jobs\/[A-Za-z0-9_./-]+$/.test(p)) {
    throw new UserError(
      at,
      `the nomad_variable path ${p instanceof Unknown ? `cannot be computed statically: ${p.reason}` : `${JSON.stringify(p)} is not under nomad/jobs/`}`,
      `use path = "nomad/jobs/${jobName}" (the job's templates then read it with nomadVar "nomad/jobs/${jobName}")`,
    );
  }
  if (seen.has(p)) {
    throw new UserError(
      at,
      `a second nomad_variable at ${p}: the two overwrite each other on every apply`,
      'merge their items into one nomad_variable, then import again',
    );
  }
  seen.add(p);
  return p;
}

interface Item {
  readonly key: string;
  readonly raw: unknown;
  readonly where: string;
  readonly path: string;
  readonly isMain: boolean;
  readonly target: Record<string, { op: string }>;
  readonly out: ImportedSecrets;
}

/** One item of a nomad_variable: a 1Password field, a module variable or a file's content. */
function mapItem(m: ModuleRead, it: Item): void {
  const { key, where, path: p, target } = it;
  if (!VARIABLE_KEY.test(key)) {
    throw new UserError(where, `key "${key}" is not a plain name`, 'use letters, digits and "_"');
  }
  const src = typeof it.raw === 'string' ? it.raw : '';
  const e = unwrap(m.mod.parse(src));
  const d = dataRef(e);
  const custom = customFieldOf(src);
  if (d && d[0] === 'onepassword_item') {
    const field = d[2];
    if (!(BUILT_IN_FIELDS as readonly string[]).includes(field)) {
      throw new UserError(
        where,
        `field "${field}" of data.onepassword_item.${d[1]} is not one the generated module reads by name (${BUILT_IN_FIELDS.join(', ')}, or a custom field by label)`,
        'read it as a custom field by label, then import again',
      );
    }
    target[key] = { op: opRef(m.mod, d[1], field, where) };
    m.report.push(`secret: ${p} key "${key}" <- ${target[key].op} (${where})`);
  } else if (custom) {
    const field = custom[2] === undefined ? custom[1] : `${custom[2]}/${custom[1]}`;
    target[key] = { op: opRef(m.mod, custom[0], field, where) };
    m.report.push(`secret: ${p} key "${key}" <- ${target[key].op} (custom field, ${where})`);
  } else if (it.isMain && varRef(e) !== undefined && m.mod.variables.has(varRef(e)!)) {
    it.out.variableInputs[key] = varRef(e)!;
    m.report.push(
      `variable input: ${p} key "${key}" <- var.${varRef(e)} (the operator's value, never written into the module; ${where})`,
    );
  } else if (it.isMain && d && d[0] === 'local_file' && d[2] === 'content') {
    const name = localFile(m, d[1], where);
    it.out.variableFiles[key] = name;
    it.out.files[name] = name;
    m.report.push(
      `file: ${p} key "${key}" <- content of ${name} (data.local_file.${d[1]}, ${where})`,
    );
  } else {
    throw new UserError(
      where,
      `the value of key "${key}" is neither a 1Password field nor${it.isMain ? '' : " (in the job's own variable)"} a file's content${it.isMain ? ' nor a module variable' : ''}`,
      'read it from 1Password (data.onepassword_item), from a file beside main.tf or from var.<name>, then import again',
    );
  }
}

/** The file a `data.local_file` reads: inside the folder, not private, not through a link out. */
function localFile(m: ModuleRead, name: string, where: string): string {
  const fn = m.mod.value(
    m.mod.blocks('data', 'local_file').find((b) => b.name === name)?.body.filename,
  );
  const inside = typeof fn === 'string' ? m.mod.moduleFile(fn, where) : undefined;
  // Beside main.tf or below config/: the files import carries (read.ts).
  if (inside === undefined || (inside.includes('/') && !inside.startsWith(`${CONFIG_DIR}/`))) {
    throw new UserError(
      where,
      `data.local_file.${name} does not name a file beside main.tf or below ${CONFIG_DIR}/ in the module folder`,
      `keep the config file beside main.tf or below ${CONFIG_DIR}/`,
    );
  }
  return inside;
}

/** `data.<type>.<name>.<attr>` -> [type, name, attr] */
function dataRef(e: Expr | undefined): [string, string, string] | undefined {
  if (
    e?.k === 'get' &&
    e.obj.k === 'get' &&
    e.obj.obj.k === 'get' &&
    e.obj.obj.obj.k === 'ref' &&
    e.obj.obj.obj.name === 'data'
  ) {
    return [e.obj.obj.attr, e.obj.attr, e.attr];
  }
  return undefined;
}

/**
 * A custom field read through the item's sections, as hand-written modules (`for s in
 * ...section : [for f in s.field : f.value if f.label == "x"]`) and generated ones
 * (`lower(f.label) == "x"`) write it: [item, field, section?]. The label compared on the field
 * variable is the field; one compared on the section variable is the section.
 */
function customFieldOf(source: string): [string, string, string?] | undefined {
  const item = /data\.onepassword_item\.([\w-]+)\.section/.exec(source);
  if (!item) return undefined;
  let field: string | undefined;
  let section: string | undefined;
  for (const mt of source.matchAll(/\b(\w+)\.label\)?\s*==\s*"([^"]+)"/g)) {
    if (mt[1] === 'f') field ??= mt[2];
    else section ??= mt[2];
  }
  return field === undefined ? undefined : [item[1], field, section];
}

function opRef(mod: TfModule, item: string, field: string, where: string): string {
  const found = mod.blocks('data', 'onepassword_item').find((b) => b.name === item);
  if (!found)
    throw new UserError(where, `data.onepassword_item.${item} is not declared`, 'declare it');
  const title = mod.value(found.body.title);
  const vaultSrc = typeof found.body.vault === 'string' ? found.body.vault : '';
  const vault = /data\.onepassword_vault\.([\w-]+)\.uuid/.exec(vaultSrc);
  const vaultBody = vault
    ? mod.blocks('data', 'onepassword_vault').find((b) => b.name === vault[1])
    : undefined;
  const vaultName = vaultBody ? mod.value(vaultBody.body.name) : undefined;
  if (typeof title !== 'string' || typeof vaultName !== 'string') {
    throw new UserError(
      where,
      `data.onepassword_item.${item} must name its item by a static title and its vault through a data "onepassword_vault" by name`,
      'write title = "<item>" and vault = data.onepassword_vault.<v>.uuid with name = "<vault>"',
    );
  }
  for (const [what, name] of [
    ['vault', vaultName],
    ['item', title],
    ...field.split('/').map((f) => ['field', f]),
  ]) {
    if (!/^[A-Za-z0-9 ._-]+$/.test(name)) {
      throw new UserError(
        where,
        `the 1Password ${what} name ${JSON.stringify(name)} has characters a secret reference cannot hold`,
        'rename it in 1Password or use its ID',
      );
    }
  }
  return `op://${vaultName}/${title}/${field}`;
}
