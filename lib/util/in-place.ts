import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';
import { fsError } from './boundary';

/*
 * Rewriting files a user owns (fmt): the file stays the same file. Its mode and owner are kept,
 * a symlink stays a symlink (its target is rewritten), a hard link stays linked, and a read-only
 * file is refused rather than replaced.
 */

interface Plan {
  readonly shown: string;
  readonly real: string;
  readonly content: string;
  readonly stat: fs.Stats;
}

function planOne(file: string, shown: string, content: string): Plan {
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(file);
    stat = fs.statSync(real);
  } catch (e) {
    throw fsError(e, shown, 'check the path');
  }
  if (!stat.isFile()) {
    throw new UserError(shown, 'is not a regular file', 'name a regular file');
  }
  let writable = (stat.mode & 0o222) !== 0;
  try {
    fs.accessSync(real, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) {
    throw new UserError(
      shown,
      'is read-only; it is left as it is',
      `make it writable (chmod u+w ${shown}) if it should be rewritten, or use --check`,
    );
  }
  return { shown, real, content, stat };
}

/**
 * Writes `content` to a new sibling with the same mode and owner; undefined when the owner can't
 * be kept or the folder takes no new file (then the file is rewritten in place).
 */
function stage(p: Plan): string | undefined {
  const tmp = path.join(path.dirname(p.real), `.${path.basename(p.real)}.${process.pid}.fmt.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx', p.stat.mode & 0o7777);
  } catch (e) {
    // A folder we may not add to (the file itself is writable): rewrite the file in place.
    if (['EACCES', 'EPERM', 'EROFS'].includes((e as NodeJS.ErrnoException).code ?? '')) {
      return undefined;
    }
    throw e;
  }
  try {
    fs.writeSync(fd, p.content);
    fs.fchmodSync(fd, p.stat.mode & 0o7777);
    if (p.stat.uid !== process.getuid?.() || p.stat.gid !== process.getgid?.()) {
      try {
        fs.fchownSync(fd, p.stat.uid, p.stat.gid);
      } catch {
        fs.closeSync(fd);
        fs.rmSync(tmp, { force: true });
        return undefined;
      }
    }
    fs.fsyncSync(fd);
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed above
    }
  }
  return tmp;
}

/**
 * Rewrites every file of `files` (path -> new content; `shown` names them in errors). Every
 * file is checked before any is written. A file with one link is replaced atomically by a
 * sibling with the same mode and owner; a hard-linked file (or one whose owner we could not
 * give a new file) is rewritten in place so every link sees the new content.
 */
export function rewriteFilesInPlace(
  files: ReadonlyMap<string, { shown: string; content: string }>,
): void {
  const plans = [...files].map(([f, { shown, content }]) => planOne(f, shown, content));
  const staged: [string, Plan][] = [];
  const inPlace: Plan[] = [];
  try {
    for (const p of plans) {
      const tmp = p.stat.nlink > 1 ? undefined : stage(p);
      if (tmp === undefined) inPlace.push(p);
      else staged.push([tmp, p]);
    }
    for (const [tmp, p] of staged) fs.renameSync(tmp, p.real);
    for (const p of inPlace) fs.writeFileSync(p.real, p.content);
  } catch (e) {
    for (const [tmp] of staged) fs.rmSync(tmp, { force: true });
    throw fsError(
      e,
      plans[0]?.shown ?? '.',
      'check the permissions of the files and their folders',
    );
  }
}
