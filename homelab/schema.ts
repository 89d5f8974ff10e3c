import { z } from 'zod';
import {
  agentDefaultsSchema,
  agentSchema,
  bindingSchema,
  channelsSchema,
} from '../lib/openclaw/routing/schema';
import { modelsSchema } from '../lib/openclaw/routing/models';
import { DEFAULT_OPENCLAW_VERSION, SUPPORTED_OPENCLAW_VERSIONS } from '../lib/openclaw/versions';
import { secretsConfigSchema } from '../lib/secrets/schema';

/**
 * The site description: one homelab, its Octant conventions and the OpenClaw gateways it runs.
 * Every object is strict (a typo is an error, never silently ignored) and every field says what
 * it means and what its default is; homelab/site.schema.json is generated from this file.
 */

/** Octant's OpenTelemetry collector (OTLP/HTTP), found through Consul DNS. */
export const OCTANT_OTEL_COLLECTOR = 'http://otel-collector.service.consul:4318';

/** Octant's default DNS servers (the `dns` variable of its modules). */
export const OCTANT_DNS = ['192.168.1.1', '192.168.1.6', '192.168.1.7'] as const;

const serviceName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, {
  message: 'must be lowercase letters, digits and dashes, starting with a letter',
});

const portNumber = z.int().min(1).max(65535);

const duration = z.string().regex(/^([0-9]+(ns|us|ms|s|m|h))+$/, {
  message: 'must be a Go duration such as "30s", "5m" or "1h30m"',
});

const imageRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._\-/:]*(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/, {
    message: 'must be an image with an explicit tag or digest, e.g. "openclaw-homelab:local"',
  })
  .refine((v) => !v.endsWith(':latest'), {
    message: '":latest" is not allowed: the deployed version would change without a diff',
    params: { fix: 'pin a version tag (e.g. "ghcr.io/you/openclaw:2026.1.30") or a digest' },
  });

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  message: 'must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
});

/** A plain env value, or a reference to a secret declared under `secrets.items`. */
export const envValueSchema = z
  .union([
    z.string(),
    z.strictObject({
      secret: z.string().describe('Name of a secret under `secrets.items`.'),
    }),
  ])
  .describe('A plain string, or `{ secret: <name> }` naming an item of `secrets.items`.');

export const homepageSchema = z
  .strictObject({
    group: z.string().default('AI').describe('Dashboard group. @default "AI"'),
    name: z.string().optional().describe('Tile title. @default - the service name'),
    icon: z.string().default('openclaw.png').describe('Tile icon. @default "openclaw.png"'),
    description: z
      .string()
      .default('OpenClaw AI agent gateway')
      .describe('Tile subtitle. @default "OpenClaw AI agent gateway"'),
  })
  .describe("Octant's homepage dashboard tags (`homepage.group/name/icon/description`).");

export const gatewaySchema = z
  .strictObject({
    name: serviceName.describe(
      'Service name: the Nomad job, the Consul service and the `<name>.<domain>` host name.',
    ),
    openclawVersion: z
      .string()
      .optional()
      .describe(
        'OpenClaw release the gateway runs. It decides the config dialect of openclaw.json and ' +
          'the default image tag; upgrading is changing this one field. Supported: ' +
          `${SUPPORTED_OPENCLAW_VERSIONS.join(', ')}. @default "${DEFAULT_OPENCLAW_VERSION}"`,
      ),
    image: imageRef
      .optional()
      .describe(
        'Container image with an explicit tag (`:latest` is refused). @default ' +
          '"openclaw-homelab:<openclawVersion>"',
      ),
    bind: z
      .enum(['loopback', 'lan', 'tailnet'])
      .default('lan')
      .describe(
        'OpenClaw `--bind` mode. Inside a Nomad task only `lan` is reachable through the port ' +
          'mapping (and so by Traefik), so the `nomad` phase refuses the others; in the standalone ' +
          'phases it picks the publish address. Every mode needs the gateway token secret: even ' +
          'with `loopback`, the process inside the container binds beyond its own loopback. ' +
          '@default "lan"',
      ),
    tailnetAddress: z
      .ipv4()
      .optional()
      .describe(
        'Tailscale address of the host (publish address for bind `tailnet`). @default - none',
      ),
    tokenSecret: z
      .string()
      .default('gateway_token')
      .describe(
        'Secret (under `secrets.items`) read into OPENCLAW_GATEWAY_TOKEN. OpenClaw refuses to bind ' +
          'beyond loopback without it, so every phase needs it. @default "gateway_token"',
      ),
    count: z
      .int()
      .min(1)
      .default(1)
      .describe(
        'Instances. The gateway keeps state on local storage, so only 1 is accepted. @default 1',
      ),
    ports: z
      .strictObject({
        http: portNumber
          .default(18789)
          .describe('Host port of the web UI + WebSocket. @default 18789'),
        canvas: portNumber.default(18793).describe('Host port of the canvas. @default 18793'),
        static: z
          .boolean()
          .default(true)
          .describe(
            'Reserve the host ports (as the plan does); false lets Nomad pick them. @default true',
          ),
      })
      .prefault({})
      .describe('Ports of the gateway.'),
    resources: z
      .strictObject({
        cpu: z.int().min(1).default(500).describe('CPU in MHz. @default 500'),
        memory: z
          .int()
          .min(1)
          .optional()
          .describe(
            'Memory Nomad reserves, in MB (measured: ~0.96 GB for one agent, up to 1.36 GB with four channels). @default 1536',
          ),
        memoryMax: z
          .int()
          .min(1)
          .optional()
          .describe(
            'Memory limit in MB (oversubscription); not below `memory`. @default 2048 (or `memory` when larger)',
          ),
      })
      .prefault({})
      .describe('Nomad task resources.'),
    storage: z
      .enum(['hostVolume', 'bindMount'])
      .default('hostVolume')
      .describe(
        'Nomad client host volumes under `hostVolumeRoot` (the plan), or podman bind mounts under ' +
          '`bindMountRoot` (how Octant modules do it). @default "hostVolume"',
      ),
    env: z
      .record(envName, envValueSchema)
      .default({})
      .describe(
        'Extra environment: plain values or secret references. Keys are kept as written. The ' +
          "plan's optional credentials of the homelab agent (NOMAD_TOKEN, CONSUL_HTTP_TOKEN, " +
          'OP_SERVICE_ACCOUNT_TOKEN, OP_CONNECT_TOKEN, LLM keys) go here as `{ secret: <name> }`; ' +
          'none is added unless listed. @default {}',
      ),
    agents: z
      .array(agentSchema)
      .default([])
      .describe('OpenClaw agents (multi-agent routing). @default - the single default agent'),
    agentDefaults: agentDefaultsSchema
      .optional()
      .describe(
        'Settings every agent inherits (`agents.defaults` of openclaw.json), e.g. ' +
          "`{ sandbox: { mode: non-main, scope: agent } }`. @default - OpenClaw's defaults",
      ),
    bindings: z
      .array(bindingSchema)
      .default([])
      .describe('Routing rules: message match -> agent. @default []'),
    channels: channelsSchema
      .optional()
      .describe(
        'Channel accounts (tokens as `${ENV}` placeholders, never values). @default - none',
      ),
    models: modelsSchema
      .optional()
      .describe(
        'Model providers (OpenAI-compatible such as LiteLLM, and Anthropic) with their key ' +
          "secrets, and the agents' primary model. @default - OpenClaw's defaults",
      ),
    homepage: homepageSchema.optional().describe('Homepage dashboard tags. @default - no tags'),
    traefik: z
      .boolean()
      .default(true)
      .describe('Route `https://<name>.<domain>` through Traefik. @default true'),
    otel: z
      .strictObject({
        serviceName: z
          .string()
          .optional()
          .describe('OTEL_SERVICE_NAME. @default - the service name'),
        enabled: z.boolean().default(true).describe('Export telemetry. @default true'),
      })
      .optional()
      .describe(
        'OpenTelemetry settings; only used when the site names a collector (`otel.endpoint`).',
      ),
    forcePull: z
      .boolean()
      .default(true)
      .describe('Pull the image on every start (Octant). @default true'),
    imagePullTimeout: duration.default('15m').describe('Podman image pull timeout. @default "15m"'),
  })
  .describe('One OpenClaw gateway.');

export const PHASES = ['podman', 'consul', 'nomad'] as const;

export const siteSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    region: z.string().min(1).default('home').describe('Nomad region. @default "home"'),
    datacenter: z.string().min(1).default('octant').describe('Nomad datacenter. @default "octant"'),
    domain: z
      .string()
      .min(1)
      .default('octant.net')
      .describe('Base domain of service host names. @default "octant.net"'),
    certresolver: z
      .string()
      .min(1)
      .default('cloudflare')
      .describe('Traefik certificate resolver (Let\'s Encrypt). @default "cloudflare"'),
    dns: z
      .array(z.ipv4())
      .min(1)
      .default([...OCTANT_DNS])
      .describe(
        'DNS servers of the task network. @default ["192.168.1.1","192.168.1.6","192.168.1.7"]',
      ),
    nomad: z
      .strictObject({
        address: z
          .string()
          .min(1)
          .default('nomad.octant.net')
          .describe('Nomad host (port 4646). @default "nomad.octant.net"'),
      })
      .prefault({})
      .describe('Nomad API.'),
    consul: z
      .strictObject({
        address: z
          .string()
          .min(1)
          .default('consul.octant.net')
          .describe('Consul host (port 8500). @default "consul.octant.net"'),
      })
      .prefault({})
      .describe('Consul API.'),
    onepassword: z
      .strictObject({
        vault: z.string().min(1).default('Homelab').describe('1Password vault. @default "Homelab"'),
      })
      .prefault({})
      .describe('1Password.'),
    hostVolumeRoot: z
      .string()
      .regex(/^\//, { message: 'must be an absolute path' })
      .default('/opt')
      .describe('Host volumes live at `<hostVolumeRoot>/<service>/<volume>`. @default "/opt"'),
    bindMountRoot: z
      .string()
      .regex(/^\//, { message: 'must be an absolute path' })
      .default('/mnt/services')
      .describe(
        'Bind mounts live at `<bindMountRoot>/<service>/<volume>` (Octant). @default "/mnt/services"',
      ),
    podman: z
      .strictObject({
        uid: z
          .int()
          .min(0)
          .default(1000)
          .describe('Uid of the rootless Podman user. @default 1000'),
        socket: z
          .string()
          .optional()
          .describe('Podman API socket. @default - unix:///run/user/<uid>/podman/podman.sock'),
        hostAddress: z
          .ipv4()
          .optional()
          .describe(
            'Address Traefik reaches the Podman host at (Phase 2 registers it in Consul). ' +
              '@default - the gateway tailnetAddress when bind is "tailnet"',
          ),
      })
      .prefault({})
      .describe('Rootless Podman (Phase 1).'),
    phases: z
      .array(z.enum(PHASES))
      .default(['nomad'])
      .describe('Which phases to emit: podman (1), consul (2), nomad (3). @default ["nomad"]'),
    otel: z
      .strictObject({
        endpoint: z
          .url()
          .default(OCTANT_OTEL_COLLECTOR)
          .describe(
            "OTLP/HTTP collector URL (openclaw.json diagnostics.otel.endpoint). @default Octant's collector through Consul DNS, " +
              `"${OCTANT_OTEL_COLLECTOR}"`,
          ),
      })
      .optional()
      .describe('OpenTelemetry collector. @default - no telemetry'),
    secrets: secretsConfigSchema.prefault({}).describe('Secrets and their backend.'),
    gateways: z.array(gatewaySchema).min(1).describe('The OpenClaw gateways of this site.'),
  })
  .describe('An Octant homelab running OpenClaw gateways.');

/** A validated site with every default filled in. */
export type Site = z.infer<typeof siteSchema>;
/** A site as written in a file (defaults optional). */
export type SiteInput = z.input<typeof siteSchema>;
export type GatewayConfig = z.infer<typeof gatewaySchema>;
export type EnvValue = z.infer<typeof envValueSchema>;
export type Phase = (typeof PHASES)[number];
