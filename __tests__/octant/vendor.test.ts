import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import {
  VENDOR_MANIFEST,
  VENDOR_README,
  VendorPlan,
  planVendor,
  vendorModule,
} from '../../lib/octant/vendor';
import { UserError } from '../../lib/util/errors';
import { vendorCommand } from '../../cli/commands/vendor';
import type { Io } from '../../cli/io';

function fakeOctant(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-octant-'));
  fs.mkdirSync(path.join(dir, 'terraform', 'postgres'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'terraform', 'postgres', 'main.tf'), '# postgres\n');
  return dir;
}

const files = (v = '1'): Map<string, string> =>
  new Map([
    ['main.tf.json', `{"v": ${v}}\n`],
    ['demo.nomad.hcl', `job "demo" {\n  # v${v}\n}\n`],
  ]);

const read = (dir: string, name: string): string =>
  fs.readFileSync(path.join(dir, 'terraform', 'demo', name), 'utf8');

function captureIo(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {} };
}

describe('vendorModule', () => {
  test('fresh copy writes the files and a sha256 manifest, nothing else', () => {
    const dir = fakeOctant();
    const r = vendorModule({ octantDir: dir, serviceName: 'demo', files: files() });
    expect(r.changed).toEqual(['demo.nomad.hcl', 'main.tf.json']);
    expect(read(dir, 'main.tf.json')).toBe('{"v": 1}\n');
    const manifest = JSON.parse(read(dir, VENDOR_MANIFEST));
    expect(Object.keys(manifest.files).sort()).toEqual(['demo.nomad.hcl', 'main.tf.json']);
    expect(manifest.files['main.tf.json']).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(path.join(dir, 'terraform', 'postgres', 'main.tf'), 'utf8')).toBe(
      '# postgres\n',
    );
  });

  test('dry run shows a unified diff and writes nothing', () => {
    const dir = fakeOctant();
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files('1') });
    const r = vendorModule({
      octantDir: dir,
      serviceName: 'demo',
      files: files('2'),
      dryRun: true,
    });
    expect(r.changed).toEqual(['demo.nomad.hcl', 'main.tf.json']);
    expect(r.diff).toContain('--- a/terraform/demo/main.tf.json');
    expect(r.diff).toContain('-{"v": 1}');
    expect(r.diff).toContain('+{"v": 2}');
    expect(read(dir, 'main.tf.json')).toBe('{"v": 1}\n');
  });

  test('an update over unedited files goes through', () => {
    const dir = fakeOctant();
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files('1') });
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files('2') });
    expect(read(dir, 'main.tf.json')).toBe('{"v": 2}\n');
  });

  test('refuses to overwrite local edits, unless forced', () => {
    const dir = fakeOctant();
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files('1') });
    fs.writeFileSync(path.join(dir, 'terraform', 'demo', 'main.tf.json'), '{"edited": true}\n');
    expect(() => vendorModule({ octantDir: dir, serviceName: 'demo', files: files('2') })).toThrow(
      /main\.tf\.json changed since openclaw-octant last wrote it/,
    );
    expect(read(dir, 'main.tf.json')).toBe('{"edited": true}\n');
    expect(read(dir, 'demo.nomad.hcl')).toContain('# v1'); // nothing written at all
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files('2'), force: true });
    expect(read(dir, 'main.tf.json')).toBe('{"v": 2}\n');
  });

  test('a README it did not write stays, even with --force: ours goes beside it', () => {
    const dir = fakeOctant();
    const own = '# OpenClaw (maintainers)\n\n190 lines of hand-written notes\n';
    fs.mkdirSync(path.join(dir, 'terraform', 'demo'));
    fs.writeFileSync(path.join(dir, 'terraform', 'demo', 'README.md'), own);
    const withReadme = (v: string) => new Map([...files(v), ['README.md', `# generated ${v}\n`]]);
    const r = vendorModule({
      octantDir: dir,
      serviceName: 'demo',
      files: withReadme('1'),
      force: true,
    });
    expect(read(dir, 'README.md')).toBe(own);
    expect(read(dir, VENDOR_README)).toBe('# generated 1\n');
    expect(r.keptHandWritten).toEqual({ 'README.md': VENDOR_README });
    // Later runs keep ours beside it, and never list theirs for removal.
    const r2 = vendorModule({
      octantDir: dir,
      serviceName: 'demo',
      files: withReadme('2'),
      force: true,
    });
    expect(read(dir, 'README.md')).toBe(own);
    expect(read(dir, VENDOR_README)).toBe('# generated 2\n');
    expect(r2.removed).toEqual([]);
    // In a folder without a README of theirs, ours is README.md.
    const fresh = fakeOctant();
    vendorModule({ octantDir: fresh, serviceName: 'demo', files: withReadme('1') });
    expect(read(fresh, 'README.md')).toBe('# generated 1\n');
  });

  test('files it no longer generates are removed when unedited', () => {
    const dir = fakeOctant();
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files('1') });
    const fewer = new Map([...files('1')].filter(([n]) => n !== 'demo.nomad.hcl'));
    const r = vendorModule({ octantDir: dir, serviceName: 'demo', files: fewer });
    expect(r.removed).toEqual(['demo.nomad.hcl']);
    expect(fs.existsSync(path.join(dir, 'terraform', 'demo', 'demo.nomad.hcl'))).toBe(false);
  });

  test('a missing dir and a non-Octant dir are clear errors', () => {
    const missing = path.join(os.tmpdir(), 'oc-no-such-dir-xyz');
    expect(() => vendorModule({ octantDir: missing, serviceName: 'demo', files: files() })).toThrow(
      /does not exist/,
    );
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-plain-'));
    expect(() => vendorModule({ octantDir: plain, serviceName: 'demo', files: files() })).toThrow(
      /is not an Octant checkout \(it has no terraform\/ folder\)/,
    );
  });

  test('detects a hand-written module for the service under another name and leaves it alone', () => {
    const dir = fakeOctant();
    const gw = path.join(dir, 'terraform', 'demo-gateway');
    fs.mkdirSync(gw);
    fs.writeFileSync(path.join(gw, 'main.tf'), '# hand written\n');
    const other = path.join(dir, 'terraform', 'svc');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'x.nomad.hcl'), 'job "demo" {\n}\n');
    const r = vendorModule({ octantDir: dir, serviceName: 'demo', files: files() });
    expect(r.handWritten).toEqual(['terraform/demo-gateway', 'terraform/svc']);
    expect(fs.readFileSync(path.join(gw, 'main.tf'), 'utf8')).toBe('# hand written\n');
  });
});

describe('vendor command', () => {
  test("copies the real module and notes Octant's openclaw-gateway folder", async () => {
    const dir = fakeOctant();
    fs.mkdirSync(path.join(dir, 'terraform', 'openclaw-gateway'));
    const io = captureIo(dir);
    expect(await vendorCommand.run(['--octant', '.'], io)).toBe(0);
    expect(fs.existsSync(path.join(dir, 'terraform', 'openclaw', 'main.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'terraform', 'openclaw', 'openclaw.nomad.hcl'))).toBe(true);
    expect(io.err.join('')).toContain(
      'terraform/openclaw-gateway looks like a hand-written module',
    );
    const dry = captureIo(dir);
    expect(await vendorCommand.run(['--octant', '.', '--dry-run'], dry)).toBe(0);
    expect(dry.out.join('')).toContain('0 to write, 0 to remove (dry run)');
  });

  test('without --octant is a usage error', async () => {
    await expect(vendorCommand.run([], captureIo(os.tmpdir()))).rejects.toThrow(
      /--octant DIR is required/,
    );
  });
});

describe('vendor stays inside terraform/<service>/', () => {
  const hash = (t: string): string => createHash('sha256').update(t).digest('hex');

  /** A checkout vendored once, with a victim file beside it and the manifest pointing at it. */
  function poisoned(victimName = '../../../victim.txt'): { dir: string; victim: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-poison-'));
    const dir = path.join(root, 'checkout');
    fs.mkdirSync(path.join(dir, 'terraform', 'demo'), { recursive: true });
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files() });
    const victim = path.join(root, 'victim.txt');
    fs.writeFileSync(victim, 'SECRET-VICTIM-CONTENT\n');
    const mf = path.join(dir, 'terraform', 'demo', VENDOR_MANIFEST);
    const m = JSON.parse(fs.readFileSync(mf, 'utf8'));
    m.files[victimName] = hash('SECRET-VICTIM-CONTENT\n');
    fs.writeFileSync(mf, JSON.stringify(m));
    return { dir, victim };
  }

  test.each([
    ['plain', {}],
    ['--force', { force: true }],
    ['--dry-run', { dryRun: true }],
  ])('a manifest entry leading out is refused (%s), the outside file untouched', (_, extra) => {
    const { dir, victim } = poisoned();
    let diff = '';
    expect(() => {
      diff = vendorModule({
        octantDir: dir,
        serviceName: 'demo',
        files: files('2'),
        ...extra,
      }).diff;
    }).toThrow(/"\.\.\/\.\.\/\.\.\/victim\.txt" leads outside the folder/);
    expect(diff).not.toContain('SECRET-VICTIM-CONTENT');
    expect(fs.readFileSync(victim, 'utf8')).toBe('SECRET-VICTIM-CONTENT\n');
    expect(read(dir, 'main.tf.json')).toBe('{"v": 1}\n');
  });

  test('absolute manifest entries and symlinks leading out are refused', () => {
    const { dir, victim } = poisoned('/etc/passwd');
    expect(() =>
      vendorModule({ octantDir: dir, serviceName: 'demo', files: files('2'), force: true }),
    ).toThrow(/is an absolute path/);
    const { dir: d2 } = poisoned('link.txt');
    fs.symlinkSync(victim, path.join(d2, 'terraform', 'demo', 'link.txt'));
    expect(() =>
      vendorModule({ octantDir: d2, serviceName: 'demo', files: files('2'), force: true }),
    ).toThrow(/"link\.txt" is a symlink leading outside the folder/);
    expect(fs.existsSync(victim)).toBe(true);
  });

  test('terraform/<service> that is a symlink elsewhere or a file is refused; nothing written there', () => {
    const dir = fakeOctant();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-elsewhere-'));
    fs.symlinkSync(elsewhere, path.join(dir, 'terraform', 'demo'));
    expect(() => vendorModule({ octantDir: dir, serviceName: 'demo', files: files() })).toThrow(
      /terraform\/demo: is a symlink/,
    );
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    const d2 = fakeOctant();
    fs.writeFileSync(path.join(d2, 'terraform', 'demo'), 'x');
    expect(() => vendorModule({ octantDir: d2, serviceName: 'demo', files: files() })).toThrow(
      /terraform\/demo: is a file, not a folder/,
    );
  });

  test('a manifest that is a folder, and a read-only target, are clear errors', () => {
    const dir = fakeOctant();
    fs.mkdirSync(path.join(dir, 'terraform', 'demo', VENDOR_MANIFEST), { recursive: true });
    expect(() => vendorModule({ octantDir: dir, serviceName: 'demo', files: files() })).toThrow(
      UserError,
    );
    const d2 = fakeOctant();
    vendorModule({ octantDir: d2, serviceName: 'demo', files: files('1') });
    fs.chmodSync(path.join(d2, 'terraform', 'demo', 'main.tf.json'), 0o444);
    expect(() => vendorModule({ octantDir: d2, serviceName: 'demo', files: files('2') })).toThrow(
      /main\.tf\.json: is read-only/,
    );
    expect(read(d2, 'demo.nomad.hcl')).toContain('# v1');
  });

  test('a checkout reached through a symlink still works', () => {
    const dir = fakeOctant();
    const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oc-link-')), 'octant');
    fs.symlinkSync(dir, link);
    vendorModule({ octantDir: link, serviceName: 'demo', files: files() });
    expect(read(dir, 'main.tf.json')).toBe('{"v": 1}\n');
  });

  test('two modules: a conflict in the second leaves the first untouched', () => {
    const dir = fakeOctant();
    vendorModule({ octantDir: dir, serviceName: 'demo', files: files('1') });
    vendorModule({ octantDir: dir, serviceName: 'other', files: files('1') });
    fs.writeFileSync(path.join(dir, 'terraform', 'other', 'main.tf.json'), 'edited\n');
    const plans = (): VendorPlan[] =>
      ['demo', 'other'].map((serviceName) =>
        planVendor({ octantDir: dir, serviceName, files: files('2') }),
      );
    expect(plans).toThrow(/terraform\/other: main\.tf\.json changed since/);
    expect(read(dir, 'main.tf.json')).toBe('{"v": 1}\n');
  });
});

describe('vendor command: two gateways are all or nothing', () => {
  test('a conflict in the second module writes nothing at all', async () => {
    const dir = fakeOctant();
    const site = path.join(dir, 'two.site.yaml');
    fs.writeFileSync(
      site,
      'secrets:\n  items:\n    gateway_token: { op: op://Homelab/gw/token, generate: hex32 }\n' +
        'gateways:\n  - name: alpha\n  - name: beta\n    ports: { http: 18800, canvas: 18801 }\n',
    );
    expect(await vendorCommand.run(['--octant', '.', '--site', site], captureIo(dir))).toBe(0);
    const alpha = path.join(dir, 'terraform', 'alpha', 'alpha.nomad.hcl');
    fs.writeFileSync(path.join(dir, 'terraform', 'beta', 'beta.nomad.hcl'), '# edited\n');
    fs.writeFileSync(
      site,
      fs.readFileSync(site, 'utf8').replace('name: alpha', 'name: alpha\n    forcePull: false'),
    );
    const before = fs.readFileSync(alpha, 'utf8');
    await expect(
      vendorCommand.run(['--octant', '.', '--site', site], captureIo(dir)),
    ).rejects.toThrow(/terraform\/beta: beta\.nomad\.hcl changed since/);
    expect(fs.readFileSync(alpha, 'utf8')).toBe(before);
  });
});
