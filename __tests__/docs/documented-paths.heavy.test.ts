import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { cdktfApp, expectSameOutputs, snapshot, workspace } from '../synth/synth-fixture';

/**
 * cdktf.json's app command as its own process (the way `cdktf synth` starts it), for a site of
 * every combination of phases: the same bytes as `openclaw-octant synth`. The in-process run of
 * both is in documented-paths.test.ts.
 */

const PHASES = ['nomad', 'podman', 'consul'] as const;
const COMBINATIONS = Array.from({ length: 7 }, (_, i) =>
  PHASES.filter((_p, b) => (i + 1) & (1 << b)),
);

test.each(COMBINATIONS.map((c) => [c.join('+'), c]))('%s', async (_name, phases) => {
  const viaCli = workspace('oc-phases-cli-');
  const viaApp = workspace('oc-phases-app-');
  try {
    const site = path.join(viaCli.dir, 'phases.site.yaml');
    fs.writeFileSync(
      site,
      `phases: [${phases.join(', ')}]\npodman: { hostAddress: 192.168.1.20 }\n` +
        'secrets: { items: { gateway_token: { op: "op://Homelab/openclaw/gateway_token", generate: hex32 } } }\n' +
        'gateways: [{ name: openclaw, image: "openclaw-homelab:local" }]\n',
    );
    const io = { stdout: () => undefined, stderr: () => undefined, cwd: viaCli.dir, env: {} };
    const args = ['synth', '--site', site, '--out', viaCli.out, '--jobs-dir', viaCli.jobs];
    expect(await main(args, io)).toBe(0);
    cdktfApp(viaApp.dir, site);
    expectSameOutputs(snapshot(viaCli.out), snapshot(viaApp.out));
    expectSameOutputs(snapshot(viaCli.jobs), snapshot(viaApp.jobs));
    expect(snapshot(viaCli.out).size).toBeGreaterThan(2);
  } finally {
    fs.rmSync(viaCli.dir, { recursive: true, force: true });
    fs.rmSync(viaApp.dir, { recursive: true, force: true });
  }
});
