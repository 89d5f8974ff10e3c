import { Construct } from 'constructs';
import { TerraformProvider, stringToTerraform } from 'cdktf';
import type { AttributeOf } from '../providers.generated';
import { ONEPASSWORD_PROVIDER } from '../versions';

/*
 * cdktf binding for the 1Password Terraform provider (`1Password/onepassword`), typed from the
 * schema extract (scripts/providers/extract.json -> providers.generated.ts). There is no prebuilt
 * `@cdktf/provider-onepassword`, and `cdktf get` would need network and a Terraform binary at
 * build time; the few blocks Octant modules use are written on cdktf's public base classes.
 */

export interface OnepasswordProviderConfig {
  /** 1Password Connect server URL. @default - `OP_CONNECT_HOST` from the environment */
  readonly connectUrl?: string;
  /** 1Password Connect token (secret). @default - `OP_CONNECT_TOKEN` from the environment */
  readonly connectToken?: string;
  /** Service account token (secret). @default - `OP_SERVICE_ACCOUNT_TOKEN` from the environment */
  readonly serviceAccountToken?: string;
  /** Account name for desktop-app integration. @default - `OP_ACCOUNT` from the environment */
  readonly account?: string;
  /** Provider alias. @default - the default provider configuration */
  readonly alias?: string;
  /**
   * The provider version constraint written into `required_providers`' metadata.
   * @default - the minimum with the ephemeral item
   */
  readonly versionConstraint?: string;
}

export class OnepasswordProvider extends TerraformProvider {
  public static readonly tfResourceType = 'onepassword';

  private readonly config: OnepasswordProviderConfig;

  constructor(scope: Construct, id: string, config: OnepasswordProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: OnepasswordProvider.tfResourceType,
      terraformGeneratorMetadata: {
        providerName: 'onepassword',
        providerVersionConstraint: config.versionConstraint ?? ONEPASSWORD_PROVIDER.version,
      },
      terraformProviderSource: ONEPASSWORD_PROVIDER.source,
    });
    this.config = config;
    this.alias = config.alias;
  }

  /** Names of the attributes that carry credentials (sensitive in the provider schema). */
  public static readonly sensitiveAttributes: readonly AttributeOf<'provider.onepassword'>[] = [
    'connect_token',
    'service_account_token',
  ];

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const attrs: Partial<Record<AttributeOf<'provider.onepassword'> | 'alias', unknown>> = {
      connect_url: stringToTerraform(this.config.connectUrl),
      connect_token: stringToTerraform(this.config.connectToken),
      service_account_token: stringToTerraform(this.config.serviceAccountToken),
      account: stringToTerraform(this.config.account),
      alias: stringToTerraform(this.config.alias),
    };
    return attrs;
  }
}
