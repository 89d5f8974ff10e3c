import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  isContainedName,
  kindAt,
  readTextInside,
  removeEmptyFolders,
  resolveInside,
  walkTree,
} from './boundary';
import { modeFor, syncFile, syncFolder, writeSynced } from './atomic-write';
import { UserError } from './errors';

/**
 * Synth output as one transaction over one or more output folders (the cdktf outdir and the
 * jobs folder). Everything the transaction needs lives inside the folders it governs, under
 * names that start with `RESERVED` (`.openclaw-octant-synth.`): a run writes its complete new set
 * into a staging folder inside each target, then commits:
 *
 * 1. staging: nothing of the targets changes; a crash leaves the old set plus staging folders;
 * 2. the journal (every rename and removal of the commit, as paths relative to each folder) is
 *    renamed into place inside the primary folder: that rename is the commit point;
 * 3. the renames and removals run, the journal goes, then the staging folders.
 *
 * Every run first takes the lock and finishes what an earlier, killed run left: a journal is
 * replayed (its steps are idempotent), staging folders and `.<name>.<pid>.tmp` files of dead
 * processes are removed. So after a crash and the next run the folders hold the old complete set
 * or the new one; a crash before step 2 leaves the old set as it was.
 *
 * A journal is only replayed when it is ours: it names no folder (the folders are the ones this
 * run was given, by role), every path it names stays inside them with no symlink on the way, and
 * its token names staging folders that exist inside those folders as real folders. A journal
 * that fails any check is reported and never replayed. So a journal planted beside or inside the
 * outputs can at worst stop synth with an error; it cannot move or remove anything elsewhere.
 *
 * Each folder keeps a record (`RECORD_FILE`) of the files synth wrote there, so a later run
 * removes exactly those it no longer writes (a removed gateway's jobspec, a dropped phase's
 * stack) and never a file someone else put there.
 */

/** The record of what synth wrote into a folder: sorted folder-relative paths, one per line. */
export const RECORD_FILE = '.openclaw-octant-synth';

/**
 * The record of one site's files in a folder: outputs of different sites share a folder, and
 * each run removes only what its own site wrote. `key` names the site (its file, relative to
 * the outputs' parent); no key (the embedded default site) keeps the folder's one record.
 */
export function recordFileFor(key?: string): string {
  if (key === undefined) return RECORD_FILE;
  return `${RECORD_FILE}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** Whether a folder entry is a record (the default one or a site's). */
export function isRecordFile(rel: string): boolean {
  return /^\.openclaw-octant-synth(-[0-9a-f]{12})?$/.test(rel);
}

/** Prefix of the transaction's own entries in an output folder (journal, lock, staging). */
export const RESERVED = `${RECORD_FILE}.`;

const JOURNAL_FILE = `${RESERVED}journal.json`;
const LOCK_FILE = `${RESERVED}lock`;
const JOURNAL_VERSION = 2;

/** `<pid>-<n>-<16 hex>`: who staged (pid, so dead runs' leftovers can be told) and a nonce. */
const TOKEN_RE = /^(\d+)-\d+-[0-9a-f]{16}$/;
const STAGING_RE = /^\.openclaw-octant-synth\.staging-(\d+-\d+-[0-9a-f]{16})$/;
const TMP_RE = /^\.(.+)\.(\d+)\.tmp$/;

/** A fresh transaction token: `<pid>-<n>-<nonce>`. */
export function newToken(n: number): string {
  return `${process.pid}-${n}-${randomBytes(8).toString('hex')}`;
}

export interface StagedRoot {
  /** What the folder is to the transaction (`out`, `jobs`): the journal names roles, not paths. */
  readonly role: string;
  /** The output folder. */
  readonly dir: string;
  /**
   * Keep `stacks/<name>` folders that become empty (the cdktf CLI removes stack folders that
   * left the manifest itself, and fails when one is already gone).
   * @default false - empty folders left by removed files are removed
   */
  readonly keepStackDirs?: boolean;
  /** The record of this run's site (see recordFileFor). @default RECORD_FILE */
  readonly record?: string;
}

interface JournalRoot {
  readonly role: string;
  readonly write: readonly string[];
  readonly remove: readonly string[];
  readonly keepStackDirs: boolean;
}

interface Journal {
  readonly version: number;
  readonly token: string;
  readonly roots: readonly JournalRoot[];
}

/** `<dir>/.openclaw-octant-synth.staging-<token>`: where a run stages the new content of `dir`. */
export function stagingDirOf(dir: string, token: string): string {
  return path.join(dir, `${RESERVED}staging-${token}`);
}

/** The journal of a transaction whose primary folder is `dir`. */
export function journalFileOf(dir: string): string {
  return path.join(dir, JOURNAL_FILE);
}

export function lockFileOf(dir: string): string {
  return path.join(dir, LOCK_FILE);
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

/** Whether `rel` is one of the transaction's own entries (or below one). */
function isReserved(rel: string): boolean {
  return rel.split(/[\\/]/)[0].startsWith(RESERVED);
}

/**
 * Folder-relative paths of every output file under `dir` (symlinks count as files, and are not
 * entered), sorted; the transaction's own entries are left out.
 */
export function listFiles(dir: string): string[] {
  return walkTree(dir, dir, { skip: (rel) => isReserved(rel) })
    .filter((e) => e.kind !== 'dir')
    .map((e) => e.rel.split('/').join(path.sep));
}

/** The files synth wrote into `dir` last time (none when there is no record). */
export function readRecord(dir: string, record: string = RECORD_FILE): string[] {
  let text: string;
  try {
    text = readTextInside(dir, record, `${dir}/${record}`, { noFollow: true });
  } catch {
    return [];
  }
  // A record is only trusted to name files inside the folder.
  return text
    .split('\n')
    .filter((l) => l !== '' && isContainedName(l) && !isRecordFile(l) && !isReserved(l));
}

function renderRecord(files: readonly string[]): string {
  return files.map((f) => f.split(path.sep).join('/')).join('\n') + '\n';
}

/** Folders holding cdktf stacks: `stacks/<name>`. */
export function isStackDir(rel: string): boolean {
  const parts = rel.split(/[\\/]/);
  return parts.length === 2 && parts[0] === 'stacks';
}

/** The folders of a run by role; the first is the primary (it holds the journal and lock). */
export type Roots = ReadonlyMap<string, string>;

function primaryOf(dirs: Roots): string {
  return [...dirs.values()][0];
}

function applyJournal(journal: Journal, dirs: Roots): void {
  for (const root of journal.roots) {
    const dir = dirs.get(root.role)!;
    const staging = stagingDirOf(dir, journal.token);
    const keep = root.keepStackDirs ? isStackDir : (): boolean => false;
    for (const rel of root.write) {
      const from = path.join(staging, rel);
      const to = path.join(dir, rel);
      if (kindAt(from) === undefined) continue; // moved before the crash
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(from, to);
    }
    for (const rel of root.remove) {
      fs.rmSync(path.join(dir, rel), { force: true });
      removeEmptyFolders(dir, rel, keep);
    }
  }
  // The journal goes before the staging folders: while it exists, they do.
  fs.rmSync(journalFileOf(primaryOf(dirs)), { force: true });
  for (const root of journal.roots) {
    fs.rmSync(stagingDirOf(dirs.get(root.role)!, journal.token), { recursive: true, force: true });
  }
}

/** The commit point: the journal, on disk (content and its name) before anything moves. */
function writeDurable(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeSynced(tmp, content);
  fs.renameSync(tmp, file);
  syncFolder(path.dirname(file));
}
/** Why `value` is not a journal of a synth of `dirs`, or undefined when it is one. */
function journalProblem(value: unknown, dirs: Roots): string | undefined {
  const j = value as Partial<Journal> | null;
  if (typeof j !== 'object' || j === null) return 'it is not a JSON object';
  if (j.version !== JOURNAL_VERSION) return `its version is not ${JOURNAL_VERSION}`;
  if (typeof j.token !== 'string' || !TOKEN_RE.test(j.token)) return 'it has no valid token';
  if (!Array.isArray(j.roots) || j.roots.length === 0) return 'it names no folders';
  const seen = new Set<string>();
  for (const r of j.roots as unknown[]) {
    const root = r as Partial<JournalRoot> | null;
    const dir = typeof root?.role === 'string' ? dirs.get(root.role) : undefined;
    if (root === null || dir === undefined || seen.has(root.role!)) {
      return 'it names a folder this synth was not given';
    }
    seen.add(root.role!);
    if (kindAt(stagingDirOf(dir, j.token)) !== 'dir') {
      return `its staging folder is missing from ${dir} (or is not a real folder)`;
    }
    if (typeof root.keepStackDirs !== 'boolean') return 'a folder entry is malformed';
    for (const list of [root.write, root.remove]) {
      if (!Array.isArray(list)) return 'a folder entry is malformed';
      for (const rel of list as unknown[]) {
        const problem = pathProblem(rel, dir);
        if (problem !== undefined) return problem;
      }
    }
  }
  return undefined;
}

/** Why a journal's path `rel` is unusable in `dir`, or undefined. */
function pathProblem(rel: unknown, dir: string): string | undefined {
  if (typeof rel !== 'string' || !isContainedName(rel) || isReserved(rel)) {
    return `it names ${JSON.stringify(String(rel).slice(0, 80))}, which is not a path inside the folder`;
  }
  try {
    resolveInside(dir, rel, dir, { noLinks: true });
    return undefined;
  } catch {
    return `${JSON.stringify(rel)} goes through a symlink`;
  }
}

/** Replays an interrupted commit, if there is one and it is ours (else a UserError). */
function replayJournal(dirs: Roots): void {
  const file = journalFileOf(primaryOf(dirs));
  if (kindAt(file) === undefined) return;
  const refuse = (why: string): never => {
    throw new UserError(
      file,
      `is not the journal of a synth of these folders (${why}); it was not replayed`,
      `remove it (rm ${JSON.stringify(file)}), then run synth again: synth writes every output anew`,
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(readTextInside(path.dirname(file), JOURNAL_FILE, file, { noFollow: true }));
  } catch (e) {
    return refuse(e instanceof UserError ? e.rule : 'it is not JSON');
  }
  const problem = journalProblem(value, dirs);
  if (problem !== undefined) refuse(problem);
  applyJournal(value as Journal, dirs);
}

/** Removes staging folders and `.<name>.<pid>.tmp` files that dead runs left behind. */
function clearLeftovers(dirs: Roots): void {
  for (const dir of dirs.values()) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      // Staging folders name their run's pid first; a journal's temporary file ends with it.
      const staging = STAGING_RE.exec(name);
      const tmp = TMP_RE.exec(name);
      const pid = staging
        ? Number(staging[1].split('-')[0])
        : tmp?.[1] === JOURNAL_FILE.slice(1)
          ? Number(tmp[2])
          : undefined;
      if (pid !== undefined && !isAlive(pid)) {
        fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      }
    }
    clearTmpFiles(dir);
  }
}

/** Temporary files of per-file atomic writes, in every folder synth wrote to. */
function clearTmpFiles(dir: string): void {
  // Every site's record: each names folders synth wrote to.
  const records = fs.readdirSync(dir).filter(isRecordFile);
  const folders = new Set([
    '.',
    ...records.flatMap((r) => readRecord(dir, r).map((f) => path.dirname(f))),
  ]);
  for (const folder of folders) {
    let names: string[] = [];
    try {
      const abs = folder === '.' ? dir : resolveInside(dir, folder, dir, { noLinks: true });
      names = fs.readdirSync(abs);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = TMP_RE.exec(name);
      if (m && !isAlive(Number(m[2]))) fs.rmSync(path.join(dir, folder, name), { force: true });
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
 * The locks of all `dirs`, taken one by one in sorted order (so two runs never hold one each
 * and wait for the other); a failure releases those taken. Returns the release of all.
 */
export function acquireLocks(dirs: readonly string[], opts: LockOptions = {}): () => void {
  const held: (() => void)[] = [];
  const release = (): void =>
    held
      .splice(0)
      .reverse()
      .forEach((r) => r());
  try {
    for (const dir of [...new Set(dirs)].sort()) held.push(acquireLock(dir, opts));
  } catch (e) {
    release();
    throw e;
  }
  return release;
}

/** What link(2) says on a file system without hard links (FAT, some network shares). */
const NO_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'];

/**
 * Creates `file` holding this run's pid, whole (a link to a written file, so never empty) or
 * not at all: false if it exists. Without hard links it is created, then written: a reader
 * may see it empty for a moment (see `unwritten`).
 */
function createPidFile(file: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`; // a transaction entry: cleared if its run dies
  fs.rmSync(tmp, { force: true }); // never written through a planted link
  fs.writeFileSync(tmp, `${process.pid}\n`, { flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (!NO_LINKS.includes(code)) {
      if (code !== 'EEXIST') throw e;
      return false;
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  try {
    fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
}

/** A lock file with no pid yet, made moments ago: its maker is writing it (no hard links). */
function unwritten(holder: number, file: string): boolean {
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  return !(holder > 0) && st !== undefined && Date.now() - st.mtimeMs < 5000;
}

/**
 * The pid in the lock at `file`, or undefined when it was released or replaced while being
 * read (many runs waiting on one lock see that often). Anything else there is refused.
 */
function lockHolder(primary: string, file: string): number | undefined {
  const before = fs.lstatSync(file, { throwIfNoEntry: false, bigint: true });
  if (before === undefined) return undefined;
  let holder: number | undefined;
  let failure: unknown;
  try {
    // Bounded, regular files only: a planted FIFO or link is no lock of ours.
    holder = Number(readTextInside(primary, path.basename(file), file, { noFollow: true }).trim());
  } catch (e) {
    failure = e;
  }
  const after = fs.lstatSync(file, { throwIfNoEntry: false, bigint: true });
  // A new lock may reuse the old one's inode: its change time tells them apart.
  if (after === undefined || after.ino !== before.ino || after.ctimeNs !== before.ctimeNs) {
    return undefined;
  }
  if (holder !== undefined) return holder;
  throw new UserError(
    file,
    `is not a synth lock (${failure instanceof UserError ? failure.rule : 'unreadable'})`,
    `remove it (rm ${JSON.stringify(file)}), then run synth again`,
  );
}

/** How long a takeover guard may stand: taking over takes microseconds. */
const GUARD_STALE_MS = 10000;

/**
 * Removes the lock at `file` if `holder` (a dead run, or not a pid at all) still has it. Only
 * the run holding the takeover guard removes a lock it does not own, so it never removes a
 * lock a live run took meanwhile.
 */
function removeDeadLock(primary: string, file: string, holder: number): void {
  const guard = `${file}.takeover`;
  if (!createPidFile(guard)) {
    // A run killed while taking over leaves its guard: old enough, it is no one's.
    const st = fs.lstatSync(guard, { throwIfNoEntry: false });
    if (st !== undefined && Date.now() - st.mtimeMs > GUARD_STALE_MS) {
      fs.rmSync(guard, { force: true });
    }
    return;
  }
  try {
    const now = lockHolder(primary, file);
    if (now !== undefined && Object.is(now, holder) && !unwritten(now, file)) {
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(guard, { force: true });
  }
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
    if (createPidFile(file)) return () => fs.rmSync(file, { force: true });
    const holder = lockHolder(primary, file);
    if (holder === undefined) continue; // released or taken over meanwhile
    if (!isAlive(holder) && !unwritten(holder, file)) {
      removeDeadLock(primary, file, holder);
      sleep(5); // another run may be taking over
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
 * lock held. `dirs` are the run's folders by role, the primary first.
 */
export function recover(dirs: Roots): void {
  replayJournal(dirs);
  clearLeftovers(dirs);
}

function sameContent(a: string, b: string): boolean {
  const sb = fs.lstatSync(b, { throwIfNoEntry: false });
  if (sb === undefined || !sb.isFile()) return false;
  const sa = fs.statSync(a);
  // Same bytes and same mode (the prepare script is executable).
  if (sa.size !== sb.size || (sa.mode & 0o777) !== (sb.mode & 0o777)) return false;
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}

/**
 * Every path synth writes or removes must stay in a real folder: a file or a symlink where a
 * folder is on the way is refused (a link would take the write or the removal elsewhere), and
 * so is a folder where a file goes.
 */
function checkTargets(dir: string, files: readonly string[], removals: readonly string[]): void {
  for (const rel of [...files, ...removals]) {
    for (let d = path.dirname(rel); d !== '.' && d !== ''; d = path.dirname(d)) {
      const st = fs.lstatSync(path.join(dir, d), { throwIfNoEntry: false });
      if (st !== undefined && !st.isDirectory()) {
        throw new UserError(
          path.join(dir, d),
          `synth needs a real folder here, but it is ${st.isSymbolicLink() ? 'a symlink' : 'a file'}`,
          'move it away (synth writes and removes only inside real folders), then run synth again',
        );
      }
    }
  }
  for (const rel of files) {
    const target = path.join(dir, rel);
    if (fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UserError(
        target,
        'synth writes a file here, but it is a folder',
        'move the folder away, then run synth again',
      );
    }
  }
}

/**
 * What a run staged without writing: staging folder -> its output folder and the files that
 * are already there as they would be written. Synth is deterministic, so on a re-run most files
 * are: writing each into the staging folder, comparing and deleting it again was most of the
 * time of a large site's synth (file creation is the slow part on most file systems).
 */
interface Staging {
  readonly dir: string;
  readonly unchanged: Set<string>;
  readonly folders: Set<string>;
}
const stagings = new Map<string, Staging>();

/** A run's staging folder of `dir` (its token is new, so nothing else is in there). */
export function makeStaging(dir: string, token: string): string {
  const staging = stagingDirOf(dir, token);
  fs.mkdirSync(staging, { recursive: true });
  stagings.set(staging, { dir, unchanged: new Set(), folders: new Set() });
  return staging;
}

/** Whether `rel` in `dir` is a regular file (reached through no link) holding `content`. */
function holds(dir: string, rel: string, content: string): boolean {
  let file: string;
  try {
    file = resolveInside(dir, rel, rel, { noLinks: true });
  } catch {
    return false; // staged instead: commit refuses what cannot be written
  }
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  const bytes = Buffer.from(content);
  // Same bytes and the mode a fresh file would get (the prepare script is executable).
  if (st === undefined || !st.isFile() || st.size !== bytes.length) return false;
  if ((st.mode & 0o777) !== (modeFor(content) & ~process.umask() & 0o777)) return false;
  return fs.readFileSync(file).equals(bytes);
}

/**
 * Writes `content` to `rel` inside `staging` (a name checked to stay inside it, through no
 * link); a script is executable (see modeFor). In a staging folder of {@link makeStaging}, a
 * file its output folder already holds as written is only noted (see {@link stagedFiles}).
 */
export function stageFile(staging: string, rel: string, content: string): void {
  const run = stagings.get(staging);
  if (run !== undefined && holds(run.dir, rel, content)) {
    run.unchanged.add(rel);
    return;
  }
  const file = resolveInside(staging, rel, rel, { noLinks: true });
  const folder = path.dirname(file);
  if (run === undefined || !run.folders.has(folder)) {
    fs.mkdirSync(folder, { recursive: true });
    run?.folders.add(folder);
  }
  fs.writeFileSync(file, content, { mode: modeFor(content) });
}

/** Order of a depth-first walk with sorted names (walkTree's), for paths of files. */
function walkOrder(a: string, b: string): number {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** Every file a run staged in `staging`: written there, or noted as already in place. */
export function stagedFiles(staging: string): string[] {
  const unchanged = stagings.get(staging)?.unchanged ?? new Set<string>();
  const written = listFiles(staging).filter((f) => !unchanged.has(f));
  return [...written, ...unchanged].sort(walkOrder);
}

/**
 * Commits the staged folders (`stagingDirOf(root.dir, token)`): after this returns (or after a
 * crash and the next `recover`), each `dir` holds what its staging folder held, plus the files
 * not written by synth, minus the files synth wrote last time and did not write this time. The
 * first root is the primary. Call with the lock held.
 */
export function commit(token: string, roots: readonly StagedRoot[]): TakenOver[] {
  const dirs: Roots = new Map(roots.map((r) => [r.role, r.dir]));
  const takenOver: TakenOver[] = [];
  const journalRoots: JournalRoot[] = roots.map((root) => {
    const staging = stagingDirOf(root.dir, token);
    if (kindAt(staging) === undefined) fs.mkdirSync(staging, { recursive: true });
    const record = root.record ?? RECORD_FILE;
    const unchanged = stagings.get(staging)?.unchanged ?? new Set<string>();
    const files = stagedFiles(staging).filter((f) => !isRecordFile(f));
    const written = new Set(files);
    const others = handOver(root.dir, staging, record, written);
    for (const [other, taken] of others.taken)
      takenOver.push({ dir: root.dir, record: other, files: taken });
    // A file another site still writes stays, even when this site's record names it too.
    const remove = [
      ...readRecord(root.dir, record).filter((f) => !written.has(f) && !others.claimed.has(f)),
      ...others.emptied,
    ];
    checkTargets(root.dir, files, remove);
    fs.writeFileSync(path.join(staging, record), renderRecord(files));
    // Synth is deterministic: most files come out as they were. Those stay untouched (no
    // rename, same mtime), which keeps a re-run cheap and make-style tools quiet.
    const changed = [...files, record, ...others.restaged].filter(
      (f) => !unchanged.has(f) && !sameContent(path.join(staging, f), path.join(root.dir, f)),
    );
    return { role: root.role, write: changed, remove, keepStackDirs: root.keepStackDirs === true };
  });
  const journal: Journal = { version: JOURNAL_VERSION, token, roots: journalRoots };
  if (journalRoots.every((r) => r.write.length === 0 && r.remove.length === 0)) {
    discardStaging(token, [...dirs.values()]);
    return takenOver; // the outputs already are the new set
  }
  // What the journal will move is on disk first: a replay after a power cut moves whole files.
  for (const r of journalRoots) {
    const staging = stagingDirOf(dirs.get(r.role)!, token);
    for (const f of r.write) syncFile(path.join(staging, f));
  }
  writeDurable(journalFileOf(primaryOf(dirs)), JSON.stringify(journal, null, 2) + '\n'); // the commit point
  applyJournal(journal, dirs);
  for (const dir of dirs.values()) stagings.delete(stagingDirOf(dir, token));
  return takenOver;
}

/** Files of `dir` another site's synth wrote last and this run writes now. */
export interface TakenOver {
  readonly dir: string;
  /** That site's record: `RECORD_FILE` is the embedded default site's. */
  readonly record: string;
  readonly files: readonly string[];
}

/**
 * Outputs of several sites share a folder, each site with its own record. A file this run
 * writes that another site's record names becomes this site's: that record is staged without
 * it (removed when nothing is left), so each file has one owner and a site that stops writing
 * a file removes only its own. `claimed`: the files other sites keep.
 */
function handOver(
  dir: string,
  staging: string,
  record: string,
  written: ReadonlySet<string>,
): { taken: Map<string, string[]>; claimed: Set<string>; restaged: string[]; emptied: string[] } {
  const out = {
    taken: new Map<string, string[]>(),
    claimed: new Set<string>(),
    restaged: [] as string[],
    emptied: [] as string[],
  };
  const others = fs
    .readdirSync(dir)
    .filter((n) => isRecordFile(n) && n !== record)
    .sort();
  for (const other of others) {
    const files = readRecord(dir, other);
    const kept = files.filter((f) => !written.has(f));
    kept.forEach((f) => out.claimed.add(f));
    if (kept.length === files.length) continue;
    out.taken.set(
      other,
      files.filter((f) => written.has(f)),
    );
    if (kept.length === 0) out.emptied.push(other);
    else {
      fs.writeFileSync(path.join(staging, other), renderRecord(kept));
      out.restaged.push(other);
    }
  }
  return out;
}

/** Removes a run's staging folders (before its commit point, or when there was nothing to do). */
export function discardStaging(token: string, dirs: readonly string[]): void {
  for (const dir of dirs) {
    const staging = stagingDirOf(dir, token);
    fs.rmSync(staging, { recursive: true, force: true });
    stagings.delete(staging);
  }
}

/** Whether the transaction on `primary` has passed its commit point (a journal is in place). */
export function committing(primary: string): boolean {
  return kindAt(journalFileOf(primary)) !== undefined;
}

/** Runs `fn` holding the transaction lock of `primary` (see acquireLock). */
export function withLock<T>(primary: string, fn: () => T, opts: LockOptions = {}): T {
  const release = acquireLock(primary, opts);
  try {
    return fn();
  } finally {
    release();
  }
}
