import { UserError } from '../../util/errors';
import { DEFAULT_OPENCLAW_VERSION, type OpenClawVersion } from '../versions';
import { validateConfig } from './validate';

/**
 * An older openclaw.json brought to the pinned release's dialect. The rules restate, in our
 * words, the legacy migrations of the release's `openclaw doctor --fix` that a hand-written
 * Octant file meets (`src/commands/doctor/shared/legacy-config-migrations.*` upstream); the e2e
 * tier checks the result with the release's own `config validate`. Every change is reported;
 * a key neither a rule nor the schema knows is kept and reported, so validation refuses it with
 * its reason instead of it vanishing.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ConfigChange {
  /** `moved` (to `to`), `rewritten` (value or shape), `removed` (retired, ignored by the
   * release), `unknown` (kept as written: validation refuses it). */
  readonly kind: 'moved' | 'rewritten' | 'removed' | 'unknown';
  /** Where it was, e.g. `agents.list` or `session.typingMode`. */
  readonly path: string;
  readonly to?: string;
  readonly why: string;
}

export interface UpgradeResult {
  readonly config: JsonObject;
  readonly changes: readonly ConfigChange[];
  /** The release the file was written for, as hinted (or "unknown"). */
  readonly from: string;
  readonly to: OpenClawVersion;
}

/** Keys that moved: [from, to, why]. `*` is any key of that map (an agent id). */
const MOVES: readonly (readonly [string, string, string])[] = [
  ['session.typingMode', 'agents.defaults.typingMode', 'typing mode is an agent setting now'],
  ['routing.groupChat.historyLimit', 'messages.groupChat.historyLimit', 'routing was split up'],
  [
    'routing.groupChat.mentionPatterns',
    'messages.groupChat.mentionPatterns',
    'routing was split up',
  ],
  ['routing.allowFrom', 'channels.whatsapp.allowFrom', 'routing.allowFrom was WhatsApp-only'],
  ['memorySearch', 'memory.search', 'memory settings live under memory'],
  ['agents.defaults.memorySearch', 'memory.search', 'memory settings live under memory'],
  [
    'agents.entries.*.memorySearch',
    'agents.entries.*.memory.search',
    'memory settings live under memory',
  ],
  ['agents.defaults.embeddedPi', 'agents.defaults.embeddedAgent', 'renamed'],
  ['agents.entries.*.embeddedPi', 'agents.entries.*.embeddedAgent', 'renamed'],
  ['session.threadBindings.ttlHours', 'session.threadBindings.idleHours', 'renamed'],
];

/** Retired keys the release ignores: [path, why]. */
const RETIRED: readonly (readonly [string, string])[] = [
  ['agents.defaults.systemPromptOverride', 'OpenClaw owns the generated system prompt'],
  ['agents.entries.*.systemPromptOverride', 'OpenClaw owns the generated system prompt'],
  ['agents.defaults.silentReplyRewrite', 'exact NO_REPLY is no longer rewritten'],
  ['agents.defaults.embeddedHarness', 'legacy and ignored: runtime policy is per provider/model'],
  ['agents.entries.*.embeddedHarness', 'legacy and ignored: runtime policy is per provider/model'],
  ['gateway.webchat', 'webchat is retired'],
  ['channels.webchat', 'webchat is retired'],
  ['cron.runLog', 'run history has a fixed per-job retention'],
  ['gateway.controlUi.dangerouslyDisableDeviceAuth', 'retired and ignored: browsers pair'],
  ['gateway.controlUi.toolTitles', 'retired: tool activity uses agent-provided descriptions'],
];

/** The concrete paths a pattern matches in `config` (with `*` expanded), as key lists. */
function expand(config: JsonObject, pattern: string): string[][] {
  let paths: string[][] = [[]];
  for (const step of pattern.split('.')) {
    paths = paths.flatMap((p) => {
      const parent = get(config, p);
      if (!isObject(parent)) return [];
      const keys = step === '*' ? Object.keys(parent) : Object.hasOwn(parent, step) ? [step] : [];
      return keys.map((k) => [...p, k]);
    });
  }
  return paths;
}

function get(config: JsonObject, keys: readonly string[]): Json | undefined {
  let cur: Json | undefined = config;
  for (const k of keys) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

/** Removes the key and any parents it leaves empty. */
function remove(config: JsonObject, keys: readonly string[]): void {
  for (let n = keys.length; n > 0; n--) {
    const parent = get(config, keys.slice(0, n - 1));
    if (!isObject(parent)) return;
    const here = parent[keys[n - 1]];
    if (n < keys.length && !(isObject(here) && Object.keys(here).length === 0)) return;
    delete parent[keys[n - 1]];
  }
}

function set(config: JsonObject, keys: readonly string[], value: Json): void {
  let cur = config;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as JsonObject;
  }
  cur[keys[keys.length - 1]] = value;
}

/** `agents.list` (an array with ids) -> `agents.entries` (a map by id). */
function listToEntries(config: JsonObject, where: string, changes: ConfigChange[]): void {
  const agents = config.agents;
  if (!isObject(agents) || !Array.isArray(agents.list)) return;
  if (agents.entries !== undefined && agents.list.length > 0) {
    throw new UserError(
      `${where}agents.list`,
      'the file holds both agents.list (older releases) and agents.entries: which roster is meant is not clear, and one would be lost',
      'keep one: move the agents of agents.list into agents.entries (keyed by id), then remove agents.list',
    );
  }
  const entries: JsonObject = {};
  agents.list.forEach((a, i) => {
    const id = isObject(a) ? a.id : undefined;
    if (!isObject(a) || typeof id !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(id)) {
      throw new UserError(
        `${where}agents.list[${i}]`,
        'an agent of agents.list needs an id of lowercase letters, digits, "_" and "-" (its key in agents.entries)',
        'give it an id such as "main"',
      );
    }
    if (Object.hasOwn(entries, id)) {
      throw new UserError(
        `${where}agents.list[${i}].id`,
        `agent id "${id}" is listed twice; agents.entries holds one agent per id`,
        'give each agent its own id (it names its workspace and sessions)',
      );
    }
    const { id: _id, ...rest } = a;
    void _id;
    entries[id] = rest;
  });
  const { list: _list, ...others } = agents;
  void _list;
  config.agents = { ...others, entries };
  changes.push({
    kind: 'moved',
    path: 'agents.list',
    to: 'agents.entries',
    why: `the roster is a map keyed by agent id (${Object.keys(entries).join(', ') || 'empty'})`,
  });
}

/**
 * The retired `default: true` marker of a multi-agent roster -> explicit ownership with the
 * marked agent as the system agent (what the release does on load, with a warning).
 */
function defaultMarker(config: JsonObject, changes: ConfigChange[]): void {
  const agents = config.agents;
  const entries = isObject(agents) ? agents.entries : undefined;
  if (!isObject(agents) || !isObject(entries)) return;
  const marked = Object.keys(entries).filter((id) => {
    const e = entries[id];
    return isObject(e) && Object.hasOwn(e, 'default');
  });
  if (marked.length === 0 || Object.keys(entries).length < 2) return;
  const owner = marked.find((id) => (entries[id] as JsonObject).default === true);
  for (const id of marked) delete (entries[id] as JsonObject).default;
  changes.push({
    kind: 'rewritten',
    path: `agents.entries.${marked.join('/')}.default`,
    why: 'the release retired the default-agent marker of a roster: ownership is explicit',
  });
  if (agents.ownership === undefined) agents.ownership = 'explicit';
  const defaults = isObject(agents.defaults) ? agents.defaults : {};
  if (owner !== undefined && defaults.systemAgent === undefined) {
    agents.defaults = { ...defaults, systemAgent: { agentId: owner } };
    changes.push({
      kind: 'rewritten',
      path: `agents.entries.${owner}.default`,
      to: 'agents.defaults.systemAgent.agentId',
      why: 'the marked agent takes heartbeats and system work',
    });
  }
}

/** `peer.kind: "dm"` -> `"direct"` in bindings. */
function directPeers(config: JsonObject, changes: ConfigChange[]): void {
  if (!Array.isArray(config.bindings)) return;
  config.bindings.forEach((b, i) => {
    const peer = isObject(b) && isObject(b.match) ? b.match.peer : undefined;
    if (isObject(peer) && peer.kind === 'dm') {
      peer.kind = 'direct';
      changes.push({
        kind: 'rewritten',
        path: `bindings[${i}].match.peer.kind`,
        why: '"dm" is the retired spelling of a direct conversation ("direct")',
      });
    }
  });
}

function movesAndRetired(config: JsonObject, where: string, changes: ConfigChange[]): void {
  for (const [from, to, why] of MOVES) {
    for (const keys of expand(config, from)) {
      // A `*` of `to` stands where it stands in `from` (the same agent id).
      const target = to.split('.').map((s, i) => (s === '*' ? keys[i] : s));
      if (get(config, target) !== undefined) {
        throw new UserError(
          `${where}${keys.join('.')}`,
          `${keys.join('.')} moved to ${target.join('.')} (${why}), which the file also sets; one would be lost`,
          `keep one of the two: merge ${keys.join('.')} into ${target.join('.')} and remove it`,
        );
      }
      const value = get(config, keys) as Json;
      remove(config, keys);
      set(config, target, value);
      changes.push({ kind: 'moved', path: keys.join('.'), to: target.join('.'), why });
    }
  }
  for (const [path, why] of RETIRED) {
    for (const keys of expand(config, path)) {
      remove(config, keys);
      changes.push({ kind: 'removed', path: keys.join('.'), why: `retired: ${why}` });
    }
  }
}

/**
 * `raw` (a parsed openclaw.json) in the dialect of `version`, and what changed. `fromHint` is
 * the release the file was written for when known (`meta.lastTouchedVersion`, the image tag);
 * the rules apply by the shape they find, so a wrong hint changes nothing but the report.
 * `where` prefixes the paths of refusals (e.g. `openclaw.json: `... or a site path and a dot).
 */
export function upgradeConfig(
  raw: unknown,
  fromHint?: string,
  options: { readonly version?: OpenClawVersion; readonly where?: string } = {},
): UpgradeResult {
  const version = options.version ?? DEFAULT_OPENCLAW_VERSION;
  const where = options.where ?? '';
  if (!isObject(raw)) {
    throw new UserError(
      where || 'openclaw.json',
      'openclaw.json must hold a JSON object',
      'write the settings as one object { ... }',
    );
  }
  const config = structuredClone(raw);
  const changes: ConfigChange[] = [];
  listToEntries(config, where, changes);
  defaultMarker(config, changes);
  directPeers(config, changes);
  movesAndRetired(config, where, changes);
  const meta = isObject(raw.meta) ? raw.meta.lastTouchedVersion : undefined;
  const from = fromHint ?? (typeof meta === 'string' ? meta : 'unknown');
  for (const p of validateConfig(config, { version })) {
    if (p.kind !== 'unknown-key') continue;
    changes.push({ kind: 'unknown', path: p.path, why: `kept as written: ${p.rule}` });
  }
  return { config, changes, from, to: version };
}
