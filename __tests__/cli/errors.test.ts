import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';
import { capture } from '../cli-io';

/**
 * Inputs that used to end in a stack trace: each is now one error naming the path and a fix,
 * exit 1 or 2, and nothing changed on disk.
 */
const JOB = 'job "demo" {\n  group "g" {\n    task "t" {\n      driver = "podman"\n    }\n  }\n}\n';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-cli-err-'));
  fs.mkdirSync(path.join(dir, 'adir'));
  fs.writeFileSync(path.join(dir, 'afile'), 'x');
});

async function fails(args: string[], pattern: RegExp): Promise<string> {
  const c = capture(dir);
  const code = await main(args, c.io);
  expect([1, 2]).toContain(code);
  expect(c.err()).toMatch(pattern);
  expect(c.err()).not.toMatch(/\n\s+at /);
  expect(c.err()).toMatch(/\n {2}fix: /);
  return c.err();
}

describe('no stack traces', () => {
  test('fmt DIR', () => fails(['fmt', 'adir'], /fmt: adir: is a folder, not a file/));
  test('convert DIR', () =>
    fails(['convert', 'adir', '--to', 'hcl'], /convert: adir: is a folder, not a file/));
  test('validate DIR', () => fails(['validate', 'adir'], /adir: is a folder, not a file/));
  test('a jobspec that is not UTF-8', () => {
    fs.writeFileSync(path.join(dir, 'bad.nomad.hcl'), Buffer.from([0x6a, 0x6f, 0x62, 0xff, 0x0a]));
    return fails(
      ['fmt', 'bad.nomad.hcl'],
      /bad\.nomad\.hcl: is not valid UTF-8 \(first bad byte at offset 3\)/,
    );
  });
  test.each([
    [['--out', 'afile/sub'], /afile[^\n]*folder/],
    [['--out', 'afile'], /afile[^\n]*folder/],
    [['--jobs-dir', 'afile'], /afile[^\n]*folder/],
    [['--jobs-dir', 'adir'], /adir\/openclaw\.nomad\.hcl: [^\n]*folder/],
  ])('synth %p', async (extra, pattern) => {
    fs.mkdirSync(path.join(dir, 'adir', 'openclaw.nomad.hcl'), { recursive: true });
    const args = ['synth', '--out', 'out', '--jobs-dir', 'jobs', ...extra];
    await fails(args, pattern);
  });
  test('vendor into a checkout whose terraform/openclaw is a file', async () => {
    fs.mkdirSync(path.join(dir, 'terraform'));
    fs.writeFileSync(path.join(dir, 'terraform', 'openclaw'), 'x');
    await fails(['vendor', '--octant', '.'], /terraform\/openclaw: is a file, not a folder/);
  });
});

describe('fmt rewrites files in place', () => {
  const ugly = 'job "demo" {\ngroup "g" {\n    task "t" {\n  driver = "podman"\n}\n}\n}\n';

  test('mode kept; a symlink stays a symlink and its target is formatted; hard links stay linked', async () => {
    const f = path.join(dir, 'a.nomad.hcl');
    fs.writeFileSync(f, ugly);
    fs.chmodSync(f, 0o600);
    const linked = path.join(dir, 'hard.nomad.hcl');
    fs.linkSync(f, linked);
    const target = path.join(dir, 'target.nomad.hcl');
    fs.writeFileSync(target, ugly);
    fs.symlinkSync('target.nomad.hcl', path.join(dir, 'link.nomad.hcl'));
    const c = capture(dir);
    expect(await main(['fmt', 'a.nomad.hcl', 'link.nomad.hcl'], c.io)).toBe(0);
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(f, 'utf8')).toBe(JOB);
    expect(fs.readFileSync(linked, 'utf8')).toBe(JOB);
    expect(fs.statSync(f).ino).toBe(fs.statSync(linked).ino);
    expect(fs.lstatSync(path.join(dir, 'link.nomad.hcl')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe(JOB);
  });

  test('a read-only file is refused, and no file is changed', async () => {
    const ro = path.join(dir, 'ro.nomad.hcl');
    const rw = path.join(dir, 'rw.nomad.hcl');
    fs.writeFileSync(ro, ugly);
    fs.writeFileSync(rw, ugly);
    fs.chmodSync(ro, 0o444);
    await fails(['fmt', 'rw.nomad.hcl', 'ro.nomad.hcl'], /ro\.nomad\.hcl: is read-only/);
    expect(fs.readFileSync(ro, 'utf8')).toBe(ugly);
    expect(fs.readFileSync(rw, 'utf8')).toBe(ugly);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--version', () => {
  test('prints the name and the version of package.json', async () => {
    const c = capture(dir);
    expect(await main(['--version'], c.io)).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
    expect(c.out()).toBe(`openclaw-octant ${pkg.version}\n`);
  });
});

describe('validate shows the documentation page of each rule', () => {
  const BAD =
    'job "demo" {\n  type = "batch"\n  update {\n    max_parallel = 1\n  }\n  group "g" {\n    task "t" {\n      driver = "podman"\n    }\n  }\n}\n';

  test('in text and in --json', async () => {
    fs.writeFileSync(path.join(dir, 'bad.nomad.hcl'), BAD);
    const text = capture(dir);
    await main(['validate', 'bad.nomad.hcl'], text.io);
    expect(text.out()).toMatch(
      /update-on-batch .* https:\/\/developer\.hashicorp\.com\/nomad\/docs\/job-specification\/update$/m,
    );
    const json = capture(dir);
    await main(['validate', '--json', 'bad.nomad.hcl'], json.io);
    const [r] = JSON.parse(json.out()) as { diagnostics: { rule: string; doc: string }[] }[];
    expect(r.diagnostics.find((d) => d.rule === 'update-on-batch')?.doc).toBe(
      'https://developer.hashicorp.com/nomad/docs/job-specification/update',
    );
  });
});

describe('fmt in a folder that takes no new files', () => {
  const ugly = 'job "demo" {\ngroup "g" {\n    task "t" {\n  driver = "podman"\n}\n}\n}\n';
  // Root may write anywhere: the folder's mode would not stop it.
  const asRoot = process.getuid?.() === 0;
  (asRoot ? test.skip : test)('a writable file there is rewritten in place', async () => {
    const sub = path.join(dir, 'locked');
    fs.mkdirSync(sub);
    const f = path.join(sub, 'a.nomad.hcl');
    fs.writeFileSync(f, ugly);
    fs.chmodSync(sub, 0o555);
    try {
      const c = capture(dir);
      expect(await main(['fmt', 'locked/a.nomad.hcl'], c.io)).toBe(0);
      expect(fs.readFileSync(f, 'utf8')).toBe(JOB);
    } finally {
      fs.chmodSync(sub, 0o755);
    }
  });
});

describe('errors of a site name its file and line, whichever check found them', () => {
  test('schema, cross-gateway and service errors all start with the site file', async () => {
    const site = [
      'gateways:',
      '  - name: openclaw',
      '  - name: openclaw', // two gateways of one name: found after the schema
      '    env: { FOO: { secret: nope } }', // an undeclared secret: found after the schema
      'services:',
      '  - name: svc',
      '    jobspec: missing.nomad.hcl', // a file the site names: read after the schema
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'my.site.yaml'), site);
    const err = await fails(
      ['synth', '--site', 'my.site.yaml', '--out', 'out', '--jobs-dir', 'jobs'],
      /my\.site\.yaml:3: gateways\[1\]\.name: gateway name "openclaw" is already used/,
    );
    // As the user typed it, not resolved against the working folder.
    expect(err).toMatch(/^openclaw-octant synth: my\.site\.yaml:3: gateways\[1\]\.name: /);
    const lines = err.split('\n').filter((l) => l !== '' && !l.startsWith('  fix: '));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/my\.site\.yaml:\d: (gateways|services)\[\d\]/);
    // The gateways' problems and the services' come in one run.
    expect(lines.some((l) => /:7: services\[0\]\.jobspec: cannot read "missing/.test(l))).toBe(
      true,
    );
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
