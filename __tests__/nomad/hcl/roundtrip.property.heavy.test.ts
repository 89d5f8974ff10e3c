import { roundTrip, seedFrom } from './roundtrip-property';

// The long run (`npm run test:heavy`): a new seed each run, printed (replay with PROPERTY_SEED).
const BATCHES = 200;
const PER_BATCH = 50;

describe('model -> HCL -> parse round trip (property, long)', () => {
  test(`${BATCHES * PER_BATCH} generated jobs come back identical and canonical`, async () => {
    const seed = seedFrom(20261206);
    expect(await roundTrip(BATCHES, PER_BATCH, seed)).toBe(BATCHES * PER_BATCH);
  }, 600_000);
});
