import {
  type OpenClawJsonInput,
  renderOpenClawJson,
} from '../../../lib/openclaw/routing/openclaw-json';

/** The seed plan's "Example Routing" plus its Discord/Slack sections, as one gateway. */
const seedInput: OpenClawJsonInput = {
  bind: 'lan',
  port: 18789,
  tokenEnv: 'OPENCLAW_GATEWAY_TOKEN',
  agentDefaults: { sandbox: { mode: 'non-main', scope: 'agent' } },
  agents: [
    { id: 'personal', name: 'Personal Agent', sandbox: { mode: 'off' } },
    {
      id: 'family',
      name: 'Family Agent',
      workspace: '~/.openclaw/workspace-family',
      sandbox: { mode: 'all', workspaceAccess: 'ro' },
    },
    { id: 'work' },
  ],
  bindings: [
    {
      agentId: 'personal',
      match: { channel: 'whatsapp', peer: { kind: 'dm', id: '+15551234567' } },
    },
    { agentId: 'family', match: { channel: 'telegram' } },
    { agentId: 'personal', match: { channel: 'discord', guildId: '111222333444' } },
    { agentId: 'work', match: { channel: 'slack', teamId: 'T22222222' } },
  ],
  channels: {
    telegram: { botToken: '${TELEGRAM_BOT_TOKEN}' },
    discord: {
      accounts: {
        workbot: { token: '${DISCORD_WORK_TOKEN}', name: 'Work Bot' },
        homebot: { token: '${DISCORD_HOME_TOKEN}', name: 'Home Bot' },
      },
    },
    slack: { botToken: '${SLACK_BOT_TOKEN}', appToken: '${SLACK_APP_TOKEN}' },
  },
};

describe('renderOpenClawJson', () => {
  const text = renderOpenClawJson(seedInput);
  const json = JSON.parse(text);

  test('gateway: bind, port and a token placeholder, never a value', () => {
    expect(json.gateway).toEqual({
      bind: 'lan',
      port: 18789,
      auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' },
    });
  });

  test('agents: defaults and the list with effective workspaces', () => {
    expect(json.agents.defaults).toEqual({ sandbox: { mode: 'non-main', scope: 'agent' } });
    expect(json.agents.list).toEqual([
      {
        id: 'personal',
        name: 'Personal Agent',
        workspace: '~/.openclaw/workspace-personal',
        sandbox: { mode: 'off' },
      },
      {
        id: 'family',
        name: 'Family Agent',
        workspace: '~/.openclaw/workspace-family',
        sandbox: { mode: 'all', workspaceAccess: 'ro' },
      },
      { id: 'work', workspace: '~/.openclaw/workspace-work' },
    ]);
  });

  test('bindings keep their order and shape', () => {
    expect(json.bindings).toEqual(seedInput.bindings);
  });

  test('channels: accounts sorted, tokens as placeholders', () => {
    expect(Object.keys(json.channels.discord.accounts)).toEqual(['homebot', 'workbot']);
    expect(json.channels.discord.accounts.homebot).toEqual({
      name: 'Home Bot',
      token: '${DISCORD_HOME_TOKEN}',
    });
    expect(json.channels.slack).toEqual({
      botToken: '${SLACK_BOT_TOKEN}',
      appToken: '${SLACK_APP_TOKEN}',
    });
  });

  test('every string that holds a credential is a ${ENV} placeholder', () => {
    const credentials: string[] = [];
    const walk = (v: unknown, key: string): void => {
      if (typeof v === 'string' && /token/i.test(key)) credentials.push(v);
      else if (v !== null && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(json, '');
    expect(credentials.length).toBe(6);
    for (const c of credentials) expect(c).toMatch(/^\$\{[A-Z_][A-Z0-9_]*\}$/);
  });

  test('deterministic: 2-space JSON, trailing newline, key order independent of input order', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "gateway": {');
    const shuffled: OpenClawJsonInput = {
      channels: seedInput.channels,
      bindings: seedInput.bindings,
      agents: seedInput.agents,
      agentDefaults: seedInput.agentDefaults,
      tokenEnv: 'OPENCLAW_GATEWAY_TOKEN',
      port: 18789,
      bind: 'lan',
    };
    expect(renderOpenClawJson(shuffled)).toBe(text);
    expect(Object.keys(json)).toEqual(['gateway', 'agents', 'bindings', 'channels']);
  });

  test('a single-agent gateway renders only the gateway section', () => {
    const input: OpenClawJsonInput = { bind: 'lan', port: 18789, tokenEnv: 'GW_TOKEN' };
    expect(JSON.parse(renderOpenClawJson(input))).toEqual({
      gateway: { bind: 'lan', port: 18789, auth: { mode: 'token', token: '${GW_TOKEN}' } },
    });
  });

  test('no token env: no auth section (no placeholder naming an unset variable)', () => {
    const out = renderOpenClawJson({ bind: 'loopback', port: 18789 });
    expect(JSON.parse(out)).toEqual({ gateway: { bind: 'loopback', port: 18789 } });
    expect(out).not.toContain('${');
  });

  test('agent defaults alone render agents.defaults and no list (the implicit main agent)', () => {
    const out = JSON.parse(
      renderOpenClawJson({
        bind: 'lan',
        port: 18789,
        agentDefaults: { sandbox: { mode: 'all', workspaceAccess: 'none' } },
      }),
    );
    expect(out.agents).toEqual({
      defaults: { sandbox: { mode: 'all', workspaceAccess: 'none' } },
    });
  });

  test('snapshot of the full file', () => {
    expect(text).toMatchSnapshot();
  });
});
