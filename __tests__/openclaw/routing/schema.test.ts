import {
  agentSchema,
  agentWorkspace,
  bindingSchema,
  channelsSchema,
  defaultAgentId,
} from '../../../lib/openclaw/routing/schema';

function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('channelsSchema: tokens are placeholders', () => {
  test('accepts ${ENV} placeholders', () => {
    const r = channelsSchema.safeParse({
      discord: { accounts: { homebot: { token: '${DISCORD_HOME}', name: 'Home Bot' } } },
      slack: { botToken: '${SLACK_BOT_TOKEN}', appToken: '${SLACK_APP_TOKEN}' },
      telegram: { botToken: '${TELEGRAM_BOT_TOKEN}' },
    });
    expect(r.success).toBe(true);
  });

  test.each([
    [
      'discord.accounts.homebot.token',
      { discord: { accounts: { homebot: { token: 'Bot MTIzNDU2.abc.def' } } } },
    ],
    ['telegram.botToken', { telegram: { botToken: '123456:ABC-DEF1234ghIkl' } }],
    ['slack.botToken', { slack: { botToken: 'xoxb-1234-5678-abcdef' } }],
    ['slack.appToken', { slack: { botToken: '${SLACK_BOT}', appToken: 'xapp-1-A1-2-abc' } }],
    ['discord.token', { discord: { token: '$DISCORD_TOKEN' } }],
  ])('rejects a literal token at %s, without echoing it', (path, input) => {
    const r = channelsSchema.safeParse(input);
    expect(r.success).toBe(false);
    const [msg] = issues(r);
    expect(
      msg.startsWith(`${path}: must be an environment placeholder like "\${DISCORD_BOT_TOKEN}"`),
    ).toBe(true);
    expect(msg).toContain('put the token in a secret (secrets.items)');
    const literal = path
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], input);
    expect(msg).not.toContain(String(literal));
  });

  test('unknown keys are errors', () => {
    const r = channelsSchema.safeParse({ discord: { tokn: '${X}' } });
    expect(issues(r)).toEqual(['discord: Unrecognized key: "tokn"']);
  });
});

describe('agentSchema and bindingSchema', () => {
  test('agent ids are lowercase slugs', () => {
    expect(agentSchema.safeParse({ id: 'personal' }).success).toBe(true);
    expect(issues(agentSchema.safeParse({ id: 'Personal' }))).toEqual([
      'id: must start with a lowercase letter and hold only a-z, 0-9, "_" and "-"',
    ]);
  });

  test('sandbox values are restricted', () => {
    expect(
      agentSchema.safeParse({ id: 'a', sandbox: { mode: 'all', workspaceAccess: 'ro' } }).success,
    ).toBe(true);
    expect(agentSchema.safeParse({ id: 'a', sandbox: { mode: 'some' } }).success).toBe(false);
  });

  test('binding match needs a known channel and a valid peer kind', () => {
    expect(
      bindingSchema.safeParse({ agentId: 'a', match: { channel: 'discord', guildId: '1' } })
        .success,
    ).toBe(true);
    expect(bindingSchema.safeParse({ agentId: 'a', match: { channel: 'irc' } }).success).toBe(
      false,
    );
    expect(
      bindingSchema.safeParse({
        agentId: 'a',
        match: { channel: 'slack', peer: { kind: 'room', id: 'C1' } },
      }).success,
    ).toBe(false);
  });

  test('default workspace is ~/.openclaw/workspace-<id>; an explicit one wins', () => {
    expect(agentWorkspace({ id: 'family' })).toBe('~/.openclaw/workspace-family');
    expect(agentWorkspace({ id: 'family', workspace: '~/.openclaw/fam' })).toBe('~/.openclaw/fam');
  });

  test('default agent: the marked one, else the first, else main', () => {
    expect(defaultAgentId([{ id: 'a' }, { id: 'b', default: true }])).toBe('b');
    expect(defaultAgentId([{ id: 'a' }, { id: 'b' }])).toBe('a');
    expect(defaultAgentId([])).toBe('main');
  });
});
