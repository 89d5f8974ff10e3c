import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import {
  SITES,
  fuzzSeed,
  jobspecProperty,
  run,
  siteProperty,
  snapshot,
  tmpDir,
  warmUp,
} from './mutate';

/** The long fuzz run (`npm run test:heavy`); FUZZ_RUNS=<n> scales it. */
const seed = fuzzSeed();
const runs = Number(process.env.FUZZ_RUNS) || 150;

test('mutated site files (long run)', async () => {
  const work = tmpDir('oc-fuzz-site-');
  fs.mkdirSync(path.join(work, 'out'));
  expect(
    (await run(['synth', '--site', SITES[0], '--out', 'out/cdktf', '--jobs-dir', 'out/jobs'], work))
      .code,
  ).toBe(0);
  expect(snapshot(path.join(work, 'out')).size).toBeGreaterThan(3);
  await fc.assert(siteProperty(work), { seed, numRuns: runs });
  fs.rmSync(work, { recursive: true, force: true });
});

test('mutated jobspecs (long run)', async () => {
  const work = tmpDir('oc-fuzz-job-');
  await warmUp(work);
  await fc.assert(jobspecProperty(work), { seed, numRuns: runs * 3 });
  fs.rmSync(work, { recursive: true, force: true });
});
