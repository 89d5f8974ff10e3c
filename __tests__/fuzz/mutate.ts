import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { INTERNAL_ERROR_EXIT, main } from '../../cli/main';
import { Io } from '../../cli/io';

/**
 * Fuzzing the CLI with random mutations of valid inputs (site files and jobspecs). Every run
 * must end in an exit code (never an exception, so never a stack trace), within 5 s, and a
 * failing run must leave every output as it was. The seed is printed, and FUZZ_SEED=<n>
 * replays a run.
 */

/** Pieces hostile to YAML, JSON, HCL, templates, paths and Traefik rules. */
const HOSTILE = [
  '${',
  '$${',
  '%{',
  '}',
  '{',
  '"',
  "'",
  '\\',
  '\n',
  '\n  ',
  '\t',
  ':',
  ': ',
  '- ',
  '*a',
  '&a ',
  '!!binary ',
  '#',
  '[',
  ']',
  ',',
  '..',
  '../../',
  '/',
  '`',
  ') || PathPrefix(`/`',
  '\u0000',
  '\u202e',
  'é',
  '😀',
  '<<EOT\n',
  'EOT\n',
  '0',
  '-1',
  '99999999999999999999',
  'true',
  'null',
  '~',
  '__proto__',
  'constructor',
  'op://../../x',
  ':latest',
];

export type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'replaceLine'; line: number; text: string }
  | { kind: 'swapLines'; a: number; b: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 })),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({
    kind: fc.constant('replaceLine' as const),
    line: fc.nat(),
    text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 })),
  }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

/** A plain splice: at a position (taken modulo the text's length + 1), delete, then insert. */
export type Splice = [at: number, remove: number, insert: string];

/** 1 to 3 splices inserting one of `pieces` at a position below `span`, deleting up to `remove`. */
export function splices(
  pieces: readonly string[],
  span: number,
  remove: number,
): fc.Arbitrary<Splice[]> {
  return fc.array(fc.tuple(fc.nat(span), fc.nat(remove), fc.constantFrom(...pieces)), {
    minLength: 1,
    maxLength: 3,
  });
}

export function applySplices(text: string, edits: readonly Splice[]): string {
  let t = text;
  for (const [at, remove, insert] of edits) {
    const p = at % (t.length + 1);
    t = t.slice(0, p) + insert + t.slice(p + remove);
  }
  return t;
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : ('at' in m ? m.at : 0) % (t.length + 1);
    switch (m.kind) {
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.len);
        break;
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      case 'duplicate':
        t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
        break;
      case 'replaceLine': {
        const lines = t.split('\n');
        const i = m.line % lines.length;
        // Keep the key, replace the value: reaches the validators, not only the parser.
        const colon = lines[i].indexOf(': ');
        const eq = lines[i].indexOf(' = ');
        if (colon >= 0) lines[i] = lines[i].slice(0, colon + 2) + m.text;
        else if (eq >= 0) lines[i] = lines[i].slice(0, eq + 3) + m.text;
        else lines[i] = m.text;
        t = lines.join('\n');
        break;
      }
      case 'swapLines': {
        const lines = t.split('\n');
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
        t = lines.join('\n');
        break;
      }
    }
  }
  return t;
}

/** Every file under `dir`, path -> content (a snapshot of the outputs). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

/** The seed of every fuzz run unless FUZZ_SEED says otherwise: a failure replays as it was. */
export const DEFAULT_SEED = 20261206;

export function fuzzSeed(): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  const seed = Number.isInteger(fromEnv) ? fromEnv : DEFAULT_SEED;
  process.stderr.write(`fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})\n`);
  return seed;
}

export interface Outcome {
  readonly code: number;
  readonly err: string;
  /** CPU time the run took: unlike wall time, a busy machine does not inflate it. */
  readonly ms: number;
  /** What reached the terminal around the CLI's own output (a library's warning, a console.log). */
  readonly around?: readonly string[];
}

/** Runs the CLI in-process; an exception (which would be a stack trace) fails the property. */
export async function run(args: string[], cwd: string): Promise<Outcome> {
  const err: string[] = [];
  const io: Io = { stdout: () => undefined, stderr: (t) => err.push(t), cwd, env: {} };
  const around: string[] = [];
  const note = (m: unknown): void => void around.push(String(m));
  const spies = [
    jest.spyOn(process, 'emitWarning').mockImplementation(note),
    jest.spyOn(console, 'warn').mockImplementation(note),
    jest.spyOn(console, 'log').mockImplementation(note),
    jest.spyOn(console, 'error').mockImplementation(note),
  ];
  const started = process.cpuUsage();
  let code: number;
  try {
    code = await main(args, io);
  } catch (e) {
    throw new Error(`${args.join(' ')} threw instead of a clear error:\n${(e as Error).stack}`);
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
  const used = process.cpuUsage(started);
  return { code, err: err.join(''), ms: (used.user + used.system) / 1000, around };
}

/** What every run must satisfy. */
export function checkOutcome(o: Outcome, label: string): void {
  if (o.ms > 5000) throw new Error(`${label}: took ${Math.round(o.ms)} ms of CPU (over 5 s)`);
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(o.err)) throw new Error(`${label}: stack trace:\n${o.err}`);
  // A bug of ours is reported without a stack (exit 70): still a failure of this property.
  if (o.code === INTERNAL_ERROR_EXIT || /internal error/.test(o.err)) {
    throw new Error(`${label}: internal error:\n${o.err}`);
  }
  if ((o.around ?? []).length > 0) {
    throw new Error(`${label}: printed around the CLI's output: ${o.around!.join(' | ')}`);
  }
  if (o.code !== 0 && o.err.trim() === '' && o.code !== 1) {
    throw new Error(`${label}: exit ${o.code} without a word`);
  }
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const ROOT = path.resolve(__dirname, '../..');
export const SITES = [
  path.join(ROOT, 'homelab', 'default.site.yaml'),
  path.join(ROOT, 'homelab', 'examples', 'multi-agent.site.yaml'),
];
export const JOBSPECS = [
  path.join(ROOT, 'nomad-jobs', 'openclaw.nomad.hcl'),
  path.join(ROOT, '__tests__', 'fixtures', 'octant', 'mistakes', 'quoted-var.nomad.hcl'),
];

/** A site property: mutate a site, synth it; on failure the earlier outputs are untouched. */
export function siteProperty(work: string): fc.IAsyncProperty<[number, Mutation[]]> {
  return fc.asyncProperty(
    fc.nat({ max: SITES.length - 1 }),
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
    async (which, ms) => {
      const original = fs.readFileSync(SITES[which], 'utf8');
      const site = path.join(work, which === 0 ? 'site.yaml' : 'site.json');
      // The JSON variant exercises the JSON reader with the same mutations.
      const text =
        which === 0 ? original : JSON.stringify((await import('yaml')).parse(original), null, 2);
      fs.writeFileSync(site, applyMutations(text, ms));
      const before = snapshot(path.join(work, 'out'));
      const o = await run(
        ['synth', '--site', site, '--out', 'out/cdktf', '--jobs-dir', 'out/jobs'],
        work,
      );
      checkOutcome(o, `synth of mutated ${path.basename(site)}`);
      if (o.code !== 0) {
        const after = snapshot(path.join(work, 'out'));
        if ([...after].some(([f, c]) => before.get(f) !== c) || after.size !== before.size) {
          throw new Error(`synth failed (exit ${o.code}) but changed its outputs:\n${o.err}`);
        }
      }
    },
  );
}

/** Loads what the first run would (the WASM HCL tools), so it is not counted against a case. */
export async function warmUp(work: string): Promise<void> {
  const file = path.join(work, 'warm.nomad.hcl');
  fs.writeFileSync(file, fs.readFileSync(JOBSPECS[0], 'utf8'));
  for (const args of [
    ['validate', file],
    ['convert', file, '--to', 'json'],
    ['fmt', file],
  ]) {
    await run(args, work);
  }
}

/** A jobspec property: validate, convert and fmt a mutated jobspec; a failed fmt changes nothing. */
export function jobspecProperty(work: string): fc.IAsyncProperty<[number, Mutation[]]> {
  return fc.asyncProperty(
    fc.nat({ max: JOBSPECS.length - 1 }),
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
    async (which, ms) => {
      const file = path.join(work, 'job.nomad.hcl');
      const text = applyMutations(fs.readFileSync(JOBSPECS[which], 'utf8'), ms);
      fs.writeFileSync(file, text);
      // What is on disk: a mutation may split a surrogate pair, which UTF-8 writes as U+FFFD.
      const written = fs.readFileSync(file, 'utf8');
      for (const args of [
        ['validate', file],
        ['validate', '--json', file],
        ['convert', file, '--to', 'json'],
        ['convert', file, '--to', 'hcl'],
      ]) {
        checkOutcome(await run(args, work), `${args[0]} of a mutated jobspec`);
      }
      const o = await run(['fmt', file], work);
      checkOutcome(o, 'fmt of a mutated jobspec');
      if (o.code !== 0 && fs.readFileSync(file, 'utf8') !== written) {
        throw new Error(`fmt failed (exit ${o.code}) but changed the file:\n${o.err}`);
      }
    },
  );
}
