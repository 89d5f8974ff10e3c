import {
  type Agent,
  type AgentDefaults,
  agentWorkspace,
  type Binding,
  type BindingMatch,
  type Channels,
  type Sandbox,
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
}

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

function agent(a: Agent): JsonObject {
  const out: JsonObject = { id: a.id };
  if (a.name !== undefined) out.name = a.name;
  out.workspace = agentWorkspace(a);
  if (a.sandbox !== undefined) out.sandbox = sandbox(a.sandbox);
  if (a.default === true) out.default = true;
  return out;
}

function match(m: BindingMatch): JsonObject {
  const out: JsonObject = { channel: m.channel };
  if (m.accountId !== undefined) out.accountId = m.accountId;
  if (m.peer !== undefined) out.peer = { kind: m.peer.kind, id: m.peer.id };
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

/** The openclaw.json object, in output key order. */
export function openClawConfig(input: OpenClawJsonInput): JsonObject {
  const gateway: JsonObject = { bind: input.bind, port: input.port };
  if (input.tokenEnv !== undefined) {
    gateway.auth = { mode: 'token', token: `\${${input.tokenEnv}}` };
  }
  const config: JsonObject = { gateway };
  const agents = input.agents ?? [];
  if (agents.length > 0 || input.agentDefaults?.sandbox !== undefined) {
    const section: JsonObject = {};
    if (input.agentDefaults?.sandbox !== undefined) {
      section.defaults = { sandbox: sandbox(input.agentDefaults.sandbox) };
    }
    // No list keeps OpenClaw's implicit `main` agent, which then inherits the defaults.
    if (agents.length > 0) section.list = agents.map(agent);
    config.agents = section;
  }
  const bindings = input.bindings ?? [];
  if (bindings.length > 0) {
    config.bindings = bindings.map((b) => ({ agentId: b.agentId, match: match(b.match) }));
  }
  if (input.channels !== undefined && Object.keys(input.channels).length > 0) {
    config.channels = channels(input.channels);
  }
  return config;
}

/** openclaw.json text: 2-space JSON with a trailing newline. */
export function renderOpenClawJson(input: OpenClawJsonInput): string {
  return `${JSON.stringify(openClawConfig(input), null, 2)}\n`;
}
