import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../util/errors';
import { INFO_FILE, MANIFEST_FILE, STATE_FOLDER } from './script';

/**
 * Restores a backup made by the backup job into a storage root (`<root>/<service>`'s parent
 * layout: one folder per volume, `config`, `workspace`, ...). Every file is checked against the
 * archive's MANIFEST.sha256 before anything is moved into place, and no non-empty folder is
 * written over: a restore either lands whole or leaves the target as it was.
 */

export interface RestoreResult {
  /** Volume folders restored, e.g. `config`, `workspace`. */
  readonly folders: readonly string[];
  /** Files verified and restored. */
  readonly files: number;
}

const ALLOWED_TOP = new Set([MANIFEST_FILE, INFO_FILE, STATE_FOLDER]);

function tar(args: readonly string[], where: string): string {
  const r = spawnSync('tar', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error !== undefined || r.status !== 0) {
    throw new UserError(
      where,
      `tar ${args[0]} failed: ${(r.error?.message ?? r.stderr).trim() || `exit ${r.status}`}`,
      'check that the file is a .tar.gz written by the backup job and is complete',
    );
  }
  return r.stdout;
}

/** Entry names must stay inside the archive's layout: no absolute paths, no `..`. */
function checkEntries(archive: string, names: readonly string[]): void {
  for (const raw of names) {
    const name = raw.replace(/^\.\//, '').replace(/\/$/, '');
    if (name === '' || name === '.') continue;
    const parts = name.split('/');
    if (raw.startsWith('/') || parts.includes('..') || !ALLOWED_TOP.has(parts[0])) {
      throw new UserError(
        archive,
        `unexpected entry ${JSON.stringify(raw)}: not an archive of the backup job`,
        `restore only archives named <service>_backup_<stamp>.tar.gz from the backup folder`,
      );
    }
  }
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Checks every file against MANIFEST.sha256; returns the number of files. */
function verify(staging: string, source: string): number {
  const manifestFile = path.join(staging, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) {
    throw new UserError(
      source,
      `no ${MANIFEST_FILE}: not a backup of the backup job`,
      'give the archive (or the restic-restored folder) the job wrote',
    );
  }
  const expected = new Map<string, string>();
  for (const line of fs.readFileSync(manifestFile, 'utf8').split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m)
      throw new UserError(
        `${source}: ${MANIFEST_FILE}`,
        `unreadable line ${JSON.stringify(line)}`,
        'the archive is damaged: take another one',
      );
    expected.set(m[2].replace(/^\.\//, ''), m[1]);
  }
  const present = [
    ...listFiles(path.join(staging, STATE_FOLDER), '').map((f) => `${STATE_FOLDER}/${f}`),
  ];
  if (fs.existsSync(path.join(staging, INFO_FILE))) present.push(INFO_FILE);
  for (const f of present) {
    const want = expected.get(f);
    if (want === undefined) {
      throw new UserError(
        source,
        `${f} is not listed in ${MANIFEST_FILE}`,
        'the archive was altered: take another one',
      );
    }
    if (sha256(path.join(staging, f)) !== want) {
      throw new UserError(
        source,
        `${f} does not match its checksum in ${MANIFEST_FILE}`,
        'the archive is damaged: take another one',
      );
    }
    expected.delete(f);
  }
  if (expected.size > 0) {
    throw new UserError(
      source,
      `${[...expected.keys()][0]} is listed in ${MANIFEST_FILE} but missing`,
      'the archive is incomplete: take another one',
    );
  }
  return present.filter((f) => f.startsWith(`${STATE_FOLDER}/`)).length;
}

function isEmptyDir(dir: string): boolean {
  return fs.statSync(dir).isDirectory() && fs.readdirSync(dir).length === 0;
}

/** Restores `source` (a .tar.gz of the backup job, or a folder restic restored) into `to`. */
export function restoreBackup(source: string, to: string): RestoreResult {
  if (!fs.existsSync(source))
    throw new UserError(source, 'not found', 'give the path of a backup archive');
  const fromDir = fs.statSync(source).isDirectory();
  fs.mkdirSync(to, { recursive: true });
  // Extract beside the target so that moving into place is a rename on one filesystem.
  const staging = fromDir ? source : fs.mkdtempSync(path.join(to, '.restore-'));
  try {
    if (!fromDir) {
      checkEntries(source, tar(['--list', '--gzip', '--file', source], source).split('\n'));
      tar(
        ['--extract', '--gzip', '--no-same-owner', '--file', source, '--directory', staging],
        source,
      );
    }
    const files = verify(staging, source);
    const stateDir = path.join(staging, STATE_FOLDER);
    const folders = fs.readdirSync(stateDir).sort();
    for (const f of folders) {
      const target = path.join(to, f);
      if (fs.existsSync(target) && !isEmptyDir(target)) {
        throw new UserError(
          target,
          'exists and is not empty: a restore never writes over live state',
          `stop the gateway and move ${to} aside (mv ${to} ${to}.before-restore), then restore again`,
        );
      }
    }
    for (const f of folders) {
      const target = path.join(to, f);
      if (fs.existsSync(target)) fs.rmdirSync(target);
      if (fromDir)
        fs.cpSync(path.join(stateDir, f), target, { recursive: true, preserveTimestamps: true });
      else fs.renameSync(path.join(stateDir, f), target);
    }
    return { folders, files };
  } finally {
    if (!fromDir) fs.rmSync(staging, { recursive: true, force: true });
  }
}
