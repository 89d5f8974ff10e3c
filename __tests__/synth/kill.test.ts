import { killLoop } from './synth-fixture';

// A few rounds here; __tests__/synth/kill.heavy.test.ts runs the long randomized loop.
test('kill -9 during synth leaves the old complete set or the new one, never a mix', async () => {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 100000);
  process.stdout.write(`kill -9 test seed: ${seed} (KILL_SEED=${seed} to replay)\n`);
  await killLoop(4, seed);
}, 60000);
