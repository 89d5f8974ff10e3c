import * as path from 'path';
import { main } from '../main';
import { DEFAULT_JOBS_DIR } from '../lib/terraform/app';
import { OCTANT_MODULES_DIR } from '../lib/terraform/octant-service';
import { readTree } from '../lib/terraform/render-files';
import { listNames, makeScratch, removeTree } from '../lib/util/boundary';

export interface SynthOptions {
  /** Site description (YAML or JSON). @default - the embedded default site */
  readonly sitePath?: string;
  /** How errors name the site file. @default - `sitePath` */
  readonly siteName?: string;
  /** cdktf output directory. */
  readonly outDir: string;
  /** Project root: `nomad-jobs/` lives here. */
  readonly projectRoot: string;
  /** Where the committed jobspecs go. @default `<projectRoot>/nomad-jobs` */
  readonly jobsDir?: string;
}

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
  const { app, warnings } = main({
    ...(opts.sitePath !== undefined ? { sitePath: opts.sitePath } : {}),
    ...(opts.siteName !== undefined ? { siteName: opts.siteName } : {}),
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
 * The Octant module folders of the site (what `vendor` copies): service -> file name ->
 * content. The site is synthesized by the same app as `synth`, in a scratch folder.
 */
export function renderModuleFolders(opts: {
  readonly sitePath?: string;
  readonly siteName?: string;
  readonly projectRoot: string;
}): Map<string, Map<string, string>> {
  const scratch = makeScratch('openclaw-octant-vendor-');
  try {
    const out = path.join(scratch, 'cdktf.out');
    main({
      ...(opts.sitePath !== undefined ? { sitePath: opts.sitePath } : {}),
      ...(opts.siteName !== undefined ? { siteName: opts.siteName } : {}),
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
