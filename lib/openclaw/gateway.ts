import type {
  Constraint,
  Group,
  JobFile,
  PodmanConfig,
  PodmanTask,
  Service,
  Template,
  Variable,
  Volume,
} from '../nomad/model';
import { ref } from '../nomad/model';
import type { HostVolumeSpec, ModuleVariable, OctantServiceModule } from '../octant/module-spec';
import {
  consulService,
  Duration,
  HealthCheck,
  type HomepageEntry,
  type Resources,
} from '../octant/service';
import { SERVICE_SHUTDOWN_DELAY } from '../octant/traefik';
import { nomadVarEnvTemplate, vaultTemplates } from '../secrets/templates';
import type { Vault } from '../nomad/model';
import { UserError, throwProblems } from '../util/errors';
import {
  CONFIG_PATH_IN_CONTAINER,
  CONFIG_TEMPLATE_DESTINATION,
  GATEWAY_PORT,
  NODE_GID,
  NODE_UID,
  openClawJsonInput,
  resolveGatewaySettings,
  type GatewayOptions,
  type GatewayPort,
  type GatewaySettings,
  type GatewayVolume,
} from './gateway-settings';
import { renderOpenClawJson } from './routing/openclaw-json';
import { backupSchema } from './backup/schema';
import { imageSchema } from './image/schema';
import { withOperations } from './operations';
import { moduleShape, variableEnvVariables, withVariableEnv } from './job-shape';
import type { Construct } from 'constructs';
import { OctantService, type OctantServiceCommonProps } from '../terraform/octant-service';

/** The jobspec's HCL2 variables; the module feeds each from the module variable of the same name. */
const JOB_VARS = [
  'region',
  'datacenter',
  'image',
  'domain',
  'certresolver',
  'servicename',
  'dns',
] as const;

/** How long a stop waits for the gateway to drain before SIGKILL (seconds, Go duration). */
export const KILL_TIMEOUT = '60s';

/** The template delimiters used when the config text contains consul-template's own (`{{ }}`). */
const ALT_DELIMITERS = ['[%oc', 'oc%]'] as const;

/**
 * The plain-data description of an OpenClaw gateway on Octant (Phase 3): a rootless Podman task
 * in Nomad, registered in Consul and routed by Traefik. Defaults are resolved once, in the
 * constructor, by {@link resolveGatewaySettings}; the public fields hold the effective values.
 * {@link OpenClawGateway} is the construct built from it; the CLI's plain paths (vendor,
 * secrets) use this directly.
 *
 * openclaw.json delivery: Nomad can only render templates inside the task dir, and the config
 * volume is mounted at ~/.openclaw. The config is rendered to `local/openclaw.json` and OpenClaw
 * is pointed at it with OPENCLAW_CONFIG_PATH=/local/openclaw.json (Nomad mounts the task's
 * `local/` at /local). A podman bind mount of that file onto ~/.openclaw/openclaw.json was
 * rejected: OpenClaw rewrites its config by rename, which fails on a bind-mounted file, and the
 * volume's old copy would silently win whenever the mount is missing. The site stays the source
 * of truth: a job update re-renders the file and restarts the task.
 */
export class GatewaySpec {
  /** Everything decided, held once: the getters below read it. */
  public readonly settings: GatewaySettings;
  /** The rendered openclaw.json (also written next to the module). */
  public readonly openClawJson: string;

  private readonly options: GatewayOptions;

  /** @param where the field path errors name, e.g. `gateways[0]`. */
  constructor(props: GatewayOptions = {}, where = 'gateway') {
    const s = resolveGatewaySettings(props, where);
    this.options = props;
    this.settings = s;
    this.openClawJson = renderOpenClawJson(
      openClawJsonInput(s, { bind: s.bind, port: GATEWAY_PORT }),
    );
  }

  public get name(): string {
    return this.settings.name;
  }
  public get image(): string {
    return this.settings.image;
  }
  public get command(): readonly string[] {
    return this.settings.command;
  }
  public get ports(): readonly GatewayPort[] {
    return this.settings.ports;
  }
  public get volumes(): readonly GatewayVolume[] {
    return this.settings.volumes;
  }
  public get env(): Readonly<Record<string, string>> {
    return this.settings.env;
  }
  public get secretEnv(): Readonly<Record<string, string>> {
    return this.settings.secretEnv;
  }
  public get forcePull(): boolean {
    return this.settings.forcePull;
  }

  /** The jobspec file: HCL2 variables (defaults = the site's values) and the job. */
  public toJobFile(): JobFile {
    const o = this.options;
    const variableEnv = o.variableEnv ?? {};
    const job = withVariableEnv(this.job(), variableEnv);
    const shaped =
      o.jobShape === 'module'
        ? moduleShape(job, {
            name: this.name,
            secretEnv: this.secretEnvOrdered(),
            ...(o.forcePull !== undefined ? { forcePull: o.forcePull } : {}),
            ...(o.imagePullTimeout !== undefined ? { imagePullTimeout: o.imagePullTimeout } : {}),
          })
        : job;
    return { variables: [...this.jobVariables(), ...this.variableEnvVariables()], job: shaped };
  }

  /** The secret env of the task, the token first (as the env file lists it). */
  private secretEnvOrdered(): Record<string, string> {
    const token = this.settings.authTokenEnv;
    const first = token !== undefined && token in this.secretEnv ? [token] : [];
    const names = [...first, ...Object.keys(this.secretEnv).filter((k) => k !== token)];
    return Object.fromEntries(names.map((k) => [k, this.secretEnv[k]]));
  }

  /** The jobspec variables `variableEnv` reads beyond the standard ones. */
  private variableEnvVariables(): Variable[] {
    return variableEnvVariables(
      this.options.variableEnv ?? {},
      this.options.variables ?? [],
      JOB_VARS,
      this.settings.where,
    );
  }

  /** The Octant service module: job, variable mapping, secrets, host volumes, README facts. */
  public toModule(): OctantServiceModule {
    const s = this.settings;
    const directories: HostVolumeSpec[] = s.volumes.map((v) => ({
      name: v.name,
      path: v.hostPath,
      uid: NODE_UID,
      gid: NODE_GID,
    }));
    const hostVolumes = s.storage === 'hostVolume' ? directories : [];
    const bindMounts = s.storage === 'bindMount' ? directories : [];
    const variables: ModuleVariable[] = [...(this.options.variables ?? [])];
    const module: OctantServiceModule = {
      serviceName: s.name,
      job: this.toJobFile(),
      ...(s.resources.memoryMax !== undefined ? { memoryOversubscription: true } : {}),
      jobVars: Object.fromEntries(
        [...JOB_VARS, ...this.variableEnvVariables().map((v) => v.name)].map((v) => [v, v]),
      ),
      variables,
      standardDefaults: {
        nomad: s.nomadAddress,
        consul: s.consulAddress,
        region: s.region,
        datacenter: s.datacenter,
        image: s.image,
        domain: s.domain,
        certresolver: s.certresolver,
        servicename: s.name,
        dns: [...s.dns],
      },
      secrets: s.secrets,
      secretsBackend: s.secretsBackend,
      hostVolumes,
      ...(bindMounts.length > 0 ? { bindMounts } : {}),
      readme: this.readme(),
      // With configFile "volume" this is the file the operator places in the config volume.
      extraFiles: { ...this.options.extraFiles, 'openclaw.json': this.openClawJson },
    };
    // The zod schemas hold the defaults once: a construct without these props gets the site's.
    return withOperations(
      module,
      s,
      {
        backup: this.options.backup ?? backupSchema.parse(undefined),
        imageRecipe: this.options.imageRecipe ?? imageSchema.parse(undefined),
      },
      this.options.secrets ?? [],
    );
  }

  private jobVariables(): Variable[] {
    const s = this.settings;
    const str = (name: string, description: string, value: string): Variable => ({
      name,
      type: 'string',
      description,
      default: value,
    });
    return [
      str('region', 'Nomad region of the job', s.region),
      str('datacenter', 'Nomad datacenter the job runs in', s.datacenter),
      str('image', 'OpenClaw container image (pinned tag or digest)', s.image),
      str('domain', 'Domain Traefik serves the gateway under (<servicename>.<domain>)', s.domain),
      str('certresolver', "Traefik certificate resolver (Let's Encrypt)", s.certresolver),
      str('servicename', 'Consul service name and host name under the domain', s.name),
      {
        name: 'dns',
        type: 'list(string)',
        description: 'DNS servers of the task network',
        default: [...s.dns],
      },
    ];
  }

  private job(): JobFile['job'] {
    const rootless: Constraint = { attribute: '${meta.rootless}', value: 'true' };
    return {
      name: this.name,
      region: ref('region'),
      datacenters: [ref('datacenter')],
      type: 'service',
      constraint: [rootless],
      group: [this.group()],
    };
  }

  private group(): Group {
    const s = this.settings;
    const volumes: Volume[] =
      s.storage === 'hostVolume'
        ? s.volumes.map((v) => ({ name: v.name, type: 'host', source: v.name, readOnly: false }))
        : [];
    return {
      name: s.groupName,
      count: s.count,
      network: {
        port: this.ports.map((p) => ({
          label: p.label,
          ...(p.hostPort !== undefined ? { static: p.hostPort } : {}),
          to: p.containerPort,
        })),
        dns: { servers: ref('dns') },
      },
      ...(volumes.length > 0 ? { volume: volumes } : {}),
      service: [this.service()],
      // Consul drops the instance first; Traefik stops routing to it within its catalog refresh,
      // and only then does the gateway get SIGTERM and drain its running turns (kill_timeout).
      shutdownDelay: SERVICE_SHUTDOWN_DELAY,
      // One stateful instance: retry in place a few times, then let the reschedule policy move it.
      restart: { attempts: 3, delay: '15s', interval: '5m', mode: 'fail' },
      // No canary: a second copy cannot share the volumes. Stop-then-start; the allocation is
      // healthy once the readiness check passes (health_check "checks") and stays so for
      // min_healthy_time; otherwise the job reverts to the last good version (auto_revert), so a
      // release whose config the gateway refuses rolls back instead of crash-looping.
      update: {
        maxParallel: 1,
        canary: 0,
        healthCheck: 'checks',
        minHealthyTime: '30s',
        healthyDeadline: '5m',
        progressDeadline: '10m',
        autoRevert: true,
      },
      task: [this.task()],
    };
  }

  private service(): Service {
    const s = this.settings;
    const at = `${s.where}.healthCheck`;
    const timing = {
      interval: Duration.parse(s.health.interval, `${at}.interval`),
      timeout: Duration.parse(s.health.timeout, `${at}.timeout`),
      restartGrace: Duration.parse(s.health.grace, `${at}.grace`),
    };
    return consulService({
      traefik: s.traefik
        ? { ...(s.traefikMiddlewares !== undefined ? { middlewares: s.traefikMiddlewares } : {}) }
        : false,
      ...(s.homepage !== undefined ? { homepage: s.homepage } : {}),
      check:
        s.health.type === 'http'
          ? HealthCheck.http(s.health.path, timing)
          : HealthCheck.tcp(timing),
    });
  }

  private task(): PodmanTask {
    const s = this.settings;
    const [command, ...args] = this.command;
    const config: PodmanConfig = {
      image: ref('image'),
      command,
      args,
      ports: this.ports.map((p) => p.label),
      ...(s.storage === 'bindMount' || s.mounts.length > 0
        ? {
            volumes: [
              ...(s.storage === 'bindMount'
                ? s.volumes.map((v) => `${v.hostPath}:${v.containerPath}`)
                : []),
              ...s.mounts.map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`),
            ],
          }
        : {}),
      force_pull: s.forcePull,
      image_pull_timeout: s.imagePullTimeout,
      logging: { driver: 'journald', options: [{ tag: ref('servicename') }] },
    };
    const { templates, vault } = this.secretTemplates();
    return {
      name: s.taskName,
      driver: 'podman',
      config,
      // On SIGTERM the gateway drains running agent turns before it exits (its own budget is
      // minutes); Nomad's default 5s would cut every update's running turns short.
      killTimeout: KILL_TIMEOUT,
      env: this.env,
      template: [
        ...templates,
        ...(s.configFile === 'template' ? [this.configTemplate()] : []),
        ...s.templates.map((t): Template => ({
          data: t.data,
          destination: t.destination,
          ...(t.changeMode !== undefined ? { changeMode: t.changeMode } : {}),
          ...(t.perms !== undefined ? { perms: t.perms } : {}),
          ...(t.env === true ? { env: true } : {}),
        })),
      ],
      ...(vault !== undefined ? { vault } : {}),
      ...(s.storage === 'hostVolume'
        ? {
            volumeMount: s.volumes.map((v) => ({
              volume: v.name,
              destination: v.containerPath,
              readOnly: false,
            })),
          }
        : {}),
      resources: {
        cpu: s.resources.cpu,
        memory: s.resources.memory,
        ...(s.resources.memoryMax !== undefined ? { memoryMax: s.resources.memoryMax } : {}),
      },
    };
  }

  private secretTemplates(): { templates: Template[]; vault?: Vault } {
    const s = this.settings;
    if (Object.keys(this.secretEnv).length === 0) return { templates: [] };
    if (s.secretsBackend === 'onepassword') {
      return { templates: [nomadVarEnvTemplate({ job: this.name, env: this.secretEnv })] };
    }
    const keyOf = new Map(
      s.secrets.map((d) => [d.name, d.source.kind === 'vault' ? d.source.key : d.name]),
    );
    const env = Object.fromEntries(
      Object.entries(this.secretEnv).map(([k, name]) => [k, keyOf.get(name) ?? name]),
    );
    const { template, vault } = vaultTemplates({
      path: s.vault.path,
      env,
      ...(s.vault.role !== undefined ? { role: s.vault.role } : {}),
      ...(s.vault.policies !== undefined ? { policies: s.vault.policies } : {}),
      changeMode: s.vault.changeMode,
    });
    return { templates: [template], vault };
  }

  /** openclaw.json rendered into the task dir; consul-template must not read it as a template. */
  private configTemplate(): Template {
    const text = this.openClawJson;
    const clash = (l: string, r: string): boolean => text.includes(l) || text.includes(r);
    const base: Template = {
      data: text,
      destination: CONFIG_TEMPLATE_DESTINATION,
      changeMode: 'restart',
      perms: '0644',
    };
    if (!clash('{{', '}}')) return base;
    const [l, r] = ALT_DELIMITERS;
    if (clash(l, r)) {
      throw new UserError(
        `${this.settings.where}`,
        `openclaw.json contains both "{{" and "${l}", so it cannot be delivered through a Nomad template`,
        'remove "{{" from agent names and other strings',
      );
    }
    return { ...base, leftDelimiter: l, rightDelimiter: r };
  }

  private readme(): OctantServiceModule['readme'] {
    const s = this.settings;
    // Volumes and Secrets are rendered by lib/octant/readme.ts from the module data itself.
    return {
      description:
        'OpenClaw is a self-hosted AI agent gateway: one Node process that connects chat ' +
        'channels (WhatsApp, Telegram, Discord, Slack) to AI agents, with a web UI and ' +
        'WebSocket on its gateway port.',
      useCases: [
        'Personal, family and work agents behind one gateway, routed by channel, server and peer',
        'An always-on homelab agent with Nomad, Consul and 1Password CLIs at hand',
      ],
      ports: s.ports.map((p) => ({
        label: p.label,
        ...(p.hostPort !== undefined ? { port: p.hostPort } : {}),
        description: p.label === 'http' ? 'Web UI, WebSocket and /health' : 'Canvas host',
      })),
      extraSections: {
        Configuration:
          s.configFile === 'volume'
            ? 'openclaw.json is generated from the site description into this folder; the job does ' +
              'not deliver it: copy it to `' +
              `${s.volumes[0].hostPath}/openclaw.json\` (the config volume, ~/.openclaw) and restart ` +
              'the job after each change. The gateway binds `' +
              s.bind +
              '`.'
            : `openclaw.json is rendered from the site description into \`${CONFIG_TEMPLATE_DESTINATION}\` ` +
              `and read through \`OPENCLAW_CONFIG_PATH=${CONFIG_PATH_IN_CONTAINER}\`; edit the site, not ` +
              'the file in the volume. The gateway binds `' +
              s.bind +
              (s.authTokenEnv !== undefined
                ? `\` with token auth (\`${s.authTokenEnv}\`).`
                : '` without auth: no token secret, so it is reachable from its own loopback only.'),
        'Resources and health':
          `OpenClaw ${s.openclawVersion}, measured once ready: 940-980 MB RSS in all (main ` +
          'process 770-815 MB, two workers ~170 MB) for a single agent; 1.24-1.36 GB with four ' +
          'chat channels, two model providers and telemetry (the multi-agent example). ' +
          (s.resources.memoryMax !== undefined
            ? `The task reserves ${s.resources.memory} MB (\`memory\`) and may use up ` +
              `to ${s.resources.memoryMax} MB (\`memory_max\`: the cluster oversubscribes memory), ` +
              'which also holds the npm install of channel plugins on the first start of a release. '
            : `The task reserves ${s.resources.memory} MB (\`memory\`), which is also its limit: the ` +
              'cluster does not oversubscribe memory, so no `memory_max` is set (Nomad would ignore ' +
              'it). ') +
          `The Consul check polls the readiness endpoint \`${s.health.path}\` every ${s.health.interval} ` +
          `(liveness is \`${s.health.livePath}\`): it answers 5-9 s after start on an idle host, ` +
          `a minute or more on a heavily loaded one, and the first start of a release installs its channel plugins ` +
          `(45-53 s), so failed checks only restart the task after a ${s.health.grace} grace. ` +
          'A job update waits for readiness and reverts to the last good version when it never comes.',
      },
    };
  }
}

/**
 * Props of {@link OpenClawGateway}: the gateway options in the construct dialect of
 * `OctantService` (its `Resources`, `HealthCheck`, `Duration` and `HomepageEntry`), each with
 * its default. Combinations that cannot take effect are refused at construction.
 */
export interface OpenClawGatewayProps
  extends
    Omit<GatewayOptions, 'name' | 'resources' | 'healthCheck' | 'homepage'>,
    OctantServiceCommonProps {
  /** Service name: job, Consul service, `<name>.<domain>`. @default - the construct id */
  readonly name?: string;
  /**
   * @default Resources.of(500, 1536); `memoryMaxMiB` (only with `memoryOversubscription`)
   * defaults to 2048 or the memory, whichever is larger
   */
  readonly resources?: Resources;
  /**
   * @default - the release's readiness check: HTTP GET of its ready path every 10s (3s
   * timeout), restarting the task after 3 failures once 120s have passed since its start
   */
  readonly healthCheck?: HealthCheck;
  /**
   * A Homepage tile. @default - none; with one, `icon` defaults to `openclaw.png` and
   * `description` to the gateway's
   */
  readonly homepage?: HomepageEntry;
}

/** A gateway built elsewhere (the site), as a construct. */
interface GatewaySpecProps extends OctantServiceCommonProps {
  readonly spec: GatewaySpec;
}

/** What the construct props cannot mean, each as a user error naming the prop. */
function impossibleCombinations(p: OpenClawGatewayProps, id: string): UserError[] {
  const out: UserError[] = [];
  const refuse = (prop: string, rule: string, fix: string): void => {
    out.push(new UserError(`${id}.${prop}`, rule, fix));
  };
  if (p.resources?.memoryMaxMiB !== undefined && p.memoryOversubscription !== true)
    refuse(
      'resources',
      'memoryMaxMiB is given but the cluster does not oversubscribe memory, so Nomad would ignore it',
      'set memoryOversubscription: true (if the cluster does), or leave memoryMaxMiB out',
    );
  const ports = p.ports ?? {};
  if ((ports.http !== undefined || typeof ports.canvas === 'number') && ports.static !== true)
    refuse(
      'ports',
      'host ports are given but not reserved (static is false), so Nomad would pick others',
      'set ports.static: true, or leave the host ports out',
    );
  if (p.traefik === false && p.homepage !== undefined && p.homepage.href !== false)
    refuse(
      'homepage',
      'the tile links to https://<name>.<domain>, which Traefik does not route (traefik: false)',
      'set homepage.href: false, or leave traefik on',
    );
  if (p.traefik === false && p.traefikMiddlewares !== undefined)
    refuse('traefikMiddlewares', 'middlewares are given but traefik is off', 'remove one of them');
  if (p.tailnetAddress !== undefined && p.bind !== 'tailnet')
    refuse(
      'tailnetAddress',
      'is used only with bind "tailnet"',
      'set bind: "tailnet", or remove it',
    );
  if (p.otelServiceName !== undefined && p.otelEndpoint === undefined)
    refuse('otelServiceName', 'is used only with otelEndpoint', 'set otelEndpoint, or remove it');
  if (p.vault !== undefined && p.secretsBackend !== 'vault')
    refuse(
      'vault',
      'is used only with secretsBackend "vault"',
      'set secretsBackend: "vault", or remove it',
    );
  return out;
}

/** The construct props as the plain gateway options ({@link GatewaySpec}'s). */
function gatewayOptionsOf(id: string, props: OpenClawGatewayProps): GatewayOptions {
  const problems = impossibleCombinations(props, id);
  throwProblems(problems);
  const {
    overrides: _o,
    stateSecrets: _s,
    resources: r,
    healthCheck: h,
    homepage,
    ...rest
  } = props;
  void _o;
  void _s;
  return {
    ...rest,
    name: props.name ?? id,
    ...(r !== undefined
      ? {
          resources: {
            cpu: r.cpuMhz,
            memory: r.memoryMiB,
            ...(r.memoryMaxMiB !== undefined ? { memoryMax: r.memoryMaxMiB } : {}),
          },
        }
      : {}),
    ...(h !== undefined
      ? {
          healthCheck: {
            type: h.type,
            ...(h.path !== undefined ? { path: h.path } : {}),
            interval: h.interval.text,
            timeout: h.timeout.text,
            ...(h.restartGrace !== undefined ? { grace: h.restartGrace.text } : {}),
          },
        }
      : {}),
    ...(homepage !== undefined ? { homepage } : {}),
  };
}

/**
 * An OpenClaw gateway as a construct: an {@link OctantService} whose module is built from the
 * gateway props (see {@link GatewaySpec}). Put it in its own stack:
 *
 *     new OpenClawGateway(stack, 'openclaw', { image: 'ghcr.io/openclaw/openclaw:2026.9.6' });
 *
 * The getters read the effective (defaulted) settings, held once by {@link spec};
 * `overrides`/`addJobOverride` patch jobspec fields the props do not cover.
 */
export class OpenClawGateway extends OctantService {
  /** The construct of a gateway built elsewhere (a site's, with its field paths in errors). */
  public static fromSpec(
    scope: Construct,
    id: string,
    spec: GatewaySpec,
    props: OctantServiceCommonProps = {},
  ): OpenClawGateway {
    return new OpenClawGateway(scope, id, { ...props, spec });
  }

  /** The gateway's plain description: its settings, openclaw.json and module. */
  public readonly spec: GatewaySpec;

  constructor(scope: Construct, id: string, props: OpenClawGatewayProps | GatewaySpecProps = {}) {
    const spec = 'spec' in props ? props.spec : new GatewaySpec(gatewayOptionsOf(id, props), id);
    const { overrides, stateSecrets } = props;
    super(scope, id, {
      module: spec.toModule(),
      ...(overrides ? { overrides } : {}),
      ...(stateSecrets ? { stateSecrets } : {}),
    });
    this.spec = spec;
  }

  /** Everything decided, for the standalone phases and tests. */
  public get settings(): GatewaySettings {
    return this.spec.settings;
  }
  public get name(): string {
    return this.spec.name;
  }
  public get image(): string {
    return this.spec.image;
  }
  public get command(): readonly string[] {
    return this.spec.command;
  }
  public get volumes(): readonly GatewayVolume[] {
    return this.spec.volumes;
  }
  public get env(): Readonly<Record<string, string>> {
    return this.spec.env;
  }
  public get secretEnv(): Readonly<Record<string, string>> {
    return this.spec.secretEnv;
  }
  /** The rendered openclaw.json (also written next to the module). */
  public get openClawJson(): string {
    return this.spec.openClawJson;
  }

  /** The jobspec file, overrides applied. */
  public toJobFile(): JobFile {
    return this.jobFile;
  }

  /** The Octant service module, overrides applied. */
  public toModule(): OctantServiceModule {
    return this.module;
  }
}
