import {
  dialectOf,
  DEFAULT_OPENCLAW_VERSION,
  type OpenClawDialect,
  type OpenClawVersion,
} from '../versions';
import type { OpenClawConfig } from '../config/types';
import { GATEWAY_DEFAULTS } from '../defaults';
import { assertConfig, displayConfigPath } from '../config/validate';
import { UserError, throwProblems } from '../../util/errors';
import { type ModelsConfig, type ProviderModel, providerKeyEnv } from './models';
import {
  type Agent,
  type AgentDefaults,
  agentWorkspace,
  type Binding,
  type BindingMatch,
  type Channels,
  type Sandbox,
  defaultAgentId,
} from './schema';

/**
 * The gateway's `openclaw.json` fragment: gateway listener and auth, agents, bindings and
 * channels. Keys are written in a fixed order and user maps (accounts, guilds) sorted, so the
 * same site always renders the same bytes. Secrets appear only as `${ENV}` placeholders that
 * OpenClaw expands from the container environment.
 */

export interface OpenClawJsonInput {
  /** What the gateway process binds to inside its network namespace. */
  readonly bind: 'loopback' | 'lan' | 'tailnet';
  /** Gateway port (web UI + WebSocket). */
  readonly port: number;
  /** @default - none: OpenClaw's implicit `main` agent */
  readonly agents?: readonly Agent[];
  /** @default - none */
  readonly agentDefaults?: AgentDefaults;
  /** @default - none */
  readonly bindings?: readonly Binding[];
  /** @default - none */
  readonly channels?: Channels;
  /**
   * Env var holding the gateway token: `gateway.auth` is token mode reading `${<tokenEnv>}`.
   * Without it there is no auth section, as for a loopback gateway with no token secret (a
   * placeholder naming an unset variable would not be expanded).
   * @default - no auth section
   */
  readonly tokenEnv?: string;
  /** The release whose dialect is written. @default DEFAULT_OPENCLAW_VERSION */
  readonly version?: OpenClawVersion;
  /** Model providers and the agents' model. @default - OpenClaw's defaults */
  readonly models?: ModelsConfig;
  /** OTLP export (`diagnostics.otel`). @default - no export */
  readonly otel?: { readonly endpoint: string; readonly serviceName: string };
  /**
   * openclaw.json as the release's schema types it, for every key the typed settings above do
   * not cover: the rendered settings are merged over it (objects key by key); a value both set
   * differently is refused. @default - none
   */
  readonly config?: OpenClawConfig;
  /**
   * Sections merged over the rendered object (objects key by key, anything else replaced).
   * @default - none
   */
  readonly overrides?: ConfigOverrides;
  /** Site path of this gateway, for errors (`gateways[0]`). @default GATEWAY_DEFAULTS.where */
  readonly where?: string;
}

/** openclaw.json values the typed settings do not cover (`configOverrides`). */
export type ConfigOverrides = { readonly [key: string]: Json };

type Json = string | number | boolean | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Copies `src` keys in the given order, skipping undefined values. */
function pick<T extends object>(src: T, keys: readonly (keyof T & string)[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) {
    const v = src[k];
    if (v !== undefined) out[k] = v as Json;
  }
  return out;
}

/** Sorted-key copy of a user map, each value shaped by `shape`. */
function sortedMap<V>(map: Readonly<Record<string, V>>, shape: (v: V) => Json): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(map).sort()) out[k] = shape(map[k]);
  return out;
}

function sandbox(s: Sandbox): JsonObject {
  return pick(s, ['mode', 'scope', 'workspaceAccess']);
}

/**
 * One roster entry (keyed by id). No `default: true`: the release retired the marker and would
 * rewrite a file carrying it; the default agent is expressed by ownership (see openClawConfig).
 */
function agent(a: Agent): JsonObject {
  const out: JsonObject = {};
  if (a.name !== undefined) out.name = a.name;
  out.workspace = agentWorkspace(a);
  if (a.model !== undefined) out.model = { primary: a.model };
  if (a.sandbox !== undefined) out.sandbox = sandbox(a.sandbox);
  if (a.tools !== undefined) out.tools = pick(a.tools, ['allow', 'deny']);
  return out;
}

function match(m: BindingMatch, directKind: string): JsonObject {
  const out: JsonObject = { channel: m.channel };
  if (m.accountId !== undefined) out.accountId = m.accountId;
  if (m.peer !== undefined) {
    // `dm` is the site's older spelling of a direct conversation.
    const kind = m.peer.kind === 'dm' || m.peer.kind === 'direct' ? directKind : m.peer.kind;
    out.peer = { kind, id: m.peer.id };
  }
  if (m.guildId !== undefined) out.guildId = m.guildId;
  if (m.teamId !== undefined) out.teamId = m.teamId;
  return out;
}

const COMMON = ['enabled', 'dmPolicy', 'allowFrom'] as const;

function channels(c: Channels): JsonObject {
  const out: JsonObject = {};
  const guilds = (g: Readonly<Record<string, { requireMention?: boolean }>>): JsonObject =>
    sortedMap(g, (v) => pick(v, ['requireMention']));
  if (c.whatsapp !== undefined) {
    const w = c.whatsapp;
    const section = pick(w, COMMON);
    if (w.accounts !== undefined)
      section.accounts = sortedMap(w.accounts, (a) => pick(a, ['name']));
    out.whatsapp = section;
  }
  if (c.telegram !== undefined) {
    const t = c.telegram;
    const section = pick(t, [...COMMON, 'botToken']);
    if (t.accounts !== undefined) {
      section.accounts = sortedMap(t.accounts, (a) => pick(a, ['name', 'botToken']));
    }
    out.telegram = section;
  }
  if (c.discord !== undefined) {
    const d = c.discord;
    const section = pick(d, [...COMMON, 'token']);
    if (d.guilds !== undefined) section.guilds = guilds(d.guilds);
    if (d.accounts !== undefined) {
      section.accounts = sortedMap(d.accounts, (a) => {
        const acct = pick(a, ['name', 'token']);
        if (a.guilds !== undefined) acct.guilds = guilds(a.guilds);
        return acct;
      });
    }
    out.discord = section;
  }
  if (c.slack !== undefined) {
    const s = c.slack;
    const section = pick(s, [...COMMON, 'botToken', 'appToken']);
    if (s.accounts !== undefined) {
      section.accounts = sortedMap(s.accounts, (a) => pick(a, ['name', 'botToken', 'appToken']));
    }
    out.slack = section;
  }
  return out;
}

function providerModel(m: ProviderModel): JsonObject {
  // The release requires a name; the site's default is the id.
  return pick({ ...m, name: m.name ?? m.id }, [
    'id',
    'name',
    'reasoning',
    'input',
    'contextWindow',
    'maxTokens',
  ]);
}

/** `models.providers`: OpenAI-compatible providers with their key as an env SecretRef. */
function modelProviders(models: ModelsConfig): JsonObject | undefined {
  const out: JsonObject = {};
  for (const id of Object.keys(models.providers).sort()) {
    const p = models.providers[id];
    // The built-in Anthropic provider reads ANTHROPIC_API_KEY from the environment itself.
    if (p.kind !== 'openai-compatible') continue;
    out[id] = {
      baseUrl: p.baseUrl,
      api: p.api,
      apiKey: { source: 'env', provider: 'default', id: providerKeyEnv(id, p) },
      ...(p.models !== undefined ? { models: p.models.map(providerModel) } : {}),
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The openclaw.json object, in output key order: `config` under the rendered settings,
 * `overrides` over them, checked against the release's schema (each problem named by the site
 * field it came from).
 */
export function openClawConfig(input: OpenClawJsonInput): JsonObject {
  const where = input.where ?? GATEWAY_DEFAULTS.where;
  const rendered = renderedConfig(input);
  const base = (input.config ?? {}) as JsonObject;
  const conflicts: UserError[] = [];
  const under = mergeUnder(base, rendered, [], (keys) =>
    conflicts.push(
      new UserError(
        `${where}.config.${displayConfigPath(base, keys)}`,
        `openclaw.json ${displayConfigPath(base, keys)} is also rendered from the typed settings, with another value`,
        'set it in one place: remove it from config and use the typed setting, or replace the rendered value with configOverrides',
      ),
    ),
  );
  throwProblems(conflicts);
  const config = input.overrides === undefined ? under : merge(under, input.overrides);
  const sources: readonly [string, Json | undefined][] = [
    [`${where}.configOverrides`, input.overrides as Json | undefined],
    [`${where}.config`, base],
  ];
  assertConfig(config, {
    version: input.version ?? DEFAULT_OPENCLAW_VERSION,
    origin: (keys) => originOf(sources, config, keys, where),
  });
  return config;
}

/** Depth of the longest prefix of `keys` that `value` holds. */
function heldDepth(value: Json | undefined, keys: readonly string[]): number {
  let cur: Json | undefined = value;
  let n = 0;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) break;
    const next: Json | undefined = Array.isArray(cur) ? cur[Number(k)] : (cur as JsonObject)[k];
    if (next === undefined) break;
    cur = next;
    n++;
  }
  return n;
}

/** The site field an openclaw.json path came from: the source holding most of it. */
function originOf(
  sources: readonly (readonly [string, Json | undefined])[],
  config: JsonObject,
  keys: readonly string[],
  where: string,
): string {
  const path = displayConfigPath(config, keys);
  let best: { at: string; depth: number } | undefined;
  for (const [at, value] of sources) {
    const depth = heldDepth(value, keys);
    if (depth > 0 && (best === undefined || depth > best.depth)) best = { at, depth };
  }
  return best === undefined
    ? `${where} (openclaw.json ${path}, rendered from the typed settings)`
    : `${best.at}.${path}`;
}

/** `over` merged into `base`, reporting each value both hold differently. */
function mergeUnder(
  base: JsonObject,
  over: JsonObject,
  at: readonly string[],
  conflict: (keys: readonly string[]) => void,
): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (isObj(b) && isObj(v)) out[k] = mergeUnder(b, v, [...at, k], conflict);
    else {
      if (b !== undefined && JSON.stringify(b) !== JSON.stringify(v)) conflict([...at, k]);
      out[k] = v;
    }
  }
  return out;
}

const isObj = (x: Json | undefined): x is JsonObject =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The `agents` section: the roster, its defaults and who owns system work; none without either. */
function agentsSection(input: OpenClawJsonInput, dialect: OpenClawDialect): JsonObject | undefined {
  const agents = input.agents ?? [];
  const multi = agents.length > 1;
  const owner = defaultAgentId(agents);
  const defaults: JsonObject = {};
  const models = input.models;
  if (models?.primary !== undefined) {
    defaults.model =
      models.fallbacks.length > 0
        ? { primary: models.primary, fallbacks: [...models.fallbacks] }
        : { primary: models.primary };
  }
  if (input.agentDefaults?.sandbox !== undefined) {
    defaults.sandbox = sandbox(input.agentDefaults.sandbox);
  }
  // A multi-agent roster has no implicit owner: heartbeats and system work go to the site's
  // default agent (else the release warns and keeps heartbeats off).
  if (multi) defaults.systemAgent = { agentId: owner };
  if (agents.length > 0 || Object.keys(defaults).length > 0) {
    const section: JsonObject = {};
    if (multi && dialect.explicitOwnership) section.ownership = 'explicit';
    if (Object.keys(defaults).length > 0) section.defaults = defaults;
    // No roster keeps OpenClaw's implicit `main` agent, which then inherits the defaults.
    if (agents.length > 0) {
      const entries: JsonObject = {};
      for (const a of agents) entries[a.id] = agent(a);
      section[dialect.agentsKey] = entries;
    }
    return section;
  }
  return undefined;
}

/**
 * The site's bindings, and with several agents a channel-wide binding to the default agent for
 * every configured channel no binding claims.
 */
function bindingsOf(
  input: OpenClawJsonInput,
  dialect: OpenClawDialect,
  channelNames: readonly (keyof Channels)[],
): JsonObject[] {
  const agents = input.agents ?? [];
  const multi = agents.length > 1;
  const owner = defaultAgentId(agents);
  const bindings: JsonObject[] = (input.bindings ?? []).map((b) => ({
    agentId: b.agentId,
    match: match(b.match, dialect.directPeerKind),
  }));
  if (multi) {
    // What the site's default agent received implicitly: every conversation of a configured
    // channel no binding claims. A channel-wide binding is the lowest routing tier.
    for (const ch of channelNames) {
      const claimed = (input.bindings ?? []).some(
        (b) =>
          b.match.channel === ch && b.match.accountId === '*' && Object.keys(b.match).length === 2,
      );
      if (!claimed) bindings.push({ agentId: owner, match: { channel: ch, accountId: '*' } });
    }
  }
  return bindings;
}

/** What the typed settings render. */
function renderedConfig(input: OpenClawJsonInput): JsonObject {
  const dialect = dialectOf(input.version ?? DEFAULT_OPENCLAW_VERSION);
  // Without gateway.mode the release refuses to start (exit 78, "missing gateway.mode").
  const gateway: JsonObject = { mode: dialect.gatewayMode, bind: input.bind, port: input.port };
  if (input.tokenEnv !== undefined) {
    gateway.auth = { mode: 'token', token: `\${${input.tokenEnv}}` };
  }
  const config: JsonObject = { gateway };
  const agents = agentsSection(input, dialect);
  if (agents !== undefined) config.agents = agents;
  const channelNames = Object.keys(input.channels ?? {}) as (keyof Channels)[];
  const bindings = bindingsOf(input, dialect, channelNames);
  if (bindings.length > 0) config.bindings = bindings;

  const models = input.models;
  if (models !== undefined) {
    const providers = modelProviders(models);
    if (providers !== undefined) config.models = { providers };
  }
  if (input.channels !== undefined && channelNames.length > 0) {
    config.channels = channels(input.channels);
  }
  // Channel plugins the release does not bundle: trusted explicitly, or the gateway leaves the
  // channel unstarted ("installed without explicit trust").
  const external = channelNames.filter((c) => dialect.externalChannelPlugins[c] !== undefined);
  if (external.length > 0) {
    const entries: JsonObject = {};
    for (const c of [...external].sort()) entries[c] = { enabled: true };
    config.plugins = { entries };
  }
  if (input.otel !== undefined) {
    config.diagnostics = {
      enabled: true,
      otel: {
        enabled: true,
        endpoint: input.otel.endpoint,
        protocol: dialect.otelProtocol,
        serviceName: input.otel.serviceName,
        traces: true,
        metrics: true,
        logs: true,
      },
    };
  }
  return config;
}

/** `over` merged into `base`: objects key by key, anything else replaced. */
function merge(base: JsonObject, over: ConfigOverrides): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObj(b) && isObj(v) ? merge(b, v) : v;
  }
  return out;
}

/** openclaw.json text: 2-space JSON with a trailing newline. */
export function renderOpenClawJson(input: OpenClawJsonInput): string {
  return `${JSON.stringify(openClawConfig(input), null, 2)}\n`;
}
