import type * as HclParse from '../../nomad/hcl/parse';
import type { JobFile, VarValue } from '../../nomad/model';
import { parseOpRef } from '../../secrets/op-ref';
import type { SecretDecl } from '../../secrets/secret';
import { checkFileName, modulePathClashes, readTextInside } from '../../util/boundary';
import { UserError } from '../../util/errors';
import {
  MODULE_FILES,
  type ModulePort,
  type ModuleVariable,
  type OctantServiceModule,
} from '../module-spec';
import { OP_ENV_FILE } from '../state-secrets';
import { isStandardVariable, STANDARD_VARIABLES } from '../variables';
import type { ServiceConfig } from './schema';

/**
 * Builds the Octant service module of each `services` entry of a site: the jobspec file is
 * parsed (so it must be a jobspec Nomad accepts, HCL2 variables and all), its variables are fed
 * from module variables, and the 1Password reads and files become the module's wiring.
 */
export function buildServiceModules(
  services: readonly ServiceConfig[],
  siteDir: string,
): OctantServiceModule[] {
  const out: OctantServiceModule[] = [];
  for (const [i, svc] of services.entries()) out.push(buildService(svc, siteDir, `services[${i}]`));
  return out;
}

/**
 * A file named relative to the site file, inside the site's folder (no `..`, no absolute path,
 * no link out), read as bounded UTF-8 text; anything else is a clear error.
 */
export function readRelative(siteDir: string, rel: string, where: string): string {
  try {
    return readTextInside(siteDir, rel, `${where} (${rel})`);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(
      where,
      `cannot read ${JSON.stringify(rel)}: ${e.rule} (paths are relative to the site file, inside its folder)`,
      'put the file beside the site file (or in a folder below it) and name it relative to the site file',
    );
  }
}

/** The first task's image when it is written literally: the `image` variable's default. */
function literalImage(job: JobFile): string | undefined {
  for (const g of job.job.group) {
    for (const t of g.task) {
      const image = (t.config as Record<string, unknown> | undefined)?.image;
      if (typeof image === 'string') return image;
    }
  }
  return undefined;
}

/** Whether any task sets `config.image` (literally or not). */
function namesImage(job: JobFile): boolean {
  return job.job.group.some((g) =>
    g.task.some((t) => (t.config as Record<string, unknown> | undefined)?.image !== undefined),
  );
}

function standardDefault(name: string | undefined): VarValue | undefined {
  return STANDARD_VARIABLES.find((v) => v.name === name)?.default;
}

function ports(job: JobFile): ModulePort[] {
  const out: ModulePort[] = [];
  for (const g of job.job.group) {
    for (const p of g.network?.port ?? []) {
      const to = typeof p.to === 'number' ? ` (container port ${p.to})` : '';
      out.push({
        label: p.label,
        ...(typeof p.static === 'number' ? { port: p.static } : {}),
        description: `group ${g.name}${to}`,
      });
    }
  }
  return out;
}

/** A service's jobspecs as parsed: its own job first, then its further jobs. */
interface ParsedJobs {
  readonly job: JobFile;
  readonly extra: readonly JobFile[];
}

function readJobs(svc: ServiceConfig, siteDir: string, at: string): ParsedJobs {
  // The HCL reader loads only for sites with services (a gateway-only synth never reads HCL).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseJobspecSync } = require('../../nomad/hcl/parse') as typeof HclParse;
  const text = readRelative(siteDir, svc.jobspec, `${at}.jobspec`);
  const job = parseJobspecSync(text, { filename: svc.jobspec });
  checkFileName(job.job.name, `${at}.jobspec`, 'job name');
  const extra = svc.extraJobs.map((x, j) =>
    parseJobspecSync(readRelative(siteDir, x.jobspec, `${at}.extraJobs[${j}].jobspec`), {
      filename: x.jobspec,
    }),
  );
  return { job, extra };
}

/** The module variables a service declares, and its values for Octant's standard ones. */
function moduleVariablesOf(
  svc: ServiceConfig,
  jobs: ParsedJobs,
  at: string,
): { variables: ModuleVariable[]; standardDefaults: Record<string, VarValue> } {
  const standardDefaults: Record<string, VarValue> = {};
  const variables: ModuleVariable[] = [];
  for (const v of svc.variables) {
    if (isStandardVariable(v.name)) {
      if (v.default !== undefined) standardDefaults[v.name] = v.default;
      continue;
    }
    variables.push({
      name: v.name,
      type: v.type,
      description: v.description ?? `${v.name} (module variable of ${svc.name})`,
      ...(v.default !== undefined ? { default: v.default } : {}),
      ...(v.sensitive ? { sensitive: true } : {}),
    });
  }
  if (standardDefaults.servicename === undefined) standardDefaults.servicename = svc.name;
  if (standardDefaults.image === undefined) standardDefaults.image = defaultImage(svc, jobs, at);
  return { variables, standardDefaults };
}

/** The standard `image` variable's default: the jobspec's literal image, or '' where unused. */
function defaultImage(svc: ServiceConfig, jobs: ParsedJobs, at: string): string {
  // Whether a jobspec variable is fed from the standard `image` variable (it then needs a value).
  const feedsImage = [
    [jobs.job, svc.jobVars] as const,
    ...jobs.extra.map((f, j) => [f, svc.extraJobs[j].jobVars] as const),
  ].some(([f, map]) => (f.variables ?? []).some((v) => (map[v.name] ?? v.name) === 'image'));
  const image = literalImage(jobs.job);
  if (image !== undefined) return image;
  // A job without containers (exec, raw_exec), or whose image comes from another module
  // variable: the standard variable is declared, unused.
  if (!namesImage(jobs.job) || !feedsImage) return '';
  throw new UserError(
    `${at}.variables`,
    'the module variable `image` needs a default and the jobspec names no literal image',
    `add { name: image, default: "<registry>/<name>:<version>" } to ${at}.variables`,
  );
}

type Fed = { job: JobFile; jobVars: Record<string, string> };

/**
 * Feeds a jobspec's variables from module variables (`map`: jobspec variable -> module
 * variable); its variables default to the module's, so `nomad job run` of the file alone, and
 * the validator, see the values Terraform passes when nothing is overridden.
 */
function feedJob(
  file: JobFile,
  map: Readonly<Record<string, string>>,
  module: { variables: readonly ModuleVariable[]; standardDefaults: Record<string, VarValue> },
  mapAt: string,
  at: string,
): Fed {
  const declared = new Set(module.variables.map((v) => v.name));
  const defaults = new Map<string, VarValue | undefined>([
    ...Object.entries(module.standardDefaults),
    ...module.variables.map((v) => [v.name, v.default] as const),
  ]);
  const jobVars: Record<string, string> = {};
  for (const v of file.variables ?? []) {
    const from = map[v.name] ?? v.name;
    if (!declared.has(from) && !isStandardVariable(from)) {
      throw new UserError(
        `${mapAt}.${v.name}`,
        `jobspec variable '${v.name}' is fed from module variable '${from}', which the service does not declare`,
        `declare '${from}' under ${at}.variables, or map it: jobVars: { ${v.name}: <module variable> }`,
      );
    }
    jobVars[v.name] = from;
  }
  if (!file.variables) return { job: file, jobVars };
  const variables = file.variables.map((v) => {
    const d = v.default ?? defaults.get(jobVars[v.name]) ?? standardDefault(jobVars[v.name]);
    return d === undefined ? v : { ...v, default: d };
  });
  return { job: { ...file, variables }, jobVars };
}

/**
 * Further jobs: each is written as `<job name>.nomad.hcl` beside `<service>.nomad.hcl`, so job
 * names and file names are distinct within the module. Returns them fed, and the file names.
 */
function furtherJobs(
  svc: ServiceConfig,
  jobs: ParsedJobs,
  feed: (file: JobFile, map: Readonly<Record<string, string>>, mapAt: string) => Fed,
  at: string,
): { extraJobs: Fed[]; fileNames: Set<string> } {
  const fileNames = new Set([`${svc.name}.nomad.hcl`]);
  const jobNames = new Set([jobs.job.job.name]);
  const extraJobs = svc.extraJobs.map((x, j) => {
    const xAt = `${at}.extraJobs[${j}]`;
    const file = jobs.extra[j];
    const name = checkFileName(file.job.name, `${xAt}.jobspec`, 'job name');
    if (jobNames.has(name) || fileNames.has(`${name}.nomad.hcl`)) {
      throw new UserError(
        `${xAt}.jobspec`,
        `job "${name}" ${jobNames.has(name) ? 'is already registered by this service' : `would be written to ${name}.nomad.hcl, the file of the service's own job`}; two jobs of one module need distinct names and files`,
        'rename the job in its jobspec (job "<name>" { ... })',
      );
    }
    jobNames.add(name);
    fileNames.add(`${name}.nomad.hcl`);
    return feed(file, x.jobVars, `${xAt}.jobVars`);
  });
  return { extraJobs, fileNames };
}

/** The names the generator writes into a module folder: its jobspecs, then its own files. */
export function generatedModuleFiles(jobFiles: Iterable<string>): Set<string> {
  return new Set([...jobFiles, ...MODULE_FILES, OP_ENV_FILE]);
}

/** The files copied into the module: never one the generator writes itself, nor a folder of one. */
function serviceFiles(
  svc: ServiceConfig,
  siteDir: string,
  generatedJobFiles: ReadonlySet<string>,
  at: string,
): Record<string, string> {
  const extraFiles: Record<string, string> = {};
  const clashes = modulePathClashes(
    Object.keys(svc.files),
    generatedModuleFiles(generatedJobFiles),
  );
  for (const [name, rel] of Object.entries(svc.files)) {
    const clash = clashes.get(name);
    if (clash !== undefined) {
      throw new UserError(
        `${at}.files.${name}`,
        clash,
        'give the file another name (or path) in the module',
      );
    }
    extraFiles[name] = readRelative(siteDir, rel, `${at}.files.${name}`);
  }
  return extraFiles;
}

/** The keys of the module's nomad_variables: one writer per path, one source per key. */
function checkVariableWiring(
  svc: ServiceConfig,
  jobName: string,
  moduleVarNames: ReadonlySet<string>,
  extraFiles: Readonly<Record<string, string>>,
  at: string,
): void {
  const paths = new Set([svc.variablePath ?? `nomad/jobs/${jobName}`]);
  svc.extraVariables.forEach((v, j) => {
    if (paths.has(v.path)) {
      throw new UserError(
        `${at}.extraVariables[${j}].path`,
        `${v.path} is already written by this module; two nomad_variables at one path overwrite each other`,
        'merge their keys into one entry',
      );
    }
    paths.add(v.path);
  });
  for (const [key, from] of Object.entries(svc.variableInputs)) {
    if (key in svc.secrets || key in svc.variableFiles) {
      throw new UserError(
        `${at}.variableInputs.${key}`,
        `key '${key}' of nomad/jobs/${jobName} is also a secret or a variable file`,
        'give one of them another key',
      );
    }
    if (!moduleVarNames.has(from) && !isStandardVariable(from)) {
      throw new UserError(
        `${at}.variableInputs.${key}`,
        `module variable '${from}' is not declared by the service`,
        `declare it under ${at}.variables`,
      );
    }
  }
  for (const [key, file] of Object.entries(svc.variableFiles)) {
    if (!(file in extraFiles)) {
      throw new UserError(
        `${at}.variableFiles.${key}`,
        `file ${JSON.stringify(file)} is not one of the service's files`,
        `list it under ${at}.files`,
      );
    }
    if (key in svc.secrets) {
      throw new UserError(
        `${at}.variableFiles.${key}`,
        `key '${key}' of nomad/jobs/${jobName} is also a secret`,
        'give one of them another key',
      );
    }
  }
}

/** 1Password reads of one nomad_variable's keys. */
function opSecrets(secrets: ServiceConfig['secrets'], at: string): SecretDecl[] {
  return Object.entries(secrets).map(([key, s]) => ({
    name: key,
    source: parseOpRef(s.op, `${at}.${key}.op`),
    ...(s.description !== undefined ? { description: s.description } : {}),
  }));
}

function buildService(svc: ServiceConfig, siteDir: string, at: string): OctantServiceModule {
  const jobs = readJobs(svc, siteDir, at);
  const module = moduleVariablesOf(svc, jobs, at);
  const feed = (file: JobFile, map: Readonly<Record<string, string>>, mapAt: string): Fed =>
    feedJob(file, map, module, mapAt, at);
  const own = feed(jobs.job, svc.jobVars, `${at}.jobVars`);
  const { extraJobs, fileNames } = furtherJobs(svc, jobs, feed, at);
  const extraFiles = serviceFiles(svc, siteDir, fileNames, at);
  const moduleVarNames = new Set(module.variables.map((v) => v.name));
  checkVariableWiring(svc, jobs.job.job.name, moduleVarNames, extraFiles, at);
  return {
    serviceName: svc.name,
    job: own.job,
    jobVars: own.jobVars,
    variables: module.variables,
    standardDefaults: module.standardDefaults,
    secrets: opSecrets(svc.secrets, `${at}.secrets`),
    secretsBackend: 'onepassword',
    hostVolumes: [],
    readme: {
      description: svc.description ?? `The ${svc.name} service.`,
      useCases: [],
      ports: [...ports(jobs.job), ...extraJobs.flatMap((x) => ports(x.job))],
    },
    ...(Object.keys(extraFiles).length > 0 ? { extraFiles } : {}),
    ...(Object.keys(svc.variableFiles).length > 0 ? { variableFiles: svc.variableFiles } : {}),
    ...(Object.keys(svc.variableInputs).length > 0 ? { variableInputs: svc.variableInputs } : {}),
    ...(svc.variablePath !== undefined ? { variablePath: svc.variablePath } : {}),
    ...(extraJobs.length > 0 ? { extraJobs } : {}),
    ...(svc.extraVariables.length > 0
      ? {
          extraVariables: svc.extraVariables.map((v, j) => ({
            path: v.path,
            secrets: opSecrets(v.secrets, `${at}.extraVariables[${j}].secrets`),
          })),
        }
      : {}),
  };
}
