import type { JobFile, PodmanConfig, Task, Template, VarValue } from '../../lib/nomad/model';
import { overridesBetween } from '../../lib/octant/job-diff';
import { isStandardVariable } from '../../lib/octant/variables';
import type { ServiceConfigInput } from '../../lib/octant/service/schema';
import { CANVAS_PORT, GATEWAY_PORT, STATE_DIR } from '../../lib/openclaw/gateway-settings';
import { GatewaySpec } from '../../lib/openclaw/gateway';
import { SUPPORTED_OPENCLAW_VERSIONS } from '../../lib/openclaw/versions';
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

export function typedGateway(input: GatewayImportInput): GatewayImport {
  const report: string[] = [];
  const warnings: string[] = [];
  const job = input.original.job;
  const refuse = (why: string): never => {
    throw new GatewayNotTyped(why);
  };
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
  const version = /:([0-9]{4}\.[0-9]+\.[0-9]+)$/.exec(image)?.[1];
  const secretTemplate =
    secretEnvOf(task, `nomad/jobs/${job.name}`) ??
    refuse(`no env template of its task reads nomad/jobs/${job.name}`);
  const secretEnv = secretTemplate.env;
  const tokenSecret =
    secretEnv[TOKEN_ENV] ?? refuse(`it reads no ${TOKEN_ENV} from nomad/jobs/${job.name}`);
  delete secretEnv[TOKEN_ENV];
  for (const [env, key] of Object.entries(secretEnv)) {
    if (input.secrets[key] === undefined)
      refuse(`env ${env} reads key "${key}", which the nomad_variable does not hold`);
  }

  // --- storage: the config volume and further mounts -----------------------------------------
  const volumes = Array.isArray(cfg.volumes) ? (cfg.volumes as unknown[]).map(String) : [];
  const parsedVolumes = volumes.map((v) => {
    const [source, target, mode] = v.split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
  const configVolume = parsedVolumes.find((v) => v.target === STATE_DIR);
  // Nomad host volumes (`volume_mount`) at ~/.openclaw: the typed gateway's hostVolume storage.
  const hostVolumeMount = (task.volumeMount ?? []).find((m) => m.destination === STATE_DIR);
  let bindMountRoot: string | undefined;
  if (hostVolumeMount !== undefined) {
    report.push(
      `openclaw: volume_mount ${String(hostVolumeMount.volume)} at ${STATE_DIR} -> the gateway's config volume (storage: hostVolume)`,
    );
  } else if (configVolume !== undefined) {
    const m = new RegExp(`^(/.+)/${job.name}/config/?$`).exec(configVolume.source);
    if (m) bindMountRoot = m[1];
    report.push(
      `openclaw: ${configVolume.source}:${STATE_DIR} -> the gateway's config volume (storage: bindMount${bindMountRoot ? `, bindMountRoot ${bindMountRoot}` : ''})`,
    );
  } else {
    warnings.push(
      `the job mounts nothing at ${STATE_DIR}: the gateway's state (config, sessions) is lost on every restart; the typed gateway mounts its config volume there (kept as written by an override)`,
    );
  }
  const mounts = parsedVolumes.filter((v) => v !== configVolume);
  for (const m of mounts) report.push(`openclaw: ${m.source}:${m.target} -> mounts (a bind mount)`);

  // --- service: check, tags ------------------------------------------------------------------
  const service = group.service?.[0];
  const tags = (Array.isArray(service?.tags) ? service.tags : []).map(String);
  const homepage: Record<string, string> = {};
  for (const tag of tags) {
    const m = /^homepage\.(group|name|icon|description)=(.*)$/.exec(tag);
    if (m) homepage[m[1]] = m[2];
  }
  const check = service?.check?.[0];
  const healthCheck =
    check !== undefined && (check.type === 'http' || check.type === 'tcp')
      ? {
          type: check.type,
          ...(str(check.path) !== undefined ? { path: str(check.path) } : {}),
          ...(str(check.interval) !== undefined ? { interval: str(check.interval) } : {}),
          ...(str(check.timeout) !== undefined ? { timeout: str(check.timeout) } : {}),
          ...(str(check.checkRestart?.grace) !== undefined
            ? { grace: str(check.checkRestart?.grace) }
            : {}),
        }
      : undefined;

  // --- env ------------------------------------------------------------------------------------
  const env: Record<string, string | { secret: string }> = {};
  for (const [k, v] of Object.entries(task.env ?? {})) {
    if (GATEWAY_OWN_ENV.has(k)) continue;
    if (typeof v !== 'string') refuse(`env ${k} is not a plain string`);
    env[k] = v as string;
  }
  for (const [k, key] of Object.entries(secretEnv)) env[k] = { secret: key };

  // --- openclaw.json ---------------------------------------------------------------------------
  const typed: Rec = {};
  const configOverrides: Rec = {};
  // openclaw.json rendered by a template of the job itself: read from there, and the typed
  // gateway renders it the same way (configFile template).
  const configTemplate = (task.template ?? []).find(
    (t) =>
      t.env !== true && typeof t.destination === 'string' && /openclaw\.json$/.test(t.destination),
  );
  let configFile: 'volume' | 'template' = 'volume';
  // Every other template of the task: typed `templates`, after the gateway's own.
  const templates = (task.template ?? [])
    .filter((t) => t !== secretTemplate.template && t !== configTemplate)
    .map((t) => ({
      destination: str(t.destination) ?? refuse('a template has no plain destination'),
      data: str(t.data) ?? refuse(`template ${String(t.destination)} has no inline data`),
      ...(t.env === true ? { env: true } : {}),
      ...(str(t.changeMode) !== undefined ? { changeMode: str(t.changeMode) } : {}),
      ...(str(t.perms) !== undefined ? { perms: str(t.perms) } : {}),
    }));
  for (const t of templates) report.push(`openclaw: template ${t.destination} -> templates`);
  if (input.config !== undefined) {
    mapConfig(input.config, env, typed, configOverrides, report, warnings);
  } else if (configTemplate !== undefined && typeof configTemplate.data === 'string') {
    const file = `the jobspec's template ${String(configTemplate.destination)}`;
    const scan = redactLiteralSecrets(configTemplate.data);
    if (scan.found.length > 0) {
      refuse(`${file} holds a literal credential (its overrides would copy it)`);
    }
    configFile = 'template';
    mapConfig(
      { file, text: configTemplate.data, redacted: [] },
      env,
      typed,
      configOverrides,
      report,
      warnings,
    );
  } else {
    report.push(
      "openclaw: no openclaw.json beside the module; the typed gateway renders its own (agents: OpenClaw's implicit main)",
    );
  }

  // --- site-wide values from the module's standard variables ---------------------------------
  const site: Rec = {};
  for (const [field, variable] of [
    ['region', 'region'],
    ['datacenter', 'datacenter'],
    ['domain', 'domain'],
    ['certresolver', 'certresolver'],
    ['dns', 'dns'],
  ] as const) {
    const d = defaultOf(input, variable);
    if (d !== undefined) site[field] = d;
  }
  const nomad = defaultOf(input, 'nomad');
  if (typeof nomad === 'string') site.nomad = { address: nomad };
  const consul = defaultOf(input, 'consul');
  if (typeof consul === 'string') site.consul = { address: consul };
  const vaults = new Set(Object.values(input.secrets).map((s) => s.op.split('/')[2]));
  if (vaults.size === 1) site.onepassword = { vault: [...vaults][0] };
  if (bindMountRoot !== undefined) site.bindMountRoot = bindMountRoot;
  site.secrets = {
    backend: 'onepassword',
    items: Object.fromEntries(Object.entries(input.secrets).map(([k, s]) => [k, { op: s.op }])),
  };

  const ports = group.network?.port ?? [];
  const http = ports.find((p) => p.to === GATEWAY_PORT || p.static === GATEWAY_PORT);
  const r = task.resources;
  const entry: Rec = {
    name: job.name,
    ...(version !== undefined &&
    (SUPPORTED_OPENCLAW_VERSIONS as readonly string[]).includes(version)
      ? { openclawVersion: version }
      : {}),
    image: typeof defaultOf(input, 'image') === 'string' ? defaultOf(input, 'image') : image,
    bind: 'lan',
    tokenSecret,
    names: { group: group.name, task: task.name },
    ports: {
      ...(http?.static !== undefined ? { static: true, http: http.static } : { static: false }),
      ...(ports.some((p) => p.to === CANVAS_PORT || p.static === CANVAS_PORT)
        ? {}
        : { canvas: false }),
    },
    resources: {
      ...(typeof r?.cpu === 'number' ? { cpu: r.cpu } : {}),
      ...(typeof r?.memory === 'number' ? { memory: r.memory } : {}),
      ...(typeof r?.memoryMax === 'number' ? { memoryMax: r.memoryMax } : {}),
    },
    storage: hostVolumeMount !== undefined ? 'hostVolume' : 'bindMount',
    ...(mounts.length > 0
      ? {
          mounts: mounts.map((m) => ({
            source: m.source,
            target: m.target,
            ...(m.readOnly ? { readOnly: true } : {}),
          })),
        }
      : {}),
    ...(healthCheck !== undefined ? { healthCheck } : {}),
    configFile,
    ...(templates.length > 0 ? { templates } : {}),
    env,
    ...typed,
    ...(Object.keys(configOverrides).length > 0 ? { configOverrides } : {}),
    homepage:
      Object.keys(homepage).length > 0
        ? { ...homepage, href: tags.some((t) => t.startsWith('homepage.href=')) }
        : false,
    traefik: tags.includes('traefik.enable=true'),
    traefikMiddlewares: tags.flatMap((t) => {
      const m = /^traefik\.http\.routers\.[^.]+\.middlewares=(.*)$/.exec(t);
      return m ? m[1].split(',') : [];
    }),
    forcePull: cfg.force_pull === true,
    ...(str(cfg.image_pull_timeout) !== undefined
      ? { imagePullTimeout: str(cfg.image_pull_timeout) }
      : {}),
    backup: { enabled: false },
    variables: input.variables.filter((v) => !isStandardVariable(v.name)),
  };
  report.push(
    `openclaw: mapped onto gateways[0] "${job.name}" (group "${group.name}", task "${task.name}", configFile ${configFile}: ${configFile === 'volume' ? 'the job keeps reading ~/.openclaw/openclaw.json' : 'the job renders openclaw.json from a template'})`,
  );
  report.push(
    'openclaw: backup off (the hand-written module has no backup job; turning it on adds <name>-backup.nomad.hcl)',
  );
  for (const v of input.variables.filter((x) => !isStandardVariable(x.name))) {
    report.push(
      `variable "${v.name}" -> gateways[0].variables (declared with its default; the typed job holds the value it gave the hand-written job, so changing the variable no longer changes the job)`,
    );
  }
  site.gateways = [entry];

  // --- what the typed gateway renders differently: overrides ----------------------------------
  let parsed;
  try {
    parsed = siteSchema.parse(site);
  } catch (e) {
    return refuse(`the typed settings do not validate: ${(e as Error).message.split('\n')[0]}`);
  }
  let spec: GatewaySpec;
  try {
    const built = buildSite(parsed);
    spec = built.gateways[0];
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
    configIndex < 0 ? undefined : `group.${group.name}.task.${task.name}.template.${configIndex}`;
  const reason = (path: string): string => typedReason(path, configTemplatePath);
  entry.overrides = overrides.map((o) => {
    const why = `${o.value === undefined ? 'not in the hand-written job' : 'as the hand-written job has it'}; the typed gateway ${reason(o.path)}`;
    return o.value === undefined
      ? { path: o.path, remove: true, why }
      : { path: o.path, value: o.value, why };
  });
  for (const o of overrides) {
    report.push(
      `override: ${o.path} ${o.value === undefined ? 'removed' : 'kept as written'} (the typed gateway ${reason(o.path)}; delete the override to take it)`,
    );
  }
  return { site: site as SiteInput, report, warnings };
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

/**
 * openclaw.json -> typed agents, model providers and channels; the rest into configOverrides.
 * Provider keys and channel tokens become env references fed from the job's secrets.
 */
function mapConfig(
  source: NonNullable<GatewayImportInput['config']>,
  env: Record<string, string | { secret: string }>,
  typed: Rec,
  over: Rec,
  report: string[],
  warnings: string[],
): void {
  const { file, text, redacted } = source;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new GatewayNotTyped(
      `${file} is not plain JSON (JSON5 comments or trailing commas), so it cannot be read into typed settings`,
    );
  }
  if (!isRec(config)) throw new GatewayNotTyped(`${file} is not a JSON object`);
  let upgradedConfig: Rec;
  // An older dialect (agents.list, retired keys) brought to the pinned release's, each change reported.
  try {
    const upgraded = upgradeConfig(config, undefined, { where: `${file}: ` });
    for (const c of upgraded.changes) {
      report.push(`${file}: ${c.path} ${c.kind}${c.to ? ` -> ${c.to}` : ''} (${c.why})`);
    }
    upgradedConfig = upgraded.config;
  } catch (e) {
    if (isUserError(e)) throw new GatewayNotTyped(e.message.split('\n')[0]);
    throw e;
  }
  const secretOf = (name: string): string | undefined => {
    const v = env[name];
    return typeof v === 'object' ? v.secret : undefined;
  };
  let primary: { primary: string; fallbacks: string[] } | undefined;
  for (const [key, value] of Object.entries(upgradedConfig)) {
    if (key === 'gateway' && isRec(value)) {
      const { mode, bind, port, auth, ...rest } = value;
      void mode;
      void port;
      void auth;
      if (bind !== undefined && bind !== 'lan')
        warnings.push(
          `${file}: gateway.bind "${String(bind)}" becomes "lan" (the only bind a Nomad task can be reached on)`,
        );
      report.push(
        `openclaw.json: gateway (mode, bind, port, auth) -> the typed gateway's own (token auth from ${TOKEN_ENV})`,
      );
      if (Object.keys(rest).length > 0) {
        over.gateway = rest;
        report.push(
          `openclaw.json: gateway.${Object.keys(rest).join(', gateway.')} -> configOverrides (no typed setting)`,
        );
      }
    } else if (key === 'agents' && isRec(value)) {
      const list = Array.isArray(value.list)
        ? value.list
        : isRec(value.entries)
          ? Object.entries(value.entries).map(([id, a]) => ({ id, ...(isRec(a) ? a : {}) }))
          : [];
      const agents: Rec[] = [];
      list.forEach((a: unknown, i: number) => {
        if (!isRec(a)) return;
        const { model, ...rest } = a;
        const candidate: Rec = { ...rest };
        if (typeof model === 'string') candidate.model = model;
        else if (isRec(model) && typeof model.primary === 'string') candidate.model = model.primary;
        const known = Object.keys(agentSchema.shape);
        const typedPart = Object.fromEntries(
          Object.entries(candidate).filter(([k]) => known.includes(k)),
        );
        const restPart = Object.fromEntries(
          Object.entries(candidate).filter(([k]) => !known.includes(k)),
        );
        const ok = agentSchema.safeParse(typedPart);
        if (!ok.success)
          throw new GatewayNotTyped(
            `${file}: agents entry ${i} does not fit the typed agent settings`,
          );
        agents.push(typedPart);
        if (Object.keys(restPart).length > 0) {
          const entries = ((over.agents as Rec | undefined)?.entries as Rec | undefined) ?? {};
          entries[String(typedPart.id)] = restPart;
          over.agents = { ...(over.agents as Rec | undefined), entries };
          report.push(
            `openclaw.json: agents "${String(typedPart.id)}" ${Object.keys(restPart).join(', ')} -> configOverrides`,
          );
        }
      });
      if (agents.length > 0) {
        typed.agents = agents;
        report.push(
          `openclaw.json: agents (${agents.map((a) => String(a.id)).join(', ')}) -> gateways[0].agents${agents.some((a) => a.tools !== undefined) ? ', with their tool policies' : ''}`,
        );
      }
      const { list: _l, entries: _e, defaults, ...rest } = value;
      void _l;
      void _e;
      if (isRec(defaults)) {
        if (isRec(defaults.sandbox)) typed.agentDefaults = { sandbox: defaults.sandbox };
        const { sandbox: _s, model, ...other } = defaults;
        void _s;
        // The agents' model: typed (`models.primary`) once the providers are known, below.
        if (typeof model === 'string') primary = { primary: model, fallbacks: [] };
        else if (isRec(model) && typeof model.primary === 'string') {
          primary = {
            primary: model.primary,
            fallbacks: Array.isArray(model.fallbacks) ? model.fallbacks.map(String) : [],
          };
        } else if (model !== undefined) other.model = model;
        if (Object.keys(other).length > 0) {
          over.agents = { ...(over.agents as Rec | undefined), defaults: other };
          report.push(
            `openclaw.json: agents.defaults.${Object.keys(other).join(', agents.defaults.')} -> configOverrides`,
          );
        }
      }
      if (Object.keys(rest).length > 0) {
        over.agents = { ...(over.agents as Rec | undefined), ...rest };
        report.push(
          `openclaw.json: agents.${Object.keys(rest).join(', agents.')} -> configOverrides`,
        );
      }
    } else if (key === 'models' && isRec(value) && isRec(value.providers)) {
      const providers: Rec = {};
      const extraProviders: Rec = {};
      for (const [id, p] of Object.entries(value.providers)) {
        if (!isRec(p)) continue;
        const { baseUrl, apiKey, api, models, ...extra } = p;
        // Provider settings without a typed field (headers, ...): kept in configOverrides.
        if (Object.keys(extra).length > 0) {
          extraProviders[id] = extra;
          report.push(
            `openclaw.json: models.providers.${id}.${Object.keys(extra).join(`, models.providers.${id}.`)} -> configOverrides`,
          );
        }
        const keyRef =
          placeholder(apiKey) ??
          (isRec(apiKey) && apiKey.source === 'env' ? str(apiKey.id) : undefined);
        const literal = keyRef !== undefined && redacted.includes(keyRef);
        // The env that feeds the key: the one named, else the one an OpenAI-compatible client reads.
        const candidates = [
          ...(keyRef !== undefined && !literal ? [keyRef] : []),
          ...(id === 'anthropic'
            ? ['ANTHROPIC_API_KEY']
            : ['OPENAI_API_KEY', `${id.toUpperCase().replace(/-/g, '_')}_API_KEY`]),
        ];
        const fed = candidates.find((c) => secretOf(c) !== undefined);
        if (fed === undefined) {
          throw new GatewayNotTyped(
            `${file}: the key of model provider "${id}" is fed by no secret env of the job`,
          );
        }
        const secret = secretOf(fed)!;
        delete env[fed];
        if (literal) {
          warnings.push(
            `${file}: provider "${id}" had a literal apiKey (not copied); the typed provider reads ${fed}, which the job feeds from secret "${secret}": check it holds the same key`,
          );
        }
        if (typeof baseUrl === 'string') {
          providers[id] = {
            kind: 'openai-compatible',
            baseUrl,
            ...(typeof api === 'string' ? { api } : {}),
            apiKeySecret: secret,
            keyEnv: fed,
            ...(Array.isArray(models) && models.length > 0 ? { models } : {}),
          };
        } else if (id === 'anthropic') {
          providers[id] = { kind: 'anthropic', apiKeySecret: secret };
        } else {
          throw new GatewayNotTyped(
            `${file}: model provider "${id}" has no baseUrl and is not Anthropic`,
          );
        }
        report.push(
          `openclaw.json: models.providers.${id} -> gateways[0].models.providers.${id} (key from ${fed} <- secret "${secret}")`,
        );
      }
      typed.models = { providers };
      const { providers: _p, ...rest } = value;
      void _p;
      if (Object.keys(extraProviders).length > 0) over.models = { providers: extraProviders };
      if (Object.keys(rest).length > 0) {
        over.models = { ...(over.models as Rec | undefined), ...rest };
        report.push(
          `openclaw.json: models.${Object.keys(rest).join(', models.')} -> configOverrides`,
        );
      }
    } else if (key === 'channels' && isRec(value)) {
      const ok = channelsSchema.safeParse(value);
      if (ok.success) {
        typed.channels = value;
        report.push(
          `openclaw.json: channels (${Object.keys(value).join(', ')}) -> gateways[0].channels`,
        );
      } else {
        over.channels = value;
        report.push(
          `openclaw.json: channels -> configOverrides (they do not fit the typed channel settings)`,
        );
      }
    } else {
      over[key] = value;
      report.push(`openclaw.json: ${key} -> configOverrides (no typed setting)`);
    }
  }
  if (primary !== undefined) {
    const providers = ((typed.models as Rec | undefined)?.providers as Rec | undefined) ?? {};
    // The built-in Anthropic provider reads ANTHROPIC_API_KEY: typed when the job feeds it.
    const refs = [primary.primary, ...primary.fallbacks].map((r) => r.split('/')[0]);
    const anthropicSecret = secretOf('ANTHROPIC_API_KEY');
    if (refs.includes('anthropic') && providers.anthropic === undefined && anthropicSecret) {
      providers.anthropic = { kind: 'anthropic', apiKeySecret: anthropicSecret };
      delete env.ANTHROPIC_API_KEY;
      report.push(
        `openclaw.json: the built-in anthropic provider -> gateways[0].models.providers.anthropic (key from ANTHROPIC_API_KEY <- secret "${anthropicSecret}")`,
      );
    }
    if (refs.every((r) => providers[r] !== undefined)) {
      typed.models = { ...(typed.models as Rec | undefined), providers, ...primary };
      report.push('openclaw.json: agents.defaults.model -> gateways[0].models.primary/fallbacks');
    } else {
      const defaults = ((over.agents as Rec | undefined)?.defaults as Rec | undefined) ?? {};
      over.agents = {
        ...(over.agents as Rec | undefined),
        defaults: { ...defaults, model: primary },
      };
      report.push(
        'openclaw.json: agents.defaults.model -> configOverrides (it names a provider without a typed setting)',
      );
    }
  }
  // A literal credential the mapping could not tie to a secret the job feeds: a placeholder
  // now, which the gateway cannot expand until something feeds it.
  for (const r of redacted) {
    if (JSON.stringify([over, typed]).includes(`\${${r}}`) && secretOf(r) === undefined) {
      warnings.push(
        `${file}: a literal credential became \${${r}} (not copied); store it in 1Password (secrets.items) and feed ${r} to the gateway (env: { ${r}: { secret: <name> } })`,
      );
    }
  }
}
