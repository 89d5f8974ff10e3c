import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFilesAtomic } from '../../lib/util/atomic-write';
import {
  checkNesting,
  MAX_NESTING,
  nestingTooDeepAt,
  valueTooDeep,
  withScratchDir,
} from '../../lib/util/boundary';

const deep = (open: string, close: string, n = MAX_NESTING + 1): string =>
  open.repeat(n) + close.repeat(n);

describe('nesting of input text', () => {
  test('brackets past the limit are found, at the bracket that goes too deep', () => {
    expect(nestingTooDeepAt(deep('[', ']', MAX_NESTING))).toBe(-1);
    expect(nestingTooDeepAt(`x = ${deep('[', ']')}`)).toBe(4 + MAX_NESTING);
    expect(nestingTooDeepAt(deep('{', '}'))).toBe(MAX_NESTING);
    expect(nestingTooDeepAt(deep('(', ')'))).toBe(MAX_NESTING);
  });

  test('interpolations inside strings and heredocs count; their text does not', () => {
    expect(nestingTooDeepAt(`a = "${'('.repeat(500)}"`)).toBe(-1);
    expect(nestingTooDeepAt(`a = "\${${deep('(', ')')}}"`)).toBeGreaterThan(0);
    expect(nestingTooDeepAt(`a = <<EOT\n${'['.repeat(500)}\nEOT\n`)).toBe(-1);
    expect(nestingTooDeepAt(`a = <<-EOT\n  \${${deep('[', ']')}}\n  EOT\n`)).toBeGreaterThan(0);
    // `$${` is an escaped (literal) interpolation.
    expect(nestingTooDeepAt(`a = "${'$${'.repeat(500)}"`)).toBe(-1);
    // A closing bracket inside a string does not undo the nesting around it.
    expect(nestingTooDeepAt(`x = ${'[ "]", '.repeat(MAX_NESTING + 1)}`)).toBeGreaterThan(0);
  });

  test('comments are text', () => {
    expect(
      nestingTooDeepAt(`# ${'['.repeat(500)}\n// ${'{'.repeat(500)}\n/* ${'('.repeat(500)} */`),
    ).toBe(-1);
  });

  test('the error names the file and line', () => {
    expect(() => checkNesting(`a = 1\nb = ${deep('[', ']')}\n`, 'f.tf')).toThrow(
      /^f\.tf:2: nests deeper than 100 levels/,
    );
  });

  test('parsed values are measured without recursion', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(valueTooDeep(v)).toBe(true);
    expect(valueTooDeep({ a: [{ b: [1] }] })).toBe(false);
  });
});

describe('scratch folders and byte writes', () => {
  test('a scratch folder is removed afterwards, also after an error', async () => {
    let seen = '';
    await expect(
      withScratchDir('oc-scratch-', async (dir) => {
        seen = dir;
        fs.writeFileSync(path.join(dir, 'x'), 'x');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).not.toBe('');
    expect(fs.existsSync(seen)).toBe(false);
  });

  test('bytes are written as they are', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bytes-'));
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
    writeFilesAtomic(new Map([[path.join(dir, 'b.bin'), bytes]]));
    expect(fs.readFileSync(path.join(dir, 'b.bin'))).toEqual(bytes);
    fs.rmSync(dir, { recursive: true });
  });
});
