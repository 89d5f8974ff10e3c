import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { UsageError } from '../../lib/util/errors';
import { projectRoot } from '../../lib/util/project-root';
import { withLock } from '../../lib/util/staged-tree';
import type { VendorPlan } from '../../lib/octant/vendor';

const USAGE = `usage: openclaw-octant vendor --octant DIR [--site FILE] [--dry-run] [--force]

Copies the generated Octant module of every gateway into DIR/terraform/<service>/ of an Octant
checkout. The module is rendered in memory from the site (the same rendering as \`synth\`; it
does not read cdktf.out). A manifest (.openclaw-octant.json) records what was written, so files
edited since are never overwritten without --force. Other folders are never touched; a
hand-written module for the same service under another name is reported and left alone.

  --octant DIR  root of the Octant checkout (must contain terraform/)
  --site FILE   site description; default: the embedded homelab/default.site.yaml
  --dry-run     print a unified diff of what would change; write nothing
  --force       overwrite files edited since the last vendoring
`;

export const vendorCommand: Command = {
  name: 'vendor',
  summary: 'copy the generated module into an Octant checkout (terraform/<service>/)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs('vendor', {
      args: [...args],
      options: {
        octant: { type: 'string' },
        site: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
      },
      allowPositionals: false,
    });
    if (values.octant === undefined) {
      throw new UsageError('--octant DIR is required', 'pass the root of your Octant checkout');
    }
    const octantDir = path.resolve(io.cwd, values.octant);
    const { applyVendorPlans, checkOctantCheckout, planVendor } =
      await import('../../lib/octant/vendor');
    checkOctantCheckout(octantDir);
    const { renderModuleFolders } = await import('../synth');
    const folders = await renderModuleFolders({
      ...(values.site === undefined
        ? {}
        : { sitePath: path.resolve(io.cwd, values.site), siteName: values.site }),
      projectRoot: projectRoot(__dirname),
    });
    const dryRun = values['dry-run'] === true;
    // Every module is planned (and checked) before any is written: all of them or none. The
    // plan and the writes share synth's lock on terraform/: two runs never interleave.
    const plan = (): VendorPlan[] =>
      [...folders].map(([serviceName, files]) =>
        planVendor({ octantDir, serviceName, files, dryRun, force: values.force === true }),
      );
    const plans = dryRun
      ? plan()
      : withLock(path.join(octantDir, 'terraform'), () => {
          const planned = plan();
          applyVendorPlans(planned);
          return planned;
        });
    let status = 0;
    for (const { result: r } of plans) {
      const serviceName = path.basename(r.target);
      for (const other of r.handWritten) {
        io.stderr(
          `note: ${other} looks like a hand-written module for '${serviceName}'; left alone (remove it yourself if ${r.target} replaces it)\n`,
        );
      }
      for (const [theirs, ours] of Object.entries(r.keptHandWritten)) {
        io.stderr(
          `note: ${r.target}/${theirs} was not written by openclaw-octant: kept; ours is ${r.target}/${ours}\n`,
        );
      }
      if (dryRun) {
        io.stdout(r.diff);
        if (r.conflicts.length > 0) {
          io.stderr(`${r.target}: locally edited, would need --force: ${r.conflicts.join(', ')}\n`);
          if (values.force !== true) status = 1;
        }
        io.stdout(
          `${r.target}: ${r.changed.length} to write, ${r.removed.length} to remove (dry run)\n`,
        );
      } else {
        io.stdout(`${r.target}: ${r.changed.length} written, ${r.removed.length} removed\n`);
      }
    }
    return status;
  },
};
