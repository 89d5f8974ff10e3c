import * as path from 'path';
import { stringify } from 'yaml';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { renderHcl } from '../../lib/nomad/hcl/render';
import { renderJson } from '../../lib/nomad/json/render';
import type { JobFile, VarValue } from '../../lib/nomad/model';
import { renderTemplatefile } from '../../lib/nomad/hcl/templatefile';
import {
  Expr,
  firstUnknown,
  jsonencode,
  PassedVar,
  TfModule,
  TfVariable,
  Unknown,
  Val,
  isPrivateFile,
} from '../../lib/octant/module-reader';
import type { ServiceConfigInput } from '../../lib/octant/service/schema';
import { VARIABLE_KEY } from '../../lib/octant/service/schema';
import { isStandardVariable } from '../../lib/octant/variables';
import { BUILT_IN_FIELDS } from '../../lib/secrets/op-fields';
import { UserError } from '../../lib/util/errors';
import { writeFilesAtomic, type FileContent } from '../../lib/util/atomic-write';
import {
  checkFileName,
  exists,
  isUtf8,
  readBytesInside,
  readTextInside,
  walkTree,
  withScratchDir,
} from '../../lib/util/boundary';
import { terraformName } from '../../lib/terraform/names';
import { convertTemplate } from './template';
import { GATEWAY_OWN_ENV, GatewayNotTyped, typedGateway, type GatewayImport } from './gateway';
import {
  evaluateConfigExpressions,
  wiringOfGenerated,
  wiringOfHandWritten,
  wiringDifferences,
} from './compare';
import type { SiteInput } from '../schema';
import { redactLiteralSecrets, scanValue } from '../../lib/secrets/literal-scan';

/**
 * `openclaw-octant import`: reads a hand-written Octant service module (main.tf, variables.tf,
 * the templatefile() jobspec, config files beside it) and describes it as a site `services`
 * entry that `synth` turns back into the same job and the same wiring. Every block of the
 * module gets a report line saying what became of it; nothing is dropped silently, and no
 * secret value is ever read (1Password values stay references; literal keys found in config
 * files are replaced by references, with a warning).
 */

export interface ImportOptions {
  /** The site file to write; the jobspec and config files go beside it. */
  readonly siteFile: string;
  /**
   * Keep an OpenClaw gateway as a generic service (its jobspec as written) instead of mapping
   * it onto typed `gateways` settings. @default false
   */
  readonly asService?: boolean;
}

export interface ImportResult {
  /** Absolute path -> content of every file to write (site file first; bytes for a binary file). */
  readonly files: ReadonlyMap<string, FileContent>;
  /** One line per mapping. */
  readonly report: readonly string[];
  /** What needs the operator's attention (literal secrets, things not reproduced). */
  readonly warnings: readonly string[];
  /** The module's name (its folder in the generated tree). */
  readonly name: string;
  /** `gateway`: mapped onto typed `gateways` settings; `service`: a jobspec kept as written. */
  readonly kind: 'gateway' | 'service';
  /** The service entry (kind `service`), for tests and callers. */
  readonly service?: ServiceConfigInput;
  /** The site written. */
  readonly site: SiteInput;
}

/** The `moved` blocks that carry the hand-written module's state over. */
export const MOVED_FILE = 'moved.tf';

type TfType = 'string' | 'number' | 'bool' | 'list(string)' | 'map(string)';
const TF_TYPES: readonly string[] = ['string', 'number', 'bool', 'list(string)', 'map(string)'];

/** Files of a module folder that are Terraform's own or regenerated: never copied. */
const SKIP =
  /^(.*\.tf|.*\.tf\.json|README\.md|\.terraform.*|terraform\.tfstate.*|.*\.tfvars(\.json)?|.*\.tfplan)$/;

function plain(v: Val, where: string): VarValue {
  const u = firstUnknown(v);
  if (u || v === null) {
    throw new UserError(
      where,
      `the default is not a literal value${u ? `: ${u.reason}` : ''}`,
      'write the default out literally',
    );
  }
  return v as VarValue;
}

function typeOf(v: TfVariable): TfType {
  if (v.type !== undefined) {
    const t = v.type.replace(/\s+/g, '');
    if (TF_TYPES.includes(t)) return t as TfType;
    if (t === 'list(any)' || t === 'list') return 'list(string)';
    if (t === 'map(any)' || t === 'map') return 'map(string)';
    const known = /^(string|number|bool|any|list|map|set|object|tuple)\b/.test(t);
    throw new UserError(
      v.where,
      known
        ? `variable "${v.name}" has type ${v.type}, which the generated module cannot declare`
        : `variable "${v.name}" has type ${v.type}, which is not a Terraform type (terraform refuses the module too)`,
      'use string, number, bool, list(string) or map(string)',
    );
  }
  const d = v.default;
  if (typeof d === 'number') return 'number';
  if (typeof d === 'boolean') return 'bool';
  if (Array.isArray(d)) return 'list(string)';
  if (typeof d === 'object' && d !== null && !(d instanceof Unknown)) return 'map(string)';
  return 'string';
}

/** `var.x` -> x */
function varRef(e: Expr | undefined): string | undefined {
  return e?.k === 'get' && e.obj.k === 'ref' && e.obj.name === 'var' ? e.attr : undefined;
}

/** `jsonencode(var.x)` -> x */
function jsonVarRef(e: Expr | undefined): string | undefined {
  return e?.k === 'call' && e.fn === 'jsonencode' && e.args.length === 1
    ? varRef(e.args[0])
    : undefined;
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

function unwrap(e: Expr | undefined): Expr | undefined {
  return e?.k === 'tmpl' && e.parts.length === 1 && typeof e.parts[0] !== 'string' ? e.parts[0] : e;
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
  for (const m of source.matchAll(/\b(\w+)\.label\)?\s*==\s*"([^"]+)"/g)) {
    if (m[1] === 'f') field ??= m[2];
    else section ??= m[2];
  }
  return field === undefined ? undefined : [item[1], field, section];
}

export async function importModule(dir: string, opts: ImportOptions): Promise<ImportResult> {
  const abs = path.resolve(dir);
  const mod = await TfModule.read(abs);
  const report: string[] = [];
  const warnings: string[] = [];
  const outDir = path.dirname(path.resolve(opts.siteFile));
  const files = new Map<string, FileContent>();
  const rel = (f: string): string => path.join(path.basename(abs), f);

  // --- the job ------------------------------------------------------------------------------
  const jobs = mod.jobs();
  if (jobs.length === 0) {
    throw new UserError(
      rel('main.tf'),
      'is not an Octant service module: it declares no resource "nomad_job"',
      'point import at a terraform/<service>/ folder whose main.tf registers the job',
    );
  }
  // A module this project generated carries a gateway's backup job beside its own
  // (`<job>-backup.nomad.hcl`, from `gateways[].backup`): the service is the other job.
  const backupFileOf = (j: (typeof jobs)[number]): string | undefined =>
    j.jobspecFile?.replace(/\.nomad\.hcl$/, '-backup.nomad.hcl');
  const companions = jobs.filter((j) =>
    jobs.some((o) => o !== j && j.jobspecFile !== undefined && backupFileOf(o) === j.jobspecFile),
  );
  const primary = jobs.filter((j) => !companions.includes(j));
  for (const c of companions) {
    const line = `job: nomad_job.${c.name} (${c.jobspecFile}) left out: it is the backup job a gateway's \`backup\` option generates; synth regenerates it from the gateway's \`backup\` option (import it as a service of its own to keep it as written)`;
    report.push(line);
    warnings.push(line);
  }
  // Each job: its jobspec converted (placeholders -> jobspec variables or written-out values)
  // and checked to give the API JSON Nomad reads today.
  const importJob = async (tfJob: (typeof jobs)[number]) => {
    if (tfJob.jobspecFile === undefined) {
      throw new UserError(
        rel(tfJob.where),
        `resource "nomad_job" "${tfJob.name}" does not read its jobspec from a file beside main.tf (file(), templatefile() or data "template_file")`,
        'move the jobspec into <service>.nomad.hcl and read it with templatefile()',
      );
    }
    if (!exists(path.join(abs, tfJob.jobspecFile))) {
      throw new UserError(
        rel(tfJob.where),
        `the jobspec ${tfJob.jobspecFile} does not exist`,
        'put the jobspec beside main.tf',
      );
    }
    // Inside the module (the module reader checked the name), a regular file, bounded.
    const template = readTextInside(abs, tfJob.jobspecFile, rel(tfJob.jobspecFile));
    // A credential written into the jobspec itself: the job must stay identical, so it is
    // carried over, but never silently.
    for (const f of redactLiteralSecrets(template).found) {
      warnings.push(
        `${rel(tfJob.jobspecFile)}:${f.line}: a literal credential (${f.name}) is written in the jobspec; it stays as written (the job must not change): move it into 1Password and read it with a nomadVar template`,
      );
    }
    const passed: ReadonlyMap<string, PassedVar> = tfJob.template?.vars ?? new Map();

    // How each placeholder is written in the generated jobspec.
    type Mapping =
      { kind: 'var'; moduleVar: string; type: TfType } | { kind: 'inline'; text: string };
    const mappings = new Map<string, Mapping>();
    const mapPlaceholder = (name: string, line: number): Mapping => {
      const known = mappings.get(name);
      if (known) return known;
      const p = passed.get(name);
      if (!p) {
        throw new UserError(
          `${rel(tfJob.jobspecFile!)}:${line}`,
          `template placeholder \${${name}} is not passed by ${tfJob.template?.block ?? `resource "nomad_job" "${tfJob.name}"`} (terraform plan fails the same way)`,
          `pass ${name} in the template vars of main.tf, or write the value out in the jobspec`,
        );
      }
      const direct = varRef(p.expr);
      const json = jsonVarRef(p.expr);
      let m: Mapping;
      if (direct !== undefined && mod.variables.has(direct)) {
        const v = mod.variables.get(direct)!;
        const type = typeOf(v);
        m = { kind: 'var', moduleVar: direct, type };
        report.push(
          `job: \${${name}} -> jobspec variable "${name}" fed from var.${direct} (${rel(p.where)})`,
        );
      } else if (
        json !== undefined &&
        mod.variables.has(json) &&
        typeOf(mod.variables.get(json)!) !== 'string'
      ) {
        m = { kind: 'var', moduleVar: json, type: typeOf(mod.variables.get(json)!) };
        report.push(
          `job: \${${name}} -> jobspec variable "${name}" (${m.type}) fed from var.${json} (${rel(p.where)})`,
        );
      } else {
        const text =
          p.value instanceof Unknown
            ? p.value
            : typeof p.value === 'string'
              ? p.value
              : jsonencode(p.value);
        if (text instanceof Unknown) {
          throw new UserError(
            rel(p.where),
            `the value passed for template placeholder \${${name}} cannot be computed statically: ${text.reason}`,
            text.secret
              ? 'a secret must not be rendered into the jobspec: read it in the job through a nomadVar template instead, then import again'
              : 'make it static (a variable default, a file beside the module) or write the value out in the jobspec, then import again',
          );
        }
        m = { kind: 'inline', text: typeof p.value === 'string' ? p.value : String(p.value) };
        report.push(
          `job: \${${name}} -> its static value written into the jobspec (computed from ${rel(p.where)})`,
        );
      }
      mappings.set(name, m);
      return m;
    };

    // A jobspec read with file() is HCL2 already: `$${` is its own escape and stays.
    const isTemplate = tfJob.template !== undefined;
    const converted = !isTemplate
      ? template
      : convertTemplate(template, rel(tfJob.jobspecFile), (use) => {
          const m = mapPlaceholder(use.name, use.line);
          if (m.kind === 'inline') return m.text;
          return use.inString ? `\${var.${use.name}}` : `var.${use.name}`;
        });
    const jobVarDecls = [...mappings]
      .filter((e): e is [string, Extract<Mapping, { kind: 'var' }>] => e[1].kind === 'var')
      .map(([name, m]) => `variable "${name}" {\n  type = ${m.type}\n}\n`)
      .join('');
    // Existing HCL2 variables of a file() jobspec fed through nomad_job.hcl2.vars.
    const hcl2JobVars: Record<string, string> = {};
    for (const [name, p] of tfJob.hcl2Vars) {
      const v = varRef(unwrap(p.expr)) ?? jsonVarRef(unwrap(p.expr));
      if (v === undefined || !mod.variables.has(v)) {
        throw new UserError(
          rel(p.where),
          `hcl2 var "${name}" is not a module variable (var.x or jsonencode(var.x))`,
          'feed the jobspec variable from a module variable, then import again',
        );
      }
      hcl2JobVars[name] = v;
      report.push(`job: hcl2 var "${name}" fed from var.${v} (${rel(p.where)})`);
    }

    // The job as Nomad reads it today, and as the generated jobspec gives it.
    const values: Record<string, string> = {};
    for (const name of mappings.keys()) {
      const p = passed.get(name)!;
      const t =
        p.value instanceof Unknown
          ? undefined
          : typeof p.value === 'string'
            ? p.value
            : jsonencode(p.value);
      if (typeof t === 'string') values[name] = t;
    }
    let original: JobFile;
    try {
      const rendered = isTemplate
        ? renderTemplatefile(template, values, rel(tfJob.jobspecFile))
        : template;
      original = await parseJobspec(rendered, {
        filename: rel(tfJob.jobspecFile),
      });
    } catch (e) {
      if (e instanceof UserError) {
        throw new UserError(
          e.where,
          `the jobspec, rendered the way main.tf renders it, does not parse: ${e.rule}`,
          `${e.fix}; Nomad would refuse it too`,
        );
      }
      throw e;
    }
    // The job's name becomes a file name (`<job>.nomad.hcl`) and a folder of the output.
    checkFileName(original.job.name, rel(tfJob.jobspecFile), 'the job name');
    const generated = await parseJobspec(jobVarDecls + converted, {
      filename: rel(tfJob.jobspecFile),
    });
    const jobVarValues: Record<string, VarValue> = {};
    for (const [name, m] of mappings) {
      if (m.kind === 'var')
        jobVarValues[name] = plain(
          mod.variables.get(m.moduleVar)!.default ?? null,
          mod.variables.get(m.moduleVar)!.where,
        );
    }
    for (const [name, v] of Object.entries(hcl2JobVars)) {
      const d = mod.variables.get(v)!;
      if (d.hasDefault) jobVarValues[name] = plain(d.default ?? null, d.where);
    }
    const want = renderJson(original, hcl2VarsDefaults(original, mod, hcl2JobVars));
    const got = renderJson(generated, jobVarValues);
    if (want !== got) {
      throw new UserError(
        rel(tfJob.jobspecFile),
        'import could not reproduce this job exactly (its API JSON differs); nothing was written',
        'please report this with the module folder; meanwhile keep the hand-written module',
      );
    }
    return {
      tfJob,
      jobspecFile: tfJob.jobspecFile,
      original,
      generated,
      mappings,
      hcl2JobVars,
      jobVarValues,
    };
  };
  // Every job is read first; the service's own job is the one named like the folder (Octant
  // names the module after its main job), else the first declared. The others are extraJobs.
  const all: Awaited<ReturnType<typeof importJob>>[] = [];
  for (const j of primary) all.push(await importJob(j));
  const first = all.find((x) => x.original.job.name === path.basename(abs)) ?? all[0];
  const { tfJob, jobspecFile, original, generated, mappings, hcl2JobVars } = first;
  const jobName = original.job.name;
  report.push(
    `job "${jobName}": ${rel(jobspecFile)} -> the jobspec file of the service (same API JSON as Nomad reads today)`,
  );

  // Further jobs of the module (in declaration order): the service's extraJobs.
  const extras: typeof all = [];
  for (const x of all.filter((o) => o !== first)) {
    const tfExtra = x.tfJob;
    const name = x.original.job.name;
    const taken = [jobName, ...extras.map((e) => e.original.job.name)];
    if (taken.includes(name)) {
      throw new UserError(
        rel(x.jobspecFile),
        `job "${name}" is registered twice by this module (resources nomad_job.${(all.find((o) => o.original.job.name === name) ?? first).tfJob.name} and nomad_job.${tfExtra.name}); Nomad keeps only the last one`,
        'give each job of the module its own name, then import again',
      );
    }
    extras.push(x);
    report.push(
      `job "${name}": ${rel(x.jobspecFile)} -> extraJobs[${extras.length - 1}] of the service (nomad_job.${tfExtra.name}; same API JSON as Nomad reads today)`,
    );
  }

  for (const b of mod.blocks('resource', 'nomad_job')) {
    if (b.body.depends_on !== undefined && primary.length > 1) {
      report.push(
        `job: depends_on of nomad_job.${b.name} not reproduced: each generated nomad_job waits for its own nomad_variable and volumes only (Nomad needs no order between jobs)`,
      );
    }
  }

  // --- OpenClaw? (mapped onto typed gateway settings at the end) ---------------------------
  const openclaw = recognizeOpenClaw(original);

  // --- module variables ---------------------------------------------------------------------
  const variables: NonNullable<ServiceConfigInput['variables']> = [];
  for (const v of mod.variables.values()) {
    const type = typeOf(v);
    // A sensitive (or credential-looking) default would travel into the site and the README.
    if (
      v.hasDefault &&
      v.default !== null &&
      (v.sensitive || scanValue({ [v.name]: v.default }, v.name).length > 0)
    ) {
      throw new UserError(
        rel(v.where),
        `variable "${v.name}" is sensitive or holds a credential, and has a literal default; import would copy it into the site`,
        `remove the default from the module and pass it with TF_VAR_${v.name}=... or from 1Password, then import again`,
      );
    }
    const entry = {
      name: v.name,
      type,
      ...(v.hasDefault && v.default !== null
        ? { default: plain(v.default ?? null, rel(v.where)) }
        : {}),
      ...(v.description !== undefined ? { description: v.description } : {}),
      ...(v.sensitive ? { sensitive: true } : {}),
    };
    variables.push(entry);
    report.push(
      `variable "${v.name}" (${rel(v.where)}) -> ${isStandardVariable(v.name) ? "Octant standard variable, this module's default kept" : 'module variable'}`,
    );
  }

  // --- nomad_variable: 1Password reads and config files -------------------------------------
  const secrets: Record<string, { op: string; description?: string }> = {};
  const variableFiles: Record<string, string> = {};
  const variableInputs: Record<string, string> = {};
  const serviceFiles: Record<string, string> = {};
  const nomadVars = mod.blocks('resource', 'nomad_variable');
  let variablePath: string | undefined;
  const extraVariables: { path: string; secrets: Record<string, { op: string }> }[] = [];
  // The job's own variable is the main one; any other path becomes an extra variable.
  const mainVar =
    nomadVars.find((nv) => mod.value(nv.body.path) === `nomad/jobs/${jobName}`) ?? nomadVars[0];
  const paths = new Set<string>();
  for (const nv of nomadVars) {
    const at = rel(mod.locate(nv.file, 'resource', ['nomad_variable', nv.name]));
    const p = mod.value(nv.body.path);
    if (typeof p !== 'string' || !/^nomad\/jobs\/[A-Za-z0-9_./-]+$/.test(p)) {
      throw new UserError(
        at,
        `the nomad_variable path ${p instanceof Unknown ? `cannot be computed statically: ${p.reason}` : `${JSON.stringify(p)} is not under nomad/jobs/`}`,
        `use path = "nomad/jobs/${jobName}" (the job's templates then read it with nomadVar "nomad/jobs/${jobName}")`,
      );
    }
    if (paths.has(p)) {
      throw new UserError(
        at,
        `a second nomad_variable at ${p}: the two overwrite each other on every apply`,
        'merge their items into one nomad_variable, then import again',
      );
    }
    paths.add(p);
    const isMain = nv === mainVar;
    if (isMain && p !== `nomad/jobs/${jobName}`) {
      variablePath = p;
      warnings.push(
        `${at}: the nomad_variable is at ${p}, not at the job's own nomad/jobs/${jobName}; kept (variablePath), but Nomad's default workload identity lets a job read only its own path`,
      );
    }
    const target: Record<string, { op: string }> = isMain ? secrets : {};
    if (!isMain) {
      extraVariables.push({ path: p, secrets: target });
      report.push(`resource "nomad_variable" "${nv.name}" (${at}) -> extraVariables (${p})`);
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
      const where = rel(mod.locate(nv.file, 'resource', ['nomad_variable', nv.name], key));
      if (!VARIABLE_KEY.test(key)) {
        throw new UserError(
          where,
          `key "${key}" is not a plain name`,
          'use letters, digits and "_"',
        );
      }
      const src = typeof raw === 'string' ? raw : '';
      const e = unwrap(mod.parse(src));
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
        target[key] = { op: opRef(mod, d[1], field, where) };
        report.push(`secret: ${p} key "${key}" <- ${target[key].op} (${where})`);
      } else if (custom) {
        target[key] = {
          op: opRef(
            mod,
            custom[0],
            custom[2] === undefined ? custom[1] : `${custom[2]}/${custom[1]}`,
            where,
          ),
        };
        report.push(`secret: ${p} key "${key}" <- ${target[key].op} (custom field, ${where})`);
      } else if (isMain && varRef(e) !== undefined && mod.variables.has(varRef(e)!)) {
        variableInputs[key] = varRef(e)!;
        report.push(
          `variable input: ${p} key "${key}" <- var.${variableInputs[key]} (the operator's value, never written into the module; ${where})`,
        );
      } else if (isMain && d && d[0] === 'local_file' && d[2] === 'content') {
        const fn = mod.value(
          mod.blocks('data', 'local_file').find((b) => b.name === d[1])?.body.filename,
        );
        // Inside the folder, not private, not through a link out (else an error naming it).
        const inside = typeof fn === 'string' ? mod.moduleFile(fn, where) : undefined;
        if (inside === undefined || inside.includes('/')) {
          throw new UserError(
            where,
            `data.local_file.${d[1]} does not name a file inside the module folder`,
            'keep the config file beside main.tf',
          );
        }
        const name = inside;
        variableFiles[key] = name;
        serviceFiles[name] = name;
        report.push(
          `file: ${p} key "${key}" <- content of ${name} (data.local_file.${d[1]}, ${where})`,
        );
      } else {
        throw new UserError(
          where,
          `the value of key "${key}" is neither a 1Password field nor${isMain ? '' : " (in the job's own variable)"} a file's content${isMain ? ' nor a module variable' : ''}`,
          'read it from 1Password (data.onepassword_item), from a file beside main.tf or from var.<name>, then import again',
        );
      }
    }
  }

  // --- files beside the module --------------------------------------------------------------
  const jobspecs = new Set([jobspecFile, ...extras.map((x) => x.jobspecFile)]);
  for (const [f, copy] of filesBeside(abs, jobspecs, rel, report, warnings)) {
    serviceFiles[f] = f;
    if (copy && !Object.values(variableFiles).includes(f)) {
      report.push(`file: ${rel(f)} -> copied into the module folder (files.${f})`);
    }
  }
  const cleaned = new Map<string, { text: string; redacted: string[] }>();
  const binaries: string[] = [];
  for (const [name] of Object.entries(serviceFiles)) {
    if (!exists(path.join(abs, name))) {
      warnings.push(
        `${rel(name)} is read by main.tf but is not in the folder; copy it beside the site file before synth`,
      );
      continue;
    }
    // Bytes first: a file beside the module is copied, never followed through a link.
    const bytes = readBytesInside(abs, name, rel(name), { noFollow: true });
    if (!isUtf8(bytes)) {
      if (Object.values(variableFiles).includes(name)) {
        throw new UserError(
          rel(name),
          'is not UTF-8 text, and main.tf puts its content into the nomad_variable (which holds text)',
          'save it as UTF-8 (or base64-encode it), then import again',
        );
      }
      files.set(path.join(outDir, name), bytes);
      binaries.push(name);
      delete serviceFiles[name];
      warnings.push(
        `${rel(name)}: a binary file; copied beside the site file as it is, but not listed in the service's files (synth carries text files only): put it where the job reads it yourself`,
      );
      continue;
    }
    const text = Buffer.from(bytes).toString('utf8');
    const { text: clean, found } = redactLiteralSecrets(
      text,
      name.endsWith('.yaml') || name.endsWith('.yml') ? (env) => `os.environ/${env}` : undefined,
    );
    for (const s of found) {
      warnings.push(
        `${rel(name)}:${s.line}: a literal credential (${s.name}) was replaced by a reference to $${s.env}; store it in 1Password and give the task that env variable (the value was not copied)`,
      );
    }
    files.set(path.join(outDir, name), clean);
    cleaned.set(name, { text: clean, redacted: found.map((f) => f.env) });
  }

  // --- the rest of main.tf: say what became of every block ----------------------------------
  reportOtherBlocks(mod, rel, report, warnings);

  const serviceName = /^[a-z0-9][a-z0-9_-]{0,62}$/.test(path.basename(abs))
    ? path.basename(abs)
    : jobName;
  const jobVarsOf = (
    ms: typeof mappings,
    hcl2: Readonly<Record<string, string>>,
  ): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, m] of ms)
      if (m.kind === 'var' && m.moduleVar !== name) out[name] = m.moduleVar;
    for (const [name, v] of Object.entries(hcl2)) if (v !== name) out[name] = v;
    return out;
  };
  const jobVars = jobVarsOf(mappings, hcl2JobVars);
  // Same folder, same state: `moved` blocks let Terraform keep the job and the variable under
  // the generated module's resource names instead of destroying and re-creating them.
  const moves: [string, string][] = [
    [`nomad_job.${tfJob.name}`, `nomad_job.${terraformName(serviceName)}`],
  ];
  for (const x of extras) {
    moves.push([`nomad_job.${x.tfJob.name}`, `nomad_job.${terraformName(x.original.job.name)}`]);
  }
  if (mainVar) {
    moves.push([
      `nomad_variable.${mainVar.name}`,
      `nomad_variable.${terraformName(serviceName)}_secrets`,
    ]);
  }
  for (const nv of nomadVars.filter((v) => v !== mainVar)) {
    const p = String(mod.value(nv.body.path)).replace(/^nomad\/jobs\//, '');
    moves.push([
      `nomad_variable.${nv.name}`,
      `nomad_variable.${terraformName(serviceName)}_${terraformName(p)}_secrets`,
    ]);
  }
  const needed = moves.filter(([from, to]) => from !== to);
  if (needed.length > 0) {
    files.set(path.join(outDir, MOVED_FILE), movedFile(needed));
    serviceFiles[MOVED_FILE] = MOVED_FILE;
    report.push(movedReport(needed));
  }
  const jobspecName = `${serviceName}.nomad.hcl`;
  files.set(path.join(outDir, jobspecName), renderHcl(generated));
  const extraJobs = extras.map((x) => {
    const file = `${x.original.job.name}.nomad.hcl`;
    if (file === jobspecName) {
      throw new UserError(
        rel(x.jobspecFile),
        `job "${x.original.job.name}" would be written to ${file}, the file of the service's own job`,
        'rename the job (job "<name>" { ... }) or the module folder, then import again',
      );
    }
    files.set(path.join(outDir, file), renderHcl(x.generated));
    const xVars = jobVarsOf(x.mappings, x.hcl2JobVars);
    return { jobspec: file, ...(Object.keys(xVars).length > 0 ? { jobVars: xVars } : {}) };
  });
  const service: ServiceConfigInput = {
    name: serviceName,
    jobspec: jobspecName,
    ...(Object.keys(jobVars).length > 0 ? { jobVars } : {}),
    ...(extraJobs.length > 0 ? { extraJobs } : {}),
    variables,
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    ...(variablePath !== undefined ? { variablePath } : {}),
    ...(extraVariables.length > 0 ? { extraVariables } : {}),
    ...(Object.keys(variableFiles).length > 0 ? { variableFiles } : {}),
    ...(Object.keys(variableInputs).length > 0 ? { variableInputs } : {}),
    ...(Object.keys(variableInputs).length > 0 ? { variableInputs } : {}),
    ...(Object.keys(serviceFiles).length > 0 ? { files: serviceFiles } : {}),
    description: `Imported from ${path.basename(abs)}/ by openclaw-octant import.`,
  };
  // An OpenClaw gateway: typed settings, checked to give the same job and wiring.
  if (openclaw.length > 0 && opts.asService === true) {
    report.push(
      `openclaw: recognized an OpenClaw gateway (${openclaw.join(', ')}); imported as a service with its jobspec kept as written (--as-service)`,
    );
  } else if (openclaw.length > 0) {
    const typed = await tryTypedGateway({
      abs,
      rel,
      siteFile: path.resolve(opts.siteFile),
      original: evaluateConfigExpressions(original, mod),
      variables,
      secrets,
      cleaned,
      otherFiles: [...Object.keys(serviceFiles), ...binaries].filter((f) => f !== 'openclaw.json'),
      unsupported: [
        ...(extras.length > 0 ? ['the module registers further jobs'] : []),
        ...(extraVariables.length > 0 ? ['it writes further nomad_variables'] : []),
        ...(Object.keys(variableFiles).length > 0 ? ['its variable holds file contents'] : []),
        ...(Object.keys(variableInputs).length > 0 ? ['its variable holds module variables'] : []),
        ...(variablePath !== undefined ? ["its variable is not at the job's own path"] : []),
        ...(tfJob.hcl2Vars.size > 0 ? ['its job reads HCL2 variables'] : []),
      ],
      // The gateway module names its resources after the gateway (the job), not the folder.
      moves: [
        [`nomad_job.${tfJob.name}`, `nomad_job.${terraformName(jobName)}`],
        ...(mainVar
          ? [
              [
                `nomad_variable.${mainVar.name}`,
                `nomad_variable.${terraformName(jobName)}_secrets`,
              ] as [string, string],
            ]
          : []),
      ].filter(([from, to]) => from !== to) as [string, string][],
    });
    if ('site' in typed) {
      // openclaw.json's literal credentials: the typed mapping says what became of each.
      const typedWarnings = [
        ...warnings.filter((w) => !w.startsWith(`${rel('openclaw.json')}:`)),
        ...typed.warnings,
      ];
      const siteText =
        [
          `# Written by \`openclaw-octant import ${path.basename(abs)}\`. \`openclaw-octant synth --site <this file>\``,
          '# regenerates the module: the same job, 1Password reads, nomad_variable and variables, from',
          '# typed gateway settings. `overrides` keep what the typed gateway renders otherwise; delete',
          '# one to take the typed setting (that changes the job: review the plan).',
          ...typedWarnings.map((w) => `# NOTE: ${w}`),
          '',
        ].join('\n') + stringify(typed.site, { lineWidth: 0 });
      const out = new Map<string, string>([[path.resolve(opts.siteFile), siteText]]);
      if (typed.moves.length > 0) out.set(path.join(outDir, MOVED_FILE), movedFile(typed.moves));
      return {
        files: out,
        report: [
          ...report
            .filter((l) => !/^(job[ :]|file: .*-> copied|state: )/.test(l))
            .map((l) =>
              l
                .replace(
                  /: a jobspec of the service \(see its job line\)$/,
                  ": the typed gateway's job",
                )
                .replace(
                  /: the service secrets\/variableFiles$/,
                  ": the gateway's secrets (site secrets.items)",
                ),
            ),
          `openclaw: recognized an OpenClaw gateway (${openclaw.join(', ')}); imported as typed gateway settings, checked to give the same job and wiring`,
          ...typed.report,
          ...(typed.moves.length > 0 ? [movedReport(typed.moves)] : []),
        ],
        warnings: typedWarnings,
        name: typed.name,
        kind: 'gateway',
        site: typed.site,
      };
    }
    report.push(
      `openclaw: recognized an OpenClaw gateway (${openclaw.join(', ')}); imported as a service with its jobspec kept as written: ${typed.why}`,
    );
    warnings.push(
      `this module runs an OpenClaw gateway but it stays a generic service: ${typed.why}`,
    );
  }
  const suggestion = openclaw.length > 0 ? gatewaySuggestion(original, report) : [];
  const header = [
    `# Written by \`openclaw-octant import ${path.basename(abs)}\`. \`openclaw-octant synth --site <this file>\``,
    '# regenerates the module: the same job, 1Password reads, nomad_variable and variables.',
    ...warnings.map((w) => `# NOTE: ${w}`),
    ...suggestion,
    '',
  ].join('\n');
  files.set(
    path.resolve(opts.siteFile),
    header + stringify({ services: [service] }, { lineWidth: 0 }),
  );
  // Site file first, for the listing.
  const ordered = new Map([
    [path.resolve(opts.siteFile), files.get(path.resolve(opts.siteFile))!],
    ...files,
  ]);
  const siteInput = { services: [service] } as SiteInput;
  return {
    files: ordered,
    report,
    warnings,
    service,
    name: serviceName,
    kind: 'service',
    site: siteInput,
  };
}

interface TypedAttempt {
  readonly abs: string;
  readonly rel: (f: string) => string;
  readonly siteFile: string;
  readonly original: JobFile;
  readonly variables: NonNullable<ServiceConfigInput['variables']>;
  readonly secrets: Readonly<Record<string, { op: string }>>;
  readonly cleaned: ReadonlyMap<string, { text: string; redacted: string[] }>;
  readonly otherFiles: readonly string[];
  readonly unsupported: readonly string[];
  readonly moves: readonly (readonly [string, string])[];
}

/**
 * The typed gateway settings of an OpenClaw module, synthesized into a scratch folder and
 * compared with the hand-written module (job API JSON, 1Password reads, nomad_variable, module
 * variables); `why` says what kept it a generic service.
 */
async function tryTypedGateway(
  a: TypedAttempt,
): Promise<
  | (GatewayImport & { name: string; moves: readonly (readonly [string, string])[] })
  | { why: string }
> {
  const others = a.otherFiles.filter((f) => f !== MOVED_FILE);
  const unsupported = [
    ...a.unsupported,
    ...(others.length > 0
      ? [`files beside it other than openclaw.json (${others.join(', ')})`]
      : []),
  ];
  if (unsupported.length > 0) return { why: unsupported.join('; ') };
  let typed: GatewayImport;
  try {
    const config = a.cleaned.get('openclaw.json');
    typed = typedGateway({
      original: a.original,
      variables: a.variables,
      secrets: a.secrets,
      ...(config !== undefined
        ? { config: { file: a.rel('openclaw.json'), text: config.text, redacted: config.redacted } }
        : {}),
    });
  } catch (e) {
    if (e instanceof GatewayNotTyped) return { why: e.message };
    throw e;
  }
  const gateway = (typed.site.gateways ?? [])[0] as {
    name: string;
    files?: Record<string, string>;
  };
  if (a.moves.length > 0) gateway.files = { [MOVED_FILE]: MOVED_FILE };
  // Synthesized into a scratch folder and compared, before anything is written.
  const { synth } = await import('../../lib/synth');
  const why = await withScratchDir('openclaw-octant-import-', async (scratch) => {
    const siteDir = path.join(scratch, 'site');
    writeFilesAtomic(
      new Map([
        [path.join(siteDir, path.basename(a.siteFile)), stringify(typed.site, { lineWidth: 0 })],
        ...(a.moves.length > 0 ? [[path.join(siteDir, MOVED_FILE), ''] as [string, string]] : []),
      ]),
    );
    try {
      await synth({
        sitePath: path.join(siteDir, path.basename(a.siteFile)),
        outDir: path.join(scratch, 'out'),
        projectRoot: scratch,
        jobsDir: path.join(scratch, 'jobs'),
      });
      const before = await wiringOfHandWritten(a.abs, { evaluateConfig: true });
      const after = await wiringOfGenerated(
        path.join(scratch, 'out', 'octant', 'terraform', gateway.name),
      );
      const diff = wiringDifferences(before, after);
      return diff.length > 0 ? `the typed settings would change ${diff.join(', ')}` : undefined;
    } catch (e) {
      if (e instanceof UserError) return `the typed settings do not synthesize: ${e.rule}`;
      throw e;
    }
  });
  if (why !== undefined) return { why };
  return { ...typed, name: gateway.name, moves: a.moves };
}

/**
 * The files beside the module to carry over: [name, whether it is copied as a file of its own].
 * Walked without following links: a symlink, a FIFO or a folder is reported and not copied;
 * Terraform's own files and private ones (.env, state) are never read.
 */
function filesBeside(
  abs: string,
  jobspecs: ReadonlySet<string>,
  rel: (f: string) => string,
  report: string[],
  warnings: string[],
): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (const e of walkTree(abs, path.basename(abs), { skip: (r) => r.includes('/') })) {
    const f = e.rel;
    if (jobspecs.has(f)) continue;
    if (e.kind === 'symlink' || e.kind === 'other') {
      warnings.push(
        `${rel(f)}: ${e.kind === 'symlink' ? 'a symlink' : 'not a regular file'}; not followed and not copied (put the file itself beside the site file if the service needs it)`,
      );
    } else if (e.kind === 'dir') {
      if (e.rel !== '.terraform') report.push(`file: ${rel(f)}/ (a folder) not carried over`);
    } else if (isPrivateFile(f)) {
      report.push(`file: ${rel(f)} not carried over (private: never read or copied)`);
    } else if (SKIP.test(f)) {
      if (!/^(main|variables)\.tf$/.test(f)) {
        report.push(`file: ${rel(f)} not carried over (Terraform's own or regenerated by synth)`);
      }
    } else out.push([f, true]);
  }
  return out;
}

/** `moved` blocks: the hand-written resources under the generated module's names. */
function movedFile(moves: readonly (readonly [string, string])[]): string {
  return [
    "# Written by `openclaw-octant import`: the hand-written module's resources under the generated",
    "# module's names, so `terraform apply` in the same folder (same state) keeps the job and the",
    '# variable instead of re-creating them. Apply once, then remove it from the site (files).',
    ...moves.map(([from, to]) => `moved {\n  from = ${from}\n  to   = ${to}\n}`),
    '',
  ].join('\n');
}

function movedReport(moves: readonly (readonly [string, string])[]): string {
  return `state: ${moves.map(([from, to]) => `${from} -> ${to}`).join(', ')} (${MOVED_FILE}: moved blocks, vendored with the module)`;
}

/** Defaults of the variables a file() jobspec reads through nomad_job.hcl2.vars. */
function hcl2VarsDefaults(
  job: JobFile,
  mod: TfModule,
  hcl2JobVars: Readonly<Record<string, string>>,
): Record<string, VarValue> {
  const out: Record<string, VarValue> = {};
  for (const v of job.variables ?? []) {
    const from = hcl2JobVars[v.name];
    const d = from === undefined ? undefined : mod.variables.get(from);
    if (
      d?.hasDefault &&
      d.default !== null &&
      d.default !== undefined &&
      !firstUnknown(d.default)
    ) {
      out[v.name] = d.default as VarValue;
    }
  }
  return out;
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

/** What marks a job as an OpenClaw gateway: its image, port 18789, ~/.openclaw mounts. */
function recognizeOpenClaw(file: JobFile): string[] {
  const signs = new Set<string>();
  for (const g of file.job.group) {
    for (const p of g.network?.port ?? []) {
      if (p.to === 18789 || p.static === 18789) signs.add('port 18789');
    }
    for (const t of g.task) {
      const cfg = (t.config ?? {}) as Record<string, unknown>;
      if (typeof cfg.image === 'string' && /openclaw/i.test(cfg.image))
        signs.add(`image ${cfg.image}`);
      const vols = Array.isArray(cfg.volumes) ? (cfg.volumes as unknown[]) : [];
      if (vols.some((v) => typeof v === 'string' && v.includes('.openclaw')))
        signs.add('~/.openclaw mounts');
      for (const m of t.volumeMount ?? []) {
        if (typeof m.destination === 'string' && m.destination.includes('.openclaw'))
          signs.add('~/.openclaw mounts');
      }
    }
  }
  return [...signs];
}

function reportOtherBlocks(
  mod: TfModule,
  rel: (f: string) => string,
  report: string[],
  warnings: string[],
): void {
  for (const f of mod.files) {
    const body = f.body as Record<string, unknown>;
    for (const [kind, section] of Object.entries(body)) {
      if (kind === 'variable') continue;
      if (kind === 'terraform') {
        report.push(
          `terraform: ${f.name} required_providers -> the generated module pins its own providers`,
        );
        continue;
      }
      if (kind === 'locals') {
        report.push(
          `locals (${f.name}): evaluated statically where the job or the wiring uses them`,
        );
        continue;
      }
      if (kind === 'output') {
        for (const name of Object.keys(section as object)) {
          if (name === 'job_id' || name === 'service_url') {
            report.push(
              `output "${name}" (${rel(mod.locate(f, 'output', [name]))}) -> the generated module's own`,
            );
            continue;
          }
          warnings.push(
            `output "${name}" (${rel(mod.locate(f, 'output', [name]))}) is not reproduced: the generated module outputs job_id and service_url`,
          );
        }
        continue;
      }
      if (kind === 'provider') {
        for (const name of Object.keys(section as object)) {
          const where = rel(mod.locate(f, 'provider', [name]));
          const body = (section as Record<string, unknown>)[name];
          const first = (Array.isArray(body) ? (body[0] as unknown) : body) ?? {};
          const configured = Object.keys(first as object).length > 0;
          if (name === 'onepassword' && configured) {
            warnings.push(
              `provider "onepassword" (${where}): its settings are not reproduced; the generated module's provider reads OP_SERVICE_ACCOUNT_TOKEN (or OP_CONNECT_HOST/OP_CONNECT_TOKEN) from the environment`,
            );
          } else if (name === 'onepassword') {
            report.push(
              `provider "onepassword" (${where}) -> the generated module's (settings from the environment)`,
            );
          } else if (name === 'nomad' || name === 'consul') {
            report.push(
              `provider "${name}" (${where}) -> the generated module's provider at http://\${var.${name}}:${name === 'consul' ? 8500 : 4646}`,
            );
          } else {
            warnings.push(
              `provider "${name}" (${where}) is not reproduced by the generated module`,
            );
          }
        }
        continue;
      }
      if (kind === 'data' || kind === 'resource') {
        for (const [type, byName] of Object.entries(section as object)) {
          for (const name of Object.keys(byName as object)) {
            const where = rel(mod.locate(f, kind, [type, name]));
            const handled: Record<string, string> = {
              'data.onepassword_vault': 'read through the op:// references of the secrets',
              'data.onepassword_item': 'read through the op:// references of the secrets',
              'data.local_file':
                'its content is used where main.tf uses it (kept in the variable, or written into the job)',
              'data.template_file': 'rendered statically (the jobspec, or a value written into it)',
              'resource.nomad_job': 'a jobspec of the service (see its job line)',
              'resource.nomad_variable': 'the service secrets/variableFiles',
            };
            const what = handled[`${kind}.${type}`];
            if (what) report.push(`${kind} "${type}" "${name}" (${where}): ${what}`);
            else
              warnings.push(
                `${kind} "${type}" "${name}" (${where}) is not reproduced by the generated module; keep it in a Terraform file of your own`,
              );
          }
        }
        continue;
      }
      warnings.push(`${kind} blocks in ${f.name} are not reproduced`);
    }
  }
}

/**
 * The typed `gateways` entry an OpenClaw job maps onto, as site-file comments: what maps
 * (name, image, resources, plain and secret env, homepage tags) and, in the report, what the
 * typed gateway would change (names, mounts, ports). Not applied: the job must stay identical.
 */
function gatewaySuggestion(file: JobFile, report: string[]): string[] {
  const group = file.job.group[0];
  const task = group?.task[0];
  if (!group || !task) return [];
  const cfg = (task.config ?? {}) as Record<string, unknown>;
  const entry: Record<string, unknown> = { name: file.job.name };
  if (typeof cfg.image === 'string') entry.image = cfg.image;
  const r = task.resources;
  if (r) {
    entry.resources = {
      ...(typeof r.cpu === 'number' ? { cpu: r.cpu } : {}),
      ...(typeof r.memory === 'number' ? { memory: r.memory } : {}),
      ...(typeof r.memoryMax === 'number' ? { memoryMax: r.memoryMax } : {}),
    };
  }
  const env: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(task.env ?? {})) {
    if (!GATEWAY_OWN_ENV.has(k) && typeof v === 'string') env[k] = v;
  }
  for (const t of task.template ?? []) {
    if (t.env !== true || typeof t.data !== 'string') continue;
    for (const m of t.data.matchAll(
      /^([A-Za-z_][A-Za-z0-9_]*)=['"]?\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)/gm,
    )) {
      if (m[1] === 'OPENCLAW_GATEWAY_TOKEN') entry.tokenSecret = m[2];
      else env[m[1]] = { secret: m[2] };
    }
  }
  if (Object.keys(env).length > 0) entry.env = env;
  const tags = Array.isArray(group.service?.[0]?.tags) ? (group.service[0].tags as unknown[]) : [];
  const homepage: Record<string, string> = {};
  for (const tag of tags) {
    const m =
      typeof tag === 'string' ? /^homepage\.(group|name|icon|description)=(.*)$/.exec(tag) : null;
    if (m) homepage[m[1]] = m[2];
  }
  if (Object.keys(homepage).length > 0) entry.homepage = homepage;
  if (Array.isArray(cfg.volumes)) entry.storage = 'bindMount';
  if (group.name !== 'gateway' || task.name !== 'gateway') {
    report.push(
      `openclaw: typed gateways name the group and task "gateway" (this job: "${group.name}"/"${task.name}"); kept as written`,
    );
  }
  report.push(
    'openclaw: the typed gateway settings this job maps onto are in the site file as comments (not applied)',
  );
  const yaml = stringify({ gateways: [entry] }, { lineWidth: 0 })
    .trimEnd()
    .split('\n');
  return [
    '#',
    '# The typed gateway settings this OpenClaw job maps onto (not applied: the typed gateway',
    '# renders its own job). Review them before moving the service to `gateways`:',
    ...yaml.map((l) => `#   ${l}`),
  ];
}
