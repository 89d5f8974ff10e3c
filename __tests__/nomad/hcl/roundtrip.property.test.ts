import fc from 'fast-check';
import { Job, JobFile, Variable } from '../../../lib/nomad/model';
import { parseJobspecBatch } from '../../../lib/nomad/hcl/parse';
import { renderHcl } from '../../../lib/nomad/hcl/render';
import { formatHcl } from '../../../lib/nomad/hcl/format';
import { normalizeJobFile } from '../../../lib/nomad/normalize';
import { job, variable } from './arbitraries';

const BATCHES = 200;
const PER_BATCH = 50;

/** One text with many jobs: each job rendered as its own file, the files concatenated. */
const batch = fc.tuple(
  fc.tuple(...Array.from({ length: PER_BATCH }, (_, i) => job(`job-${i}`))),
  fc.array(fc.nat(PER_BATCH * 10), { maxLength: 3 }),
);

describe('model -> HCL -> parse round trip (property)', () => {
  test(`${BATCHES * PER_BATCH} generated jobs with hostile strings come back identical and canonical`, async () => {
    const samples = fc.sample(batch, { numRuns: BATCHES, seed: Date.now() % 100000 });
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
      // The formatter is the slow part: check canonical form on a tenth of the batches.
      if (i % 10 === 0) expect(await formatHcl(text)).toBe(text);
      jobs += parsed.jobs.length;
    }
    expect(jobs).toBe(BATCHES * PER_BATCH);
  }, 120_000);
});
