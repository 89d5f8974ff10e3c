// Shared by the synth tests: workspaces, tree snapshots, the real cdktf CLI, the kill -9 loop.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireLocks, isRecordFile, recover, RESERVED } from '../../lib/util/staged-tree';
import { projectRoot } from '../../lib/util/project-root';

export const root = projectRoot(__dirname);
const cli = path.join(root, 'bin', 'openclaw-octant.js');

/** Two sites with different file sets: one gateway, Phase 3 only / three phases. */
export const SITES = {
  a: path.join(root, 'homelab', 'default.site.yaml'),
  b: path.join(root, 'homelab', 'examples', 'multi-agent.site.yaml'),
} as const;

/** Every file under `dir` (dotfiles included), relative path -> content. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    const abs = path.join(dir, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

export function same(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

export interface Workspace {
  readonly dir: string;
  readonly out: string;
  readonly jobs: string;
}

export function workspace(prefix: string): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, out: path.join(dir, 'cdktf.out'), jobs: path.join(dir, 'nomad-jobs') };
}

/** The workspace's own site file: alternating sites edits it, as an operator edits theirs. */
export const SITE_FILE = 'site.yaml';

/** Puts site `key`'s content into the workspace's site file; returns its path. */
export function useSite(ws: Workspace, key: keyof typeof SITES): string {
  const file = path.join(ws.dir, SITE_FILE);
  fs.copyFileSync(SITES[key], file);
  return file;
}

export function synthArgs(ws: Workspace, site: string): string[] {
  return [cli, 'synth', '--site', site, '--out', ws.out, '--jobs-dir', ws.jobs];
}

/** A completed synth of `site` into the workspace (throws on failure). */
export function synthSync(ws: Workspace, site: string): void {
  const r = spawnSync(process.execPath, synthArgs(ws, site), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
}

/** The workspace as a reader sees it: the whole folder, less the site file synth reads. */
export function state(ws: Workspace): Map<string, string> {
  return new Map([...snapshot(ws.dir)].filter(([k]) => k !== SITE_FILE));
}

/** Starts a synth and kills it with SIGKILL after `delayMs`; resolves when it is gone. */
export function synthAndKill(ws: Workspace, site: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, synthArgs(ws, site), { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** What the next run does first: replay a journal, clear leftovers (under the lock). */
export function nextRunRecovers(ws: Workspace): void {
  const release = acquireLocks([ws.out, ws.jobs]);
  try {
    recover(
      new Map([
        ['out', ws.out],
        ['jobs', ws.jobs],
      ]),
    );
  } finally {
    release();
  }
}

/** The reference trees of both sites, synthesized without interruption. */
export function references(): { a: Map<string, string>; b: Map<string, string>; ms: number } {
  const refs: Record<string, Map<string, string>> = {};
  let ms = 0;
  for (const key of ['a', 'b'] as const) {
    const ws = workspace(`oc-kill-ref-${key}-`);
    const start = Date.now();
    synthSync(ws, useSite(ws, key));
    ms = Math.max(ms, Date.now() - start);
    refs[key] = state(ws);
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
  return { a: refs.a, b: refs.b, ms };
}

/** A small PRNG so a failing run can be replayed from its printed seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Alternates synths of the two sites, killing each after a random delay (half of them near the
 * end of a synth, where the commit is). After every kill the
 * folder is the old complete set or the new one once the next run has recovered, with nothing
 * left over; and when the kill came before the commit point (no journal), it is already so.
 */
export async function killLoop(rounds: number, seed: number): Promise<void> {
  const refs = references();
  const ws = workspace('oc-kill-');
  const random = prng(seed);
  synthSync(ws, useSite(ws, 'a'));
  let current: 'a' | 'b' = 'a';
  try {
    for (let i = 0; i < rounds; i++) {
      const next = current === 'a' ? 'b' : 'a';
      const r = random();
      const delay = r < 0.5 ? r * 2 * refs.ms : refs.ms * (0.6 + r * 0.6);
      await synthAndKill(ws, useSite(ws, next), Math.floor(delay));
      const journal = fs.existsSync(path.join(ws.out, `${RESERVED}journal.json`));
      const before = state(ws);
      const visible = new Map(
        [...before].filter(([k]) => !k.split(path.sep).some((p) => p.startsWith(RESERVED))),
      );
      if (!journal && !same(visible, refs.a) && !same(visible, refs.b)) {
        const extra = [...visible.keys()].filter((k) => !refs[current].has(k));
        throw new Error(
          `round ${i} (seed ${seed}): no journal, but the tree is neither set; extra: ${extra.join(', ')}`,
        );
      }
      nextRunRecovers(ws);
      const after = state(ws);
      if (same(after, refs.a)) current = 'a';
      else if (same(after, refs.b)) current = 'b';
      else {
        const diff = [...new Set([...after.keys(), ...refs[next].keys()])].filter(
          (k) => after.get(k) !== refs[next].get(k) && after.get(k) !== refs[current].get(k),
        );
        throw new Error(
          `round ${i} (seed ${seed}): after recovery the tree is a mix: ${diff.join(', ')}`,
        );
      }
    }
  } finally {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}

const cdktfCli = path.join(root, 'node_modules', '.bin', 'cdktf');

/**
 * Runs the real cdktf CLI (`cdktf synth`) in a fresh project folder whose cdktf.json runs our
 * app, as `npx cdktf synth` does in a checkout. No terraform on PATH: the CLI only notes that.
 */
export function cdktfSynth(dir: string, site?: string): void {
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({
      language: 'typescript',
      app: `node ${path.join(root, 'bin', 'openclaw-octant.js')} cdktf-app`,
      sendCrashReports: 'false',
    }),
  );
  const r = spawnSync(cdktfCli, ['synth'], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: path.dirname(process.execPath),
      HOME: process.env.HOME ?? dir,
      CHECKPOINT_DISABLE: '1',
      CI: 'true',
      ...(site !== undefined ? { OPENCLAW_OCTANT_SITE: site } : {}),
    },
  });
  if (r.status !== 0) throw new Error(`cdktf synth failed (${r.status}):\n${r.stdout}${r.stderr}`);
}

/**
 * Runs the `app` command of the project's cdktf.json in `dir` as `cdktf synth` runs it (the
 * environment the CLI gives its app), without the CLI itself: one node process, where the CLI
 * costs seconds. The real CLI runs in cdktf-cli.heavy.test.ts.
 */
export function cdktfApp(dir: string, site?: string): void {
  const { app } = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as {
    app: string;
  };
  const [node, script, ...args] = app.split(' ');
  if (node !== 'node') throw new Error(`cdktf.json: app is not a node command: ${app}`);
  const r = spawnSync(process.execPath, [path.join(root, script), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: path.dirname(process.execPath),
      HOME: process.env.HOME ?? dir,
      CDKTF_OUTDIR: path.join(dir, 'cdktf.out'),
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
      CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }),
      SYNTH_HCL_OUTPUT: 'false',
      ...(site !== undefined ? { OPENCLAW_OCTANT_SITE: site } : {}),
    },
  });
  if (r.status !== 0) throw new Error(`cdktf app failed (${r.status}):\n${r.stdout}${r.stderr}`);
}

/**
 * Two output trees of one site written by two paths: the same files, byte for byte, and the
 * same record of them (its name depends on where each path found the site file).
 */
export function expectSameOutputs(a: Map<string, string>, b: Map<string, string>): void {
  const records = (m: Map<string, string>): string[] =>
    [...m].filter(([k]) => isRecordFile(path.basename(k))).map(([, v]) => v);
  expect(records(a)).toHaveLength(1);
  expect(records(b)).toEqual(records(a));
  const files = (m: Map<string, string>): Map<string, string> =>
    new Map([...m].filter(([k]) => !isRecordFile(path.basename(k))));
  expect(diffKeys(files(a), files(b))).toEqual([]);
}

/** The files that differ between two trees, sorted. */
export function diffKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

/**
 * `write(dir)` (the cdktf CLI, or cdktf.json's app command run as it runs it) writes what
 * `npm run synth` writes, byte for byte; `only` picks the files compared on its side.
 */
export async function expectSameTreeAsNpmSynth(
  prefix: string,
  write: (dir: string) => void,
  only: (tree: Map<string, string>) => Map<string, string> = (t) => t,
): Promise<void> {
  const viaOther = workspace(prefix);
  const viaNpm = workspace('oc-npm-');
  try {
    write(viaOther.dir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synth } = require('../../cli/synth') as typeof import('../../cli/synth');
    await synth({ outDir: viaNpm.out, projectRoot: viaNpm.dir });
    const a = only(snapshot(viaOther.dir));
    const b = snapshot(viaNpm.dir);
    expect(diffKeys(a, b)).toEqual([]);
    expect([...b.keys()]).toEqual(
      expect.arrayContaining([
        path.join('cdktf.out', 'manifest.json'),
        path.join('cdktf.out', 'stacks', 'openclaw', 'cdk.tf.json'),
        path.join('cdktf.out', 'octant', 'terraform', 'openclaw', 'main.tf.json'),
        path.join('nomad-jobs', 'openclaw.nomad.hcl'),
        path.join('nomad-jobs', 'examples', 'multi-agent', 'openclaw.nomad.hcl'),
      ]),
    );
  } finally {
    fs.rmSync(viaOther.dir, { recursive: true, force: true });
    fs.rmSync(viaNpm.dir, { recursive: true, force: true });
  }
}
