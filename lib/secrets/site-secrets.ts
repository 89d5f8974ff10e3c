import { UserError } from '../util/errors';
import { parseOpRef } from './op-ref';
import { DEFAULT_VAULT_PATH, SECRET_NAME, SecretsConfig } from './schema';
import { DEFAULT_SECRETS_BACKEND, type SecretDecl, type SecretSource } from './secret';

/**
 * Turns the site's `secrets` section into secret declarations. `where` is the field path of
 * the section (usually `secrets`), used in every error.
 */
export function resolveSecretDecls(config: SecretsConfig, where: string): SecretDecl[] {
  const backend = config.backend ?? DEFAULT_SECRETS_BACKEND;
  const vaultPath = config.vault?.path ?? DEFAULT_VAULT_PATH;
  if (backend === 'vault' && config.vault?.role && config.vault.policies?.length) {
    throw new UserError(
      `${where}.vault`,
      'set either role (workload identity) or policies (legacy token workflow), not both',
      'keep `role` on Nomad 1.7+ with workload identities, `policies` only on older clusters',
    );
  }
  return Object.entries(config.items ?? {}).map(([name, item]) => {
    const at = `${where}.items.${name}`;
    if (!SECRET_NAME.test(name)) {
      throw new UserError(
        at,
        `secret name ${JSON.stringify(name)} must match [a-z][a-z0-9_]*`,
        `rename it, e.g. "${
          name
            .toLowerCase()
            .replace(/[^a-z0-9_]/g, '_')
            .replace(/^[^a-z]+/, '') || 'gateway_token'
        }"`,
      );
    }
    let source: SecretSource;
    if (backend === 'onepassword') {
      if (item.op === undefined) {
        throw new UserError(
          `${at}.op`,
          'the onepassword backend needs the 1Password reference of every secret',
          `add op: "op://<vault>/<item>/<field>" to ${at}`,
        );
      }
      source = parseOpRef(item.op, `${at}.op`);
    } else {
      source = { kind: 'vault', path: vaultPath, key: item.vaultKey ?? name };
    }
    const decl: SecretDecl = { name, source };
    return {
      ...decl,
      ...(item.generate ? { generate: item.generate } : {}),
      ...(item.description !== undefined ? { description: item.description } : {}),
    };
  });
}

type OpReads = Readonly<Record<string, { readonly op: string; readonly description?: string }>>;

/** The 1Password reads of a site's non-OpenClaw services (`services[].secrets`). */
export interface ServiceSecrets {
  readonly name: string;
  readonly secrets: OpReads;
  /** Variables at other paths: their keys are named `<service>/<path>/<key>`. */
  readonly extraVariables?: readonly { readonly path: string; readonly secrets: OpReads }[];
}

/**
 * Secret declarations of the site's services, named `<service>/<key>` so `secrets check` tells
 * them apart from the gateways' secrets and from each other.
 */
export function serviceSecretDecls(services: readonly ServiceSecrets[]): SecretDecl[] {
  const decls = (reads: OpReads, prefix: string, where: string): SecretDecl[] =>
    Object.entries(reads).map(([key, s]) => ({
      name: `${prefix}/${key}`,
      source: parseOpRef(s.op, `${where}.${key}.op`),
      ...(s.description !== undefined ? { description: s.description } : {}),
    }));
  return services.flatMap((svc, i) => [
    ...decls(svc.secrets, svc.name, `services[${i}].secrets`),
    ...(svc.extraVariables ?? []).flatMap((v, j) =>
      decls(v.secrets, `${svc.name}/${v.path}`, `services[${i}].extraVariables[${j}].secrets`),
    ),
  ]);
}
