// Must come before anything that loads cdktf: see the file.
import '../defer-archiver';
import { Construct } from 'constructs';
import { TerraformProvider, stringToTerraform } from 'cdktf';
import { ONEPASSWORD_PROVIDER } from '../versions';

/*
 * Hand-typed cdktf binding for the 1Password Terraform provider (`1Password/onepassword`).
 * There is no prebuilt `@cdktf/provider-onepassword`, and `cdktf get` would need network and a
 * Terraform binary at build time; the three blocks Octant modules use are small enough to type by
 * hand on cdktf's TerraformProvider / TerraformDataSource base classes.
 */

export interface OnepasswordProviderConfig {
  /** 1Password Connect server URL. @default - `OP_CONNECT_HOST` from the environment */
  readonly url?: string;
  /** 1Password Connect token (secret). @default - `OP_CONNECT_TOKEN` from the environment */
  readonly token?: string;
  /** Service account token (secret). @default - `OP_SERVICE_ACCOUNT_TOKEN` from the environment */
  readonly serviceAccountToken?: string;
  /** Account for desktop-app integration. @default - `OP_ACCOUNT` from the environment */
  readonly account?: string;
  /** Path of the `op` CLI. @default - `op` on PATH */
  readonly opCliPath?: string;
  /** Provider alias. @default - the default provider configuration */
  readonly alias?: string;
}

export class OnepasswordProvider extends TerraformProvider {
  public static readonly tfResourceType = 'onepassword';

  private readonly config: OnepasswordProviderConfig;

  constructor(scope: Construct, id: string, config: OnepasswordProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: OnepasswordProvider.tfResourceType,
      terraformGeneratorMetadata: {
        providerName: 'onepassword',
        providerVersionConstraint: ONEPASSWORD_PROVIDER.version,
      },
      terraformProviderSource: ONEPASSWORD_PROVIDER.source,
    });
    this.config = config;
    this.alias = config.alias;
  }

  /** Names of the attributes that carry credentials (Terraform marks them sensitive in the provider schema). */
  public static readonly sensitiveAttributes: readonly string[] = [
    'token',
    'service_account_token',
  ];

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      url: stringToTerraform(this.config.url),
      token: stringToTerraform(this.config.token),
      service_account_token: stringToTerraform(this.config.serviceAccountToken),
      account: stringToTerraform(this.config.account),
      op_cli_path: stringToTerraform(this.config.opCliPath),
      alias: stringToTerraform(this.config.alias),
    };
  }
}
