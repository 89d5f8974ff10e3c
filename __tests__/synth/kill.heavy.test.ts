import { killLoop } from './synth-fixture';

test('kill -9 at random moments of 150 synths: never a mix, no leftovers', async () => {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 100000);
  process.stdout.write(`kill -9 heavy test seed: ${seed} (KILL_SEED=${seed} to replay)\n`);
  await killLoop(Number(process.env.KILL_ROUNDS ?? 150), seed);
}, 600000);
