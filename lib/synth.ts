import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultSiteFile, loadSite } from '../homelab/load';
import type { Site } from '../homelab/schema';
import { renderHcl } from './nomad/hcl/render';
import { validate } from './nomad/validate';
import type { OctantServiceModule } from './octant/module-spec';
import { moduleVariables } from './octant/variables';
import { renderModuleReadme } from './octant/readme';
import {
  HOST_VOLUMES_CLIENT_FILE,
  HOST_VOLUMES_PREPARE_FILE,
  renderHostVolumeClientConfig,
  renderPrepareHostVolumes,
} from './octant/host-volumes';
import { buildSite, type SiteBuild } from './openclaw/build';
import { buildServiceModules } from './octant/service/build';
import { podmanReadmeSection, consulReadmeSection } from './openclaw/standalone/readme';
import {
  CONSUL_STACK,
  PODMAN_STACK,
  runCdktfApp,
  synthInMemory,
  type StacksSpec,
} from './terraform/app';
import { UserError } from './util/errors';
import { writeFilesAtomic } from './util/atomic-write';

export interface SynthOptions {
  /** Site description (YAML or JSON). @default - the embedded default site */
  readonly sitePath?: string;
  /** cdktf output directory. */
  readonly outDir: string;
  /** Project root: `nomad-jobs/` lives here. */
  readonly projectRoot: string;
  /** Where the committed jobspecs go. @default `<projectRoot>/nomad-jobs` */
  readonly jobsDir?: string;
}

/** The example sites whose jobspecs `npm run synth` also keeps in `nomad-jobs/examples/`. */
export const EXAMPLES_DIR = path.join('homelab', 'examples');

export interface SynthResult {
  /** Every file written, relative to the project root, sorted. */
  readonly files: readonly string[];
  /** Non-fatal findings (validator warnings), one line each. */
  readonly warnings: readonly string[];
}

/** Where the Octant-layout module folders go inside the cdktf outdir. */
export const OCTANT_MODULES_DIR = path.join('octant', 'terraform');

function checkExtraFileName(module: OctantServiceModule, name: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) {
    throw new UserError(
      `modules.${module.serviceName}.extraFiles.${name}`,
      'extra file names must be plain file names (no folders, no leading dot)',
      'use a name like openclaw.json',
    );
  }
}

function validateJobs(modules: readonly OctantServiceModule[]): string[] {
  const warnings: string[] = [];
  for (const module of modules) {
    const diags = validate(module.job);
    const errors = diags.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      throw new UserError(
        `${module.serviceName}.nomad.hcl`,
        'the generated jobspec does not pass the validator:\n' +
          errors.map((d) => `  ${d.path}: ${d.message} [${d.rule}]`).join('\n'),
        errors.map((d) => d.hint).join('; '),
      );
    }
    for (const d of diags)
      warnings.push(`${module.serviceName}: ${d.path}: ${d.message} [${d.rule}]`);
  }
  return warnings;
}

/**
 * Renders every output file of the given modules in memory: absolute path -> content. Throws
 * (writing nothing) when a jobspec fails validation or a module is inconsistent.
 */
export function renderFiles(
  modules: readonly OctantServiceModule[],
  opts: Omit<SynthOptions, 'sitePath'>,
  standalone: Omit<StacksSpec, 'modules'> = {},
): { files: Map<string, string>; warnings: string[] } {
  const outDir = path.resolve(opts.projectRoot, opts.outDir);
  const projectRoot = path.resolve(opts.projectRoot);
  const jobsDir = path.resolve(projectRoot, opts.jobsDir ?? 'nomad-jobs');
  const warnings = validateJobs(modules);
  // cdktf's App creates its outdir but not the folders above it (`--out new/dir`).
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const machinePaths = [projectRoot, outDir, os.homedir(), os.tmpdir(), process.cwd()];
  const app = synthInMemory(
    { modules, ...standalone },
    { outdir: outDir, projectRoot },
    machinePaths,
  );
  const files = new Map<string, string>();
  files.set(path.join(outDir, 'manifest.json'), app.manifest);
  for (const [rel, content] of app.standalone) files.set(path.join(outDir, rel), content);
  // How to prepare the host and reach the gateway, beside each standalone stack.
  if (standalone.podman !== undefined) {
    files.set(
      path.join(outDir, 'stacks', PODMAN_STACK, 'README.md'),
      podmanReadmeSection(standalone.podman),
    );
  }
  if (standalone.consul !== undefined) {
    files.set(
      path.join(outDir, 'stacks', CONSUL_STACK, 'README.md'),
      consulReadmeSection(standalone.consul),
    );
  }
  for (const m of app.modules) {
    const module = m.module;
    const service = module.serviceName;
    const jobspec = renderHcl(module.job);
    const jobFile = `${service}.nomad.hcl`;
    const stackDir = path.join(outDir, m.stackDir);
    files.set(path.join(stackDir, 'cdk.tf.json'), m.stackJson);
    // nomad_job reads "${path.module}/<service>.nomad.hcl": it must sit beside cdk.tf.json too.
    files.set(path.join(stackDir, jobFile), jobspec);

    const moduleDir = path.join(outDir, OCTANT_MODULES_DIR, service);
    files.set(path.join(moduleDir, 'main.tf.json'), m.moduleJson);
    files.set(path.join(moduleDir, jobFile), jobspec);
    files.set(
      path.join(moduleDir, 'README.md'),
      renderModuleReadme(module, moduleVariables(module)),
    );
    if (!module.dynamicHostVolumes && module.hostVolumes.length > 0) {
      files.set(
        path.join(moduleDir, HOST_VOLUMES_CLIENT_FILE),
        renderHostVolumeClientConfig(module.hostVolumes),
      );
      files.set(
        path.join(moduleDir, HOST_VOLUMES_PREPARE_FILE),
        renderPrepareHostVolumes(module.hostVolumes),
      );
    }
    // Bind-mounted directories need the same preparation, without the client snippet.
    const bindMounts = module.bindMounts ?? [];
    if (bindMounts.length > 0) {
      files.set(
        path.join(moduleDir, HOST_VOLUMES_PREPARE_FILE),
        renderPrepareHostVolumes(bindMounts, { clientConfig: false }),
      );
    }
    for (const [name, content] of Object.entries(module.extraFiles ?? {}).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      checkExtraFileName(module, name);
      files.set(path.join(moduleDir, name), content);
    }
    files.set(path.join(jobsDir, jobFile), jobspec);
  }
  return { files, warnings };
}

/**
 * Every module of a site: its gateways' and its other services' (whose jobspec files, relative
 * to the site file, are parsed here). Module folders share one namespace, so names must differ.
 */
export async function buildSiteModules(
  site: Site,
  sitePath: string | undefined,
): Promise<{ build: SiteBuild; modules: OctantServiceModule[] }> {
  const build = buildSite(site);
  const services = await buildServiceModules(
    site.services,
    path.dirname(path.resolve(sitePath ?? defaultSiteFile())),
  );
  const taken = new Set(build.modules.map((m) => m.serviceName));
  services.forEach((m, i) => {
    if (taken.has(m.serviceName)) {
      throw new UserError(
        `services[${i}].name`,
        `"${m.serviceName}" is already the name of a gateway or an earlier service; each module needs its own folder`,
        'rename one of them',
      );
    }
    taken.add(m.serviceName);
  });
  return { build, modules: [...build.modules, ...services] };
}

/**
 * Loads the site, builds it, renders and validates every file in memory, then writes them all
 * at once: a failing synth leaves earlier outputs untouched. Byte-identical across runs.
 */
export async function synth(opts: SynthOptions): Promise<SynthResult> {
  const site = loadSite(opts.sitePath);
  const { build, modules } = await buildSiteModules(site, opts.sitePath);
  const { files, warnings } = renderFiles(modules, opts, build.standalone);
  if (opts.sitePath === undefined) {
    for (const [file, content] of renderExampleJobs(opts)) files.set(file, content);
  }
  writeFilesAtomic(files);
  const root = path.resolve(opts.projectRoot);
  return {
    files: [...files.keys()].map((f) => path.relative(root, f)).sort(),
    warnings: [...warnings, ...build.warnings.map((w) => `${w.where}: ${w.rule}`)],
  };
}

/**
 * The jobspecs of the example sites (homelab/examples/<name>.site.yaml), validated like the
 * site's own: `<jobsDir>/examples/<name>/<service>.nomad.hcl`. Kept in the repo so that a
 * change to the generator shows its effect on a multi-agent site in review.
 */
export function renderExampleJobs(opts: Omit<SynthOptions, 'sitePath'>): Map<string, string> {
  const root = path.resolve(opts.projectRoot);
  const jobsDir = path.resolve(root, opts.jobsDir ?? 'nomad-jobs');
  const examplesDir = path.join(root, EXAMPLES_DIR);
  const files = new Map<string, string>();
  const names = fs.existsSync(examplesDir)
    ? fs.readdirSync(examplesDir).filter((f) => f.endsWith('.site.yaml'))
    : [];
  for (const name of names.sort()) {
    const build = buildSite(loadSite(path.join(examplesDir, name)));
    validateJobs(build.modules);
    const example = name.replace(/\.site\.yaml$/, '');
    for (const module of build.modules) {
      files.set(
        path.join(jobsDir, 'examples', example, `${module.serviceName}.nomad.hcl`),
        renderHcl(module.job),
      );
    }
  }
  return files;
}

/**
 * What cdktf.json's `app` runs (through `openclaw-octant cdktf-app`) and what main.ts runs: the
 * same stacks, synthesized by cdktf itself into its outdir, plus each stack's jobspec file.
 */
export async function synthCdktfApp(opts: SynthOptions): Promise<void> {
  const { build, modules } = await buildSiteModules(loadSite(opts.sitePath), opts.sitePath);
  validateJobs(modules);
  const outdir = path.resolve(opts.projectRoot, opts.outDir);
  runCdktfApp(
    { modules, ...build.standalone },
    { outdir, projectRoot: path.resolve(opts.projectRoot) },
  );
  const files = new Map<string, string>();
  for (const module of modules) {
    files.set(
      path.join(outdir, 'stacks', module.serviceName, `${module.serviceName}.nomad.hcl`),
      renderHcl(module.job),
    );
  }
  writeFilesAtomic(files);
}

/**
 * The Octant module folders of the site, rendered in memory (what `vendor` copies): service ->
 * file name -> content. Same rendering and validation as `synth`; nothing is written.
 */
export async function renderModuleFolders(opts: {
  readonly sitePath?: string;
  readonly projectRoot: string;
}): Promise<Map<string, Map<string, string>>> {
  const { modules } = await buildSiteModules(loadSite(opts.sitePath), opts.sitePath);
  const outDir = path.resolve(opts.projectRoot, 'cdktf.out');
  const { files } = renderFiles(modules, { outDir, projectRoot: opts.projectRoot });
  const folders = new Map<string, Map<string, string>>();
  for (const module of modules) {
    const dir = path.join(outDir, OCTANT_MODULES_DIR, module.serviceName) + path.sep;
    const own = new Map<string, string>();
    for (const [file, content] of files) {
      if (file.startsWith(dir)) own.set(file.slice(dir.length), content);
    }
    folders.set(module.serviceName, own);
  }
  return folders;
}
