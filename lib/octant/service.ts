import type {
  Constraint,
  Group,
  JobFile,
  PodmanTask,
  Service,
  Str,
  Variable,
} from '../nomad/model';
import { interp, ref } from '../nomad/model';
import type { SecretDecl } from '../secrets/secret';
import { nomadVarEnvTemplate } from '../secrets/templates';
import { UserError } from '../util/errors';
import { homepageTags } from './homepage';
import type { HostVolumeSpec, ModuleReadme, OctantServiceModule } from './module-spec';
import { isPinnedImage } from './image';
import { SERVICE_SHUTDOWN_DELAY, traefikTags } from './traefik';
import { STANDARD_VARIABLES } from './variables';
import { parseDuration } from '../nomad/duration';

/**
 * A generic Octant service as typed options: one rootless Podman task in one group, registered
 * in Consul and routed by Traefik, in Octant's standard job shape. `serviceModule()` turns it
 * into the plain-data `OctantServiceModule` every other layer works with; the construct
 * (`OctantService` in lib/terraform) wraps both.
 */

/** Cpu and memory of the task. */
export class Resources {
  /** @param cpuMhz CPU shares in MHz. @param memoryMiB reserved memory. @param memoryMaxMiB hard limit. */
  public static of(cpuMhz: number, memoryMiB: number, memoryMaxMiB?: number): Resources {
    for (const [name, v] of [
      ['cpuMhz', cpuMhz],
      ['memoryMiB', memoryMiB],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) throw ServiceErrors.positive(name, v);
    }
    if (
      memoryMaxMiB !== undefined &&
      (!Number.isInteger(memoryMaxMiB) || memoryMaxMiB < memoryMiB)
    ) {
      throw new UserError(
        'resources.memoryMaxMiB',
        `'memoryMaxMiB' (${memoryMaxMiB}) must be a whole number not below 'memoryMiB' (${memoryMiB})`,
        'raise memoryMaxMiB or leave it out',
      );
    }
    return new Resources(cpuMhz, memoryMiB, memoryMaxMiB);
  }
  private constructor(
    public readonly cpuMhz: number,
    public readonly memoryMiB: number,
    public readonly memoryMaxMiB?: number,
  ) {}
}

/** A container image reference that is pinned (tag other than `latest`, or a digest). */
export class Image {
  /** Refuses `:latest` and untagged references: a redeploy must not change what runs. */
  public static pinned(reference: string): Image {
    if (!isPinnedImage(reference)) {
      throw new UserError(
        'image',
        `image '${reference}' is not pinned to a version`,
        'give a tag other than latest (traefik/whoami:v1.10.3) or a digest (@sha256:...)',
      );
    }
    return new Image(reference);
  }
  private constructor(public readonly reference: string) {}
}

/** A span of time, written as a Go duration (`30s`, `5m`) in the jobspec. */
export class Duration {
  public static seconds(n: number): Duration {
    return Duration.of(n, 's');
  }
  public static minutes(n: number): Duration {
    return Duration.of(n, 'm');
  }
  /** A Go duration as written (`90s`, `1m30s`, `500ms`), kept as written; must be positive. */
  public static parse(text: string, where = 'duration'): Duration {
    const ns = parseDuration(text);
    if (ns === null || ns <= 0) {
      throw new UserError(
        where,
        `${JSON.stringify(text)} is not a positive Go duration`,
        'write a number with a unit, e.g. "10s", "2m" or "1m30s"',
      );
    }
    return new Duration(text);
  }
  private static of(n: number, unit: 's' | 'm'): Duration {
    if (!Number.isInteger(n) || n <= 0) throw ServiceErrors.positive(`Duration (${unit})`, n);
    return new Duration(`${n}${unit}`);
  }
  private constructor(public readonly text: string) {}
}

/** Timing of a {@link HealthCheck}. */
export interface HealthCheckOptions {
  /** @default Duration.seconds(30) */
  readonly interval?: Duration;
  /** @default Duration.seconds(5) */
  readonly timeout?: Duration;
  /**
   * Restart the task after 3 failed checks in a row, ignoring failures this long after a
   * (re)start (Nomad's `check_restart`). @default - failed checks never restart the task
   */
  readonly restartGrace?: Duration;
}

/** How Consul checks the service. */
export class HealthCheck {
  /** An HTTP GET of `path` on the service port. */
  public static http(path: string, options: HealthCheckOptions = {}): HealthCheck {
    if (!path.startsWith('/') || /\s/.test(path)) {
      throw new UserError(
        'healthCheck.path',
        `health check path '${path}' is not an absolute URL path`,
        "start it with '/', without spaces, e.g. '/health'",
      );
    }
    return new HealthCheck('http', path, options);
  }
  /** A TCP connect to the service port. */
  public static tcp(options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck('tcp', undefined, options);
  }
  public readonly interval: Duration;
  public readonly timeout: Duration;
  public readonly restartGrace?: Duration;
  private constructor(
    public readonly type: 'http' | 'tcp',
    public readonly path: string | undefined,
    options: HealthCheckOptions,
  ) {
    this.interval = options.interval ?? Duration.seconds(30);
    this.timeout = options.timeout ?? Duration.seconds(5);
    if (options.restartGrace !== undefined) this.restartGrace = options.restartGrace;
  }
}

/** Where a service's data lives on the Nomad client. */
export interface ServiceVolume {
  /** Host volume name (and prepare-script folder name). */
  readonly name: string;
  /** Absolute path on the client. */
  readonly hostPath: string;
  /** Mount point in the container. */
  readonly containerPath: string;
  /** Owner of the folder as the container sees it. @default 1000 */
  readonly uid?: number;
  /** @default 1000 */
  readonly gid?: number;
}

export interface HomepageEntry {
  readonly group: string;
  /** @default - the service name */
  readonly name?: string;
  /** @default - no icon */
  readonly icon?: string;
  /** @default - no description */
  readonly description?: string;
  /** Link the tile to `https://<name>.<domain>`. @default true */
  readonly href?: boolean;
}

/** What a service's Consul registration says: its routing, its dashboard tile, its check. */
export interface ConsulServiceSpec {
  /** Traefik routes `https://<servicename>.<domain>`; false: no route. */
  readonly traefik: false | { readonly middlewares?: readonly string[] };
  readonly homepage?: HomepageEntry & { readonly name: string };
  readonly check: HealthCheck;
}

/**
 * The Consul service block of an Octant service (port label `http`), the one builder of it:
 * Traefik tags, then Homepage tags, then the check. Its name and hosts are the module's
 * `servicename` and `domain` variables.
 */
export function consulService(spec: ConsulServiceSpec): Service {
  const tags: Str[] = [];
  if (spec.traefik !== false) {
    const { middlewares } = spec.traefik;
    tags.push(
      ...traefikTags({
        router: ref('servicename'),
        host: interp`${ref('servicename')}.${ref('domain')}`,
        certresolver: ref('certresolver'),
        ...(middlewares !== undefined ? { middlewares } : {}),
      }),
    );
  }
  const h = spec.homepage;
  if (h !== undefined) {
    tags.push(
      ...homepageTags({
        group: h.group,
        name: h.name,
        ...(h.icon !== undefined ? { icon: h.icon } : {}),
        ...(h.href !== false
          ? { href: interp`https://${ref('servicename')}.${ref('domain')}` }
          : {}),
        ...(h.description !== undefined ? { description: h.description } : {}),
      }),
    );
  }
  const c = spec.check;
  return {
    name: ref('servicename'),
    provider: 'consul',
    port: 'http',
    tags,
    check: [
      {
        name: 'health',
        type: c.type,
        ...(c.path !== undefined ? { path: c.path } : {}),
        interval: c.interval.text,
        timeout: c.timeout.text,
        ...(c.restartGrace !== undefined
          ? { checkRestart: { limit: 3, grace: c.restartGrace.text, ignoreWarnings: false } }
          : {}),
      },
    ],
  };
}

export interface OctantServiceOptions {
  /** Container image, pinned (see `Image.pinned`). */
  readonly image: Image | string;
  /** Job, folder and Consul service name. @default - the construct id */
  readonly name?: string;
  /** Container port the service listens on. @default - no port: no Consul service, no routing */
  readonly port?: number;
  /** Command and arguments. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** Plain environment. Keys are kept as written. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Secrets the task reads, through `nomad/jobs/<name>`. @default - none */
  readonly secrets?: readonly SecretDecl[];
  /** Environment variable -> secret name. @default - none */
  readonly secretEnv?: Readonly<Record<string, string>>;
  /** @default Resources.of(100, 128) */
  readonly resources?: Resources;
  /** Host volumes mounted into the task. @default - none */
  readonly volumes?: readonly ServiceVolume[];
  /** Route `https://<name>.<domain>` through Traefik. @default true when there is a port */
  readonly traefik?: boolean;
  /** An entry on the Homepage dashboard. @default - none */
  readonly homepage?: HomepageEntry;
  /** How Consul checks the service (with a port). @default HealthCheck.http('/') */
  readonly healthCheck?: HealthCheck;
  /** @default 1 */
  readonly count?: number;
  /** README: what the service is. @default - a one-line description naming the image */
  readonly description?: string;
  /** README: what it is used for. @default - none */
  readonly useCases?: readonly string[];
}

/** Named errors of service options. */
export const ServiceErrors = {
  positive(prop: string, value: number) {
    return new UserError(
      prop,
      `'${prop}' (${value}) must be a positive whole number`,
      `set ${prop} to 1 or more`,
    );
  },
  badName(name: string) {
    return new UserError(
      'name',
      `service name '${name}' is not a valid Octant service name`,
      'use lower-case letters, digits and "-", starting with a letter (it becomes a host name)',
    );
  },
  secretEnvUnknown(service: string, env: string, secret: string) {
    return new UserError(
      `${service}.secretEnv.${env}`,
      `secret '${secret}' is not declared in 'secrets'`,
      `declare it in secrets, or remove ${env} from secretEnv`,
    );
  },
  badPort(port: number) {
    return new UserError('port', `port ${port} is not a TCP port`, 'use 1-65535');
  },
  needsPort(service: string, prop: 'traefik' | 'healthCheck') {
    return new UserError(
      `${service}.${prop}`,
      `${prop} needs a port: without one the service is not registered in Consul, so there is nothing to ${prop === 'traefik' ? 'route' : 'check'}`,
      `set ${service}.port, or remove ${prop}`,
    );
  },
};

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Owner (uid and gid) of a volume's folder as the container sees it, unless told. */
const VOLUME_OWNER = 1000;

/** The HCL2 variables of a generic service's jobspec; the module feeds each of the same name. */
const JOB_VARS = ['region', 'datacenter', 'image', 'domain', 'certresolver', 'servicename', 'dns'];

/** Octant's standard variable, as the jobspec variable of the same name. */
function jobVariable(name: string, value: Variable['default']): Variable {
  const std = STANDARD_VARIABLES.find((v) => v.name === name);
  if (std === undefined) throw new Error(`internal: no standard variable ${name}`);
  return { name, type: std.type, description: std.description, default: value ?? std.default };
}

/** What cannot work in a generic service's options: a bad count or port, an unknown secret. */
function checkServiceOptions(name: string, count: number, options: OctantServiceOptions): void {
  if (!Number.isInteger(count) || count < 1) throw ServiceErrors.positive('count', count);
  const port = options.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw ServiceErrors.badPort(port);
  }
  if (port === undefined && options.traefik === true)
    throw ServiceErrors.needsPort(name, 'traefik');
  if (port === undefined && options.healthCheck !== undefined)
    throw ServiceErrors.needsPort(name, 'healthCheck');
  const secrets = options.secrets ?? [];
  for (const [env, secret] of Object.entries(options.secretEnv ?? {})) {
    if (!secrets.some((s) => s.name === secret))
      throw ServiceErrors.secretEnvUnknown(name, env, secret);
  }
}

/** The service's one Podman task: the image, its env and secrets, volumes and resources. */
function serviceTask(name: string, options: OctantServiceOptions): PodmanTask {
  const port = options.port;
  const resources = options.resources ?? Resources.of(100, 128);
  const secretEnv = options.secretEnv ?? {};
  const volumes = options.volumes ?? [];
  const [command, ...args] = options.command ?? [];
  return {
    name,
    driver: 'podman',
    config: {
      image: ref('image'),
      ...(command !== undefined ? { command, args } : {}),
      ...(port !== undefined ? { ports: ['http'] } : {}),
      force_pull: true,
      logging: { driver: 'journald', options: [{ tag: ref('servicename') }] },
    },
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(Object.keys(secretEnv).length > 0
      ? { template: [nomadVarEnvTemplate({ job: name, env: secretEnv })] }
      : {}),
    ...(volumes.length > 0
      ? {
          volumeMount: volumes.map((v) => ({
            volume: v.name,
            destination: v.containerPath,
            readOnly: false,
          })),
        }
      : {}),
    resources: {
      cpu: resources.cpuMhz,
      memory: resources.memoryMiB,
      ...(resources.memoryMaxMiB !== undefined ? { memoryMax: resources.memoryMaxMiB } : {}),
    },
  };
}

/** The Consul service of a service with a port (Traefik on by default), else none. */
function serviceRegistration(name: string, options: OctantServiceOptions): Service | undefined {
  const port = options.port;
  if (port === undefined) return undefined;
  return consulService({
    traefik: (options.traefik ?? true) ? {} : false,
    ...(options.homepage !== undefined
      ? { homepage: { ...options.homepage, name: options.homepage.name ?? name } }
      : {}),
    check: options.healthCheck ?? HealthCheck.http('/'),
  });
}

function serviceGroup(name: string, count: number, options: OctantServiceOptions): Group {
  const port = options.port;
  const volumes = options.volumes ?? [];
  const service = serviceRegistration(name, options);
  return {
    name,
    count,
    network: {
      ...(port !== undefined ? { port: [{ label: 'http', to: port }] } : {}),
      dns: { servers: ref('dns') },
    },
    ...(volumes.length > 0
      ? {
          volume: volumes.map((v) => ({
            name: v.name,
            type: 'host',
            source: v.name,
            readOnly: false,
          })),
        }
      : {}),
    ...(service !== undefined
      ? { service: [service], shutdownDelay: SERVICE_SHUTDOWN_DELAY } // see SERVICE_SHUTDOWN_DELAY
      : {}),
    task: [serviceTask(name, options)],
  };
}

/** The module of a generic service: defaults resolved once, here. */
export function serviceModule(id: string, options: OctantServiceOptions): OctantServiceModule {
  const name = options.name ?? id;
  if (!NAME.test(name)) throw ServiceErrors.badName(name);
  const image = typeof options.image === 'string' ? Image.pinned(options.image) : options.image;
  const count = options.count ?? 1;
  checkServiceOptions(name, count, options);
  const port = options.port;
  const hostVolumes: HostVolumeSpec[] = (options.volumes ?? []).map((v) => ({
    name: v.name,
    path: v.hostPath,
    uid: v.uid ?? VOLUME_OWNER,
    gid: v.gid ?? VOLUME_OWNER,
  }));
  const rootless: Constraint = { attribute: '${meta.rootless}', value: 'true' };
  const job: JobFile = {
    variables: JOB_VARS.map((v) =>
      jobVariable(v, v === 'image' ? image.reference : v === 'servicename' ? name : undefined),
    ),
    job: {
      name,
      region: ref('region'),
      datacenters: [ref('datacenter')],
      type: 'service',
      constraint: [rootless],
      group: [serviceGroup(name, count, options)],
    },
  };
  const readme: ModuleReadme = {
    description:
      options.description ?? `${name}: the container image ${image.reference} on Octant.`,
    useCases: options.useCases ?? [],
    ports:
      port !== undefined ? [{ label: 'http', description: `HTTP on container port ${port}` }] : [],
  };
  return {
    serviceName: name,
    job,
    jobVars: Object.fromEntries(JOB_VARS.map((v) => [v, v])),
    variables: [],
    standardDefaults: { image: image.reference },
    secrets: options.secrets ?? [],
    secretsBackend: 'onepassword',
    hostVolumes,
    readme,
  };
}
