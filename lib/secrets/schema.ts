import { z } from 'zod';
import { DEFAULT_SECRETS_BACKEND } from './secret';

/**
 * The `secrets` section of the site description. Strict objects: a typo is an error, never a
 * silently ignored key. `resolveSecretDecls` (site-secrets.ts) turns it into `SecretDecl`s.
 */

/** Secret names: keys in `nomad/jobs/<job>` and in templates. */
export const SECRET_NAME = /^[a-z][a-z0-9_]*$/;

/** The default Vault KV v2 API path (the deployment plan's Phase 3). */
export const DEFAULT_VAULT_PATH = 'kv/data/openclaw';

export const secretItemSchema = z
  .strictObject({
    op: z
      .string()
      .optional()
      .describe(
        '1Password secret reference, op://<vault>/<item>/<field> or op://<vault>/<item>/<section>/<field>. Required with backend onepassword.',
      ),
    vaultKey: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, { message: 'must be letters, digits, "_", "." or "-"' })
      .optional()
      .describe('Key in the Vault KV v2 secret (backend vault). @default - the secret name'),
    generate: z
      .enum(['hex32'])
      .optional()
      .describe(
        'How `secrets provision` may create it: hex32 = 32 random bytes, hex. @default - a person supplies the value',
      ),
    description: z
      .string()
      .optional()
      .describe('Shown in the module README and by `secrets check`.'),
  })
  .describe('One secret, by name. Never holds a value.');

export const vaultConfigSchema = z
  .strictObject({
    path: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, {
        message: 'must be a Vault API path such as "kv/data/openclaw"',
      })
      .default(DEFAULT_VAULT_PATH)
      .describe('KV v2 API path, including `data/`. @default "kv/data/openclaw"'),
    role: z
      .string()
      .optional()
      .describe('Vault role of the task (workload identity). @default - the cluster default role'),
    policies: z
      .array(z.string())
      .optional()
      .describe('Legacy token workflow: Vault policies of the task. @default - none'),
    changeMode: z
      .enum(['noop', 'restart', 'signal'])
      .default('restart')
      .describe('What the task does when its Vault token changes. @default "restart"'),
  })
  .describe('Vault settings, used with backend vault.');

export const secretsConfigSchema = z
  .strictObject({
    backend: z
      .enum(['onepassword', 'vault'])
      .default(DEFAULT_SECRETS_BACKEND)
      .describe(
        'How secrets reach the task: onepassword (Terraform reads 1Password into nomad/jobs/<job>) or vault (the task reads Vault KV v2). @default "onepassword"',
      ),
    vault: vaultConfigSchema.optional().describe('Vault settings (backend vault).'),
    items: z
      .record(
        z.string().regex(SECRET_NAME, {
          message: 'secret names must be lowercase letters, digits and "_", starting with a letter',
        }),
        secretItemSchema,
      )
      .default({})
      .describe('Secrets by name. @default {}'),
  })
  .describe('Secrets the gateways read, and their backend.');

/** The `secrets` section after defaults. */
export type SecretsConfig = z.output<typeof secretsConfigSchema>;
