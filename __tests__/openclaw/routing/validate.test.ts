import {
  assertRouting,
  type RoutingGateway,
  type RoutingProblem,
  validateCrossGateway,
  validateRouting,
} from '../../../lib/openclaw/routing/validate';
import type { Agent, Binding, BindingMatch } from '../../../lib/openclaw/routing/schema';
import { UserError } from '../../../lib/util/errors';

const agents: Agent[] = [{ id: 'personal' }, { id: 'work' }, { id: 'family' }];

const bind = (agentId: string, match: BindingMatch): Binding => ({ agentId, match });

/** Channels configured for every test gateway, so only the problem under test shows. */
const allChannels = { whatsapp: {}, telegram: {}, discord: {}, slack: {} };

function problems(g: Partial<RoutingGateway>, where = 'gateways[1]'): RoutingProblem[] {
  return validateRouting({ agents, channels: allChannels, ...g }, where);
}

function only(list: RoutingProblem[], code: RoutingProblem['code']): RoutingProblem[] {
  return list.filter((p) => p.code === code);
}

describe('validateRouting: clean configurations', () => {
  test('the seed plan Discord example (guild A, guild B, a channel override) is clean', () => {
    const bindings = [
      bind('personal', { channel: 'discord', guildId: '111222333444' }),
      bind('work', { channel: 'discord', guildId: '555666777888' }),
      bind('work', { channel: 'discord', peer: { kind: 'channel', id: '987654321' } }),
      bind('family', { channel: 'telegram' }),
    ];
    expect(problems({ bindings })).toEqual([]);
  });

  test('a peer binding under a broader binding of another agent is not shadowed', () => {
    const bindings = [
      bind('personal', { channel: 'slack' }),
      bind('work', { channel: 'slack', peer: { kind: 'channel', id: 'C1' } }),
      bind('family', { channel: 'telegram' }),
    ];
    expect(problems({ bindings })).toEqual([]);
  });
});

describe('validateRouting: agents', () => {
  test('unknown agent', () => {
    const list = problems({
      bindings: [
        bind('personal', { channel: 'whatsapp' }),
        bind('work', { channel: 'telegram' }),
        bind('family', { channel: 'slack' }),
        bind('ghost', { channel: 'discord' }),
      ],
    });
    expect(list).toEqual([
      {
        severity: 'error',
        code: 'unknown-agent',
        where: 'gateways[1].bindings[3].agentId',
        rule: 'binds to agent "ghost", which is not in agents (known: personal, work, family)',
        fix: 'add an agent with id "ghost" to agents, or bind to one of the known agents',
      },
    ]);
  });

  test('without agents only the implicit main agent is known', () => {
    const list = validateRouting({
      bindings: [bind('main', { channel: 'telegram' })],
      channels: allChannels,
    });
    expect(list).toEqual([]);
    const bad = validateRouting({
      bindings: [bind('work', { channel: 'telegram' })],
      channels: allChannels,
    });
    expect(bad.map((p) => p.rule)).toEqual([
      'binds to agent "work", which is not in agents (known: main)',
    ]);
  });

  test('duplicate agent id', () => {
    const list = validateRouting({ agents: [{ id: 'a' }, { id: 'a' }] }, 'gateways[0]');
    expect(only(list, 'duplicate-agent')).toEqual([
      {
        severity: 'error',
        code: 'duplicate-agent',
        where: 'gateways[0].agents[1].id',
        rule: 'agent id "a" is already used by gateways[0].agents[0]',
        fix: 'give every agent a distinct id (it names its workspace and its sessions)',
      },
    ]);
  });

  test('more than one default agent', () => {
    const list = validateRouting({
      agents: [
        { id: 'a', default: true },
        { id: 'b', default: true },
      ],
    });
    expect(only(list, 'multiple-defaults')).toEqual([
      {
        severity: 'error',
        code: 'multiple-defaults',
        where: 'gateway.agents[1].default',
        rule: '2 agents are marked default (a, b)',
        fix: 'mark exactly one agent `default: true`; it receives every message no binding claims',
      },
    ]);
  });

  test('an agent with no route (not default, no binding) is a warning; the first agent is the default', () => {
    const list = problems({ bindings: [bind('work', { channel: 'telegram' })] });
    expect(list).toEqual([
      {
        severity: 'warning',
        code: 'no-route',
        where: 'gateways[1].agents[2]',
        rule: 'agent "family" has no route: no binding names it and it is not the default agent ("personal")',
        fix: 'add a binding with agentId "family", mark it default: true, or remove it',
      },
    ]);
  });

  test('an explicit default agent moves the fallback', () => {
    const list = problems({
      agents: [{ id: 'personal' }, { id: 'family', default: true }],
      bindings: [],
    });
    expect(list.map((p) => p.rule)).toEqual([
      'agent "personal" has no route: no binding names it and it is not the default agent ("family")',
    ]);
  });
});

describe('validateRouting: match fields', () => {
  const routed = [
    bind('personal', { channel: 'whatsapp' }),
    bind('family', { channel: 'whatsapp', accountId: 'x' }),
  ];

  test('guildId only with discord', () => {
    const list = problems({
      bindings: [...routed, bind('work', { channel: 'slack', guildId: '1' })],
    });
    expect(only(list, 'guild-not-discord')).toEqual([
      {
        severity: 'error',
        code: 'guild-not-discord',
        where: 'gateways[1].bindings[2].match.guildId',
        rule: 'guildId only applies to discord, but the channel is slack',
        fix: 'remove guildId, or set match.channel to "discord"',
      },
    ]);
  });

  test('teamId only with slack', () => {
    const list = problems({
      bindings: [...routed, bind('work', { channel: 'discord', teamId: 'T1' })],
    });
    expect(only(list, 'team-not-slack')).toEqual([
      {
        severity: 'error',
        code: 'team-not-slack',
        where: 'gateways[1].bindings[2].match.teamId',
        rule: 'teamId only applies to slack, but the channel is discord',
        fix: 'remove teamId, or set match.channel to "slack"',
      },
    ]);
  });

  test('accountId that the channel does not declare', () => {
    const channels = {
      ...allChannels,
      discord: {
        accounts: { homebot: { token: '${HOME_BOT}' }, workbot: { token: '${WORK_BOT}' } },
      },
    };
    const list = problems({
      channels,
      bindings: [...routed, bind('work', { channel: 'discord', accountId: 'hombot' })],
    });
    expect(only(list, 'unknown-account')).toEqual([
      {
        severity: 'error',
        code: 'unknown-account',
        where: 'gateways[1].bindings[2].match.accountId',
        rule: 'account "hombot" is not an account of channels.discord (accounts: homebot, workbot), so the binding never matches',
        fix: 'use one of homebot, workbot, or add "hombot" to channels.discord.accounts',
      },
    ]);
  });

  test('binding to a channel that is not configured is a warning', () => {
    const list = validateRouting({
      agents: [{ id: 'a' }],
      bindings: [bind('a', { channel: 'telegram' })],
    });
    expect(list).toEqual([
      {
        severity: 'warning',
        code: 'channel-not-configured',
        where: 'gateway.bindings[0].match.channel',
        rule: 'channel telegram is not configured in channels',
        fix: 'add a channels.telegram section, or remove the binding',
      },
    ]);
  });
});

describe('validateRouting: precedence', () => {
  test('same match, different agents: the later never wins (error)', () => {
    const list = problems({
      bindings: [
        bind('personal', { channel: 'discord', guildId: '1' }),
        bind('work', { channel: 'discord', guildId: '1' }),
        bind('family', { channel: 'telegram' }),
      ],
    });
    expect(list).toEqual([
      {
        severity: 'error',
        code: 'duplicate-match',
        where: 'gateways[1].bindings[1]',
        rule: 'same match (discord guildId=1) as gateways[1].bindings[0], which routes to "personal" and wins because it is listed first; "work" never receives these messages',
        fix: 'remove one of the two bindings, or narrow this one (peer, guildId, teamId or accountId)',
      },
    ]);
  });

  test('same match, same agent: a warning', () => {
    const list = problems({
      bindings: [
        bind('personal', { channel: 'whatsapp', peer: { kind: 'dm', id: '+1555' } }),
        bind('personal', { channel: 'whatsapp', peer: { kind: 'dm', id: '+1555' } }),
        bind('work', { channel: 'slack' }),
        bind('family', { channel: 'telegram' }),
      ],
    });
    expect(list).toEqual([
      {
        severity: 'warning',
        code: 'duplicate-match',
        where: 'gateways[1].bindings[1]',
        rule: 'same match (whatsapp peer=dm:+1555) and agent as gateways[1].bindings[0]',
        fix: 'remove one of the two bindings',
      },
    ]);
  });

  test('a narrower binding in the same tier listed after a broader one is shadowed', () => {
    const list = problems({
      bindings: [
        bind('personal', { channel: 'discord', guildId: '1' }),
        bind('work', { channel: 'discord', guildId: '1', accountId: 'homebot' }),
        bind('family', { channel: 'telegram' }),
      ],
    });
    expect(list).toEqual([
      {
        severity: 'error',
        code: 'shadowed',
        where: 'gateways[1].bindings[1]',
        rule: 'binding (discord accountId=homebot guildId=1 -> work) can never win: gateways[1].bindings[0] matches every message it matches and takes precedence (most specific wins: peer > guildId > teamId > accountId > channel; then list order)',
        fix: 'remove it, or make it more specific than the binding that shadows it (or list it first if both have the same specificity)',
      },
    ]);
  });

  test('listed first, the same narrower binding wins for its account and is fine', () => {
    const list = problems({
      bindings: [
        bind('work', { channel: 'discord', guildId: '1', accountId: 'homebot' }),
        bind('personal', { channel: 'discord', guildId: '1' }),
        bind('family', { channel: 'telegram' }),
      ],
    });
    expect(list).toEqual([]);
  });

  test('a channel-wide binding is shadowed when every declared account has its own binding', () => {
    const channels = {
      ...allChannels,
      discord: {
        accounts: { homebot: { token: '${HOME_BOT}' }, workbot: { token: '${WORK_BOT}' } },
      },
    };
    const bindings = [
      bind('family', { channel: 'discord' }),
      bind('personal', { channel: 'discord', accountId: 'homebot' }),
      bind('work', { channel: 'discord', accountId: 'workbot' }),
    ];
    expect(problems({ channels, bindings })).toEqual([
      {
        severity: 'error',
        code: 'shadowed',
        where: 'gateways[1].bindings[0]',
        rule: 'binding (discord -> family) can never win: gateways[1].bindings[1], gateways[1].bindings[2] match every message it matches and take precedence (most specific wins: peer > guildId > teamId > accountId > channel; then list order)',
        fix: 'remove it, or make it more specific than the binding that shadows it (or list it first if both have the same specificity)',
      },
    ]);
  });

  test('... but not when one account is left to it, nor when accounts are not declared', () => {
    const channels = {
      ...allChannels,
      discord: {
        accounts: { homebot: { token: '${HOME_BOT}' }, workbot: { token: '${WORK_BOT}' } },
      },
    };
    const bindings = [
      bind('family', { channel: 'discord' }),
      bind('personal', { channel: 'discord', accountId: 'homebot' }),
      bind('work', { channel: 'slack' }),
    ];
    expect(problems({ channels, bindings })).toEqual([]);
    const open = [
      bind('family', { channel: 'discord' }),
      bind('personal', { channel: 'discord', accountId: 'homebot' }),
      bind('work', { channel: 'discord', accountId: 'workbot' }),
    ];
    expect(problems({ bindings: open })).toEqual([]);
  });

  test('a channel-level token counts as the "default" account', () => {
    const channels = {
      ...allChannels,
      telegram: { botToken: '${TG_MAIN}', accounts: { alerts: { botToken: '${TG_ALERTS}' } } },
    };
    const bindings = [
      bind('family', { channel: 'telegram' }),
      bind('personal', { channel: 'telegram', accountId: 'default' }),
      bind('work', { channel: 'telegram', accountId: 'alerts' }),
    ];
    expect(only(problems({ channels, bindings }), 'shadowed').map((p) => p.where)).toEqual([
      'gateways[1].bindings[0]',
    ]);
  });

  test('a binding narrower than another of the same agent is redundant (warning)', () => {
    const list = problems({
      bindings: [
        bind('personal', { channel: 'whatsapp' }),
        bind('personal', { channel: 'whatsapp', peer: { kind: 'dm', id: '+1555' } }),
        bind('work', { channel: 'slack' }),
        bind('family', { channel: 'telegram' }),
      ],
    });
    expect(list).toEqual([
      {
        severity: 'warning',
        code: 'redundant',
        where: 'gateways[1].bindings[1]',
        rule: 'binding (whatsapp peer=dm:+1555) is redundant: gateways[1].bindings[0] (whatsapp) already routes all of its messages to "personal"',
        fix: 'remove it',
      },
    ]);
  });

  test('not redundant when another agent would take its messages without it', () => {
    // Without bindings[0] the peer's messages in guild 1 would go to "work" (guild beats channel).
    const list = problems({
      bindings: [
        bind('personal', { channel: 'discord', peer: { kind: 'channel', id: '42' } }),
        bind('work', { channel: 'discord', guildId: '1' }),
        bind('personal', { channel: 'discord' }),
        bind('family', { channel: 'telegram' }),
      ],
    });
    expect(list).toEqual([]);
  });
});

describe('validateCrossGateway', () => {
  const discordGateway = (
    name: string,
    guilds?: string[],
    secret = 'discord_bot_token',
  ): RoutingGateway => ({
    name,
    agents: [{ id: 'a' }],
    channels: {
      discord: {
        token: '${DISCORD_BOT_TOKEN}',
        ...(guilds ? { guilds: Object.fromEntries(guilds.map((g) => [g, {}])) } : {}),
      },
    },
    env: { DISCORD_BOT_TOKEN: { secret } },
  });

  test('two gateways, same bot, same server', () => {
    const list = validateCrossGateway([
      discordGateway('openclaw', ['111', '222']),
      discordGateway('lab', ['222']),
    ]);
    expect(list).toEqual([
      {
        severity: 'error',
        code: 'shared-discord-bot',
        where: 'gateways[1].channels.discord.token',
        rule: 'gateway "lab" and gateway "openclaw" (gateways[0].channels.discord.token) use the same Discord bot (token ${DISCORD_BOT_TOKEN} from secret "discord_bot_token") in Discord server 222; both gateways would reply to every message there',
        fix: 'give each gateway its own Discord bot (a separate application and token secret), or limit each account to different servers with guilds',
      },
    ]);
  });

  test('no server list means every server the bot joined', () => {
    const list = validateCrossGateway([discordGateway('openclaw'), discordGateway('lab')]);
    expect(list.map((p) => p.rule)).toEqual([
      'gateway "lab" and gateway "openclaw" (gateways[0].channels.discord.token) use the same Discord bot (token ${DISCORD_BOT_TOKEN} from secret "discord_bot_token") in every Discord server the bot has joined; both gateways would reply to every message there',
    ]);
  });

  test('same bot in disjoint servers, or different bots, is fine', () => {
    expect(validateCrossGateway([discordGateway('a', ['1']), discordGateway('b', ['2'])])).toEqual(
      [],
    );
    expect(
      validateCrossGateway([discordGateway('a'), discordGateway('b', undefined, 'other_bot')]),
    ).toEqual([]);
  });

  test('accounts are compared by the secret behind their placeholder', () => {
    const g0: RoutingGateway = {
      name: 'one',
      channels: { discord: { accounts: { home: { token: '${BOT_A}', guilds: { '9': {} } } } } },
      env: { BOT_A: { secret: 'shared' } },
    };
    const g1: RoutingGateway = {
      name: 'two',
      channels: { discord: { accounts: { other: { token: '${BOT_B}' } } } },
      env: { BOT_B: { secret: 'shared' } },
    };
    const list = validateCrossGateway([g0, g1]);
    expect(list.map((p) => [p.where, p.rule.includes('Discord server 9')])).toEqual([
      ['gateways[1].channels.discord.accounts.other', true],
    ]);
  });
});

describe('assertRouting', () => {
  test('throws a UserError naming the first error and listing the others', () => {
    const list = problems({
      bindings: [
        bind('ghost', { channel: 'telegram' }),
        bind('work', { channel: 'slack', guildId: '1' }),
      ],
    });
    let thrown: unknown;
    try {
      assertRouting(list);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserError);
    const err = thrown as UserError;
    expect(err.where).toBe('gateways[1].bindings[0].agentId');
    expect(err.fix).toContain(
      'also gateways[1].bindings[1].match.guildId: guildId only applies to discord',
    );
  });

  test('returns warnings when there are no errors', () => {
    const warnings = assertRouting(problems({ bindings: [bind('work', { channel: 'telegram' })] }));
    expect(warnings.map((p) => p.code)).toEqual(['no-route']);
  });

  const telegramGateway = (name: string, secret: string): RoutingGateway => ({
    name,
    agents: [{ id: 'a' }],
    channels: { telegram: { botToken: '${TELEGRAM_BOT_TOKEN}' } },
    env: { TELEGRAM_BOT_TOKEN: { secret } },
  });

  test('two gateways polling the same Telegram bot', () => {
    expect(
      validateCrossGateway([
        telegramGateway('openclaw', 'telegram_bot_token'),
        telegramGateway('lab', 'telegram_bot_token'),
      ]),
    ).toEqual([
      {
        severity: 'error',
        code: 'shared-telegram-bot',
        where: 'gateways[1].channels.telegram.botToken',
        rule: 'gateway "lab" and gateway "openclaw" (gateways[0].channels.telegram.botToken) use the same Telegram bot (token ${TELEGRAM_BOT_TOKEN} from secret "telegram_bot_token"); Telegram hands each update to one poller, so each gateway would miss the messages the other takes',
        fix: 'create a bot per gateway with @BotFather and give each its own token secret',
      },
    ]);
  });

  test('different Telegram bots, or the same env name fed by different secrets, is fine', () => {
    expect(
      validateCrossGateway([
        telegramGateway('openclaw', 'telegram_home'),
        telegramGateway('lab', 'telegram_lab'),
      ]),
    ).toEqual([]);
  });
});
