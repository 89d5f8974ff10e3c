import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from './errors';

/*
 * The trust boundary: every file system access driven by input (a path from a site, a module
 * folder, an archive, a manifest, a journal, a job or service name, `--out`/`--jobs-dir`) goes
 * through this module. It
 * - resolves names against an allowed root and refuses anything outside it (no `..`, no absolute
 *   name, no symlink on the way that leaves the root or leads nowhere);
 * - reads only regular files, bounded in size, opened without blocking (a FIFO, /dev/zero or a
 *   socket is a clean error, never a hang or an endless read);
 * - walks folders without following links;
 * - makes, fills and moves staging folders without following links (restore);
 * - checks names that become file names with one rule, and quotes names from input for messages.
 * `__tests__/architecture.test.ts` fails the build when a module outside lib/util/ imports `fs`.
 */

/** Largest input file read: site files and jobspecs are kilobytes; /dev/zero is endless. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** Most entries a folder walk visits: an Octant module has tens of files. */
export const MAX_TREE_ENTRIES = 10_000;

/**
 * Deepest nesting accepted in input (blocks, lists, objects, parentheses): jobspecs and modules
 * nest under 15 levels; a recursive reader given thousands would overflow its stack.
 */
export const MAX_NESTING = 100;

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'has a file where a folder is expected on its path',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not accessible (operation not permitted)',
  EROFS: 'is on a read-only file system',
  EEXIST: 'already exists (and is not what is needed there: a folder?)',
  ENOSPC: 'cannot be written: the disk is full',
  ELOOP: 'is a symlink loop (or a symlink where none is allowed)',
  ENAMETOOLONG: 'is too long a path',
  ENXIO: 'is not a regular file (a socket or a FIFO with no writer)',
};

/**
 * A file system error (ENOENT, EACCES...) as a UserError naming `where`; anything else is
 * returned unchanged (a bug keeps its stack trace). Use: `catch (e) { throw fsError(e, f, fix) }`.
 */
export function fsError(e: unknown, where: string, fix: string): unknown {
  if (e instanceof UserError) return e;
  // Duck-typed: errors from another realm (jest's vm) are not `instanceof Error` here.
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  // Node refuses a path holding a NUL byte before asking the file system.
  if (code === 'ERR_INVALID_ARG_VALUE' && /null bytes/.test(String((e as Error).message))) {
    return new UserError(where, 'is not a usable path (it holds a NUL byte)', fix);
  }
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  const reason = REASONS[code] ?? `cannot be used (${code})`;
  // The path in the error may be a temporary sibling: name it, if it is not `where`.
  const p = (e as NodeJS.ErrnoException).path;
  const detail = p !== undefined && !p.endsWith(where) ? ` (${p})` : '';
  return new UserError(where, `${reason}${detail}`, fix);
}

// ---------------------------------------------------------------------------------------------
// Containment

/** Whether `p` is strictly below `root` (both absolute and resolved). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Whether `rel` is a plain relative path that stays where it is joined: no `..`, not absolute. */
export function isContainedName(rel: string): boolean {
  return (
    rel !== '' &&
    !path.isAbsolute(rel) &&
    !/^[A-Za-z]:/.test(rel) &&
    !/[\0\n\r]/.test(rel) &&
    !rel.split(/[\\/]/).includes('..')
  );
}

/** realpath of the longest existing prefix of `p`, plus the rest (which will be created). */
export function realpathLoose(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realpathLoose(parent), path.basename(abs));
  }
}

/**
 * The absolute path of `name` inside `root`, checked to stay there: refuses an absolute name, a
 * `..` step out, a NUL or newline, and a symlink on the way (or the file itself) that leads out
 * or nowhere. `root` is resolved once, so a checkout reached through a symlink still works.
 * `where` names what the name came from, for the error. With `noLinks`, any symlink on the way
 * is refused, even one that stays inside.
 */
export function resolveInside(
  root: string,
  name: string,
  where: string,
  opts: { readonly noLinks?: boolean } = {},
): string {
  const refuse = (why: string): never => {
    throw new UserError(
      where,
      `${JSON.stringify(name)} ${why} (outside ${root})`,
      'use a path inside that folder; openclaw-octant reads and writes only inside the folders it was given',
    );
  };
  if (name === '' || /[\0\n\r]/.test(name)) refuse('is not a usable file name');
  if (path.isAbsolute(name)) refuse('is an absolute path');
  const realRoot = realpathLoose(root);
  const target = path.resolve(realRoot, name);
  if (!isInside(realRoot, target)) refuse('leads outside the folder');
  // Walk every step below the root: a symlink anywhere may point out.
  let step = realRoot;
  for (const part of path.relative(realRoot, target).split(path.sep)) {
    step = path.join(step, part);
    const st = fs.lstatSync(step, { throwIfNoEntry: false });
    if (st === undefined) break; // does not exist (yet): nothing below it can be a link
    if (!st.isSymbolicLink()) continue;
    if (opts.noLinks) refuse('goes through a symlink');
    let real: string;
    try {
      real = fs.realpathSync(step);
    } catch {
      return refuse('is a symlink leading nowhere');
    }
    if (!isInside(realRoot, real)) refuse('is a symlink leading outside the folder');
  }
  return target;
}

/**
 * Refuses two output folders that are the same or nested (synth would record, keep and remove
 * one's files as the other's).
 */
export function checkSeparate(a: string, aShown: string, b: string, bShown: string): void {
  const ra = realpathLoose(a);
  const rb = realpathLoose(b);
  if (ra === rb || isInside(ra, rb) || isInside(rb, ra)) {
    throw new UserError(
      `${aShown} and ${bShown}`,
      `the two output folders overlap (${a}, ${b}): each must be its own folder`,
      `give them separate folders, e.g. --out cdktf.out --jobs-dir nomad-jobs`,
    );
  }
}

/**
 * Checks that `dir` (`<parent>/<name>`) is a real folder of `parent`, not a symlink to some
 * other place, and not a file. A missing `dir` is fine (it will be created).
 */
export function checkOwnFolder(parent: string, name: string, shown: string): string {
  const dir = path.join(fs.realpathSync(parent), name);
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (st === undefined) return dir;
  if (st.isSymbolicLink()) {
    throw new UserError(
      shown,
      `is a symlink (to ${fs.readlinkSync(dir)}); openclaw-octant writes only into a real folder there`,
      `replace the link with a folder (or remove it), so nothing is written elsewhere`,
    );
  }
  if (!st.isDirectory()) {
    throw new UserError(shown, 'is a file, not a folder', 'move the file away, then re-run');
  }
  return dir;
}

/** Removes one file inside `root`, by a name checked with resolveInside; never a folder. */
export function removeInside(root: string, name: string, where: string): void {
  const file = resolveInside(root, name, where);
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (st.isDirectory()) {
    throw new UserError(where, `${JSON.stringify(name)} is a folder`, 'remove that entry');
  }
  fs.rmSync(file, { force: true });
}

/**
 * Removes the folders on the way to `rel` inside `root` that are left empty, deepest first;
 * never `root` itself, nor a folder `keep` names (relative to `root`).
 */
export function removeEmptyFolders(
  root: string,
  rel: string,
  keep: (folder: string) => boolean = () => false,
): void {
  for (let d = path.dirname(rel); d !== '.' && d !== ''; d = path.dirname(d)) {
    if (keep(d)) return;
    try {
      fs.rmdirSync(path.join(root, d));
    } catch {
      return; // not empty (or already gone): its parents are not empty either
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Names that become file names

/**
 * Names that become file or folder names (job, group, service, gateway, agent ids): a letter or
 * digit, then letters, digits, `_`, `-` and `.`, 128 characters at most. So no `/`, no `..`, no
 * hidden file, nothing a shell or a file system reads specially.
 */
export const FILE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Checks a name that becomes a file name where it enters; returns it. */
export function checkFileName(name: string, where: string, what: string): string {
  if (!FILE_NAME_RE.test(name) || name.includes('..')) {
    throw new UserError(
      where,
      `${what} ${JSON.stringify(name.slice(0, 80))} cannot be used as a file name: it must start with a letter or digit and hold only letters, digits, "_", "-" and "." (no "/", no ".."), 128 characters at most`,
      `rename it, e.g. ${JSON.stringify(suggestFileName(name))}`,
    );
  }
  return name;
}

function suggestFileName(name: string): string {
  const s = name
    .replace(/\.\.+/g, '.')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128);
  return s === '' ? 'service' : s;
}

// ---------------------------------------------------------------------------------------------
// Paths of files inside a generated module (a site's `files`, import's carried files)

/** Most steps in a module file's path (`config/teams/<team>/openclaw.json` has 4). */
export const MODULE_PATH_MAX_STEPS = 8;
/** Longest step: file systems refuse names over 255 bytes, as a staging path, not a field. */
const MODULE_PATH_MAX_STEP = 128;
/** One step of a module file's path: the rule plain `files` names always had, bounded. */
const STEP = `[A-Za-z0-9_][A-Za-z0-9._-]{0,${MODULE_PATH_MAX_STEP - 1}}`;
const STEP_RE = new RegExp(`^${STEP}$`);

/** The rule as a pattern (the site's JSON Schema); {@link modulePathProblem} says what broke it. */
export const MODULE_PATH_PATTERN = `^${STEP}(/${STEP}){0,${MODULE_PATH_MAX_STEPS - 1}}$`;

export const MODULE_PATH_FIX =
  'write a relative path of plain names joined by "/" (letters, digits, "_", "-" and ".", each starting with a letter, digit or "_"), e.g. config/teams/family/openclaw.json';

/**
 * Why `p` cannot name a file inside a module folder, or undefined: 1 to MODULE_PATH_MAX_STEPS
 * plain names joined by `/`; no `.`/`..` step, empty step, leading or trailing `/`, backslash.
 */
export function modulePathProblem(p: string): string | undefined {
  const steps = p.split('/');
  const odd = steps.find((s) => s !== '' && s !== '.' && s !== '..' && !STEP_RE.test(s));
  const checks: readonly (readonly [boolean, string])[] = [
    [p === '', 'is empty'],
    [p.includes('\\'), 'holds a backslash (steps are joined by "/")'],
    [p.startsWith('/'), 'starts with "/" (paths are relative to the module folder)'],
    [p.endsWith('/'), 'ends with "/" (it must name a file)'],
    [steps.includes(''), 'has an empty step ("//")'],
    [steps.some((s) => s === '.' || s === '..'), 'has a "." or ".." step'],
    [steps.length > MODULE_PATH_MAX_STEPS, `has more than ${MODULE_PATH_MAX_STEPS} steps`],
    [
      steps.some((s) => s.length > MODULE_PATH_MAX_STEP),
      `has a step longer than ${MODULE_PATH_MAX_STEP} characters`,
    ],
    [odd !== undefined, `has the step ${quoteName(odd ?? '', 40)}, which is not a plain name`],
  ];
  const why = checks.find(([broken]) => broken)?.[1];
  return why === undefined ? undefined : `${quoteName(p, 80)} ${why}`;
}

/**
 * Why module file paths clash with each other or with the files the generator writes
 * (`generated`, plain names), by path; none when they fit in one folder. A path's first step is
 * the entry it makes in the module folder; a path that is another's folder (`a`, `a/b`) clashes.
 */
export function modulePathClashes(
  paths: Iterable<string>,
  generated: ReadonlySet<string>,
): Map<string, string> {
  const all = new Set(paths);
  const out = new Map<string, string>();
  for (const p of all) {
    const steps = p.split('/');
    const folders = steps.slice(1).map((_, i) => steps.slice(0, i + 1).join('/'));
    if (generated.has(steps[0])) {
      out.set(
        p,
        steps.length === 1
          ? `${p} is a file the generator writes into the module`
          : `${p} would put a folder where the generator writes its file ${steps[0]}`,
      );
    } else {
      const file = folders.find((f) => all.has(f));
      if (file !== undefined)
        out.set(p, `${p} needs a folder ${file}, which is also listed as a file`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bounded reads

export interface ReadOptions {
  /** Largest file accepted. @default MAX_INPUT_BYTES */
  readonly maxBytes?: number;
  /** Refuse the file when it is itself a symlink. @default false */
  readonly noFollow?: boolean;
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symlink';
  return 'not a regular file';
}

/**
 * Reads a regular file's bytes: opened without blocking (a FIFO does not wait for a writer),
 * refused when it is not a regular file or is larger than `maxBytes`, and read no further than
 * that even if it grows meanwhile.
 */
export function readInputBytes(file: string, shown: string = file, opts: ReadOptions = {}): Buffer {
  const maxBytes = opts.maxBytes ?? MAX_INPUT_BYTES;
  const { fd, size } = openRegular(file, shown, opts.noFollow === true);
  try {
    const tooLarge = (): never => {
      throw new UserError(
        shown,
        `is larger than ${formatBytes(maxBytes)}`,
        'name a regular file of the expected kind (these are text files of kilobytes)',
      );
    };
    if (size > maxBytes) tooLarge();
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(size + 1, 64 * 1024)));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (total > maxBytes) tooLarge();
        break;
      }
      const n = fs.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > maxBytes) tooLarge();
    return buf.subarray(0, total);
  } catch (e) {
    throw fsError(e, shown, 'check the path');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens a regular file for reading without blocking (see readInputBytes); anything else is a
 * UserError naming `shown`. The caller closes the descriptor.
 */
function openRegular(file: string, shown: string, noFollow: boolean): fs.Stats & { fd: number } {
  let fd: number;
  try {
    if (file.includes('\0'))
      throw new UserError(shown, 'is not a usable path (it holds a NUL byte)', 'check the path');
    const flags =
      fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (noFollow ? fs.constants.O_NOFOLLOW : 0);
    fd = fs.openSync(file, flags);
  } catch (e) {
    throw fsError(e, shown, 'check the path');
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      throw st.isDirectory()
        ? new UserError(shown, 'is a folder, not a file', 'name a file inside it instead')
        : new UserError(shown, `is ${kindOf(st)}, not a regular file`, 'name a regular file');
    }
    return Object.assign(st, { fd });
  } catch (e) {
    fs.closeSync(fd);
    throw fsError(e, shown, 'check the path');
  }
}

/**
 * Passes a regular file's bytes to `onChunk` in order, however large the file is (a database in
 * a backup): opened like readInputBytes (non-blocking, regular files only, with `noFollow` not
 * through a final symlink) but not bounded. Returns the file's stats at open.
 */
export function readInputChunks(
  file: string,
  shown: string,
  onChunk: (chunk: Buffer) => void,
  opts: Pick<ReadOptions, 'noFollow'> = {},
): fs.Stats {
  const st = openRegular(file, shown, opts.noFollow === true);
  const buf = Buffer.alloc(1024 * 1024);
  try {
    for (let n = fs.readSync(st.fd, buf); n > 0; n = fs.readSync(st.fd, buf)) {
      onChunk(buf.subarray(0, n));
    }
    return st;
  } catch (e) {
    throw fsError(e, shown, 'check the path');
  } finally {
    fs.closeSync(st.fd);
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
}

/**
 * Reads a text file a user named: anything but a regular file, a file over `maxBytes` or bytes
 * that are not UTF-8 are UserErrors naming `shown` (invalid UTF-8 is never silently turned into
 * U+FFFD).
 */
export function readTextFile(
  file: string,
  shown: string = file,
  maxBytes = MAX_INPUT_BYTES,
): string {
  return decodeUtf8(readInputBytes(file, shown, { maxBytes }), shown);
}

/** Reads `rel` inside `root` (see resolveInside) as bytes, bounded. */
export function readBytesInside(
  root: string,
  rel: string,
  where: string,
  opts: ReadOptions = {},
): Buffer {
  return readInputBytes(resolveInside(root, rel, where), where, opts);
}

/** Reads `rel` inside `root` (see resolveInside) as UTF-8 text, bounded. */
export function readTextInside(
  root: string,
  rel: string,
  where: string,
  opts: ReadOptions = {},
): string {
  return decodeUtf8(readBytesInside(root, rel, where, opts), where);
}

/** Whether `rel` inside `root` exists as a regular file (links inside the root followed). */
export function isFileInside(root: string, rel: string, where: string): boolean {
  const st = fs.statSync(resolveInside(root, rel, where), { throwIfNoEntry: false });
  return st !== undefined && st.isFile();
}

/** Whether `p` is an existing folder (a user-named path, e.g. a module folder). */
export function isFolder(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** Whether anything exists at `p` (without following a final symlink). */
export function exists(p: string): boolean {
  return fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

/** Strict UTF-8 decoding: bad bytes are a UserError naming the byte offset. */
export function decodeUtf8(bytes: Uint8Array, shown: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UserError(
      shown,
      `is not valid UTF-8 (first bad byte at offset ${firstBadByte(bytes)})`,
      'save the file as UTF-8',
    );
  }
}

/** Whether `bytes` decode as UTF-8 (a text file) or not (copy them as they are). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function utf8Length(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b < 0xe0) return 2;
  if (b >= 0xe0 && b < 0xf0) return 3;
  if (b >= 0xf0 && b < 0xf5) return 4;
  return 0;
}

/** Offset of the first byte that breaks UTF-8 (decoding growing prefixes would be quadratic). */
function firstBadByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const len = utf8Length(bytes[i]);
    if (len === 0 || i + len > bytes.length) break;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// Walking folders

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface TreeEntry {
  /** Path relative to the walked root, with `/` separators. */
  readonly rel: string;
  readonly kind: EntryKind;
  /** Size in bytes (files only; 0 otherwise). */
  readonly size: number;
}

export interface WalkOptions {
  /** Skip an entry (and, for a folder, all below it). */
  readonly skip?: (rel: string, kind: EntryKind) => boolean;
  /** @default MAX_TREE_ENTRIES */
  readonly maxEntries?: number;
}

function entryKind(st: fs.Stats | fs.Dirent): EntryKind {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

/**
 * Every entry below `root`, sorted, never following a symlink (a link is reported as one and
 * not entered). `shown` names the root in errors. A missing root has no entries.
 */
export function walkTree(root: string, shown: string, opts: WalkOptions = {}): TreeEntry[] {
  const max = opts.maxEntries ?? MAX_TREE_ENTRIES;
  const out: TreeEntry[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && rel === '') return;
      throw fsError(e, rel === '' ? shown : `${shown}/${rel}`, 'check the folder');
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      const kind = entryKind(e);
      if (opts.skip?.(r, kind)) continue;
      if (out.length >= max) {
        throw new UserError(shown, `holds more than ${max} entries`, 'name a smaller folder');
      }
      const size = kind === 'file' ? fs.lstatSync(path.join(root, r)).size : 0;
      out.push({ rel: r, kind, size });
      if (kind === 'dir') walk(r);
    }
  };
  walk('');
  return out;
}

/** The kind of whatever is at `p`, without following a final symlink; undefined if nothing. */
export function kindAt(p: string): EntryKind | undefined {
  try {
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    return st === undefined ? undefined : entryKind(st);
  } catch (e) {
    // A file where a folder is on the way: nothing can be at `p`.
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw fsError(e, p, 'check the path');
  }
}

/** Removes folder `dir` if it is empty (a folder a failed run made); otherwise leaves it. */
export function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or gone: leave it
  }
}

/** A fresh private folder under the system's temporary folder (remove it with removeTree). */
export function makeScratch(prefix: string): string {
  return makeTempFolder(os.tmpdir(), prefix);
}

/** Removes `dir` and everything below it (links themselves, never what they point to). */
export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The names in folder `dir`, sorted; none when it does not exist. */
export function listNames(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fsError(e, dir, 'check the folder');
  }
}

// ---------------------------------------------------------------------------------------------
// Staging: folders this process makes, fills and moves into place (restore)

/** Whether `p` is a real folder (not a symlink to one) holding nothing. */
export function isEmptyFolder(p: string): boolean {
  return kindAt(p) === 'dir' && fs.readdirSync(p).length === 0;
}

/**
 * Creates folder `dir` and its missing parents (with `mode`, less the umask); returns the first
 * folder it created (undefined when `dir` existed), so that a run that fails can remove what it
 * made and nothing more.
 */
export function makeFolder(dir: string, shown: string = dir, mode = 0o777): string | undefined {
  const st = kindAt(dir) === undefined ? undefined : fs.statSync(dir, { throwIfNoEntry: false });
  if (st !== undefined && !st.isDirectory()) {
    throw new UserError(
      `${shown} ${dir}`,
      'is a file, not a folder',
      'name a folder (or a path to make one)',
    );
  }
  try {
    return fs.mkdirSync(dir, { recursive: true, mode });
  } catch (e) {
    throw fsError(e, shown, 'check the folder');
  }
}

/** A new, uniquely named, empty folder in `parent` (staging beside a target: moves are renames). */
export function makeTempFolder(parent: string, prefix: string, shown: string = parent): string {
  try {
    return fs.mkdtempSync(path.join(parent, prefix));
  } catch (e) {
    throw fsError(e, shown, 'check that the folder exists and is writable');
  }
}

/**
 * Renames `from` to `to` on one file system (atomic). rename(2) follows no link at either end:
 * a link at `from` moves as a link, and one at `to` is replaced, never written through.
 */
export function moveEntry(from: string, to: string, shown: string = to): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    throw fsError(e, shown, 'check the folder (both ends must be on one file system)');
  }
}

/**
 * Copies the regular file `src` to the new file `dest` (which must not exist), keeping its
 * permission bits (not set-id bits) and modification time: `src` is opened like readInputChunks,
 * never through a final symlink, and `dest` is created, never opened through a link.
 */
export function copyInputFile(src: string, dest: string, shown: string = src): void {
  const st = openRegular(src, shown, true);
  let out: number | undefined;
  try {
    const flags =
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
    out = fs.openSync(dest, flags, 0o600);
    const buf = Buffer.alloc(1024 * 1024);
    for (let n = fs.readSync(st.fd, buf); n > 0; n = fs.readSync(st.fd, buf)) {
      for (let off = 0; off < n;) off += fs.writeSync(out, buf, off, n - off);
    }
    fs.fchmodSync(out, st.mode & 0o777);
    fs.futimesSync(out, st.atime, st.mtime);
  } catch (e) {
    throw fsError(e, shown, 'check the file');
  } finally {
    fs.closeSync(st.fd);
    if (out !== undefined) fs.closeSync(out);
  }
}

/**
 * Whether an existing file may be replaced by its owner's tools: writable to us and with a write
 * bit set (root can write anything, so the bit is what says "read-only"). A missing file is.
 */
export function isWritable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return (fs.statSync(file).mode & 0o222) !== 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

// ---------------------------------------------------------------------------------------------
// Nesting

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/**
 * Offset at which `text` (HCL or JSON) first nests deeper than `max`, or -1. Counts `(`, `[`,
 * `{` and template interpolations (`${`, `%{`) inside quoted strings and heredocs, so a deep
 * expression hidden in a string counts too; the rest of a string, and comments, are text.
 */
export function nestingTooDeepAt(text: string, max = MAX_NESTING): number {
  // What is open, innermost last: a bracket or `$` (counted), `"` or `<MARKER` (text).
  const open: string[] = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const top = open[open.length - 1];
    const c = text[i];
    if (top === '"' || top?.startsWith('<')) {
      if (top === '"' && c === '\\') i += 2;
      else if (top === '"' && (c === '"' || c === '\n')) {
        open.pop();
        i++;
      } else if (top !== '"' && text[i - 1] === '\n' && heredocEnds(text, i, top.slice(1))) {
        open.pop();
      } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        open.push('$');
        if (++depth > max) return i;
        i += 2;
      } else i++;
      continue;
    }
    if (c === '"') open.push('"');
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    } else if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        open.push(`<${m[1]}`);
        i += m[0].length;
        continue;
      }
    } else if (c === '(' || c === '[' || c === '{') {
      open.push(c);
      if (++depth > max) return i;
    } else if ((c === ')' || c === ']' || c === '}') && top !== undefined) {
      open.pop();
      depth--;
    }
    i++;
  }
  return -1;
}

/** Whether the line at `i` closes a heredoc opened with `marker`. */
function heredocEnds(text: string, i: number, marker: string): boolean {
  const end = text.indexOf('\n', i);
  return text.slice(i, end < 0 ? text.length : end).trim() === marker;
}

/** Refuses `text` nesting deeper than `max`, naming `shown:line` (see nestingTooDeepAt). */
export function checkNesting(text: string, shown: string, max = MAX_NESTING): void {
  const at = nestingTooDeepAt(text, max);
  if (at >= 0) throw nestingError(`${shown}:${lineAt(text, at)}`, max);
}

/** The error for input nesting deeper than `max` levels at `where`. */
export function nestingError(where: string, max = MAX_NESTING): UserError {
  return new UserError(
    where,
    `nests deeper than ${max} levels (blocks, lists, objects or parentheses)`,
    'flatten it: real jobspecs and modules nest a dozen levels at most',
  );
}

/** Whether a parsed JSON-like value nests deeper than `max` (measured without recursion). */
export function valueTooDeep(v: unknown, max = MAX_NESTING): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (d >= max) return true;
    for (const y of Object.values(x)) stack.push([y, d + 1]);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Scratch folders

/**
 * Runs `fn` with a fresh private folder under the system's temporary folder, removed afterwards
 * whatever happens (for work that must not touch any output before it is checked).
 */
export async function withScratchDir<T>(
  prefix: string,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = makeScratch(prefix);
  try {
    return await fn(dir);
  } finally {
    removeTree(dir);
  }
}

/**
 * A name from input (an archive entry, a file name) quoted for a message: JSON-quoted, control,
 * C1 and bidirectional characters escaped (nothing reaches a terminal as a command), and cut
 * to `max` characters.
 */
export function quoteName(name: string, max = 120): string {
  const cut = name.length > max ? `${name.slice(0, max)}...` : name;
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
