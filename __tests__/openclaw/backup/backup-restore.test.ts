import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../../cli/main';
import type { Io } from '../../../cli/io';
import { restoreBackup } from '../../../lib/openclaw/backup/restore';
import { UserError } from '../../../lib/util/errors';
import {
  agentDb,
  hasSqlite,
  listTree,
  ROWS,
  runBackup,
  sql,
  startWriter,
  statePerTest,
} from './fixture';

/**
 * The backup script of the generated job, run as is with bash against a fixture state folder
 * that a live writer keeps changing (a SQLite database in WAL mode whose last writes are not
 * checkpointed), then restored elsewhere with the restore command and compared.
 */

const itSqlite = hasSqlite ? it : it.skip;
if (!hasSqlite) {
  console.log(
    'backup-restore: sqlite3 is not installed (apt-get install sqlite3); the database tests are skipped',
  );
}

function captureIo(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, cwd, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

describe('backup job script + restore', () => {
  const fx = statePerTest('oc-backup-');

  itSqlite('archives a live WAL database consistently and restores every file', async () => {
    const db = agentDb(fx.state);
    fx.writer = await startWriter(db);
    // The committed rows are still only in the WAL: a copy of the database file alone lacks them.
    expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
    const naive = path.join(fx.tmp, 'naive.sqlite');
    fs.copyFileSync(db, naive);
    expect(() => sql(naive, 'SELECT count(*) FROM memory;')).toThrow(/no such table/);

    const backups = path.join(fx.tmp, 'backups');
    const run = runBackup(
      { SERVICE: 'openclaw', STATE_DIR: fx.state, BACKUP_DIR: backups, RETENTION_DAYS: '30' },
      fx.tmp,
    );
    expect(run.out).toContain('(1 SQLite databases)');
    expect(run.status).toBe(0);
    const archives = fs.readdirSync(backups);
    expect(archives).toHaveLength(1);
    expect(archives[0]).toMatch(/^openclaw_backup_\d{8}T\d{6}Z\.tar\.gz$/);

    const restored = path.join(fx.tmp, 'restored');
    const io = captureIo(fx.tmp);
    const code = await main(
      ['backup', 'restore', path.join('backups', archives[0]), '--to', 'restored'],
      io,
    );
    expect(io.err.join('')).toBe('');
    expect(code).toBe(0);
    expect(io.out.join('')).toContain('config, workspace, workspace-work');

    // Every non-database file is byte-identical; the WAL/SHM files are not carried over.
    const original = listTree(fx.state).filter(
      (f) => !/openclaw-agent\.sqlite(-wal|-shm)?$/.test(f),
    );
    const back = listTree(restored).filter((f) => !f.endsWith('openclaw-agent.sqlite'));
    expect(back).toEqual(original);
    for (const f of original) {
      expect(fs.readFileSync(path.join(restored, f))).toEqual(
        fs.readFileSync(path.join(fx.state, f)),
      );
    }
    expect(fs.existsSync(path.join(restored, 'config/agents/main/openclaw-agent.sqlite-wal'))).toBe(
      false,
    );
    expect(fs.statSync(path.join(restored, 'config/credentials/whatsapp.json')).mode & 0o777).toBe(
      0o600,
    );
    // The database has every committed row, including those only in the WAL at backup time.
    const rdb = path.join(restored, 'config/agents/main/openclaw-agent.sqlite');
    expect(sql(rdb, 'PRAGMA integrity_check;')).toBe('ok');
    expect(sql(rdb, 'SELECT count(*) FROM memory;')).toBe(String(ROWS));
    expect(sql(rdb, `SELECT body FROM memory WHERE id = ${ROWS};`)).toBe(`row ${ROWS - 1}`);
  });

  it('deletes archives older than the retention and keeps the new one', () => {
    const backups = path.join(fx.tmp, 'backups');
    fs.mkdirSync(backups);
    const old = path.join(backups, 'openclaw_backup_20200101T000000Z.tar.gz');
    const recent = path.join(backups, 'openclaw_backup_20200102T000000Z.tar.gz');
    const other = path.join(backups, 'postgres_backup_20200101.sql.gz');
    for (const f of [old, recent, other]) fs.writeFileSync(f, 'x');
    const days = (n: number): Date => new Date(Date.now() - n * 86400_000);
    fs.utimesSync(old, days(40), days(40));
    fs.utimesSync(recent, days(5), days(5));
    fs.utimesSync(other, days(40), days(40));
    const run = runBackup(
      { SERVICE: 'openclaw', STATE_DIR: fx.state, BACKUP_DIR: backups, RETENTION_DAYS: '30' },
      fx.tmp,
    );
    expect(run.status).toBe(0);
    const left = fs.readdirSync(backups).sort();
    expect(left).not.toContain(path.basename(old));
    expect(left).toContain(path.basename(recent));
    expect(left).toContain(path.basename(other));
    expect(left.filter((f) => f.startsWith('openclaw_backup_'))).toHaveLength(2);
  });

  it('refuses to run without a target', () => {
    const run = runBackup(
      { SERVICE: 'openclaw', STATE_DIR: fx.state, RETENTION_DAYS: '30' },
      fx.tmp,
    );
    expect(run.status).toBe(2);
    expect(run.out).toContain('set BACKUP_DIR or RESTIC_REPOSITORY');
  });

  it('restores nothing over live state, and nothing from a tampered archive', () => {
    const backups = path.join(fx.tmp, 'backups');
    expect(
      runBackup(
        { SERVICE: 'openclaw', STATE_DIR: fx.state, BACKUP_DIR: backups, RETENTION_DAYS: '7' },
        fx.tmp,
      ).status,
    ).toBe(0);
    const archive = path.join(backups, fs.readdirSync(backups)[0]);

    // Over a non-empty folder: refused, target untouched.
    const live = path.join(fx.tmp, 'live');
    fs.mkdirSync(path.join(live, 'workspace'), { recursive: true });
    fs.writeFileSync(path.join(live, 'workspace', 'keep.txt'), 'mine');
    expect(() => restoreBackup(archive, live)).toThrow(UserError);
    expect(() => restoreBackup(archive, live)).toThrow(/not empty/);
    expect(fs.readdirSync(live).sort()).toEqual(['workspace']);
    expect(fs.readdirSync(path.join(live, 'workspace'))).toEqual(['keep.txt']);

    // A changed file: the checksum catches it, nothing is restored.
    const unpacked = path.join(fx.tmp, 'unpacked');
    fs.mkdirSync(unpacked);
    spawnSync('tar', ['-xzf', archive, '-C', unpacked]);
    fs.appendFileSync(path.join(unpacked, 'state', 'config', 'openclaw.json'), ' ');
    const target = path.join(fx.tmp, 'target');
    expect(() => restoreBackup(unpacked, target)).toThrow(/does not match its checksum/);
    // The target did not exist: a failed restore leaves it so.
    expect(fs.existsSync(target)).toBe(false);

    // An archive with an entry outside the layout (path traversal) is refused before extraction.
    const evil = path.join(fx.tmp, 'evil.tar.gz');
    fs.writeFileSync(path.join(fx.tmp, 'x.txt'), 'x');
    spawnSync('tar', ['-czf', evil, '-C', fx.tmp, 'x.txt']);
    expect(() => restoreBackup(evil, path.join(fx.tmp, 'target2'))).toThrow(
      /is not part of a backup's layout/,
    );
  });

  it('prints usage errors without a stack trace', async () => {
    const io = captureIo(fx.tmp);
    expect(await main(['backup', 'restore', 'a.tar.gz'], io)).toBe(2);
    expect(io.err.join('')).toContain('--to DIR is required');
    const io2 = captureIo(fx.tmp);
    expect(await main(['backup', 'restore', 'missing.tar.gz', '--to', 'x'], io2)).toBe(1);
    expect(io2.err.join('')).toContain('not found');
    expect(io2.err.join('')).not.toContain('    at ');
  });
});
