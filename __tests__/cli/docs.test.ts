import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { Io } from '../../cli/io';

/** README and help say what the CLI really does: every command and option they show exists. */
const ROOT = path.resolve(__dirname, '../..');
const DOCS = ['README.md', 'help'].map((f) => ({
  f,
  text: fs.readFileSync(path.join(ROOT, f), 'utf8'),
}));

async function output(args: string[]): Promise<string> {
  const out: string[] = [];
  const io: Io = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), cwd: ROOT, env: {} };
  await main(args, io);
  return out.join('');
}

test('every `openclaw-octant <command> --option` in README and help is in that command`s usage', async () => {
  const commands = await output(['--help']);
  const checked: string[] = [];
  for (const { f, text } of DOCS) {
    for (const m of text.matchAll(/npx openclaw-octant ([a-z][a-z-]*)((?: +[^\n#]*)?)/g)) {
      const [, cmd, rest] = m;
      if (cmd === 'synth' && /^\s*synth\b/.test(rest)) continue;
      expect([f, cmd, commands.includes(`  ${cmd} `)]).toEqual([f, cmd, true]);
      const usage = await output([cmd, '--help']);
      for (const opt of rest.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)) {
        if (opt[0] === '--help') continue;
        expect([f, cmd, opt[0], usage.includes(opt[0])]).toEqual([f, cmd, opt[0], true]);
        checked.push(`${cmd} ${opt[0]}`);
      }
    }
  }
  expect(checked.length).toBeGreaterThan(5);
});

test('the --version the docs mention is what the CLI prints', async () => {
  expect(DOCS.every(({ text }) => text.includes('--version'))).toBe(true);
  expect(await output(['--version'])).toMatch(/^openclaw-octant \d+\.\d+\.\d+\n$/);
});
