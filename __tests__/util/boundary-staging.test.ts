import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  copyInputFile,
  isEmptyFolder,
  makeFolder,
  moveEntry,
  quoteName,
  readInputChunks,
} from '../../lib/util/boundary';
import { UserError } from '../../lib/util/errors';

/** The boundary's staging helpers (restore uses them): no link followed, nothing blocks. */

describe('boundary staging helpers', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-boundary-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads a file in chunks, refusing a final link with noFollow', () => {
    const file = path.join(tmp, 'f');
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024 + 5, 7));
    let total = 0;
    const st = readInputChunks(file, 'f', (c) => (total += c.length));
    expect(total).toBe(3 * 1024 * 1024 + 5);
    expect(st.size).toBe(total);
    fs.symlinkSync(file, path.join(tmp, 'link'));
    expect(() => readInputChunks(path.join(tmp, 'link'), 'link', () => undefined)).not.toThrow();
    expect(() =>
      readInputChunks(path.join(tmp, 'link'), 'link', () => undefined, { noFollow: true }),
    ).toThrow(/link: is a symlink loop \(or a symlink where none is allowed\)/);
  });

  it('copies a regular file with its permission bits and time, never through a link', () => {
    const src = path.join(tmp, 'src');
    fs.writeFileSync(src, 'data');
    fs.chmodSync(src, 0o4640);
    fs.utimesSync(src, new Date(1e12), new Date(1e12));
    copyInputFile(src, path.join(tmp, 'dest'));
    const st = fs.statSync(path.join(tmp, 'dest'));
    expect(fs.readFileSync(path.join(tmp, 'dest'), 'utf8')).toBe('data');
    expect(st.mode & 0o7777).toBe(0o640);
    expect(st.mtimeMs).toBe(1e12);
    // The destination must be new: an existing file, or a link to one, is never written.
    const victim = path.join(tmp, 'victim');
    fs.writeFileSync(victim, 'keep');
    fs.symlinkSync(victim, path.join(tmp, 'dest-link'));
    expect(() => copyInputFile(src, path.join(tmp, 'dest-link'), 'src')).toThrow(UserError);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep');
    // A link as the source is refused.
    expect(() => copyInputFile(path.join(tmp, 'dest-link'), path.join(tmp, 'x'))).toThrow(
      /is a symlink/,
    );
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  it('tells an empty real folder from a link to one, and makes folders it can undo', () => {
    expect(makeFolder(path.join(tmp, 'a', 'b', 'c'))).toBe(path.join(tmp, 'a'));
    expect(makeFolder(path.join(tmp, 'a', 'b'))).toBeUndefined();
    expect(isEmptyFolder(path.join(tmp, 'a', 'b', 'c'))).toBe(true);
    expect(isEmptyFolder(path.join(tmp, 'a', 'b'))).toBe(false);
    fs.symlinkSync(path.join(tmp, 'a', 'b', 'c'), path.join(tmp, 'l'));
    expect(isEmptyFolder(path.join(tmp, 'l'))).toBe(false);
    expect(isEmptyFolder(path.join(tmp, 'missing'))).toBe(false);
    fs.writeFileSync(path.join(tmp, 'file'), '');
    expect(() => makeFolder(path.join(tmp, 'file', 'x'), 'out')).toThrow(/^out: has a file where/);
  });

  it('moves a link as a link', () => {
    fs.mkdirSync(path.join(tmp, 'target'));
    fs.symlinkSync(path.join(tmp, 'target'), path.join(tmp, 'l'));
    moveEntry(path.join(tmp, 'l'), path.join(tmp, 'm'));
    expect(fs.lstatSync(path.join(tmp, 'm')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(path.join(tmp, 'target'))).toEqual([]);
  });

  it('quotes a name from input so that nothing in it reaches a terminal as a command', () => {
    expect(quoteName('state/a b')).toBe('"state/a b"');
    expect(quoteName('a\nb\u001b[2J\u009b1m\u202eevil')).toBe(
      '"a\\nb\\u001b[2J\\u009b1m\\u202eevil"',
    );
    expect(quoteName('x'.repeat(200), 10)).toBe(`"${'x'.repeat(10)}..."`);
  });
});
