import { UserError } from '../../util/errors';
import { beats, covers, describeMatch, intersects, sameMatch } from './match';
import {
  type Agent,
  type Binding,
  type ChannelName,
  type Channels,
  defaultAgentId,
  IMPLICIT_AGENT_ID,
  placeholderVar,
} from './schema';

/**
 * Checks of a gateway's routing (agents, bindings, channels) against OpenClaw's rules, and of
 * the gateways of a site against each other. The model behind "shadowed" and "redundant" is
 * documented in `match.ts`.
 */

export type RoutingProblemCode =
  | 'duplicate-agent'
  | 'multiple-defaults'
  | 'unknown-agent'
  | 'guild-not-discord'
  | 'team-not-slack'
  | 'unknown-account'
  | 'channel-not-configured'
  | 'duplicate-match'
  | 'shadowed'
  | 'redundant'
  | 'no-route'
  | 'shared-discord-bot'
  | 'shared-telegram-bot';

export interface RoutingProblem {
  /** Errors stop the build; warnings are printed. */
  readonly severity: 'error' | 'warning';
  readonly code: RoutingProblemCode;
  /** Field path, e.g. `gateways[1].bindings[2]`. */
  readonly where: string;
  readonly rule: string;
  readonly fix: string;
}

/** The parts of a site gateway routing looks at. */
export interface RoutingGateway {
  /** Service name; used in cross-gateway messages. */
  readonly name?: string;
  /** @default - none: OpenClaw runs the implicit `main` agent */
  readonly agents?: readonly Agent[];
  /** @default - none */
  readonly bindings?: readonly Binding[];
  /** @default - none */
  readonly channels?: Channels;
  /** Gateway env: tells which secret feeds a token placeholder. @default - none */
  readonly env?: Readonly<Record<string, string | { readonly secret: string }>>;
}

/** The accounts a channel declares; undefined when any account id may occur. */
export function declaredAccounts(
  channels: Channels | undefined,
  channel: ChannelName,
): readonly string[] | undefined {
  const section = channels?.[channel];
  if (section === undefined) return undefined;
  const ids = Object.keys(section.accounts ?? {});
  // A channel-level token is OpenClaw's `default` account.
  const single =
    ('token' in section && section.token !== undefined) ||
    ('botToken' in section && section.botToken !== undefined);
  if (single) ids.push('default');
  return ids.length > 0 ? ids.sort() : undefined;
}

function agentProblems(agents: readonly Agent[], where: string): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const seen = new Map<string, number>();
  agents.forEach((a, i) => {
    const first = seen.get(a.id);
    if (first !== undefined) {
      problems.push({
        severity: 'error',
        code: 'duplicate-agent',
        where: `${where}.agents[${i}].id`,
        rule: `agent id "${a.id}" is already used by ${where}.agents[${first}]`,
        fix: 'give every agent a distinct id (it names its workspace and its sessions)',
      });
    } else {
      seen.set(a.id, i);
    }
  });
  const defaults = agents.flatMap((a, i) => (a.default === true ? [i] : []));
  if (defaults.length > 1) {
    problems.push({
      severity: 'error',
      code: 'multiple-defaults',
      where: `${where}.agents[${defaults[1]}].default`,
      rule: `${defaults.length} agents are marked default (${defaults.map((i) => agents[i].id).join(', ')})`,
      fix: 'mark exactly one agent `default: true`; it receives every message no binding claims',
    });
  }
  return problems;
}

function bindingFieldProblems(
  b: Binding,
  path: string,
  agentIds: ReadonlySet<string>,
  channels: Channels | undefined,
): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const m = b.match;
  if (!agentIds.has(b.agentId)) {
    problems.push({
      severity: 'error',
      code: 'unknown-agent',
      where: `${path}.agentId`,
      rule: `binds to agent "${b.agentId}", which is not in agents (known: ${[...agentIds].join(', ')})`,
      fix: `add an agent with id "${b.agentId}" to agents, or bind to one of the known agents`,
    });
  }
  if (m.guildId !== undefined && m.channel !== 'discord') {
    problems.push({
      severity: 'error',
      code: 'guild-not-discord',
      where: `${path}.match.guildId`,
      rule: `guildId only applies to discord, but the channel is ${m.channel}`,
      fix: 'remove guildId, or set match.channel to "discord"',
    });
  }
  if (m.teamId !== undefined && m.channel !== 'slack') {
    problems.push({
      severity: 'error',
      code: 'team-not-slack',
      where: `${path}.match.teamId`,
      rule: `teamId only applies to slack, but the channel is ${m.channel}`,
      fix: 'remove teamId, or set match.channel to "slack"',
    });
  }
  const accounts = declaredAccounts(channels, m.channel);
  if (m.accountId !== undefined && accounts !== undefined && !accounts.includes(m.accountId)) {
    problems.push({
      severity: 'error',
      code: 'unknown-account',
      where: `${path}.match.accountId`,
      rule: `account "${m.accountId}" is not an account of channels.${m.channel} (accounts: ${accounts.join(', ')}), so the binding never matches`,
      fix: `use one of ${accounts.join(', ')}, or add "${m.accountId}" to channels.${m.channel}.accounts`,
    });
  }
  if (channels?.[m.channel] === undefined) {
    problems.push({
      severity: 'warning',
      code: 'channel-not-configured',
      where: `${path}.match.channel`,
      rule: `channel ${m.channel} is not configured in channels`,
      fix: `add a channels.${m.channel} section, or remove the binding`,
    });
  }
  return problems;
}

/** Bindings that beat `b` and cover it, or cover it for each declared account; empty if none. */
function shadowers(
  bindings: readonly Binding[],
  bi: number,
  accounts: readonly string[] | undefined,
): number[] | undefined {
  const b = bindings[bi].match;
  const beating = (m: typeof b): number | undefined => {
    const i = bindings.findIndex(
      (a, ai) => ai !== bi && beats(a.match, ai, b, bi) && covers(a.match, m),
    );
    return i < 0 ? undefined : i;
  };
  const whole = beating(b);
  if (whole !== undefined) return [whole];
  if (b.accountId !== undefined || accounts === undefined) return undefined;
  const perAccount = accounts.map((k) => beating({ ...b, accountId: k }));
  if (perAccount.some((i) => i === undefined)) return undefined;
  return [...new Set(perAccount as number[])].sort((x, y) => x - y);
}

/** A binding of the same agent that makes `bi` unnecessary, per the model in match.ts. */
function redundantWith(bindings: readonly Binding[], bi: number): number | undefined {
  const b = bindings[bi];
  const i = bindings.findIndex((a, ai) => {
    // Equal matches are duplicates, reported on the later one only.
    if (ai === bi || a.agentId !== b.agentId || !covers(a.match, b.match)) return false;
    if (sameMatch(a.match, b.match)) return false;
    return !bindings.some(
      (c, ci) =>
        c.agentId !== b.agentId &&
        intersects(c.match, b.match) &&
        beats(b.match, bi, c.match, ci) &&
        beats(c.match, ci, a.match, ai),
    );
  });
  return i < 0 ? undefined : i;
}

function bindingOrderProblems(
  bindings: readonly Binding[],
  where: string,
  channels: Channels | undefined,
): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  bindings.forEach((b, bi) => {
    const path = `${where}.bindings[${bi}]`;
    const desc = describeMatch(b.match);
    const dup = bindings.findIndex((a, ai) => ai < bi && sameMatch(a.match, b.match));
    if (dup >= 0) {
      const other = bindings[dup];
      problems.push(
        other.agentId === b.agentId
          ? {
              severity: 'warning',
              code: 'duplicate-match',
              where: path,
              rule: `same match (${desc}) and agent as ${where}.bindings[${dup}]`,
              fix: 'remove one of the two bindings',
            }
          : {
              severity: 'error',
              code: 'duplicate-match',
              where: path,
              rule: `same match (${desc}) as ${where}.bindings[${dup}], which routes to "${other.agentId}" and wins because it is listed first; "${b.agentId}" never receives these messages`,
              fix: `remove one of the two bindings, or narrow this one (peer, guildId, teamId or accountId)`,
            },
      );
      return;
    }
    const by = shadowers(bindings, bi, declaredAccounts(channels, b.match.channel));
    if (by !== undefined) {
      const names = by.map((i) => `${where}.bindings[${i}]`).join(', ');
      problems.push({
        severity: 'error',
        code: 'shadowed',
        where: path,
        rule: `binding (${desc} -> ${b.agentId}) can never win: ${names} ${by.length > 1 ? 'match' : 'matches'} every message it matches and ${by.length > 1 ? 'take' : 'takes'} precedence (most specific wins: peer > guildId > teamId > accountId > channel; then list order)`,
        fix: 'remove it, or make it more specific than the binding that shadows it (or list it first if both have the same specificity)',
      });
      return;
    }
    const red = redundantWith(bindings, bi);
    if (red !== undefined) {
      problems.push({
        severity: 'warning',
        code: 'redundant',
        where: path,
        rule: `binding (${desc}) is redundant: ${where}.bindings[${red}] (${describeMatch(bindings[red].match)}) already routes all of its messages to "${b.agentId}"`,
        fix: 'remove it',
      });
    }
  });
  return problems;
}

/**
 * Routing problems of one gateway. `where` prefixes every path (`gateways[1]`).
 */
export function validateRouting(gateway: RoutingGateway, where = 'gateway'): RoutingProblem[] {
  const agents = gateway.agents ?? [];
  const bindings = gateway.bindings ?? [];
  const agentIds = new Set(agents.length > 0 ? agents.map((a) => a.id) : [IMPLICIT_AGENT_ID]);
  const problems = agentProblems(agents, where);
  bindings.forEach((b, i) => {
    problems.push(
      ...bindingFieldProblems(b, `${where}.bindings[${i}]`, agentIds, gateway.channels),
    );
  });
  problems.push(...bindingOrderProblems(bindings, where, gateway.channels));
  const fallback = defaultAgentId(agents);
  agents.forEach((a, i) => {
    if (a.id === fallback || bindings.some((b) => b.agentId === a.id)) return;
    problems.push({
      severity: 'warning',
      code: 'no-route',
      where: `${where}.agents[${i}]`,
      rule: `agent "${a.id}" has no route: no binding names it and it is not the default agent ("${fallback}")`,
      fix: `add a binding with agentId "${a.id}", mark it default: true, or remove it`,
    });
  });
  return problems;
}

/** One Discord bot a gateway runs, identified by the secret (or env var) behind its token. */
interface DiscordBot {
  readonly where: string;
  readonly identity: string;
  readonly label: string;
  /** Guild ids it answers in; undefined = every server it has joined. */
  readonly guilds: readonly string[] | undefined;
}

/**
 * Which bot a token placeholder stands for: the secret that feeds its env variable (two gateways
 * reading the same secret run the same bot), else the variable itself.
 */
function tokenIdentity(
  gateway: RoutingGateway,
  token: string,
): { readonly identity: string; readonly label: string } {
  const envVar = placeholderVar(token) ?? token;
  const fed = gateway.env?.[envVar];
  const secret = typeof fed === 'object' ? fed.secret : undefined;
  return {
    identity: secret !== undefined ? `secret:${secret}` : `env:${envVar}`,
    label: secret !== undefined ? `token ${token} from secret "${secret}"` : `token ${token}`,
  };
}

function discordBots(gateway: RoutingGateway, where: string): DiscordBot[] {
  const discord = gateway.channels?.discord;
  if (discord === undefined || discord.enabled === false) return [];
  const bot = (
    path: string,
    token: string,
    guilds: Readonly<Record<string, unknown>> | undefined,
  ): DiscordBot => ({
    where: path,
    ...tokenIdentity(gateway, token),
    guilds: guilds === undefined ? undefined : Object.keys(guilds).sort(),
  });
  const base = `${where}.channels.discord`;
  const bots: DiscordBot[] = [];
  if (discord.token !== undefined) bots.push(bot(`${base}.token`, discord.token, discord.guilds));
  for (const [id, acct] of Object.entries(discord.accounts ?? {})) {
    bots.push(bot(`${base}.accounts.${id}`, acct.token, acct.guilds ?? discord.guilds));
  }
  return bots;
}

function telegramBots(gateway: RoutingGateway, where: string): Omit<DiscordBot, 'guilds'>[] {
  const telegram = gateway.channels?.telegram;
  if (telegram === undefined || telegram.enabled === false) return [];
  const base = `${where}.channels.telegram`;
  const tokens: [string, string][] = [];
  if (telegram.botToken !== undefined) tokens.push([`${base}.botToken`, telegram.botToken]);
  for (const [id, acct] of Object.entries(telegram.accounts ?? {})) {
    tokens.push([`${base}.accounts.${id}.botToken`, acct.botToken]);
  }
  return tokens.map(([path, token]) => ({ where: path, ...tokenIdentity(gateway, token) }));
}

/**
 * Every pair of bots with the same identity in two different gateways, later gateway first:
 * one walk for each channel's clash check.
 */
function* sameBotPairs<B extends { readonly identity: string }>(
  perGateway: readonly (readonly B[])[],
): Generator<{ later: B; earlier: B; j: number; i: number }> {
  for (let j = 0; j < perGateway.length; j++) {
    for (let i = 0; i < j; i++) {
      for (const later of perGateway[j]) {
        const earlier = perGateway[i].find((b) => b.identity === later.identity);
        if (earlier !== undefined) yield { later, earlier, j, i };
      }
    }
  }
}

/**
 * Problems between the gateways of a site: two gateways answering the same Discord server with
 * the same bot both reply to every message there; two gateways polling the same Telegram bot
 * take updates from each other (Telegram serves one `getUpdates` consumer per bot).
 */
export function validateCrossGateway(gateways: readonly RoutingGateway[]): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const name = (k: number): string => gateways[k].name ?? `gateways[${k}]`;
  const telegram = gateways.map((g, i) => telegramBots(g, `gateways[${i}]`));
  for (const { later, earlier, j, i } of sameBotPairs(telegram)) {
    problems.push({
      severity: 'error',
      code: 'shared-telegram-bot',
      where: later.where,
      rule: `gateway "${name(j)}" and gateway "${name(i)}" (${earlier.where}) use the same Telegram bot (${later.label}); Telegram hands each update to one poller, so each gateway would miss the messages the other takes`,
      fix: 'create a bot per gateway with @BotFather and give each its own token secret',
    });
  }
  const discord = gateways.map((g, i) => discordBots(g, `gateways[${i}]`));
  for (const { later, earlier, j, i } of sameBotPairs(discord)) {
    const shared =
      earlier.guilds === undefined
        ? later.guilds
        : later.guilds === undefined
          ? earlier.guilds
          : earlier.guilds.filter((g) => later.guilds?.includes(g));
    if (shared !== undefined && shared.length === 0) continue;
    const servers =
      shared === undefined
        ? 'every Discord server the bot has joined'
        : `Discord server ${shared.join(', ')}`;
    problems.push({
      severity: 'error',
      code: 'shared-discord-bot',
      where: later.where,
      rule: `gateway "${name(j)}" and gateway "${name(i)}" (${earlier.where}) use the same Discord bot (${later.label}) in ${servers}; both gateways would reply to every message there`,
      fix: 'give each gateway its own Discord bot (a separate application and token secret), or limit each account to different servers with guilds',
    });
  }
  return problems;
}

/**
 * Turns problems into the build's outcome: throws a UserError for the first error (listing the
 * others in the fix), returns the warnings.
 */
export function assertRouting(problems: readonly RoutingProblem[]): RoutingProblem[] {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const [first, ...rest] = errors;
    const more = rest.map((p) => `\n  also ${p.where}: ${p.rule}`).join('');
    throw new UserError(first.where, first.rule, `${first.fix}${more}`);
  }
  return problems.filter((p) => p.severity === 'warning');
}
