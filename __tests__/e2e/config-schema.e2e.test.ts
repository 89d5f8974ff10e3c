import * as fs from 'fs';
import * as path from 'path';
import { upgradeConfig, validateConfig as ourValidate } from '../../lib/openclaw/config';
import { renderOpenClawJson } from '../../lib/openclaw/routing/openclaw-json';
import { DEFAULT_OPENCLAW_VERSION } from '../../lib/openclaw/versions';
import { fakeSecret, validateConfig } from '../../scripts/e2e/gateway-runner';
import { ensureOpenClaw, type OpenClawInstall } from '../../scripts/e2e/install';

/**
 * The release's own `config validate --json` judges what the schema-typed side produces: an
 * older maintainers-style file after upgradeConfig, and openclaw.json rendered from typed
 * settings with `config` (the release's schema) under them. And where our validation refuses,
 * the release refuses too.
 */
let inst: OpenClawInstall;
beforeAll(() => {
  inst = ensureOpenClaw(DEFAULT_OPENCLAW_VERSION);
}, 900_000);

const FIXTURE = path.join(
  __dirname,
  '..',
  'fixtures',
  'openclaw-config',
  'maintainers.openclaw.json',
);
const ENV = ['OPENCLAW_GATEWAY_TOKEN', 'LITELLM_API_KEY', 'ZULIP_FAMILY_TOKEN', 'ZULIP_WORK_TOKEN'];
const env = Object.fromEntries(ENV.map((e) => [e, fakeSecret(e.toLowerCase())]));

describe("openclaw.json typed from the release's schema, judged by the release", () => {
  test('the maintainers-style file after upgradeConfig: valid', async () => {
    const raw = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    const before = await validateConfig(inst, JSON.stringify(raw), env);
    console.log(`as written: ${JSON.stringify(before)}`);
    expect(before.valid).toBe(false); // the older dialect is refused by the release as well
    const { config, changes } = upgradeConfig(raw);
    console.log(`changes: ${JSON.stringify(changes)}`);
    expect(ourValidate(config)).toEqual([]);
    const after = await validateConfig(inst, `${JSON.stringify(config, null, 2)}\n`, env);
    console.log(`upgraded: ${JSON.stringify(after)}`);
    expect(after.valid).toBe(true);
    // What is left: the third-party channel plugin is not installed in this test's state.
    const paths = (after.warnings ?? []).map((w) => (w as { path: string }).path);
    expect(paths.filter((p) => !p.endsWith('zulipclaw'))).toEqual([]);
  });

  test('typed settings with `config` under them: valid, no warnings', async () => {
    const text = renderOpenClawJson({
      bind: 'lan',
      port: 18789,
      tokenEnv: 'OPENCLAW_GATEWAY_TOKEN',
      agents: [{ id: 'main' }, { id: 'ops', tools: { deny: ['browser'] } }],
      models: {
        providers: {
          litellm: {
            kind: 'openai-compatible',
            baseUrl: 'http://litellm.service.consul:4000/v1',
            api: 'openai-completions',
            apiKeySecret: 'litellm_api_key',
            models: [{ id: 'claude-opus-4-6', contextWindow: 200000 }],
          },
        },
        primary: 'litellm/claude-opus-4-6',
        fallbacks: [],
      },
      config: {
        agents: {
          defaults: { maxConcurrent: 4, compaction: { enabled: true } },
          entries: {
            main: {
              identity: { name: 'Clawd' },
              tools: { profile: 'full' },
              subagents: { allowAgents: ['ops'] },
            },
            ops: { tools: { profile: 'minimal', alsoAllow: ['exec'] } },
          },
        },
      },
    });
    const verdict = await validateConfig(inst, text, env);
    console.log(`typed + config: ${JSON.stringify(verdict)}`);
    expect(verdict.valid).toBe(true);
    expect(verdict.warnings ?? []).toEqual([]);
  });

  test.each([
    ['an unknown key', { gateway: { mode: 'local', frobnicate: true } }],
    [
      'a tool profile the release lacks',
      { gateway: { mode: 'local' }, tools: { profile: 'everything' } },
    ],
    [
      'a provider model without name',
      {
        gateway: { mode: 'local' },
        models: { providers: { p: { baseUrl: 'http://p/v1', models: [{ id: 'm' }] } } },
      },
    ],
  ])('%s: refused by ours and by the release', async (_what, config) => {
    expect(ourValidate(config).length).toBeGreaterThan(0);
    const verdict = await validateConfig(inst, JSON.stringify(config), env);
    expect(verdict.valid).toBe(false);
  });
});
