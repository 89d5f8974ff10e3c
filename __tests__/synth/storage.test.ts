import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synth } from '../../cli/synth';

const SITE = `
secrets:
  items:
    gateway_token:
      op: op://Homelab/openclaw/gateway_token
      generate: hex32
gateways:
  - name: openclaw
    storage: bindMount
`;

describe('synth of a gateway with Octant-style bind mounts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-storage-'));
  const moduleDir = path.join(dir, 'cdktf.out', 'octant', 'terraform', 'openclaw');
  let files: readonly string[] = [];

  beforeAll(async () => {
    const site = path.join(dir, 'bind.site.yaml');
    fs.writeFileSync(site, SITE);
    files = (
      await synth({
        sitePath: site,
        outDir: path.join(dir, 'cdktf.out'),
        projectRoot: dir,
        jobsDir: path.join(dir, 'jobs'),
      })
    ).files;
  });

  test('the README lists each bind mount with its task path and how to prepare it', () => {
    const readme = fs.readFileSync(path.join(moduleDir, 'README.md'), 'utf8');
    const volumes = readme.slice(readme.indexOf('## Volumes'), readme.indexOf('## URL'));
    expect(volumes).not.toContain('uses no host volumes');
    expect(volumes).toContain(
      '- host `/mnt/services/openclaw/config` → `/home/node/.openclaw` in the task (podman bind mount), owned by 1000:1000',
    );
    expect(volumes).toContain('`/home/node/.openclaw/workspace`');
    expect(volumes).toContain('prepare-host-volumes.sh');
  });

  test('the directories get a prepare script but no Nomad client snippet', () => {
    expect(files).toContain('cdktf.out/octant/terraform/openclaw/prepare-host-volumes.sh');
    expect(files).not.toContain(
      'cdktf.out/octant/terraform/openclaw/nomad-client-host-volumes.hcl',
    );
    const script = fs.readFileSync(path.join(moduleDir, 'prepare-host-volumes.sh'), 'utf8');
    expect(script).toContain('mkdir -p /mnt/services/openclaw/config\n');
    expect(script).not.toContain('nomad-client-host-volumes.hcl');
  });
});
