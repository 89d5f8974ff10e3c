import type { OpenClawConfig } from './config/types';
import { OCTANT_DEFAULTS, OCTANT_DNS } from '../octant/defaults';
import { DEFAULT_SECRETS_BACKEND } from '../secrets/secret';
import { isPinnedImage, registryOf } from '../octant/image';
import { CANVAS_PORT, GATEWAY_DEFAULTS, GATEWAY_PORT } from './defaults';
import { splitEnv, type EnvMap } from '../secrets/env';
import type { SecretDecl, SecretsBackend } from '../secrets/secret';
import { UserError, collecting, problemsError } from '../util/errors';
import type { BackupConfig } from './backup/schema';
import type { ImageConfig } from './image/schema';
import type { ModuleVariable } from '../octant/module-spec';
import type { HomepageEntry } from '../octant/service';
import { type ModelsConfig, providerKeyEnv, validateModels } from './routing/models';
import type { ConfigOverrides, OpenClawJsonInput } from './routing/openclaw-json';
import {
  dialectOf,
  resolveOpenClawVersion,
  type OpenClawDialect,
  type OpenClawVersion,
} from './versions';
import {
  agentWorkspace,
  type Agent,
  type AgentDefaults,
  type Binding,
  type Channels,
} from './routing/schema';

/**
 * The one place where a gateway's effective settings are decided: ports, volumes, env, command,
 * image, resources and which secrets it reads. The Nomad job, the standalone Podman container
 * and the Consul registration all read a {@link GatewaySettings}; none of them decides again.
 */

/** Home of the `node` user in the OpenClaw image. */
export const CONTAINER_HOME = '/home/node';
/** OpenClaw's state directory (config, sessions, credentials). */
export const STATE_DIR = `${CONTAINER_HOME}/.openclaw`;
/** The `node` user of the OpenClaw image owns the volumes. */
export const NODE_UID = 1000;
export const NODE_GID = 1000;
export { CANVAS_PORT, GATEWAY_PORT };
/** Where the rendered openclaw.json sits in the task (Nomad mounts the task's `local/` at /local). */
export const CONFIG_TEMPLATE_DESTINATION = 'local/openclaw.json';
/**
 * The same path in both runtimes: Nomad mounts the task's `local/` there, and Phase 1 uploads the
 * file there. The Docker provider's `upload` sends a tar holding the full path, extracted at `/`;
 * Docker's and Podman's (buildah copier) extraction both create missing parent folders, so
 * /local need not exist in the image.
 */
export const CONFIG_PATH_IN_CONTAINER = '/local/openclaw.json';
/** The env var holding the gateway token; openclaw.json references it, never its value. */
export const GATEWAY_TOKEN_ENV = 'OPENCLAW_GATEWAY_TOKEN';

/** Image repository when the site names no image; the tag is the pinned OpenClaw version. */
export const DEFAULT_IMAGE_REPOSITORY = GATEWAY_DEFAULTS.imageRepository;

/** The image a gateway runs when the site names none: the one place the default is decided. */
export function defaultImage(version: OpenClawVersion, registry?: string): string {
  const name = `${DEFAULT_IMAGE_REPOSITORY}:${version}`;
  return registry === undefined ? name : `${registry}/${name}`;
}

/**
 * Memory, from measurement (2026.9.6, `npm run test:e2e` prints the figures): the default site's
 * gateway holds 770-815 MB RSS in its main process and ~170 MB in two workers, 940-980 MB in
 * all, once ready; the multi-agent example (four channels, two model providers, telemetry)
 * 1.07-1.19 GB main, 1.24-1.36 GB in all. `memory` (what Nomad reserves) holds the multi-agent
 * figure; `memoryMax` (the kill limit) adds room for agent turns and the npm install of channel
 * plugins on the first start of a release.
 */
export const DEFAULT_MEMORY_MB = 1536;
export const DEFAULT_MEMORY_MAX_MB = 2048;

/**
 * Health timing, from measurement: /health answers 5-9 s after start and /readyz ~1.5 s later
 * on an idle host; on a heavily loaded 2-core host 57-87 s and 60-150 s. The first start of a
 * new release also npm-installs the channel plugins the config names (45-53 s, longer without
 * a registry).
 */
export const HEALTH_INTERVAL = '10s';
export const HEALTH_TIMEOUT = '3s';
/** Failed checks are ignored this long after a (re)start. */
export const HEALTH_GRACE = '120s';

export type BindMode = 'loopback' | 'lan' | 'tailnet';
/**
 * How openclaw.json reaches the gateway: `template` renders it into the task dir from the
 * site; `volume` leaves it to the file in the config volume (`~/.openclaw/openclaw.json`), as
 * hand-written Octant modules do: synth writes it beside the module for the operator to place.
 */
export type ConfigFileMode = 'template' | 'volume';

/** A further bind mount of the gateway's container. */
export interface GatewayMount {
  /**
   * Host path: absolute, or relative to `<bindMountRoot>/<name>/`. A mount at one of the
   * gateway's own volume paths (`~/.openclaw/workspace-<agent>`) moves that volume's folder.
   */
  readonly source: string;
  /** Absolute path in the container. */
  readonly target: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** The service check; unset fields keep the release's own (readiness) defaults. */
export interface GatewayHealthOptions {
  /** `http` polls `path`; `tcp` only connects to the port. @default 'http' */
  readonly type?: 'http' | 'tcp';
  /** @default the release's readiness endpoint (`/readyz`) */
  readonly path?: string;
  /** @default '10s' */
  readonly interval?: string;
  /** @default '3s' */
  readonly timeout?: string;
  /** @default '120s' */
  readonly grace?: string;
}
export type Storage = 'hostVolume' | 'bindMount';

export interface GatewayPortsOptions {
  /** Host port of the web UI and WebSocket. @default GATEWAY_PORT (18789) */
  readonly http?: number;
  /** Host port of the canvas, or false for none. @default CANVAS_PORT (18793) */
  readonly canvas?: number | false;
  /** Reserve these host ports; false lets Nomad pick them. @default false */
  readonly static?: boolean;
}

export interface GatewayResourcesOptions {
  /** MHz. @default 500 */
  readonly cpu?: number;
  /** MB. @default 1536 (DEFAULT_MEMORY_MB) */
  readonly memory?: number;
  /**
   * MB, not below `memory`; written only where the cluster oversubscribes memory.
   * @default 2048 (DEFAULT_MEMORY_MAX_MB) with memory oversubscription, else - none
   */
  readonly memoryMax?: number;
}

/** A resolved Homepage tile: OctantService's entry with its name decided. */
export type HomepageSettings = HomepageEntry & { readonly name: string };

export interface VaultSettings {
  readonly path: string;
  readonly role?: string;
  readonly policies?: readonly string[];
  readonly changeMode: 'noop' | 'restart' | 'signal';
}

/** Everything a gateway can be told; every field has a default. */
export interface GatewayOptions {
  /** Service name: job, Consul service, `<name>.<domain>`. @default 'openclaw' */
  readonly name?: string;
  /** OpenClaw release: decides the config dialect and the default image tag. @default DEFAULT_OPENCLAW_VERSION */
  readonly openclawVersion?: string;
  /** @default `[<registry>/]openclaw-homelab:<openclawVersion>` */
  readonly image?: string;
  /** The cluster's registry the default image is pushed to and pulled from. @default - none: built on the client */
  readonly registry?: string;
  /** @default 'lan' */
  readonly bind?: BindMode;
  /** Tailscale address of the host (bind `tailnet`). @default - none */
  readonly tailnetAddress?: string;
  /** Secret read into OPENCLAW_GATEWAY_TOKEN. @default 'gateway_token' */
  readonly tokenSecret?: string;
  /** @default 1 (the only accepted value: state lives on local storage) */
  readonly count?: number;
  /** @default - GATEWAY_DEFAULTS.ports: 18789 / 18793, not static */
  readonly ports?: GatewayPortsOptions;
  /** @default - 500 MHz / 1536 MB (up to 2048 MB where the cluster oversubscribes memory) */
  readonly resources?: GatewayResourcesOptions;
  /**
   * Whether the Nomad cluster enables memory oversubscription (its scheduler configuration).
   * Only then is `memory_max` written: elsewhere Nomad ignores it and warns on every register.
   * @default false (Nomad's default)
   */
  readonly memoryOversubscription?: boolean;
  /** @default 'bindMount' (GATEWAY_DEFAULTS.storage) */
  readonly storage?: Storage;
  /** Host volume paths: `<hostVolumeRoot>/<name>/<volume>`. @default '/opt' */
  readonly hostVolumeRoot?: string;
  /** Bind mount paths: `<bindMountRoot>/<name>/<volume>`. @default '/mnt/services' */
  readonly bindMountRoot?: string;
  /** Extra env, plain or `{ secret }`; wins over the defaults. @default {} */
  readonly env?: EnvMap;
  /** Declared secrets. @default - none */
  readonly secrets?: readonly SecretDecl[];
  /** @default 'onepassword' */
  readonly secretsBackend?: SecretsBackend;
  /** Vault settings (backend vault). @default - path kv/data/openclaw, change mode restart */
  readonly vault?: Partial<VaultSettings>;
  /** @default 'home' */
  readonly region?: string;
  /** @default 'octant' */
  readonly datacenter?: string;
  /** @default 'octant.local' (OCTANT_DEFAULTS) */
  readonly domain?: string;
  /** @default '' (Traefik's default certificate) */
  readonly certresolver?: string;
  /** @default - Octant's (`OCTANT_DNS`) */
  readonly dns?: readonly string[];
  /** Nomad host or URL (Terraform's provider). @default 'localhost' */
  readonly nomadAddress?: string;
  /** Consul host or URL (Terraform's provider). @default 'localhost' */
  readonly consulAddress?: string;
  /** OTLP collector: openclaw.json's `diagnostics.otel` and OTEL_* env. @default - no telemetry */
  readonly otelEndpoint?: string;
  /** @default - the service name */
  readonly otelServiceName?: string;
  /** @default [] (OpenClaw's implicit `main` agent) */
  readonly agents?: readonly Agent[];
  /** @default - none */
  readonly agentDefaults?: AgentDefaults;
  /** @default [] */
  readonly bindings?: readonly Binding[];
  /** @default - no channel accounts */
  readonly channels?: Channels;
  /** Model providers and the agents' model. @default - OpenClaw's defaults */
  readonly models?: ModelsConfig;
  /** @default - no homepage tags */
  readonly homepage?: Partial<HomepageSettings>;
  /** Traefik route `https://<name>.<domain>`. @default true */
  readonly traefik?: boolean;
  /** Middlewares of the Traefik router. @default ['redirect-web-to-websecure@internal'] */
  readonly traefikMiddlewares?: readonly string[];
  /** @default true for an image from a registry, false for a local one (see registryOf) */
  readonly forcePull?: boolean;
  /** @default '15m' */
  readonly imagePullTimeout?: string;
  /** The periodic backup job beside the gateway's. @default - on, the `backup` site defaults */
  readonly backup?: BackupConfig;
  /** The image recipe (Containerfile) beside the module. @default - on, the `imageRecipe` site defaults */
  readonly imageRecipe?: ImageConfig;
  /** Nomad group and task names. @default - both the job name (`name`) */
  readonly names?: { readonly group?: string; readonly task?: string };
  /** Further bind mounts (shared folders, workspaces kept elsewhere). @default [] */
  readonly mounts?: readonly GatewayMount[];
  /** @default - the release's readiness check */
  readonly healthCheck?: GatewayHealthOptions;
  /** @default 'template' */
  readonly configFile?: ConfigFileMode;
  /**
   * openclaw.json typed by the release's schema, for every key the typed settings do not
   * cover; they are rendered over it. @default - none
   */
  readonly config?: OpenClawConfig;
  /** openclaw.json sections merged over the rendered file. @default - none */
  readonly configOverrides?: ConfigOverrides;
  /**
   * Module variables beyond Octant's standard set (declared in the module, e.g. kept from an
   * imported module). @default []
   */
  readonly variables?: readonly ModuleVariable[];
  /** Further files of the module folder, name -> content. @default {} */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Further Nomad templates of the task (after the gateway's own). @default [] */
  readonly templates?: readonly GatewayTemplate[];
  /** Run an image without a pinned tag (`:latest` or none); the caller warns. @default false */
  readonly allowUnpinnedImage?: boolean;
  /**
   * `module`: only what a hand-written Octant module states (lib/openclaw/job-shape.ts); Octant's
   * operating settings left to Nomad's and the image's defaults. @default 'octant'
   */
  readonly jobShape?: 'octant' | 'module';
  /** Env built from module variables: name -> text with `${variable}` references. @default {} */
  readonly variableEnv?: Readonly<Record<string, string>>;
}

/** A further file the task renders (consul-template), e.g. a CA certificate or a tool config. */
export interface GatewayTemplate {
  /** Path in the task, e.g. `local/ca.pem` or `${NOMAD_SECRETS_DIR}/tool.env`. */
  readonly destination: string;
  /** Template text (consul-template syntax; `{{ with nomadVar ... }}` for secrets). */
  readonly data: string;
  /** Read the rendered file into the task env. @default false */
  readonly env?: boolean;
  /** @default Nomad's ("restart") */
  readonly changeMode?: 'noop' | 'restart' | 'signal' | 'script';
  /** @default Nomad's ("0644") */
  readonly perms?: string;
}

export interface GatewayPort {
  readonly label: 'http' | 'canvas';
  /** Host port; undefined when dynamic. */
  readonly hostPort?: number;
  readonly containerPort: number;
}

export interface GatewayVolume {
  /** Host volume name (and podman bind mount folder suffix), e.g. `openclaw-workspace-work`. */
  readonly name: string;
  /** Folder name under the service's storage root: `config`, `workspace`, `workspace-work`. */
  readonly folder: string;
  readonly hostPath: string;
  readonly containerPath: string;
}

/** The effective settings of one gateway. Read-only data; decided once. */
export interface GatewaySettings {
  readonly name: string;
  readonly where: string;
  readonly openclawVersion: OpenClawVersion;
  readonly dialect: OpenClawDialect;
  readonly image: string;
  readonly bind: BindMode;
  readonly tailnetAddress?: string;
  readonly count: number;
  /** `node dist/index.js gateway --bind <mode> --port <GATEWAY_PORT>`. */
  readonly command: readonly string[];
  readonly ports: readonly GatewayPort[];
  readonly storage: Storage;
  readonly volumes: readonly GatewayVolume[];
  /** Further bind mounts, `source` made absolute. */
  readonly mounts: readonly Required<GatewayMount>[];
  readonly groupName: string;
  readonly taskName: string;
  readonly configFile: ConfigFileMode;
  readonly config?: OpenClawConfig;
  readonly configOverrides?: ConfigOverrides;
  readonly templates: readonly GatewayTemplate[];
  /** Plain env, name -> value. */
  readonly env: Readonly<Record<string, string>>;
  /** Secret env, name -> secret name. */
  readonly secretEnv: Readonly<Record<string, string>>;
  /**
   * Env var openclaw.json's `gateway.auth.token` reads; undefined when the gateway has no token
   * (loopback without a token secret), and then openclaw.json has no auth section.
   */
  readonly authTokenEnv?: string;
  /** The declared secrets this gateway reads (only those). */
  readonly secrets: readonly SecretDecl[];
  readonly secretsBackend: SecretsBackend;
  readonly vault: VaultSettings;
  readonly resources: {
    readonly cpu: number;
    readonly memory: number;
    /** Absent when the cluster does not oversubscribe memory (then `memory` is the limit). */
    readonly memoryMax?: number;
  };
  readonly region: string;
  readonly datacenter: string;
  readonly domain: string;
  readonly certresolver: string;
  readonly dns: readonly string[];
  /** Nomad and Consul host names (or URLs) as the site gives them. */
  readonly nomadAddress: string;
  readonly consulAddress: string;
  readonly agents: readonly Agent[];
  readonly agentDefaults?: AgentDefaults;
  readonly bindings: readonly Binding[];
  readonly channels?: Channels;
  readonly models?: ModelsConfig;
  readonly otel?: { readonly endpoint: string; readonly serviceName: string };
  readonly homepage?: HomepageSettings;
  readonly traefik: boolean;
  readonly traefikMiddlewares?: readonly string[];
  readonly forcePull: boolean;
  readonly imagePullTimeout: string;
  /**
   * The service check: `path` is the release's readiness endpoint (Consul, Traefik and the
   * Nomad update wait for readiness, not mere liveness); `livePath` answers once the process
   * serves HTTP. `grace` covers a first start that installs channel plugins.
   */
  readonly health: {
    readonly type: 'http' | 'tcp';
    readonly path: string;
    readonly livePath: string;
    readonly interval: string;
    readonly timeout: string;
    readonly grace: string;
  };
}

export const DEFAULT_DNS: readonly string[] = OCTANT_DNS;

/** Env names that, given as plain text, would put a credential into the jobspec. */
const SECRET_LOOKING = /(_TOKEN|_KEY|_SECRET|_PASSWORD)$/;

/**
 * The volume folder of its own a workspace gets (`workspace-work` for
 * `~/.openclaw/workspace-work`), or undefined when it is kept without one: any other folder
 * under ~/.openclaw is on the config volume (e.g. `~/.openclaw/workspaces/<id>`), and a folder
 * under a `mounts` target is on that bind mount. Anything else is in the container's own layer.
 */
function workspaceFolder(
  workspace: string,
  mountTargets: readonly string[],
  where: string,
): string | undefined {
  const home = /^(?:~|\/home\/node)(?=\/)/;
  const path = workspace.replace(home, CONTAINER_HOME).replace(/\/+$/, '');
  const steps = path.split('/');
  if (!steps.includes('..') && !steps.includes('.')) {
    const own = /^(workspace[A-Za-z0-9_-]*)$/.exec(path.slice(STATE_DIR.length + 1));
    if (path.startsWith(`${STATE_DIR}/`) && own) return own[1];
    if (path.startsWith(`${STATE_DIR}/`)) return undefined;
    const under = (t: string): boolean =>
      path === t || path.startsWith(`${t.replace(/\/+$/, '')}/`);
    if (mountTargets.some(under)) return undefined;
  }
  throw new UserError(
    where,
    `workspace ${JSON.stringify(workspace)} is neither under ~/.openclaw (the config volume) nor under a mount, so it would be lost on restart`,
    'remove it to use ~/.openclaw/workspace-<id>, put it under ~/.openclaw (e.g. ~/.openclaw/workspaces/<id>), or bind-mount its folder (mounts: [{ source: ..., target: <its folder> }])',
  );
}

function volumesOf(
  name: string,
  root: string,
  agents: readonly Agent[],
  mountTargets: readonly string[],
  where: string,
): GatewayVolume[] {
  // OpenClaw's implicit `main` agent works in ~/.openclaw/workspace; listed agents each get
  // their own folder (openclaw.json names it), so the default one would hold nothing.
  const folders = agents.length === 0 ? ['config', 'workspace'] : ['config'];
  agents.forEach((a, i) => {
    const at = `${where}.agents[${i}].workspace`;
    const folder = workspaceFolder(agentWorkspace(a), mountTargets, at);
    if (folder !== undefined && !folders.includes(folder)) folders.push(folder);
  });
  return folders.map((folder) => ({
    name: `${name}-${folder}`,
    folder,
    hostPath: `${root}/${name}/${folder}`,
    containerPath: folder === 'config' ? STATE_DIR : `${STATE_DIR}/${folder}`,
  }));
}

/**
 * Agent sandboxing needs a container engine the gateway can drive: OpenClaw 2026.9.6 runs
 * sandboxed tools through the `docker` CLI (its default backend) or the `podman` CLI, and its
 * Podman backend, from inside a container, mounts workspaces by their host paths (the state root
 * and workspaces must sit at the same path in the gateway as on the host). The job and the image
 * give neither a CLI nor a socket, and the volumes sit at ~/.openclaw, so a sandboxed session
 * would fail at its first tool call: refused here instead.
 */
function sandboxProblems(
  agents: readonly Agent[],
  defaults: AgentDefaults | undefined,
  where: string,
): UserError[] {
  const asks = [
    ...(defaults?.sandbox !== undefined
      ? [{ path: `${where}.agentDefaults.sandbox`, s: defaults.sandbox }]
      : []),
    ...agents.flatMap((a, i) =>
      a.sandbox !== undefined ? [{ path: `${where}.agents[${i}].sandbox`, s: a.sandbox }] : [],
    ),
  ].filter((x) => x.s.mode !== 'off');
  return asks.map(
    (x) =>
      new UserError(
        `${x.path}.mode`,
        `sandbox mode "${x.s.mode}" needs a container engine inside the gateway (OpenClaw's docker or podman backend), but the job and the image give it none: every sandboxed session would fail at its first tool call`,
        'set mode "off" (tools run in the gateway container, itself a rootless Podman container; narrow them with agents[].tools), or run sandboxed agents on an OpenClaw host with Docker or Podman outside this deployment',
      ),
  );
}

/** The settings decided first: the checks and every later step read them. */
interface GatewayBasics {
  readonly name: string;
  readonly where: string;
  readonly openclawVersion: OpenClawVersion;
  readonly dialect: OpenClawDialect;
  readonly image: string;
  readonly agents: readonly Agent[];
  readonly bind: BindMode;
  readonly storage: Storage;
  readonly count: number;
  readonly secretNames: readonly string[];
  readonly tokenSecret: string;
  /** Whether the token secret is declared: without it the gateway has no auth. */
  readonly hasToken: boolean;
}

function basicsOf(o: GatewayOptions, where: string): GatewayBasics {
  const openclawVersion = resolveOpenClawVersion(o.openclawVersion, `${where}.openclawVersion`);
  const secretNames = (o.secrets ?? []).map((s) => s.name);
  const tokenSecret = o.tokenSecret ?? GATEWAY_DEFAULTS.tokenSecret;
  return {
    name: o.name ?? GATEWAY_DEFAULTS.name,
    where,
    openclawVersion,
    dialect: dialectOf(openclawVersion),
    image: o.image ?? defaultImage(openclawVersion, o.registry),
    agents: o.agents ?? [],
    bind: o.bind ?? GATEWAY_DEFAULTS.bind,
    storage: o.storage ?? GATEWAY_DEFAULTS.storage,
    count: o.count ?? 1,
    secretNames,
    tokenSecret,
    hasToken: secretNames.includes(tokenSecret),
  };
}

function resourcesOf(o: GatewayOptions): GatewaySettings['resources'] {
  const memory = o.resources?.memory ?? DEFAULT_MEMORY_MB;
  return {
    cpu: o.resources?.cpu ?? GATEWAY_DEFAULTS.cpu,
    memory,
    ...(o.memoryOversubscription === true
      ? { memoryMax: o.resources?.memoryMax ?? Math.max(DEFAULT_MEMORY_MAX_MB, memory) }
      : {}),
  };
}

/** An image that would change without a diff, or a second instance on one node's state. */
function placementProblems(b: GatewayBasics, o: GatewayOptions): UserError[] {
  const { where, image, count, storage } = b;
  const problems: UserError[] = [];
  if (!isPinnedImage(image) && o.allowUnpinnedImage !== true) {
    problems.push(
      new UserError(
        `${where}.image`,
        `image ${JSON.stringify(image)} has no pinned tag (":latest" or none): the deployed version would change without a diff`,
        'pin a version tag or a digest, e.g. "openclaw-homelab:local" or "ghcr.io/you/openclaw:2026.1.30"',
      ),
    );
  }
  if (count !== 1) {
    problems.push(
      new UserError(
        `${where}.count`,
        `count ${count} with ${storage === 'hostVolume' ? 'host volumes' : 'bind mounts'}: the gateway keeps its config, sessions and workspaces on one node's local storage, so a second instance would run with other (empty) state or fight over the same files`,
        'set count to 1 (one gateway can serve many agents; use a second gateway entry for a second instance)',
      ),
    );
  }
  return problems;
}

/** A listener without auth, clashing host ports, a memory limit below the reservation. */
function listenProblems(
  b: GatewayBasics,
  ports: Required<GatewayPortsOptions>,
  resources: GatewaySettings['resources'],
  memoryMax: number | undefined,
): UserError[] {
  const { where, bind, tokenSecret, name } = b;
  const problems: UserError[] = [];
  if (bind !== 'loopback' && !b.hasToken) {
    problems.push(
      new UserError(
        `${where}.bind`,
        `bind "${bind}" listens beyond loopback but no token secret "${tokenSecret}" is declared; OpenClaw refuses to bind beyond loopback without auth`,
        `declare secrets.items.${tokenSecret} (e.g. { op: "op://${OCTANT_DEFAULTS.opVault}/${OCTANT_DEFAULTS.opItemPrefix}${name}/password", generate: hex32 }), or set ${where}.tokenSecret to a declared secret, or bind "loopback"`,
      ),
    );
  }
  if (ports.static && ports.canvas !== false && ports.http === ports.canvas) {
    problems.push(
      new UserError(
        `${where}.ports`,
        `http and canvas both use host port ${ports.http}`,
        'give them different ports',
      ),
    );
  }
  if (memoryMax !== undefined && memoryMax < resources.memory) {
    problems.push(
      new UserError(
        `${where}.resources.memoryMax`,
        `memoryMax (${memoryMax} MB) must not be below memory (${resources.memory} MB)`,
        `raise memoryMax to at least ${resources.memory}, or remove it`,
      ),
    );
  }
  return problems;
}

/**
 * The gateway's own volumes and its further mounts. A mount at one of the gateway's own volume
 * paths moves that volume's host folder instead of adding a mount.
 */
function storageOf(
  b: GatewayBasics,
  o: GatewayOptions,
): { volumes: GatewayVolume[]; mounts: Required<GatewayMount>[] } {
  const { name, where, storage } = b;
  const root =
    storage === 'hostVolume'
      ? (o.hostVolumeRoot ?? GATEWAY_DEFAULTS.hostVolumeRoot)
      : (o.bindMountRoot ?? GATEWAY_DEFAULTS.bindMountRoot);
  const rootDir = root.replace(/\/+$/, '');
  const mountTargets = (o.mounts ?? []).map((m) => m.target);
  const own = volumesOf(name, rootDir, b.agents, mountTargets, where);
  const absolute = (source: string): string =>
    source.startsWith('/') ? source : `${rootDir}/${name}/${source}`;
  const moved = new Map<string, string>();
  const mounts: Required<GatewayMount>[] = [];
  (o.mounts ?? []).forEach((m, i) => {
    const target = m.target.replace(/\/+$/, '');
    const mine = own.find((v) => v.containerPath === target);
    if (mine !== undefined && moved.has(mine.containerPath)) {
      throw new UserError(
        `${where}.mounts[${i}].target`,
        `${m.target} is mounted twice`,
        'keep one mount per container path',
      );
    }
    if (mine !== undefined && m.readOnly !== true)
      moved.set(mine.containerPath, absolute(m.source));
    else
      mounts.push({ source: absolute(m.source), target: m.target, readOnly: m.readOnly ?? false });
  });
  const volumes = own.map((v) => {
    const hostPath = moved.get(v.containerPath);
    return hostPath === undefined ? v : { ...v, hostPath };
  });
  return { volumes, mounts };
}

/** The env every gateway gets before the site's own. */
function baseEnvOf(
  o: GatewayOptions,
  name: string,
  configFile: ConfigFileMode,
): Record<string, string> {
  const base: Record<string, string> = {
    HOME: CONTAINER_HOME,
    TERM: 'xterm-256color',
    // Through Consul DNS, as Octant's tasks do: the Terraform provider's address (often
    // `localhost`) means nothing inside the container.
    NOMAD_ADDR: OCTANT_DEFAULTS.taskNomadAddr,
    CONSUL_HTTP_ADDR: OCTANT_DEFAULTS.taskConsulAddr,
  };
  if (configFile === 'template') {
    // The rendered openclaw.json (see gateway.ts for why it is not written into the volume).
    base.OPENCLAW_CONFIG_PATH = CONFIG_PATH_IN_CONTAINER;
    // Without it OpenClaw takes the config file's folder (/local, the task dir) as its state
    // dir for some data (channel plugins, media) and ~/.openclaw for the rest.
    base.OPENCLAW_STATE_DIR = STATE_DIR;
  }
  if (o.otelEndpoint !== undefined) {
    base.OTEL_EXPORTER_OTLP_ENDPOINT = o.otelEndpoint;
    base.OTEL_SERVICE_NAME = o.otelServiceName ?? name;
  }
  return base;
}

/**
 * The provider API key env the models feed, name -> secret name; an agent naming a model
 * without providers, or a site env var a provider's secret feeds, is refused.
 */
function modelKeyEnv(b: GatewayBasics, o: GatewayOptions): Record<string, string> {
  const { where, agents } = b;
  const models = o.models;
  if (models === undefined) {
    const unrouted = agents.findIndex((a) => a.model !== undefined);
    if (unrouted >= 0) {
      throw new UserError(
        `${where}.agents[${unrouted}].model`,
        'an agent names a model but the gateway declares no model providers',
        `declare ${where}.models.providers (with the provider of "${agents[unrouted].model}")`,
      );
    }
    return {};
  }
  validateModels(
    models,
    b.secretNames,
    `${where}.models`,
    agents.flatMap((a, i) =>
      a.model !== undefined ? [{ path: `${where}.agents[${i}].model`, ref: a.model }] : [],
    ),
  );
  const keys: Record<string, string> = {};
  for (const [id, p] of Object.entries(models.providers)) {
    const env = providerKeyEnv(id, p);
    if (env in (o.env ?? {})) {
      throw new UserError(
        `${where}.env.${env}`,
        `${env} is fed by ${where}.models.providers.${id}.apiKeySecret`,
        `remove ${env} from ${where}.env`,
      );
    }
    if (p.apiKeySecret !== undefined) keys[env] = p.apiKeySecret;
  }
  return keys;
}

/**
 * Plain and secret env: the base, then the site's plain env, which a secret of the same name
 * replaces. A plain value under a credential's name is refused.
 */
function envOf(
  b: GatewayBasics,
  o: GatewayOptions,
  base: Record<string, string>,
): { env: Record<string, string>; secretEnv: Record<string, string> } {
  const { where } = b;
  const user = splitEnv(o.env ?? {}, b.secretNames, `${where}.env`);
  const problems = Object.keys(user.plain)
    .filter((key) => SECRET_LOOKING.test(key))
    .map(
      (key) =>
        new UserError(
          `${where}.env.${key}`,
          `${key} looks like a credential but is given as plain text, which would put it into the jobspec`,
          `declare it under secrets.items and write ${key}: { secret: "<name>" }`,
        ),
    );
  const keys = collecting(problems, () => modelKeyEnv(b, o));
  if (problems.length > 0 || keys === undefined) throw problemsError(problems);
  const secretEnv: Record<string, string> = {};
  if (b.hasToken) secretEnv[GATEWAY_TOKEN_ENV] = b.tokenSecret;
  Object.assign(secretEnv, keys, user.secrets);
  const env: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(user.plain)) {
    if (Object.hasOwn(secretEnv, k)) continue; // own keys only: `constructor` is a name too
    env[k] = v;
  }
  for (const k of Object.keys(secretEnv)) delete env[k];
  return { env, secretEnv };
}

function homepageOf(o: GatewayOptions, name: string): HomepageSettings | undefined {
  if (o.homepage === undefined) return undefined;
  return {
    group: o.homepage.group ?? GATEWAY_DEFAULTS.homepageGroup,
    name: o.homepage.name ?? name,
    icon: o.homepage.icon ?? GATEWAY_DEFAULTS.homepageIcon,
    description: o.homepage.description ?? GATEWAY_DEFAULTS.homepageDescription,
    href: o.homepage.href ?? true,
  };
}

function portsOf(ports: Required<GatewayPortsOptions>): GatewayPort[] {
  return [
    {
      label: 'http',
      containerPort: GATEWAY_PORT,
      ...(ports.static ? { hostPort: ports.http } : {}),
    },
    // The canvas host serves agent-drawn pages; `canvas: false` leaves its port out.
    ...(ports.canvas === false
      ? []
      : [
          {
            label: 'canvas' as const,
            containerPort: CANVAS_PORT,
            ...(ports.static ? { hostPort: ports.canvas } : {}),
          },
        ]),
  ];
}

function healthOf(o: GatewayOptions, dialect: OpenClawDialect): GatewaySettings['health'] {
  return {
    type: o.healthCheck?.type ?? 'http',
    path: o.healthCheck?.path ?? dialect.health.ready,
    livePath: dialect.health.live,
    interval: o.healthCheck?.interval ?? HEALTH_INTERVAL,
    timeout: o.healthCheck?.timeout ?? HEALTH_TIMEOUT,
    grace: o.healthCheck?.grace ?? HEALTH_GRACE,
  };
}

/**
 * Decides every effective setting of one gateway, checking what cannot work.
 * @param where the field path errors name, e.g. `gateways[0]`
 */
export function resolveGatewaySettings(o: GatewayOptions, where = 'gateway'): GatewaySettings {
  const b = basicsOf(o, where);
  const { name, agents, bind, image } = b;
  const ports = { ...GATEWAY_DEFAULTS.ports, ...o.ports };
  const resources = resourcesOf(o);
  // These checks are independent: report them all at once.
  const problems = [
    ...placementProblems(b, o),
    ...listenProblems(b, ports, resources, o.resources?.memoryMax),
    ...sandboxProblems(agents, o.agentDefaults, where),
  ];
  const configFile = o.configFile ?? GATEWAY_DEFAULTS.configFile;
  // Storage and env are checked even when the above failed: one run names them all.
  const storage = collecting(problems, () => storageOf(b, o));
  const envs = collecting(problems, () => envOf(b, o, baseEnvOf(o, name, configFile)));
  if (problems.length > 0 || storage === undefined || envs === undefined) {
    throw problemsError(problems);
  }
  const { volumes, mounts } = storage;
  const { env, secretEnv } = envs;
  const used = new Set(Object.values(secretEnv));
  const homepage = homepageOf(o, name);
  return {
    name,
    where,
    openclawVersion: b.openclawVersion,
    dialect: b.dialect,
    image,
    bind,
    ...(o.tailnetAddress !== undefined ? { tailnetAddress: o.tailnetAddress } : {}),
    count: b.count,
    command: ['node', 'dist/index.js', 'gateway', '--bind', bind, '--port', String(GATEWAY_PORT)],
    ports: portsOf(ports),
    storage: b.storage,
    volumes,
    mounts,
    groupName: o.names?.group ?? name,
    taskName: o.names?.task ?? name,
    configFile,
    ...(o.config !== undefined ? { config: o.config } : {}),
    ...(o.configOverrides !== undefined ? { configOverrides: o.configOverrides } : {}),
    templates: o.templates ?? [],
    env,
    secretEnv,
    ...(b.hasToken ? { authTokenEnv: GATEWAY_TOKEN_ENV } : {}),
    secrets: (o.secrets ?? []).filter((s) => used.has(s.name)),
    secretsBackend: o.secretsBackend ?? DEFAULT_SECRETS_BACKEND,
    vault: { path: 'kv/data/openclaw', changeMode: 'restart', ...o.vault },
    resources,
    region: o.region ?? OCTANT_DEFAULTS.region,
    datacenter: o.datacenter ?? OCTANT_DEFAULTS.datacenter,
    domain: o.domain ?? OCTANT_DEFAULTS.domain,
    certresolver: o.certresolver ?? OCTANT_DEFAULTS.certresolver,
    dns: o.dns ?? DEFAULT_DNS,
    nomadAddress: o.nomadAddress ?? OCTANT_DEFAULTS.nomad,
    consulAddress: o.consulAddress ?? OCTANT_DEFAULTS.consul,
    agents,
    ...(o.agentDefaults !== undefined ? { agentDefaults: o.agentDefaults } : {}),
    bindings: o.bindings ?? [],
    ...(o.channels !== undefined ? { channels: o.channels } : {}),
    ...(o.models !== undefined ? { models: o.models } : {}),
    ...(o.otelEndpoint !== undefined
      ? { otel: { endpoint: o.otelEndpoint, serviceName: o.otelServiceName ?? name } }
      : {}),
    ...(homepage !== undefined ? { homepage } : {}),
    traefik: o.traefik ?? true,
    ...(o.traefikMiddlewares !== undefined ? { traefikMiddlewares: o.traefikMiddlewares } : {}),
    // A pull of a local image (no registry) fails: Podman would look for it on Docker Hub.
    forcePull: o.forcePull ?? registryOf(image) !== undefined,
    imagePullTimeout: o.imagePullTimeout ?? GATEWAY_DEFAULTS.imagePullTimeout,
    health: healthOf(o, b.dialect),
  };
}

/**
 * What openclaw.json is rendered from, for the Nomad template and the Phase 1 upload alike;
 * `bind` and `port` are what the process itself binds inside its container.
 */
export function openClawJsonInput(
  s: GatewaySettings,
  listen: { readonly bind: BindMode; readonly port: number },
): OpenClawJsonInput {
  return {
    bind: listen.bind,
    port: listen.port,
    version: s.openclawVersion,
    agents: s.agents,
    bindings: s.bindings,
    ...(s.agentDefaults !== undefined ? { agentDefaults: s.agentDefaults } : {}),
    ...(s.channels !== undefined ? { channels: s.channels } : {}),
    ...(s.authTokenEnv !== undefined ? { tokenEnv: s.authTokenEnv } : {}),
    ...(s.models !== undefined ? { models: s.models } : {}),
    ...(s.otel !== undefined ? { otel: s.otel } : {}),
    ...(s.config !== undefined ? { config: s.config } : {}),
    ...(s.configOverrides !== undefined ? { overrides: s.configOverrides } : {}),
    where: s.where,
  };
}
