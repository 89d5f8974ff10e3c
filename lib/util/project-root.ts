import * as fs from 'fs';
import * as path from 'path';

/**
 * The openclaw-octant project root: the nearest folder above `from` whose package.json is ours.
 * Works both from sources (ts-jest) and from compiled dist/, which sit at different depths.
 */
export function projectRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const name = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name;
      if (name === 'openclaw-octant') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`openclaw-octant project root not found above ${from}`);
    dir = parent;
  }
}
