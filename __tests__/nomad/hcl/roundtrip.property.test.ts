import { roundTrip, seedFrom } from './roundtrip-property';

// The short run of `npm test`: a fixed seed, so it is the same run every time. The long run with
// a fresh seed is roundtrip.property.heavy.test.ts (`npm run test:heavy`).
const BATCHES = 12;
const PER_BATCH = 25;

describe('model -> HCL -> parse round trip (property, short)', () => {
  test(`${BATCHES * PER_BATCH} generated jobs come back identical and canonical`, async () => {
    expect(await roundTrip(BATCHES, PER_BATCH, seedFrom(20261129))).toBe(BATCHES * PER_BATCH);
  }, 60_000);
});
