import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';

/*
 * Path containment: the one check every write and delete under a folder we were given goes
 * through. A name from a file (a manifest entry) or a folder reached through a symlink must not
 * take a write, a delete or a read (a dry-run diff prints what it reads) outside that folder.
 */

const inside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** realpath of the longest existing prefix of `p`, plus the rest (which will be created). */
function realpathLoose(p: string): string {
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
 * `where` names what the name came from, for the error.
 */
export function resolveInside(root: string, name: string, where: string): string {
  const refuse = (why: string): never => {
    throw new UserError(
      where,
      `${JSON.stringify(name)} ${why} (outside ${root})`,
      'remove that entry; openclaw-octant only writes and deletes files inside the folder it owns',
    );
  };
  if (name === '' || /[\0\n\r]/.test(name)) refuse('is not a usable file name');
  if (path.isAbsolute(name)) refuse('is an absolute path');
  const realRoot = realpathLoose(root);
  const target = path.resolve(realRoot, name);
  if (!inside(realRoot, target)) refuse('leads outside the folder');
  // Walk every step below the root: a symlink anywhere may point out.
  let step = realRoot;
  for (const part of path.relative(realRoot, target).split(path.sep)) {
    step = path.join(step, part);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(step);
    } catch {
      break; // does not exist (yet): nothing below it can be a link
    }
    if (!st.isSymbolicLink()) continue;
    let real: string;
    try {
      real = fs.realpathSync(step);
    } catch {
      return refuse('is a symlink leading nowhere');
    }
    if (!inside(realRoot, real)) refuse('is a symlink leading outside the folder');
  }
  return target;
}

/**
 * Checks that `dir` (`<parent>/<name>`) is a real folder of `parent`, not a symlink to some
 * other place, and not a file. A missing `dir` is fine (it will be created).
 */
export function checkOwnFolder(parent: string, name: string, shown: string): string {
  const dir = path.join(fs.realpathSync(parent), name);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return dir;
  }
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
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    throw new UserError(where, `${JSON.stringify(name)} is a folder`, 'remove that entry');
  }
  fs.rmSync(file, { force: true });
}
