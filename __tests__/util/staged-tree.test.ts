import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  commit,
  listFiles,
  makeStaging,
  RECORD_FILE,
  readRecord,
  recordFileFor,
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

/** A run of the site whose record is `record` (as synth names them: recordFileFor). */
function runAs(token: string, record: string, files: Record<string, string>) {
  return withLock(dir, () => {
    const staging = makeStaging(dir, token);
    for (const [rel, content] of Object.entries(files)) stageFile(staging, rel, content);
    return commit(token, [{ role: 'out', dir, record }]);
  });
}

test("a file two sites write is the last writer's: the other site no longer removes it", () => {
  const a = recordFileFor('a.site.yaml');
  const b = recordFileFor('b.site.yaml');
  expect(runAs('t1', a, { 'job.hcl': 'a\n', 'a-only.hcl': 'a\n' })).toEqual([]);
  // b writes job.hcl too: it is b's now, and a's record keeps only its own file.
  expect(runAs('t2', b, { 'job.hcl': 'b\n', 'b-only.hcl': 'b\n' })).toEqual([
    { dir, record: a, files: ['job.hcl'] },
  ]);
  expect(readRecord(dir, a)).toEqual(['a-only.hcl']);
  expect(readRecord(dir, b)).toEqual(['b-only.hcl', 'job.hcl']);
  // a stops writing a-only.hcl and job.hcl: it removes its own file, never b's.
  runAs('t3', a, {});
  expect(fs.existsSync(path.join(dir, 'a-only.hcl'))).toBe(false);
  expect(fs.readFileSync(path.join(dir, 'job.hcl'), 'utf8')).toBe('b\n');
  // b takes nothing from a record that no longer names the file; an emptied record goes.
  expect(runAs('t4', b, { 'job.hcl': 'b\n' })).toEqual([]);
  expect(runAs('t5', a, { 'job.hcl': 'a\n' })).toEqual([{ dir, record: b, files: ['job.hcl'] }]);
  expect(fs.existsSync(path.join(dir, b))).toBe(false);
  expect(readRecord(dir, a)).toEqual(['job.hcl']);
});

test('a file both records still name (an older synth) stays when one site stops writing it', () => {
  const a = recordFileFor('a.site.yaml');
  fs.writeFileSync(path.join(dir, 'job.hcl'), 'x\n');
  fs.writeFileSync(path.join(dir, a), 'job.hcl\n');
  fs.writeFileSync(path.join(dir, RECORD_FILE), 'job.hcl\n');
  runAs('t1', RECORD_FILE, {});
  expect(fs.readFileSync(path.join(dir, 'job.hcl'), 'utf8')).toBe('x\n');
  expect(readRecord(dir, a)).toEqual(['job.hcl']);
});
