import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { defaultSiteFile } from '../../homelab/load';
import { main } from '../../cli/main';
import { RESERVED } from '../../lib/util/staged-tree';
import { capture } from '../cli-io';

/**
 * Hostile inputs at synth's, vendor's and the jobspec tools' boundary (issue 17): a planted
 * journal or lock, output folders that overlap, links inside the outputs, names that would
 * become paths, site paths leading out, files that never end. Each case ends in one clean error
 * (exit 1 or 2, a fix, no stack trace) or a harmless run; nothing outside the workspace changes,
 * earlier outputs stay as they were, no canary appears in any output, and nothing hangs.
 */
const CANARY = 'CANARYs7Jd3Qx9Lm2Wv8Kp4Rt6Zb';

interface Ws {
  /** The workspace: the site file, its files, and the outputs `out/` and `jobs/`. */
  readonly dir: string;
  /** A folder outside the workspace that must never change (holds a canary file). */
  readonly victim: string;
}

type Site = Record<string, unknown> & { gateways: Record<string, unknown>[] };

const JOB = (name: string): string =>
  `job "${name}" {\n  group "g" {\n    task "t" {\n      driver = "podman"\n      config {\n        image = "x:1.0"\n      }\n    }\n  }\n}\n`;

/** Every entry below `dir` (links as links, never followed) with its content or kind. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      const abs = path.join(dir, r);
      if (e.isSymbolicLink()) out.set(r, `-> ${fs.readlinkSync(abs)}`);
      else if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.set(r, fs.readFileSync(abs, 'utf8'));
      else out.set(r, '<special>');
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

function writeSite(ws: Ws, edit: (s: Site) => void = () => {}): string {
  const site = parse(fs.readFileSync(defaultSiteFile(), 'utf8')) as Site;
  edit(site);
  const file = path.join(ws.dir, 'site.json');
  fs.writeFileSync(file, JSON.stringify(site));
  return file;
}

async function run(ws: Ws, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture(ws.dir);
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

const synthArgs = (extra: string[] = []): string[] => [
  'synth',
  '--site',
  'site.json',
  '--out',
  'out',
  '--jobs-dir',
  'jobs',
  ...extra,
];

/** The class every refused case must be in. */
function expectCleanRefusal(r: { code: number; out: string; err: string }, rule: RegExp): void {
  expect([1, 2]).toContain(r.code);
  expect(r.err).toMatch(rule);
  expect(r.err).toMatch(/\n {2}fix: /);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.out + r.err).not.toContain(CANARY);
}

let ws: Ws;
let victimBefore: Map<string, string>;
beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-adv-synth-'));
  ws = { dir: path.join(dir, 'ws'), victim: path.join(dir, 'victim') };
  fs.mkdirSync(ws.dir);
  fs.mkdirSync(ws.victim);
  fs.writeFileSync(path.join(ws.victim, 'canary.txt'), `${CANARY}\n`);
  fs.writeFileSync(path.join(ws.victim, 'openclaw.nomad.hcl'), `${CANARY}\n`);
  victimBefore = tree(ws.victim);
});
afterEach(() => {
  // Whatever happened, the folder outside the workspace is as it was.
  expect(tree(ws.victim)).toEqual(victimBefore);
  fs.rmSync(path.dirname(ws.dir), { recursive: true, force: true });
});

/** A clean synth of the default site, made once: each case starts from a copy of it. */
let reference: string;
beforeAll(async () => {
  reference = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-adv-synth-ref-'));
  const r = { dir: reference, victim: reference };
  writeSite(r);
  expect((await run(r, synthArgs())).code).toBe(0);
});
afterAll(() => fs.rmSync(reference, { recursive: true, force: true }));

/** The outputs of a first, clean synth: what a hostile second run must leave intact. */
async function synthOnce(): Promise<Map<string, string>> {
  fs.cpSync(reference, ws.dir, { recursive: true, preserveTimestamps: true });
  return tree(ws.dir);
}

const outDir = (): string => path.join(ws.dir, 'out');
const journal = (): string => path.join(outDir(), `${RESERVED}journal.json`);
const TOKEN = `${2 ** 22 + 7}-1-0123456789abcdef`;

/** A journal in our format, with `roots` as given. */
const plantJournal = (roots: unknown, token = TOKEN): void =>
  fs.writeFileSync(journal(), JSON.stringify({ version: 2, token, roots }));

const stagingFor = (dir: string, token = TOKEN): string =>
  path.join(dir, `${RESERVED}staging-${token}`);

// [label, how the outputs are made hostile after a first synth]
const JOURNALS: [string, () => void][] = [
  [
    'paths leading out with ..',
    () => {
      fs.mkdirSync(stagingFor(outDir()));
      plantJournal([
        { role: 'out', write: [], remove: ['../../victim/canary.txt'], keepStackDirs: false },
      ]);
    },
  ],
  [
    'absolute paths',
    () => {
      fs.mkdirSync(stagingFor(outDir()));
      plantJournal([
        {
          role: 'out',
          write: [],
          remove: [path.join(ws.victim, 'canary.txt')],
          keepStackDirs: false,
        },
      ]);
    },
  ],
  [
    'the version-1 form naming folders',
    () =>
      fs.writeFileSync(
        journal(),
        JSON.stringify({
          version: 1,
          roots: [{ dir: ws.victim, staging: ws.dir, write: [], remove: ['canary.txt'] }],
        }),
      ),
  ],
  [
    'a folder role this synth was not given',
    () => {
      fs.mkdirSync(stagingFor(outDir()));
      plantJournal([{ role: 'victim', write: [], remove: ['canary.txt'], keepStackDirs: false }]);
    },
  ],
  [
    'a token without its staging folder',
    () =>
      plantJournal([{ role: 'out', write: [], remove: ['manifest.json'], keepStackDirs: false }]),
  ],
  [
    'a staging folder that is a link out',
    () => {
      fs.symlinkSync(ws.victim, stagingFor(outDir()));
      plantJournal([{ role: 'out', write: ['canary.txt'], remove: [], keepStackDirs: false }]);
    },
  ],
  [
    'a removal through a symlinked folder',
    () => {
      fs.mkdirSync(stagingFor(outDir()));
      fs.symlinkSync(ws.victim, path.join(outDir(), 'link'));
      plantJournal([{ role: 'out', write: [], remove: ['link/canary.txt'], keepStackDirs: false }]);
    },
  ],
  ['a malformed token', () => plantJournal([], '../../x')],
  ['not JSON', () => fs.writeFileSync(journal(), `{${CANARY}`)],
  ['a link to a canary file', () => fs.symlinkSync(path.join(ws.victim, 'canary.txt'), journal())],
  [
    'a FIFO',
    () => {
      const r = spawnSync('mkfifo', [journal()]);
      if (r.status !== 0) fs.writeFileSync(journal(), 'x'); // no mkfifo: still not a journal
    },
  ],
  ['larger than any journal', () => fs.writeFileSync(journal(), ' '.repeat(9 * 1024 * 1024))],
];

describe('a planted synth journal is reported, never replayed', () => {
  test.each(JOURNALS)('%s', async (_label, plant) => {
    await synthOnce();
    plant();
    const before = tree(ws.dir);
    const r = await run(ws, synthArgs());
    expectCleanRefusal(r, /is not the journal of a synth of these folders/);
    expect(tree(ws.dir)).toEqual(before);
  });

  test('a journal where the old layout kept it (beside --out) is not read: synth runs, it stays', async () => {
    await synthOnce();
    const old = path.join(ws.dir, '.out.journal.json');
    const planted = JSON.stringify({
      version: 1,
      roots: [{ dir: ws.victim, staging: ws.dir, write: [], remove: ['canary.txt'] }],
    });
    fs.writeFileSync(old, planted);
    const r = await run(ws, synthArgs());
    expect(r.code).toBe(0);
    expect(fs.readFileSync(old, 'utf8')).toBe(planted);
  });
});

// [label, how the workspace is made hostile, the CLI arguments, the rule the error states]
const CASES: [string, () => void, () => string[], RegExp][] = [
  [
    'a planted lock that is a FIFO',
    () => void spawnSync('mkfifo', [path.join(outDir(), `${RESERVED}lock`)]),
    () => synthArgs(),
    /is not a synth lock/,
  ],
  [
    // The jobs folder is locked too (another site's synth may share it); its lock is taken
    // first here (jobs/ sorts before out/), so the FIFO above also shows it is released.
    'a planted lock in the jobs folder that is a FIFO',
    () => void spawnSync('mkfifo', [path.join(ws.dir, 'jobs', `${RESERVED}lock`)]),
    () => synthArgs(),
    /is not a synth lock/,
  ],
  [
    'a planted lock that links to a canary file',
    () =>
      fs.symlinkSync(path.join(ws.victim, 'canary.txt'), path.join(outDir(), `${RESERVED}lock`)),
    () => synthArgs(),
    /is not a synth lock/,
  ],
  [
    '--out and --jobs-dir the same folder',
    () => {},
    () => ['synth', '--site', 'site.json', '--out', 'out', '--jobs-dir', 'out'],
    /the two output folders overlap/,
  ],
  [
    '--jobs-dir inside --out',
    () => {},
    () => ['synth', '--site', 'site.json', '--out', 'out', '--jobs-dir', 'out/jobs'],
    /the two output folders overlap/,
  ],
  [
    'a recorded output folder replaced by a link out',
    () => {
      const stacks = path.join(outDir(), 'stacks');
      fs.rmSync(stacks, { recursive: true });
      fs.symlinkSync(ws.victim, stacks);
    },
    () => synthArgs(),
    /synth needs a real folder here, but it is a symlink/,
  ],
];

describe('synth refuses hostile outputs cleanly, and the earlier outputs stay', () => {
  test.each(CASES)('%s', async (_label, plant, args, rule) => {
    await synthOnce();
    plant();
    const before = tree(ws.dir);
    const r = await run(ws, args());
    expectCleanRefusal(r, rule);
    expect(tree(ws.dir)).toEqual(before);
  });

  test('a record naming files outside the folder removes nothing there', async () => {
    await synthOnce();
    const record = path.join(ws.dir, 'jobs', '.openclaw-octant-synth');
    fs.appendFileSync(
      record,
      `../../victim/canary.txt\n${path.join(ws.victim, 'canary.txt')}\n../victim/openclaw.nomad.hcl\n`,
    );
    expect((await run(ws, synthArgs())).code).toBe(0);
  });
});

/** A site with one further service whose jobspec and files are as given. */
function serviceSite(svc: Record<string, unknown>, files: Record<string, string> = {}): void {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(ws.dir, name), text);
  writeSite(ws, (s) => void (s.services = [{ name: 'svc', jobspec: 'svc.nomad.hcl', ...svc }]));
}

// [label, the service entry and its files, the field the error names]
const SERVICES: [string, () => void, RegExp][] = [
  [
    'a further job named ../../evil',
    () =>
      serviceSite(
        { extraJobs: [{ jobspec: 'evil.nomad.hcl' }] },
        { 'svc.nomad.hcl': JOB('svc'), 'evil.nomad.hcl': JOB('../../victim/evil') },
      ),
    /services\[0\]\.extraJobs\[0\]\.jobspec: job name "\.\.\/\.\.\/victim\/evil" cannot be used as a file name/,
  ],
  [
    'a service job named a/b',
    () => serviceSite({}, { 'svc.nomad.hcl': JOB('a/b') }),
    /services\[0\]\.jobspec: job name "a\/b" cannot be used as a file name/,
  ],
  [
    'a jobspec path leading out',
    () => serviceSite({ jobspec: '../victim/openclaw.nomad.hcl' }),
    /services\[0\]\.jobspec: cannot read .*leads outside the folder/,
  ],
  [
    'an absolute jobspec path',
    () => serviceSite({ jobspec: path.join(ws.victim, 'openclaw.nomad.hcl') }),
    /services\[0\]\.jobspec: cannot read .*is an absolute path/,
  ],
  [
    'a jobspec that links out',
    () => {
      fs.symlinkSync(
        path.join(ws.victim, 'openclaw.nomad.hcl'),
        path.join(ws.dir, 'svc.nomad.hcl'),
      );
      serviceSite({});
    },
    /services\[0\]\.jobspec: cannot read .*symlink leading outside the folder/,
  ],
  [
    'a jobspec that is a FIFO',
    () => {
      if (spawnSync('mkfifo', [path.join(ws.dir, 'svc.nomad.hcl')]).status !== 0) {
        fs.mkdirSync(path.join(ws.dir, 'svc.nomad.hcl')); // no mkfifo: a folder is refused too
      }
      serviceSite({});
    },
    /services\[0\]\.jobspec: cannot read .*(FIFO|folder)/,
  ],
  [
    'a file linking to /dev/zero',
    () => {
      fs.symlinkSync('/dev/zero', path.join(ws.dir, 'zero'));
      serviceSite({ files: { 'z.conf': 'zero' } }, { 'svc.nomad.hcl': JOB('svc') });
    },
    /services\[0\]\.files\.z\.conf: cannot read/,
  ],
  [
    'a file named like the generated main.tf.json',
    () =>
      serviceSite(
        { files: { 'main.tf.json': 'x.json' } },
        { 'svc.nomad.hcl': JOB('svc'), 'x.json': '{}' },
      ),
    /services\[0\]\.files\.main\.tf\.json: main\.tf\.json is a file the generator writes/,
  ],
  [
    "a file named like the service's own jobspec",
    () =>
      serviceSite(
        { files: { 'svc.nomad.hcl': 'x.hcl' } },
        { 'svc.nomad.hcl': JOB('svc'), 'x.hcl': 'x' },
      ),
    /services\[0\]\.files\.svc\.nomad\.hcl: svc\.nomad\.hcl is a file the generator writes/,
  ],
  [
    'a nested file through a symlinked folder leading out',
    () => {
      fs.symlinkSync(ws.victim, path.join(ws.dir, 'config'));
      serviceSite(
        { files: { 'config/canary.txt': 'config/canary.txt' } },
        { 'svc.nomad.hcl': JOB('svc') },
      );
    },
    /services\[0\]\.files\.config\/canary\.txt: cannot read .*symlink leading outside the folder/,
  ],
  [
    'a nested name stepping out with ..',
    () =>
      serviceSite(
        { files: { 'config/../../victim/canary.txt': 'x.json' } },
        { 'svc.nomad.hcl': JOB('svc'), 'x.json': '{}' },
      ),
    /services\[0\]\.files\["config\/\.\.\/\.\.\/victim\/canary\.txt"\]: .* has a "\." or "\.\." step/,
  ],
  [
    'a variable path with ..',
    () => serviceSite({ variablePath: 'nomad/jobs/../../x' }, { 'svc.nomad.hcl': JOB('svc') }),
    /variablePath/,
  ],
];

describe('names and paths from a site stay inside their folders', () => {
  test.each(SERVICES)('%s', async (_label, make, rule) => {
    const before = await synthOnce();
    make();
    const site = fs.readFileSync(path.join(ws.dir, 'site.json'), 'utf8');
    const r = await run(ws, synthArgs());
    expectCleanRefusal(r, rule);
    // Only what the case itself put there differs: the outputs are the first synth's.
    const after = tree(ws.dir);
    for (const rel of [...before.keys()].filter((k) => k.startsWith('out') || k.startsWith('jobs')))
      expect(after.get(rel)).toBe(before.get(rel));
    expect(site).not.toContain(CANARY);
  });
});

describe('a site value is never echoed when it may be a secret or a whole file', () => {
  const cases: [string, (s: Site) => void, RegExp][] = [
    [
      'a token-shaped region',
      (s) => void (s.region = `sk-ant-${CANARY}abcdefghij`),
      /region: holds a literal credential \(an anthropic key by its shape\)/,
    ],
    [
      'a URL with a password in a gateway name',
      (s) => void (s.gateways[0].name = `redis://:${CANARY}@r`),
      /gateways\[0\]\.name/,
    ],
    [
      'a long string where an object belongs',
      (s) => void (s.nomad = `OP_SERVICE_ACCOUNT_TOKEN=${CANARY}\u0000HOME=/root`),
      /nomad: expected object, got a string of \d+ characters \(not shown\)/,
    ],
    [
      'a token where a choice belongs',
      (s) => void (s.phases = [`ghp_${CANARY}0123456789abcd`]),
      /phases\[0\]: must be one of .*got a string of \d+ characters \(not shown/,
    ],
  ];
  test.each(cases)('%s', async (_label, edit, rule) => {
    writeSite(ws, edit);
    const r = await run(ws, synthArgs());
    expectCleanRefusal(r, rule);
    expect(fs.existsSync(outDir())).toBe(false);
  });
});

describe('the jobspec tools read only what a jobspec can be', () => {
  const deep = `job "x" {\n${'group "g" {\n'.repeat(2000)}${'}\n'.repeat(2000)}}\n`;
  const cases: [string, () => string, RegExp][] = [
    ['/dev/zero', () => '/dev/zero', /is a device, not a regular file/],
    [
      'a FIFO',
      () => {
        const f = path.join(ws.dir, 'f.nomad.hcl');
        if (spawnSync('mkfifo', [f]).status !== 0) fs.mkdirSync(f);
        return f;
      },
      /FIFO|folder/,
    ],
    [
      '2000 levels of nesting',
      () => {
        const f = path.join(ws.dir, 'deep.nomad.hcl');
        fs.writeFileSync(f, deep);
        return f;
      },
      /nest/i,
    ],
    [
      'a variable with no value and no default',
      () => {
        const f = path.join(ws.dir, 'v.nomad.hcl');
        fs.writeFileSync(f, `variable "unset" {}\n${JOB('x')}`);
        return f;
      },
      /variable 'unset' has no value and no default/,
    ],
  ];
  for (const cmd of [['validate'], ['convert', '--to', 'json'], ['fmt', '--check']]) {
    test.each(cases)(`${cmd[0]}: %s`, async (_label, file, rule) => {
      const f = file();
      if (cmd[0] === 'fmt' && /variable/.test(rule.source)) return; // fmt does not resolve
      const r = await run(ws, [cmd[0], f, ...cmd.slice(1)]);
      expect([1, 2]).toContain(r.code);
      expect(r.out + r.err).toMatch(rule);
      expect(r.out + r.err).not.toMatch(/\n\s+at /);
    });
  }
});
