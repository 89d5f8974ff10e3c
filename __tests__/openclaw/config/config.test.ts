import * as fs from 'fs';
import * as path from 'path';
import {
  assertConfig,
  type OpenClawConfig,
  upgradeConfig,
  validateConfig,
} from '../../../lib/openclaw/config';
import { openClawConfig } from '../../../lib/openclaw/routing/openclaw-json';
import { SUPPORTED_OPENCLAW_VERSIONS } from '../../../lib/openclaw/versions';
import { spawnSync } from 'child_process';
import * as os from 'os';

/** Not imported: json-schema-to-typescript needs dynamic import(), which jest's VM lacks. */
const GENERATOR = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'scripts',
  'openclaw-schema',
  'generate.ts',
);
const OUTPUT_DIR = path.join(__dirname, '..', '..', '..', 'lib', 'openclaw', 'config');

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'openclaw-config');
const maintainers = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(FIXTURE, 'maintainers.openclaw.json'), 'utf8'));

describe('generated from the release schema', () => {
  test('types and validation schema are fresh (and the check sees a stale file)', () => {
    const stale = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-schema-'));
    for (const f of fs.readdirSync(OUTPUT_DIR).filter((n) => n.endsWith('.generated.ts'))) {
      fs.copyFileSync(path.join(OUTPUT_DIR, f), path.join(stale, f));
    }
    const v = SUPPORTED_OPENCLAW_VERSIONS[0];
    fs.appendFileSync(path.join(stale, `types-${v}.generated.ts`), '// edited by hand\n');
    const r = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', GENERATOR, '--check', OUTPUT_DIR, stale],
      { encoding: 'utf8', timeout: 60_000 },
    );
    fs.rmSync(stale, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    const [fresh, edited] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(fresh.files).toContain(`schema-${v}.generated.ts`);
    expect(fresh.files).toContain(`types-${v}.generated.ts`);
    // Stale: npm run openclaw-schema:generate
    expect(fresh.stale).toEqual([]);
    expect(edited.stale).toEqual([`types-${v}.generated.ts`]);
  });

  test('the type holds what the hand-written subset did not (tsc checks this file)', () => {
    const config: OpenClawConfig = {
      agents: {
        entries: {
          main: {
            identity: { name: 'Clawd', emoji: '🦞' },
            tools: { profile: 'coding', alsoAllow: ['browser'] },
            subagents: { allowAgents: ['ops'] },
          },
        },
        defaults: { maxConcurrent: 4, compaction: { enabled: true } },
      },
      models: {
        providers: {
          litellm: {
            baseUrl: 'http://litellm:4000/v1',
            models: [
              {
                id: 'm',
                name: 'M',
                contextWindow: 200000,
                cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
              },
            ],
          },
        },
      },
      // @ts-expect-error: a key the release does not know is a type error
      notAKey: true,
    };
    expect(validateConfig(config).map((p) => p.path)).toEqual(['notAKey']);
  });
});

describe('validateConfig', () => {
  test('a valid config has no problems; third-party channel plugins pass through', () => {
    expect(
      validateConfig({
        gateway: { mode: 'local', port: 18789 },
        channels: { zulipclaw: { accounts: { a: { token: '${T}', groups: { g: {} } } } } },
        plugins: { entries: { zulipclaw: { enabled: true, config: { any: 1 } } } },
      }),
    ).toEqual([]);
  });

  test('each problem names the path, the rule and a fix; values are never repeated', () => {
    const problems = validateConfig({
      gateway: { port: 'SECRETVALUE' },
      agents: { entries: { a: { tools: { profile: 'SECRETVALUE' } } }, lst: [] },
      models: { providers: { p: { baseUrl: 'x', models: [{ id: 'm' }] } } },
    });
    expect(problems.map((p) => [p.where, p.kind])).toEqual(
      expect.arrayContaining([
        ['openclaw.json gateway.port', 'schema'],
        ['openclaw.json agents.lst', 'unknown-key'],
        ['openclaw.json agents.entries.a.tools.profile', 'schema'],
        ['openclaw.json models.providers.p.models[0]', 'schema'],
      ]),
    );
    const profile = problems.find((p) => p.path === 'agents.entries.a.tools.profile')!;
    expect(profile.rule).toBe(
      'agents.entries.a.tools.profile must be one of "minimal", "coding", "messaging", "full"',
    );
    const lst = problems.find((p) => p.path === 'agents.lst')!;
    expect(lst.fix).toMatch(/^remove it or use one of: ownership, defaults, entries/);
    expect(problems.find((p) => p.path === 'models.providers.p.models[0]')!.rule).toBe(
      'models.providers.p.models[0] needs "name" in OpenClaw 2026.9.6',
    );
    expect(JSON.stringify(problems)).not.toContain('SECRETVALUE');
  });

  test('assertConfig throws every problem at once', () => {
    expect(() => assertConfig({ a: 1, b: 2 })).toThrow(
      /openclaw.json a: "a" is not a setting[^\n]*\n[^\n]*\nopenclaw.json b: "b" is not a setting/,
    );
    expect(() => assertConfig({ gateway: { mode: 'local' } })).not.toThrow();
  });
});

describe('gateways[].config: typed openclaw.json under the typed settings', () => {
  const base = { bind: 'lan', port: 18789, where: 'gateways[2]' } as const;

  test('merged under the rendered settings; errors name the site field the value came from', () => {
    const out = openClawConfig({
      ...base,
      agents: [{ id: 'main' }],
      config: { agents: { entries: { main: { identity: { name: 'Clawd' } } } } },
    });
    expect(out.agents).toEqual({
      entries: { main: { identity: { name: 'Clawd' }, workspace: '~/.openclaw/workspace-main' } },
    });
    expect(() =>
      openClawConfig({
        ...base,
        config: { agents: { entries: { main: { tools: { profile: 'everything' } } } } },
      } as never),
    ).toThrow(
      /^gateways\[2\]\.config\.agents\.entries\.main\.tools\.profile: agents\.entries\.main\.tools\.profile must be one of "minimal", "coding", "messaging", "full"\n {2}fix: use one of/,
    );
    expect(() => openClawConfig({ ...base, overrides: { gateway: { nope: true } } })).toThrow(
      /^gateways\[2\]\.configOverrides\.gateway\.nope: "nope" is not a setting of gateway/,
    );
    expect(() =>
      openClawConfig({
        ...base,
        models: {
          providers: {
            p: {
              kind: 'openai-compatible',
              baseUrl: 'http://p/v1',
              api: 'openai-completions',
              apiKeySecret: 's',
            },
          },
          fallbacks: [],
        },
        overrides: { models: { providers: { p: { models: [{ id: 'x' }] } } } },
      }),
    ).toThrow(
      /^gateways\[2\]\.configOverrides\.models\.providers\.p\.models\[0\]: .* needs "name"/,
    );
  });

  test('a value set both in config and by a typed setting is refused, naming both', () => {
    expect(() => openClawConfig({ ...base, config: { gateway: { port: 1234 } } })).toThrow(
      /^gateways\[2\]\.config\.gateway\.port: openclaw\.json gateway\.port is also rendered from the typed settings, with another value\n {2}fix: set it in one place/,
    );
    // The same value is no conflict.
    expect(openClawConfig({ ...base, config: { gateway: { port: 18789 } } }).gateway).toEqual({
      mode: 'local',
      bind: 'lan',
      port: 18789,
    });
  });
});

/** Every leaf path of a JSON value, dotted. */
function leaves(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${at}[${i}]`));
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).flatMap(([k, x]) => leaves(x, at === '' ? k : `${at}.${k}`));
  }
  return [at];
}

describe('upgradeConfig', () => {
  test('a maintainers-style file (agents.list, four retired keys, a channel plugin) upgrades and validates', () => {
    const raw = maintainers();
    expect(
      validateConfig(raw)
        .filter((p) => p.kind === 'unknown-key')
        .map((p) => p.path),
    ).toEqual([
      'agents.list',
      'agents.defaults.embeddedPi',
      'agents.defaults.systemPromptOverride',
      'session.typingMode',
    ]);
    const { config, changes, from } = upgradeConfig(raw);
    expect(from).toBe('2026.1.24');
    expect(changes.map((c) => [c.kind, c.path, c.to])).toEqual([
      ['moved', 'agents.list', 'agents.entries'],
      ['rewritten', 'agents.entries.main.default', undefined],
      ['rewritten', 'agents.entries.main.default', 'agents.defaults.systemAgent.agentId'],
      ['rewritten', 'bindings[0].match.peer.kind', undefined],
      ['moved', 'session.typingMode', 'agents.defaults.typingMode'],
      ['moved', 'agents.defaults.embeddedPi', 'agents.defaults.embeddedAgent'],
      ['removed', 'agents.defaults.systemPromptOverride', undefined],
    ]);
    expect(validateConfig(config)).toEqual([]);
    const agents = config.agents as { entries: Record<string, Record<string, unknown>> };
    expect(Object.keys(agents.entries)).toEqual([
      'main',
      'research',
      'ops',
      'family',
      'writer',
      'home',
    ]);
    expect(agents.entries.research.tools).toEqual({ profile: 'coding', alsoAllow: ['browser'] });
    expect(config.agents).toMatchObject({
      ownership: 'explicit',
      defaults: { systemAgent: { agentId: 'main' } },
    });
    expect(agents.entries.main).not.toHaveProperty('default');
    expect(raw.agents).toHaveProperty('list'); // the input is not changed
  });

  test('nothing is dropped silently: every leaf is where it was, where a change moved it, or reported removed', () => {
    const raw = maintainers();
    const { config, changes } = upgradeConfig(raw);
    const after = new Set(leaves(config));
    const rename = (p: string): string => {
      let out = p.replace(/^agents\.list\[(\d+)\]/, (_m, i: string) => {
        const list = (raw.agents as { list: { id: string }[] }).list;
        return `agents.entries.${list[Number(i)].id}`;
      });
      for (const c of changes) {
        if (c.to !== undefined && out.startsWith(`${c.path}.`))
          out = c.to + out.slice(c.path.length);
        if (c.to !== undefined && out === c.path) out = c.to;
      }
      return out;
    };
    const missing = leaves(raw)
      .filter((p) => !/^agents\.list\[\d+\]\.(id|default)$/.test(p))
      .filter((p) => !after.has(rename(p)))
      .filter(
        (p) =>
          !changes.some(
            (c) => c.kind === 'removed' && (p === c.path || p.startsWith(`${c.path}.`)),
          ),
      );
    expect(missing).toEqual([]);
  });

  test('a key no rule knows is kept and reported; validation then refuses it with the reason', () => {
    const { config, changes } = upgradeConfig(
      { gateway: { mode: 'local', frobnicate: 1 } },
      '2026.2.1',
    );
    expect(config).toEqual({ gateway: { mode: 'local', frobnicate: 1 } });
    expect(changes).toEqual([
      {
        kind: 'unknown',
        path: 'gateway.frobnicate',
        why: expect.stringMatching(/^kept as written: "frobnicate" is not a setting of gateway/),
      },
    ]);
    expect(() => assertConfig(config)).toThrow(/gateway\.frobnicate/);
  });

  test('refusals: two rosters, an agent without an id, a move onto a key already set', () => {
    expect(() => upgradeConfig({ agents: { list: [{ id: 'a' }], entries: { b: {} } } })).toThrow(
      /^agents\.list: the file holds both agents\.list/,
    );
    expect(() => upgradeConfig({ agents: { list: [{ name: 'x' }] } })).toThrow(
      /^agents\.list\[0\]: an agent of agents\.list needs an id/,
    );
    expect(() => upgradeConfig({ agents: { list: [{ id: 'a' }, { id: 'a' }] } })).toThrow(
      /^agents\.list\[1\]\.id: agent id "a" is listed twice/,
    );
    expect(() =>
      upgradeConfig({ session: { typingMode: 'x' }, agents: { defaults: { typingMode: 'y' } } }),
    ).toThrow(/^session\.typingMode: session\.typingMode moved to agents\.defaults\.typingMode/);
  });
});
