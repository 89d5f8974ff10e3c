import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFilesAtomic } from '../../lib/util/atomic-write';
import {
  commit,
  journalFileOf,
  makeStaging,
  stageFile,
  stagingDirOf,
  withLock,
} from '../../lib/util/staged-tree';

/**
 * Durability, shown by the order of file-system calls (a power cut can't be had in a test):
 * a file's content is flushed (fsync) before the rename that puts it in place, and synth's
 * staged files are flushed before the journal that would move them exists.
 */
/** The calls the code under test makes, in order (fd -> the path it was opened with). */
const log = { events: [] as string[], fds: new Map<number, string>(), dir: '' };
jest.mock('fs', () => {
  const real = jest.requireActual<typeof import('fs')>('fs');
  const rel = (p: unknown): string => path.relative(log.dir, String(p));
  return {
    ...real,
    openSync: (...args: Parameters<typeof real.openSync>): number => {
      const fd = real.openSync(...args);
      log.fds.set(fd, rel(args[0]));
      return fd;
    },
    fsyncSync: (fd: number): void => {
      log.events.push(`sync ${log.fds.get(fd)}`);
      real.fsyncSync(fd);
    },
    renameSync: (from: string, to: string): void => {
      log.events.push(`rename ${rel(from)} -> ${rel(to)}`);
      real.renameSync(from, to);
    },
  };
});

let dir: string;
let events: string[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-durable-'));
  log.dir = dir;
  log.events = [];
  events = log.events;
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const before = (a: string, b: string): boolean =>
  events.indexOf(a) >= 0 && events.indexOf(b) >= 0 && events.indexOf(a) < events.indexOf(b);

test('writeFilesAtomic flushes every file before the first rename', () => {
  const a = path.join(dir, 'a.txt');
  const b = path.join(dir, 'sub', 'b.txt');
  writeFilesAtomic(
    new Map([
      [a, 'one\n'],
      [b, 'two\n'],
    ]),
  );
  const firstRename = events.find((e) => e.startsWith('rename'))!;
  expect(before(`sync .a.txt.${process.pid}.tmp`, firstRename)).toBe(true);
  expect(before(`sync ${path.join('sub', `.b.txt.${process.pid}.tmp`)}`, firstRename)).toBe(true);
  expect(fs.readFileSync(b, 'utf8')).toBe('two\n');
});

test("synth's commit flushes each staged file, then the journal, before anything moves", () => {
  const token = 'durable1';
  withLock(dir, () => {
    const staging = makeStaging(dir, token);
    stageFile(staging, 'main.tf.json', '{}\n');
    stageFile(staging, path.join('m', 'job.hcl'), 'job "x" {}\n');
    commit(token, [{ role: 'out', dir }]);
  });
  const staged = path.relative(dir, stagingDirOf(dir, token));
  const journal = path.relative(dir, journalFileOf(dir));
  const journalRename = `rename ${journal}.${process.pid}.tmp -> ${journal}`;
  for (const f of ['main.tf.json', path.join('m', 'job.hcl')]) {
    expect(before(`sync ${path.join(staged, f)}`, journalRename)).toBe(true);
    expect(before(journalRename, `rename ${path.join(staged, f)} -> ${f}`)).toBe(true);
  }
  expect(before(`sync ${journal}.${process.pid}.tmp`, journalRename)).toBe(true);
  expect(fs.readFileSync(path.join(dir, 'm', 'job.hcl'), 'utf8')).toBe('job "x" {}\n');
});
