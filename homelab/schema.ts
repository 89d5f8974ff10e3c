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
import {
  jsonValue,
  moduleFiles,
  moduleVariableSchema,
  serviceSchema,
} from '../lib/octant/service/schema';
import { backupSchema } from '../lib/openclaw/backup/schema';
import { imageSchema } from '../lib/openclaw/image/schema';
import { tailscaleServeSchema } from '../lib/openclaw/standalone/tailscale-schema';
import { OCTANT_DEFAULTS, OCTANT_DNS } from '../lib/octant/defaults';
import { DEFAULT_STATE_SECRETS } from '../lib/octant/module-spec';
import { IMAGE_REFERENCE, hasTagOrDigest, isPinnedImage } from '../lib/octant/image';
import { DEFAULT_PODMAN_UID, GATEWAY_DEFAULTS } from '../lib/openclaw/defaults';
import { REDIRECT_WEB_TO_WEBSECURE } from '../lib/octant/traefik';

/**
 * The site description: one homelab, its Octant conventions and the OpenClaw gateways it runs.
 * Every object is strict (a typo is an error, never silently ignored) and every field says what
 * it means and what its default is; homelab/site.schema.json is generated from this file.
 */

/** Octant's OpenTelemetry collector (OTLP/HTTP), found through Consul DNS. */
export const OCTANT_OTEL_COLLECTOR = 'http://otel-collector.service.consul:4318';

/** Octant's default DNS servers (the `dns` variable of its modules). */
export { OCTANT_DNS };

const serviceName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, {
  message: 'must be lowercase letters, digits and dashes, starting with a letter',
});

const portNumber = z.int().min(1).max(65535);

const duration = z.string().regex(/^([0-9]+(ns|us|ms|s|m|h))+$/, {
  message: 'must be a Go duration such as "30s", "5m" or "1h30m"',
});

/*
 * Field formats. Each rule is stated here once; these values end up in Traefik rules, HCL
 * strings, file system paths and URLs, so anything outside the format is refused, not escaped.
 */

/** One DNS label: letters, digits and inner dashes, at most 63 characters. */
const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/** A DNS name (`octant.net`, `nomad.octant.net`): labels separated by dots. */
const DNS_NAME = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);

/** A DNS name, 253 characters at most. */
const dnsName = z.string().max(253).regex(DNS_NAME, {
  message: 'must be a DNS name: letters, digits and dashes in dot-separated labels',
});

/** A host to connect to: a DNS name, or an IPv4 address (which the DNS name rule admits). */
const hostName = z.string().max(253).regex(DNS_NAME, {
  message: 'must be a host name (e.g. "nomad.octant.net") or an IPv4 address, without a port',
});

/** An absolute path with no `.`/`..` steps, no empty steps and no control characters. */
const absolutePath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._@+-]+)+\/?$|^\/$/, {
    message:
      'must be an absolute path of letters, digits and . _ @ + - (no spaces or control characters)',
    abort: true,
  })
  .refine((p) => !p.split('/').some((step) => step === '.' || step === '..'), {
    message: 'must not contain "." or ".." steps',
    params: { fix: 'write the path without . or .. (e.g. "/opt")' },
  });

/** An http(s) URL. */
const httpUrl = z.url({
  protocol: /^https?$/,
  hostname: z.regexes.hostname,
  error: 'must be an http:// or https:// URL',
});

/** A name used as an identifier (Traefik resolver, Nomad region and datacenter). */
const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, {
  message: 'must be letters, digits, "_", "." and "-", starting with a letter or digit',
});

/** A container image reference; whether it must be pinned is the gateway's rule below. */
const imageRef = z.string().regex(IMAGE_REFERENCE, {
  message:
    'must be an image reference ([registry[:port]/]name[:tag][@sha256:digest]), e.g. "ghcr.io/you/openclaw:2026.1.30"',
  abort: true,
});

/**
 * The image-pin rule (lib/octant/image.ts) on a gateway: an explicit tag or digest, never
 * `:latest`, unless `allowUnpinnedImage` says the operator knows (an imported module).
 */
function imagePinIssues(
  g: { image?: string | undefined; allowUnpinnedImage?: boolean | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  const image = g.image;
  if (image === undefined || g.allowUnpinnedImage === true || isPinnedImage(image)) return;
  const latest = hasTagOrDigest(image);
  ctx.addIssue({
    code: 'custom',
    path: ['image'],
    input: image,
    message: latest
      ? '":latest" is not allowed: the deployed version would change without a diff'
      : 'must have an explicit tag or digest, e.g. "openclaw-homelab:2026.9.6"',
    params: {
      fix: latest
        ? 'pin a version tag (e.g. "ghcr.io/you/openclaw:2026.1.30") or a digest, or set `allowUnpinnedImage: true` to run it as it is (synth warns)'
        : 'add a version tag (e.g. ":2026.9.6") or a digest',
    },
  });
}

/** A Nomad group or task name. */
const taskName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, {
  message: 'must be letters, digits, "_" and "-", starting with a letter or digit',
});

/** A mount source: an absolute path, or one relative to the service's storage folder. */
const MOUNT_SOURCE = /^\/?[A-Za-z0-9._@+-]+(\/[A-Za-z0-9._@+-]+)*\/?$/;

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
    group: z
      .string()
      .default(GATEWAY_DEFAULTS.homepageGroup)
      .describe(`Dashboard group. @default "${GATEWAY_DEFAULTS.homepageGroup}"`),
    name: z.string().optional().describe('Tile title. @default - the service name'),
    icon: z
      .string()
      .default(GATEWAY_DEFAULTS.homepageIcon)
      .describe(`Tile icon. @default "${GATEWAY_DEFAULTS.homepageIcon}"`),
    description: z
      .string()
      .default(GATEWAY_DEFAULTS.homepageDescription)
      .describe('Tile subtitle. @default "OpenClaw AI agent gateway"'),
    href: z
      .boolean()
      .default(true)
      .describe('Link the tile to `https://<name>.<domain>` (`homepage.href`). @default true'),
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
        'Container image with an explicit tag (`:latest` is refused unless ' +
          '`allowUnpinnedImage`). @default "openclaw-homelab:<openclawVersion>"',
      ),
    bind: z
      .enum(['loopback', 'lan', 'tailnet'])
      .default(GATEWAY_DEFAULTS.bind)
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
      .default(GATEWAY_DEFAULTS.tokenSecret)
      .describe(
        'Secret (under `secrets.items`) read into OPENCLAW_GATEWAY_TOKEN. OpenClaw refuses to bind ' +
          `beyond loopback without it, so every phase needs it. @default "${GATEWAY_DEFAULTS.tokenSecret}"`,
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
          .default(GATEWAY_DEFAULTS.ports.http)
          .describe(`Host port of the web UI + WebSocket. @default ${GATEWAY_DEFAULTS.ports.http}`),
        canvas: portNumber
          .or(z.literal(false))
          .default(GATEWAY_DEFAULTS.ports.canvas)
          .describe(
            `Host port of the canvas, or false for no canvas port. @default ${GATEWAY_DEFAULTS.ports.canvas}`,
          ),
        static: z
          .boolean()
          .default(GATEWAY_DEFAULTS.ports.static)
          .describe(
            'Reserve the host ports (as the plan does); false lets Nomad pick them (`to =` the ' +
              "gateway's port; Traefik finds them through Consul, as in Octant). " +
              `@default ${GATEWAY_DEFAULTS.ports.static}`,
          ),
      })
      .prefault({})
      .describe('Ports of the gateway.'),
    resources: z
      .strictObject({
        cpu: z
          .int()
          .min(1)
          .default(GATEWAY_DEFAULTS.cpu)
          .describe(`CPU in MHz. @default ${GATEWAY_DEFAULTS.cpu}`),
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
            'Memory limit in MB, written only when `nomad.memoryOversubscription` is true; not below `memory`. @default 2048 (or `memory` when larger)',
          ),
      })
      .prefault({})
      .describe('Nomad task resources.'),
    storage: z
      .enum(['hostVolume', 'bindMount'])
      .default(GATEWAY_DEFAULTS.storage)
      .describe(
        'Nomad client host volumes under `hostVolumeRoot` (the plan), or podman bind mounts under ' +
          '`bindMountRoot` (how Octant modules do it: no Nomad client config needed). @default "bindMount"',
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
    homepage: z
      .union([homepageSchema, z.literal(false)])
      .default({
        group: GATEWAY_DEFAULTS.homepageGroup,
        icon: GATEWAY_DEFAULTS.homepageIcon,
        description: GATEWAY_DEFAULTS.homepageDescription,
        href: true,
      })
      .describe(
        "Homepage dashboard tags (Octant's four homepage.* tags), or false for none. @default the four tags",
      ),
    traefik: z
      .boolean()
      .default(true)
      .describe('Route `https://<name>.<domain>` through Traefik. @default true'),
    traefikMiddlewares: z
      .array(
        z.string().regex(/^[A-Za-z0-9@._-]+$/, { message: 'must be a Traefik middleware name' }),
      )
      .default([REDIRECT_WEB_TO_WEBSECURE])
      .describe(
        `Middlewares of the gateway's Traefik router. @default ["${REDIRECT_WEB_TO_WEBSECURE}"] (Octant's HTTP -> HTTPS redirect)`,
      ),
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
      .optional()
      .describe(
        'Pull the image on every start (as Octant does for registry images). @default true for ' +
          'an image from a registry, false for a local one (`openclaw-homelab:<version>`, built ' +
          'on the client: a pull would look for it on Docker Hub and fail)',
      ),
    imagePullTimeout: duration
      .optional()
      .describe(`Podman image pull timeout. @default "${GATEWAY_DEFAULTS.imagePullTimeout}"`),
    allowUnpinnedImage: z
      .boolean()
      .default(false)
      .describe(
        'Run an image without a pinned tag (`:latest`, or none) as it is: what a hand-written ' +
          'module `import` reads does. The deployed version then changes without a diff; synth ' +
          'warns on every run until the image is pinned. @default false',
      ),
    jobShape: z
      .enum(['octant', 'module'])
      .default('octant')
      .describe(
        "`octant`: the typed job with Octant's operating settings (restart and update policy, " +
          'kill_timeout, check_restart, shutdown_delay, journald logging, the start command, HOME/' +
          'TERM/CONSUL_HTTP_ADDR, a quoted 0400 secret env file). `module`: only what a hand-written ' +
          "Octant module states, the rest left to Nomad's and the image's defaults (what `import` " +
          'writes, so the job stays as it was). @default "octant"',
      ),
    variableEnv: z
      .record(envName, z.string())
      .default({})
      .describe(
        'Env built from module variables: `${name}` is the value of module variable `name` ' +
          '(one of `variables`, or a standard one: region, datacenter, image, domain, ' +
          'certresolver, servicename), e.g. `{ LITELLM_BASE_URL: "${litellm_base_url}/v1" }`. ' +
          'The jobspec reads the variable, so changing it changes the job. @default {}',
      ),
    backup: backupSchema,
    imageRecipe: imageSchema,
    tailscaleServe: tailscaleServeSchema,
    names: z
      .strictObject({
        group: taskName
          .optional()
          .describe("Nomad group. @default - the gateway's name (its job), as in Octant"),
        task: taskName
          .optional()
          .describe("Nomad task. @default - the gateway's name (its job), as in Octant"),
      })
      .prefault({})
      .describe('Names of the Nomad group and task (the job is `name`).'),
    mounts: z
      .array(
        z.strictObject({
          source: z
            .string()
            .regex(MOUNT_SOURCE, {
              message:
                'must be an absolute host path, or a path relative to <bindMountRoot>/<name>/, of letters, digits and . _ @ + -',
            })
            .refine((p) => !p.split('/').some((step) => step === '.' || step === '..'), {
              message: 'must not contain "." or ".." steps',
            })
            .describe('Host folder: absolute, or relative to `<bindMountRoot>/<name>/`.'),
          target: absolutePath.describe('Path in the container.'),
          readOnly: z.boolean().default(false).describe('Mount read-only. @default false'),
        }),
      )
      .default([])
      .describe(
        "Further bind mounts of the gateway's container (shared folders, extra workspaces). @default []",
      ),
    healthCheck: z
      .strictObject({
        type: z
          .enum(['http', 'tcp'])
          .optional()
          .describe('`http` polls `path`; `tcp` only connects to the port. @default "http"'),
        path: z
          .string()
          .regex(/^\/[A-Za-z0-9._~/-]*$/, { message: 'must be a URL path such as "/readyz"' })
          .optional()
          .describe("HTTP path. @default - the release's readiness endpoint (/readyz)"),
        interval: duration.optional().describe('@default "10s"'),
        timeout: duration.optional().describe('@default "3s"'),
        grace: duration
          .optional()
          .describe('Failed checks ignored this long after a start. @default "120s"'),
      })
      .optional()
      .describe("The Consul check of the gateway's service. @default - readiness, every 10s"),
    configFile: z
      .enum(['template', 'volume'])
      .default(GATEWAY_DEFAULTS.configFile)
      .describe(
        'How openclaw.json reaches the gateway: `template` renders it into the task from this ' +
          'site (edits to the file in the volume are overwritten); `volume` leaves it to ' +
          '`<config folder>/openclaw.json` in the config volume, as hand-written Octant modules ' +
          'do: synth writes it beside the module for you to copy there. Nomad phase only. ' +
          `@default "${GATEWAY_DEFAULTS.configFile}"`,
      ),
    templates: z
      .array(
        z.strictObject({
          destination: z
            .string()
            .min(1)
            .describe('Path in the task, e.g. `local/ca.pem` or `${NOMAD_SECRETS_DIR}/tool.env`.'),
          data: z
            .string()
            .describe(
              'Template text (consul-template; secrets through `{{ with nomadVar ... }}`, never values).',
            ),
          env: z.boolean().optional().describe('Read the file into the task env. @default false'),
          changeMode: z
            .enum(['noop', 'restart', 'signal', 'script'])
            .optional()
            .describe('@default Nomad\'s ("restart")'),
          perms: z
            .string()
            .regex(/^[0-7]{3,4}$/, { message: 'must be octal permissions such as "0640"' })
            .optional()
            .describe('@default Nomad\'s ("0644")'),
        }),
      )
      .default([])
      .describe("Further files the task renders, after the gateway's own templates. @default []"),
    config: z
      .record(z.string(), jsonValue)
      .optional()
      .describe(
        "openclaw.json settings the typed fields do not cover, in the release's own schema " +
          '(`openclaw config schema`; TypeScript: `OpenClawConfig`): agent identity, tool ' +
          'profiles, plugins and their config, channel plugins, model costs... The typed ' +
          'settings are rendered over it; a value both set differently is an error. Checked ' +
          "against the pinned release's schema. Credentials only as `${ENV}` placeholders. " +
          '@default - none',
      ),
    configOverrides: z
      .record(z.string(), jsonValue)
      .optional()
      .describe(
        'openclaw.json sections the typed settings do not cover, merged over the rendered file ' +
          '(objects key by key). Credentials only as `${ENV}` placeholders. @default - none',
      ),
    variables: z
      .array(moduleVariableSchema)
      .default([])
      .describe(
        "Module variables beyond Octant's standard set (the generated module declares them). @default []",
      ),
    files: moduleFiles
      // openclaw.json/...: a folder where the rendered file goes.
      .refine((f) => !Object.keys(f).some((name) => name.split('/')[0] === 'openclaw.json'), {
        message: 'openclaw.json is rendered from the typed settings, not copied',
        params: { fix: 'describe it with agents, models, channels and configOverrides instead' },
      })
      .default({})
      .describe(
        'Files copied into the module folder (e.g. the `moved.tf` import writes): path in the ' +
          'module (a plain name or folders below it, e.g. config/teams/family/openclaw.json) ' +
          '-> path relative to the site file. @default {}',
      ),
    overrides: z
      .array(
        z
          .strictObject({
            path: z
              .string()
              .min(1)
              .describe(
                'Jobspec path below `job`, in HCL names: `group.<group>.task.<task>.kill_timeout`, ' +
                  '`group.<group>.service.0.check.0.interval` (blocks by label or index).',
              ),
            value: jsonValue
              .optional()
              .describe('The value (blocks as objects of model field names).'),
            remove: z.literal(true).optional().describe('Remove the field instead.'),
            why: z.string().optional().describe('Why the typed setting is overridden.'),
          })
          .refine((o) => (o.value === undefined) !== (o.remove === undefined), {
            message: 'give exactly one of `value` and `remove: true`',
          }),
      )
      .default([])
      .describe(
        'Jobspec fields the typed settings do not cover, set or removed after rendering; the ' +
          'result must pass the Nomad validator. `import` writes these to keep a job identical. @default []',
      ),
  })
  .superRefine(imagePinIssues)
  .describe('One OpenClaw gateway.');

export const PHASES = ['podman', 'consul', 'nomad'] as const;

export const siteSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    region: identifier
      .default(OCTANT_DEFAULTS.region)
      .describe(`Nomad region. @default "${OCTANT_DEFAULTS.region}"`),
    datacenter: identifier
      .default(OCTANT_DEFAULTS.datacenter)
      .describe(`Nomad datacenter. @default "${OCTANT_DEFAULTS.datacenter}"`),
    domain: dnsName
      .default(OCTANT_DEFAULTS.domain)
      .describe(`Base domain of service host names. @default "${OCTANT_DEFAULTS.domain}"`),
    certresolver: identifier
      .or(z.literal(''))
      .default(OCTANT_DEFAULTS.certresolver)
      .describe(
        'Traefik certificate resolver; "" uses Traefik\'s default certificate (as most Octant ' +
          `modules do), a name such as "cloudflare" an ACME resolver. @default "${OCTANT_DEFAULTS.certresolver}"`,
      ),
    registry: z
      .union([
        z.literal(false),
        z
          .string()
          .regex(new RegExp(`^(?:${DNS_LABEL}(?:\\.${DNS_LABEL})+|localhost)(?::[0-9]{1,5})?$`), {
            message: 'must be a registry host with a dot (or localhost), and an optional port',
          }),
      ])
      .default(OCTANT_DEFAULTS.registry)
      .describe(
        'The cluster\'s own image registry, e.g. "registry.octant.local" or "10.1.0.5:5000": a ' +
          'gateway without `image` runs `<registry>/openclaw-homelab:<openclawVersion>` (pulled on ' +
          'every start, as Octant does for its custom images; the module README pushes it there). ' +
          '`false`: no registry, the image is built on the Nomad client and not pulled. ' +
          `@default "${OCTANT_DEFAULTS.registry}" (Octant's)`,
      ),
    dns: z
      .array(z.ipv4())
      .min(1)
      .default([...OCTANT_DNS])
      .describe(`DNS servers of the task network. @default ${JSON.stringify(OCTANT_DNS)}`),
    nomad: z
      .strictObject({
        address: hostName
          .default(OCTANT_DEFAULTS.nomad)
          .describe(
            `Nomad host (port 4646) Terraform talks to; tasks reach Nomad through Consul DNS. @default "${OCTANT_DEFAULTS.nomad}"`,
          ),
        memoryOversubscription: z
          .boolean()
          .default(false)
          .describe(
            "Whether the cluster enables memory oversubscription (`nomad operator scheduler set-config -memory-oversubscription=true`). Only then do jobs get `memory_max` (gateways[].resources.memoryMax); otherwise Nomad ignores it and warns. @default false (Nomad's default)",
          ),
      })
      .prefault({})
      .describe('Nomad API and cluster settings.'),
    consul: z
      .strictObject({
        address: hostName
          .default(OCTANT_DEFAULTS.consul)
          .describe(
            `Consul host (port 8500) Terraform talks to; tasks use Consul DNS. @default "${OCTANT_DEFAULTS.consul}"`,
          ),
      })
      .prefault({})
      .describe('Consul API.'),
    onepassword: z
      .strictObject({
        vault: z
          .string()
          .min(1)
          .default(OCTANT_DEFAULTS.opVault)
          .describe('1Password vault. @default "Octant"'),
      })
      .prefault({})
      .describe('1Password.'),
    hostVolumeRoot: absolutePath
      .default(GATEWAY_DEFAULTS.hostVolumeRoot)
      .describe('Host volumes live at `<hostVolumeRoot>/<service>/<volume>`. @default "/opt"'),
    bindMountRoot: absolutePath
      .default(GATEWAY_DEFAULTS.bindMountRoot)
      .describe(
        'Bind mounts live at `<bindMountRoot>/<service>/<volume>` (Octant). @default "/mnt/services"',
      ),
    podman: z
      .strictObject({
        uid: z
          .int()
          .min(0)
          .default(DEFAULT_PODMAN_UID)
          .describe(`Uid of the rootless Podman user. @default ${DEFAULT_PODMAN_UID}`),
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
      .min(1)
      .default(['nomad'])
      .describe('Which phases to emit: podman (1), consul (2), nomad (3). @default ["nomad"]'),
    otel: z
      .strictObject({
        endpoint: httpUrl
          .default(OCTANT_OTEL_COLLECTOR)
          .describe(
            "OTLP/HTTP collector URL (openclaw.json diagnostics.otel.endpoint). @default Octant's collector through Consul DNS, " +
              `"${OCTANT_OTEL_COLLECTOR}"`,
          ),
      })
      .optional()
      .describe('OpenTelemetry collector. @default - no telemetry'),
    secrets: secretsConfigSchema.prefault({}).describe('Secrets and their backend.'),
    terraform: z
      .strictObject({
        stateSecrets: z
          .enum(['ephemeral', 'legacy'])
          .default(DEFAULT_STATE_SECRETS)
          .describe(
            '`ephemeral`: 1Password is read through the ephemeral `onepassword_item` and Nomad ' +
              'variables are written through the write-only `items_wo`, so no secret reaches ' +
              'Terraform state or plans (Terraform >= 1.11). `legacy`: the data sources and ' +
              '`items` of Terraform < 1.11, whose values Terraform stores in state (synth warns). ' +
              `@default "${DEFAULT_STATE_SECRETS}"`,
          ),
      })
      .prefault({})
      .describe('How the generated Terraform treats secrets.'),
    gateways: z
      .array(gatewaySchema)
      .default([])
      .describe('The OpenClaw gateways of this site. @default []'),
    services: z
      .array(serviceSchema)
      .default([])
      .describe(
        'Other services (any Octant module; `openclaw-octant import` writes them). @default []',
      ),
  })
  .refine((s) => s.gateways.length + s.services.length > 0, {
    message: 'a site needs at least one entry under `gateways` or `services`',
    path: ['gateways'],
    params: { fix: 'add a gateway (`gateways: [{ name: openclaw }]`) or a service under services' },
  })
  .describe('An Octant homelab running OpenClaw gateways.');

/** A validated site with every default filled in. */
export type Site = z.infer<typeof siteSchema>;
/** A site as written in a file (defaults optional). */
export type SiteInput = z.input<typeof siteSchema>;
export type { ServiceConfig } from '../lib/octant/service/schema';
