import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { projectRoot } from '../../lib/util/project-root';

const USAGE = `usage: openclaw-octant synth [--site FILE] [--out DIR] [--jobs-dir DIR]

Generates, from the site description, the cdktf stack (DIR/stacks/<service>/cdk.tf.json), the
Octant module folders (DIR/octant/terraform/<service>/: main.tf.json, <service>.nomad.hcl,
README.md, host volume setup) and nomad-jobs/<service>.nomad.hcl: the app of main.ts, as
\`npx cdktf synth\` runs it, writing the same bytes. All files are committed at once, only when
every one rendered and the jobspecs validate; files synth wrote before and no longer writes are
removed.

  --site FILE   site description (YAML or JSON); default: the embedded homelab/default.site.yaml
  --out DIR     cdktf output directory; default: cdktf.out
  --jobs-dir DIR  where the jobspecs go; default: nomad-jobs (with the default site, the example
                sites' jobspecs also go to nomad-jobs/examples/)
`;

export const synthCommand: Command = {
  name: 'synth',
  summary: 'generate the Terraform module, cdktf stack and Nomad jobspec from the site',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs('synth', {
      args: [...args],
      options: {
        site: { type: 'string' },
        out: { type: 'string' },
        'jobs-dir': { type: 'string' },
      },
      allowPositionals: false,
    });
    // Loaded here so `--help` does not pay for cdktf.
    const { synth } = await import('../synth');
    const root = projectRoot(__dirname);
    const result = await synth({
      ...(values.site === undefined
        ? {}
        : { sitePath: path.resolve(io.cwd, values.site), siteName: values.site }),
      outDir: path.resolve(io.cwd, values.out ?? path.join(root, 'cdktf.out')),
      projectRoot: root,
      ...(values['jobs-dir'] !== undefined
        ? { jobsDir: path.resolve(io.cwd, values['jobs-dir']) }
        : {}),
    });
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    const shown = result.files.map((f) => path.relative(io.cwd, path.join(root, f)));
    io.stdout(`wrote ${shown.length} files:\n${shown.map((f) => `  ${f}\n`).join('')}`);
    return 0;
  },
};
