import { Construct } from 'constructs';
import { TerraformElement } from 'cdktf';
import type { AttributeOf } from '../providers.generated';

/*
 * `ephemeral "onepassword_item"` (1Password provider >= 3.2.0). cdktf 0.21 has no ephemeral
 * block type, so this element adds the top-level `ephemeral` key to the stack's Terraform JSON
 * itself (the stack deep-merges every element's fragment). Terraform never stores its values
 * in state or plans; only ephemeral contexts (write-only arguments, provider blocks, other
 * ephemerals) may read them.
 */

export type EphemeralItemAttribute = AttributeOf<'ephemeral.onepassword_item'>;

export interface EphemeralOnepasswordItemConfig {
  /** UUID of the vault holding the item (`data.onepassword_vault.<x>.uuid`). */
  readonly vault: string;
  /** Item title. Exactly one of title/uuid. @default - look up by uuid */
  readonly title?: string;
  /** Item UUID. @default - look up by title */
  readonly uuid?: string;
}

export class EphemeralOnepasswordItem extends TerraformElement {
  public static readonly tfResourceType = 'onepassword_item';

  private readonly config: EphemeralOnepasswordItemConfig;

  constructor(scope: Construct, id: string, config: EphemeralOnepasswordItemConfig) {
    super(scope, id, `ephemeral.${EphemeralOnepasswordItem.tfResourceType}`);
    if ((config.title === undefined) === (config.uuid === undefined)) {
      throw new Error(`ephemeral.onepassword_item.${id}: set exactly one of 'title' and 'uuid'`);
    }
    this.config = config;
  }

  /** The HCL expression (no `${}`) of a field of the item: `ephemeral.onepassword_item.<id>.<name>`. */
  public expression(name: EphemeralItemAttribute): string {
    return `ephemeral.${EphemeralOnepasswordItem.tfResourceType}.${this.friendlyUniqueId}.${name}`;
  }

  public toTerraform(): Record<string, unknown> {
    const body: Record<string, string> = { vault: this.config.vault };
    if (this.config.title !== undefined) body.title = this.config.title;
    if (this.config.uuid !== undefined) body.uuid = this.config.uuid;
    return {
      ephemeral: { [EphemeralOnepasswordItem.tfResourceType]: { [this.friendlyUniqueId]: body } },
    };
  }
}
