import * as path from 'path';
import { noteLines, siteFileText } from './site-text';
import { renderHcl } from '../../lib/nomad/hcl/render';
import type { ServiceConfigInput } from '../../lib/octant/service/schema';
import { generatedModuleFiles } from '../../lib/octant/service/build';
import { findLiteralSecrets } from '../../lib/secrets/literal-scan';
import type { FileContent } from '../../lib/util/atomic-write';
import { modulePathClashes } from '../../lib/util/boundary';
import { UserError } from '../../lib/util/errors';
import { terraformName } from '../../lib/terraform/names';
import type { SiteInput } from '../schema';
import { evaluateConfigExpressions } from './compare';
import { importJobs, jobVarsOf, type ImportedJob, type ImportedJobs } from './jobs';
import { isInterp, isRef } from '../../lib/nomad/model';
import {
  filesBeside,
  MOVED_FILE,
  readCarriedFiles,
  readModule,
  type CarriedFiles,
  type ModuleRead,
} from './read';
import { movedFile, movedReport, reportOtherBlocks, type Moves } from './report';
import { importSecrets, type ImportedSecrets } from './secrets';
import { gatewaySuggestion, recognizeOpenClaw, tryTypedGateway, type TypedResult } from './typed';
import { importVariables, type ServiceVariables } from './variables';
import { literalsToSecrets, type LiteralSecrets } from './literals';

export { MOVED_FILE } from './read';

/**
 * `openclaw-octant import`: reads a hand-written Octant service module (main.tf, variables.tf,
 * the templatefile() jobspec, config files beside it) and describes it as a site `services`
 * entry that `synth` turns back into the same job and the same wiring. Every block of the
 * module gets a report line saying what became of it; nothing is dropped silently, and no
 * secret value is ever read (1Password values stay references; literal keys found in config
 * files are replaced by references, with a warning). The steps, in order: read (read.ts),
 * jobs (jobs.ts), variables (variables.ts), secrets (secrets.ts), report (report.ts); an
 * OpenClaw gateway then tries typed settings (typed.ts).
 */

export interface ImportOptions {
  /** The site file to write; the jobspec and config files go beside it. */
  readonly siteFile: string;
  /**
   * Keep an OpenClaw gateway as a generic service (its jobspec as written) instead of mapping
   * it onto typed `gateways` settings. @default false
   */
  readonly asService?: boolean;
  /**
   * The folder, relative to the site file's, the service's files go into (a whole tree puts
   * each module's files in a folder of its own). @default '' (beside the site file)
   */
  readonly prefix?: string;
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
  /** The site file's header comments (what import says, the NOTE lines). */
  readonly header: readonly string[];
}

/** Everything the steps read from one module. */
interface Steps {
  readonly m: ModuleRead;
  readonly jobs: ImportedJobs;
  readonly variables: ServiceVariables;
  readonly sec: ImportedSecrets;
  readonly serviceFiles: Record<string, string>;
  readonly carried: CarriedFiles;
  readonly serviceName: string;
  readonly openclaw: readonly string[];
}

export async function importModule(dir: string, opts: ImportOptions): Promise<ImportResult> {
  const m = await readModule(dir);
  const jobs = await importJobs(m);
  const jobName = jobs.first.original.job.name;
  const openclaw = recognizeOpenClaw(jobs.first.original);
  const variables = importVariables(m);
  const sec = importSecrets(m, jobName);
  const serviceFiles: Record<string, string> = { ...sec.files };
  const jobspecs = new Set([jobs.first.jobspecFile, ...jobs.extras.map((x) => x.jobspecFile)]);
  const varFiles = Object.values(sec.variableFiles);
  for (const f of filesBeside(m, jobspecs)) {
    serviceFiles[f] = f;
    if (!varFiles.includes(f)) {
      m.report.push(`file: ${m.rel(f)} -> copied into the module folder (files.${f})`);
    }
  }
  const carried = readCarriedFiles(m, serviceFiles, varFiles);
  reportOtherBlocks(m);
  const base = path.basename(m.abs);
  const serviceName = /^[a-z0-9][a-z0-9_-]{0,62}$/.test(base) ? base : jobName;
  refuseGeneratedNames(m, serviceFiles, [
    serviceName,
    ...jobs.extras.map((x) => x.original.job.name),
  ]);
  const steps: Steps = { m, jobs, variables, sec, serviceFiles, carried, serviceName, openclaw };
  if (openclaw.length > 0 && opts.asService === true) {
    m.report.push(
      `openclaw: recognized an OpenClaw gateway (${openclaw.join(', ')}); imported as a service with its jobspec kept as written (--as-service)`,
    );
  } else if (openclaw.length > 0) {
    const typed = await tryTypedGateway(typedAttempt(steps, opts));
    if ('site' in typed) return gatewayResult(steps, typed, opts);
    m.report.push(
      `openclaw: recognized an OpenClaw gateway (${openclaw.join(', ')}); imported as a service with its jobspec kept as written: ${typed.why}`,
    );
    m.warnings.push(
      `this module runs an OpenClaw gateway but it stays a generic service: ${typed.why}`,
    );
  }
  return serviceResult(steps, opts);
}

/** A file carried into the module under a name synth writes there itself would be lost. */
function refuseGeneratedNames(
  m: ModuleRead,
  files: Readonly<Record<string, string>>,
  jobs: readonly string[],
): void {
  const generated = generatedModuleFiles(jobs.map((j) => `${j}.nomad.hcl`));
  const clashes = modulePathClashes(Object.keys(files), generated);
  for (const [name, source] of Object.entries(files)) {
    const clash = clashes.get(name);
    if (clash === undefined) continue;
    throw new UserError(
      m.rel(source),
      `would be copied into the generated module as ${name}: ${clash}`,
      'rename the file in the module (and where main.tf reads it), then import again',
    );
  }
}

/**
 * A literal credential import could not turn into a secret reference (one in a template's
 * data, say): synth never writes one out, so the site would not synthesize. Names, not values.
 */
function refuseLiterals(where: string, jobspec: string): void {
  const names = [...new Set(findLiteralSecrets(jobspec).map((f) => f.name))];
  if (names.length === 0) return;
  throw new UserError(
    where,
    `holds a literal credential (${names.join(', ')}) that import cannot turn into a secret reference, and synth never writes one out; nothing was written`,
    'move it into a 1Password item, read it in the jobspec with {{ with nomadVar "nomad/jobs/<job>" }}{{ .KEY }}{{ end }} (main.tf: a nomad_variable fed by onepassword_item), then import again',
  );
}

/** Same folder, same state: `moved` blocks keep the resources under the generated names. */
function serviceMoves(s: Steps): Moves {
  const name = terraformName(s.serviceName);
  const moves: [string, string][] = [[`nomad_job.${s.jobs.first.tfJob.name}`, `nomad_job.${name}`]];
  for (const x of s.jobs.extras) {
    moves.push([`nomad_job.${x.tfJob.name}`, `nomad_job.${terraformName(x.original.job.name)}`]);
  }
  if (s.sec.mainVar)
    moves.push([`nomad_variable.${s.sec.mainVar}`, `nomad_variable.${name}_secrets`]);
  for (const [res, p] of s.sec.others) {
    const tail = terraformName(p.replace(/^nomad\/jobs\//, ''));
    moves.push([`nomad_variable.${res}`, `nomad_variable.${name}_${tail}_secrets`]);
  }
  return moves.filter(([from, to]) => from !== to);
}

function serviceResult(s: Steps, opts: ImportOptions): ImportResult {
  const { m, jobs, sec } = s;
  const prefix = opts.prefix ?? '';
  const siteFile = path.resolve(opts.siteFile);
  const outDir = path.dirname(siteFile);
  const at = (name: string): string => path.posix.join(prefix, name);
  const files = new Map<string, FileContent>();
  for (const [name, content] of s.carried.files)
    files.set(path.join(outDir, prefix, name), content);
  const serviceFiles: Record<string, string> = {};
  for (const name of Object.keys(s.serviceFiles)) serviceFiles[name] = at(name);
  const moves = serviceMoves(s);
  if (moves.length > 0) {
    files.set(path.join(outDir, prefix, MOVED_FILE), movedFile(moves));
    serviceFiles[MOVED_FILE] = at(MOVED_FILE);
    m.report.push(movedReport(moves));
  }
  const jobspecName = `${s.serviceName}.nomad.hcl`;
  const lit = secretLiterals(s);
  const jobspecText = renderHcl(lit?.job ?? jobs.first.generated);
  refuseLiterals(m.rel(jobs.first.jobspecFile), jobspecText);
  files.set(path.join(outDir, prefix, jobspecName), jobspecText);
  const secrets = { ...sec.secrets, ...lit?.secrets };
  const extraJobs = jobs.extras.map((x) => {
    const file = `${x.original.job.name}.nomad.hcl`;
    if (file === jobspecName) {
      throw new UserError(
        m.rel(x.jobspecFile),
        `job "${x.original.job.name}" would be written to ${file}, the file of the service's own job`,
        'rename the job (job "<name>" { ... }) or the module folder, then import again',
      );
    }
    const text = renderHcl(x.generated);
    refuseLiterals(m.rel(x.jobspecFile), text);
    files.set(path.join(outDir, prefix, file), text);
    const xVars = jobVarsOf(x);
    return { jobspec: at(file), ...(Object.keys(xVars).length > 0 ? { jobVars: xVars } : {}) };
  });
  const jobVars = jobVarsOf(jobs.first);
  const variableFiles: Record<string, string> = { ...sec.variableFiles };
  const service: ServiceConfigInput = {
    name: s.serviceName,
    jobspec: at(jobspecName),
    ...(Object.keys(jobVars).length > 0 ? { jobVars } : {}),
    ...(extraJobs.length > 0 ? { extraJobs } : {}),
    variables: s.variables,
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    ...(sec.variablePath !== undefined ? { variablePath: sec.variablePath } : {}),
    ...(sec.extraVariables.length > 0 ? { extraVariables: sec.extraVariables } : {}),
    ...(Object.keys(variableFiles).length > 0 ? { variableFiles } : {}),
    ...(Object.keys(sec.variableInputs).length > 0 ? { variableInputs: sec.variableInputs } : {}),
    ...(Object.keys(serviceFiles).length > 0 ? { files: serviceFiles } : {}),
    description: `Imported from ${path.basename(m.abs)}/ by openclaw-octant import.`,
  };
  const suggestion = s.openclaw.length > 0 ? gatewaySuggestion(jobs.first.original, m.report) : [];
  const header = [
    `# Written by \`openclaw-octant import ${path.basename(m.abs)}\`. \`openclaw-octant synth --site <this file>\``,
    '# regenerates the module: the same job, 1Password reads, nomad_variable and variables.',
    ...m.warnings.flatMap(noteLines),
    ...suggestion,
  ];
  const site = { services: [service] } as SiteInput;
  const siteText = siteFileText(siteFile, header, site);
  // Site file first, for the listing.
  const ordered = new Map<string, FileContent>([[siteFile, siteText], ...files]);
  return {
    files: ordered,
    report: m.report,
    warnings: m.warnings,
    service,
    name: s.serviceName,
    kind: 'service',
    site,
    header,
  };
}

/**
 * The service job's literal credentials as secret references (literals.ts): the report and the
 * warnings say which 1Password item and field to create, instead of "stays as written".
 */
function secretLiterals(s: Steps): LiteralSecrets | undefined {
  const file = s.m.rel(s.jobs.first.jobspecFile);
  const lit = literalsToSecrets(s.jobs.first.generated, s.serviceName, s.sec, file);
  if (lit === undefined) return undefined;
  const stale = new RegExp(
    `^${escapeRe(file)}:\\d+: a literal credential \\(.*\\) is written in the jobspec; it stays as written`,
  );
  const kept = s.m.warnings.filter((w) => !stale.test(w));
  s.m.warnings.splice(0, s.m.warnings.length, ...kept, ...lit.report);
  s.m.report.push(...lit.report);
  return lit;
}

const escapeRe = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function typedAttempt(s: Steps, opts: ImportOptions) {
  const { m, jobs, sec } = s;
  const tfJob = jobs.first.tfJob;
  const jobName = jobs.first.original.job.name;
  const moves: [string, string][] = [
    [`nomad_job.${tfJob.name}`, `nomad_job.${terraformName(jobName)}`],
  ];
  // The gateway module names its resources after the gateway (the job), not the folder.
  if (sec.mainVar) {
    moves.push([
      `nomad_variable.${sec.mainVar}`,
      `nomad_variable.${terraformName(jobName)}_secrets`,
    ]);
  }
  return {
    abs: m.abs,
    rel: m.rel,
    siteFile: path.resolve(opts.siteFile),
    original: evaluateConfigExpressions(jobs.first.original, m.mod),
    variables: s.variables,
    secrets: sec.secrets,
    cleaned: s.carried.cleaned,
    otherFiles: [...Object.keys(s.serviceFiles), ...s.carried.binaries],
    liveEnv: liveEnvOf(jobs.first),
    unsupported: [
      ...(jobs.extras.length > 0 ? ['the module registers further jobs'] : []),
      ...(sec.extraVariables.length > 0 ? ['it writes further nomad_variables'] : []),
      ...(Object.keys(sec.variableFiles).length > 0 ? ['its variable holds file contents'] : []),
      ...(Object.keys(sec.variableInputs).length > 0
        ? ['its variable holds module variables']
        : []),
      ...(sec.variablePath !== undefined ? ["its variable is not at the job's own path"] : []),
      ...(tfJob.hcl2Vars.size > 0 ? ['its job reads HCL2 variables'] : []),
    ],
    moves: moves.filter(([from, to]) => from !== to),
  };
}

/**
 * Env of the job's task built from module variables (`"${litellm_base_url}/v1"` in the
 * templatefile() jobspec): name -> the same text over the module variables, so the typed
 * gateway keeps reading them (`variableEnv`).
 */
function liveEnvOf(x: ImportedJob): Record<string, string> {
  const moduleVar = (jobVar: string): string | undefined => {
    const mp = x.mappings.get(jobVar);
    if (mp?.kind === 'var') return mp.moduleVar;
    return x.hcl2JobVars[jobVar];
  };
  const out: Record<string, string> = {};
  const task = x.generated.job.group[0]?.task[0];
  for (const [k, v] of Object.entries(task?.env ?? {})) {
    const parts = isRef(v) ? [v] : isInterp(v) ? v.parts : [];
    if (parts.length === 0) continue;
    const text = parts.map((p) => (typeof p === 'string' ? p : `\${${moduleVar(p.name) ?? ''}}`));
    if (!text.includes('${}')) out[k] = text.join('');
  }
  return out;
}

function gatewayResult(s: Steps, typed: TypedResult, opts: ImportOptions): ImportResult {
  const { m } = s;
  const siteFile = path.resolve(opts.siteFile);
  // openclaw.json's literal credentials: the typed mapping says what became of each.
  const warnings = [
    ...m.warnings.filter((w) => !w.startsWith(`${m.rel('openclaw.json')}:`)),
    ...typed.warnings,
  ];
  const header = [
    `# Written by \`openclaw-octant import ${path.basename(m.abs)}\`. \`openclaw-octant synth --site <this file>\``,
    '# regenerates the module: the same job, 1Password reads, nomad_variable and variables, from',
    '# typed gateway settings. `overrides` keep what the typed gateway renders otherwise; delete',
    '# one to take the typed setting (that changes the job: review the plan).',
    ...warnings.flatMap(noteLines),
  ];
  const carried = new Map<string, FileContent>();
  const prefix = opts.prefix ?? '';
  const outDir = path.join(path.dirname(siteFile), prefix);
  for (const g of (typed.site.gateways ?? []) as { files?: Record<string, string> }[]) {
    for (const name of Object.keys(g.files ?? {})) {
      g.files![name] = path.posix.join(prefix, name);
      const content = s.carried.files.get(name);
      if (name !== MOVED_FILE && content !== undefined)
        carried.set(path.join(outDir, name), content);
    }
  }
  if (typed.moves.length > 0) carried.set(path.join(outDir, MOVED_FILE), movedFile(typed.moves));
  // Written after the prefix is applied to `files`; the site file first, for the listing.
  const siteText = siteFileText(siteFile, header, typed.site);
  const files = new Map<string, FileContent>([[siteFile, siteText], ...carried]);
  const report = [
    ...m.report
      .filter((l) => !/^(job[ :]|file: .*-> copied|state: )/.test(l))
      .map((l) =>
        l
          .replace(/: a jobspec of the service \(see its job line\)$/, ": the typed gateway's job")
          .replace(
            /: the service secrets\/variableFiles$/,
            ": the gateway's secrets (site secrets.items)",
          ),
      ),
    `openclaw: recognized an OpenClaw gateway (${s.openclaw.join(', ')}); imported as typed gateway settings, checked to give the same job and wiring`,
    ...typed.report,
    ...(typed.moves.length > 0 ? [movedReport(typed.moves)] : []),
  ];
  return { files, report, warnings, name: typed.name, kind: 'gateway', site: typed.site, header };
}
