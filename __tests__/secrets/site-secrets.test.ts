import { secretsConfigSchema } from '../../lib/secrets/schema';
import { resolveSecretDecls, serviceSecretDecls } from '../../lib/secrets/site-secrets';
import { secret, splitEnv } from '../../lib/secrets/env';

describe('secretsConfigSchema', () => {
  test('defaults: onepassword backend, no items', () => {
    expect(secretsConfigSchema.parse({})).toEqual({ backend: 'onepassword', items: {} });
  });

  test('vault defaults: path kv/data/openclaw, change mode restart', () => {
    const c = secretsConfigSchema.parse({ backend: 'vault', vault: {} });
    expect(c.vault).toEqual({ path: 'kv/data/openclaw', changeMode: 'restart' });
  });

  test('unknown keys are errors (strict objects)', () => {
    expect(secretsConfigSchema.safeParse({ item: {} }).success).toBe(false);
    expect(
      secretsConfigSchema.safeParse({ items: { a: { op: 'op://a/b/c', value: 'x' } } }).success,
    ).toBe(false);
  });

  test('secret names must be [a-z][a-z0-9_]*', () => {
    const r = secretsConfigSchema.safeParse({ items: { 'Gateway-Token': { op: 'op://a/b/c' } } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('lowercase letters');
  });
});

describe('resolveSecretDecls', () => {
  test('onepassword backend: parses each op reference', () => {
    const config = secretsConfigSchema.parse({
      items: {
        gateway_token: { op: 'op://Homelab/openclaw/gateway_token', generate: 'hex32' },
        discord_token: { op: 'op://Homelab/Discord Bot/token', description: 'Discord bot' },
      },
    });
    expect(resolveSecretDecls(config, 'secrets')).toEqual([
      {
        name: 'gateway_token',
        source: { kind: 'onepassword', vault: 'Homelab', item: 'openclaw', field: 'gateway_token' },
        generate: 'hex32',
      },
      {
        name: 'discord_token',
        source: { kind: 'onepassword', vault: 'Homelab', item: 'Discord Bot', field: 'token' },
        description: 'Discord bot',
      },
    ]);
  });

  test('onepassword backend: an item without op is an error naming the field', () => {
    const config = secretsConfigSchema.parse({ items: { gateway_token: { generate: 'hex32' } } });
    expect(() => resolveSecretDecls(config, 'secrets')).toThrow(
      /secrets\.items\.gateway_token\.op: the onepassword backend needs/,
    );
  });

  test('a bad op reference names its field path', () => {
    const config = secretsConfigSchema.parse({ items: { t: { op: 'op://Homelab/x' } } });
    expect(() => resolveSecretDecls(config, 'secrets')).toThrow(/^secrets\.items\.t\.op: /);
  });

  test('vault backend: vault.path + vaultKey, defaulting to the name', () => {
    const config = secretsConfigSchema.parse({
      backend: 'vault',
      vault: { path: 'secret/data/claw', role: 'openclaw' },
      items: { gateway_token: {}, nomad_token: { vaultKey: 'nomad-acl' } },
    });
    expect(resolveSecretDecls(config, 'secrets').map((d) => d.source)).toEqual([
      { kind: 'vault', path: 'secret/data/claw', key: 'gateway_token' },
      { kind: 'vault', path: 'secret/data/claw', key: 'nomad-acl' },
    ]);
  });

  test('vault backend without a vault section uses kv/data/openclaw', () => {
    const config = secretsConfigSchema.parse({ backend: 'vault', items: { a: {} } });
    expect(resolveSecretDecls(config, 'secrets')[0].source).toEqual({
      kind: 'vault',
      path: 'kv/data/openclaw',
      key: 'a',
    });
  });

  test('vault role and policies together are refused', () => {
    const config = secretsConfigSchema.parse({
      backend: 'vault',
      vault: { role: 'r', policies: ['p'] },
    });
    expect(() => resolveSecretDecls(config, 'secrets')).toThrow(/^secrets\.vault: set either role/);
  });
});

describe('splitEnv', () => {
  test('separates plain values from secret references, keys untouched', () => {
    const split = splitEnv(
      { OPENCLAW_GATEWAY_TOKEN: secret('gateway_token'), NODE_ENV: 'production', mixed_Case: 'x' },
      ['gateway_token'],
      'gateways[0].env',
    );
    expect(split).toEqual({
      plain: { NODE_ENV: 'production', mixed_Case: 'x' },
      secrets: { OPENCLAW_GATEWAY_TOKEN: 'gateway_token' },
    });
  });

  test('an unknown secret name names the variable, the declared names and the fix', () => {
    expect(() =>
      splitEnv({ DISCORD_TOKEN: secret('discord') }, ['gateway_token'], 'gateways[0].env'),
    ).toThrow(
      /gateways\[0\]\.env\.DISCORD_TOKEN: unknown secret "discord" \(declared: gateway_token\)\n {2}fix: declare it under secrets\.items\.discord/,
    );
  });
});

describe('serviceSecretDecls', () => {
  test("a service's 1Password reads are declared as <service>/<key>", () => {
    const decls = serviceSecretDecls([
      {
        name: 'litellm',
        secrets: {
          db_password: { op: 'op://Octant/postgres_litellm/password' },
          api_key: { op: 'op://Octant/Nautobot/Keys/api_key', description: 'API key' },
        },
      },
    ]);
    expect(decls).toEqual([
      {
        name: 'litellm/db_password',
        source: {
          kind: 'onepassword',
          vault: 'Octant',
          item: 'postgres_litellm',
          field: 'password',
        },
      },
      {
        name: 'litellm/api_key',
        source: {
          kind: 'onepassword',
          vault: 'Octant',
          item: 'Nautobot',
          section: 'Keys',
          field: 'api_key',
        },
        description: 'API key',
      },
    ]);
    expect(() => serviceSecretDecls([{ name: 's', secrets: { k: { op: 'nope' } } }])).toThrow(
      /^services\[0\]\.secrets\.k\.op: a 1Password secret reference must start with "op:\/\/"/,
    );
  });
});
