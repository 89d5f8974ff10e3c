import { builtInFieldOf } from '../secrets/op-fields';
import { formatOpRef } from '../secrets/op-ref';
import type { OnePasswordSource, SecretDecl } from '../secrets/secret';
import {
  DEFAULT_STATE_SECRETS,
  type ModuleVariable,
  type OctantServiceModule,
  type StateSecrets,
} from './module-spec';

/*
 * What keeps a module's secrets out of Terraform state (`stateSecrets: ephemeral`), as plain
 * data: the variable that versions the write-only Nomad variables, and the secrets Terraform
 * cannot read ephemerally from 1Password. The 1Password provider's ephemeral `onepassword_item`
 * (3.2.0 to 3.3.1, see scripts/providers/extract.json) has the built-in fields only, no
 * `section[]`: a custom field is passed in as an ephemeral input variable instead, which
 * `op run --env-file=op.env` fills from the same op:// reference.
 */

/** The module variable every write-only `nomad_variable` takes its `items_wo_version` from. */
export const SECRETS_VERSION_VARIABLE = 'secrets_version';
/** The `op run` env file of the ephemeral input variables, in the module folder. */
export const OP_ENV_FILE = 'op.env';

export function stateSecretsOf(module: OctantServiceModule): StateSecrets {
  return module.stateSecrets ?? DEFAULT_STATE_SECRETS;
}

/** Whether the module writes secrets through Terraform the ephemeral way (1Password backend). */
export function isEphemeral(module: OctantServiceModule): boolean {
  return module.secretsBackend === 'onepassword' && stateSecretsOf(module) === 'ephemeral';
}

/** Every secret the module's `nomad_variable`s hold: its own, other paths', extra jobs'. */
export function variableSecrets(module: OctantServiceModule): SecretDecl[] {
  return [
    ...module.secrets,
    ...(module.extraVariables ?? []).flatMap((v) => v.secrets),
    ...(module.extraJobs ?? []).flatMap((j) => j.secrets ?? []),
  ];
}

/** Whether the module writes at least one `nomad_variable` (1Password backend). */
export function writesNomadVariables(module: OctantServiceModule): boolean {
  if (module.secretsBackend !== 'onepassword') return false;
  return (
    variableSecrets(module).length > 0 ||
    Object.keys(module.variableFiles ?? {}).length > 0 ||
    Object.keys(module.variableInputs ?? {}).length > 0
  );
}

/** A custom 1Password field passed in as an ephemeral module variable. */
export interface SecretInput {
  readonly variable: string;
  readonly source: OnePasswordSource;
}

/** The ephemeral input variables, one per distinct op:// reference of a custom field. */
export function secretInputs(module: OctantServiceModule): SecretInput[] {
  if (!isEphemeral(module)) return [];
  const byRef = new Map<string, SecretInput>();
  const used = new Set(module.variables.map((v) => v.name));
  const sorted = [...variableSecrets(module)].sort((a, b) => a.name.localeCompare(b.name));
  for (const s of sorted) {
    if (s.source.kind !== 'onepassword' || builtInFieldOf(s.source) !== undefined) continue;
    const ref = formatOpRef(s.source);
    if (byRef.has(ref)) continue;
    const base = `op_${s.name.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`;
    let variable = base;
    for (let n = 2; used.has(variable); n++) variable = `${base}_${n}`;
    used.add(variable);
    byRef.set(ref, { variable, source: s.source });
  }
  return [...byRef.values()];
}

/** The input variable that carries a secret's value, if its field is a custom one. */
export function secretInputOf(
  module: OctantServiceModule,
  source: OnePasswordSource,
): string | undefined {
  const ref = formatOpRef(source);
  return secretInputs(module).find((i) => formatOpRef(i.source) === ref)?.variable;
}

/** The variables `stateSecrets: ephemeral` adds to a module (none in legacy mode). */
export function stateSecretsVariables(module: OctantServiceModule): ModuleVariable[] {
  if (!isEphemeral(module) || !writesNomadVariables(module)) return [];
  return [
    {
      name: SECRETS_VERSION_VARIABLE,
      type: 'number',
      default: 1,
      description:
        'Version of the write-only Nomad variable items: raise it after changing a secret in 1Password (or a variable input) so that the next apply writes the new values',
    },
    ...secretInputs(module).map((i): ModuleVariable => ({
      name: i.variable,
      type: 'string',
      sensitive: true,
      ephemeral: true,
      description: `Value of ${formatOpRef(i.source)} (a custom field: run terraform under \`op run --env-file=${OP_ENV_FILE}\`)`,
    })),
  ];
}

/** `op run --env-file` lines: each ephemeral input variable from its op:// reference. */
export function renderOpEnv(module: OctantServiceModule): string | undefined {
  const inputs = secretInputs(module);
  if (inputs.length === 0) return undefined;
  return [
    '# References, not secrets: `op run --env-file=op.env -- terraform apply` resolves them',
    '# into the ephemeral input variables (never stored in state or plans).',
    ...inputs.map((i) => `TF_VAR_${i.variable}="${formatOpRef(i.source)}"`),
    '',
  ].join('\n');
}
