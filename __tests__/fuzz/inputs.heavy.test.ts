import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { applySplices, checkOutcome, fuzzSeed, run, splices } from './mutate';

/**
 * Random edits of each kind of file the other commands read (`npm run test:heavy`): an
 * openclaw.json for `install-config`, a module's jobspec for `validate --module-vars`, a jobspec
 * for `convert`, a site for `secrets check`. Each run exits 0, 1 or 2 with no stack trace, and
 * nothing reaches the terminal around the CLI's own output (a library's warning quoting the
 * input, as yaml's once did for a `!!binary` key).
 */
const ROOT = path.resolve(__dirname, '../..');
const MODULE = path.join(ROOT, '__tests__', 'fixtures', 'octant-modules', 'openclaw');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

interface Surface {
  readonly file: string;
  /** The valid text the edits start from. */
  readonly text: () => string;
  readonly args: (file: string, work: string) => string[];
  /** Files the command needs beside the edited one. */
  readonly beside?: string;
}
/** The openclaw.json synth writes for the multi-agent example (in beforeAll). */
let generatedConfig = '';
beforeAll(async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-fuzz-inputs-synth-'));
  const site = path.join(ROOT, 'homelab', 'examples', 'multi-agent.site.yaml');
  const args = [
    'synth',
    '--site',
    site,
    '--out',
    path.join(out, 'o'),
    '--jobs-dir',
    path.join(out, 'j'),
  ];
  expect((await run(args, out)).code).toBe(0);
  const modules = path.join(out, 'o', 'octant', 'terraform');
  const name = fs
    .readdirSync(modules)
    .find((m) => fs.existsSync(path.join(modules, m, 'openclaw.json')));
  generatedConfig = fs.readFileSync(path.join(modules, name!, 'openclaw.json'), 'utf8');
  fs.rmSync(out, { recursive: true, force: true });
}, 120_000);

const SURFACES: Readonly<Record<string, Surface>> = {
  'install-config': {
    file: 'openclaw.json',
    text: () => generatedConfig,
    args: (f, w) => ['install-config', f, '--to', path.join(w, 'volume')],
  },
  'validate --module-vars': {
    file: 'openclaw.nomad.hcl',
    text: () => read('__tests__/fixtures/octant-modules/openclaw/openclaw.nomad.hcl'),
    args: (f) => ['validate', f, '--module-vars'],
    beside: MODULE,
  },
  convert: {
    file: 'job.nomad.hcl',
    text: () => read('nomad-jobs/openclaw.nomad.hcl'),
    args: (f) => ['convert', f, '--to', 'json', '--var', 'image=x'],
  },
  'secrets check': {
    file: 'site.yaml',
    text: () => read('homelab/examples/multi-agent.site.yaml'),
    args: (f) => ['secrets', 'check', '--site', f],
  },
};
const PIECES = [
  '"',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '\n',
  '  ',
  '- ',
  'null',
  'true',
  '1e999',
  '-1',
  '"x"',
  '${',
  '\\u0000',
  '\\uD800',
  '{}',
  '[]',
  '&a',
  '*a',
  '!!binary ',
  '? ',
  '|\n',
  '#',
  'é',
  '0x10',
];

test.each(Object.keys(SURFACES))(
  'edited inputs of %s: exit 0, 1 or 2, nothing printed around',
  async (name) => {
    const s = SURFACES[name];
    const seed = fuzzSeed();
    const runs = Number(process.env.FUZZ_RUNS) || 300;
    const edits = splices(PIECES, 20000, 3);
    const problems: string[] = [];
    const codes = new Map<number, number>();
    for (const muts of fc.sample(edits, { numRuns: runs, seed })) {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-fuzz-inputs-'));
      fs.mkdirSync(path.join(work, 'volume'));
      if (s.beside !== undefined) fs.cpSync(s.beside, work, { recursive: true });
      fs.writeFileSync(path.join(work, s.file), applySplices(s.text(), muts));
      const r = await run(s.args(path.join(work, s.file), work), work);
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      try {
        if (![0, 1, 2].includes(r.code)) throw new Error(`exit ${r.code}: ${r.err}`);
        checkOutcome(r, JSON.stringify(muts));
      } catch (e) {
        problems.push((e as Error).message);
      }
      fs.rmSync(work, { recursive: true, force: true });
    }
    process.stdout.write(`${name}: exit codes ${JSON.stringify([...codes].sort())}\n`);
    expect(problems).toEqual([]);
    // The edits reach past the first parse: some runs still succeed, some are refused.
    expect(codes.size).toBeGreaterThan(1);
  },
  600_000,
);
