import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSite } from '../../homelab/load';
import { buildSite } from '../../homelab/build';
import { resolveGatewaySettings, type GatewayOptions } from '../../lib/openclaw/gateway-settings';
import type { ModelsConfig } from '../../lib/openclaw/routing/models';
import type { SecretDecl } from '../../lib/secrets/secret';
import {
  DEFAULT_OPENCLAW_VERSION,
  resolveOpenClawVersion,
  SUPPORTED_OPENCLAW_VERSIONS,
} from '../../lib/openclaw/versions';
import { synth } from '../../cli/synth';
import { UserError, UserErrors } from '../../lib/util/errors';

const secret = (name: string): SecretDecl => ({
  name,
  source: { kind: 'onepassword', vault: 'Homelab', item: 'openclaw', field: name },
});

function errorOf(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('OpenClaw version', () => {
  test('unset: the default release', () => {
    expect(resolveOpenClawVersion(undefined, 'x')).toBe(DEFAULT_OPENCLAW_VERSION);
    expect(SUPPORTED_OPENCLAW_VERSIONS[0]).toBe(DEFAULT_OPENCLAW_VERSION);
  });

  test('an unsupported release is refused with the field path, the supported ones and a fix', () => {
    const e = errorOf(() =>
      resolveGatewaySettings({ openclawVersion: '2026.1.30' }, 'gateways[0]'),
    );
    expect(e.where).toBe('gateways[0].openclawVersion');
    expect(e.rule).toContain('"2026.1.30" is not supported');
    expect(e.rule).toContain('2026.9.6');
    expect(e.fix).toContain('"2026.9.6"');
  });

  test('synth of a site with an unknown version writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-version-'));
    const site = path.join(dir, 'site.yaml');
    fs.writeFileSync(
      site,
      'secrets: { items: { gateway_token: { op: "op://Homelab/openclaw/gateway_token" } } }\n' +
        'gateways: [{ name: openclaw, openclawVersion: "2027.1.1" }]\n',
    );
    await expect(
      synth({ sitePath: site, outDir: path.join(dir, 'out'), projectRoot: dir }),
    ).rejects.toThrow(/gateways\[0\]\.openclawVersion: OpenClaw "2027\.1\.1" is not supported/);
    expect(fs.readdirSync(dir)).toEqual(['site.yaml']);
  });

  test('upgrading changes the image tag and nothing else of the job but the config dialect', () => {
    // Only one release is supported today: compare the pinned one against the default (the
    // same release) to prove the version alone decides the tag, and that an explicit image wins.
    const base: GatewayOptions = { secrets: [secret('gateway_token')] };
    const pinned = resolveGatewaySettings({ ...base, openclawVersion: '2026.9.6' });
    const dflt = resolveGatewaySettings(base);
    expect(pinned.image).toBe('openclaw-homelab:2026.9.6');
    expect(dflt).toEqual(pinned);
    expect(
      resolveGatewaySettings({ ...base, image: 'registry.octant.net/openclaw:2026.9.6' }).image,
    ).toBe('registry.octant.net/openclaw:2026.9.6');
  });
});

describe('what the version reaches in the job', () => {
  test('the pinned version appears in the jobspec only as the image tag', () => {
    const site = parseSite(
      fs.readFileSync(path.join(__dirname, '..', '..', 'homelab', 'default.site.yaml'), 'utf8'),
      'default.site.yaml',
    );
    const job = JSON.stringify(buildSite(site).modules[0].job);
    const hits = job.match(/2026\.9\.6/g) ?? [];
    expect(hits).toHaveLength(1);
    expect(job).toContain('"default":"192.168.122.1:5000/openclaw-homelab:2026.9.6"');
  });
});

describe('model providers', () => {
  const litellm = (over: Partial<ModelsConfig['providers'][string]> = {}) =>
    ({
      kind: 'openai-compatible',
      baseUrl: 'http://litellm.service.consul:4000/v1',
      api: 'openai-completions',
      apiKeySecret: 'litellm_api_key',
      models: [{ id: 'claude-opus-4-6' }],
      ...over,
    }) as ModelsConfig['providers'][string];
  /** Settings of a site's first gateway (errors name `gateways[0]`). */
  const settingsOf = (o: GatewayOptions) => resolveGatewaySettings(o, 'gateways[0]');
  const opts = (models: ModelsConfig, more: Partial<GatewayOptions> = {}): GatewayOptions => ({
    secrets: [secret('gateway_token'), secret('litellm_api_key'), secret('anthropic_api_key')],
    models,
    ...more,
  });

  test('keys reach the gateway only as secret env, named after the provider', () => {
    const s = settingsOf(
      opts({
        providers: {
          litellm: litellm(),
          anthropic: { kind: 'anthropic', apiKeySecret: 'anthropic_api_key' },
        },
        primary: 'litellm/claude-opus-4-6',
        fallbacks: [],
      }),
    );
    expect(s.secretEnv).toMatchObject({
      LITELLM_API_KEY: 'litellm_api_key',
      ANTHROPIC_API_KEY: 'anthropic_api_key',
    });
    expect(Object.keys(s.env)).not.toContain('LITELLM_API_KEY');
    expect(s.secrets.map((d) => d.name).sort()).toEqual([
      'anthropic_api_key',
      'gateway_token',
      'litellm_api_key',
    ]);
  });

  test('a provider without a key secret: field path and a fix', () => {
    const e = errorOf(() =>
      settingsOf(
        opts({ providers: { litellm: litellm({ apiKeySecret: undefined }) }, fallbacks: [] }),
      ),
    );
    expect(e.where).toBe('gateways[0].models.providers.litellm.apiKeySecret');
    expect(e.rule).toMatch(/no key secret/);
    expect(e.fix).toMatch(/secrets\.items/);
  });

  test('a key secret that is not declared', () => {
    const e = errorOf(() =>
      settingsOf(
        opts({ providers: { litellm: litellm({ apiKeySecret: 'nope' }) }, fallbacks: [] }),
      ),
    );
    expect(e.where).toBe('gateways[0].models.providers.litellm.apiKeySecret');
    expect(e.rule).toBe('secret "nope" is not declared under secrets.items');
  });

  test('a model id that is not in its provider: the path, the known ids and a fix', () => {
    const e = errorOf(() =>
      settingsOf(
        opts({ providers: { litellm: litellm() }, primary: 'litellm/gpt-9', fallbacks: [] }),
      ),
    );
    expect(e.where).toBe('gateways[0].models.primary');
    expect(e.rule).toBe(
      'model "gpt-9" is not among the models of provider "litellm" (claude-opus-4-6)',
    );
    expect(e.fix).toContain('"litellm/claude-opus-4-6"');
  });

  test('an agent model naming an undeclared provider', () => {
    const e = errorOf(() =>
      settingsOf(
        opts(
          { providers: { litellm: litellm() }, fallbacks: [] },
          { agents: [{ id: 'a' }, { id: 'b', model: 'openrouter/x' }] },
        ),
      ),
    );
    expect(e.where).toBe('gateways[0].agents[1].model');
    expect(e.fix).toContain('litellm');
  });

  test('every model problem at once: providers and references alike', () => {
    const e = errorOf(() =>
      settingsOf(
        opts(
          {
            providers: {
              litellm: litellm({ apiKeySecret: 'nope' }),
              claude: { kind: 'anthropic', apiKeySecret: 'anthropic_api_key' },
            },
            primary: 'litellm/gpt-9',
            fallbacks: ['openrouter/x'],
          },
          { agents: [{ id: 'a', model: 'mistral/y' }] },
        ),
      ),
    );
    expect(e).toBeInstanceOf(UserErrors);
    expect((e as UserErrors).problems.map((p) => p.where).sort()).toEqual([
      'gateways[0].agents[0].model',
      'gateways[0].models.fallbacks[0]',
      'gateways[0].models.primary',
      'gateways[0].models.providers.claude',
      'gateways[0].models.providers.litellm.apiKeySecret',
    ]);
  });

  test('an Anthropic provider under another name is refused', () => {
    const e = errorOf(() =>
      settingsOf(
        opts({
          providers: { claude: { kind: 'anthropic', apiKeySecret: 'anthropic_api_key' } },
          fallbacks: [],
        }),
      ),
    );
    expect(e.where).toBe('gateways[0].models.providers.claude');
  });

  test('the multi-agent example renders LiteLLM and Anthropic, OTel to the Consul collector', () => {
    const site = parseSite(
      fs.readFileSync(
        path.join(__dirname, '..', '..', 'homelab', 'examples', 'multi-agent.site.yaml'),
        'utf8',
      ),
      'multi-agent.site.yaml',
    );
    const config = JSON.parse(buildSite(site).gateways[0].openClawJson);
    expect(config.models.providers.litellm.baseUrl).toBe('http://litellm.service.consul:4000/v1');
    expect(config.agents.defaults.model.primary).toBe('litellm/claude-opus-4-6');
    expect(config.diagnostics.otel.endpoint).toBe('http://otel-collector.service.consul:4318');
    expect(config.diagnostics.otel.serviceName).toBe('openclaw');
  });
});
