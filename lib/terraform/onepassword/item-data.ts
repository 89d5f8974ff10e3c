import { Construct } from 'constructs';
import { TerraformDataSource, TerraformMetaArguments, stringToTerraform } from 'cdktf';
import type { BuiltInField } from '../../secrets/op-fields';
import type { AttributeOf } from '../providers.generated';
import { onepasswordDataSourceConfig } from './data-source-base';

// Binding (see provider.ts): data `onepassword_item`, used only by `terraform.stateSecrets:
// legacy` (its values are stored in state). Only what Octant modules read is typed: the
// built-in fields and the custom fields in `section[].field[]`.

export interface DataOnepasswordItemConfig extends TerraformMetaArguments {
  /** UUID of the vault holding the item (`data.onepassword_vault.<x>.uuid`). */
  readonly vault: string;
  /** Item title. Exactly one of title/uuid. @default - look up by uuid */
  readonly title?: string;
  /** Item UUID. @default - look up by title */
  readonly uuid?: string;
}

export class DataOnepasswordItem extends TerraformDataSource {
  public static readonly tfResourceType = 'onepassword_item';

  private readonly config: DataOnepasswordItemConfig;

  constructor(scope: Construct, id: string, config: DataOnepasswordItemConfig) {
    super(scope, id, onepasswordDataSourceConfig(DataOnepasswordItem.tfResourceType, config));
    if ((config.title === undefined) === (config.uuid === undefined)) {
      throw new Error(`data.onepassword_item.${id}: set exactly one of 'title' and 'uuid'`);
    }
    this.config = config;
  }

  /** `username`, `password` or `credential` of the item (sensitive in the provider schema). */
  public attribute(name: BuiltInField & AttributeOf<'data.onepassword_item'>): string {
    return this.getStringAttribute(name);
  }

  /**
   * The value of the custom field labelled `label` (or with that field id), in the section
   * labelled `section` (or with that id) or, without one, in any section. Labels compare
   * case-insensitively, as `op` matches them, so what `secrets check` finds is what Terraform
   * reads. Terraform fails at plan time (index out of range) when the item has no such field,
   * which is the error we want.
   */
  public sectionField(label: string, section?: string): string {
    const fqn = `data.${DataOnepasswordItem.tfResourceType}.${this.friendlyUniqueId}`;
    const matches = (v: string, name: string): string =>
      `(lower(${v}.label) == ${JSON.stringify(name.toLowerCase())} || ${v}.id == ${JSON.stringify(name)})`;
    const fields =
      section === undefined
        ? `flatten(${fqn}.section[*].field)`
        : `flatten([for s in ${fqn}.section : s.field if ${matches('s', section)}])`;
    return `\${[for f in ${fields} : f.value if ${matches('f', label)}][0]}`;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      vault: stringToTerraform(this.config.vault),
      title: stringToTerraform(this.config.title),
      uuid: stringToTerraform(this.config.uuid),
    };
  }
}
