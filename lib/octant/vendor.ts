import { createHash } from 'crypto';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import { UserError } from '../util/errors';
import { writeFilesAtomic } from '../util/atomic-write';
import {
  checkOwnFolder,
  fsError,
  isFolder,
  isWritable,
  kindAt,
  listNames,
  modulePathProblem,
  readTextFile,
  removeEmptyFolders,
  removeInside,
  resolveInside,
} from '../util/boundary';

/** Manifest in the vendored folder: what we last wrote there, so local edits are noticed. */
export const VENDOR_MANIFEST = '.openclaw-octant.json';

interface Manifest {
  readonly generator: 'openclaw-octant';
  /** File path in the folder -> sha256 (hex) of the content we wrote. */
  readonly files: Readonly<Record<string, string>>;
}

export interface VendorOptions {
  /** Root of the Octant checkout (holds `terraform/`). */
  readonly octantDir: string;
  /** Folder name under `terraform/` and the job name. */
  readonly serviceName: string;
  /** The module folder's files, path in it (`config/teams/x/openclaw.json`) -> content. */
  readonly files: ReadonlyMap<string, string>;
  /** Only compute the diff. @default false */
  readonly dryRun?: boolean;
  /** Overwrite files edited since the last vendoring. @default false */
  readonly force?: boolean;
}

export interface VendorResult {
  /** `terraform/<service>`, relative to the checkout. */
  readonly target: string;
  /** Files created or changed (or that would be, with dryRun). */
  readonly changed: readonly string[];
  /** Files we wrote before and no longer generate: removed (or would be). */
  readonly removed: readonly string[];
  /** Files that differ from what we last wrote (local edits); overwritten only with force. */
  readonly conflicts: readonly string[];
  /** Unified diff of every change, paths relative to the checkout. */
  readonly diff: string;
  /** Other folders under terraform/ holding a hand-written module for the same service. */
  readonly handWritten: readonly string[];
  /**
   * Hand-written files of the folder vendor never wrote and so leaves alone, each with the name
   * ours went to instead (`README.md` -> `README.openclaw-octant.md`).
   */
  readonly keptHandWritten: Readonly<Record<string, string>>;
}

/** Where our README goes when the module folder holds a README we did not write. */
export const VENDOR_README = 'README.openclaw-octant.md';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Vendoring touches only the module folder: every error says what to do about it. */
const FS_FIX = 'check that the Octant checkout is writable by you';

function readIfExists(file: string, shown: string): string | undefined {
  const kind = kindAt(file);
  if (kind === undefined) return undefined;
  if (kind === 'dir') {
    throw new UserError(shown, 'is a folder, not a file', 'move it away, then re-run');
  }
  try {
    return readTextFile(file, shown);
  } catch (e) {
    throw fsError(e, shown, FS_FIX);
  }
}

function readManifest(dir: string, shown: string): Manifest | undefined {
  const text = readIfExists(path.join(dir, VENDOR_MANIFEST), shown);
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as Manifest;
    if (
      m !== null &&
      m.generator === 'openclaw-octant' &&
      typeof m.files === 'object' &&
      m.files !== null &&
      !Array.isArray(m.files) &&
      Object.values(m.files).every((h) => typeof h === 'string')
    ) {
      return m;
    }
  } catch {
    // fall through: an unreadable manifest protects nothing
  }
  throw new UserError(
    shown,
    'is not a manifest written by openclaw-octant',
    'restore it from version control, or delete it and re-run with --force',
  );
}

/** Other modules' files are only looked at: one that can't be read declares nothing. */
function readQuietly(file: string): string {
  try {
    return readTextFile(file);
  } catch {
    return '';
  }
}

function listQuietly(dir: string): string[] {
  try {
    return listNames(dir);
  } catch {
    return [];
  }
}

/** Checks that `dir` is an Octant checkout: it exists and has a `terraform/` folder. */
export function checkOctantCheckout(dir: string): void {
  if (!isFolder(dir)) {
    throw new UserError(
      dir,
      'does not exist or is not a directory',
      'pass the root of your Octant checkout with --octant',
    );
  }
  const tf = path.join(dir, 'terraform');
  if (!isFolder(tf)) {
    throw new UserError(
      dir,
      'is not an Octant checkout (it has no terraform/ folder)',
      'pass the root of your Octant checkout (the folder holding terraform/<service>/ modules)',
    );
  }
}

/**
 * Folders under terraform/ other than `<service>` that hold a module for the same service: a
 * name starting with the service name (Octant ships `openclaw-gateway/`) or a jobspec declaring
 * `job "<service>"`. They are reported, never touched.
 */
export function findHandWrittenModules(octantDir: string, serviceName: string): string[] {
  const tf = path.join(octantDir, 'terraform');
  const jobRe = new RegExp(
    `(^|\\n)\\s*job\\s+"${serviceName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`,
  );
  const found: string[] = [];
  for (const name of listNames(tf)) {
    const dir = path.join(tf, name);
    if (kindAt(dir) !== 'dir' || name === serviceName) continue;
    const declares = () =>
      listQuietly(dir)
        .filter((f) => f.endsWith('.nomad.hcl') || f.endsWith('.nomad'))
        .some((f) => jobRe.test(readQuietly(path.join(dir, f))));
    if (name.startsWith(serviceName) || declares()) found.push(`terraform/${name}`);
  }
  return found.sort();
}

/**
 * A README in the module folder that vendor did not write (the maintainers' own) is never
 * replaced, not even with --force: ours goes beside it. Once ours sits beside, it stays there.
 */
function besideHandWritten(
  files: ReadonlyMap<string, string>,
  previousHash: (name: string) => string | undefined,
  current: (name: string) => string | undefined,
): { files: ReadonlyMap<string, string>; kept: Record<string, string> } {
  const ours = files.get('README.md');
  if (ours === undefined) return { files, kept: {} };
  const theirs =
    previousHash('README.md') === undefined &&
    (previousHash(VENDOR_README) !== undefined || current('README.md') !== undefined);
  if (!theirs) return { files, kept: {} };
  const out = new Map(files);
  out.delete('README.md');
  out.set(VENDOR_README, ours);
  return { files: out, kept: { 'README.md': VENDOR_README } };
}

/** What vendoring one module would do; `applyVendorPlans` does it. */
export interface VendorPlan {
  readonly result: VendorResult;
  /** Absolute path -> content, the manifest included; every path checked to be inside `dir`. */
  readonly writes: ReadonlyMap<string, string>;
  /** The module folder (a real folder, not a symlink) and the names to remove in it. */
  readonly dir: string;
  readonly removes: readonly string[];
}

/** The module folder as vendor reads it: its shown path, its files, what the manifest recorded. */
interface VendorFolder {
  readonly target: string;
  readonly inDir: (name: string) => string;
  readonly previous: Readonly<Record<string, string>>;
  readonly previousHash: (name: string) => string | undefined;
}

interface VendorChanges {
  readonly changed: string[];
  readonly removed: string[];
  /** Changed or removed files whose content is not what we last wrote (local edits). */
  readonly conflicts: string[];
  readonly patches: string[];
  readonly writes: Map<string, string>;
}

/** What writing `outFiles` changes and removes in the folder, with a patch for each. */
function changesOf(f: VendorFolder, outFiles: ReadonlyMap<string, string>): VendorChanges {
  const { target, inDir } = f;
  const locallyEdited = (name: string, current: string): boolean =>
    f.previousHash(name) !== sha256(current);
  const ch: VendorChanges = {
    changed: [],
    removed: [],
    conflicts: [],
    patches: [],
    writes: new Map<string, string>(),
  };
  for (const name of [...outFiles.keys()].sort()) {
    const next = outFiles.get(name) ?? '';
    const file = inDir(name);
    const current = readIfExists(file, `${target}/${name}`);
    if (current === next) continue;
    ch.changed.push(name);
    if (current !== undefined && locallyEdited(name, current)) ch.conflicts.push(name);
    ch.writes.set(file, next);
    const rel = `${target}/${name}`;
    ch.patches.push(
      createTwoFilesPatch(
        current === undefined ? '/dev/null' : `a/${rel}`,
        `b/${rel}`,
        current ?? '',
        next,
      ),
    );
  }
  for (const name of Object.keys(f.previous).sort()) {
    if (outFiles.has(name)) continue;
    // Checked before anything is read: a dry run prints what it reads.
    const current = readIfExists(inDir(name), `${target}/${name}`);
    if (current === undefined) continue;
    ch.removed.push(name);
    if (locallyEdited(name, current)) ch.conflicts.push(name);
    ch.patches.push(createTwoFilesPatch(`a/${target}/${name}`, '/dev/null', current, ''));
  }
  return ch;
}

/** Local edits would be lost (unless `force`), or a file to replace is read-only. */
function refuseLostEdits(f: VendorFolder, ch: VendorChanges, force: boolean | undefined): void {
  const { target, inDir } = f;
  const { conflicts } = ch;
  if (conflicts.length > 0 && !force) {
    throw new UserError(
      target,
      `${conflicts.join(', ')} changed since openclaw-octant last wrote ${conflicts.length === 1 ? 'it' : 'them'} (local edits would be lost)`,
      'review with --dry-run, keep your edits elsewhere, then re-run with --force',
    );
  }
  for (const name of [...ch.changed, ...ch.removed]) {
    if (isWritable(inDir(name))) continue;
    throw new UserError(
      `${target}/${name}`,
      'is read-only; vendor does not replace it',
      `make it writable (chmod u+w ${target}/${name}) or remove it, then re-run`,
    );
  }
}

/**
 * Computes what copying a generated module into `<octantDir>/terraform/<service>/` changes,
 * reading only inside that folder. Refuses (UserError) local edits unless `force`, a module
 * folder that is a symlink or a file, and manifest entries leading out of the folder.
 */
export function planVendor(opts: VendorOptions): VendorPlan {
  checkOctantCheckout(opts.octantDir);
  for (const name of opts.files.keys()) {
    const problem = modulePathProblem(name);
    if (problem !== undefined) throw new Error(`internal: vendored file path ${problem}`);
  }
  const target = path.join('terraform', opts.serviceName);
  const dir = checkOwnFolder(path.join(opts.octantDir, 'terraform'), opts.serviceName, target);
  const manifestShown = `${target}/${VENDOR_MANIFEST}`;
  const previous = readManifest(dir, manifestShown)?.files ?? {};
  const folder: VendorFolder = {
    target,
    inDir: (name) => resolveInside(dir, name, manifestShown),
    previous,
    // Own keys only: a manifest entry named like an Object member must not match a prototype.
    previousHash: (name) =>
      Object.prototype.hasOwnProperty.call(previous, name) ? previous[name] : undefined,
  };
  const { files: outFiles, kept } = besideHandWritten(opts.files, folder.previousHash, (n) =>
    readIfExists(folder.inDir(n), `${target}/${n}`),
  );
  const ch = changesOf(folder, outFiles);
  const result: VendorResult = {
    target,
    changed: ch.changed,
    removed: ch.removed,
    conflicts: ch.conflicts,
    diff: ch.patches.join(''),
    handWritten: findHandWrittenModules(opts.octantDir, opts.serviceName),
    keptHandWritten: kept,
  };
  if (!opts.dryRun) refuseLostEdits(folder, ch, opts.force);
  const files: Record<string, string> = {};
  for (const name of [...outFiles.keys()].sort()) files[name] = sha256(outFiles.get(name) ?? '');
  const next: Manifest = { generator: 'openclaw-octant', files };
  ch.writes.set(folder.inDir(VENDOR_MANIFEST), JSON.stringify(next, null, 2) + '\n');
  return { result, writes: ch.writes, dir, removes: ch.removed };
}

/**
 * Writes the plans of every module together: all files are staged and renamed in one step, so a
 * failure leaves every module as it was; removals come last.
 */
export function applyVendorPlans(plans: readonly VendorPlan[]): void {
  const writes = new Map<string, string>();
  for (const p of plans) for (const [f, c] of p.writes) writes.set(f, c);
  try {
    writeFilesAtomic(writes);
    for (const p of plans) {
      for (const name of p.removes) {
        removeInside(p.dir, name, `${p.result.target}/${VENDOR_MANIFEST}`);
        // Folders only we made: a manifest path of ours (never `a/..`, the module folder).
        if (modulePathProblem(name) === undefined) removeEmptyFolders(p.dir, name);
      }
    }
  } catch (e) {
    throw fsError(e, plans[0]?.result.target ?? 'terraform', FS_FIX);
  }
}

/**
 * Copies a generated module into `<octantDir>/terraform/<service>/`. Refuses (UserError) to
 * overwrite or delete files that differ from what it last wrote there unless `force`; never
 * touches anything outside that folder. With `dryRun`, only reports.
 */
export function vendorModule(opts: VendorOptions): VendorResult {
  const plan = planVendor(opts);
  if (!opts.dryRun) applyVendorPlans([plan]);
  return plan.result;
}
