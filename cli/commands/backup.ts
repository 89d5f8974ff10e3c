import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { UsageError } from '../../lib/util/errors';
import { restoreBackup } from '../../lib/openclaw/backup/restore';

const USAGE = `usage: openclaw-octant backup restore ARCHIVE --to DIR

Restores a backup of the gateway's state written by the generated backup job.
  ARCHIVE   <service>_backup_<stamp>.tar.gz from the backup folder, or the folder
            'restic restore' wrote (the one holding MANIFEST.sha256)
  --to DIR  the storage root of the service, e.g. /opt/openclaw: one folder per volume
            (config, workspace, ...) is restored into it
Every file is checked against the archive's MANIFEST.sha256 first; a folder that exists and
is not empty is never written over. Links, hard links, devices, FIFOs and names leading out of
the archive are refused, as is a link at DIR or at a volume folder in it; a failed restore
leaves DIR as it was. Stop the gateway first.
`;

export const backupCommand: Command = {
  name: 'backup',
  summary: "restore a backup of the gateway's state (backup restore ARCHIVE --to DIR)",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs('backup', {
      args: [...args],
      allowPositionals: true,
      options: { to: { type: 'string' } },
    });
    const [action, archive, ...extra] = parsed.positionals;
    if (action !== 'restore') {
      throw new UsageError(
        `unknown action ${JSON.stringify(action ?? '')}`,
        'run: openclaw-octant backup restore ARCHIVE --to DIR',
      );
    }
    if (archive === undefined || extra.length > 0) {
      throw new UsageError(
        'give exactly one ARCHIVE',
        'run: openclaw-octant backup restore ARCHIVE --to DIR',
      );
    }
    const to = parsed.values.to;
    if (typeof to !== 'string' || to === '') {
      throw new UsageError(
        '--to DIR is required',
        'name the storage root, e.g. --to /opt/openclaw',
      );
    }
    const target = path.resolve(io.cwd, to);
    const result = restoreBackup(path.resolve(io.cwd, archive), target);
    io.stdout(
      `restored ${result.files} files into ${target}: ${result.folders.join(', ')}\n` +
        `next: podman unshare chown -R 1000:1000 ${target}  (the container user owns the state), then start the gateway\n`,
    );
    return 0;
  },
};
