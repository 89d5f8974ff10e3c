import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { prng } from '../synth/synth-fixture';

const contender = path.join(__dirname, 'lock-contender.js');

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function start(
  dir: string,
  rounds: number,
  noLinks = false,
): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [contender, dir, String(rounds)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOCK_NO_LINKS: noLinks ? '1' : '0' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exit };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Many runs waiting on one lock see it released and taken again between finding it taken and
// reading it: that was refused as "not a synth lock (does not exist)" (a concurrent synth in CI).
// Without hard links (FAT) the lock is created, then written: a waiting run may read it empty.
test.each([
  ['', false],
  [' without hard links', true],
])(
  '8 processes taking one lock 150 times each%s: none refused, never two holders',
  async (_n, noLinks) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-lock-'));
    try {
      const exits = await Promise.all(
        Array.from({ length: 8 }, () => start(dir, 150, noLinks).exit),
      );
      expect(exits.map((e) => e.stderr)).toEqual(Array(8).fill(''));
      expect(exits.map((e) => e.code)).toEqual(Array(8).fill(0));
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  120000,
);

// A holder killed with its lock held: the others take it over, one at a time, and a lock a live
// run took meanwhile is never removed.
test('killing holders at random: the rest take over, none refused, never two holders', async () => {
  const seed = Number(process.env.LOCK_SEED ?? 20261206);
  process.stdout.write(`lock kill test seed: ${seed} (LOCK_SEED=${seed} to replay)\n`);
  const random = prng(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-lock-kill-'));
  const running = new Set<ChildProcess>();
  const exits: Promise<Exit>[] = [];
  const add = (): void => {
    const { child, exit } = start(dir, 0);
    running.add(child);
    exits.push(exit.finally(() => running.delete(child)));
  };
  try {
    for (let i = 0; i < 5; i++) add();
    for (let kill = 0; kill < 60; kill++) {
      await sleep(50 + Math.floor(random() * 150));
      [...running][Math.floor(random() * running.size)]?.kill('SIGKILL');
      add();
    }
    await sleep(300);
    running.forEach((c) => c.kill('SIGKILL'));
    const all = await Promise.all(exits);
    // Every contender runs until killed: any other end is a refusal or a second holder.
    expect(all.filter((e) => e.signal !== 'SIGKILL').map((e) => e.stderr)).toEqual([]);
  } finally {
    running.forEach((c) => c.kill('SIGKILL'));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120000);
