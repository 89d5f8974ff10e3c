import * as path from 'path';
import { loadSite } from '../homelab/load';
import type { JobFile } from './nomad/model';
import type { OctantServiceModule } from './octant/module-spec';
import { buildSite } from '../homelab/build';
import { DEFAULT_JOBS_DIR, OctantApp, OctantStack } from './terraform/app';
import { OCTANT_MODULES_DIR, OctantService } from './terraform/octant-service';
import { listNames, makeScratch, readTextInside, removeTree } from './util/boundary';
import { isRecordFile, listFiles } from './util/staged-tree';
import { projectRoot as findProjectRoot } from './util/project-root';

export { OCTANT_MODULES_DIR };

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

/**
 * `npm run synth`: runs the cdktf app of main.ts (the same code `cdktf synth` runs) into the
 * given folders. All or nothing; byte-identical across runs and with `cdktf synth`.
 */
export async function synth(opts: SynthOptions): Promise<SynthResult> {
  const root = path.resolve(opts.projectRoot);
  // Loaded here: main.ts sits above lib/ and imports it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../main') as typeof import('../main');
  const { app, warnings } = main({
    ...(opts.sitePath !== undefined ? { sitePath: opts.sitePath } : {}),
    outdir: path.resolve(root, opts.outDir),
    jobsDir: path.resolve(root, opts.jobsDir ?? DEFAULT_JOBS_DIR),
    leaveStackFolders: false,
  });
  return {
    files: (app.lastSynth?.files ?? []).map((f) => path.relative(root, f)).sort(),
    warnings,
  };
}

/**
 * The jobspecs of the example sites (homelab/examples/<name>.site.yaml), validated like the
 * site's own: `examples/<name>/<service>.nomad.hcl` under the jobs folder. Kept in the repo so
 * that a change to the generator shows its effect on a multi-agent site in review.
 */
export function exampleJobs(root: string = findProjectRoot(__dirname)): Map<string, JobFile> {
  const examplesDir = path.join(root, EXAMPLES_DIR);
  const jobs = new Map<string, JobFile>();
  for (const name of listNames(examplesDir).filter((f) => f.endsWith('.site.yaml'))) {
    const build = buildSite(loadSite(path.join(examplesDir, name)));
    const example = name.replace(/\.site\.yaml$/, '');
    for (const module of build.modules) {
      jobs.set(path.join('examples', example, `${module.serviceName}.nomad.hcl`), module.job);
      for (const extra of module.extraJobs ?? [])
        jobs.set(path.join('examples', example, `${extra.job.job.name}.nomad.hcl`), extra.job);
    }
  }
  return jobs;
}

function readTree(dir: string): Map<string, string> {
  const files = listFiles(dir).filter((f) => !isRecordFile(f));
  return new Map(files.map((f) => [f, readTextInside(dir, f, f)]));
}

/**
 * Synthesizes plain-data modules (one stack each) in a scratch folder and returns the files as
 * they would land under `opts.outDir` and the jobs folder: absolute path -> content. Nothing is
 * written there. For tools and tests that need the rendered module of a module built elsewhere.
 */
export function renderFiles(
  modules: readonly OctantServiceModule[],
  opts: Omit<SynthOptions, 'sitePath'>,
): { files: Map<string, string>; warnings: string[] } {
  const root = path.resolve(opts.projectRoot);
  const outDir = path.resolve(root, opts.outDir);
  const jobsDir = path.resolve(root, opts.jobsDir ?? DEFAULT_JOBS_DIR);
  const scratch = makeScratch('openclaw-octant-render-');
  try {
    const out = path.join(scratch, 'cdktf.out');
    const jobs = path.join(scratch, 'nomad-jobs');
    const app = new OctantApp({ outdir: out, jobsDir: jobs, leaveStackFolders: false });
    for (const module of modules) {
      OctantService.fromModule(new OctantStack(app, module.serviceName), 'service', module);
    }
    app.synth();
    const files = new Map<string, string>();
    for (const [rel, content] of readTree(out)) files.set(path.join(outDir, rel), content);
    for (const [rel, content] of readTree(jobs)) files.set(path.join(jobsDir, rel), content);
    return { files, warnings: [...(app.lastSynth?.warnings ?? [])] };
  } finally {
    removeTree(scratch);
  }
}

/**
 * The Octant module folders of the site (what `vendor` copies): service -> file name ->
 * content. The site is synthesized by the same app as `synth`, in a scratch folder.
 */
export function renderModuleFolders(opts: {
  readonly sitePath?: string;
  readonly projectRoot: string;
}): Map<string, Map<string, string>> {
  const scratch = makeScratch('openclaw-octant-vendor-');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../main') as typeof import('../main');
    const out = path.join(scratch, 'cdktf.out');
    main({
      ...(opts.sitePath !== undefined ? { sitePath: opts.sitePath } : {}),
      exampleJobs: false,
      outdir: out,
      jobsDir: path.join(scratch, 'nomad-jobs'),
      leaveStackFolders: false,
    });
    const modulesDir = path.join(out, OCTANT_MODULES_DIR);
    const folders = new Map<string, Map<string, string>>();
    for (const service of listNames(modulesDir))
      folders.set(service, readTree(path.join(modulesDir, service)));
    return folders;
  } finally {
    removeTree(scratch);
  }
}
