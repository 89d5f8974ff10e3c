import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { SITES, fuzzSeed, jobspecProperty, run, siteProperty, snapshot, tmpDir } from './mutate';

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
  await fc.assert(jobspecProperty(work), { seed, numRuns: 15 });
  fs.rmSync(work, { recursive: true, force: true });
});
