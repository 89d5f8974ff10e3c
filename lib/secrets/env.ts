import { UserError } from '../util/errors';

/**
 * Environment maps that mix plain values and secrets:
 * `{ OPENCLAW_GATEWAY_TOKEN: secret('gateway_token'), NODE_ENV: 'production' }`.
 * Plain values go into the jobspec's `env` block; secrets only into a template that reads them
 * from their store, so a value never appears in the jobspec.
 */

/** A reference to a secret declared under `secrets.items`, by name. */
export interface SecretRef {
  readonly secret: string;
}

/** One value of an environment map. */
export type EnvValue = string | SecretRef;

/** An environment map: variable name -> plain value or secret. Keys are kept as written. */
export type EnvMap = Readonly<Record<string, EnvValue>>;

/** `{ secret: name }`, for env maps written in code. */
export function secret(name: string): SecretRef {
  return { secret: name };
}

export function isSecretRef(value: EnvValue): value is SecretRef {
  return typeof value === 'object' && value !== null && typeof value.secret === 'string';
}

export interface SplitEnv {
  /** Plain variables, name -> value. */
  readonly plain: Readonly<Record<string, string>>;
  /** Secret variables, name -> secret name. */
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * Splits an env map into plain values and secret references. Every secret name must be one of
 * `known` (the declared secrets); `where` is the field path of the map, e.g. `gateways[0].env`.
 */
export function splitEnv(env: EnvMap, known: Iterable<string>, where: string): SplitEnv {
  const names = new Set(known);
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!isSecretRef(value)) {
      plain[key] = value;
      continue;
    }
    if (!names.has(value.secret)) {
      const declared = [...names].sort();
      throw new UserError(
        `${where}.${key}`,
        `unknown secret ${JSON.stringify(value.secret)} (declared: ${declared.length ? declared.join(', ') : 'none'})`,
        `declare it under secrets.items.${value.secret} (with its op:// reference or vaultKey), or use one of the declared names`,
      );
    }
    secrets[key] = value.secret;
  }
  return { plain, secrets };
}
