import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import { UserError } from '../util/errors';
import { writeFilesAtomic } from '../util/atomic-write';

/** Manifest in the vendored folder: what we last wrote there, so local edits are noticed. */
export const VENDOR_MANIFEST = '.openclaw-octant.json';

interface Manifest {
  readonly generator: 'openclaw-octant';
  /** File name -> sha256 (hex) of the content we wrote. */
  readonly files: Readonly<Record<string, string>>;
}

export interface VendorOptions {
  /** Root of the Octant checkout (holds `terraform/`). */
  readonly octantDir: string;
  /** Folder name under `terraform/` and the job name. */
  readonly serviceName: string;
  /** The module folder's files, plain name -> content. */
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
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function readManifest(dir: string): Manifest | undefined {
  const text = readIfExists(path.join(dir, VENDOR_MANIFEST));
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as Manifest;
    if (m.generator === 'openclaw-octant' && typeof m.files === 'object') return m;
  } catch {
    // fall through: an unreadable manifest protects nothing
  }
  throw new UserError(
    path.join(dir, VENDOR_MANIFEST),
    'is not a manifest written by openclaw-octant',
    'restore it from version control, or delete it and re-run with --force',
  );
}

/** Checks that `dir` is an Octant checkout: it exists and has a `terraform/` folder. */
export function checkOctantCheckout(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UserError(
      dir,
      'does not exist or is not a directory',
      'pass the root of your Octant checkout with --octant',
    );
  }
  const tf = path.join(dir, 'terraform');
  if (!fs.existsSync(tf) || !fs.statSync(tf).isDirectory()) {
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
  for (const entry of fs.readdirSync(tf, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === serviceName) continue;
    const dir = path.join(tf, entry.name);
    const declares = () =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.nomad.hcl') || f.endsWith('.nomad'))
        .some((f) => jobRe.test(readIfExists(path.join(dir, f)) ?? ''));
    if (entry.name.startsWith(serviceName) || declares()) found.push(`terraform/${entry.name}`);
  }
  return found.sort();
}

/**
 * Copies a generated module into `<octantDir>/terraform/<service>/`. Refuses (UserError) to
 * overwrite or delete files that differ from what it last wrote there unless `force`; never
 * touches anything outside that folder. With `dryRun`, only reports.
 */
export function vendorModule(opts: VendorOptions): VendorResult {
  checkOctantCheckout(opts.octantDir);
  for (const name of opts.files.keys()) {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
      throw new Error(`internal: vendored file name '${name}' must be a plain file name`);
    }
  }
  const target = path.join('terraform', opts.serviceName);
  const dir = path.join(opts.octantDir, target);
  const manifest = readManifest(dir);
  const previous = manifest?.files ?? {};
  const changed: string[] = [];
  const conflicts: string[] = [];
  const patches: string[] = [];
  const writes = new Map<string, string>();

  const locallyEdited = (name: string, current: string): boolean =>
    previous[name] === undefined || previous[name] !== sha256(current);

  for (const name of [...opts.files.keys()].sort()) {
    const next = opts.files.get(name) ?? '';
    const current = readIfExists(path.join(dir, name));
    if (current === next) continue;
    changed.push(name);
    if (current !== undefined && locallyEdited(name, current)) conflicts.push(name);
    writes.set(path.join(dir, name), next);
    const rel = `${target}/${name}`;
    patches.push(
      createTwoFilesPatch(
        current === undefined ? '/dev/null' : `a/${rel}`,
        `b/${rel}`,
        current ?? '',
        next,
      ),
    );
  }
  const removed: string[] = [];
  for (const name of Object.keys(previous).sort()) {
    if (opts.files.has(name)) continue;
    const current = readIfExists(path.join(dir, name));
    if (current === undefined) continue;
    removed.push(name);
    if (locallyEdited(name, current)) conflicts.push(name);
    patches.push(createTwoFilesPatch(`a/${target}/${name}`, '/dev/null', current, ''));
  }
  const result: VendorResult = {
    target,
    changed,
    removed,
    conflicts,
    diff: patches.join(''),
    handWritten: findHandWrittenModules(opts.octantDir, opts.serviceName),
  };
  if (opts.dryRun) return result;
  if (conflicts.length > 0 && !opts.force) {
    throw new UserError(
      target,
      `${conflicts.join(', ')} changed since openclaw-octant last wrote ${conflicts.length === 1 ? 'it' : 'them'} (local edits would be lost)`,
      'review with --dry-run, keep your edits elsewhere, then re-run with --force',
    );
  }
  const files: Record<string, string> = {};
  for (const name of [...opts.files.keys()].sort())
    files[name] = sha256(opts.files.get(name) ?? '');
  const next: Manifest = { generator: 'openclaw-octant', files };
  writes.set(path.join(dir, VENDOR_MANIFEST), JSON.stringify(next, null, 2) + '\n');
  writeFilesAtomic(writes);
  for (const name of removed) fs.rmSync(path.join(dir, name), { force: true });
  return result;
}
