import fc from 'fast-check';
import { nomadVarEnvTemplate, vaultTemplates } from '../../lib/secrets/templates';
import { parseEnvFile, renderEnvTemplate } from './env-file-oracle';

describe('nomadVarEnvTemplate (backend 1: 1Password via nomad/jobs/<job>)', () => {
  const t = nomadVarEnvTemplate({
    job: 'openclaw',
    env: { OPENCLAW_GATEWAY_TOKEN: 'gateway_token', DISCORD_BOT_TOKEN: 'discord_token' },
  });

  test('one env template in the secrets dir, owner-read-only, restart on change', () => {
    expect(t.env).toBe(true);
    expect(t.destination).toBe('${NOMAD_SECRETS_DIR}/openclaw.env');
    expect(t.perms).toBe('0400');
    expect(parseInt(String(t.perms ?? ''), 8) & 0o077).toBe(0);
    expect(t.changeMode).toBe('restart');
    expect(t.errorOnMissingKey).toBe(true);
  });

  test('reads nomadVar "nomad/jobs/<job>", one line per variable', () => {
    const lines = String(t.data).trim().split('\n');
    expect(lines[0]).toBe('{{ with nomadVar "nomad/jobs/openclaw" }}');
    expect(lines[lines.length - 1]).toBe('{{ end }}');
    const vars = lines
      .slice(1, -1)
      .map((l) => /^([A-Z_]+)='\{\{ \.(\w+)\.Value \|/.exec(l)?.slice(1));
    expect(vars).toEqual([
      ['OPENCLAW_GATEWAY_TOKEN', 'gateway_token'],
      ['DISCORD_BOT_TOKEN', 'discord_token'],
    ]);
  });

  test('file name can be chosen', () => {
    expect(
      nomadVarEnvTemplate({ job: 'j', env: { A: 'a' }, fileName: 'secrets' }).destination,
    ).toBe('${NOMAD_SECRETS_DIR}/secrets.env');
  });

  test('keys that are not template identifiers are read with index', () => {
    const data = String(nomadVarEnvTemplate({ job: 'j', env: { A: 'api-key' } }).data);
    expect(data).toContain(`A='{{ (index . "api-key").Value |`);
    const rendered = renderEnvTemplate(data, { nomadVar: { 'nomad/jobs/j': { 'api-key': 'k' } } });
    expect(parseEnvFile(rendered)).toEqual({ A: 'k' });
  });

  test('a value renders and parses back to itself for typical secrets', () => {
    const store = {
      'nomad/jobs/openclaw': {
        gateway_token: 'a'.repeat(64),
        discord_token: `it's "#quoted" & <b> $HOME \\n\ttab\nline2`,
      },
    };
    const env = parseEnvFile(renderEnvTemplate(String(t.data), { nomadVar: store }));
    expect(env).toEqual({
      OPENCLAW_GATEWAY_TOKEN: store['nomad/jobs/openclaw'].gateway_token,
      DISCORD_BOT_TOKEN: store['nomad/jobs/openclaw'].discord_token,
    });
  });

  test('any value without control characters other than newline and tab survives the env file', () => {
    const char = fc.oneof(
      fc.string({ minLength: 0, maxLength: 1 }).filter((c) => c === '' || c.charCodeAt(0) >= 32),
      fc.constantFrom("'", '"', '\\', '#', '\n', '\t', ' ', '$', '=', '{', '}', '|', '&', 'é'),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const value = chars.join('');
        const rendered = renderEnvTemplate(
          String(nomadVarEnvTemplate({ job: 'j', env: { V: 'v' } }).data),
          { nomadVar: { 'nomad/jobs/j': { v: value } } },
        );
        expect(parseEnvFile(rendered)).toEqual({ V: value });
      }),
      { numRuns: 300 },
    );
  });

  test('bad variable names and job names are refused', () => {
    expect(() => nomadVarEnvTemplate({ job: 'j', env: { '1BAD': 'a' } })).toThrow(/\[A-Za-z_\]/);
    expect(() => nomadVarEnvTemplate({ job: 'a"b', env: { A: 'a' } })).toThrow(
      /cannot be a Nomad variable path segment/,
    );
  });
});

describe('vaultTemplates (backend 2: Vault KV v2)', () => {
  test('reads secret "kv/data/openclaw" with .Data.data.<key>, vault block with role', () => {
    const { template, vault } = vaultTemplates({
      env: { NOMAD_TOKEN: 'nomad_token', OP_SERVICE_ACCOUNT_TOKEN: 'op_service_account_token' },
      role: 'openclaw',
    });
    const lines = String(template.data).trim().split('\n');
    expect(lines[0]).toBe('{{ with secret "kv/data/openclaw" }}');
    expect(lines[1]).toMatch(/^NOMAD_TOKEN='\{\{ \.Data\.data\.nomad_token \|/);
    expect(lines[2]).toMatch(
      /^OP_SERVICE_ACCOUNT_TOKEN='\{\{ \.Data\.data\.op_service_account_token \|/,
    );
    expect(template.env).toBe(true);
    expect(template.destination).toBe('${NOMAD_SECRETS_DIR}/vault.env');
    expect(template.perms).toBe('0400');
    expect(vault).toEqual({ role: 'openclaw', changeMode: 'restart' });
  });

  test('policies and change mode are passed to the vault block', () => {
    const { vault } = vaultTemplates({
      path: 'secret/data/x',
      env: { A: 'a' },
      policies: ['openclaw-read'],
      changeMode: 'noop',
    });
    expect(vault).toEqual({ policies: ['openclaw-read'], changeMode: 'noop' });
  });

  test('values render and parse back', () => {
    const { template } = vaultTemplates({ path: 'kv/data/openclaw', env: { A: 'a', B: 'b-c' } });
    const env = parseEnvFile(
      renderEnvTemplate(String(template.data), {
        vault: { 'kv/data/openclaw': { a: "x'y", 'b-c': 'tab\there' } },
      }),
    );
    expect(env).toEqual({ A: "x'y", B: 'tab\there' });
  });

  test('role and policies together are refused', () => {
    expect(() => vaultTemplates({ env: { A: 'a' }, role: 'r', policies: ['p'] })).toThrow(
      /either a Vault role or policies/,
    );
  });
});
