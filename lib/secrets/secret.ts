/**
 * Secret declarations: a secret is declared once, by name, with where its value lives. Nothing
 * here ever holds a secret value; values exist only inside 1Password, Vault, Terraform state and
 * the running task.
 */

/** A field of a 1Password item: `op://<vault>/<item>/<field>`. */
export interface OnePasswordSource {
  readonly kind: 'onepassword';
  readonly vault: string;
  readonly item: string;
  /** Section of the item the field is in (`op://<vault>/<item>/<section>/<field>`). @default - no section */
  readonly section?: string;
  readonly field: string;
}

/** A key of a Vault KV v2 secret, read as `{{ with secret "<path>" }}{{ .Data.data.<key> }}`. */
export interface VaultKvSource {
  readonly kind: 'vault';
  /** API path including `data/`, e.g. `kv/data/openclaw`. */
  readonly path: string;
  readonly key: string;
}

export type SecretSource = OnePasswordSource | VaultKvSource;

/** How a missing secret can be created by `secrets provision`. */
export type SecretGenerator =
  /** 32 random bytes from the OS CSPRNG, hex encoded (the gateway token). */
  'hex32';

export interface SecretDecl {
  /** Key of the secret in `nomad/jobs/<job>` and in templates: `[a-z][a-z0-9_]*`. */
  readonly name: string;
  readonly source: SecretSource;
  /** @default - a person must supply the value (API keys, bot tokens) */
  readonly generate?: SecretGenerator;
  /** Shown in the module README and in `secrets check`. */
  readonly description?: string;
}

/** Which path secrets take into the task. */
export type SecretsBackend = 'onepassword' | 'vault';

/** Octant's way: Terraform reads 1Password into `nomad/jobs/<job>`. */
export const DEFAULT_SECRETS_BACKEND: SecretsBackend = 'onepassword';
