import { seedFrom } from '../nomad/hcl/roundtrip-property';
import { diffProperty } from './job-diff-property';

describe('overridesBetween (property, long)', () => {
  test('5000 generated pairs: the overrides turn the first job into the second', () => {
    expect(diffProperty(5000, seedFrom(20261206))).toBeGreaterThan(4000);
  }, 600_000);
});
