import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import {
  SITES,
  checkOutcome,
  fuzzSeed,
  jobspecProperty,
  run,
  siteProperty,
  snapshot,
  tmpDir,
  warmUp,
} from './mutate';

/*
 * The short fuzz run of `npm test`; __tests__/fuzz/cli.heavy.test.ts runs the long one.
 * A synth is slow (cdktf), so this tier runs few site cases.
 */
const seed = fuzzSeed();

test('mutated site files: a clear error or a synth, never a stack trace; outputs kept on error', async () => {
  const work = tmpDir('oc-fuzz-site-');
  fs.mkdirSync(path.join(work, 'out'));
  // Outputs of a good run first, so "unchanged on error" has something to compare.
  expect(
    (await run(['synth', '--site', SITES[0], '--out', 'out/cdktf', '--jobs-dir', 'out/jobs'], work))
      .code,
  ).toBe(0);
  expect(snapshot(path.join(work, 'out')).size).toBeGreaterThan(3);
  await fc.assert(siteProperty(work), { seed, numRuns: 12 });
  fs.rmSync(work, { recursive: true, force: true });
});

test('mutated jobspecs: validate, convert and fmt give a clear error or a result', async () => {
  const work = tmpDir('oc-fuzz-job-');
  await warmUp(work);
  await fc.assert(jobspecProperty(work), { seed, numRuns: 8 });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the fuzz checks can fail', () => {
  test('a stack trace, an internal error, a slow run and a silent failure are caught', () => {
    const trace = 'Error: x\n    at f (/a/b.ts:1:2)\n';
    expect(() => checkOutcome({ code: 1, err: trace, ms: 1 }, 't')).toThrow(/stack trace/);
    expect(() => checkOutcome({ code: 1, err: 'e\n  fix: f', ms: 6000 }, 't')).toThrow(/over 5 s/);
    expect(() => checkOutcome({ code: 2, err: '', ms: 1 }, 't')).toThrow(/without a word/);
    const bug = 'openclaw-octant fmt: internal error (RangeError), a bug of openclaw-octant\n';
    expect(() => checkOutcome({ code: 70, err: bug, ms: 1 }, 't')).toThrow(/internal error/);
    const warned = {
      code: 1,
      err: 'x: y\n  fix: z\n',
      ms: 1,
      around: ['Keys with collection values'],
    };
    expect(() => checkOutcome(warned, 't')).toThrow(/printed around the CLI's output/);
    expect(() => checkOutcome({ code: 1, err: 'x: y\n  fix: z\n', ms: 1 }, 't')).not.toThrow();
  });

  test('a command that throws (what a user would see as a stack trace) fails the run', async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock('../../cli/main', () => ({
        main: async () => {
          throw new TypeError('boom');
        },
      }));
      const { run: isolatedRun } = await import('./mutate');
      await expect(isolatedRun(['fmt', 'x'], tmpDir('oc-fuzz-self-'))).rejects.toThrow(
        /fmt x threw instead of a clear error:\nTypeError: boom/,
      );
    });
  });

  test('a path holding a NUL byte is a clear error (found by the check above)', async () => {
    const o = await run(['fmt', 'a\u0000b'], tmpDir('oc-fuzz-self-'));
    expect(o.code).toBe(1);
    expect(o.err).toContain('is not a usable path (it holds a NUL byte)');
  });
});
