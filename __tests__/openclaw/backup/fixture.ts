import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderBackupScript } from '../../../lib/openclaw/backup/script';

/**
 * A gateway's state folder for the backup tests: config, credentials, workspaces and a SQLite
 * database that a live writer keeps open in WAL mode with its last writes not checkpointed.
 */

export const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0;
export const hasRestic = spawnSync('restic', ['version']).status === 0;

/** Rows the writer commits; all of them stay in the WAL while it runs. */
export const ROWS = 500;

export function sql(db: string, query: string): string {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${query}: ${r.stderr}`);
  return r.stdout.trim();
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  // Generous: the heavy tier runs this beside CPU-bound suites on 2 cores (10 s was not enough).
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function listTree(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...listTree(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** Runs the job's backup script with bash, as the task does, with only the given environment. */
export function runBackup(
  env: Record<string, string>,
  scriptDir: string,
): { status: number | null; out: string } {
  const script = path.join(scriptDir, 'backup.sh');
  fs.writeFileSync(script, renderBackupScript(), { mode: 0o755 });
  const r = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: scriptDir, ...env },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Creates the state folder (one folder per volume) under `tmp`; returns its path. */
export function makeState(tmp: string): string {
  const state = path.join(tmp, 'state');
  fs.mkdirSync(path.join(state, 'config', 'credentials'), { recursive: true });
  fs.mkdirSync(path.join(state, 'config', 'agents', 'main'), { recursive: true });
  fs.mkdirSync(path.join(state, 'workspace', 'notes'), { recursive: true });
  fs.mkdirSync(path.join(state, 'workspace-work'), { recursive: true });
  fs.writeFileSync(path.join(state, 'config', 'openclaw.json'), '{"gateway":{"port":18789}}\n');
  fs.writeFileSync(
    path.join(state, 'config', 'credentials', 'whatsapp.json'),
    '{"session":"x"}\n',
    {
      mode: 0o600,
    },
  );
  fs.writeFileSync(path.join(state, 'workspace', 'notes', 'todo.md'), '# todo\n- back up\n');
  fs.writeFileSync(path.join(state, 'workspace', 'name with spaces.txt'), 'spaces survive\n');
  fs.writeFileSync(
    path.join(state, 'workspace-work', 'binary.bin'),
    Buffer.from([0, 1, 2, 255, 254]),
  );
  return state;
}

/** The agent database of the fixture. */
export function agentDb(state: string): string {
  return path.join(state, 'config', 'agents', 'main', 'openclaw-agent.sqlite');
}

/** A gateway stand-in: keeps the database open in WAL mode with autocheckpoint off. */
export async function startWriter(db: string): Promise<ChildProcess> {
  const writer = spawn('sqlite3', [db], { stdio: ['pipe', 'ignore', 'inherit'] });
  const inserts = Array.from(
    { length: ROWS },
    (_, i) => `INSERT INTO memory(body) VALUES ('row ${i}');`,
  );
  writer.stdin?.write(
    [
      'PRAGMA journal_mode=WAL;',
      'PRAGMA wal_autocheckpoint=0;',
      'CREATE TABLE memory(id INTEGER PRIMARY KEY, body TEXT NOT NULL);',
      'BEGIN;',
      ...inserts,
      'COMMIT;',
      '',
    ].join('\n'),
  );
  await waitFor(() => {
    try {
      return sql(db, 'SELECT count(*) FROM memory;') === String(ROWS);
    } catch {
      return false;
    }
  }, 'the writer to commit');
  return writer;
}

/** Ends the writer (its close checkpoints the WAL) and waits for it. */
export async function stopWriter(writer: ChildProcess | undefined): Promise<void> {
  if (writer === undefined || writer.exitCode !== null) return;
  const done = new Promise((r) => writer.once('exit', r));
  writer.stdin?.end();
  await done;
}

/** What a backup test works in: its temp folder, the state folder in it, the writer it started. */
export interface StateFolder {
  tmp: string;
  state: string;
  writer?: ChildProcess;
}

/**
 * Registers the hooks of a backup test file: before each test a fresh temp folder (`prefix`)
 * holding a state folder (makeState); after it, the writer the test started is stopped and the
 * folder removed.
 */
export function statePerTest(prefix: string): StateFolder {
  const fx: StateFolder = { tmp: '', state: '' };
  beforeEach(() => {
    fx.tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fx.state = makeState(fx.tmp);
  });
  afterEach(async () => {
    await stopWriter(fx.writer);
    fx.writer = undefined;
    fs.rmSync(fx.tmp, { recursive: true, force: true });
  });
  return fx;
}
