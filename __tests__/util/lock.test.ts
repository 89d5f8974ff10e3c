import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireLock, lockFileOf } from '../../lib/util/staged-tree';

// FAT and some network shares have no hard links; this file's fs can pretend to be one.
const mockLinks = { supported: true, calls: 0 };
jest.mock('fs', () => {
  const real = jest.requireActual<typeof import('fs')>('fs');
  return {
    ...real,
    linkSync: (from: fs.PathLike, to: fs.PathLike): void => {
      mockLinks.calls++;
      if (mockLinks.supported) return real.linkSync(from, to);
      throw Object.assign(new Error('link: operation not permitted'), { code: 'EPERM' });
    },
  };
});

const dirs: string[] = [];
const folder = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-lock-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  mockLinks.supported = true;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

test('the lock holds the pid, whole, and its release removes it', () => {
  const dir = folder();
  const release = acquireLock(dir);
  expect(fs.readFileSync(lockFileOf(dir), 'utf8')).toBe(`${process.pid}\n`);
  release();
  expect(fs.readdirSync(dir)).toEqual([]);
});

// Without hard links the lock is created, then written.
test('on a file system without hard links the lock is still taken and released', () => {
  const dir = folder();
  mockLinks.supported = false;
  mockLinks.calls = 0;
  const release = acquireLock(dir);
  expect(mockLinks.calls).toBe(1);
  expect(fs.readFileSync(lockFileOf(dir), 'utf8')).toBe(`${process.pid}\n`);
  release();
  expect(fs.readdirSync(dir)).toEqual([]);
});

// A lock made moments ago with no pid yet is being written by its maker: not a dead run's.
test('an empty lock is waited for while new, and taken over once old', () => {
  const dir = folder();
  const file = lockFileOf(dir);
  fs.writeFileSync(file, '');
  expect(() => acquireLock(dir, { waitMs: 200 })).toThrow(/for too long/);
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(file, past, past);
  const release = acquireLock(dir, { waitMs: 200 });
  expect(fs.readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
  release();
});

test("a dead run's lock is taken over, and no guard or temporary file is left", () => {
  const dir = folder();
  // A pid above Linux's maximum (4194304) is never a live process.
  fs.writeFileSync(lockFileOf(dir), '99999999\n');
  const release = acquireLock(dir, { waitMs: 1000 });
  expect(fs.readdirSync(dir)).toEqual([path.basename(lockFileOf(dir))]);
  release();
});
