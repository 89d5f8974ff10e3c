import * as path from 'path';
import { loadSite, parseSite } from '../../homelab/load';
import { buildSite } from '../../homelab/build';
import { gatewaySettingsFromSite } from '../../homelab/build';
import { validate } from '../../lib/nomad/validate';
import type { PodmanTask } from '../../lib/nomad/model';

const EXAMPLE = path.join(__dirname, '..', '..', 'homelab', 'examples', 'multi-agent.site.yaml');
const SECRETS = `
secrets:
  items:
    gateway_token: { op: "op://Homelab/openclaw/gateway_token", generate: hex32 }
    discord_bot_token: { op: "op://Homelab/Discord/token" }
`;

describe('buildSite', () => {
  test('the default site builds one module whose jobspec validates clean', () => {
    const b = buildSite(loadSite());
    expect(b.modules.map((m) => m.serviceName)).toEqual(['openclaw']);
    expect(validate(b.modules[0].job)).toEqual([]);
    expect(b.modules[0].secrets.map((s) => s.name)).toEqual(['gateway_token']);
    // Today's Octant: bind mounts under /mnt/services, no Nomad client host volumes.
    expect(b.modules[0].hostVolumes).toEqual([]);
    expect(b.modules[0].bindMounts?.map((v) => v.path)).toEqual([
      '/mnt/services/openclaw/config',
      '/mnt/services/openclaw/workspace',
    ]);
  });

  test('nomad.memoryOversubscription: memory_max only where the cluster enables it', () => {
    const site = (over: string): ReturnType<typeof parseSite> =>
      parseSite(
        `gateways: [{ name: openclaw }]\nnomad: { memoryOversubscription: ${over} }\n` + SECRETS,
        'site.yaml',
      );
    const resources = (over: string): unknown =>
      (buildSite(site(over)).modules[0].job.job.group[0].task[0] as PodmanTask).resources;
    expect(resources('false')).toEqual({ cpu: 500, memory: 1536 });
    expect(resources('true')).toEqual({ cpu: 500, memory: 1536, memoryMax: 2048 });
    const m = buildSite(site('true')).modules[0];
    expect(validate(m.job, { memoryOversubscription: m.memoryOversubscription })).toEqual([]);
  });

  test('the multi-agent example builds and validates clean', () => {
    const b = buildSite(loadSite(EXAMPLE));
    expect(b.warnings).toEqual([]);
    const m = b.modules[0];
    expect(validate(m.job)).toEqual([]);
    expect(m.bindMounts?.map((v) => v.name)).toEqual([
      'openclaw-config',
      'openclaw-workspace-personal',
      'openclaw-workspace-family',
      'openclaw-workspace-work',
    ]);
    const config = JSON.parse(String(m.extraFiles?.['openclaw.json']));
    expect(Object.keys(config.agents.entries)).toEqual(['personal', 'family', 'work']);
    expect(Object.keys(config.channels).sort()).toEqual([
      'discord',
      'slack',
      'telegram',
      'whatsapp',
    ]);
    const task = m.job.job.group[0].task[0] as PodmanTask;
    const secretsTemplate = String(task.template?.find((t) => t.env === true)?.data);
    for (const v of [
      'OPENCLAW_GATEWAY_TOKEN',
      'DISCORD_BOT_TOKEN',
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'TELEGRAM_BOT_TOKEN',
    ]) {
      expect(secretsTemplate).toContain(`${v}=`);
    }
  });

  test('two gateways with the same name are refused', () => {
    const site = parseSite(
      `${SECRETS}gateways: [{ name: oc }, { name: oc, ports: { http: 1, canvas: 2 } }]`,
      's.yaml',
    );
    expect(() => buildSite(site)).toThrow(
      'gateways[1].name: gateway name "oc" is already used by gateways[0]; names are Nomad job, Consul service and host names, so they must be unique',
    );
  });

  test('two gateways on the same static host port are refused', () => {
    const site = parseSite(
      `${SECRETS}gateways: [{ name: a, ports: { static: true } }, { name: b, ports: { static: true } }]`,
      's.yaml',
    );
    expect(() => buildSite(site)).toThrow(
      'gateways[1].ports.http: static host port 18789 is already taken by gateways[0].ports.http',
    );
    const dynamic = parseSite(
      `${SECRETS}gateways: [{ name: a, ports: { static: true } }, { name: b }]`,
      's.yaml',
    );
    expect(buildSite(dynamic).modules.map((m) => m.serviceName)).toEqual(['a', 'b']);
  });

  test('two gateways answering the same Discord server with the same bot are refused', () => {
    const gateway = (name: string, extra: string): string => `
  - name: ${name}
    ${extra}
    env: { DISCORD_BOT_TOKEN: { secret: discord_bot_token } }
    channels: { discord: { token: "\${DISCORD_BOT_TOKEN}", guilds: { "111": {} } } }
    bindings: [{ agentId: main, match: { channel: discord } }]`;
    const site = parseSite(
      `${SECRETS}gateways:${gateway('a', '')}${gateway('b', 'ports: { static: false }')}`,
      's.yaml',
    );
    expect(() => buildSite(site)).toThrow(/same Discord bot/);
  });

  test('a lan gateway in a site without a token secret is refused at build time', () => {
    const site = parseSite('gateways: [{ name: oc, bind: lan }]', 's.yaml');
    expect(() => buildSite(site)).toThrow(
      /^gateways\[0\]\.bind: bind "lan" listens beyond loopback/,
    );
    // Loopback needs no token of its own (the phases then decide where it can run).
    const loopback = parseSite('gateways: [{ name: oc, bind: loopback }]', 's.yaml');
    expect(gatewaySettingsFromSite(loopback, 0).secretEnv).toEqual({});
  });

  test('the Nomad job refuses binds its task network cannot reach', () => {
    for (const bind of ['loopback', 'tailnet']) {
      const site = parseSite(
        `${SECRETS}gateways: [{ name: oc, bind: ${bind}, tailnetAddress: 100.64.0.7 }]`,
        's.yaml',
      );
      expect(() => buildSite(site)).toThrow(
        `gateways[0].bind: bind "${bind}" cannot work in the Nomad job (phase "nomad"): inside the task only the "lan" interface is reachable by the port mapping, the /health check and Traefik`,
      );
    }
    const standalone = parseSite(
      `${SECRETS}phases: [podman]\ngateways: [{ name: oc, bind: loopback }]`,
      's.yaml',
    );
    expect(buildSite(standalone).standalone.podman?.container.ports[0].ip).toBe('127.0.0.1');
  });

  test('agentDefaults of a site gateway reach its openclaw.json', () => {
    const site = parseSite(
      `${SECRETS}gateways: [{ name: oc, agentDefaults: { sandbox: { mode: 'off', scope: agent } } }]`,
      's.yaml',
    );
    const b = buildSite(site);
    expect(JSON.parse(b.gateways[0].openClawJson).agents).toEqual({
      defaults: { sandbox: { mode: 'off', scope: 'agent' } },
    });
    expect(b.modules[0].extraFiles?.['openclaw.json']).toContain('"scope": "agent"');
    const sandboxed = parseSite(
      `${SECRETS}gateways: [{ name: oc, agentDefaults: { sandbox: { mode: non-main } } }]`,
      's.yaml',
    );
    expect(() => buildSite(sandboxed)).toThrow(
      /gateways\[0\]\.agentDefaults\.sandbox\.mode: sandbox mode "non-main" needs a container engine/,
    );
  });

  test("the plan's optional homelab-agent credentials are env secrets, never plain env", () => {
    const site = parseSite(
      `${SECRETS.replace(
        'items:',
        'items:\n    nomad_token: { op: "op://Homelab/Nomad/token" }\n    op_sa: { op: "op://Homelab/1Password SA/credential" }',
      )}gateways:
  - name: oc
    env:
      NOMAD_TOKEN: { secret: nomad_token }
      OP_SERVICE_ACCOUNT_TOKEN: { secret: op_sa }`,
      's.yaml',
    );
    const g = buildSite(site).gateways[0];
    expect(g.secretEnv).toEqual({
      OPENCLAW_GATEWAY_TOKEN: 'gateway_token',
      NOMAD_TOKEN: 'nomad_token',
      OP_SERVICE_ACCOUNT_TOKEN: 'op_sa',
    });
    expect(g.env.NOMAD_TOKEN).toBeUndefined();
    const data = (g.toJobFile().job.group[0].task[0] as PodmanTask).template
      ?.map((t) => String(t.data))
      .join('\n');
    expect(data).toContain('NOMAD_TOKEN=');
    expect(data).toContain('OP_SERVICE_ACCOUNT_TOKEN=');
    // Not listed, not added: the plan marks them optional.
    expect(
      buildSite(parseSite(`${SECRETS}gateways: [{ name: oc }]`, 's.yaml')).gateways[0].secretEnv,
    ).toEqual({
      OPENCLAW_GATEWAY_TOKEN: 'gateway_token',
    });
  });

  test('site-wide settings reach the gateway (otel, addresses, storage root)', () => {
    const site = parseSite(
      `${SECRETS}otel: { endpoint: "http://otel.octant.net:4318" }\nnomad: { address: nomad.lan }\nbindMountRoot: /mnt/x\ngateways: [{ name: oc, storage: bindMount }]`,
      's.yaml',
    );
    const g = buildSite(site).gateways[0];
    expect(g.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel.octant.net:4318');
    expect(g.settings.nomadAddress).toBe('nomad.lan');
    // Tasks reach Nomad through Consul DNS, whatever the provider's address.
    expect(g.env.NOMAD_ADDR).toBe('http://nomad.service.consul:4646');
    expect(g.volumes[0].hostPath).toBe('/mnt/x/oc/config');
    const off = parseSite(
      `${SECRETS}otel: { endpoint: "http://o:4318" }\ngateways: [{ name: oc, otel: { enabled: false } }]`,
      's.yaml',
    );
    expect(buildSite(off).gateways[0].env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });
});

describe('buildSite phases', () => {
  test('default: only the Nomad module (Phase 3)', () => {
    const b = buildSite(loadSite());
    expect(b.standalone).toEqual({});
    expect(b.modules).toHaveLength(1);
  });
  test('can emit the standalone Podman and Consul phases for the first gateway', () => {
    const site = parseSite(
      `${SECRETS}phases: [podman, consul]\npodman: { uid: 1001 }\ngateways: [{ name: oc, bind: tailnet, tailnetAddress: 100.64.0.7 }]`,
      's.yaml',
    );
    const b = buildSite(site);
    expect(b.modules).toEqual([]);
    expect(b.standalone.podman).toBeDefined();
    expect(JSON.stringify(b.standalone.podman)).toContain('/run/user/1001/podman/podman.sock');
    expect(JSON.stringify(b.standalone.consul)).toContain('100.64.0.7');
  });
});
