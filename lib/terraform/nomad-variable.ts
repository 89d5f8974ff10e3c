import { Construct } from 'constructs';
import { TerraformResource, type TerraformMetaArguments } from 'cdktf';
import type { AttributeOf } from './providers.generated';
import { NOMAD_PROVIDER } from './versions';

/*
 * `resource "nomad_variable"` with write-only items (Nomad provider >= 2.6.0, Terraform >= 1.11):
 * `items_wo` is a JSON object Terraform sends to the provider and never stores; the provider
 * writes it again only when `items_wo_version` changes. The prebuilt @cdktf/provider-nomad
 * class predates these arguments (and requires `items`), hence this small binding.
 */

type Attribute = AttributeOf<'resource.nomad_variable'>;

export interface WriteOnlyNomadVariableConfig extends TerraformMetaArguments {
  readonly path: string;
  /** HCL expression of the items object (no `${}`), e.g. `{ key = ephemeral.x.password }`. */
  readonly items: string;
  /** HCL expression of the version number (no `${}`); the items are written when it changes. */
  readonly version: string;
}

export class WriteOnlyNomadVariable extends TerraformResource {
  public static readonly tfResourceType = 'nomad_variable';

  private readonly config: WriteOnlyNomadVariableConfig;

  constructor(scope: Construct, id: string, config: WriteOnlyNomadVariableConfig) {
    super(scope, id, {
      terraformResourceType: WriteOnlyNomadVariable.tfResourceType,
      terraformGeneratorMetadata: {
        providerName: 'nomad',
        providerVersionConstraint: NOMAD_PROVIDER.version,
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
    });
    this.config = config;
  }

  public get path(): string {
    return this.getStringAttribute('path');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    // Typed by the schema extract: a name the provider does not have does not compile.
    const attrs: Partial<Record<Attribute, unknown>> = {
      path: this.config.path,
      items_wo: `\${jsonencode(${this.config.items})}`,
      items_wo_version: `\${${this.config.version}}`,
    };
    return attrs;
  }
}
