import * as fs from 'fs';
import * as path from 'path';

interface OwnPackage {
  readonly name?: string;
  readonly version?: string;
}

function readPackage(file: string): OwnPackage | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as OwnPackage;
  } catch {
    return undefined;
  }
}

/**
 * The openclaw-octant project root: the nearest folder above `from` whose package.json is ours.
 * Works both from sources (ts-jest) and from compiled dist/, which sit at different depths.
 */
export function projectRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (readPackage(path.join(dir, 'package.json'))?.name === 'openclaw-octant') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`openclaw-octant project root not found above ${from}`);
    dir = parent;
  }
}

/** This project's version, from its package.json (the one place the version is stated). */
export function ownVersion(): string {
  return readPackage(path.join(projectRoot(__dirname), 'package.json'))?.version ?? '0.0.0';
}
