import { main } from '../../cli/main';

/** `npm run bench` (`openclaw-octant bench`) runs to the end and prints its figures. */
test('bench prints its figures', async () => {
  const out: string[] = [];
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => out.push(t),
    cwd: process.cwd(),
    env: {},
  };
  expect(await main(['bench', '--runs', '1', '--skip-stock'], io)).toBe(0);
  const text = out.join('');
  expect(text).toMatch(/synth/);
  expect(text).toMatch(/floor \+ zod \+ yaml .*: median of 1: \d/);
  expect(text).toMatch(/OpenClaw schema check .*: median of 1: \d/);
  expect(text.split('\n').filter((l) => /\d+(\.\d+)? ?(ms|s|MB)\b/.test(l)).length).toBeGreaterThan(
    2,
  );
}, 600_000);
