import { spawn } from 'child_process';
import * as fs from 'fs';
import { killLoop, references, same, state, synthArgs, useSite, workspace } from './synth-fixture';

test('kill -9 at random moments of 100 synths: never a mix, no leftovers', async () => {
  const seed = Number(process.env.KILL_SEED ?? 20261206);
  process.stdout.write(`kill -9 heavy test seed: ${seed} (KILL_SEED=${seed} to replay)\n`);
  await killLoop(Number(process.env.KILL_ROUNDS ?? 100), seed);
}, 900000);

// Two sites' outputs coexist in one folder (each has its own record), so concurrent runs share
// one site file: the lock makes them run one after another, each commit whole.
test('concurrent synths of one site into one folder: whole, nothing left over', async () => {
  const refs = references();
  const ws = workspace('oc-concurrent-');
  try {
    const site = useSite(ws, 'a');
    const runs = Array.from({ length: 12 }, () => {
      return new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, synthArgs(ws, site), { stdio: 'ignore' });
        child.on('exit', (code) => resolve(code));
      });
    });
    expect(await Promise.all(runs)).toEqual(Array(12).fill(0));
    const tree = state(ws);
    expect(same(tree, refs.a)).toBe(true);
  } finally {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}, 600000);
