import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic, writeFilesAtomic } from '../../lib/util/atomic-write';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-atomic-'));
const isExecutable = (f: string): boolean => (fs.statSync(f).mode & 0o111) !== 0;

describe('atomic writes', () => {
  test('scripts (#!) are written executable, other files are not', () => {
    const script = path.join(dir, 'prepare.sh');
    const data = path.join(dir, 'main.tf.json');
    writeFilesAtomic(
      new Map([
        [script, '#!/bin/sh\necho hi\n'],
        [data, '{}\n'],
      ]),
    );
    expect(isExecutable(script)).toBe(true);
    expect(isExecutable(data)).toBe(false);
    writeFileAtomic(path.join(dir, 'one.sh'), '#!/bin/sh\n');
    expect(isExecutable(path.join(dir, 'one.sh'))).toBe(true);
  });

  // The temporary name is predictable (it holds the pid): a link planted there is not a way
  // to write elsewhere.
  test('a symlink planted at the temporary name is replaced, not written through', () => {
    const canary = path.join(dir, 'canary.txt');
    fs.writeFileSync(canary, 'canary');
    const file = path.join(dir, 'target.txt');
    fs.symlinkSync(canary, path.join(dir, `.target.txt.${process.pid}.tmp`));
    writeFilesAtomic(new Map([[file, 'new']]));
    expect(fs.readFileSync(canary, 'utf8')).toBe('canary');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
  });

  test('a failure before the renames leaves earlier files untouched and no temp files', () => {
    const kept = path.join(dir, 'kept.txt');
    fs.writeFileSync(kept, 'old');
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'a file where a folder is needed');
    expect(() =>
      writeFilesAtomic(
        new Map([
          [kept, 'new'],
          [path.join(blocker, 'x.txt'), 'cannot be written'],
        ]),
      ),
    ).toThrow();
    expect(fs.readFileSync(kept, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a failed rename leaves no temp file behind', () => {
    const target = path.join(dir, 'a-folder');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(target, 'cannot replace a folder')).toThrow();
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
