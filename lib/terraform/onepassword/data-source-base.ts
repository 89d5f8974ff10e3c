import type { TerraformMetaArguments, TerraformResourceConfig } from 'cdktf';
import { ONEPASSWORD_PROVIDER } from '../versions';

/**
 * What every hand-typed 1Password data source passes to `TerraformDataSource`: its type, the
 * provider's generator metadata, and the meta-arguments (provider, depends_on, count...) given.
 */
export function onepasswordDataSourceConfig(
  terraformResourceType: string,
  meta: TerraformMetaArguments,
): TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: {
      providerName: 'onepassword',
      providerVersionConstraint: ONEPASSWORD_PROVIDER.version,
    },
    provider: meta.provider,
    dependsOn: meta.dependsOn,
    count: meta.count,
    lifecycle: meta.lifecycle,
    forEach: meta.forEach,
  };
}
