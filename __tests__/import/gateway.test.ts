import * as fs from 'fs';
import * as path from 'path';
import { importModule } from '../../homelab/import/import';
import { copyModule, importThenSynth, tmpDir, variablesKept, readAll } from './roundtrip';

/**
 * `import` of the maintainers' style of OpenClaw module (the project fixture): mapped onto typed
 * `gateways` settings, openclaw.json read into typed agents, providers and channels, and the
 * rest kept by overrides, so the regenerated module gives the same job and wiring.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'octant-modules');
const CANARY = 'sk-ant-fixture-CANARY-0000000000000000000000';

type Gateway = Record<string, unknown> & {
  overrides: { path: string; why: string; remove?: true; value?: unknown }[];
};

describe('import of an OpenClaw gateway module: typed settings, the same job', () => {
  let trip: Awaited<ReturnType<typeof importThenSynth>>;
  let gw: Gateway;

  beforeAll(async () => {
    trip = await importThenSynth(copyModule(path.join(FIXTURES, 'openclaw-gateway')));
    gw = (trip.imported.site.gateways ?? [])[0] as unknown as Gateway;
  });

  test('mapped onto gateways, not a service', () => {
    expect(trip.imported.kind).toBe('gateway');
    expect(trip.imported.site.services).toBeUndefined();
    expect(gw.name).toBe('openclaw-gateway');
  });

  test('synth gives the same job, 1Password reads, nomad_variable and variables', () => {
    expect(JSON.parse(trip.after.job)).toEqual(JSON.parse(trip.before.job));
    expect(trip.after.items).toEqual(trip.before.items);
    expect(Object.keys(trip.after.items)).toHaveLength(5);
    expect(trip.after.variablePath).toBe('nomad/jobs/openclaw-gateway');
    expect(variablesKept(trip.before, trip.after)).toEqual({});
  });

  test('the job settings are typed: names, image, resources, mounts, check, env, homepage', () => {
    expect(gw).toMatchObject({
      openclawVersion: '2026.9.6',
      image: 'registry.octant.local/openclaw:2026.9.6',
      names: { group: 'openclaw-gateway', task: 'openclaw-gateway' },
      resources: { cpu: 1024, memory: 4096, memoryMax: 6144 },
      tokenSecret: 'gateway_token',
      healthCheck: { path: '/health', interval: '20s', timeout: '5s' },
      configFile: 'volume',
      homepage: { group: 'AI', name: 'OpenClaw', icon: 'openclaw.png' },
      // Built from a module variable: still read from it (variableEnv), not its value.
      variableEnv: { OPENAI_BASE_URL: '${litellm_url}/v1' },
      env: {
        TELEGRAM_BOT_TOKEN: { secret: 'telegram_token' },
        ANTHROPIC_API_KEY: { secret: 'anthropic_key' },
      },
    });
    expect(gw.mounts).toContainEqual({
      source: '/mnt/services/notes',
      target: '/mnt/services/notes',
    });
    expect(gw.mounts).toHaveLength(6);
    expect((gw.variables as { name: string }[]).map((v) => v.name)).toEqual([
      'agents',
      'litellm_url',
    ]);
    // `agents` feeds a computed list (written out); `litellm_url` stays live.
    expect(trip.imported.report).toContainEqual(
      expect.stringMatching(
        /^variable "agents" -> gateways\[0\]\.variables .*no longer changes the job/,
      ),
    );
    expect(trip.imported.report).toContainEqual(
      expect.stringMatching(
        /^variable "litellm_url" -> .*live: gateways\[0\]\.variableEnv reads it/,
      ),
    );
    const jobspec = fs.readFileSync(
      path.join(trip.moduleDir, 'openclaw-gateway.nomad.hcl'),
      'utf8',
    );
    expect(jobspec).toMatch(/OPENAI_BASE_URL\s*=\s*"\$\{var\.litellm_url\}\/v1"/);
  });

  test('openclaw.json is read into typed agents (tool policies), providers and channels', () => {
    expect(gw.agents).toEqual([
      { id: 'main', tools: { allow: ['read', 'write'], deny: ['exec'] } },
      { id: 'family', tools: { deny: ['exec', 'browser'] } },
    ]);
    // The literal key is never copied: the provider reads the env the job already feeds.
    expect(gw.models).toEqual({
      providers: {
        litellm: {
          kind: 'openai-compatible',
          baseUrl: 'http://litellm.service.consul:4000/v1',
          apiKeySecret: 'litellm_key',
          keyEnv: 'OPENAI_API_KEY',
        },
      },
    });
    expect(gw.channels).toEqual({ telegram: { botToken: '${TELEGRAM_BOT_TOKEN}' } });
    expect(trip.imported.warnings.join('\n')).toMatch(
      /provider "litellm" had a literal apiKey \(not copied\); the typed provider reads OPENAI_API_KEY/,
    );
    // The regenerated file is the typed one, in the release's dialect.
    const json = JSON.parse(fs.readFileSync(path.join(trip.moduleDir, 'openclaw.json'), 'utf8'));
    expect(json.agents.entries.main.tools).toEqual({ allow: ['read', 'write'], deny: ['exec'] });
    expect(json.models.providers.litellm.apiKey).toEqual({
      source: 'env',
      provider: 'default',
      id: 'OPENAI_API_KEY',
    });
  });

  test('what the typed gateway renders otherwise is an override with a reason, each reported', () => {
    expect(gw.overrides.length).toBeGreaterThan(0);
    for (const o of gw.overrides) {
      expect([o.path, o.why.length > 10]).toEqual([o.path, true]);
      expect(trip.imported.report).toContainEqual(expect.stringContaining(`override: ${o.path} `));
    }
    // jobShape module: Nomad's defaults stay implicit, so only what the typed form cannot say
    // (the mount order, the env file's text) is an override.
    expect(gw.jobShape).toBe('module');
    expect(gw.overrides.map((o) => o.path)).toEqual([
      'group.openclaw-gateway.task.openclaw-gateway.config.volumes',
      'group.openclaw-gateway.task.openclaw-gateway.template.0.data',
    ]);
  });

  test('the secret value appears nowhere: site, module, report, warnings', () => {
    const everything = [
      readAll(path.dirname(trip.siteFile)),
      readAll(trip.moduleDir),
      trip.imported.report.join('\n'),
      trip.imported.warnings.join('\n'),
    ].join('\n');
    expect(everything).toContain('litellm');
    expect(everything).not.toContain(CANARY);
  });

  test('moved blocks carry the state over to the generated resource names', () => {
    const moved = fs.readFileSync(path.join(trip.moduleDir, 'moved.tf'), 'utf8');
    const tf = JSON.parse(fs.readFileSync(path.join(trip.moduleDir, 'main.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    const jobName = Object.keys(tf.resource.nomad_job)[0];
    const varName = Object.keys(tf.resource.nomad_variable)[0];
    expect(moved).toContain(`from = nomad_job.openclaw\n  to   = nomad_job.${jobName}\n`);
    expect(moved).toContain(`from = nomad_variable.openclaw\n  to   = nomad_variable.${varName}\n`);
  });

  test('a module the typed settings cannot hold stays a service, and says why', async () => {
    const dir = copyModule(path.join(FIXTURES, 'openclaw-gateway'));
    fs.writeFileSync(path.join(dir, 'extra.conf'), 'x = 1\n');
    const r = await importModule(dir, { siteFile: path.join(tmpDir('oc-gw-'), 'site.yaml') });
    expect(r.kind).toBe('service');
    expect(r.warnings.join('\n')).toMatch(
      /runs an OpenClaw gateway but it stays a generic service: files beside it other than openclaw\.json \(extra\.conf\)/,
    );
  });
});

describe('import of a 2024-style OpenClaw module: openclaw.json in a jobspec template', () => {
  test('host volumes, a tcp check, the built-in Anthropic provider, the config template kept', async () => {
    // In a folder named otherwise than the job: the module is named after the gateway (the job).
    const trip = await importThenSynth(copyModule(path.join(FIXTURES, 'openclaw'), 'oc-by-hand'));
    expect(trip.imported.kind).toBe('gateway');
    expect(JSON.parse(trip.after.job)).toEqual(JSON.parse(trip.before.job));
    expect(trip.after.items).toEqual(trip.before.items);
    const gw = (trip.imported.site.gateways ?? [])[0] as unknown as Gateway;
    expect(gw).toMatchObject({
      name: 'openclaw',
      names: { group: 'gateway', task: 'openclaw' },
      storage: 'hostVolume',
      ports: { static: true, http: 18789 },
      healthCheck: { type: 'tcp', interval: '30s', timeout: '5s' },
      configFile: 'template',
      tokenSecret: 'token',
      models: {
        providers: { anthropic: { kind: 'anthropic', apiKeySecret: 'anthropic' } },
        primary: 'anthropic/claude-sonnet-4-5',
      },
      channels: { discord: { token: '${DISCORD_BOT_TOKEN}', dmPolicy: 'pairing' } },
      config: { session: { dmScope: 'per-channel-peer' } },
      homepage: false,
    });
    expect(trip.imported.site.secrets?.items?.token).toEqual({
      op: 'op://Octant/OpenClaw/gateway_token',
    });
    // The hand-written config text stays in the job until its override is deleted; the typed
    // file is written beside the module.
    const keep = gw.overrides.find((o) => o.path === 'group.gateway.task.openclaw.template.1.data');
    expect(keep?.why).toMatch(
      /renders openclaw\.json from the typed agents, providers and channels/,
    );
    const typed = JSON.parse(fs.readFileSync(path.join(trip.moduleDir, 'openclaw.json'), 'utf8'));
    expect(typed.session).toEqual({ dmScope: 'per-channel-peer' });
    expect(typed.agents.defaults.model).toEqual({ primary: 'anthropic/claude-sonnet-4-5' });
    // moved blocks name the gateway module's resources, whatever the folder is called.
    const moved = fs.readFileSync(path.join(trip.moduleDir, 'moved.tf'), 'utf8');
    const tf = JSON.parse(fs.readFileSync(path.join(trip.moduleDir, 'main.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    const varName = Object.keys(tf.resource.nomad_variable)[0];
    expect(moved).toContain(`from = nomad_variable.openclaw\n  to   = nomad_variable.${varName}\n`);
    expect(Object.keys(tf.resource.nomad_job)).toEqual(['openclaw']);
    expect(moved).not.toContain('nomad_job');
  });
});

describe('import: further templates of a gateway task', () => {
  function withTemplate(block: string): string {
    const dir = copyModule(path.join(FIXTURES, 'openclaw-gateway'));
    const file = path.join(dir, 'openclaw-gateway.nomad.hcl');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('      resources {', `${block}\n      resources {`));
    return dir;
  }

  test('become typed `templates`, and the job stays the same', async () => {
    // `kind: gateway` means import synthesized the typed site and found the same job and wiring.
    const r = await importModule(
      withTemplate(
        '      template {\n        destination = "local/ca.pem"\n        data        = "{{ key \\"octant/ca\\" }}"\n        perms       = "0640"\n      }\n',
      ),
      { siteFile: path.join(tmpDir('oc-gw-'), 'site.yaml') },
    );
    expect(r.kind).toBe('gateway');
    const gw = (r.site.gateways ?? [])[0] as unknown as Gateway;
    expect(gw.templates).toEqual([
      { destination: 'local/ca.pem', data: '{{ key "octant/ca" }}', perms: '0640' },
    ]);
  });

  test('one holding a literal credential is refused, naming it, never its value (synth would refuse the site)', async () => {
    const imported = importModule(
      withTemplate(
        '      template {\n        destination = "local/tool.env"\n        data        = "API_TOKEN=abcdefgh12345678XYZ"\n      }\n',
      ),
      { siteFile: path.join(tmpDir('oc-gw-'), 'site.yaml') },
    );
    await expect(imported).rejects.toThrow(
      /openclaw-gateway\.nomad\.hcl: holds a literal credential \(API_TOKEN\) that import cannot turn into a secret reference/,
    );
    await expect(imported).rejects.not.toThrow(/abcdefgh12345678XYZ/);
  });
});

describe('import: openclaw.json settings without a typed field', () => {
  test('go to gateways[].config, reported, and reach the regenerated file; literal tokens never', async () => {
    const dir = copyModule(path.join(FIXTURES, 'openclaw-gateway'));
    const file = path.join(dir, 'openclaw.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    config.models.providers.litellm.headers = { 'X-Org': 'home' };
    config.tools = { profile: 'coding' };
    config.agents.list[1].identity = { name: 'Family helper' };
    // A literal channel token: a placeholder with a warning, never the value.
    const secret = 'literalbot-CANARY-42';
    config.channels.telegram.botToken = secret;
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    const trip = await importThenSynth(dir);
    expect(trip.imported.kind).toBe('gateway');
    const gw = (trip.imported.site.gateways ?? [])[0] as unknown as Gateway;
    expect(gw.configOverrides).toBeUndefined();
    expect(gw.config).toEqual({
      models: { providers: { litellm: { headers: { 'X-Org': 'home' } } } },
      agents: { entries: { family: { identity: { name: 'Family helper' } } } },
      tools: { profile: 'coding' },
    });
    const report = trip.imported.report.join('\n');
    expect(report).toContain('models.providers.litellm.headers -> gateways[0].config');
    expect(report).toContain('openclaw.json: tools -> gateways[0].config');
    const out = JSON.parse(fs.readFileSync(path.join(trip.moduleDir, 'openclaw.json'), 'utf8'));
    expect(out.models.providers.litellm.headers).toEqual({ 'X-Org': 'home' });
    expect(out.agents.entries.family.identity).toEqual({ name: 'Family helper' });
    expect(out.tools).toEqual({ profile: 'coding' });
    expect(JSON.parse(trip.after.job)).toEqual(JSON.parse(trip.before.job));
    expect(gw.channels).toEqual({ telegram: { botToken: '${BOT_TOKEN}' } });
    expect(trip.imported.warnings).toContainEqual(
      expect.stringMatching(
        /a literal credential became \$\{BOT_TOKEN\} \(not copied\); store it in 1Password/,
      ),
    );
    const everything = [
      readAll(path.dirname(trip.siteFile)),
      readAll(trip.moduleDir),
      trip.imported.report.join('\n'),
      trip.imported.warnings.join('\n'),
    ].join('\n');
    expect(everything).not.toContain(secret);
  });
});
