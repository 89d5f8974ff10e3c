import { Construct } from 'constructs';
import { TerraformDataSource, TerraformMetaArguments, stringToTerraform } from 'cdktf';
import { onepasswordDataSourceConfig } from './data-source-base';

// Hand-typed binding (see provider.ts for why): data `onepassword_vault`.

export interface DataOnepasswordVaultConfig extends TerraformMetaArguments {
  /** Vault name. Exactly one of name/uuid. @default - look up by uuid */
  readonly name?: string;
  /** Vault UUID. @default - look up by name */
  readonly uuid?: string;
}

export class DataOnepasswordVault extends TerraformDataSource {
  public static readonly tfResourceType = 'onepassword_vault';

  private readonly config: DataOnepasswordVaultConfig;

  constructor(scope: Construct, id: string, config: DataOnepasswordVaultConfig) {
    super(scope, id, onepasswordDataSourceConfig(DataOnepasswordVault.tfResourceType, config));
    if ((config.name === undefined) === (config.uuid === undefined)) {
      throw new Error(`data.onepassword_vault.${id}: set exactly one of 'name' and 'uuid'`);
    }
    this.config = config;
  }

  /** The vault UUID (what `onepassword_item.vault` expects). */
  public get uuid(): string {
    return this.getStringAttribute('uuid');
  }

  public get vaultName(): string {
    return this.getStringAttribute('name');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      name: stringToTerraform(this.config.name),
      uuid: stringToTerraform(this.config.uuid),
    };
  }
}
