import fc from 'fast-check';
import { Job, JobFile, Variable } from '../../../lib/nomad/model';
import { parseJobspecBatch } from '../../../lib/nomad/hcl/parse';
import { renderHcl } from '../../../lib/nomad/hcl/render';
import { hclwriteFormat as formatHcl } from './judges';
import { parseHcl } from '../../../lib/nomad/hcl/syntax';
import { hclToJson } from './judges';
import { normalizeJobFile } from '../../../lib/nomad/normalize';
import { job, variable } from './arbitraries';
import { tableJob } from './table-arbitraries';

/**
 * model -> HCL -> parse round trip over generated jobs: the hand-written Octant-shaped jobs
 * (hostile strings, podman config) and jobs over every block type of the field table. Shared by
 * the short run in `npm test` and the long one in `npm run test:heavy`.
 */
export async function roundTrip(batches: number, perBatch: number, seed: number): Promise<number> {
  // Printed so a failure can be replayed: PROPERTY_SEED=<seed>.
  process.stdout.write(`round-trip property: ${batches}x${perBatch} jobs, seed ${seed}\n`);
  const batch = fc.tuple(
    fc.tuple(
      ...Array.from({ length: perBatch }, (_, i) =>
        fc.oneof(job(`job-${i}`), tableJob(`job-${i}`)),
      ),
    ),
    fc.array(fc.nat(perBatch * 10), { maxLength: 3 }),
  );
  const samples = fc.sample(batch, { numRuns: batches, seed });
  let jobs = 0;
  for (const [i, [batchJobs, varIds]] of samples.entries()) {
    const variables: Variable[] = [...new Set(varIds)].map(
      (id) => fc.sample(variable(`v${id}`), { numRuns: 1, seed: id })[0],
    );
    const files: JobFile[] = batchJobs.map((j: Job, k: number) =>
      k === 0 && variables.length > 0 ? { variables, job: j } : { job: j },
    );
    const text = files.map(renderHcl).join('\n');
    const parsed = await parseJobspecBatch(text, { filename: `batch-${i}.hcl` });
    // Empty block lists (`constraint: []`) are written as no blocks: they read back absent.
    const normal = files.map((f) => normalizeJobFile(f));
    expect(normal.map(renderHcl).join('\n')).toBe(text);
    expect(parsed.jobs).toEqual(normal.map((f) => f.job));
    expect(parsed.variables).toEqual(variables);
    // HashiCorp's formatter and parser (WASM) are the slow part: on a tenth of the batches, the
    // text must be canonical and our HCL reader must read what hcl2json reads.
    if (i % 10 === 0) {
      expect(await formatHcl(text)).toBe(text);
      expect(parseHcl('batch.hcl', text)).toEqual(await hclToJson('batch.hcl', text));
    }
    jobs += parsed.jobs.length;
  }
  return jobs;
}

/** PROPERTY_SEED from the environment, else `fallback`. */
export function seedFrom(fallback: number): number {
  const s = process.env.PROPERTY_SEED;
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : fallback;
}
