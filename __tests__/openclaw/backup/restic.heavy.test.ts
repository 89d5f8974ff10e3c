import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { restoreBackup } from '../../../lib/openclaw/backup/restore';
import {
  agentDb,
  hasRestic,
  hasSqlite,
  ROWS,
  runBackup,
  sql,
  startWriter,
  statePerTest,
} from './fixture';

/**
 * The backup job's restic target against a real local restic repository (heavy tier: restic's
 * key derivation makes `restic init` take seconds). Skips, saying so, without restic or sqlite3.
 */

if (!hasRestic || !hasSqlite) {
  console.log(
    'backup-restic: restic or sqlite3 is not installed (apt-get install restic sqlite3); skipped',
  );
}

describe('backup job script, restic target', () => {
  const fx = statePerTest('oc-restic-');

  (hasRestic && hasSqlite ? it : it.skip)(
    'sends a snapshot to a restic repository, keeps it per service, and restores it',
    async () => {
      fx.writer = await startWriter(agentDb(fx.state));
      const repo = path.join(fx.tmp, 'repo');
      const env = { RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: 'canary-restic-password' };
      const run = runBackup(
        { SERVICE: 'openclaw', STATE_DIR: fx.state, RETENTION_DAYS: '30', ...env },
        fx.tmp,
      );
      expect(run.status).toBe(0);
      expect(run.out).toContain('restic snapshot of openclaw taken (1 SQLite databases)');
      expect(run.out).not.toContain('canary-restic-password');
      const restic = (args: string[]) =>
        spawnSync('restic', args, { encoding: 'utf8', env: { ...process.env, ...env } });
      const snapshots = JSON.parse(restic(['snapshots', '--json']).stdout) as {
        hostname: string;
        tags: string[];
      }[];
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]).toMatchObject({ hostname: 'openclaw', tags: ['openclaw'] });
      const out = path.join(fx.tmp, 'restic-restore');
      expect(restic(['restore', 'latest', '--host', 'openclaw', '--target', out]).status).toBe(0);
      // restic keeps the absolute path of the staging folder the job backed up.
      const staged = path.join(out, fx.tmp, 'openclaw-backup');
      const restored = path.join(fx.tmp, 'restored');
      const result = restoreBackup(staged, restored);
      expect(result.folders).toEqual(['config', 'workspace', 'workspace-work']);
      const rdb = agentDb(restored);
      expect(sql(rdb, 'SELECT count(*) FROM memory;')).toBe(String(ROWS));
      expect(fs.readFileSync(path.join(restored, 'workspace/notes/todo.md'), 'utf8')).toBe(
        '# todo\n- back up\n',
      );
      // The folder restic restored is left as it was (copied, not moved).
      expect(fs.existsSync(path.join(staged, 'state', 'config'))).toBe(true);
    },
  );
});
