import { Testing } from 'cdktf';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import {
  resolveGatewaySettings,
  type GatewayOptions,
} from '../../../lib/openclaw/gateway-settings';
import { PODMAN_STACK_ID, podmanStackSpec } from '../../../lib/openclaw/standalone/podman';
import { podmanReadmeSection } from '../../../lib/openclaw/standalone/readme';
import { addPodmanStack, type PodmanStackSpec } from '../../../lib/terraform/podman-stack';
import type { SecretDecl } from '../../../lib/secrets/secret';
import { UserError } from '../../../lib/util/errors';

const token: SecretDecl = {
  name: 'gateway_token',
  source: { kind: 'onepassword', vault: 'Homelab', item: 'openclaw', field: 'gateway_token' },
  generate: 'hex32',
  description: 'Gateway token',
};
const discord: SecretDecl = {
  name: 'discord_bot_token',
  source: { kind: 'onepassword', vault: 'Homelab', item: 'discord', field: 'token' },
};

function settings(o: GatewayOptions = {}) {
  return resolveGatewaySettings({
    bind: 'loopback',
    secrets: [token, discord],
    env: { DISCORD_BOT_TOKEN: { secret: 'discord_bot_token' } },
    agents: [{ id: 'personal' }, { id: 'work' }],
    bindings: [{ agentId: 'work', match: { channel: 'discord', guildId: '555' } }],
    channels: { discord: { token: '${DISCORD_BOT_TOKEN}' } },
    ...o,
  });
}

/** What Terraform makes of a template string without interpolations: `$${` -> `${`, `%%{` -> `%{`. */
function terraformTemplateText(s: string): string {
  return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

interface SynthJson {
  variable: Record<string, { sensitive?: boolean; type?: string; description?: string }>;
  resource: {
    docker_container: Record<
      string,
      Record<string, unknown> & { env: string[]; upload: { file: string; content: string }[] }
    >;
    docker_image: Record<string, Record<string, unknown>>;
  };
}

function synth(spec: PodmanStackSpec): { text: string; json: SynthJson } {
  const app = Testing.app();
  const stack = addPodmanStack(app, PODMAN_STACK_ID, spec);
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as SynthJson };
}

function container(json: SynthJson) {
  const all = Object.values(json.resource.docker_container);
  expect(all).toHaveLength(1);
  return all[0];
}

describe('Phase 1: openclaw-podman stack', () => {
  const spec = podmanStackSpec(settings(), { uid: 1001 });
  const { text, json } = synth(spec);

  test('provider points at the rootless Podman socket of the site uid', () => {
    expect(text).toHaveProviderWithProperties(DockerProvider, {
      host: 'unix:///run/user/1001/podman/podman.sock',
    });
  });

  test('default: pulls (or reuses) the image and keeps it locally', () => {
    expect(text).toHaveResourceWithProperties(Image, {
      name: 'openclaw-homelab:2026.9.6',
      keep_locally: true,
    });
    const image = Object.values(json.resource.docker_image)[0];
    expect(image.build).toBeUndefined();
  });

  test('can build the image from a context and Dockerfile', () => {
    const built = synth(
      podmanStackSpec(settings(), {
        build: { context: '/home/me/openclaw', dockerfile: 'homelab/Dockerfile' },
      }),
    );
    expect(built.text).toHaveResourceWithProperties(Image, {
      name: 'openclaw-homelab:2026.9.6',
      build: {
        context: '/home/me/openclaw',
        dockerfile: 'homelab/Dockerfile',
        tag: ['openclaw-homelab:2026.9.6'],
      },
    });
  });

  test('loopback publishes both ports on 127.0.0.1', () => {
    expect(container(json).ports).toEqual([
      { internal: 18789, external: 18789, ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 18793, external: 18793, ip: '127.0.0.1', protocol: 'tcp' },
    ]);
  });

  test('lan publishes on 0.0.0.0, tailnet on the tailnet address', () => {
    const lan = container(synth(podmanStackSpec(settings({ bind: 'lan' }))).json);
    expect((lan.ports as { ip: string }[]).map((p) => p.ip)).toEqual(['0.0.0.0', '0.0.0.0']);
    const tail = container(
      synth(podmanStackSpec(settings({ bind: 'tailnet', tailnetAddress: '100.64.0.5' }))).json,
    );
    expect((tail.ports as { ip: string }[]).map((p) => p.ip)).toEqual(['100.64.0.5', '100.64.0.5']);
  });

  test('tailnet without an address is a user error', () => {
    expect(() => podmanStackSpec(settings({ bind: 'tailnet' }))).toThrow(
      'gateway.tailnetAddress: bind "tailnet" needs the Tailscale address of the host to publish the ports on',
    );
  });

  test('the command is the gateway command, binding lan inside the container namespace', () => {
    const s = settings();
    expect(s.command).toContain('loopback');
    expect(container(json).command).toEqual([
      'node',
      'dist/index.js',
      'gateway',
      '--bind',
      'lan',
      '--port',
      '18789',
    ]);
  });

  test('restart unless-stopped, init, healthcheck on the readiness endpoint', () => {
    expect(text).toHaveResourceWithProperties(Container, {
      name: 'openclaw',
      restart: 'unless-stopped',
      init: true,
    });
    expect(text).not.toHaveResourceWithProperties(Container, { restart: 'always' });
    const hc = container(json).healthcheck as { test: string[]; interval: string; retries: number };
    expect(hc.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(hc.test[3]).toContain('http://127.0.0.1:18789/readyz');
    expect(hc.interval).toBe('10s');
    expect(hc.retries).toBe(3);
  });

  test('config and every workspace are bind mounts of the settings host paths', () => {
    const s = settings();
    expect(container(json).mounts).toEqual(
      s.volumes.map((v) => ({
        type: 'bind',
        source: v.hostPath,
        target: v.containerPath,
        read_only: false,
      })),
    );
    expect(s.volumes.map((v) => v.folder)).toEqual([
      'config',
      'workspace-personal',
      'workspace-work',
    ]);
  });

  test('secrets are env vars from sensitive Terraform variables; plain env passes through', () => {
    expect(json.variable.gateway_token).toMatchObject({ type: 'string', sensitive: true });
    expect(json.variable.discord_bot_token).toMatchObject({ type: 'string', sensitive: true });
    expect(json.variable.gateway_token.description).toContain(
      `TF_VAR_gateway_token="$(op read 'op://Homelab/openclaw/gateway_token')"`,
    );
    const env = container(json).env;
    expect(env).toContain('OPENCLAW_GATEWAY_TOKEN=${var.gateway_token}');
    expect(env).toContain('DISCORD_BOT_TOKEN=${var.discord_bot_token}');
    expect(env).toContain('HOME=/home/node');
    expect(env.filter((e) => e.startsWith('OPENCLAW_GATEWAY_TOKEN='))).toHaveLength(1);
  });

  test('openclaw.json is uploaded where OPENCLAW_CONFIG_PATH points, with placeholders only', () => {
    const c = container(json);
    const configPath = c.env.find((e) => e.startsWith('OPENCLAW_CONFIG_PATH='))?.split('=')[1];
    expect(c.upload).toHaveLength(1);
    expect(c.upload[0].file).toBe(configPath);
    // Terraform reads `$${` as a literal `${`: the raw JSON must hold the doubled form.
    expect(c.upload[0].content).toContain('"$${OPENCLAW_GATEWAY_TOKEN}"');
    expect(c.upload[0].content).not.toMatch(/[^$]\$\{/);
    const config = JSON.parse(terraformTemplateText(c.upload[0].content));
    expect(config.gateway).toEqual({
      mode: 'local',
      bind: 'lan',
      port: 18789,
      auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' },
    });
    expect(config.channels.discord.token).toBe('${DISCORD_BOT_TOKEN}');
    // The site's default agent keeps the rest of the channel (a channel-wide binding).
    expect(config.bindings).toEqual([
      { agentId: 'work', match: { channel: 'discord', guildId: '555' } },
      { agentId: 'personal', match: { channel: 'discord', accountId: '*' } },
    ]);
  });

  test('literal ${ and %{ in env values are escaped for Terraform', () => {
    const c = container(
      synth(
        podmanStackSpec(
          settings({
            env: {
              DISCORD_BOT_TOKEN: { secret: 'discord_bot_token' },
              GREETING: 'hi ${USER} %{x}',
            },
          }),
        ),
      ).json,
    );
    expect(c.env).toContain('GREETING=hi $${USER} %%{x}');
    expect(terraformTemplateText('GREETING=hi $${USER} %%{x}')).toBe('GREETING=hi ${USER} %{x}');
  });

  test('no secret default or value anywhere in the stack', () => {
    expect(json.variable.gateway_token).not.toHaveProperty('default');
    expect(text).not.toMatch(/[0-9a-f]{32}/);
  });

  test('snapshot of the synthesized stack', () => {
    expect(text).toMatchSnapshot();
  });

  test('without a gateway token secret the standalone container is refused', () => {
    let err: unknown;
    try {
      podmanStackSpec(settings({ secrets: [discord] }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).where).toBe('gateway.tokenSecret');
    expect((err as UserError).rule).toBe(
      'the standalone container needs a gateway token: its process binds lan inside the container (published ports reach only that) and OpenClaw refuses lan without auth',
    );
  });
});

describe('Phase 1 README section', () => {
  test('host preparation, secrets and the SSH tunnel come from the spec', () => {
    const s = settings();
    const md = podmanReadmeSection(podmanStackSpec(s, { uid: 1001 }));
    expect(md).toContain('systemctl --user enable --now podman.socket');
    for (const v of s.volumes)
      expect(md).toContain(`podman unshare chown -R 1000:1000 ${v.hostPath}`);
    expect(md).toContain('export TF_VAR_gateway_token=...  # OPENCLAW_GATEWAY_TOKEN');
    expect(md).toContain('ssh -N -L 18789:127.0.0.1:18789 user@host');
    expect(md).toContain('(uid 1001)');
  });

  test('a lan gateway is reached directly, not only by tunnel', () => {
    const md = podmanReadmeSection(podmanStackSpec(settings({ bind: 'lan' })));
    expect(md).toContain('published on 0.0.0.0');
    expect(md).not.toContain('published on 127.0.0.1 only');
  });
});
