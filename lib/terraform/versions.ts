import {
  NOMAD_PROVIDER_REQUIREMENT,
  ONEPASSWORD_PROVIDER_REQUIREMENT,
  TERRAFORM_REQUIRED_VERSION,
} from './providers.generated';

/** Providers the generated modules require: fully qualified registry source and constraint. */
export interface ProviderRequirement {
  readonly source: string;
  readonly version: string;
}

/**
 * Nomad and 1Password: the minimums come from the providers' schema extract
 * (scripts/providers/extract.json), the first releases with the write-only `items_wo` of
 * `nomad_variable` and the ephemeral 1Password item.
 */
export const NOMAD_PROVIDER: ProviderRequirement = NOMAD_PROVIDER_REQUIREMENT;
export const ONEPASSWORD_PROVIDER: ProviderRequirement = ONEPASSWORD_PROVIDER_REQUIREMENT;
/** Consul (Phase 2's registration and the provider block of every module). */
export const CONSUL_PROVIDER: ProviderRequirement = {
  source: 'hashicorp/consul',
  version: '~> 2.21',
};
/** Terraform with ephemeral resources and write-only arguments. */
export const TERRAFORM_VERSION = TERRAFORM_REQUIRED_VERSION;

/**
 * `terraform.stateSecrets: legacy` (Terraform < 1.11): today's data sources and `items`, with
 * the provider pins they were written for.
 */
export const LEGACY_PROVIDERS = {
  nomad: { source: 'hashicorp/nomad', version: '~> 2.5' },
  onepassword: { source: '1Password/onepassword', version: '~> 2.1' },
} as const satisfies Record<string, ProviderRequirement>;
