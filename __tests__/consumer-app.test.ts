import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { app, prepareConsumerApp, run } from './consumer-app-fixture';

beforeAll(prepareConsumerApp, 120000);

test('compiles against the exported types and synthesizes both services', () => {
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', app], app);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-consumer-'));
  try {
    run(process.execPath, [path.join(app, 'dist', 'main.js')], out);
    for (const f of [
      'cdktf.out/stacks/openclaw/cdk.tf.json',
      'cdktf.out/octant/terraform/openclaw/main.tf.json',
      'cdktf.out/octant/terraform/whoami/main.tf.json',
      'cdktf.out/octant/terraform/whoami/README.md',
      'nomad-jobs/whoami.nomad.hcl',
    ]) {
      expect(fs.existsSync(path.join(out, f))).toBe(true);
    }
    const whoami = fs.readFileSync(path.join(out, 'nomad-jobs', 'whoami.nomad.hcl'), 'utf8');
    expect(whoami).toContain('job "whoami"');
    expect(whoami).toContain('homepage.group=Tools');
    const gateway = fs.readFileSync(path.join(out, 'nomad-jobs', 'openclaw.nomad.hcl'), 'utf8');
    expect(gateway).toContain('kill_timeout = "45s"');
    const stack = JSON.parse(
      fs.readFileSync(path.join(out, 'cdktf.out', 'stacks', 'openclaw', 'cdk.tf.json'), 'utf8'),
    );
    expect(stack.output.gateway_url).toBeDefined();
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120000);
