import { main } from '../../cli/main';
import { Io } from '../../cli/io';

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: process.cwd(), env: {} },
    out,
    err,
  };
}

describe('cli', () => {
  test('--help lists every command', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    for (const name of ['synth', 'vendor', 'validate', 'fmt', 'convert', 'secrets', 'bench']) {
      expect(c.out.join('')).toContain(`  ${name}`);
    }
  });

  test('an unknown command is a usage error (exit 2) that says how to fix it', async () => {
    const c = capture();
    expect(await main(['synht'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/unknown command 'synht'[\s\S]*--help/);
  });

  test.each(['synth', 'vendor', 'validate', 'fmt', 'convert', 'bench'])(
    'an unknown option of %s is a usage error pointing at its --help',
    async (name) => {
      const c = capture();
      expect(await main([name, '--bogus'], c.io)).toBe(2);
      expect(c.err.join('')).toMatch(new RegExp(`--bogus[\\s\\S]*openclaw-octant ${name} --help`));
    },
  );

  test('bench refuses a --runs that is not a whole number', async () => {
    const c = capture();
    expect(await main(['bench', '--runs', 'two'], c.io)).toBe(2);
    expect(c.err.join('')).toContain('--runs two is not a whole number >= 1');
  });
});
