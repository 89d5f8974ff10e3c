import fc from 'fast-check';
import { formatNative } from '../../../lib/nomad/hcl/fmt';
import { renderHcl } from '../../../lib/nomad/hcl/render';
import { hclwriteFormat as hclFormat } from './judges';
import { job } from './arbitraries';
import { tableJob } from './table-arbitraries';
import { misformat } from './fmt-native';

// `npm run test:heavy`: generated jobspecs (hostile strings, every block of the table), with
// their spacing scrambled, formatted by the native formatter and by hclwrite: the same text.
test('native formatter = hclwrite on scrambled generated jobspecs', async () => {
  const seed = Number(process.env.PROPERTY_SEED ?? 20261206);
  process.stdout.write(`fmt differential: seed ${seed}\n`);
  const batches = fc.sample(
    fc.array(fc.oneof(job('a'), tableJob('b')), { minLength: 20, maxLength: 20 }),
    { numRuns: 40, seed },
  );
  let compared = 0;
  for (const [k, jobs] of batches.entries()) {
    const text = jobs.map((j, i) => renderHcl({ job: { ...j, name: `j${i}` } })).join('\n');
    for (const variant of [text, misformat(text, seed + k)]) {
      if (variant === undefined) continue;
      expect(formatNative(variant)).toBe(await hclFormat(variant));
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(40);
}, 600_000);
