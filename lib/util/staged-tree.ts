import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';

/**
 * Synth output as one transaction over one or more output folders (the cdktf outdir and the
 * jobs folder). A run writes its complete new set into staging folders beside the targets, then
 * commits:
 *
 * 1. staging: nothing of the targets changes; a crash leaves the old set plus a staging folder;
 * 2. the journal (every rename and removal of the commit) is renamed into place: that rename is
 *    the commit point;
 * 3. the renames and removals run, then the journal goes.
 *
 * Every run first takes the lock and finishes what an earlier, killed run left: a journal is
 * replayed (its steps are idempotent), staging folders and `.<name>.<pid>.tmp` files of dead
 * processes are removed. So after a crash and the next run the folders hold the old complete set
 * or the new one, never a mix; a crash before step 2 leaves the old set as it was.
 *
 * Each folder keeps a record (`RECORD_FILE`) of the files synth wrote there, so a later run
 * removes exactly those it no longer writes (a removed gateway's jobspec, a dropped phase's
 * stack) and never a file someone else put there.
 */

/** The record of what synth wrote into a folder: sorted folder-relative paths, one per line. */
export const RECORD_FILE = '.openclaw-octant-synth';

const JOURNAL_VERSION = 1;

export interface StagedRoot {
  /** The output folder. */
  readonly dir: string;
  /** Its staging folder (a sibling, so renames stay on one file system). */
  readonly staging: string;
  /**
   * Keep `stacks/<name>` folders that become empty (the cdktf CLI removes stack folders that
   * left the manifest itself, and fails when one is already gone).
   * @default false - empty folders left by removed files are removed
   */
  readonly keepStackDirs?: boolean;
}

interface JournalRoot {
  readonly dir: string;
  readonly staging: string;
  readonly write: readonly string[];
  readonly remove: readonly string[];
  readonly keepStackDirs: boolean;
}

interface Journal {
  readonly version: number;
  readonly roots: readonly JournalRoot[];
}

/**
 * `<parent>/.<name>.<pid>[-<n>].staging`: where a run stages the new content of `dir` (the
 * tag starts with the pid, so leftovers of dead runs can be told from live ones).
 */
export function stagingDirOf(dir: string, tag: string | number = process.pid): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.${tag}.staging`);
}

/** The journal and lock of a transaction whose primary folder is `dir`. */
export function journalFileOf(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.journal.json`);
}

export function lockFileOf(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.lock`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folder-relative paths of every file under `dir` (symlinks count as files), sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

function isContained(rel: string): boolean {
  return rel !== '' && !path.isAbsolute(rel) && !rel.split(/[\\/]/).includes('..');
}

/** The files synth wrote into `dir` last time (none when there is no record). */
export function readRecord(dir: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8');
  } catch {
    return [];
  }
  // A record is only trusted to name files inside the folder.
  return text.split('\n').filter((l) => l !== '' && isContained(l) && l !== RECORD_FILE);
}

function renderRecord(files: readonly string[]): string {
  return files.map((f) => f.split(path.sep).join('/')).join('\n') + '\n';
}

function prune(dir: string, rel: string, keep: (rel: string) => boolean): void {
  for (let d = path.dirname(rel); d !== '.' && d !== ''; d = path.dirname(d)) {
    if (keep(d)) return;
    try {
      fs.rmdirSync(path.join(dir, d));
    } catch {
      return; // not empty (or already gone): its parents are not empty either
    }
  }
}

/** Folders holding cdktf stacks: `stacks/<name>`. */
export function isStackDir(rel: string): boolean {
  const parts = rel.split(/[\\/]/);
  return parts.length === 2 && parts[0] === 'stacks';
}

function applyJournal(journal: Journal): void {
  for (const root of journal.roots) {
    const keep = root.keepStackDirs ? isStackDir : (): boolean => false;
    for (const rel of root.write) {
      const from = path.join(root.staging, rel);
      const to = path.join(root.dir, rel);
      if (!fs.existsSync(from)) continue; // moved before the crash
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(from, to);
    }
    for (const rel of root.remove) {
      fs.rmSync(path.join(root.dir, rel), { force: true });
      prune(root.dir, rel, keep);
    }
  }
  for (const root of journal.roots) fs.rmSync(root.staging, { recursive: true, force: true });
}

function writeDurable(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Replays an interrupted commit, if there is one. */
function replayJournal(primary: string): void {
  const file = journalFileOf(primary);
  let journal: Journal;
  try {
    journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    // Written by rename after an fsync, so it is whole or absent; anything else is not ours.
    throw new UserError(
      file,
      'the synth journal is unreadable',
      'remove it, then run synth again (the outputs may be a mix of two runs until then)',
    );
  }
  if (journal.version !== JOURNAL_VERSION) {
    throw new UserError(file, `unknown synth journal version ${journal.version}`, 'remove it');
  }
  applyJournal(journal);
  fs.rmSync(file, { force: true });
}

const STAGING_RE = /^\.(.+)\.(\d+)(?:-\d+)?\.staging$/;
const TMP_RE = /^\.(.+)\.(\d+)\.tmp$/;

/** Removes staging folders and `.<name>.<pid>.tmp` files that dead runs left behind. */
function clearLeftovers(roots: readonly string[]): void {
  for (const dir of roots) {
    const parent = path.dirname(dir);
    const base = path.basename(dir);
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of entries) {
      const m = STAGING_RE.exec(name);
      if (m && m[1] === base && !isAlive(Number(m[2]))) {
        fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      }
      // A journal being written when the run died (writeDurable's temporary file).
      const t = TMP_RE.exec(name);
      if (t && t[1] === `${base}.journal.json` && !isAlive(Number(t[2]))) {
        fs.rmSync(path.join(parent, name), { force: true });
      }
    }
    // Temporary files of per-file atomic writes, in every folder synth wrote to.
    const folders = new Set(['.', ...readRecord(dir).map((f) => path.dirname(f))]);
    for (const folder of folders) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(path.join(dir, folder));
      } catch {
        continue;
      }
      for (const name of names) {
        const m = TMP_RE.exec(name);
        if (m && !isAlive(Number(m[2]))) fs.rmSync(path.join(dir, folder, name), { force: true });
      }
    }
  }
}

export interface LockOptions {
  /** How long to wait for another run to finish. @default 60000 */
  readonly waitMs?: number;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes the lock of the transaction on `primary` (waiting for a live holder, taking over from a
 * dead one) and returns its release function.
 */
export function acquireLock(primary: string, opts: LockOptions = {}): () => void {
  const file = lockFileOf(primary);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + (opts.waitMs ?? 60000);
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = NaN;
    let ageMs = 0;
    try {
      holder = Number(fs.readFileSync(file, 'utf8').trim());
      ageMs = Date.now() - fs.statSync(file).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // An empty lock is being written by its new holder, unless it has been empty for long.
    const unwritten = !(holder > 0) && ageMs < 5000;
    if (!unwritten && !isAlive(holder)) {
      // A dead holder: move its lock aside (only one run can move that file) and look again.
      const aside = `${file}.${process.pid}.stale`;
      try {
        fs.renameSync(file, aside);
        const moved = Number(fs.readFileSync(aside, 'utf8').trim());
        // Moved a live run's fresh lock by mistake: put it back.
        if (moved !== holder && moved > 0) fs.linkSync(aside, file);
        fs.rmSync(aside, { force: true });
      } catch {
        // another run took it over first
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new UserError(
        file,
        `another synth (pid ${holder}) has been writing these outputs for too long`,
        'wait for it to finish, or remove the lock file if that process is gone',
      );
    }
    sleep(50);
  }
}

/**
 * Finishes what an earlier run left (journal, staging folders, temporary files). Call with the
 * lock held.
 */
export function recover(primary: string, roots: readonly string[]): void {
  replayJournal(primary);
  clearLeftovers(roots);
}

function sameContent(a: string, b: string): boolean {
  const sb = fs.statSync(b, { throwIfNoEntry: false });
  if (sb === undefined || !sb.isFile()) return false;
  const sa = fs.statSync(a);
  // Same bytes and same mode (the prepare script is executable).
  if (sa.size !== sb.size || (sa.mode & 0o777) !== (sb.mode & 0o777)) return false;
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}

function checkTargets(root: StagedRoot, files: readonly string[]): void {
  for (const rel of files) {
    const target = path.join(root.dir, rel);
    // Every folder on the way must be a folder (or absent), and the file itself not a folder.
    for (let d = path.dirname(rel); d !== '.' && d !== ''; d = path.dirname(d)) {
      const st = fs.lstatSync(path.join(root.dir, d), { throwIfNoEntry: false });
      if (st !== undefined && !st.isDirectory()) {
        throw new UserError(
          path.join(root.dir, d),
          'synth needs a folder here, but it is a file',
          'move the file away, then run synth again',
        );
      }
    }
    const st = fs.lstatSync(target, { throwIfNoEntry: false });
    if (st !== undefined && st.isDirectory()) {
      throw new UserError(
        target,
        'synth writes a file here, but it is a folder',
        'move the folder away, then run synth again',
      );
    }
  }
}

/**
 * Commits the staged folders: after this returns (or after a crash and the next `recover`),
 * each `dir` holds what its staging folder held, plus the files not written by synth, minus
 * the files synth wrote last time and did not write this time. Call with the lock held.
 */
export function commit(primary: string, roots: readonly StagedRoot[]): void {
  const journalRoots: JournalRoot[] = roots.map((root) => {
    const files = listFiles(root.staging).filter((f) => f !== RECORD_FILE);
    checkTargets(root, files);
    fs.writeFileSync(path.join(root.staging, RECORD_FILE), renderRecord(files));
    const written = new Set(files);
    const remove = readRecord(root.dir).filter((f) => !written.has(f));
    // Synth is deterministic: most files come out as they were. Those stay untouched (no
    // rename, same mtime), which keeps a re-run cheap and make-style tools quiet.
    const changed = [...files, RECORD_FILE].filter(
      (f) => !sameContent(path.join(root.staging, f), path.join(root.dir, f)),
    );
    return {
      dir: root.dir,
      staging: root.staging,
      write: changed,
      remove,
      keepStackDirs: root.keepStackDirs === true,
    };
  });
  const journal: Journal = { version: JOURNAL_VERSION, roots: journalRoots };
  if (journalRoots.every((r) => r.write.length === 0 && r.remove.length === 0)) {
    for (const root of journalRoots) fs.rmSync(root.staging, { recursive: true, force: true });
    return; // the outputs already are the new set
  }
  const file = journalFileOf(primary);
  writeDurable(file, JSON.stringify(journal, null, 2) + '\n'); // the commit point
  applyJournal(journal);
  fs.rmSync(file, { force: true });
}
