import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_OPENCLAW_VERSION } from '../../lib/openclaw/versions';
import {
  fakeSecret,
  runGateway,
  validateConfig,
  type GatewayCase,
} from '../../scripts/e2e/gateway-runner';
import { GATEWAY_PORT } from '../../lib/openclaw/defaults';
import { GATEWAY_TOKEN_ENV } from '../../lib/openclaw/gateway-settings';
import { ensureOpenClaw, type OpenClawInstall } from '../../scripts/e2e/install';
import { copyModule, importThenSynth } from '../import/roundtrip';

/**
 * Issue 18: the maintainers' OpenClaw module imported as a typed gateway; the release itself
 * validates the openclaw.json synth regenerates from it (every agent, provider, channel, plugin
 * and binding of the original, in the release's dialect).
 */
let inst: OpenClawInstall;
beforeAll(() => {
  inst = ensureOpenClaw(DEFAULT_OPENCLAW_VERSION);
}, 900_000);

const MODULE = path.join(__dirname, '..', 'fixtures', 'octant-modules', 'openclaw-maintainers');
const ENV = [
  'OPENCLAW_GATEWAY_TOKEN',
  'LITELLM_API_KEY',
  'ZULIP_FAMILY_TOKEN',
  'ZULIP_WORK_TOKEN',
  'LITELLM_BASE_URL',
];

test('the regenerated openclaw.json of the imported module is valid for the release', async () => {
  const trip = await importThenSynth(copyModule(MODULE));
  expect(trip.imported.kind).toBe('gateway');
  const text = fs.readFileSync(path.join(trip.moduleDir, 'openclaw.json'), 'utf8');
  const env = Object.fromEntries(
    ENV.map((e) => [
      e,
      e.endsWith('_URL') ? 'http://litellm.service.consul:4000' : fakeSecret(e.toLowerCase()),
    ]),
  );
  const verdict = await validateConfig(inst, text, env);
  console.log(`regenerated: ${JSON.stringify(verdict)}`);
  expect(verdict.valid).toBe(true);
  // The third-party channel plugin is not installed in this test's state: its warning only.
  const paths = (verdict.warnings ?? []).map((w) => (w as { path: string }).path);
  expect(paths.filter((p) => !p.endsWith('zulipclaw'))).toEqual([]);
}, 300_000);

test('the gateway starts on the imported config: live, then ready, on loopback', async () => {
  const trip = await importThenSynth(copyModule(MODULE));
  const config = fs.readFileSync(path.join(trip.moduleDir, 'openclaw.json'), 'utf8');
  const env: Record<string, string> = Object.fromEntries(
    ENV.map((e) => [
      e,
      e.endsWith('_URL') ? 'http://litellm.service.consul:4000' : fakeSecret(e.toLowerCase()),
    ]),
  );
  // The module keeps its config on the volume: the state folder's openclaw.json.
  const configPath = '/home/node/.openclaw/openclaw.json';
  const c: GatewayCase = {
    name: 'maintainers',
    config,
    configPath,
    command: ['node', 'dist/index.js', 'gateway', '--bind', 'lan', '--port', String(GATEWAY_PORT)],
    env: {
      ...env,
      HOME: '/home/node',
      OPENCLAW_STATE_DIR: '/home/node/.openclaw',
      OPENCLAW_CONFIG_PATH: configPath,
    },
    tokenEnv: GATEWAY_TOKEN_ENV,
  };
  const run = await runGateway(inst, c);
  console.log(
    `maintainers: /health ${run.health.live}\n  /readyz ${run.health.ready.slice(0, 300)}`,
  );
  expect(JSON.parse(run.health.live)).toMatchObject({ ok: true, status: 'live' });
  expect(JSON.parse(run.health.ready)).toMatchObject({ ready: true });
  expect(run.http).toEqual({ none: 401, wrong: 401, right: 200 });
  expect(run.foreignListeners).toEqual([]);
}, 600_000);
