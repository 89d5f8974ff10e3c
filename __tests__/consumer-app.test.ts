import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectRoot } from '../lib/util/project-root';

// The example consumer (examples/consumer-app): an operator's own cdktf app that imports
// openclaw-octant through its package.json exports, as `npm install file:../..` would link it.
const root = projectRoot(__dirname);
const app = path.join(root, 'examples', 'consumer-app');

function run(cmd: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) {
    throw new Error(
      `${path.basename(args[0] ?? cmd)} failed (${r.status}):\n${r.stdout}${r.stderr}`,
    );
  }
  return r.stdout + r.stderr;
}

beforeAll(() => {
  // dist/ with its .d.ts files is what the package exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(root, 'bin', 'build.js')) as { ensureBuilt: () => void }).ensureBuilt();
  const link = path.join(app, 'node_modules', 'openclaw-octant');
  if (!fs.existsSync(link)) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(link), root), link, 'dir');
  }
}, 120000);

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
