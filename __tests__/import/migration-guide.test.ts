import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../cli/main';
import { capture } from '../cli-io';
import { root } from '../synth/synth-fixture';

/**
 * Issue 18: README's "Migrating a hand-written module" guide, run as written on the
 * maintainers' module in a temporary home. Its shell blocks are read from README; every
 * `openclaw-octant` command runs for real through the CLI (`~` is the temporary home,
 * `/mnt/services` a temporary volume root; synth writes into the temporary folder, never the
 * repository's); terraform, git and nomad are replayed on the module's addresses and files.
 * A command this test cannot run or replay fails it, so the guide cannot drift.
 */

const MODULE = path.join(__dirname, '..', 'fixtures', 'octant-modules', 'openclaw-maintainers');
const HEADING = '### Migrating a hand-written module';

function guideSection(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(HEADING);
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The guide's shell commands, in order (`a && b` is two). */
function guideCommands(section: string): string[] {
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1]
      .split('\n')
      .flatMap((l) => l.split('&&'))
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  );
}

/** `resource "type" "name"` addresses of a hand-written main.tf. */
function handAddresses(mainTf: string): string[] {
  return [...mainTf.matchAll(/^resource "([a-z_]+)" "([a-z_]+)"/gm)].map((m) => `${m[1]}.${m[2]}`);
}

function generatedAddresses(dir: string): string[] {
  const tf = JSON.parse(fs.readFileSync(path.join(dir, 'main.tf.json'), 'utf8')) as {
    resource: Record<string, Record<string, unknown>>;
  };
  return Object.entries(tf.resource).flatMap(([type, byName]) =>
    Object.keys(byName).map((n) => `${type}.${n}`),
  );
}

/** What Nomad runs: the job and the variable (the addresses that must never be recreated). */
const nomadOnly = (addresses: Iterable<string>): string[] =>
  [...addresses].filter((a) => /^nomad_(job|variable)\./.test(a)).sort();

interface World {
  readonly tmp: string;
  readonly home: string;
  readonly volumes: string;
  cwd: string;
  readonly back: string[];
  /** Terraform state of the module folder: its addresses. */
  state: Set<string>;
  readonly ran: string[];
}

function expand(w: World, word: string): string {
  if (word === '~' || word.startsWith('~/')) return path.join(w.home, word.slice(1));
  if (word.startsWith('/mnt/services')) return path.join(w.volumes, word.slice(13));
  return word;
}

async function openclawOctant(w: World, words: string[]): Promise<void> {
  const args = words.map((x) => expand(w, x));
  // synth's default folders are the repository's: the guide's check goes to the temporary one.
  if (args[0] === 'synth' && !args.includes('--out'))
    args.push('--out', path.join(w.tmp, 'cdktf.out'), '--jobs-dir', path.join(w.tmp, 'jobs'));
  const c = capture(w.cwd);
  const code = await main(args, c.io);
  // The dry run names the hand-written files only --force replaces, and says so by exit 1.
  const dry = args[0] === 'vendor' && args.includes('--dry-run');
  const want = dry
    ? /locally edited, would need --force: config\/teams\/family\/openclaw\.json, openclaw-gateway\.nomad\.hcl/
    : /^/;
  expect([words.join(' '), code, c.err()]).toEqual([
    words.join(' '),
    dry ? 1 : 0,
    expect.stringMatching(want),
  ]);
  w.ran.push(`openclaw-octant ${args[0]}${args.includes('--dry-run') ? ' --dry-run' : ''}`);
}

/** terraform in the module folder: init checks it is a module; plan replays moved.tf. */
function terraform(w: World, words: string[]): void {
  const [sub, ...rest] = words;
  if (sub === 'state' && rest[0] === 'mv') {
    expect(w.state.has(rest[1])).toBe(true);
    w.state.delete(rest[1]);
    w.state.add(rest[2]);
  } else if (sub === 'init') {
    expect(fs.existsSync(path.join(w.cwd, 'main.tf.json'))).toBe(true);
  } else if (sub === 'plan' || sub === 'apply') {
    const moved = fs.readFileSync(path.join(w.cwd, 'moved.tf'), 'utf8');
    const planned = new Set(w.state);
    for (const [, from, to] of moved.matchAll(/from = (\S+)\n\s*to\s+= (\S+)/g)) {
      if (!planned.has(from)) continue; // applied already
      planned.delete(from);
      planned.add(to);
    }
    // No create, no destroy of the job or the variable: the moved state is the new module's.
    expect(nomadOnly(planned)).toEqual(nomadOnly(generatedAddresses(w.cwd)));
    if (sub === 'apply') w.state = planned;
  } else {
    throw new Error(`terraform ${sub}: the guide test cannot replay it`);
  }
  w.ran.push(`terraform ${sub}`);
}

async function run(w: World, command: string): Promise<void> {
  const [tool, ...words] = command.split(/\s+/);
  if (tool === 'cd') {
    if (words[0] === '-') w.cwd = w.back.pop()!;
    else {
      w.back.push(w.cwd);
      w.cwd = expand(w, words[0]);
    }
    expect(fs.statSync(w.cwd).isDirectory()).toBe(true);
  } else if (tool === 'git' && words[0] === 'rm') {
    for (const f of words.slice(1)) {
      expect([f, fs.existsSync(path.join(w.cwd, f))]).toEqual([f, true]);
      fs.rmSync(path.join(w.cwd, f));
    }
    w.ran.push('git rm');
  } else if (tool === 'npx' && words[0] === 'openclaw-octant') {
    await openclawOctant(w, words.slice(1));
  } else if (tool === 'terraform') {
    terraform(w, words);
  } else if (tool === 'nomad' && words[0] === 'job' && words[1] === 'restart') {
    const jobspec = path.join(
      w.home,
      'src/octant/terraform/openclaw-gateway/openclaw-gateway.nomad.hcl',
    );
    expect(fs.readFileSync(jobspec, 'utf8')).toContain(`job "${words[2]}" {`);
    w.ran.push('nomad job restart');
  } else {
    throw new Error(`README's migration guide runs \`${command}\`: this test cannot run it`);
  }
}

describe("README's migration guide, on the maintainers' module", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-guide-'));
  const home = path.join(tmp, 'home');
  const moduleDir = path.join(home, 'src/octant/terraform/openclaw-gateway');
  const volume = path.join(tmp, 'mnt/services/openclaw-gateway/config');
  const live = fs.readFileSync(path.join(MODULE, 'config', 'openclaw.json'), 'utf8');
  const section = guideSection();
  const w: World = {
    tmp,
    home,
    volumes: path.join(tmp, 'mnt/services'),
    cwd: path.join(tmp, 'work'),
    back: [],
    state: new Set(handAddresses(fs.readFileSync(path.join(MODULE, 'main.tf'), 'utf8'))),
    ran: [],
  };

  beforeAll(async () => {
    fs.cpSync(MODULE, moduleDir, { recursive: true });
    fs.mkdirSync(volume, { recursive: true });
    fs.writeFileSync(path.join(volume, 'openclaw.json'), live);
    fs.mkdirSync(w.cwd);
    for (const command of guideCommands(section)) await run(w, command);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('every step ran', () => {
    expect(w.ran).toEqual([
      'openclaw-octant import',
      'openclaw-octant synth',
      'git rm',
      'openclaw-octant vendor --dry-run',
      'openclaw-octant vendor',
      'terraform init',
      'terraform plan',
      'terraform apply',
      'openclaw-octant install-config',
      'nomad job restart',
    ]);
  });

  test('the gateway keeps its config on the volume (configFile: volume)', () => {
    const site = parse(fs.readFileSync(path.join(w.cwd, 'sites/octant.site.yaml'), 'utf8')) as {
      gateways: { configFile?: string }[];
    };
    expect(site.gateways[0].configFile).toBe('volume');
  });

  test("the guide's moved block is the one import wrote, on the module's real addresses", () => {
    const moved = fs.readFileSync(path.join(moduleDir, 'moved.tf'), 'utf8');
    const shown = /```hcl\n([\s\S]*?)```/.exec(section)![1].replace(/^ {3}/gm, '');
    expect(moved).toContain(shown);
    expect(section).toContain(`\`${/terraform state mv \S+ \S+/.exec(moved)![0]}\``);
    for (const a of handAddresses(fs.readFileSync(path.join(MODULE, 'main.tf'), 'utf8')))
      expect(section).toContain(`\`${a}\``);
    // Applied: the state holds exactly the generated module's job and variable.
    expect(nomadOnly(w.state)).toEqual(nomadOnly(generatedAddresses(moduleDir)));
  });

  test('the folder holds the generated module, not the hand-written Terraform', () => {
    expect(fs.existsSync(path.join(moduleDir, 'main.tf'))).toBe(false);
    expect(fs.existsSync(path.join(moduleDir, 'variables.tf'))).toBe(false);
    expect(fs.existsSync(path.join(moduleDir, '.openclaw-octant.json'))).toBe(true);
  });

  test('the volume holds the regenerated config, and the live one backed up beside it', () => {
    const regenerated = fs.readFileSync(path.join(moduleDir, 'openclaw.json'), 'utf8');
    expect(fs.readFileSync(path.join(volume, 'openclaw.json'), 'utf8')).toBe(regenerated);
    const backups = fs.readdirSync(volume).filter((f) => f.startsWith('openclaw.json.bak-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(volume, backups[0]), 'utf8')).toBe(live);
  });
});
