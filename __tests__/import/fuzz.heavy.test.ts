import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { importModule } from '../../homelab/import/import';
import { isUserError } from '../../lib/util/errors';

/**
 * Random edits of the fixture modules (`main.tf`, `variables.tf` or the jobspec), each imported
 * (`npm run test:heavy`): import gives a result or a UserError, never another exception (the
 * CLI would report it as a bug of ours). Found: a for_each job read from `whoami.tpl`.
 * PROPERTY_SEED replays a run; FUZZ_RUNS scales it.
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'octant-modules');
const PIECES = [
  '"',
  '{',
  '}',
  '[',
  ']',
  '=',
  '\n',
  '${',
  '(',
  ')',
  ',',
  '.',
  '*',
  '?',
  ':',
  '-',
  '\\',
  '#',
  '1',
  'null',
  'true',
  '"x"',
  'var.',
  'local.',
  'each.',
  'for ',
  ' in ',
  '...',
  '[*]',
  '%{',
  '<<EOT\n',
  'EOT\n',
  'file(',
  'templatefile(',
  'try(',
  'jsonencode(',
  'yamldecode(',
  'lookup(',
  'merge(',
  'format(',
  'split(',
  'join(',
  'for_each = ',
];
const FILES = ['main.tf', 'variables.tf', 'the jobspec'] as const;

/** The module's file an edit goes into: `the jobspec` is the first *.hcl / *.tpl beside main.tf. */
function target(dir: string, which: (typeof FILES)[number]): string | undefined {
  const names = fs.readdirSync(dir);
  const name =
    which === 'the jobspec'
      ? names.find((n) => /\.(hcl|tpl)$/.test(n))
      : names.find((n) => n === which);
  return name === undefined ? undefined : path.join(dir, name);
}

test('edited fixture modules: import gives a result or a UserError, nothing else', async () => {
  const seed = Number(process.env.PROPERTY_SEED ?? 20261206);
  const runs = Number(process.env.FUZZ_RUNS) || 1000;
  process.stdout.write(
    `import fuzz: seed ${seed}, ${runs} runs (replay with PROPERTY_SEED=${seed})\n`,
  );
  const modules = fs
    .readdirSync(FIXTURES)
    .filter((m) => fs.statSync(path.join(FIXTURES, m)).isDirectory());
  const edits = fc.array(fc.tuple(fc.nat(8000), fc.nat(3), fc.constantFrom(...PIECES)), {
    minLength: 1,
    maxLength: 3,
  });
  const cases = fc.sample(fc.tuple(fc.constantFrom(...modules), fc.constantFrom(...FILES), edits), {
    numRuns: runs,
    seed,
  });
  const bugs: string[] = [];
  let refused = 0;
  for (const [module, which, muts] of cases) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-import-fuzz-'));
    const dir = path.join(work, module);
    fs.cpSync(path.join(FIXTURES, module), dir, { recursive: true });
    const file = target(dir, which);
    if (file !== undefined) {
      let text = fs.readFileSync(file, 'utf8');
      for (const [pos, del, ins] of muts) {
        const p = pos % (text.length + 1);
        text = text.slice(0, p) + ins + text.slice(p + del);
      }
      fs.writeFileSync(file, text);
    }
    try {
      await importModule(dir, { siteFile: path.join(work, 'site', 'site.yaml') });
    } catch (e) {
      if (isUserError(e)) refused++;
      else bugs.push(`${module}/${which} ${JSON.stringify(muts)}: ${String(e)}`);
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(
    `import fuzz: ${refused} of ${cases.length} edits refused with a UserError\n`,
  );
  expect(bugs).toEqual([]);
  // The edits reach import's checks, not only its first parse.
  expect(refused).toBeGreaterThan(0);
  expect(refused).toBeLessThan(cases.length);
}, 600_000);
