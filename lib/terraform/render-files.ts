import * as path from 'path';
import type { OctantServiceModule } from '../octant/module-spec';
import { isRecordFile, listFiles } from '../util/staged-tree';
import { makeScratch, readTextInside, removeTree } from '../util/boundary';
import { DEFAULT_JOBS_DIR, OctantApp, OctantStack } from './app';
import { OctantService } from './octant-service';

/** Where {@link renderFiles} places its files. */
export interface RenderFilesOptions {
  /** cdktf output directory. */
  readonly outDir: string;
  /** Project root: `nomad-jobs/` lives here. */
  readonly projectRoot: string;
  /** Where the committed jobspecs go. @default `<projectRoot>/nomad-jobs` */
  readonly jobsDir?: string;
}

/** Every file under `dir` but synth's records: relative path -> content. */
export function readTree(dir: string): Map<string, string> {
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
  opts: RenderFilesOptions,
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
