/** Providers the generated modules require: fully qualified registry source and constraint. */
export interface ProviderRequirement {
  readonly source: string;
  readonly version: string;
}

export const NOMAD_PROVIDER: ProviderRequirement = { source: 'hashicorp/nomad', version: '~> 2.5' };
export const CONSUL_PROVIDER: ProviderRequirement = {
  source: 'hashicorp/consul',
  version: '~> 2.21',
};
export const ONEPASSWORD_PROVIDER: ProviderRequirement = {
  source: '1Password/onepassword',
  version: '~> 2.1',
};
