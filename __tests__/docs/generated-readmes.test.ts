import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { root, workspace } from '../synth/synth-fixture';

/**
 * The READMEs synth writes say what runs: the Quadlet steps read each secret from the reference
 * the site gives it, the LAN address is named once, and both the module README and the Phase 1
 * README carry the steps after the first deploy (Control UI login, device pairing, WhatsApp QR
 * login) with the container's own entry point.
 */

const MULTI = path.join(root, 'homelab', 'examples', 'multi-agent.site.yaml');
let dir = '';
let moduleReadme = '';
let podman = '';

beforeAll(async () => {
  const ws = workspace('oc-readmes-');
  dir = ws.dir;
  const io = { stdout: () => undefined, stderr: () => undefined, cwd: ws.dir, env: {} };
  const args = ['synth', '--site', MULTI, '--out', ws.out, '--jobs-dir', ws.jobs];
  expect(await main(args, io)).toBe(0);
  moduleReadme = fs.readFileSync(path.join(ws.out, 'octant/terraform/openclaw/README.md'), 'utf8');
  podman = fs.readFileSync(path.join(ws.out, 'stacks/openclaw-podman/README.md'), 'utf8');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the Quadlet steps read each secret from its real reference', () => {
  const site = fs.readFileSync(MULTI, 'utf8');
  const refs = [...site.matchAll(/op: (op:\/\/[^\n]+)/g)].map((m) => m[1].replace(/^"|"$/g, ''));
  const creates = podman.split('\n').filter((l) => l.includes('podman secret create'));
  expect(creates.length).toBeGreaterThan(1);
  for (const line of creates) {
    expect(line).not.toContain('<op://');
    const ref = /op read '([^']+)'/.exec(line)?.[1];
    expect(refs).toContain(ref);
  }
});

test('the address to browse is named once', () => {
  expect(podman).not.toMatch(/\(or http:\/\/<host>/);
  expect(podman).toContain('http://<host>:18789');
});

test.each([
  [
    'module',
    () => moduleReadme,
    'nomad alloc exec -i -t -task openclaw -job openclaw node dist/index.js',
  ],
  ['Phase 1', () => podman, 'podman exec -it openclaw node dist/index.js'],
])('the %s README has the steps after the first deploy', (_name, text, exec) => {
  const t = text();
  expect(t).toMatch(/First Control UI login/);
  expect(t).toContain("op read 'op://Homelab/openclaw/gateway_token'");
  expect(t).toContain(`${exec} devices approve <requestId>`);
  expect(t).toContain(`${exec} channels login --channel whatsapp`);
  expect(t).toContain(`${exec} pairing approve`);
});
