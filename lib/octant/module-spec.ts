import type { JobFile, VarValue } from '../nomad/model';
import type { SecretDecl } from '../secrets/secret';
import { HOST_VOLUMES_CLIENT_FILE, HOST_VOLUMES_PREPARE_FILE } from './host-volumes';

/**
 * One Octant service module as plain data. The application layer (lib/openclaw) builds it; the
 * Terraform layer (lib/terraform) renders it into `main.tf.json`; lib/octant renders the README
 * and the host volume snippet. No cdktf types appear here.
 */

/** A Terraform input variable of the module. */
export interface ModuleVariable {
  readonly name: string;
  /** Terraform type expression. */
  readonly type: 'string' | 'number' | 'bool' | 'list(string)' | 'map(string)';
  readonly description: string;
  /** @default - required: the operator must set it */
  readonly default?: VarValue;
  /** @default false */
  readonly sensitive?: boolean;
  /** Never stored in a plan or state (Terraform >= 1.10); only write-only arguments may read it. @default false */
  readonly ephemeral?: boolean;
}

/**
 * Whether secrets may reach Terraform state and plans: `ephemeral` reads 1Password through the
 * ephemeral `onepassword_item` and writes Nomad variables through the write-only `items_wo`
 * (Terraform >= 1.11); `legacy` is the form for older Terraform (data sources and `items`,
 * whose values Terraform stores in state).
 */
export type StateSecrets = 'ephemeral' | 'legacy';
export const DEFAULT_STATE_SECRETS: StateSecrets = 'ephemeral';

/** A Nomad client host volume the job mounts. */
export interface HostVolumeSpec {
  /** Volume name in the client config and the job's `volume.source`. */
  readonly name: string;
  /** Absolute path on the Nomad client. */
  readonly path: string;
  /** @default false */
  readonly readOnly?: boolean;
  /** Owner inside the container (the node user of the OpenClaw image is 1000:1000). */
  readonly uid: number;
  readonly gid: number;
}

export interface ModulePort {
  readonly label: string;
  /** @default - dynamic */
  readonly port?: number;
  readonly description: string;
}

export interface ModuleReadme {
  /** One paragraph: what the service is. */
  readonly description: string;
  readonly useCases: readonly string[];
  readonly ports: readonly ModulePort[];
  /**
   * Extra markdown sections, heading -> body, appended after the standard ones. A heading of a
   * standard section extends it, except the sections rendered from the module data (Ports,
   * Volumes, URL, Secrets, Variables): those are complete, and extras for them are not rendered.
   * @default - none
   */
  readonly extraSections?: Readonly<Record<string, string>>;
}

export interface OctantServiceModule {
  /** Folder name under `terraform/`, the job name and the `nomad/jobs/<name>` path. */
  readonly serviceName: string;
  /** The generated jobspec, with HCL2 `variable` blocks. */
  readonly job: JobFile;
  /**
   * How each HCL2 variable of the jobspec is fed in `nomad_job.hcl2.vars`: jobspec variable name
   * -> module variable name. Every jobspec variable must appear here.
   */
  readonly jobVars: Readonly<Record<string, string>>;
  /** Module variables beyond Octant's standard set (nomad, consul, region, datacenter, ...). */
  readonly variables: readonly ModuleVariable[];
  /** Defaults for Octant's standard variables where this service differs (e.g. image). */
  readonly standardDefaults?: Readonly<Partial<Record<string, VarValue>>>;
  /** Secrets the task reads; the backend decides whether 1Password data sources are emitted. */
  readonly secrets: readonly SecretDecl[];
  readonly secretsBackend: 'onepassword' | 'vault';
  /** How the 1Password reads and the `nomad_variable` keep secrets out of state. @default 'ephemeral' */
  readonly stateSecrets?: StateSecrets;
  readonly hostVolumes: readonly HostVolumeSpec[];
  /**
   * Host directories the podman driver bind-mounts (`config.volumes`), as Octant's own modules
   * do. They are prepared like host volumes (created, given to the container user) but are not
   * declared to the Nomad client. @default - none
   */
  readonly bindMounts?: readonly HostVolumeSpec[];
  /**
   * The cluster enables memory oversubscription, so `memory_max` counts; the validator then
   * does not warn that Nomad ignores it. @default false (Nomad's default)
   */
  readonly memoryOversubscription?: boolean;
  /** Emit `nomad_dynamic_host_volume` resources (Nomad >= 1.10) instead of a client snippet. @default false */
  readonly dynamicHostVolumes?: boolean;
  readonly readme: ModuleReadme;
  /** Extra files written into the module folder, name -> content (e.g. `openclaw.json`). */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /**
   * Keys of `nomad/jobs/<job>` holding the content of one of `extraFiles` (a config file the
   * job's template reads from the variable), key -> file name. @default - none
   */
  readonly variableFiles?: Readonly<Record<string, string>>;
  /**
   * Keys of `nomad/jobs/<job>` set from a module variable (a credential the operator passes as
   * a sensitive variable), key -> module variable name. @default - none
   */
  readonly variableInputs?: Readonly<Record<string, string>>;
  /**
   * Path of the `nomad_variable` holding the secrets (a job may read another job's variable, as
   * some Octant modules do). @default - `nomad/jobs/<job name>`
   */
  readonly variablePath?: string;
  /**
   * Further `nomad_variable`s the module writes from 1Password, at other paths (a backup job's
   * credentials written by the database's module). @default - none
   */
  readonly extraVariables?: readonly {
    readonly path: string;
    readonly secrets: readonly SecretDecl[];
  }[];
  /** Further jobs of the module (e.g. the backup job), each `<job>.nomad.hcl` + its own `nomad_job`. @default - none */
  readonly extraJobs?: readonly ModuleExtraJob[];
}

/** A second job of a module: validated, written and applied like the main one. */
export interface ModuleExtraJob {
  readonly job: JobFile;
  /** Jobspec variable -> module variable, as {@link OctantServiceModule.jobVars}. */
  readonly jobVars: Readonly<Record<string, string>>;
  /** Secrets it reads from its own `nomad/jobs/<job>` variable. @default - none */
  readonly secrets?: readonly SecretDecl[];
}

/**
 * The files the generator writes into this module's folder (the jobspecs, `main.tf.json`, the
 * README, the host volume files when it has any): its `extraFiles` (a site's `files`) cannot
 * name one, or it would silently replace the validated jobspec or the script run as root.
 */
export function generatedFileNames(module: OctantServiceModule): string[] {
  const hostVolumes = !module.dynamicHostVolumes && module.hostVolumes.length > 0;
  const prepare = hostVolumes || (module.bindMounts ?? []).length > 0;
  return [
    `${module.serviceName}.nomad.hcl`,
    ...(module.extraJobs ?? []).map((e) => `${e.job.job.name}.nomad.hcl`),
    ...MODULE_FILES,
    ...(hostVolumes ? [HOST_VOLUMES_CLIENT_FILE] : []),
    ...(prepare ? [HOST_VOLUMES_PREPARE_FILE] : []),
  ];
}

/** The files every module folder holds, whatever the module. */
export const MODULE_FILES: readonly string[] = ['main.tf.json', 'README.md'];
