import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { importModule } from '../../homelab/import/import';
import { isUserError } from '../../lib/util/errors';
import type { Wiring } from '../../homelab/import/compare';
import { importThenSynth, type RoundTrip } from './roundtrip';
import { applySplices, splices } from '../fuzz/mutate';

/**
 * Random edits of the fixture modules (`main.tf`, `variables.tf` or the jobspec), each imported
 * (`npm run test:heavy`): import gives a result or a UserError, never another exception (the
 * CLI would report it as a bug of ours), and a result synthesizes to the same jobs, wiring and
 * variables. Found: a for_each job read from `whoami.tpl`; a multi-line note that broke the
 * site's YAML; a typo in a variable block, an invalid job and a carried file named like a
 * generated one, each taken and only refused by synth.
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

/** JSON with object keys sorted (Terraform maps and Nomad's JSON have no key order). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
const parsedJobs = (w: Wiring): unknown =>
  Object.fromEntries(Object.entries(w.jobs).map(([k, v]) => [k, JSON.parse(v)]));
const parsedDefaults = (w: Wiring): unknown =>
  Object.fromEntries(
    Object.entries(w.variables).map(([k, v]) => [k, v === '<required>' ? v : JSON.parse(v)]),
  );

/**
 * What a module import took must synthesize to the same jobs, secrets wiring and variables;
 * the one allowed failure is a file import warned is missing. Undefined when all holds.
 */
async function roundTripProblem(
  dir: string,
  warnings: readonly string[],
): Promise<string | undefined> {
  let rt: RoundTrip;
  try {
    rt = await importThenSynth(dir);
  } catch (e) {
    const missing = warnings.some((w) => w.includes('is not in the folder'));
    return isUserError(e) && missing ? undefined : `the imported site does not synth: ${String(e)}`;
  }
  if (canonical(parsedJobs(rt.after)) !== canonical(parsedJobs(rt.before))) return 'jobs differ';
  if (canonical(rt.after.items) !== canonical(rt.before.items)) return 'secrets wiring differs';
  const before = parsedDefaults(rt.before) as Record<string, unknown>;
  const after = parsedDefaults(rt.after) as Record<string, unknown>;
  const lost = Object.keys(before).filter((k) => canonical(before[k]) !== canonical(after[k]));
  return lost.length > 0 ? `variables differ: ${lost.join(', ')}` : undefined;
}

test('edited fixture modules: import gives a result or a UserError; a result synthesizes the same', async () => {
  const seed = Number(process.env.PROPERTY_SEED ?? 20261206);
  const runs = Number(process.env.FUZZ_RUNS) || 1000;
  process.stdout.write(
    `import fuzz: seed ${seed}, ${runs} runs (replay with PROPERTY_SEED=${seed})\n`,
  );
  const modules = fs
    .readdirSync(FIXTURES)
    .filter((m) => fs.statSync(path.join(FIXTURES, m)).isDirectory());
  const edits = splices(PIECES, 8000, 3);
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
    if (file !== undefined)
      fs.writeFileSync(file, applySplices(fs.readFileSync(file, 'utf8'), muts));
    const edit = `${module}/${which} ${JSON.stringify(muts)}`;
    try {
      const imported = await importModule(dir, { siteFile: path.join(work, 'site', 'site.yaml') });
      const problem = await roundTripProblem(dir, imported.warnings);
      if (problem !== undefined) bugs.push(`${edit}: ${problem}`);
    } catch (e) {
      if (isUserError(e)) refused++;
      else bugs.push(`${edit}: ${String(e)}`);
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
