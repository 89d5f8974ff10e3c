import * as fs from 'fs';
import * as path from 'path';
import { synth } from '../../cli/synth';
import { RESERVED } from '../../lib/util/staged-tree';
import { cdktfAppCommand } from '../../cli/commands/cdktf-app';
import {
  SITES,
  cdktfApp,
  diffKeys,
  expectSameTreeAsNpmSynth,
  same,
  snapshot,
  workspace,
} from './synth-fixture';

// The real CLI (`cdktf synth`, seconds per run) writing the same tree: cdktf-cli.heavy.test.ts.
test("cdktf.json's app command, run as `cdktf synth` runs it, writes what `npm run synth` writes", async () => {
  await expectSameTreeAsNpmSynth('oc-app-cmd-', (dir) => cdktfApp(dir));
});

test('the cdktf app entry (as the CLI runs it) and `synth` agree after a phase change', async () => {
  const viaApp = workspace('oc-app-');
  const viaNpm = workspace('oc-npm-');
  const io = (dir: string, site: string) => ({
    cwd: dir,
    env: { CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), OPENCLAW_OCTANT_SITE: site },
    stdout: () => undefined,
    stderr: () => undefined,
  });
  try {
    // A phase change: the same site file, edited (a site removes only what it wrote itself).
    for (const src of [SITES.b, SITES.a]) {
      for (const dir of [viaApp.dir, viaNpm.dir]) fs.copyFileSync(src, path.join(dir, 'site.yaml'));
      const site = (dir: string) => path.join(dir, 'site.yaml');
      expect(await cdktfAppCommand.run([], io(viaApp.dir, site(viaApp.dir)) as never)).toBe(0);
      await synth({ sitePath: site(viaNpm.dir), outDir: viaNpm.out, projectRoot: viaNpm.dir });
    }
    // The app leaves the emptied folders of dropped stacks for the CLI, which removes them.
    const left = path.join(viaApp.out, 'stacks', 'openclaw-podman');
    expect(fs.readdirSync(left)).toEqual([]);
    fs.rmSync(left, { recursive: true });
    fs.rmSync(path.join(viaApp.out, 'stacks', 'openclaw-consul'), { recursive: true });
    expect(diffKeys(snapshot(viaApp.dir), snapshot(viaNpm.dir))).toEqual([]);
    expect(fs.existsSync(path.join(viaNpm.out, 'stacks', 'openclaw-podman'))).toBe(false);
  } finally {
    fs.rmSync(viaApp.dir, { recursive: true, force: true });
    fs.rmSync(viaNpm.dir, { recursive: true, force: true });
  }
});

describe('synth cleans what it wrote before, and only that', () => {
  const ws = workspace('oc-clean-');
  const opts = (site: string) => ({
    sitePath: site,
    outDir: ws.out,
    projectRoot: ws.dir,
    jobsDir: ws.jobs,
  });
  afterAll(() => fs.rmSync(ws.dir, { recursive: true, force: true }));
  // One site file, edited between runs (a site removes only what it wrote itself).
  const site = path.join(ws.dir, 'site.yaml');

  test('dropped phases and gateways go; files synth did not write stay', async () => {
    fs.copyFileSync(SITES.b, site);
    await synth(opts(site));
    const mine = path.join(ws.jobs, 'hand-written.nomad.hcl');
    fs.writeFileSync(mine, 'job "x" {}\n');
    const tfDir = path.join(ws.out, 'stacks', 'openclaw-podman', '.terraform');
    fs.mkdirSync(tfDir, { recursive: true });
    fs.writeFileSync(path.join(tfDir, 'providers.lock'), 'kept');
    fs.copyFileSync(SITES.a, site);
    const only = (await synth(opts(site))).files;
    const tree = snapshot(ws.dir);
    const fresh = workspace('oc-clean-ref-');
    fs.copyFileSync(SITES.a, path.join(fresh.dir, 'site.yaml'));
    await synth({
      ...opts(path.join(fresh.dir, 'site.yaml')),
      outDir: fresh.out,
      projectRoot: fresh.dir,
      jobsDir: fresh.jobs,
    });
    const ref = snapshot(fresh.dir);
    fs.rmSync(fresh.dir, { recursive: true, force: true });
    // The site's own records and the site file are this workspace's, not outputs to compare.
    const extra = [...tree.keys()].filter((k) => !ref.has(k)).sort();
    expect(extra).toEqual([
      path.join('cdktf.out', 'stacks', 'openclaw-podman', '.terraform', 'providers.lock'),
      path.join('nomad-jobs', 'hand-written.nomad.hcl'),
    ]);
    expect(same(new Map([...tree].filter(([k]) => ref.has(k))), ref)).toBe(true);
    expect(only.some((f) => f.includes('openclaw-consul'))).toBe(false);
    expect(fs.existsSync(path.join(ws.out, 'stacks', 'openclaw-consul'))).toBe(false);
  });

  test('leftovers of killed runs (staging, temp files, a dead lock) are cleared', async () => {
    const dead = 2 ** 22 + 7; // above the kernel's pid_max default: never a live process
    const staging = path.join(ws.out, `${RESERVED}staging-${dead}-1-0123456789abcdef`);
    fs.mkdirSync(path.join(staging, 'stacks'), { recursive: true });
    const jobsStaging = path.join(ws.jobs, `${RESERVED}staging-${dead}-1-0123456789abcdef`);
    fs.mkdirSync(jobsStaging);
    const tmp = path.join(ws.out, 'stacks', 'openclaw', `.cdk.tf.json.${dead}.tmp`);
    fs.writeFileSync(tmp, 'half');
    const jobsTmp = path.join(ws.jobs, `.openclaw.nomad.hcl.${dead}.tmp`);
    fs.writeFileSync(jobsTmp, 'half');
    fs.writeFileSync(path.join(ws.out, `${RESERVED}lock`), `${dead}\n`);
    await synth(opts(site));
    expect(fs.existsSync(staging)).toBe(false);
    expect(fs.existsSync(jobsStaging)).toBe(false);
    for (const dir of [ws.out, ws.jobs]) {
      expect(fs.readdirSync(dir).filter((n) => n.startsWith(RESERVED))).toEqual([]);
    }
    expect(fs.existsSync(tmp)).toBe(false);
    expect(fs.existsSync(jobsTmp)).toBe(false);
    expect(fs.readdirSync(ws.dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  test('a folder where synth writes a file is a user error, and nothing changes', async () => {
    const before = snapshot(ws.dir);
    fs.rmSync(path.join(ws.jobs, 'openclaw.nomad.hcl'));
    fs.mkdirSync(path.join(ws.jobs, 'openclaw.nomad.hcl'));
    const changed = snapshot(ws.dir);
    await expect(synth(opts(site))).rejects.toThrow(/synth writes a file here, but it is a folder/);
    expect(same(snapshot(ws.dir), changed)).toBe(true);
    fs.rmdirSync(path.join(ws.jobs, 'openclaw.nomad.hcl'));
    await synth(opts(site));
    expect(same(snapshot(ws.dir), before)).toBe(true);
  });
});
