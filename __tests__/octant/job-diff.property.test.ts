import { seedFrom } from '../nomad/hcl/roundtrip-property';
import { diffProperty } from './job-diff-property';

// The short run; the heavy tier runs many more pairs with a new seed each time.
describe('overridesBetween (property)', () => {
  test('80 generated pairs: the overrides turn the first job into the second', () => {
    expect(diffProperty(80, seedFrom(20261129))).toBeGreaterThan(60);
  });
});
