import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  commit,
  listFiles,
  makeStaging,
  RECORD_FILE,
  stagedFiles,
  stageFile,
  stagingDirOf,
  withLock,
} from '../../lib/util/staged-tree';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-staged-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One synth-like run: stage `files`, commit; returns what the staging folder held. */
function run(token: string, files: Record<string, string>): string[] {
  return withLock(dir, () => {
    const staging = makeStaging(dir, token);
    for (const [rel, content] of Object.entries(files)) stageFile(staging, rel, content);
    const held = listFiles(staging);
    expect(stagedFiles(staging)).toEqual(Object.keys(files).sort());
    commit(token, [{ role: 'out', dir }]);
    return held;
  });
}

test('a file already in place is noted, not staged; the rest is written and recorded', () => {
  const files = {
    'a.txt': 'one\n',
    [path.join('m', 'b.txt')]: 'two\n',
    'prepare.sh': '#!/bin/sh\n',
  };
  expect(run('t1', files).sort()).toEqual(Object.keys(files).sort());
  const before = fs.statSync(path.join(dir, 'a.txt')).mtimeMs;
  // The second run stages only the changed file; the unchanged ones stay untouched.
  const held = run('t2', { ...files, 'a.txt': 'one\n', [path.join('m', 'b.txt')]: 'TWO\n' });
  expect(held).toEqual([path.join('m', 'b.txt')]);
  expect(fs.readFileSync(path.join(dir, 'm', 'b.txt'), 'utf8')).toBe('TWO\n');
  expect(fs.statSync(path.join(dir, 'a.txt')).mtimeMs).toBe(before);
  expect(fs.statSync(path.join(dir, 'prepare.sh')).mode & 0o100).toBe(0o100);
  expect(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).toBe('a.txt\nm/b.txt\nprepare.sh\n');
  expect(fs.existsSync(stagingDirOf(dir, 't2'))).toBe(false);
});

test('same bytes with another mode are staged, and the mode restored', () => {
  run('t1', { 'prepare.sh': '#!/bin/sh\n' });
  fs.chmodSync(path.join(dir, 'prepare.sh'), 0o644);
  expect(run('t2', { 'prepare.sh': '#!/bin/sh\n' })).toEqual(['prepare.sh']);
  expect(fs.statSync(path.join(dir, 'prepare.sh')).mode & 0o100).toBe(0o100);
});
