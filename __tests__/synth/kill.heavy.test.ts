import { spawn } from 'child_process';
import * as fs from 'fs';
import { SITES, killLoop, references, same, state, synthArgs, workspace } from './synth-fixture';

test('kill -9 at random moments of 100 synths: never a mix, no leftovers', async () => {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 100000);
  process.stdout.write(`kill -9 heavy test seed: ${seed} (KILL_SEED=${seed} to replay)\n`);
  await killLoop(Number(process.env.KILL_ROUNDS ?? 100), seed);
}, 900000);

test('concurrent synths of two sites into one folder: each whole, the last one wins', async () => {
  const refs = references();
  const ws = workspace('oc-concurrent-');
  try {
    const runs = Array.from({ length: 12 }, (_, i) => {
      const site = i % 2 === 0 ? SITES.a : SITES.b;
      return new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, synthArgs(ws, site), { stdio: 'ignore' });
        child.on('exit', (code) => resolve(code));
      });
    });
    expect(await Promise.all(runs)).toEqual(Array(12).fill(0));
    const tree = state(ws);
    expect(same(tree, refs.a) || same(tree, refs.b)).toBe(true);
  } finally {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}, 600000);
