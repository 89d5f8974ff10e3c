import { OpenClawGateway, type OpenClawGatewayProps } from '../../lib/openclaw/gateway';
import type { PodmanTask, Group, Template } from '../../lib/nomad/model';
import type { SecretDecl } from '../../lib/secrets/secret';
import { validate } from '../../lib/nomad/validate';
import { Testing } from 'cdktf';
import { OctantStack } from '../../lib/terraform/app';
import { Duration, HealthCheck, Resources } from '../../lib/octant/service';

/** A gateway construct (id `openclaw`) in a stack of its own. */
function gateway(props: OpenClawGatewayProps = {}, id = 'openclaw'): OpenClawGateway {
  return new OpenClawGateway(new OctantStack(Testing.app(), 'openclaw'), id, props);
}

const TOKEN: SecretDecl = {
  name: 'gateway_token',
  source: { kind: 'onepassword', vault: 'Homelab', item: 'openclaw', field: 'gateway_token' },
};
const API_KEY: SecretDecl = {
  name: 'anthropic_api_key',
  source: { kind: 'onepassword', vault: 'Homelab', item: 'anthropic', field: 'credential' },
};

function gw(props: OpenClawGatewayProps = {}): OpenClawGateway {
  return gateway({ secrets: [TOKEN], ...props });
}
function group(g: OpenClawGateway): Group {
  return g.toJobFile().job.group[0];
}
function task(g: OpenClawGateway): PodmanTask {
  return group(g).task[0] as PodmanTask;
}
function tagsText(g: OpenClawGateway): string {
  return JSON.stringify(group(g).service?.[0].tags);
}

describe('OpenClawGateway props', () => {
  test('default name: the construct id', () => {
    expect(gw().name).toBe('openclaw');
    expect(gw().toJobFile().job.name).toBe('openclaw');
    expect(gateway({ secrets: [TOKEN] }, 'work').name).toBe('work');
  });
  test('can configure name', () => {
    const g = gw({ name: 'work-gw' });
    expect(g.toJobFile().job.name).toBe('work-gw');
    expect(g.volumes.map((v) => v.name)).toEqual(['work-gw-config', 'work-gw-workspace']);
    expect(g.toJobFile().variables?.find((v) => v.name === 'servicename')?.default).toBe('work-gw');
  });

  test('default image: tagged with the pinned OpenClaw version', () => {
    expect(gw().image).toBe('openclaw-homelab:2026.9.6');
    expect(task(gw()).config.image).toEqual({ kind: 'var', name: 'image' });
    expect(
      gw()
        .toJobFile()
        .variables?.find((v) => v.name === 'image')?.default,
    ).toBe('openclaw-homelab:2026.9.6');
  });
  test('can configure image', () => {
    const g = gw({ image: 'registry.octant.net/openclaw:2026.1.30' });
    expect(g.toModule().standardDefaults?.image).toBe('registry.octant.net/openclaw:2026.1.30');
  });
  test('refuses :latest and untagged images', () => {
    for (const image of ['ghcr.io/x/openclaw:latest', 'registry:5000/openclaw']) {
      expect(() => gw({ image })).toThrow(/openclaw\.image: image .* has no pinned tag/);
    }
  });

  test('default bind lan, in the command', () => {
    expect(gw().command).toEqual([
      'node',
      'dist/index.js',
      'gateway',
      '--bind',
      'lan',
      '--port',
      '18789',
    ]);
    expect(task(gw()).config.command).toBe('node');
    expect(task(gw()).config.args).toEqual([
      'dist/index.js',
      'gateway',
      '--bind',
      'lan',
      '--port',
      '18789',
    ]);
  });
  test('can configure bind', () => {
    expect(gw({ bind: 'tailnet' }).command).toContain('tailnet');
    expect(JSON.parse(gw({ bind: 'tailnet' }).openClawJson).gateway.bind).toBe('tailnet');
  });

  test('a gateway bound beyond loopback without a token secret is refused', () => {
    expect(() => gateway({ bind: 'lan' })).toThrow(
      'openclaw.bind: bind "lan" listens beyond loopback but no token secret "gateway_token" is declared; ' +
        'OpenClaw refuses to bind beyond loopback without auth\n' +
        '  fix: declare secrets.items.gateway_token (e.g. { op: "op://Octant/service_openclaw/password", generate: hex32 }), ' +
        'or set openclaw.tokenSecret to a declared secret, or bind "loopback"',
    );
    expect(() => gateway({ bind: 'tailnet', secrets: [API_KEY] })).toThrow(/bind "tailnet"/);
  });
  test('loopback needs no token; a declared token is always fed in', () => {
    expect(gateway({ bind: 'loopback' }).secretEnv).toEqual({});
    expect(gw({ bind: 'loopback' }).secretEnv).toEqual({ OPENCLAW_GATEWAY_TOKEN: 'gateway_token' });
  });
  test('can configure the token secret', () => {
    const other = { ...TOKEN, name: 'oc_token' };
    const g = gateway({ secrets: [other], tokenSecret: 'oc_token' });
    expect(g.secretEnv).toEqual({ OPENCLAW_GATEWAY_TOKEN: 'oc_token' });
  });

  test('default ports: 18789 and 18793, host ports picked by Nomad (as the site)', () => {
    expect(group(gw()).network?.port).toEqual([
      { label: 'http', to: 18789 },
      { label: 'canvas', to: 18793 },
    ]);
    expect(group(gw({ ports: { static: true } })).network?.port).toEqual([
      { label: 'http', static: 18789, to: 18789 },
      { label: 'canvas', static: 18793, to: 18793 },
    ]);
    expect(task(gw()).config.ports).toEqual(['http', 'canvas']);
  });
  test('can configure ports: other host ports, or dynamic', () => {
    expect(group(gw({ ports: { http: 8080, canvas: 8081, static: true } })).network?.port).toEqual([
      { label: 'http', static: 8080, to: 18789 },
      { label: 'canvas', static: 8081, to: 18793 },
    ]);
    expect(group(gw({ ports: { static: false } })).network?.port).toEqual([
      { label: 'http', to: 18789 },
      { label: 'canvas', to: 18793 },
    ]);
  });

  test('dns servers come from var.dns', () => {
    expect(group(gw()).network?.dns).toEqual({ servers: { kind: 'var', name: 'dns' } });
    expect(
      gw({ dns: ['10.0.0.1'] })
        .toJobFile()
        .variables?.find((v) => v.name === 'dns')?.default,
    ).toEqual(['10.0.0.1']);
  });

  test('default resources 500 MHz / 1536 MB, no memory_max (Nomad ignores it by default)', () => {
    expect(task(gw()).resources).toEqual({ cpu: 500, memory: 1536 });
    // A memoryMax the cluster would ignore (no memory oversubscription) is refused.
    expect(() => gw({ resources: Resources.of(500, 1536, 4096) })).toThrow(
      'openclaw.resources: memoryMaxMiB is given but the cluster does not oversubscribe memory',
    );
  });
  test('with memory oversubscription: up to 2048 MB (measured peaks)', () => {
    const over = { memoryOversubscription: true };
    expect(task(gw(over)).resources).toEqual({ cpu: 500, memory: 1536, memoryMax: 2048 });
    // A larger reservation lifts the limit with it.
    expect(task(gw({ ...over, resources: Resources.of(500, 3072) })).resources).toMatchObject({
      memory: 3072,
      memoryMax: 3072,
    });
    const m = gw(over).toModule();
    expect(m.memoryOversubscription).toBe(true);
    expect(validate(m.job, { memoryOversubscription: true })).toEqual([]);
    expect(validate(m.job).map((d) => d.rule)).toEqual(['memory-max-ignored']);
  });
  test('can configure resources', () => {
    const over = { memoryOversubscription: true };
    expect(task(gw({ ...over, resources: Resources.of(1000, 2048, 4096) })).resources).toEqual({
      cpu: 1000,
      memory: 2048,
      memoryMax: 4096,
    });
    expect(() => Resources.of(500, 2048, 1024)).toThrow(
      "'memoryMaxMiB' (1024) must be a whole number not below 'memoryMiB' (2048)",
    );
  });

  test('a service group waits 15s after deregistering before the gateway is stopped', () => {
    expect(group(gw()).shutdownDelay).toBe('15s');
    expect(validate(gw().toModule().job)).toEqual([]);
  });

  test('can configure storage: Nomad host volumes under /opt/<service>', () => {
    const g = gw({ storage: 'hostVolume' });
    expect(group(g).volume).toEqual([
      { name: 'openclaw-config', type: 'host', source: 'openclaw-config', readOnly: false },
      { name: 'openclaw-workspace', type: 'host', source: 'openclaw-workspace', readOnly: false },
    ]);
    expect(task(g).volumeMount).toEqual([
      { volume: 'openclaw-config', destination: '/home/node/.openclaw', readOnly: false },
      {
        volume: 'openclaw-workspace',
        destination: '/home/node/.openclaw/workspace',
        readOnly: false,
      },
    ]);
    expect(task(g).config.volumes).toBeUndefined();
    expect(g.toModule().hostVolumes).toEqual([
      { name: 'openclaw-config', path: '/opt/openclaw/config', uid: 1000, gid: 1000 },
      { name: 'openclaw-workspace', path: '/opt/openclaw/workspace', uid: 1000, gid: 1000 },
    ]);
  });
  test('default storage: podman bind mounts under /mnt/services like Octant', () => {
    const g = gw();
    expect(task(g).config.volumes).toEqual([
      '/mnt/services/openclaw/config:/home/node/.openclaw',
      '/mnt/services/openclaw/workspace:/home/node/.openclaw/workspace',
    ]);
    expect(group(g).volume).toBeUndefined();
    expect(task(g).volumeMount).toBeUndefined();
    expect(g.toModule().hostVolumes).toEqual([]);
    expect(gw({ storage: 'hostVolume', hostVolumeRoot: '/srv/' }).volumes[0].hostPath).toBe(
      '/srv/openclaw/config',
    );
  });

  test('count above 1 is refused with host volumes', () => {
    expect(() => gw({ count: 2, storage: 'hostVolume' })).toThrow(
      /^openclaw\.count: count 2 with host volumes: the gateway keeps its config, sessions and workspaces on one node's local storage/,
    );
    expect(() => gw({ count: 3, storage: 'bindMount' })).toThrow(/count 3 with bind mounts/);
  });

  test('one workspace volume per listed agent (the default folder only without a list)', () => {
    const g = gw({
      agents: [
        { id: 'personal' },
        { id: 'family' },
        { id: 'shared', workspace: '~/.openclaw/workspace' },
      ],
    });
    expect(g.volumes.map((v) => [v.name, v.containerPath])).toEqual([
      ['openclaw-config', '/home/node/.openclaw'],
      ['openclaw-workspace-personal', '/home/node/.openclaw/workspace-personal'],
      ['openclaw-workspace-family', '/home/node/.openclaw/workspace-family'],
      ['openclaw-workspace', '/home/node/.openclaw/workspace'],
    ]);
    expect(gw().volumes.map((v) => v.folder)).toEqual(['config', 'workspace']);
  });
  test('an agent workspace outside the volumes is refused', () => {
    expect(() => gw({ agents: [{ id: 'a', workspace: '/tmp/ws' }] })).toThrow(
      /^openclaw\.agents\[0\]\.workspace: workspace "\/tmp\/ws" is neither under ~\/\.openclaw \(the config volume\) nor under a mount, so it would be lost on restart/,
    );
    expect(() => gw({ agents: [{ id: 'a', workspace: '~/.openclaw/../ws' }] })).toThrow(
      /lost on restart/,
    );
  });
  test('workspaces under ~/.openclaw/workspaces/<id> or under a mount are kept, without a volume of their own', () => {
    const g = gw({
      agents: [
        { id: 'a', workspace: '~/.openclaw/workspaces/a' },
        { id: 'b', workspace: '/srv/agents/b' },
      ],
      mounts: [{ source: '/tank/agents', target: '/srv/agents' }],
    });
    expect(g.volumes.map((v) => v.folder)).toEqual(['config']);
    expect(() =>
      gw({
        agents: [{ id: 'b', workspace: '/srv/agentsx/b' }],
        mounts: [{ source: '/t', target: '/srv/agents' }],
      }),
    ).toThrow(/lost on restart/);
  });

  test('default env', () => {
    expect(gw().env).toEqual({
      HOME: '/home/node',
      TERM: 'xterm-256color',
      // Through Consul DNS, never the Terraform provider's address.
      NOMAD_ADDR: 'http://nomad.service.consul:4646',
      CONSUL_HTTP_ADDR: 'consul.service.consul:8500',
      OPENCLAW_CONFIG_PATH: '/local/openclaw.json',
      OPENCLAW_STATE_DIR: '/home/node/.openclaw',
    });
    expect(task(gw()).env).toEqual(gw().env);
  });
  test('can configure env: plain values (kept as written) and secrets', () => {
    const g = gw({
      secrets: [TOKEN, API_KEY],
      nomadAddress: 'https://nomad.example:4646',
      env: { my_Var: 'x', TERM: 'dumb', ANTHROPIC_API_KEY: { secret: 'anthropic_api_key' } },
    });
    expect(g.env.my_Var).toBe('x');
    expect(g.env.TERM).toBe('dumb');
    // The provider's address never reaches the task: it may be `localhost`.
    expect(g.env.NOMAD_ADDR).toBe('http://nomad.service.consul:4646');
    expect(g.env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(g.secretEnv).toEqual({
      OPENCLAW_GATEWAY_TOKEN: 'gateway_token',
      ANTHROPIC_API_KEY: 'anthropic_api_key',
    });
    expect(g.toModule().secrets.map((s) => s.name)).toEqual(['gateway_token', 'anthropic_api_key']);
  });
  test('a credential-looking plain env value is refused', () => {
    expect(() => gw({ env: { SLACK_BOT_TOKEN: 'xoxb-123' } })).toThrow(
      'openclaw.env.SLACK_BOT_TOKEN: SLACK_BOT_TOKEN looks like a credential but is given as plain text',
    );
  });
  test('an unknown secret in env is refused', () => {
    expect(() => gw({ env: { X: { secret: 'nope' } } })).toThrow(
      /openclaw\.env\.X: unknown secret "nope"/,
    );
  });
  test('only secrets the gateway reads go into its module', () => {
    expect(
      gw({ secrets: [TOKEN, API_KEY] })
        .toModule()
        .secrets.map((s) => s.name),
    ).toEqual(['gateway_token']);
  });

  test('default: no telemetry env', () => {
    expect(Object.keys(gw().env).filter((k) => k.startsWith('OTEL_'))).toEqual([]);
  });
  test('can configure telemetry', () => {
    const g = gw({ otelEndpoint: 'http://otel.service.consul:4318' });
    expect(g.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel.service.consul:4318');
    expect(g.env.OTEL_SERVICE_NAME).toBe('openclaw');
    expect(gw({ otelEndpoint: 'http://x:4318', otelServiceName: 'oc' }).env.OTEL_SERVICE_NAME).toBe(
      'oc',
    );
  });

  test('default: Traefik tags, no homepage tags', () => {
    expect(tagsText(gw())).toContain('traefik.enable=true');
    expect(tagsText(gw())).toContain('traefik.consulcatalog.connect=false');
    expect(tagsText(gw())).not.toContain('homepage.');
  });
  test('can configure Traefik off and homepage on', () => {
    expect(group(gw({ traefik: false })).service?.[0].tags).toEqual([]);
    const text = tagsText(gw({ homepage: { group: 'Chat' } }));
    expect(text).toContain('homepage.group=Chat');
    expect(text).toContain('homepage.name=openclaw');
    expect(text).toContain('homepage.icon=openclaw.png');
  });

  test('default: force_pull for registry images only, a 15m pull timeout, journald tagged with the service', () => {
    const c = task(gw()).config;
    // openclaw-homelab:<version> is built on the client: a pull would look for it on Docker Hub.
    expect(c.force_pull).toBe(false);
    expect(task(gw({ image: 'registry.octant.local/openclaw:2026.9.6' })).config.force_pull).toBe(
      true,
    );
    expect(task(gw({ image: 'localhost/openclaw:2026.9.6' })).config.force_pull).toBe(true);
    expect(c.image_pull_timeout).toBe('15m');
    expect(c.logging).toEqual({
      driver: 'journald',
      options: [{ tag: { kind: 'var', name: 'servicename' } }],
    });
  });
  test('can configure forcePull and imagePullTimeout', () => {
    const c = task(gw({ forcePull: false, imagePullTimeout: '30m' })).config;
    expect(c.force_pull).toBe(false);
    expect(c.image_pull_timeout).toBe('30m');
  });

  test('Consul service: http port, readiness check every 10s, 3s timeout, check_restart', () => {
    const s = group(gw()).service?.[0];
    expect(s?.provider).toBe('consul');
    expect(s?.port).toBe('http');
    expect(s?.check?.[0]).toMatchObject({
      type: 'http',
      path: '/readyz',
      interval: '10s',
      timeout: '3s',
    });
    expect(s?.check?.[0].checkRestart).toEqual({
      limit: 3,
      grace: '120s',
      ignoreWarnings: false,
    });
  });

  test('single stateful instance: rootless constraint, no canary, max_parallel 1, auto_revert', () => {
    const f = gw().toJobFile();
    expect(f.job.constraint).toEqual([{ attribute: '${meta.rootless}', value: 'true' }]);
    expect(group(gw()).count).toBe(1);
    expect(group(gw()).update).toMatchObject({ maxParallel: 1, canary: 0, autoRevert: true });
  });

  test('default secrets backend: one nomadVar env template', () => {
    const t = task(gw()).template ?? [];
    const secretsT = t.find((x: Template) => x.env === true);
    expect(secretsT?.data).toContain('nomadVar "nomad/jobs/openclaw"');
    expect(secretsT?.data).toContain('OPENCLAW_GATEWAY_TOKEN=');
    expect(task(gw()).vault).toBeUndefined();
  });
  test('can configure the Vault backend', () => {
    const vaultToken: SecretDecl = {
      name: 'gateway_token',
      source: { kind: 'vault', path: 'kv/data/openclaw', key: 'gw' },
    };
    const g = gateway({
      secrets: [vaultToken],
      secretsBackend: 'vault',
      vault: { role: 'openclaw' },
    });
    const t = task(g);
    expect(t.vault).toMatchObject({ role: 'openclaw' });
    const data = String(t.template?.find((x) => x.env === true)?.data);
    expect(data).toContain('secret "kv/data/openclaw"');
    expect(data).toContain('.Data.data.gw');
    expect(data).not.toContain('nomadVar');
  });

  test('openclaw.json is rendered into local/ and found through OPENCLAW_CONFIG_PATH', () => {
    const t = task(gw()).template?.find((x) => x.destination === 'local/openclaw.json');
    expect(t?.data).toBe(gw().openClawJson);
    expect(JSON.parse(String(t?.data)).gateway.port).toBe(18789);
    expect(gw().env.OPENCLAW_CONFIG_PATH).toBe('/' + 'local/openclaw.json');
    expect(gw().toModule().extraFiles?.['openclaw.json']).toBe(gw().openClawJson);
  });
  test('auth follows the settings: token placeholder only when the token is fed in', () => {
    const withToken = JSON.parse(gw({ bind: 'loopback' }).openClawJson);
    expect(withToken.gateway.auth).toEqual({ mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' });
    const bare = gateway({ bind: 'loopback' });
    expect(bare.settings.authTokenEnv).toBeUndefined();
    expect(JSON.parse(bare.openClawJson).gateway).toEqual({
      mode: 'local',
      bind: 'loopback',
      port: 18789,
    });
    expect(bare.openClawJson).not.toContain('OPENCLAW_GATEWAY_TOKEN');
    expect(bare.toModule().readme.extraSections?.Configuration).toContain('without auth');
    expect(gw().toModule().readme.extraSections?.Configuration).toContain('with token auth');
  });
  test('default: no agents.defaults in openclaw.json', () => {
    expect(JSON.parse(gw().openClawJson).agents).toBeUndefined();
  });
  test('can configure agent defaults (agents.defaults of openclaw.json)', () => {
    const g = gw({
      agents: [{ id: 'personal', sandbox: { mode: 'off' } }],
      agentDefaults: { sandbox: { mode: 'off', scope: 'agent' } },
    });
    const agents = JSON.parse(g.openClawJson).agents;
    expect(agents.defaults).toEqual({ sandbox: { mode: 'off', scope: 'agent' } });
    expect(agents.entries.personal.sandbox).toEqual({ mode: 'off' });
  });
  test('refuses a sandbox mode: the gateway container has no container engine for it', () => {
    expect(() =>
      gw({
        agents: [{ id: 'personal' }, { id: 'family', sandbox: { mode: 'all' } }],
        agentDefaults: { sandbox: { mode: 'non-main' } },
      }),
    ).toThrow(
      'openclaw.agentDefaults.sandbox.mode: sandbox mode "non-main" needs a container engine inside the gateway',
    );
    const err = (() => {
      try {
        gw({ agents: [{ id: 'family', sandbox: { mode: 'all' } }] });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toContain('openclaw.agents[0].sandbox.mode');
    expect(err?.message).toContain('fix: set mode "off"');
  });
  test('config text holding "{{" switches the template delimiters', () => {
    const g = gw({ agents: [{ id: 'a', name: 'Curly {{ agent }}' }] });
    const t = task(g).template?.find((x) => x.destination === 'local/openclaw.json');
    expect(t?.leftDelimiter).toBe('[%oc');
    expect(
      task(gw()).template?.find((x) => x.destination === 'local/openclaw.json')?.leftDelimiter,
    ).toBeUndefined();
  });

  test('toModule maps every jobspec variable and validates clean', () => {
    const m = gw({
      agents: [{ id: 'personal' }, { id: 'work' }],
      homepage: { group: 'AI' },
    }).toModule();
    expect(Object.keys(m.jobVars).sort()).toEqual(
      (m.job.variables ?? []).map((v) => v.name).sort(),
    );
    expect(m.serviceName).toBe('openclaw');
    expect(m.secretsBackend).toBe('onepassword');
    expect(validate(m.job)).toEqual([]);
    expect(validate(gw({ storage: 'bindMount', ports: { static: false } }).toJobFile())).toEqual(
      [],
    );
  });
});

describe("OpenClawGateway speaks OctantService's dialect", () => {
  function check(g: OpenClawGateway) {
    return group(g).service?.[0].check?.[0];
  }
  test('default check: the release readiness path, 10s/3s, restart after a 120s grace', () => {
    expect(check(gw())).toMatchObject({
      type: 'http',
      path: '/readyz',
      interval: '10s',
      timeout: '3s',
      checkRestart: { limit: 3, grace: '120s', ignoreWarnings: false },
    });
  });
  test('a HealthCheck and Durations, as OctantService takes them', () => {
    const c = check(
      gw({
        healthCheck: HealthCheck.http('/health', {
          interval: Duration.seconds(15),
          timeout: Duration.parse('1500ms'),
          restartGrace: Duration.minutes(3),
        }),
      }),
    );
    expect(c).toMatchObject({ path: '/health', interval: '15s', timeout: '1500ms' });
    expect(c?.checkRestart?.grace).toBe('3m');
    expect(check(gw({ healthCheck: HealthCheck.tcp() }))).toMatchObject({
      type: 'tcp',
      interval: '30s',
    });
    expect(() => Duration.parse('10 seconds')).toThrow('is not a positive Go duration');
  });
  test('a HomepageEntry: the tile links to the route unless href is false', () => {
    expect(tagsText(gw({ homepage: { group: 'Chat', href: false } }))).not.toContain(
      'homepage.href',
    );
    expect(tagsText(gw({ homepage: { group: 'Chat', name: 'Agents' } }))).toContain(
      'homepage.name=Agents',
    );
  });
  test('combinations that cannot take effect are refused at construction, all at once', () => {
    const e = (props: OpenClawGatewayProps): string => {
      try {
        gw(props);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(e({ ports: { http: 8080 } })).toMatch(
      /openclaw\.ports: host ports are given but not reserved/,
    );
    expect(e({ traefik: false, homepage: { group: 'AI' } })).toMatch(
      /openclaw\.homepage: .*does not route/,
    );
    expect(e({ tailnetAddress: '100.64.0.5' })).toMatch(
      /openclaw\.tailnetAddress: is used only with bind "tailnet"/,
    );
    expect(e({ otelServiceName: 'gw' })).toMatch(/openclaw\.otelServiceName/);
    expect(e({ vault: { path: 'kv/data/x' } })).toMatch(/openclaw\.vault/);
    const both = e({ traefik: false, traefikMiddlewares: [], ports: { canvas: 9000 } });
    expect(both).toMatch(/openclaw\.traefikMiddlewares/);
    expect(both).toMatch(/openclaw\.ports/);
    // The possible ones still build.
    expect(
      e({
        ports: { http: 8080, static: true },
        traefik: false,
        homepage: { group: 'AI', href: false },
      }),
    ).toBe('no error');
  });
});
