import type { JobFile, PodmanConfig, Task, Template, VarValue } from '../../lib/nomad/model';
import { overridesBetween } from '../../lib/octant/job-diff';
import { isStandardVariable } from '../../lib/octant/variables';
import type { ServiceConfigInput } from '../../lib/octant/service/schema';
import { CANVAS_PORT, GATEWAY_PORT, STATE_DIR } from '../../lib/openclaw/gateway-settings';
import { GatewaySpec } from '../../lib/openclaw/gateway';
import { DEFAULT_OPENCLAW_VERSION, SUPPORTED_OPENCLAW_VERSIONS } from '../../lib/openclaw/versions';
import { isPinnedImage } from '../../lib/octant/image';
import { agentSchema, channelsSchema } from '../../lib/openclaw/routing/schema';
import { isUserError } from '../../lib/util/errors';
import { upgradeConfig } from '../../lib/openclaw/config';
import { redactLiteralSecrets } from '../../lib/secrets/literal-scan';
import { siteSchema, type SiteInput } from '../schema';
import { buildSite } from '../build';

/**
 * The typed side of `import` for an OpenClaw gateway: the hand-written job and its
 * hand-managed openclaw.json mapped onto a site `gateways` entry (names, image, resources, env,
 * secrets, mounts, check, homepage tags; agents with their tool policies, model providers,
 * channels). What the typed settings render differently is kept by `overrides` (jobspec) and
 * `configOverrides` (openclaw.json), each with a line saying why, so the job stays identical.
 * Refuses (GatewayNotTyped) what it cannot map; the caller then imports a generic service.
 */

/** Why a gateway stays a generic service. */
export class GatewayNotTyped extends Error {}

export interface GatewayImportInput {
  /** The hand-written job as Nomad reads it (placeholders rendered the way main.tf does). */
  readonly original: JobFile;
  /** The module's variables, as import maps them. */
  readonly variables: NonNullable<ServiceConfigInput['variables']>;
  /** Keys of the job's own nomad_variable -> 1Password reference. */
  readonly secrets: Readonly<Record<string, { readonly op: string }>>;
  /** Env of the task built from module variables: name -> `${variable}` text. @default {} */
  readonly liveEnv?: Readonly<Record<string, string>>;
  /** openclaw.json beside the module, literal credentials already replaced by `${ENV}`. */
  readonly config?: {
    readonly file: string;
    readonly text: string;
    /** Env names the redaction invented (no task env feeds them). */
    readonly redacted: readonly string[];
  };
}

export interface GatewayImport {
  readonly site: SiteInput;
  readonly report: readonly string[];
  readonly warnings: readonly string[];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Env the typed gateway sets itself (or feeds from its own settings, as the token). */
export const GATEWAY_OWN_ENV: ReadonlySet<string> = new Set([
  'HOME',
  'TERM',
  'NOMAD_ADDR',
  'CONSUL_HTTP_ADDR',
  'OPENCLAW_CONFIG_PATH',
  'OPENCLAW_STATE_DIR',
  'OPENCLAW_GATEWAY_TOKEN',
]);

const TOKEN_ENV = 'OPENCLAW_GATEWAY_TOKEN';

/** `NAME={{ .key }}` (quoted or not, `.key.Value` too) lines of a nomadVar env template. */
function secretEnvOf(
  task: Task,
  path: string,
): { template: Template; env: Record<string, string> } | undefined {
  const template = (task.template ?? []).find(
    (t) => t.env === true && typeof t.data === 'string' && t.data.includes(`nomadVar "${path}"`),
  );
  if (template === undefined) return undefined;
  const env: Record<string, string> = {};
  for (const m of String(template.data).matchAll(
    /^([A-Za-z_][A-Za-z0-9_]*)=['"]?\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)(?:\.Value)?\b/gm,
  )) {
    env[m[1]] = m[2];
  }
  return { template, env };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The default of a module variable, when it is a plain value. */
function defaultOf(input: GatewayImportInput, name: string): VarValue | undefined {
  return input.variables.find((v) => v.name === name)?.default as VarValue | undefined;
}

/** Why a gateway stays a generic service: thrown by every step below. */
const refuse = (why: string): never => {
  throw new GatewayNotTyped(why);
};

type Group = JobFile['job']['group'][number];

/** The one group and podman task of the job, its image and its secret env file. */
interface JobParts {
  readonly job: JobFile['job'];
  readonly group: Group;
  readonly task: Task;
  readonly cfg: PodmanConfig & Rec;
  readonly image: string;
  readonly secretTemplate: Template;
  /** Env name -> key of the job's nomad_variable (the token left out). */
  readonly secretEnv: Record<string, string>;
  readonly tokenSecret: string;
}

function jobParts(input: GatewayImportInput): JobParts {
  const job = input.original.job;
  if (job.group.length !== 1 || job.group[0].task.length !== 1) {
    refuse('the job has more than one group or task');
  }
  const group = job.group[0];
  const task = group.task[0];
  if (task.driver !== 'podman') refuse(`its task runs with driver "${task.driver}", not podman`);
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(job.name))
    refuse(`job name "${job.name}" is not a gateway name`);
  const cfg = (task.config ?? {}) as PodmanConfig & Rec;
  const image = str(cfg.image) ?? refuse('its image is not a plain string');
  const found =
    secretEnvOf(task, `nomad/jobs/${job.name}`) ??
    refuse(`no env template of its task reads nomad/jobs/${job.name}`);
  const secretEnv = found.env;
  const tokenSecret =
    secretEnv[TOKEN_ENV] ?? refuse(`it reads no ${TOKEN_ENV} from nomad/jobs/${job.name}`);
  delete secretEnv[TOKEN_ENV];
  for (const [env, key] of Object.entries(secretEnv)) {
    if (input.secrets[key] === undefined)
      refuse(`env ${env} reads key "${key}", which the nomad_variable does not hold`);
  }
  return { job, group, task, cfg, image, secretTemplate: found.template, secretEnv, tokenSecret };
}

interface Storage {
  readonly hostVolume: boolean;
  readonly bindMountRoot?: string;
  readonly mounts: readonly { source: string; target: string; readOnly: boolean }[];
}

/** The config volume at ~/.openclaw (host volume or bind mount) and the further mounts. */
function storageOf(p: JobParts, report: string[], warnings: string[]): Storage {
  const volumes = Array.isArray(p.cfg.volumes) ? (p.cfg.volumes as unknown[]).map(String) : [];
  const parsed = volumes.map((v) => {
    const [source, target, mode] = v.split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
  const configVolume = parsed.find((v) => v.target === STATE_DIR);
  // Nomad host volumes (`volume_mount`) at ~/.openclaw: the typed gateway's hostVolume storage.
  const hostVolumeMount = (p.task.volumeMount ?? []).find((m) => m.destination === STATE_DIR);
  let bindMountRoot: string | undefined;
  if (hostVolumeMount !== undefined) {
    report.push(
      `openclaw: volume_mount ${String(hostVolumeMount.volume)} at ${STATE_DIR} -> the gateway's config volume (storage: hostVolume)`,
    );
  } else if (configVolume !== undefined) {
    const m = new RegExp(`^(/.+)/${p.job.name}/config/?$`).exec(configVolume.source);
    if (m) bindMountRoot = m[1];
    report.push(
      `openclaw: ${configVolume.source}:${STATE_DIR} -> the gateway's config volume (storage: bindMount${bindMountRoot ? `, bindMountRoot ${bindMountRoot}` : ''})`,
    );
  } else {
    warnings.push(
      `the job mounts nothing at ${STATE_DIR}: the gateway's state (config, sessions) is lost on every restart; the typed gateway mounts its config volume there (kept as written by an override)`,
    );
  }
  const mounts = parsed.filter((v) => v !== configVolume);
  for (const m of mounts) report.push(`openclaw: ${m.source}:${m.target} -> mounts (a bind mount)`);
  return {
    hostVolume: hostVolumeMount !== undefined,
    ...(bindMountRoot !== undefined ? { bindMountRoot } : {}),
    mounts,
  };
}

/** The service's tags (homepage, Traefik) and its check. */
function serviceOf(group: Group): {
  tags: string[];
  homepage: Record<string, string>;
  healthCheck?: Rec;
} {
  const service = group.service?.[0];
  const tags = (Array.isArray(service?.tags) ? service.tags : []).map(String);
  const homepage: Record<string, string> = {};
  for (const tag of tags) {
    const m = /^homepage\.(group|name|icon|description)=(.*)$/.exec(tag);
    if (m) homepage[m[1]] = m[2];
  }
  const check = service?.check?.[0];
  if (check === undefined || (check.type !== 'http' && check.type !== 'tcp')) {
    return { tags, homepage };
  }
  const fields: [string, unknown][] = [
    ['type', check.type],
    ['path', check.path],
    ['interval', check.interval],
    ['timeout', check.timeout],
    ['grace', check.checkRestart?.grace],
  ];
  const healthCheck = Object.fromEntries(fields.filter(([, v]) => str(v) !== undefined));
  return { tags, homepage, healthCheck };
}

/**
 * Plain env, secret env and env built from module variables (`variableEnv`: the jobspec keeps
 * reading the variable, so it stays live).
 */
function envOf(
  input: GatewayImportInput,
  p: JobParts,
  report: string[],
): { env: Record<string, string | { secret: string }>; variableEnv: Record<string, string> } {
  const env: Record<string, string | { secret: string }> = {};
  const variableEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.task.env ?? {})) {
    if (GATEWAY_OWN_ENV.has(k)) continue;
    if (typeof v !== 'string') refuse(`env ${k} is not a plain string`);
    const live = input.liveEnv?.[k];
    if (live !== undefined) {
      variableEnv[k] = live;
      report.push(
        `openclaw: env ${k} = "${live}" -> gateways[0].variableEnv (still read from the module variables)`,
      );
    } else env[k] = v as string;
  }
  for (const [k, key] of Object.entries(p.secretEnv)) env[k] = { secret: key };
  return { env, variableEnv };
}

/** Further templates of the task: typed `templates`, after the gateway's own. */
function templatesOf(p: JobParts, configTemplate: Template | undefined, report: string[]): Rec[] {
  const templates = (p.task.template ?? [])
    .filter((t) => t !== p.secretTemplate && t !== configTemplate)
    .map((t) => ({
      destination: str(t.destination) ?? refuse('a template has no plain destination'),
      data: str(t.data) ?? refuse(`template ${String(t.destination)} has no inline data`),
      ...(t.env === true ? { env: true } : {}),
      ...(str(t.changeMode) !== undefined ? { changeMode: str(t.changeMode) } : {}),
      ...(str(t.perms) !== undefined ? { perms: str(t.perms) } : {}),
    }));
  for (const t of templates) report.push(`openclaw: template ${t.destination} -> templates`);
  return templates;
}

interface ConfigParts {
  /** Typed short forms (agents, agentDefaults, models, channels). */
  readonly typed: Rec;
  /** Everything else of openclaw.json: `gateways[].config`, in the release's schema. */
  readonly config: Rec;
  readonly configFile: 'volume' | 'template';
  readonly templates: readonly Rec[];
}

/** openclaw.json beside the module (volume) or rendered by a template of the job (template). */
function configOf(
  input: GatewayImportInput,
  p: JobParts,
  env: Record<string, string | { secret: string }>,
  report: string[],
  warnings: string[],
): ConfigParts {
  const typed: Rec = {};
  const config: Rec = {};
  const configTemplate = (p.task.template ?? []).find(
    (t) =>
      t.env !== true && typeof t.destination === 'string' && /openclaw\.json$/.test(t.destination),
  );
  const templates = templatesOf(p, configTemplate, report);
  const out = { env, typed, config, report, warnings };
  if (input.config !== undefined) {
    mapConfig(input.config, out);
    return { typed, config, configFile: 'volume', templates };
  }
  if (configTemplate !== undefined && typeof configTemplate.data === 'string') {
    const file = `the jobspec's template ${String(configTemplate.destination)}`;
    if (redactLiteralSecrets(configTemplate.data).found.length > 0) {
      refuse(`${file} holds a literal credential (its overrides would copy it)`);
    }
    mapConfig({ file, text: configTemplate.data, redacted: [] }, out);
    return { typed, config, configFile: 'template', templates };
  }
  report.push(
    "openclaw: no openclaw.json beside the module; the typed gateway renders its own (agents: OpenClaw's implicit main)",
  );
  return { typed, config, configFile: 'volume', templates };
}

/** Site-wide values from the module's standard variables and its secrets. */
function siteValues(input: GatewayImportInput, storage: Storage, memoryMax: boolean): Rec {
  const site: Rec = {};
  for (const field of ['region', 'datacenter', 'domain', 'certresolver', 'dns'] as const) {
    const d = defaultOf(input, field);
    if (d !== undefined) site[field] = d;
  }
  const nomad = defaultOf(input, 'nomad');
  site.nomad = {
    ...(typeof nomad === 'string' ? { address: nomad } : {}),
    // memory_max only reaches the job on a cluster that oversubscribes memory.
    ...(memoryMax ? { memoryOversubscription: true } : {}),
  };
  const consul = defaultOf(input, 'consul');
  if (typeof consul === 'string') site.consul = { address: consul };
  const vaults = new Set(Object.values(input.secrets).map((s) => s.op.split('/')[2]));
  if (vaults.size === 1) site.onepassword = { vault: [...vaults][0] };
  if (storage.bindMountRoot !== undefined) site.bindMountRoot = storage.bindMountRoot;
  site.secrets = {
    backend: 'onepassword',
    items: Object.fromEntries(Object.entries(input.secrets).map(([k, s]) => [k, { op: s.op }])),
  };
  return site;
}

/** The image: typed as it is; an unpinned one is allowed explicitly, with a warning. */
function imageOf(input: GatewayImportInput, p: JobParts, warnings: string[]): Rec {
  const fromVariable = defaultOf(input, 'image');
  const image = typeof fromVariable === 'string' ? fromVariable : p.image;
  const version = /:([0-9]{4}\.[0-9]+\.[0-9]+)$/.exec(image)?.[1];
  const supported = (SUPPORTED_OPENCLAW_VERSIONS as readonly string[]).includes(version ?? '');
  const out: Rec = { ...(supported ? { openclawVersion: version } : {}), image };
  if (!isPinnedImage(image)) {
    out.allowUnpinnedImage = true;
    const pin = image.replace(/(:[^/:@]*)?$/, `:${DEFAULT_OPENCLAW_VERSION}`);
    warnings.push(
      `image "${image}" is not pinned: kept (allowUnpinnedImage: true; synth warns), so every pull may deploy another release; pin the tag the cluster runs, e.g. "${pin}", then remove allowUnpinnedImage`,
    );
  }
  if (typeof p.cfg.force_pull === 'boolean') out.forcePull = p.cfg.force_pull;
  const timeout = str(p.cfg.image_pull_timeout);
  if (timeout !== undefined) out.imagePullTimeout = timeout;
  return out;
}

export function typedGateway(input: GatewayImportInput): GatewayImport {
  const report: string[] = [];
  const warnings: string[] = [];
  const p = jobParts(input);
  const storage = storageOf(p, report, warnings);
  const service = serviceOf(p.group);
  const { env, variableEnv } = envOf(input, p, report);
  const cfg = configOf(input, p, env, report, warnings);
  const r = p.task.resources;
  const site = siteValues(input, storage, typeof r?.memoryMax === 'number');
  const entry = gatewayEntry(input, p, { storage, service, env, variableEnv, cfg, warnings });
  report.push(
    `openclaw: mapped onto gateways[0] "${p.job.name}" (group "${p.group.name}", task "${p.task.name}", configFile ${cfg.configFile}: ${cfg.configFile === 'volume' ? 'the job keeps reading ~/.openclaw/openclaw.json' : 'the job renders openclaw.json from a template'}; jobShape module: what the module leaves to Nomad stays so)`,
  );
  report.push(
    'openclaw: backup off (the hand-written module has no backup job; turning it on adds <name>-backup.nomad.hcl)',
  );
  for (const v of input.variables.filter((x) => !isStandardVariable(x.name))) {
    const live = Object.values(variableEnv).some((t) => t.includes(`\${${v.name}}`));
    report.push(
      live
        ? `variable "${v.name}" -> gateways[0].variables (live: gateways[0].variableEnv reads it)`
        : `variable "${v.name}" -> gateways[0].variables (declared with its default; the typed job holds the value it gave the hand-written job, so changing the variable no longer changes the job)`,
    );
  }
  site.gateways = [entry];
  entry.overrides = overridesOf(site, input, p, report);
  if ((entry.overrides as unknown[]).length === 0) delete entry.overrides;
  return { site: site as SiteInput, report, warnings };
}

/** The `gateways` entry: every typed setting the steps above read. */
function gatewayEntry(
  input: GatewayImportInput,
  p: JobParts,
  parts: {
    storage: Storage;
    service: ReturnType<typeof serviceOf>;
    env: Rec;
    variableEnv: Record<string, string>;
    cfg: ConfigParts;
    warnings: string[];
  },
): Rec {
  const { storage, service, cfg } = parts;
  const ports = p.group.network?.port ?? [];
  const http = ports.find((x) => x.to === GATEWAY_PORT || x.static === GATEWAY_PORT);
  const r = p.task.resources;
  const has = (o: Rec | readonly unknown[]): boolean => Object.keys(o).length > 0;
  return {
    name: p.job.name,
    ...imageOf(input, p, parts.warnings),
    bind: 'lan',
    tokenSecret: p.tokenSecret,
    names: { group: p.group.name, task: p.task.name },
    ports: {
      ...(http?.static !== undefined ? { static: true, http: http.static } : { static: false }),
      ...(ports.some((x) => x.to === CANVAS_PORT || x.static === CANVAS_PORT)
        ? {}
        : { canvas: false }),
    },
    resources: {
      ...(typeof r?.cpu === 'number' ? { cpu: r.cpu } : {}),
      ...(typeof r?.memory === 'number' ? { memory: r.memory } : {}),
      ...(typeof r?.memoryMax === 'number' ? { memoryMax: r.memoryMax } : {}),
    },
    storage: storage.hostVolume ? 'hostVolume' : 'bindMount',
    ...(storage.mounts.length > 0
      ? {
          mounts: storage.mounts.map((m) => ({
            source: m.source,
            target: m.target,
            ...(m.readOnly ? { readOnly: true } : {}),
          })),
        }
      : {}),
    ...(service.healthCheck !== undefined ? { healthCheck: service.healthCheck } : {}),
    configFile: cfg.configFile,
    jobShape: 'module',
    ...(cfg.templates.length > 0 ? { templates: cfg.templates } : {}),
    env: parts.env,
    ...(has(parts.variableEnv) ? { variableEnv: parts.variableEnv } : {}),
    ...cfg.typed,
    ...(has(cfg.config) ? { config: cfg.config } : {}),
    homepage: has(service.homepage)
      ? { ...service.homepage, href: service.tags.some((t) => t.startsWith('homepage.href=')) }
      : false,
    traefik: service.tags.includes('traefik.enable=true'),
    traefikMiddlewares: service.tags.flatMap((t) => {
      const m = /^traefik\.http\.routers\.[^.]+\.middlewares=(.*)$/.exec(t);
      return m ? m[1].split(',') : [];
    }),
    backup: { enabled: false },
    variables: input.variables.filter((v) => !isStandardVariable(v.name)),
  };
}

/** The first problem of a site the schema refuses, as one line. */
function schemaProblem(e: unknown): string {
  const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  const first = issues?.[0];
  if (first === undefined) return (e as Error).message.split('\n')[0];
  return `${first.path.map(String).join('.')}: ${first.message}`;
}

/** What the typed gateway renders differently from the hand-written job: overrides. */
function overridesOf(site: Rec, input: GatewayImportInput, p: JobParts, report: string[]): Rec[] {
  let parsed;
  try {
    parsed = siteSchema.parse(site);
  } catch (e) {
    return refuse(`the typed settings do not validate: ${schemaProblem(e)}`);
  }
  let spec: GatewaySpec;
  try {
    spec = buildSite(parsed).gateways[0];
  } catch (e) {
    if (!isUserError(e)) throw e;
    return refuse(`the typed settings are refused: ${e.message.split('\n')[0]}`);
  }
  const current = spec.toJobFile();
  const overrides = overridesBetween(current, input.original);
  // The typed job's openclaw.json template, whose text an override may keep as written.
  const typedTask = current.job.group[0].task[0];
  const configIndex = (typedTask.template ?? []).findIndex(
    (t) => t.env !== true && /openclaw\.json$/.test(String(t.destination)),
  );
  const configTemplatePath =
    configIndex < 0
      ? undefined
      : `group.${p.group.name}.task.${p.task.name}.template.${configIndex}`;
  const reason = (path: string): string => typedReason(path, configTemplatePath);
  for (const o of overrides) {
    report.push(
      `override: ${o.path} ${o.value === undefined ? 'removed' : 'kept as written'} (the typed gateway ${reason(o.path)}; delete the override to take it)`,
    );
  }
  return overrides.map((o) => {
    const why = `${o.value === undefined ? 'not in the hand-written job' : 'as the hand-written job has it'}; the typed gateway ${reason(o.path)}`;
    return o.value === undefined
      ? { path: o.path, remove: true, why }
      : { path: o.path, value: o.value, why };
  });
}

/** What the typed gateway does at a jobspec path, for an override's reason. */
const TYPED_REASONS: readonly [RegExp, string][] = [
  [/^constraint$/, 'runs only on rootless Podman nodes (meta.rootless = true)'],
  [
    /\.service\.\d+\.tags$/,
    "writes Octant's Traefik tags (web and websecure entrypoints, the redirect middleware) and the homepage tags",
  ],
  [/\.env\.NOMAD_ADDR$/, 'points the nomad CLI at Nomad through Consul DNS'],
  [/\.env\.OPENCLAW_STATE_DIR$/, 'keeps all state in ~/.openclaw (OPENCLAW_STATE_DIR)'],
  [/\.env\.OPENCLAW_CONFIG_PATH$/, 'points the gateway at the rendered openclaw.json'],
  [/\.resources\.memory_max$/, 'lets the task use up to 2048 MB, or its memory when higher'],
  [/\.(volume_mount\.\d+|volume\.[^.]+)\.read_only$/, 'writes read_only = false out'],
  [/^type$/, 'writes the job type out (Nomad\'s default, "service")'],
  [/\.count$/, 'writes the instance count out (1)'],
  [/\.restart$/, 'retries a failed task 3 times in 5m, then lets Nomad reschedule it'],
  [/\.update$/, 'waits for readiness on every update and reverts a release that never gets ready'],
  [/\.check_restart$/, 'restarts a task whose check keeps failing, after a 120s grace'],
  [/\.check\.\d+\.name$/, 'names its check "health"'],
  [/\.kill_timeout$/, 'gives a stopping gateway 60s to drain running agent turns'],
  [
    /\.config\.(command|args)$/,
    `starts \`node dist/index.js gateway --bind lan --port ${GATEWAY_PORT}\` itself`,
  ],
  [/\.config\.logging$/, 'logs to journald, tagged with the service name'],
  [/\.config\.image_pull_timeout$/, 'allows 15m to pull its large image'],
  [/\.config\.force_pull$/, 'sets force_pull from `forcePull`'],
  [/\.config\.volumes$/, 'mounts its config and workspace volumes first, then `mounts`'],
  [/\.env\.(HOME|TERM)$/, 'sets HOME and TERM for the CLIs in the image'],
  [/\.env\.CONSUL_HTTP_ADDR$/, 'points the consul CLI at Consul through Consul DNS'],
  [/\.template\.\d+\.data$/, 'quotes every secret value in the env file'],
  [/\.template\.\d+\.destination$/, 'writes the secret env file as <name>.env'],
  [
    /\.template\.\d+\.(change_mode|perms|error_on_missing_key)$/,
    'restarts on a secret change, keeps the file 0400 and fails on a missing key',
  ],
];

function typedReason(path: string, configTemplate?: string): string {
  if (path === `${configTemplate}.data`) {
    return "renders openclaw.json from the typed agents, providers and channels (in the release's dialect)";
  }
  if (configTemplate !== undefined && path.startsWith(`${configTemplate}.`)) {
    return 'restarts the gateway when openclaw.json changes, which any user may read (0644)';
  }
  return TYPED_REASONS.find(([re]) => re.test(path))?.[1] ?? 'renders this field otherwise';
}

/** A `${ENV}` placeholder's env name. */
const placeholder = (v: unknown): string | undefined =>
  typeof v === 'string' ? /^\$\{([A-Z_][A-Z0-9_]*)\}$/.exec(v)?.[1] : undefined;

/** Where mapConfig's steps write: typed short forms, the rest of openclaw.json, the lines. */
interface ConfigOut {
  readonly env: Record<string, string | { secret: string }>;
  readonly typed: Rec;
  /** `gateways[].config`: what the typed short forms do not hold, in the release's schema. */
  readonly config: Rec;
  readonly report: string[];
  readonly warnings: string[];
}

type ConfigSource = NonNullable<GatewayImportInput['config']>;

/** A provider's or the agents' model, once the providers are known. */
type Primary = { primary: string; fallbacks: string[] };

/**
 * openclaw.json -> typed agents, model providers and channels; every other key into
 * `gateways[].config` (the release's schema), so the regenerated file holds all of it.
 * Provider keys and channel tokens become env references fed from the job's secrets.
 */
function mapConfig(source: ConfigSource, out: ConfigOut): void {
  const upgraded = parseConfig(source, out.report);
  let primary: Primary | undefined;
  for (const [key, value] of Object.entries(upgraded)) {
    if (key === 'gateway' && isRec(value)) mapGatewaySection(source.file, value, out);
    else if (key === 'agents' && isRec(value)) primary = mapAgents(source.file, value, out);
    else if (key === 'models' && isRec(value) && isRec(value.providers))
      mapModels(source, value, out);
    else if (key === 'channels' && isRec(value)) mapChannels(value, out);
    else {
      out.config[key] = value;
      out.report.push(`openclaw.json: ${key} -> gateways[0].config (no typed short form)`);
    }
  }
  if (primary !== undefined) mapPrimary(primary, out);
  warnUnfed(source, out);
}

/** JSON, upgraded to the pinned release's dialect (each change reported). */
function parseConfig(source: ConfigSource, report: string[]): Rec {
  const { file, text } = source;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return refuse(
      `${file} is not plain JSON (JSON5 comments or trailing commas), so it cannot be read into typed settings`,
    );
  }
  if (!isRec(config)) return refuse(`${file} is not a JSON object`);
  try {
    const upgraded = upgradeConfig(config, undefined, { where: `${file}: ` });
    for (const c of upgraded.changes) {
      report.push(`${file}: ${c.path} ${c.kind}${c.to ? ` -> ${c.to}` : ''} (${c.why})`);
    }
    return upgraded.config;
  } catch (e) {
    if (isUserError(e)) return refuse(e.message.split('\n')[0]);
    throw e;
  }
}

/** Merges `value` into the config at `keys` (objects key by key). */
function putConfig(config: Rec, keys: readonly string[], value: Rec): void {
  let cur = config;
  for (const k of keys) {
    if (!isRec(cur[k])) cur[k] = {};
    cur = cur[k] as Rec;
  }
  Object.assign(cur, value);
}

function mapGatewaySection(file: string, value: Rec, out: ConfigOut): void {
  const { mode, bind, port, auth, ...rest } = value;
  void [mode, port, auth];
  if (bind !== undefined && bind !== 'lan')
    out.warnings.push(
      `${file}: gateway.bind "${String(bind)}" becomes "lan" (the only bind a Nomad task can be reached on)`,
    );
  out.report.push(
    `openclaw.json: gateway (mode, bind, port, auth) -> the typed gateway's own (token auth from ${TOKEN_ENV})`,
  );
  if (Object.keys(rest).length > 0) {
    putConfig(out.config, ['gateway'], rest);
    out.report.push(
      `openclaw.json: gateway.${Object.keys(rest).join(', gateway.')} -> gateways[0].config`,
    );
  }
}

/** Agents: the typed fields of each, the rest of it (identity, subagents...) into config. */
function mapAgents(file: string, value: Rec, out: ConfigOut): Primary | undefined {
  const list = isRec(value.entries)
    ? Object.entries(value.entries).map(([id, a]) => ({ id, ...(isRec(a) ? a : {}) }))
    : [];
  const known = Object.keys(agentSchema.shape);
  const agents: Rec[] = [];
  list.forEach((a: Rec, i: number) => {
    const { model, ...rest } = a;
    const candidate: Rec = { ...rest };
    if (typeof model === 'string') candidate.model = model;
    else if (isRec(model) && typeof model.primary === 'string') candidate.model = model.primary;
    // A field the typed agent cannot hold as written (tools.profile, alsoAllow...) goes to config.
    const fits = (k: string): boolean =>
      known.includes(k) &&
      (k === 'id' || agentSchema.safeParse({ id: a.id, [k]: candidate[k] }).success);
    const typedPart = Object.fromEntries(Object.entries(candidate).filter(([k]) => fits(k)));
    const restPart = Object.fromEntries(Object.entries(candidate).filter(([k]) => !fits(k)));
    if (!agentSchema.safeParse(typedPart).success)
      refuse(`${file}: agents entry ${i} does not fit the typed agent settings`);
    agents.push(typedPart);
    if (Object.keys(restPart).length > 0) {
      putConfig(out.config, ['agents', 'entries', String(typedPart.id)], restPart);
      out.report.push(
        `openclaw.json: agents "${String(typedPart.id)}" ${Object.keys(restPart).join(', ')} -> gateways[0].config`,
      );
    }
  });
  if (agents.length > 0) {
    out.typed.agents = agents;
    out.report.push(
      `openclaw.json: agents (${agents.map((a) => String(a.id)).join(', ')}) -> gateways[0].agents${agents.some((a) => a.tools !== undefined) ? ', with their tool policies' : ''}`,
    );
  }
  const { entries: _e, defaults, ...rest } = value;
  void _e;
  if (Object.keys(rest).length > 0) {
    putConfig(out.config, ['agents'], rest);
    out.report.push(
      `openclaw.json: agents.${Object.keys(rest).join(', agents.')} -> gateways[0].config`,
    );
  }
  return isRec(defaults) ? mapAgentDefaults(defaults, out) : undefined;
}

/** agents.defaults: sandbox typed, the model once the providers are known, the rest config. */
function mapAgentDefaults(defaults: Rec, out: ConfigOut): Primary | undefined {
  if (isRec(defaults.sandbox)) out.typed.agentDefaults = { sandbox: defaults.sandbox };
  const { sandbox: _s, model, ...other } = defaults;
  void _s;
  let primary: Primary | undefined;
  if (typeof model === 'string') primary = { primary: model, fallbacks: [] };
  else if (isRec(model) && typeof model.primary === 'string') {
    const { primary: first, fallbacks, ...more } = model;
    primary = {
      primary: String(first),
      fallbacks: Array.isArray(fallbacks) ? fallbacks.map(String) : [],
    };
    if (Object.keys(more).length > 0) other.model = more;
  } else if (model !== undefined) other.model = model;
  if (Object.keys(other).length > 0) {
    putConfig(out.config, ['agents', 'defaults'], other);
    out.report.push(
      `openclaw.json: agents.defaults.${Object.keys(other).join(', agents.defaults.')} -> gateways[0].config`,
    );
  }
  return primary;
}

/** The secret a secret env of the job reads, if it is one. */
function secretOf(out: ConfigOut, name: string): string | undefined {
  const v = out.env[name];
  return typeof v === 'object' ? v.secret : undefined;
}

/** Model providers: typed with their key's secret; settings without a typed field into config. */
function mapModels(source: ConfigSource, value: Rec, out: ConfigOut): void {
  const providers: Rec = {};
  for (const [id, p] of Object.entries(value.providers as Rec)) {
    if (!isRec(p)) continue;
    if (typeof p.baseUrl === 'string' && !/^https?:\/\/[^$]*$/.test(p.baseUrl)) {
      // A base URL built from env (`${LITELLM_BASE_URL}/v1`): the release expands it; kept as is.
      putConfig(out.config, ['models', 'providers', id], p);
      out.report.push(
        `openclaw.json: models.providers.${id} -> gateways[0].config (its baseUrl ${p.baseUrl} is read from env, which the typed provider cannot say)`,
      );
    } else providers[id] = mapProvider(source, id, p, out);
  }
  if (Object.keys(providers).length > 0) out.typed.models = { providers };
  const { providers: _p, ...rest } = value;
  void _p;
  if (Object.keys(rest).length > 0) {
    putConfig(out.config, ['models'], rest);
    out.report.push(
      `openclaw.json: models.${Object.keys(rest).join(', models.')} -> gateways[0].config`,
    );
  }
}

function mapProvider(source: ConfigSource, id: string, p: Rec, out: ConfigOut): Rec {
  const { file, redacted } = source;
  const { baseUrl, apiKey, api, models, ...extra } = p;
  if (Object.keys(extra).length > 0) {
    putConfig(out.config, ['models', 'providers', id], extra);
    out.report.push(
      `openclaw.json: models.providers.${id}.${Object.keys(extra).join(`, models.providers.${id}.`)} -> gateways[0].config`,
    );
  }
  const keyRef =
    placeholder(apiKey) ?? (isRec(apiKey) && apiKey.source === 'env' ? str(apiKey.id) : undefined);
  const literal = keyRef !== undefined && redacted.includes(keyRef);
  // The env that feeds the key: the one named, else the one an OpenAI-compatible client reads.
  const candidates = [
    ...(keyRef !== undefined && !literal ? [keyRef] : []),
    ...(id === 'anthropic'
      ? ['ANTHROPIC_API_KEY']
      : ['OPENAI_API_KEY', `${id.toUpperCase().replace(/-/g, '_')}_API_KEY`]),
  ];
  const fed =
    candidates.find((c) => secretOf(out, c) !== undefined) ??
    refuse(`${file}: the key of model provider "${id}" is fed by no secret env of the job`);
  const secret = secretOf(out, fed)!;
  delete out.env[fed];
  if (literal) {
    out.warnings.push(
      `${file}: provider "${id}" had a literal apiKey (not copied); the typed provider reads ${fed}, which the job feeds from secret "${secret}": check it holds the same key`,
    );
  }
  out.report.push(
    `openclaw.json: models.providers.${id} -> gateways[0].models.providers.${id} (key from ${fed} <- secret "${secret}")`,
  );
  if (typeof baseUrl === 'string') {
    return {
      kind: 'openai-compatible',
      baseUrl,
      ...(typeof api === 'string' ? { api } : {}),
      apiKeySecret: secret,
      keyEnv: fed,
      ...(Array.isArray(models) && models.length > 0 ? { models } : {}),
    };
  }
  if (id === 'anthropic') return { kind: 'anthropic', apiKeySecret: secret };
  return refuse(`${file}: model provider "${id}" has no baseUrl and is not Anthropic`);
}

/** Channels: typed when they fit the typed settings, else (plugin channels) into config. */
function mapChannels(value: Rec, out: ConfigOut): void {
  if (channelsSchema.safeParse(value).success) {
    out.typed.channels = value;
    out.report.push(
      `openclaw.json: channels (${Object.keys(value).join(', ')}) -> gateways[0].channels`,
    );
  } else {
    putConfig(out.config, ['channels'], value);
    out.report.push(
      `openclaw.json: channels (${Object.keys(value).join(', ')}) -> gateways[0].config (plugin channels: no typed short form)`,
    );
  }
}

/** The agents' model: typed (`models.primary`) when every provider it names is typed. */
function mapPrimary(primary: Primary, out: ConfigOut): void {
  const providers = ((out.typed.models as Rec | undefined)?.providers as Rec | undefined) ?? {};
  // The built-in Anthropic provider reads ANTHROPIC_API_KEY: typed when the job feeds it.
  const refs = [primary.primary, ...primary.fallbacks].map((r) => r.split('/')[0]);
  const anthropicSecret = secretOf(out, 'ANTHROPIC_API_KEY');
  if (refs.includes('anthropic') && providers.anthropic === undefined && anthropicSecret) {
    providers.anthropic = { kind: 'anthropic', apiKeySecret: anthropicSecret };
    delete out.env.ANTHROPIC_API_KEY;
    out.report.push(
      `openclaw.json: the built-in anthropic provider -> gateways[0].models.providers.anthropic (key from ANTHROPIC_API_KEY <- secret "${anthropicSecret}")`,
    );
  }
  if (refs.every((r) => providers[r] !== undefined)) {
    out.typed.models = { ...(out.typed.models as Rec | undefined), providers, ...primary };
    out.report.push('openclaw.json: agents.defaults.model -> gateways[0].models.primary/fallbacks');
  } else {
    putConfig(out.config, ['agents', 'defaults'], { model: primary });
    out.report.push(
      'openclaw.json: agents.defaults.model -> gateways[0].config (it names a provider without a typed setting)',
    );
  }
}

/**
 * A literal credential the mapping could not tie to a secret the job feeds: a placeholder now,
 * which the gateway cannot expand until something feeds it.
 */
function warnUnfed(source: ConfigSource, out: ConfigOut): void {
  for (const r of source.redacted) {
    if (
      JSON.stringify([out.config, out.typed]).includes(`\${${r}}`) &&
      secretOf(out, r) === undefined
    ) {
      out.warnings.push(
        `${source.file}: a literal credential became \${${r}} (not copied); store it in 1Password (secrets.items) and feed ${r} to the gateway (env: { ${r}: { secret: <name> } })`,
      );
    }
  }
}
