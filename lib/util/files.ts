import * as fs from 'fs';
import { UserError } from './errors';

/** Largest input file read: site files and jobspecs are kilobytes; /dev/zero is endless. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'has a file where a folder is expected on its path',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not accessible (operation not permitted)',
  EROFS: 'is on a read-only file system',
  EEXIST: 'already exists (and is not what is needed there: a folder?)',
  ENOSPC: 'cannot be written: the disk is full',
  ELOOP: 'is a symlink loop',
  ENAMETOOLONG: 'is too long a path',
};

/**
 * A file system error (ENOENT, EACCES...) as a UserError naming `where`; anything else is
 * returned unchanged (a bug keeps its stack trace). Use: `catch (e) { throw fsError(e, f, fix) }`.
 */
export function fsError(e: unknown, where: string, fix: string): unknown {
  // Duck-typed: errors from another realm (jest's vm) are not `instanceof Error` here.
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  // Node refuses a path holding a NUL byte before asking the file system.
  if (code === 'ERR_INVALID_ARG_VALUE' && /null bytes/.test(String((e as Error).message))) {
    return new UserError(where, 'is not a usable path (it holds a NUL byte)', fix);
  }
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  const reason = REASONS[code] ?? `cannot be used (${code})`;
  // The path in the error may be a temporary sibling: name it, if it is not `where`.
  const p = (e as NodeJS.ErrnoException).path;
  const detail = p !== undefined && !p.endsWith(where) ? ` (${p})` : '';
  return new UserError(where, `${reason}${detail}`, fix);
}

/**
 * Reads a text file a user named: a folder, a device that never ends, a file over
 * MAX_INPUT_BYTES or bytes that are not UTF-8 are UserErrors naming `shown` (invalid UTF-8 is
 * never silently turned into U+FFFD).
 */
export function readTextFile(
  file: string,
  shown: string = file,
  maxBytes = MAX_INPUT_BYTES,
): string {
  let fd: number;
  try {
    if (file.includes('\0'))
      throw new UserError(shown, 'is not a usable path (it holds a NUL byte)', 'check the path');
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw fsError(e, shown, 'check the path');
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) {
      throw new UserError(shown, 'is a folder, not a file', 'name a file inside it instead');
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        throw fsError(e, shown, 'check the path');
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) {
        throw new UserError(
          shown,
          `is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB (or never ends)`,
          'name a regular text file',
        );
      }
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return decodeUtf8(Buffer.concat(chunks), shown);
  } finally {
    fs.closeSync(fd);
  }
}

/** Strict UTF-8 decoding: bad bytes are a UserError naming the byte offset. */
export function decodeUtf8(bytes: Uint8Array, shown: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    let offset = 0;
    // Find the first bad byte: decode growing prefixes is quadratic, so scan by hand.
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      const len =
        b < 0x80
          ? 1
          : b >= 0xc2 && b < 0xe0
            ? 2
            : b >= 0xe0 && b < 0xf0
              ? 3
              : b >= 0xf0 && b < 0xf5
                ? 4
                : 0;
      if (len === 0) break;
      let ok = i + len <= bytes.length;
      for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
      if (!ok) break;
      i += len;
      offset = i;
    }
    throw new UserError(
      shown,
      `is not valid UTF-8 (first bad byte at offset ${offset})`,
      'save the file as UTF-8',
    );
  }
}
