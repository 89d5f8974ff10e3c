import type { VarValue } from '../nomad/model';
import { UserError } from '../util/errors';
import type { ModuleVariable, OctantServiceModule } from './module-spec';
import { stateSecretsVariables } from './state-secrets';

/**
 * Today's Octant conventions, stated once: the site schema, the embedded default site, the module
 * variables and the gateway settings take their defaults from here.
 */
export const OCTANT_DEFAULTS = {
  /** Address of the Terraform Nomad provider: Octant runs Terraform on a cluster node. */
  nomad: 'localhost',
  /** Address of the Terraform Consul provider. */
  consul: 'localhost',
  region: 'home',
  datacenter: 'octant',
  domain: 'octant.local',
  /** "" = Traefik's default certificate (no ACME resolver), as most Octant modules have it. */
  certresolver: '',
  /** 1Password vault of every current Octant module. */
  opVault: 'Octant',
  /**
   * Octant names a service's 1Password item `service_<name>` and reads its built-in `password`
   * (and `username`) field, e.g. `op://Octant/service_openclaw/password`.
   */
  opItemPrefix: 'service_',
  /** How tasks reach Nomad and Consul: Consul DNS, never the Terraform provider's address. */
  taskNomadAddr: 'http://nomad.service.consul:4646',
  taskConsulAddr: 'consul.service.consul:8500',
  /** Octant mounts shared storage into Podman under <root>/<service>/... */
  bindMountRoot: '/mnt/services',
  /**
   * The cluster's own registry Octant pushes its custom images to and pulls them from (with
   * `force_pull`): terraform/openclaw-gateway/variables.tf of Octant today.
   */
  registry: '192.168.122.1:5000',
} as const;

/**
 * Octant's standard module variables, with Octant's names and defaults (see any
 * `terraform/<service>/variables.tf` of Octant). Defined once: the Terraform layer declares them
 * and the README's variables table is generated from the same list, so the two cannot drift.
 */
export const STANDARD_VARIABLES: readonly ModuleVariable[] = [
  {
    name: 'nomad',
    type: 'string',
    default: OCTANT_DEFAULTS.nomad,
    description: 'Nomad server address (host name; the provider talks to http://<nomad>:4646)',
  },
  {
    name: 'consul',
    type: 'string',
    default: OCTANT_DEFAULTS.consul,
    description: 'Consul server address (host name; the provider talks to http://<consul>:8500)',
  },
  {
    name: 'region',
    type: 'string',
    default: OCTANT_DEFAULTS.region,
    description: 'Nomad region of the job',
  },
  {
    name: 'datacenter',
    type: 'string',
    default: OCTANT_DEFAULTS.datacenter,
    description: 'Nomad datacenter the job runs in',
  },
  {
    name: 'image',
    type: 'string',
    description: 'Container image of the service (pin a tag or digest, not :latest)',
  },
  {
    name: 'domain',
    type: 'string',
    default: OCTANT_DEFAULTS.domain,
    description: 'DNS domain Traefik serves the service under (<servicename>.<domain>)',
  },
  {
    name: 'certresolver',
    type: 'string',
    default: OCTANT_DEFAULTS.certresolver,
    description:
      'Traefik certificate resolver for the service\'s TLS certificate ("" = Traefik\'s default certificate)',
  },
  {
    name: 'servicename',
    type: 'string',
    description: 'Consul service name; also the host name under the domain',
  },
  {
    name: 'dns',
    type: 'list(string)',
    // Today's Octant (42 of its 48 modules with a `dns` variable).
    default: ['192.168.122.101', '192.168.122.102', '192.168.122.103'],
    description: 'DNS servers of the task network namespace',
  },
  {
    name: 'op_vault_name',
    type: 'string',
    default: OCTANT_DEFAULTS.opVault,
    description: 'Name of the 1Password vault holding the service secrets',
  },
];

/** Standard variables that only make sense with the 1Password secrets backend. */
const ONEPASSWORD_ONLY = new Set(['op_vault_name']);

/** Standard variables that have no Octant-wide default: the module must supply one. */
const SERVICE_SPECIFIC = new Set(['image', 'servicename']);

export function isStandardVariable(name: string): boolean {
  return STANDARD_VARIABLES.some((v) => v.name === name);
}

/**
 * Every variable of the module in declaration order: Octant's standard set (with the module's
 * `standardDefaults` applied; `servicename` defaults to the service name) followed by the
 * module's own. Throws when a module variable reuses a standard name or is declared twice, or a
 * `standardDefaults` key is not a standard variable.
 */
export function moduleVariables(module: OctantServiceModule): ModuleVariable[] {
  const overrides: Readonly<Partial<Record<string, VarValue>>> = module.standardDefaults ?? {};
  for (const key of Object.keys(overrides)) {
    if (!isStandardVariable(key)) {
      throw new UserError(
        `modules.${module.serviceName}.standardDefaults.${key}`,
        `'${key}' is not one of Octant's standard variables`,
        `declare it in 'variables' instead, or use one of: ${STANDARD_VARIABLES.map((v) => v.name).join(', ')}`,
      );
    }
  }
  const result: ModuleVariable[] = [];
  for (const std of STANDARD_VARIABLES) {
    if (ONEPASSWORD_ONLY.has(std.name) && module.secretsBackend !== 'onepassword') continue;
    const fallback = std.name === 'servicename' ? module.serviceName : std.default;
    const value = overrides[std.name] ?? fallback;
    if (value === undefined && SERVICE_SPECIFIC.has(std.name)) {
      throw new UserError(
        `modules.${module.serviceName}.standardDefaults.${std.name}`,
        `standard variable '${std.name}' has no default for this service`,
        `set standardDefaults.${std.name}`,
      );
    }
    result.push(value === undefined ? std : { ...std, default: value });
  }
  const seen = new Set(result.map((v) => v.name));
  for (const own of [...module.variables, ...stateSecretsVariables(module)]) {
    if (seen.has(own.name)) {
      throw new UserError(
        `modules.${module.serviceName}.variables.${own.name}`,
        isStandardVariable(own.name)
          ? `'${own.name}' is one of Octant's standard variables`
          : `variable '${own.name}' is declared twice`,
        isStandardVariable(own.name)
          ? `set its default with standardDefaults.${own.name} instead of redeclaring it`
          : 'remove the duplicate',
      );
    }
    seen.add(own.name);
    result.push(own);
  }
  return result;
}
