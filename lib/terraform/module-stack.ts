import { Construct } from 'constructs';
import {
  Fn,
  ITerraformDependable,
  LocalBackend,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
// Deep imports: the package index loads every Nomad/Consul resource class (slow synth).
import { NomadProvider } from '@cdktf/provider-nomad/lib/provider';
import { Variable as NomadVariable } from '@cdktf/provider-nomad/lib/variable';
import { Job as NomadJob } from '@cdktf/provider-nomad/lib/job';
import { DynamicHostVolume } from '@cdktf/provider-nomad/lib/dynamic-host-volume';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider';
import type { ModuleVariable, OctantServiceModule } from '../octant/module-spec';
import { moduleVariables } from '../octant/variables';
import type { OnePasswordSource, SecretDecl } from '../secrets/secret';
import { UserError } from '../util/errors';
import { builtInFieldOf } from '../secrets/op-fields';
import { DataOnepasswordItem, DataOnepasswordVault, OnepasswordProvider } from './onepassword';
import { CONSUL_PROVIDER, NOMAD_PROVIDER, ONEPASSWORD_PROVIDER } from './versions';
import { jobspecFileName, terraformName } from './names';

export interface OctantModuleStackProps {
  readonly module: OctantServiceModule;
  /**
   * Local state file, relative to the directory Terraform runs in. Only the cdktf stack sets
   * one; the exported module has no backend (the operator's root module decides).
   * @default - no backend block (Terraform's default local state)
   */
  readonly localStatePath?: string;
}

/**
 * The Terraform side of one Octant service module: variables, providers, 1Password reads, the
 * `nomad_variable` holding the secrets, the `nomad_job` and outputs. The jobspec is read from
 * `<service>.nomad.hcl` beside the Terraform file, so it must be written there too.
 */
export class OctantModuleStack extends TerraformStack {
  public readonly module: OctantServiceModule;
  public readonly variables: ReadonlyMap<string, TerraformVariable>;
  public readonly job: NomadJob;
  /** @default - undefined with the vault backend or when the service has no secrets */
  public readonly secrets?: NomadVariable;

  constructor(scope: Construct, id: string, props: OctantModuleStackProps) {
    super(scope, id);
    const module = props.module;
    this.module = module;
    if (props.localStatePath !== undefined) {
      new LocalBackend(this, { path: props.localStatePath });
    }

    const vars = new Map<string, TerraformVariable>();
    for (const v of moduleVariables(module)) vars.set(v.name, declareVariable(this, v));
    this.variables = vars;
    const varRef = (name: string): TerraformVariable => {
      const v = vars.get(name);
      if (!v) throw new Error(`internal: variable '${name}' not declared`);
      return v;
    };

    new NomadProvider(this, 'provider_nomad', { address: `http://\${var.nomad}:4646` });
    new ConsulProvider(this, 'provider_consul', { address: `http://\${var.consul}:8500` });
    pinProvider(this, 'nomad', NOMAD_PROVIDER.source, NOMAD_PROVIDER.version);
    pinProvider(this, 'consul', CONSUL_PROVIDER.source, CONSUL_PROVIDER.version);

    const dependsOn: ITerraformDependable[] = [];
    if (module.secretsBackend === 'onepassword') {
      new OnepasswordProvider(this, 'provider_onepassword');
      pinProvider(this, 'onepassword', ONEPASSWORD_PROVIDER.source, ONEPASSWORD_PROVIDER.version);
      // One read per vault and item, shared by every variable of the module.
      const reads: OnePasswordReads = { vaults: new Map(), items: new Map(), ids: new Set() };
      if (module.secrets.length > 0 || Object.keys(module.variableFiles ?? {}).length > 0) {
        const items = readOnePasswordSecrets(this, module, varRef('op_vault_name'), reads);
        // Config files kept in the variable (as `data "local_file"` does in Octant modules).
        for (const [key, file] of Object.entries(module.variableFiles ?? {}).sort()) {
          items[key] = `\${file("\${path.module}/${file}")}`;
        }
        this.secrets = new NomadVariable(this, `${terraformName(module.serviceName)}_secrets`, {
          path: module.variablePath ?? `nomad/jobs/${module.job.job.name}`,
          items,
        });
        dependsOn.push(this.secrets);
      }
      // Variables the job reads at other paths (another job's, as some Octant modules write).
      for (const extra of module.extraVariables ?? []) {
        const items = readOnePasswordSecrets(
          this,
          { ...module, secrets: extra.secrets },
          varRef('op_vault_name'),
          reads,
        );
        const id = `${terraformName(module.serviceName)}_${terraformName(extra.path.replace(/^nomad\/jobs\//, ''))}_secrets`;
        dependsOn.push(new NomadVariable(this, id, { path: extra.path, items }));
      }
    }

    const volumes = module.dynamicHostVolumes
      ? module.hostVolumes.map(
          (hv) =>
            new DynamicHostVolume(this, `volume_${terraformName(hv.name)}`, {
              name: hv.name,
              pluginId: 'mkdir',
              // The mkdir plugin creates the directory owned by the container user.
              parameters: { uid: String(hv.uid), gid: String(hv.gid), mode: '0750' },
              capability: [
                {
                  accessMode: hv.readOnly ? 'single-node-reader-only' : 'single-node-writer',
                  attachmentMode: 'file-system',
                },
              ],
            }),
        )
      : [];
    dependsOn.push(...volumes);

    this.job = new NomadJob(this, terraformName(module.serviceName), {
      // A raw expression: Fn.file() would escape the `${path.module}` inside its argument.
      jobspec: `\${file("\${path.module}/${jobspecFileName(module)}")}`,
      hcl2: { vars: hcl2Vars(module, varRef) },
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });

    new TerraformOutput(this, 'job_id', {
      value: this.job.id,
      description: 'ID of the Nomad job',
    });
    new TerraformOutput(this, 'service_url', {
      value: `https://\${var.servicename}.\${var.domain}`,
      description: 'URL Traefik serves the service at',
    });
  }
}

function declareVariable(scope: Construct, v: ModuleVariable): TerraformVariable {
  return new TerraformVariable(scope, v.name, {
    type: v.type,
    description: v.description,
    default: v.default,
    sensitive: v.sensitive === true ? true : undefined,
  });
}

/** cdktf writes the prebuilt providers' short source (`nomad`); Octant modules need the full one. */
function pinProvider(stack: TerraformStack, name: string, source: string, version: string): void {
  stack.addOverride(`terraform.required_providers.${name}`, { source, version });
}

/** `nomad_job.hcl2.vars` values are strings parsed by Nomad as HCL: non-strings go through jsonencode. */
function hcl2Vars(
  module: OctantServiceModule,
  varRef: (name: string) => TerraformVariable,
): Record<string, string> {
  const declared = new Set((module.job.variables ?? []).map((v) => v.name));
  for (const name of declared) {
    if (!(name in module.jobVars)) {
      throw new UserError(
        `modules.${module.serviceName}.jobVars`,
        `jobspec variable '${name}' is not fed from any module variable`,
        `add '${name}: <module variable>' to jobVars`,
      );
    }
  }
  const vars: Record<string, string> = {};
  for (const [jobVar, moduleVar] of Object.entries(module.jobVars).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!declared.has(jobVar)) {
      throw new UserError(
        `modules.${module.serviceName}.jobVars.${jobVar}`,
        `the jobspec declares no variable '${jobVar}'`,
        'remove it from jobVars or declare it in the jobspec',
      );
    }
    const tfVar = varRef(moduleVar);
    vars[jobVar] = tfVar.type === 'string' ? tfVar.stringValue : Fn.jsonencode(tfVar.value);
  }
  return vars;
}

function isOnePassword(s: SecretDecl): s is SecretDecl & { readonly source: OnePasswordSource } {
  return s.source.kind === 'onepassword';
}

/** One `onepassword_vault` per vault and one `onepassword_item` per item; returns the variable's items. */
interface OnePasswordReads {
  readonly vaults: Map<string, DataOnepasswordVault>;
  readonly items: Map<string, DataOnepasswordItem>;
  readonly ids: Set<string>;
}

function readOnePasswordSecrets(
  scope: Construct,
  module: OctantServiceModule,
  opVaultName: TerraformVariable,
  reads: OnePasswordReads,
): Record<string, string> {
  const defaultVault = opVaultName.default;
  const { vaults, items: itemsByKey, ids: usedIds } = reads;
  const values: Record<string, string> = {};
  const sorted = [...module.secrets].sort((a, b) => a.name.localeCompare(b.name));
  for (const secret of sorted) {
    if (!isOnePassword(secret)) {
      throw new UserError(
        `modules.${module.serviceName}.secrets.${secret.name}`,
        'the onepassword backend needs op:// secret sources',
        'give the secret an op://<vault>/<item>/<field> source or switch the backend to vault',
      );
    }
    if (secret.name in values) {
      throw new UserError(
        `modules.${module.serviceName}.secrets.${secret.name}`,
        `secret '${secret.name}' is declared twice`,
        'remove the duplicate',
      );
    }
    const src = secret.source;
    let vault = vaults.get(src.vault);
    if (!vault) {
      // The vault named by op_vault_name's default follows the variable, so operators can point
      // the module at another vault without editing it.
      const id = src.vault === defaultVault ? 'op_vault' : `op_vault_${terraformName(src.vault)}`;
      vault = new DataOnepasswordVault(scope, id, {
        name: src.vault === defaultVault ? opVaultName.stringValue : src.vault,
      });
      vaults.set(src.vault, vault);
    }
    const key = `${src.vault}\u0000${src.item}`;
    let item = itemsByKey.get(key);
    if (!item) {
      // Construct ids share one namespace with variables and resources: prefix them.
      const base = `op_item_${terraformName(src.item)}`;
      let id = base;
      for (let n = 2; usedIds.has(id); n++) id = `${base}_${n}`;
      usedIds.add(id);
      item = new DataOnepasswordItem(scope, id, { vault: vault.uuid, title: src.item });
      itemsByKey.set(key, item);
    }
    const builtIn = builtInFieldOf(src);
    values[secret.name] =
      builtIn !== undefined ? item.attribute(builtIn) : item.sectionField(src.field, src.section);
  }
  return values;
}
