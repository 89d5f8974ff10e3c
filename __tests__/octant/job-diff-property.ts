import fc from 'fast-check';
import { applyJobOverrides } from '../../lib/octant/job-override';
import { overridesBetween } from '../../lib/octant/job-diff';
import { normalizeJobFile } from '../../lib/nomad/normalize';
import type { Job, JobFile } from '../../lib/nomad/model';
import { job } from '../nomad/hcl/arbitraries';
import { tableJob } from '../nomad/hcl/table-arbitraries';

/**
 * overridesBetween over generated pairs of jobs (Octant-shaped and over every block of the field
 * table): applying the overrides to the first gives the second. Shared by the short run in
 * `npm test` and the long one in `npm run test:heavy`.
 */
export function diffProperty(runs: number, seed: number): number {
  // Printed so a failure can be replayed: PROPERTY_SEED=<seed>.
  process.stdout.write(`job diff property: ${runs} pairs, seed ${seed}\n`);
  const arb = fc.oneof(job('j'), tableJob('j'));
  const pairs = fc.sample(fc.tuple(arb, arb), { numRuns: runs, seed });
  let changed = 0;
  for (const [a, b] of pairs) {
    const from: JobFile = { job: a as Job };
    const to: JobFile = { job: { ...(b as Job), name: a.name } };
    const overrides = overridesBetween(from, to);
    const got = applyJobOverrides(from, 'j', overrides, { validate: false });
    expect(normalizeJobFile(got)).toEqual(normalizeJobFile(to));
    if (overrides.length > 0) changed++;
  }
  return changed;
}
