import * as fs from 'fs';
import * as path from 'path';

/** Text (written as UTF-8) or bytes (written as they are, e.g. a binary file copied). */
export type FileContent = string | Uint8Array;

/**
 * Writes a file so that readers see either the old or the new content, never half of it:
 * write a temporary file beside the target, flush it to disk, then rename it over the target.
 */
export function writeFileAtomic(file: string, content: FileContent): void {
  writeFilesAtomic(new Map([[file, content]]));
}

/**
 * File mode for new content: a script (starting with `#!`) is executable, as its reader will
 * want to run it; anything else gets the default. Both are subject to the umask.
 */
export function modeFor(content: FileContent): number {
  const script =
    typeof content === 'string'
      ? content.startsWith('#!')
      : content[0] === 0x23 && content[1] === 0x21;
  return script ? 0o777 : 0o666;
}

/**
 * Writes a set of files all-or-nothing as far as the file system allows: every file is first
 * written to a temporary sibling; only when all of them are written are they renamed into place.
 * A failure before the renames leaves every earlier output untouched.
 */
export function writeFilesAtomic(files: ReadonlyMap<string, FileContent>): void {
  const staged: [string, string][] = [];
  try {
    for (const [file, content] of files) {
      const dir = path.dirname(file);
      fs.mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
      // Listed before writing, so a half-written temporary file is removed too.
      staged.push([tmp, file]);
      writeSynced(tmp, content);
    }
    for (const [tmp, file] of staged) fs.renameSync(tmp, file);
  } catch (e) {
    // Renamed files are in place; what is left of the others goes.
    for (const [tmp] of staged) fs.rmSync(tmp, { force: true });
    throw e;
  }
  for (const dir of new Set(staged.map(([, file]) => path.dirname(file)))) syncFolder(dir);
}

/**
 * Writes `content` to a new file and flushes it to disk before returning: a rename that
 * follows can never put an empty or half-written file in place after a power cut.
 */
export function writeSynced(file: string, content: FileContent): void {
  // Temporary names are predictable (the pid): whatever is there, a planted link included, is
  // removed and the file made anew ('wx' never writes through a link).
  fs.rmSync(file, { force: true });
  const fd = fs.openSync(file, 'wx', modeFor(content));
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a file written earlier (by its path) to disk. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Flushes a folder's entries (the renames into it) to disk. Best effort: some file systems
 * refuse to sync a folder, and the files themselves are synced already.
 */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // EISDIR/EINVAL/EPERM where folders cannot be synced: nothing more to do.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
