import { Command } from '../io';
import { projectRoot } from '../../util/project-root';

export const cdktfAppCommand: Command = {
  name: 'cdktf-app',
  summary: "the cdktf app (cdktf.json's `app`): synthesizes the stacks into $CDKTF_OUTDIR",
  usage: `usage: openclaw-octant cdktf-app

Run by the cdktf CLI (\`npx cdktf synth|diff|deploy openclaw\`), not by hand: synthesizes the
stacks of the embedded site (or $OPENCLAW_OCTANT_SITE) into $CDKTF_OUTDIR (default cdktf.out).
`,
  async run(_args, io) {
    const { synthCdktfApp } = await import('../../synth');
    const root = projectRoot(__dirname);
    await synthCdktfApp({
      sitePath: io.env.OPENCLAW_OCTANT_SITE,
      outDir: io.env.CDKTF_OUTDIR ?? 'cdktf.out',
      projectRoot: root,
    });
    return 0;
  },
};
