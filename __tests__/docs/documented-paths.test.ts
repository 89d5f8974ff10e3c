import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import type { Io } from '../../cli/io';
import {
  expectSameOutputs,
  root,
  snapshot,
  workspace,
  type Workspace,
} from '../synth/synth-fixture';

/**
 * Every path the docs show runs here through the CLI, as an operator runs it: each example site
 * (and the embedded one) is synthesized into a temp folder by `openclaw-octant synth`, then every
 * jobspec it wrote passes `openclaw-octant validate`; a site of every combination of phases
 * synthesizes through `synth` and through cdktf.json's app command, to the same bytes. (The
 * app command as a separate process, with the real cdktf CLI: synth/cdktf-cli.heavy.test.ts.)
 */

function capture(cwd: string, env: NodeJS.ProcessEnv = {}): { io: Io; text: () => string } {
  const out: string[] = [];
  return {
    io: { stdout: (t) => out.push(t), stderr: (t) => out.push(t), cwd, env },
    text: () => out.join(''),
  };
}

/** Every file of that name pattern under `dir`. */
function filesUnder(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f))
    .sort();
}

async function synthCli(ws: Workspace, site: string): Promise<void> {
  const c = capture(ws.dir);
  const args = ['synth', '--site', site, '--out', ws.out, '--jobs-dir', ws.jobs];
  expect([site, await main(args, c.io), c.text()]).toEqual([site, 0, expect.any(String)]);
}

const EXAMPLES = fs
  .readdirSync(path.join(root, 'homelab', 'examples'))
  .filter((f) => f.endsWith('.site.yaml'))
  .map((f) => path.join('homelab', 'examples', f));

describe('every example site synthesizes through the CLI and validates', () => {
  test('the examples folder holds the sites the README names', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const named = [...readme.matchAll(/homelab\/examples\/[a-z0-9-]+\.site\.yaml/g)].map(
      (m) => m[0],
    );
    expect(named.length).toBeGreaterThan(1);
    for (const f of named) expect(EXAMPLES).toContain(f);
  });

  test.each(['homelab/default.site.yaml', ...EXAMPLES])('%s', async (rel) => {
    const ws = workspace('oc-example-');
    try {
      await synthCli(ws, path.join(root, rel));
      const jobs = [...filesUnder(ws.out, '.nomad.hcl'), ...filesUnder(ws.jobs, '.nomad.hcl')];
      const site = fs.readFileSync(path.join(root, rel), 'utf8');
      const phases = /^phases: \[([^\]]*)\]/m.exec(site)?.[1] ?? 'nomad';
      if (!phases.includes('nomad')) {
        // Phase 1/2 only: stacks (and Quadlet units), no jobspec to validate.
        expect(jobs).toEqual([]);
        expect(filesUnder(ws.out, 'cdk.tf.json').length).toBeGreaterThan(0);
        return;
      }
      expect(jobs.length).toBeGreaterThan(0);
      const c = capture(ws.dir);
      expect([await main(['validate', ...jobs], c.io), c.text()]).toEqual([
        0,
        expect.not.stringContaining('error'),
      ]);
      expect(
        c
          .text()
          .split('\n')
          .filter((l) => l.endsWith(': ok')).length,
      ).toBe(jobs.length);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});

const PHASES = ['nomad', 'podman', 'consul'] as const;
/** Every non-empty subset of the phases. */
const COMBINATIONS = Array.from({ length: 7 }, (_, i) =>
  PHASES.filter((_p, b) => (i + 1) & (1 << b)),
);

function phaseSite(dir: string, phases: readonly string[]): string {
  const file = path.join(dir, 'phases.site.yaml');
  fs.writeFileSync(
    file,
    [
      `phases: [${phases.join(', ')}]`,
      'podman: { hostAddress: 192.168.1.20 }',
      'secrets:',
      '  items:',
      '    gateway_token: { op: "op://Homelab/openclaw/gateway_token", generate: hex32 }',
      'gateways: [{ name: openclaw, image: "openclaw-homelab:local" }]',
      '',
    ].join('\n'),
  );
  return file;
}

/** cdktf.json's `app`, run in this process: `node bin/openclaw-octant.js <args>` -> main(args). */
async function cdktfAppInProcess(ws: Workspace, site: string): Promise<void> {
  const { app } = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as {
    app: string;
  };
  const [node, script, ...args] = app.split(' ');
  expect([node, script]).toEqual(['node', 'bin/openclaw-octant.js']);
  const c = capture(ws.dir, { CDKTF_OUTDIR: ws.out, OPENCLAW_OCTANT_SITE: site });
  expect([await main(args, c.io), c.text()]).toEqual([0, expect.any(String)]);
}

/**
 * Two synths of one site wrote the same files. Each folder keeps the site's record under a name
 * from the site's path relative to the outputs, which differs between two workspaces: records
 * are compared by content.
 */
describe('a site of any combination of phases synthesizes', () => {
  test.each(COMBINATIONS.map((c) => [c.join('+'), c]))('%s', async (_name, phases) => {
    const viaCli = workspace('oc-phases-cli-');
    const viaApp = workspace('oc-phases-app-');
    try {
      const site = phaseSite(viaCli.dir, phases);
      await synthCli(viaCli, site);
      await cdktfAppInProcess(viaApp, site);
      const cli = snapshot(viaCli.out);
      const stacks = [...cli.keys()].filter((k) => k.endsWith('cdk.tf.json')).sort();
      const expected = {
        nomad: 'stacks/openclaw/cdk.tf.json',
        podman: 'stacks/openclaw-podman/cdk.tf.json',
        consul: 'stacks/openclaw-consul/cdk.tf.json',
      };
      expect(stacks).toEqual(phases.map((p) => expected[p]).sort());
      expect(fs.existsSync(path.join(viaCli.jobs, 'openclaw.nomad.hcl'))).toBe(
        phases.includes('nomad'),
      );
      // Both paths write the same bytes (the site file lives in the CLI workspace only).
      expectSameOutputs(cli, snapshot(viaApp.out));
      expectSameOutputs(snapshot(viaCli.jobs), snapshot(viaApp.jobs));
    } finally {
      fs.rmSync(viaCli.dir, { recursive: true, force: true });
      fs.rmSync(viaApp.dir, { recursive: true, force: true });
    }
  });
});
