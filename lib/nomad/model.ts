/**
 * Typed model of a Nomad job specification.
 *
 * This layer knows nothing of Terraform or cdktf. The block interfaces are generated from
 * Nomad's own API definitions (`schema.generated.ts`, from `scripts/nomad-api/extract.json`):
 * field names are the camelCase form of the HCL names (`memory_max` -> `memoryMax`), in Nomad's
 * struct order, attributes before blocks; that order is the output order of both renderers.
 *
 * User maps (env, meta, driver config keys, tags) are passed through untouched: never re-cased.
 */

/** A Go duration string such as `"10s"`, `"1m30s"` or `"250ms"`. */
export type Duration = string;

/** A reference to an HCL2 input variable of the jobspec file: renders as `var.<name>`. */
export interface VarRef {
  readonly kind: 'var';
  readonly name: string;
}

/**
 * A string built from literal text and variable references: renders as
 * `"text ${var.name} text"`. Literal parts are plain text (a literal `${` in them is escaped by
 * the renderer, never by the caller).
 */
export interface Interpolation {
  readonly kind: 'interp';
  readonly parts: readonly (string | VarRef)[];
}

/** A string value: literal text, a variable, or text with variables in it. */
export type Str = string | VarRef | Interpolation;
/** A number, or a variable holding one. */
export type Num = number | VarRef;
/** A boolean, or a variable holding one. */
export type Bool = boolean | VarRef;
/** A list of strings, or a variable holding the whole list (`servers = var.dns`). */
export type StrList = readonly Str[] | VarRef;
/** A map of strings with user-chosen keys (env, meta): keys are kept exactly as given. */
export type StrMap = Readonly<Record<string, Str>>;

/** Any value a driver `config` or variable default may hold. */
export type Value =
  | string
  | number
  | boolean
  | VarRef
  | Interpolation
  | readonly Value[]
  | { readonly [key: string]: Value };

/** Plain data a variable default may hold (no references). */
export type VarValue =
  string | number | boolean | readonly VarValue[] | { readonly [key: string]: VarValue };

/** `var.<name>` */
export function ref(name: string): VarRef {
  return { kind: 'var', name };
}

/** Whether a model value is a `var.<name>` reference. */
export function isRef(v: unknown): v is VarRef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'var';
}

/** Whether a model value is text with variable references in it. */
export function isInterp(v: unknown): v is Interpolation {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'interp';
}

/** Tagged template: interp`Host(\`${ref('domain')}\`)` builds an {@link Interpolation}. */
export function interp(strings: TemplateStringsArray, ...refs: VarRef[]): Interpolation {
  const parts: (string | VarRef)[] = [];
  strings.forEach((s, i) => {
    if (s !== '') parts.push(s);
    if (i < refs.length) parts.push(refs[i]);
  });
  return { kind: 'interp', parts };
}

/** An HCL2 `variable` block of a standalone jobspec (`nomad job run -var name=value`). */
export interface Variable {
  readonly name: string;
  /** HCL type expression, e.g. `string`, `number`, `bool`, `list(string)`, `map(string)`. */
  readonly type?: string;
  readonly description?: string;
  /** @default - no default: the variable must be given */
  readonly default?: VarValue;
  /** Checks of the value (`condition` is HCL expression source, e.g. `length(var.x) > 0`). */
  readonly validation?: readonly VariableValidation[];
  /**
   * @deprecated Nomad's jobspec variables have no `sensitive` argument (Nomad refuses it):
   *   never written.
   */
  readonly sensitive?: boolean;
}

export interface VariableValidation {
  readonly condition: string;
  readonly errorMessage: string;
}

/** One jobspec file: HCL2 variables plus the job. */
export interface JobFile {
  readonly variables?: readonly Variable[];
  readonly job: Job;
}

// ---------------------------------------------------------------------------------------------
// Blocks: generated from Nomad's API definitions (schema.generated.ts). The names below are the
// model's own names for them, kept so callers read `Group` rather than `TaskGroup`.
// ---------------------------------------------------------------------------------------------

/** A list of numbers, or a variable holding the whole list. */
export type NumList = readonly Num[] | VarRef;
/** Header name -> values (check `header`); names are kept exactly as given. */
export type HeaderMap = Readonly<Record<string, readonly Str[]>>;

export type {
  Action,
  Affinity,
  CheckRestart,
  ChangeScript,
  Constraint,
  Consul,
  ConsulGateway,
  ConsulProxy,
  ConsulUpstream,
  DisconnectStrategy,
  EphemeralDisk,
  Job,
  MigrateStrategy,
  Multiregion,
  Port,
  Resources,
  ScalingPolicy,
  Secret,
  Service,
  SidecarTask,
  Spread,
  SpreadTarget,
  TaskBlock,
  Template,
  Vault,
  VolumeMount,
  WaitConfig,
} from './schema.generated';
import type {
  Job,
  ConsulConnect,
  ConsulSidecarService,
  DNSConfig,
  LogConfig,
  NetworkResource,
  ParameterizedJobConfig,
  PeriodicConfig,
  RequestedDevice,
  ReschedulePolicy,
  RestartPolicy,
  ServiceCheck,
  TaskArtifact,
  TaskBlock,
  TaskGroup,
  TaskLifecycle,
  UpdateStrategy,
  VolumeRequest,
  WorkloadIdentity,
} from './schema.generated';

export type Group = TaskGroup;
export type Update = UpdateStrategy;
export type Periodic = PeriodicConfig;
export type Parameterized = ParameterizedJobConfig;
export type Reschedule = ReschedulePolicy;
export type Restart = RestartPolicy;
export type Dns = DNSConfig;
export type Network = NetworkResource;
export type Volume = VolumeRequest;
export type Check = ServiceCheck;
export type Connect = ConsulConnect;
export type SidecarService = ConsulSidecarService;
export type Artifact = TaskArtifact;
export type Identity = WorkloadIdentity;
export type Device = RequestedDevice;
export type Lifecycle = TaskLifecycle;
export type Logs = LogConfig;
export type {
  ConsulConnect,
  ConsulSidecarService,
  DNSConfig,
  LogConfig,
  NetworkResource,
  ParameterizedJobConfig,
  PeriodicConfig,
  RequestedDevice,
  ReschedulePolicy,
  RestartPolicy,
  ServiceCheck,
  TaskArtifact,
  TaskGroup,
  TaskLifecycle,
  UpdateStrategy,
  VolumeRequest,
  WorkloadIdentity,
};

export type ConstraintOperator =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'distinct_hosts'
  | 'distinct_property'
  | 'regexp'
  | 'set_contains'
  | 'set_contains_all'
  | 'set_contains_any'
  | 'version'
  | 'semver'
  | 'is_set'
  | 'is_not_set';

export type JobType = 'service' | 'batch' | 'system' | 'sysbatch';
export type CheckType = 'http' | 'tcp' | 'grpc' | 'script';
export type ChangeMode = 'noop' | 'restart' | 'signal' | 'script';

// ---------------------------------------------------------------------------------------------
// Task: the generated block, with `config` typed by driver
// ---------------------------------------------------------------------------------------------

/** Podman driver `logging` option. */
// A type alias (not an interface) so it fits the driver config's open index signature.
export type PodmanLogging = {
  readonly driver?: Str;
  /** Octant writes `options = [{ tag = "x" }]`; the driver docs write `options = { tag = "x" }`. */
  readonly options?: StrMap | readonly StrMap[];
};

/**
 * `config` of the podman task driver (nomad-driver-podman). Keys are the driver's HCL names
 * (snake_case) because they are passed to the driver as-is.
 */
export interface PodmanConfig {
  readonly image: Str;
  readonly command?: Str;
  readonly args?: StrList;
  readonly entrypoint?: StrList;
  readonly ports?: readonly string[];
  readonly volumes?: StrList;
  readonly force_pull?: Bool | string;
  readonly image_pull_timeout?: Str;
  readonly logging?: PodmanLogging;
  readonly userns?: Str;
  readonly network_mode?: Str;
  readonly privileged?: Bool;
  readonly cap_add?: StrList;
  readonly cap_drop?: StrList;
  readonly readonly_rootfs?: Bool;
  readonly working_dir?: Str;
  readonly hostname?: Str;
  readonly init?: Bool;
  readonly labels?: StrMap;
  readonly [key: string]: Value | undefined;
}

/** `config` of the docker task driver (subset typed; other keys pass through). */
export interface DockerConfig {
  readonly image: Str;
  readonly command?: Str;
  readonly args?: StrList;
  readonly entrypoint?: StrList;
  readonly ports?: readonly string[];
  readonly volumes?: StrList;
  readonly force_pull?: Bool;
  readonly network_mode?: Str;
  readonly privileged?: Bool;
  readonly cap_add?: StrList;
  readonly [key: string]: Value | undefined;
}

/** `config` of the exec driver. */
export interface ExecConfig {
  readonly command: Str;
  readonly args?: StrList;
  readonly [key: string]: Value | undefined;
}

/** `config` of the raw_exec driver. */
export interface RawExecConfig {
  readonly command: Str;
  readonly args?: StrList;
  readonly [key: string]: Value | undefined;
}

/** Config of any other driver: an open map. */
export type OpenConfig = { readonly [key: string]: Value };

type TaskBase = Omit<TaskBlock, 'driver' | 'config'>;

export interface PodmanTask extends TaskBase {
  readonly driver: 'podman';
  readonly config: PodmanConfig;
}
export interface DockerTask extends TaskBase {
  readonly driver: 'docker';
  readonly config: DockerConfig;
}
export interface ExecTask extends TaskBase {
  readonly driver: 'exec';
  readonly config: ExecConfig;
}
export interface RawExecTask extends TaskBase {
  readonly driver: 'raw_exec';
  readonly config: RawExecConfig;
}
/** Any other driver (java, qemu, a community plugin...). The driver may be missing in parsed input; the validator reports it. */
export interface OtherTask extends TaskBase {
  readonly driver: string;
  readonly config?: OpenConfig;
}

/** A task, typed by its driver. Narrow on `task.driver`. */
export type Task = PodmanTask | DockerTask | ExecTask | RawExecTask | OtherTask;
