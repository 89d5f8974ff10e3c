import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as path from 'path';
import {
  checkOwnFolder,
  copyInputFile,
  FILE_NAME_RE,
  isEmptyFolder,
  isInside,
  kindAt,
  makeFolder,
  makeTempFolder,
  moveEntry,
  quoteName,
  readInputChunks,
  readTextInside,
  realpathLoose,
  removeTree,
  type TreeEntry,
  walkTree,
} from '../../util/boundary';
import { UserError } from '../../util/errors';
import { INFO_FILE, MANIFEST_FILE, STATE_FOLDER } from './script';

/**
 * Restores a backup made by the backup job into a storage root (one folder per volume: `config`,
 * `workspace`, ...). The archive (or the folder restic restored) is untrusted input: it is
 * extracted or copied into a staging folder inside the target, where every entry must be a
 * regular file or a folder of the backup's layout (no link, hard link, device or FIFO, no name
 * leading out) and every file must match MANIFEST.sha256; only then are the volume folders moved
 * into place, each by one rename, and only where nothing (or an empty real folder) is. A restore
 * either lands whole or leaves the target as it was, staging removed. Errors name archive entries
 * (quoted) and manifest lines by number: no content of a file is ever printed.
 */

export interface RestoreResult {
  /** Volume folders restored, e.g. `config`, `workspace`. */
  readonly folders: readonly string[];
  /** Files verified and restored. */
  readonly files: number;
}

/** Most entries a backup may hold (a workspace can hold a git checkout or two). */
export const MAX_RESTORE_ENTRIES = 500_000;

/** Largest MANIFEST.sha256 read: ~170 bytes a line for MAX_RESTORE_ENTRIES files. */
export const MAX_MANIFEST_BYTES = 96 * 1024 * 1024;

/** What each top-level entry of a backup must be. */
const LAYOUT: Readonly<Record<string, 'file' | 'dir'>> = {
  [MANIFEST_FILE]: 'file',
  [INFO_FILE]: 'file',
  [STATE_FOLDER]: 'dir',
};

const ALTERED =
  'restore only an archive the backup job wrote (<service>_backup_<stamp>.tar.gz) or the folder restic restored from its snapshot; this one was altered or damaged: take another';

/** `tar --list --verbose` type letters; only regular files and folders are restored. */
const TAR_TYPES: Readonly<Record<string, string>> = {
  '-': 'file',
  d: 'dir',
  l: 'a symlink',
  h: 'a hard link',
  c: 'a device',
  b: 'a device',
  p: 'a FIFO',
  s: 'a socket',
};

function refuse(shown: string, rel: string, rule: string): never {
  throw new UserError(`${shown}: ${quoteName(rel)}`, rule, ALTERED);
}

/** One entry of the source (by name and kind: 'file', 'dir' or a phrase like 'a symlink'). */
function checkEntry(shown: string, rel: string, kind: string): void {
  const parts = rel.split('/');
  if (rel.startsWith('/') || parts.includes('..')) {
    refuse(shown, rel, 'leads outside the backup (an absolute name or a ".." step)');
  }
  if (kind !== 'file' && kind !== 'dir') {
    refuse(
      shown,
      rel,
      `is ${kind}: a backup holds only regular files and folders (links, hard links, devices, FIFOs and sockets are refused)`,
    );
  }
  const want = LAYOUT[parts[0]];
  if (want === undefined || (parts.length === 1 && kind !== want)) {
    refuse(
      shown,
      rel,
      `is not part of a backup's layout (${MANIFEST_FILE}, ${INFO_FILE}, ${STATE_FOLDER}/<volume folder>/...)`,
    );
  }
  if (
    parts[0] === STATE_FOLDER &&
    parts.length === 2 &&
    !(kind === 'dir' && FILE_NAME_RE.test(parts[1]))
  ) {
    refuse(
      shown,
      rel,
      `is not a volume folder: ${STATE_FOLDER}/ holds one folder per volume, named with letters, digits, "_", "-" and "."`,
    );
  }
}

function kindLabel(e: TreeEntry): string {
  if (e.kind === 'symlink') return 'a symlink';
  if (e.kind === 'other') return 'a device, FIFO or socket';
  return e.kind;
}

/** Checks a walked source (or staging) tree: every entry, then that the layout is complete. */
function checkLayout(entries: readonly TreeEntry[], shown: string): void {
  for (const e of entries) checkEntry(shown, e.rel, kindLabel(e));
  const manifest = entries.find((e) => e.rel === MANIFEST_FILE);
  if (manifest === undefined || !entries.some((e) => e.rel === STATE_FOLDER)) {
    throw new UserError(
      shown,
      `holds no ${manifest === undefined ? MANIFEST_FILE : `${STATE_FOLDER} folder`}: not a backup of the backup job`,
      'give the archive (or the restic-restored folder) the job wrote',
    );
  }
  if (manifest.size > MAX_MANIFEST_BYTES) {
    refuse(shown, MANIFEST_FILE, `is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`);
  }
}

function tar(args: readonly string[], shown: string): string {
  const r = spawnSync('tar', args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (r.error !== undefined || r.status !== 0) {
    const why = (r.error?.message ?? r.stderr).trim().split('\n')[0] || `exit ${r.status}`;
    throw new UserError(
      shown,
      `tar ${args[0]} failed: ${quoteName(why, 300)}`,
      'check that the file is a .tar.gz written by the backup job and is complete',
    );
  }
  return r.stdout;
}

function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** Every entry's name and type, from tar's listing, checked before anything is extracted. */
function checkListing(archive: string, shown: string): void {
  const names = lines(tar(['--list', '--gzip', '--file', archive], shown));
  const long = lines(tar(['--list', '--verbose', '--gzip', '--file', archive], shown));
  if (names.length !== long.length) {
    throw new UserError(shown, "tar's listing of its entries could not be read", ALTERED);
  }
  names.forEach((raw, i) => {
    const rel = raw.replace(/^(\.\/)+/, '').replace(/(.)\/+$/, '$1');
    if (rel !== '' && rel !== '.')
      checkEntry(shown, rel, TAR_TYPES[long[i][0]] ?? 'a special entry');
  });
}

/** Extracts the archive into staging: as files and folders only, no owner or set-id bits kept. */
function extractArchive(archive: string, staging: string, shown: string): void {
  tar(
    [
      '--extract',
      '--gzip',
      '--no-same-owner',
      '--no-same-permissions',
      '--no-overwrite-dir',
      '--file',
      archive,
      '--directory',
      staging,
    ],
    shown,
  );
}

/**
 * Copies a restic-restored folder into staging, refusing it whole if it holds a link or such.
 * Walked names are joined as they are (a user's file name may hold a newline, which
 * resolveInside refuses): the walk found no link on their way, and each file is opened without
 * following a final link.
 */
function copySource(
  source: string,
  entries: readonly TreeEntry[],
  shownSource: string,
  staging: string,
): void {
  for (const e of entries) {
    const shown = `${shownSource}: ${quoteName(e.rel)}`;
    // Folders as the job's umask (077) makes them: a credentials folder never opens up.
    if (e.kind === 'dir') makeFolder(path.join(staging, e.rel), shown, 0o700);
    else copyInputFile(path.join(source, e.rel), path.join(staging, e.rel), shown);
  }
}

interface Listed {
  readonly hash: string;
  /** Line number in the manifest: errors name lines, never their text. */
  readonly line: number;
}

/** `<sha256>  <name>`; sha256sum starts a line with `\` when it escapes `\` or a newline in the name. */
function parseLine(line: string): { hash: string; name: string } | undefined {
  const m = /^(\\?)([0-9a-f]{64}) [ *](.+)$/s.exec(line);
  if (!m) return undefined;
  let name = m[3];
  if (m[1] === '\\') {
    const unescaped = name.replace(/\\(.?)/gs, (_, c: string) =>
      c === 'n' ? '\n' : c === 'r' ? '\r' : c === '\\' ? '\\' : '\0',
    );
    if (unescaped.includes('\0')) return undefined;
    name = unescaped;
  }
  return { hash: m[2], name: name.replace(/^\.\//, '') };
}

function readManifest(staging: string, shown: string): Map<string, Listed> {
  const where = `${shown}: ${MANIFEST_FILE}`;
  const text = readTextInside(staging, MANIFEST_FILE, where, {
    noFollow: true,
    maxBytes: MAX_MANIFEST_BYTES,
  });
  const listed = new Map<string, Listed>();
  lines(text).forEach((text, i) => {
    const entry = parseLine(text);
    if (entry === undefined) {
      throw new UserError(where, `line ${i + 1} is not a "<sha256>  <file>" line`, ALTERED);
    }
    const first = listed.get(entry.name);
    if (first !== undefined) {
      throw new UserError(
        where,
        `line ${i + 1} lists the file of line ${first.line} again`,
        ALTERED,
      );
    }
    listed.set(entry.name, { hash: entry.hash, line: i + 1 });
  });
  return listed;
}

/** A walked file's checksum (staging is mkdtemp's, mode 0700: only we write in it). */
function sha256Inside(root: string, rel: string, shown: string): string {
  const where = `${shown}: ${quoteName(rel)}`;
  const hash = createHash('sha256');
  readInputChunks(path.join(root, rel), where, (chunk) => hash.update(chunk), { noFollow: true });
  return hash.digest('hex');
}

/** Checks the staged tree and every file against MANIFEST.sha256; returns what it holds. */
function verify(staging: string, shown: string): RestoreResult {
  const entries = walkTree(staging, shown, { maxEntries: MAX_RESTORE_ENTRIES });
  checkLayout(entries, shown);
  const listed = readManifest(staging, shown);
  const files = entries.filter((e) => e.kind === 'file' && e.rel !== MANIFEST_FILE);
  for (const f of files) {
    const want = listed.get(f.rel);
    if (want === undefined) refuse(shown, f.rel, `is not listed in ${MANIFEST_FILE}`);
    if (sha256Inside(staging, f.rel, shown) !== want.hash) {
      refuse(shown, f.rel, `does not match its checksum in ${MANIFEST_FILE}`);
    }
    listed.delete(f.rel);
  }
  const missing = [...listed.values()].sort((a, b) => a.line - b.line)[0];
  if (missing !== undefined) {
    throw new UserError(
      `${shown}: ${MANIFEST_FILE}`,
      `line ${missing.line} names a file the backup does not hold`,
      ALTERED,
    );
  }
  const folders = entries
    .filter((e) => e.kind === 'dir' && e.rel.split('/').length === 2)
    .map((e) => e.rel.slice(STATE_FOLDER.length + 1));
  return { folders, files: files.filter((f) => f.rel.startsWith(`${STATE_FOLDER}/`)).length };
}

/** Each volume folder must land where nothing is, or an empty real folder (never a link). */
function checkTarget(to: string, folder: string): void {
  const target = path.join(to, folder);
  const kind = kindAt(target);
  if (kind === undefined || isEmptyFolder(target)) return;
  if (kind === 'symlink') {
    throw new UserError(
      target,
      'is a symlink: a restore never writes through a link at the destination',
      `remove the link (or restore into another folder with --to), then restore again`,
    );
  }
  throw new UserError(
    target,
    kind === 'dir'
      ? 'exists and is not empty: a restore never writes over live state'
      : `exists and is not a folder: a restore never writes over live state`,
    `stop the gateway and move ${to} aside (mv ${to} ${to}.before-restore), then restore again`,
  );
}

/**
 * Moves each staged volume folder into place by a rename; an empty folder there is first moved
 * aside into staging (and checked to be still empty). Any failure moves everything back.
 */
function moveIntoPlace(staging: string, to: string, folders: readonly string[]): void {
  const aside = path.join(staging, 'replaced');
  makeFolder(aside);
  const undo: (() => void)[] = [];
  try {
    for (const f of folders) {
      const target = path.join(to, f);
      const staged = path.join(staging, STATE_FOLDER, f);
      if (kindAt(target) !== undefined) {
        moveEntry(target, path.join(aside, f), target);
        undo.push(() => moveEntry(path.join(aside, f), target));
        // Checked again once moved: it may have changed since checkTarget.
        if (!isEmptyFolder(path.join(aside, f))) {
          throw new UserError(
            target,
            'changed during the restore (it is no longer an empty folder)',
            'stop whatever writes there (the gateway?), then restore again',
          );
        }
      }
      moveEntry(staged, target, target);
      undo.push(() => moveEntry(target, staged));
    }
  } catch (e) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Best effort: the first error is the one to report.
      }
    }
    throw e;
  }
}

/** The target folder: a real folder (not a link), created when missing (then `created`). */
function openTarget(to: string): { dir: string; created?: string } {
  if (kindAt(to) === undefined) return { dir: to, created: makeFolder(to, to) };
  return { dir: checkOwnFolder(path.dirname(to), path.basename(to), to) };
}

/** The source, as the operator named it (a link to it is followed once): archive or folder. */
function openSource(source: string, to: string): { real: string; fromDir: boolean } {
  const real = realpathLoose(source);
  const kind = kindAt(real);
  if (kind === undefined || kind === 'symlink') {
    throw new UserError(source, 'not found', 'give the path of a backup archive');
  }
  if (kind === 'other') {
    throw new UserError(source, 'is a device, FIFO or socket', 'give the path of a backup archive');
  }
  const dest = realpathLoose(to);
  if (kind === 'dir' && (dest === real || isInside(real, dest))) {
    throw new UserError(
      to,
      `is inside the backup folder ${source}`,
      'restore into the storage root, outside the folder restic restored',
    );
  }
  return { real, fromDir: kind === 'dir' };
}

/** Restores `source` (a .tar.gz of the backup job, or a folder restic restored) into `to`. */
export function restoreBackup(source: string, to: string): RestoreResult {
  const { real, fromDir } = openSource(source, to);
  // Checked before anything is written: the archive's listing, or the folder's walk.
  let walked: TreeEntry[] | undefined;
  if (fromDir) {
    walked = walkTree(real, source, { maxEntries: MAX_RESTORE_ENTRIES });
    checkLayout(walked, source);
  } else checkListing(real, source);
  const target = openTarget(to);
  let staging: string | undefined;
  let done = false;
  try {
    // Staged inside the target, so that moving into place is a rename on one file system.
    staging = makeTempFolder(target.dir, '.restore-', to);
    if (walked !== undefined) copySource(real, walked, source, staging);
    else extractArchive(real, staging, source);
    const result = verify(staging, source);
    for (const f of result.folders) checkTarget(target.dir, f);
    moveIntoPlace(staging, target.dir, result.folders);
    done = true;
    return result;
  } finally {
    if (staging !== undefined) removeTree(staging);
    if (!done && target.created !== undefined) removeTree(target.created);
  }
}
