// The cdktf app entry in the cdktf template's shape: `npx ts-node main.ts` synthesizes the same
// stacks as `openclaw-octant cdktf-app` (cdktf.json runs the compiled CLI, which is faster).
import { projectRoot } from './lib/util/project-root';
import { synthCdktfApp } from './lib/synth';

synthCdktfApp({
  sitePath: process.env.OPENCLAW_OCTANT_SITE,
  outDir: process.env.CDKTF_OUTDIR ?? 'cdktf.out',
  projectRoot: projectRoot(__dirname),
}).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
