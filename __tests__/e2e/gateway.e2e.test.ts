import * as fs from 'fs';
import * as path from 'path';
import { loadSite } from '../../homelab/load';
import { buildSite } from '../../homelab/build';
import { GATEWAY_TOKEN_ENV } from '../../lib/openclaw/gateway-settings';
import type { PodmanTask, Template } from '../../lib/nomad/model';
import { DEFAULT_OPENCLAW_VERSION } from '../../lib/openclaw/versions';
import {
  fakeSecret,
  type GatewayCase,
  type GatewayRun,
  runGateway,
  validateConfig,
} from '../../scripts/e2e/gateway-runner';
import { ensureOpenClaw, type OpenClawInstall } from '../../scripts/e2e/install';
import { copyModule, importThenSynth } from '../import/roundtrip';

/**
 * Conformance against the real OpenClaw gateway (`npm run test:e2e`): for the default site, the
 * multi-agent example and its Phase 1 container, the gateway accepts the generated openclaw.json
 * with no warnings, starts with the deployment's own command, becomes live and ready, refuses
 * requests without or with a wrong token, accepts the right one, never rewrites the file and
 * installs nothing. Timings, memory and the gateway's answers are printed.
 */

const ROOT = path.join(__dirname, '..', '..');
const MULTI = path.join(ROOT, 'homelab', 'examples', 'multi-agent.site.yaml');

/** The nomadVar env template as consul-template renders it, with fake secret values. */
function renderSecretEnv(data: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of data.split('\n')) {
    if (line.trim() === '' || /^\{\{ (with nomadVar "[^"]+"|end) \}\}$/.test(line)) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)='\{\{ \.([A-Za-z0-9_]+)\.Value \|.*\}\}'$/.exec(line);
    if (!m) throw new Error(`unexpected line in the secret env template: ${line}`);
    env[m[1]] = fakeSecret(m[2]);
  }
  return env;
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw new Error(`${what} is not a plain string`);
  return v;
};

/** What the Nomad job hands the gateway: task env, rendered templates, command and args. */
function nomadCase(name: string, site: string | undefined): GatewayCase {
  const gw = buildSite(loadSite(site)).gateways[0];
  const task = gw.toJobFile().job.group[0].task[0] as PodmanTask;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(task.env ?? {})) env[k] = str(v, `env ${k}`);
  const templates: readonly Template[] = task.template ?? [];
  for (const t of templates.filter((x) => x.env === true)) {
    Object.assign(env, renderSecretEnv(str(t.data, 'template data')));
  }
  const configTemplate = templates.find((t) => t.env !== true);
  if (configTemplate === undefined) throw new Error('no openclaw.json template');
  const config = str(task.config.command, 'command');
  const args = task.config.args ?? [];
  if (!Array.isArray(args)) throw new Error('args is not a list');
  return {
    name,
    config: str(configTemplate.data, 'openclaw.json template'),
    configPath: env.OPENCLAW_CONFIG_PATH,
    command: [config, ...args.map((a: unknown) => str(a, 'arg'))],
    env,
    tokenEnv: GATEWAY_TOKEN_ENV,
  };
}

/** What the Phase 1 container hands the gateway: its env, secret env, upload and command. */
function podmanCase(): GatewayCase {
  const podman = buildSite(loadSite(MULTI)).standalone.podman;
  if (podman === undefined) throw new Error('the multi-agent example has no Phase 1 container');
  const c = podman.container;
  const env: Record<string, string> = { ...c.env };
  for (const s of c.secretEnv) env[s.env] = fakeSecret(s.variable);
  const upload = (c.uploads ?? []).find((u) => u.file === env.OPENCLAW_CONFIG_PATH);
  if (upload === undefined) throw new Error('no openclaw.json upload');
  return {
    name: 'phase1-podman',
    config: upload.content,
    configPath: upload.file,
    command: [...c.command],
    env,
    tokenEnv: GATEWAY_TOKEN_ENV,
  };
}

let inst: OpenClawInstall;
const runs: { name: string; run: GatewayRun }[] = [];

beforeAll(() => {
  const t = Date.now();
  inst = ensureOpenClaw(DEFAULT_OPENCLAW_VERSION);
  console.log(
    `openclaw ${inst.version} in ${inst.root}: install ${inst.timings.install}s, plugin seed ${inst.timings.seed}s (0 = reused), ready in ${((Date.now() - t) / 1000).toFixed(1)}s`,
  );
  // A cold cache downloads ~1 GB and installs three plugins: 4 min on an idle host, 14 on a
  // loaded one.
}, 30 * 60_000);

afterAll(() => {
  const rows = runs.map(
    ({ name, run }) =>
      `${name.padEnd(16)} validate ${run.timings.validate}s  live ${run.timings.live}s  ready ${run.timings.ready}s  auth-checked ${run.timings.auth}s  stop(${run.stoppedBy}) ${run.timings.stop}s  rss main ${run.memoryMb.main} MB, ${run.memoryMb.processes} processes ${run.memoryMb.total} MB`,
  );
  if (rows.length > 0) console.log(`real gateway ${DEFAULT_OPENCLAW_VERSION}:\n${rows.join('\n')}`);
});

const cases: [string, () => GatewayCase][] = [
  ['default site (Nomad job)', () => nomadCase('default-nomad', undefined)],
  ['multi-agent example (Nomad job)', () => nomadCase('multi-nomad', MULTI)],
  ['multi-agent example (Phase 1 container)', podmanCase],
];

describe.each(cases)('%s on the real gateway', (_label, make) => {
  let run: GatewayRun;
  let c: GatewayCase;

  beforeAll(async () => {
    c = make();
    run = await runGateway(inst, c);
    runs.push({ name: c.name, run });
    console.log(
      `${c.name}: validate ${run.validate.raw}\n  /health ${run.health.live}\n  /readyz ${run.health.ready.slice(0, 200)}\n  http /tools/invoke none=${run.http.none} wrong=${run.http.wrong} right=${run.http.right}\n  ws none=${JSON.stringify(run.ws.none)} wrong=${JSON.stringify(run.ws.wrong)} right=${JSON.stringify(run.ws.right)}\n  timings ${JSON.stringify(run.timings)} memory ${JSON.stringify(run.memoryMb)}`,
    );
  });

  test('openclaw config validate: valid, no warnings', () => {
    expect(run.validate.valid).toBe(true);
    expect(run.validate.warnings).toEqual([]);
  });

  test('starts with the deployment command, live then ready', () => {
    expect(JSON.parse(run.health.live)).toMatchObject({ ok: true, status: 'live' });
    expect(JSON.parse(run.health.ready)).toMatchObject({ ready: true, failing: [] });
  });

  test('HTTP: no token and a wrong token are refused, the right one accepted', () => {
    expect(run.http).toEqual({ none: 401, wrong: 401, right: 200 });
  });

  test('WebSocket: no token NOT_PAIRED, wrong AUTH_TOKEN_MISMATCH, right hello-ok', () => {
    expect(run.ws.none).toMatchObject({ ok: false, topCode: 'NOT_PAIRED' });
    expect(run.ws.wrong).toMatchObject({ ok: false, code: 'AUTH_TOKEN_MISMATCH' });
    expect(run.ws.right).toMatchObject({ ok: true, type: 'hello-ok' });
  });

  test('the config file is byte-unchanged; no migration, no rewrite', () => {
    expect(run.configUnchanged).toBe(true);
    expect(run.log).not.toMatch(/migrat(ed|ing) config|rewr(ote|iting) config/i);
  });

  test('installs no plugin and listens on 127.0.0.1 only', () => {
    expect(run.plugins.npmSeen).toBe(false);
    expect(run.plugins.after).toEqual(run.plugins.before);
    expect(run.foreignListeners).toEqual([]);
  });

  test('stops on SIGTERM', () => {
    expect(run.stoppedBy).toBe('SIGTERM');
  });
});

/**
 * `import` of hand-written OpenClaw modules (the project fixtures: the maintainers' style with a
 * hand-managed openclaw.json, and a 2024 style with openclaw.json in a jobspec template): the
 * openclaw.json synth regenerates from the typed settings is accepted by the release.
 */
describe('imported hand-written modules on the real gateway', () => {
  const FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'octant-modules');
  test.each([
    ['openclaw-gateway', ['OPENAI_API_KEY', 'TELEGRAM_BOT_TOKEN', 'ANTHROPIC_API_KEY']],
    ['openclaw', ['ANTHROPIC_API_KEY', 'DISCORD_BOT_TOKEN']],
  ])(
    '%s: config validate of the regenerated openclaw.json: valid, no warnings',
    async (name, envNames) => {
      const trip = await importThenSynth(copyModule(path.join(FIXTURES, name)));
      expect(trip.imported.kind).toBe('gateway');
      const config = fs.readFileSync(path.join(trip.moduleDir, 'openclaw.json'), 'utf8');
      // The env the job gives the gateway (secret values are fakes).
      const env: Record<string, string> = {};
      for (const e of [GATEWAY_TOKEN_ENV, ...envNames]) env[e] = fakeSecret(e.toLowerCase());
      const verdict = await validateConfig(inst, config, env);
      console.log(`imported ${name}: validate ${JSON.stringify(verdict)}`);
      expect(verdict.valid).toBe(true);
      expect(verdict.warnings).toEqual([]);
      if (name === 'openclaw-gateway') {
        // For the record: the hand-managed file itself (its literal key replaced).
        const hand = fs
          .readFileSync(path.join(FIXTURES, name, 'openclaw.json'), 'utf8')
          .replace(/sk-ant-fixture-CANARY-0+/, '${OPENAI_API_KEY}');
        const before = await validateConfig(inst, hand, env);
        console.log(`hand-managed openclaw.json: validate ${JSON.stringify(before)}`);
      }
    },
    300_000,
  );
});
