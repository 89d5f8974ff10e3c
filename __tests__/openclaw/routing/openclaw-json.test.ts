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

  test('gateway: mode local (2026.9 refuses to start without it), bind, port, a token placeholder', () => {
    expect(json.gateway).toEqual({
      mode: 'local',
      bind: 'lan',
      port: 18789,
      auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' },
    });
  });

  test('agents: explicit ownership, the default agent as system agent, entries keyed by id', () => {
    expect(json.agents.ownership).toBe('explicit');
    expect(json.agents.defaults).toEqual({
      sandbox: { mode: 'non-main', scope: 'agent' },
      systemAgent: { agentId: 'personal' },
    });
    expect(json.agents.list).toBeUndefined();
    expect(json.agents.entries).toEqual({
      personal: {
        name: 'Personal Agent',
        workspace: '~/.openclaw/workspace-personal',
        sandbox: { mode: 'off' },
      },
      family: {
        name: 'Family Agent',
        workspace: '~/.openclaw/workspace-family',
        sandbox: { mode: 'all', workspaceAccess: 'ro' },
      },
      work: { workspace: '~/.openclaw/workspace-work' },
    });
  });

  test('no retired `default: true` marker; the marked agent owns the unbound traffic', () => {
    const marked = JSON.parse(
      renderOpenClawJson({
        ...seedInput,
        agents: [{ id: 'a' }, { id: 'b', default: true }],
        bindings: [{ agentId: 'a', match: { channel: 'telegram' } }],
        channels: { telegram: { botToken: '${T}' } },
      }),
    );
    expect(JSON.stringify(marked)).not.toContain('"default"');
    expect(marked.agents.defaults.systemAgent).toEqual({ agentId: 'b' });
    expect(marked.bindings).toEqual([
      { agentId: 'a', match: { channel: 'telegram' } },
      { agentId: 'b', match: { channel: 'telegram', accountId: '*' } },
    ]);
  });

  test('bindings keep their order; dm peers are written as direct; then channel-wide fallbacks', () => {
    expect(json.bindings.slice(0, 4)).toEqual([
      {
        agentId: 'personal',
        match: { channel: 'whatsapp', peer: { kind: 'direct', id: '+15551234567' } },
      },
      ...seedInput.bindings!.slice(1),
    ]);
    // One per configured channel, to the default agent (what it received implicitly before).
    expect(json.bindings.slice(4)).toEqual(
      ['telegram', 'discord', 'slack'].map((channel) => ({
        agentId: 'personal',
        match: { channel, accountId: '*' },
      })),
    );
  });

  test('channels whose plugin is not bundled are trusted explicitly', () => {
    expect(json.plugins).toEqual({
      entries: { discord: { enabled: true }, slack: { enabled: true } },
    });
  });

  test('a single agent needs no ownership, no system agent and no fallback bindings', () => {
    const one = JSON.parse(
      renderOpenClawJson({
        bind: 'lan',
        port: 1,
        agents: [{ id: 'solo' }],
        channels: { telegram: { botToken: '${T}' } },
      }),
    );
    expect(one.agents).toEqual({ entries: { solo: { workspace: '~/.openclaw/workspace-solo' } } });
    expect(one.bindings).toBeUndefined();
  });

  test('model providers: key as an env SecretRef, models with limits; the primary model', () => {
    const out = JSON.parse(
      renderOpenClawJson({
        bind: 'lan',
        port: 1,
        models: {
          providers: {
            litellm: {
              kind: 'openai-compatible',
              baseUrl: 'http://litellm.service.consul:4000/v1',
              api: 'openai-completions',
              apiKeySecret: 'litellm_api_key',
              models: [{ id: 'm1', contextWindow: 1000, maxTokens: 100 }],
            },
            anthropic: { kind: 'anthropic', apiKeySecret: 'anthropic_api_key' },
          },
          primary: 'litellm/m1',
          fallbacks: ['anthropic/claude-opus-5'],
        },
      }),
    );
    expect(out.models).toEqual({
      providers: {
        litellm: {
          baseUrl: 'http://litellm.service.consul:4000/v1',
          api: 'openai-completions',
          apiKey: { source: 'env', provider: 'default', id: 'LITELLM_API_KEY' },
          models: [{ id: 'm1', name: 'm1', contextWindow: 1000, maxTokens: 100 }],
        },
      },
    });
    expect(out.agents.defaults.model).toEqual({
      primary: 'litellm/m1',
      fallbacks: ['anthropic/claude-opus-5'],
    });
    expect(JSON.stringify(out)).not.toContain('litellm_api_key');
  });

  test('telemetry: diagnostics.otel with endpoint, protocol and service name', () => {
    const out = JSON.parse(
      renderOpenClawJson({
        bind: 'lan',
        port: 1,
        otel: { endpoint: 'http://otel-collector.service.consul:4318', serviceName: 'oc' },
      }),
    );
    expect(out.diagnostics).toEqual({
      enabled: true,
      otel: {
        enabled: true,
        endpoint: 'http://otel-collector.service.consul:4318',
        protocol: 'http/protobuf',
        serviceName: 'oc',
        traces: true,
        metrics: true,
        logs: true,
      },
    });
    expect(JSON.parse(renderOpenClawJson({ bind: 'lan', port: 1 })).diagnostics).toBeUndefined();
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
    expect(Object.keys(json)).toEqual(['gateway', 'agents', 'bindings', 'channels', 'plugins']);
  });

  test('a single-agent gateway renders only the gateway section', () => {
    const input: OpenClawJsonInput = { bind: 'lan', port: 18789, tokenEnv: 'GW_TOKEN' };
    expect(JSON.parse(renderOpenClawJson(input))).toEqual({
      gateway: {
        mode: 'local',
        bind: 'lan',
        port: 18789,
        auth: { mode: 'token', token: '${GW_TOKEN}' },
      },
    });
  });

  test('no token env: no auth section (no placeholder naming an unset variable)', () => {
    const out = renderOpenClawJson({ bind: 'loopback', port: 18789 });
    expect(JSON.parse(out)).toEqual({ gateway: { mode: 'local', bind: 'loopback', port: 18789 } });
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
