import * as path from 'path';
import { Command } from '../io';
import { DEFAULT_JOBS_DIR, DEFAULT_OUTDIR } from '../../lib/terraform/defaults';

export const cdktfAppCommand: Command = {
  name: 'cdktf-app',
  summary: "the cdktf app (cdktf.json's `app`): runs main.ts into $CDKTF_OUTDIR",
  usage: `usage: openclaw-octant cdktf-app

Run by the cdktf CLI (\`npx cdktf synth|diff|deploy openclaw\`), not by hand: runs the app of
main.ts on the embedded site (or $OPENCLAW_OCTANT_SITE), writing $CDKTF_OUTDIR (default
cdktf.out) and nomad-jobs/ exactly as \`npm run synth\` does.
`,
  async run(_args, io) {
    // dist/main.js: the compiled main.ts, the one app both synth paths run.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../../main') as typeof import('../../main');
    const site = io.env.OPENCLAW_OCTANT_SITE;
    const { warnings } = main({
      ...(site !== undefined ? { sitePath: path.resolve(io.cwd, site) } : {}),
      outdir: path.resolve(io.cwd, io.env.CDKTF_OUTDIR ?? DEFAULT_OUTDIR),
      jobsDir: path.resolve(io.cwd, DEFAULT_JOBS_DIR),
      leaveStackFolders: io.env.CDKTF_OUTDIR !== undefined,
    });
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  },
};
