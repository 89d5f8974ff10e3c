import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { defaultSiteFile } from '../../homelab/load';
import { main } from '../../cli/main';
import { RESERVED } from '../../lib/util/staged-tree';
import { prng } from '../synth/synth-fixture';

/**
 * The long, randomized version of the synth adversarial table: each round plants a random mix
 * of journal entries (roles, tokens, paths leading out, absolute paths, paths through links),
 * staging folders (real, missing, links out), record lines and links inside the outputs, then
 * runs synth. Whatever the mix: synth exits 0 or with a clean error (a fix, no stack trace),
 * the folder outside the workspace never changes, and no canary from it is ever printed.
 * Seed: OPENCLAW_OCTANT_SEED (printed), rounds: OPENCLAW_OCTANT_ROUNDS.
 */
const SEED = Number(process.env.OPENCLAW_OCTANT_SEED ?? 20261206);
const ROUNDS = Number(process.env.OPENCLAW_OCTANT_ROUNDS ?? 300);
const CANARY = 'CANARYr4Hk8Nw2Pq6Tz9Xc3Vb7Md';

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isSymbolicLink()) out.set(r, `-> ${fs.readlinkSync(path.join(dir, r))}`);
      else if (e.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

test(`random planted journals, records and links never reach outside (seed ${SEED}, ${ROUNDS} rounds)`, async () => {
  console.log(`synth adversarial seed: ${SEED} (replay with OPENCLAW_OCTANT_SEED=${SEED})`);
  const random = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-adv-random-'));
  const victim = path.join(top, 'victim');
  const ws = path.join(top, 'ws');
  fs.mkdirSync(victim);
  fs.writeFileSync(path.join(victim, 'canary.txt'), CANARY);
  fs.writeFileSync(path.join(victim, 'manifest.json'), CANARY);
  const victimBefore = tree(victim);
  fs.mkdirSync(ws);
  fs.writeFileSync(
    path.join(ws, 'site.json'),
    JSON.stringify(parse(fs.readFileSync(defaultSiteFile(), 'utf8'))),
  );
  const args = ['synth', '--site', 'site.json', '--out', 'out', '--jobs-dir', 'jobs'];
  const out: string[] = [];
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => out.push(t),
    cwd: ws,
    env: {},
  };
  expect(await main(args, io)).toBe(0);
  const dirs = { out: path.join(ws, 'out'), jobs: path.join(ws, 'jobs') };
  const paths = [
    'manifest.json',
    'stacks/openclaw/cdk.tf.json',
    '../victim/canary.txt',
    '../../victim/canary.txt',
    path.join(victim, 'canary.txt'),
    'link/canary.txt',
    'link/manifest.json',
    `${RESERVED}lock`,
    'openclaw.nomad.hcl',
  ];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const token = pick([`${2 ** 22 + round}-1-0123456789abcdef`, '../x', `${process.pid}-1-zz`]);
      const roles = pick([['out'], ['out', 'jobs'], ['jobs'], ['victim'], ['out', 'out']]);
      for (const role of new Set(roles)) {
        if (role === 'victim') continue; // a role no synth has: nothing to plant for it
        const dir = dirs[role as 'out' | 'jobs'];
        const staging = path.join(dir, `${RESERVED}staging-${token}`);
        const how = pick(['real', 'missing', 'link']);
        if (!/^\d+-\d+-[0-9a-f]{16}$/.test(token) || fs.existsSync(staging)) continue;
        if (how === 'real') fs.mkdirSync(staging);
        if (how === 'link') fs.symlinkSync(victim, staging);
      }
      if (random() < 0.5 && !fs.existsSync(path.join(dirs.out, 'link'))) {
        fs.symlinkSync(victim, path.join(dirs.out, 'link'));
      }
      if (random() < 0.3) {
        fs.appendFileSync(path.join(dirs.jobs, '.openclaw-octant-synth'), `${pick(paths)}\n`);
      }
      const journal = {
        version: pick([2, 2, 2, 1]),
        token,
        roots: roles.map((role) => ({
          role,
          write: [pick(paths)],
          remove: [pick(paths), pick(paths)],
          keepStackDirs: random() < 0.5,
        })),
      };
      fs.writeFileSync(path.join(dirs.out, `${RESERVED}journal.json`), JSON.stringify(journal));
      out.length = 0;
      const code = await main(args, io);
      const text = out.join('');
      const where = `round ${round} (seed ${SEED}): ${JSON.stringify(journal)}`;
      if (![0, 1, 2].includes(code) || /\n\s+at /.test(text) || text.includes(CANARY)) {
        throw new Error(`${where}: exit ${code}, output:\n${text}`);
      }
      if (code !== 0 && !/\n {2}fix: /.test(text)) throw new Error(`${where}: no fix in\n${text}`);
      const now = tree(victim);
      if (JSON.stringify([...now]) !== JSON.stringify([...victimBefore])) {
        throw new Error(`${where}: the folder outside the workspace changed`);
      }
      // Back to a clean state for the next round: drop what was planted, synth again.
      for (const dir of Object.values(dirs)) {
        for (const name of fs.readdirSync(dir)) {
          if (name.startsWith(RESERVED) || name === 'link') {
            fs.rmSync(path.join(dir, name), { recursive: true, force: true });
          }
        }
      }
      out.length = 0;
      if ((await main(args, io)) !== 0)
        throw new Error(`${where}: clean re-run failed:\n${out.join('')}`);
    }
    expect(tree(victim)).toEqual(victimBefore);
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});
