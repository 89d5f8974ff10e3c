/**
 * Typed model of a Nomad job specification.
 *
 * This layer knows nothing of Terraform or cdktf. Field names are the camelCase form of the HCL
 * attribute names in Nomad's jobspec documentation (`memory_max` -> `memoryMax`); the schema in
 * `schema.ts` maps them back. Fields are declared in the order Nomad's documentation lists them,
 * attributes before blocks, and that order is the output order of both renderers so diffs stay
 * stable.
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
  readonly sensitive?: boolean;
}

/** One jobspec file: HCL2 variables plus the job. */
export interface JobFile {
  readonly variables?: readonly Variable[];
  readonly job: Job;
}

// ---------------------------------------------------------------------------------------------
// Scheduling blocks shared by job, group and task
// ---------------------------------------------------------------------------------------------

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

export interface Constraint {
  readonly attribute?: Str;
  /** @default '=' */
  readonly operator?: ConstraintOperator | string;
  readonly value?: Str;
}

export interface Affinity {
  readonly attribute?: Str;
  /** @default '=' */
  readonly operator?: ConstraintOperator | string;
  readonly value?: Str;
  /** -100..100, not 0. @default 50 */
  readonly weight?: Num;
}

export interface SpreadTarget {
  /** Label: the attribute value this target names. */
  readonly name: string;
  readonly percent?: Num;
}

export interface Spread {
  readonly attribute: Str;
  readonly weight?: Num;
  readonly target?: readonly SpreadTarget[];
}

export interface Update {
  readonly maxParallel?: Num;
  /** `checks` | `task_states` */
  readonly healthCheck?: string;
  readonly minHealthyTime?: Duration;
  readonly healthyDeadline?: Duration;
  readonly progressDeadline?: Duration;
  readonly autoRevert?: Bool;
  readonly autoPromote?: Bool;
  readonly canary?: Num;
  readonly stagger?: Duration;
}

export interface Periodic {
  /** Cron expressions. `cron` (singular) is read as a one-element list. */
  readonly crons?: readonly Str[];
  readonly prohibitOverlap?: Bool;
  readonly timeZone?: string;
  readonly enabled?: Bool;
}

export interface Parameterized {
  /** `optional` | `required` | `forbidden` */
  readonly payload?: string;
  readonly metaRequired?: readonly string[];
  readonly metaOptional?: readonly string[];
}

export interface Reschedule {
  readonly attempts?: Num;
  readonly interval?: Duration;
  readonly delay?: Duration;
  /** `constant` | `exponential` | `fibonacci` */
  readonly delayFunction?: string;
  readonly maxDelay?: Duration;
  readonly unlimited?: Bool;
}

export interface Restart {
  readonly attempts?: Num;
  readonly delay?: Duration;
  readonly interval?: Duration;
  /** `delay` | `fail` */
  readonly mode?: string;
  readonly renderTemplates?: Bool;
}

// ---------------------------------------------------------------------------------------------
// Job
// ---------------------------------------------------------------------------------------------

export type JobType = 'service' | 'batch' | 'system' | 'sysbatch';

export interface Job {
  /** Label of the `job` block. */
  readonly name: string;
  readonly region?: Str;
  readonly namespace?: Str;
  readonly datacenters?: StrList;
  readonly nodePool?: Str;
  /** @default 'service' */
  readonly type?: JobType | string;
  /** 1..100. @default 50 */
  readonly priority?: Num;
  readonly allAtOnce?: Bool;
  readonly meta?: StrMap;
  readonly constraint?: readonly Constraint[];
  readonly affinity?: readonly Affinity[];
  readonly spread?: readonly Spread[];
  readonly update?: Update;
  readonly periodic?: Periodic;
  readonly parameterized?: Parameterized;
  readonly reschedule?: Reschedule;
  readonly group: readonly Group[];
}

// ---------------------------------------------------------------------------------------------
// Group
// ---------------------------------------------------------------------------------------------

export interface Port {
  /** Label of the `port` block; referenced by `config.ports`, `service.port`, `check.port`. */
  readonly label: string;
  /** Fixed host port. @default - dynamic port */
  readonly static?: Num;
  /** Port inside the container/namespace. */
  readonly to?: Num;
  readonly hostNetwork?: Str;
}

export interface Dns {
  readonly servers?: StrList;
  readonly searches?: StrList;
  readonly options?: StrList;
}

export interface Network {
  /** `host` | `bridge` | `none` | `cni/<name>` */
  readonly mode?: string;
  readonly hostname?: Str;
  readonly port?: readonly Port[];
  readonly dns?: Dns;
}

export interface Volume {
  /** Label of the `volume` block; referenced by `volume_mount.volume`. */
  readonly name: string;
  /** `host` | `csi` */
  readonly type: 'host' | 'csi' | string;
  readonly source: Str;
  readonly readOnly?: Bool;
  /** CSI only. */
  readonly accessMode?: string;
  /** CSI only. */
  readonly attachmentMode?: string;
  readonly perAlloc?: Bool;
}

export interface EphemeralDisk {
  readonly migrate?: Bool;
  readonly size?: Num;
  readonly sticky?: Bool;
}

export interface Group {
  /** Label of the `group` block. */
  readonly name: string;
  /** @default 1 */
  readonly count?: Num;
  readonly shutdownDelay?: Duration;
  readonly meta?: StrMap;
  readonly constraint?: readonly Constraint[];
  readonly affinity?: readonly Affinity[];
  readonly spread?: readonly Spread[];
  readonly network?: Network;
  readonly volume?: readonly Volume[];
  readonly service?: readonly Service[];
  readonly restart?: Restart;
  readonly reschedule?: Reschedule;
  readonly update?: Update;
  readonly ephemeralDisk?: EphemeralDisk;
  readonly task: readonly Task[];
}

// ---------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------

export interface CheckRestart {
  readonly limit?: Num;
  readonly grace?: Duration;
  readonly ignoreWarnings?: Bool;
}

export type CheckType = 'http' | 'tcp' | 'grpc' | 'script';

export interface Check {
  readonly name?: Str;
  readonly type: CheckType | string;
  readonly path?: Str;
  /** A port label of the group network. @default - the service port */
  readonly port?: string;
  readonly interval?: Duration;
  readonly timeout?: Duration;
  readonly method?: string;
  /** `http` | `https` */
  readonly protocol?: string;
  readonly addressMode?: string;
  readonly command?: Str;
  readonly args?: StrList;
  readonly task?: string;
  readonly tlsSkipVerify?: Bool;
  /** Header name -> values; names are kept exactly as given. */
  readonly header?: Readonly<Record<string, readonly Str[]>>;
  readonly checkRestart?: CheckRestart;
}

export interface SidecarService {
  readonly port?: string;
  readonly tags?: StrList;
  readonly meta?: StrMap;
}

export interface Connect {
  readonly native?: Bool;
  readonly sidecarService?: SidecarService;
}

export interface Service {
  readonly name?: Str;
  /** `consul` | `nomad`. @default 'consul' */
  readonly provider?: 'consul' | 'nomad' | string;
  /** A port label of the group network (or a number). */
  readonly port?: string | number;
  readonly tags?: StrList;
  readonly canaryTags?: StrList;
  /** `alloc` | `auto` | `driver` | `host` */
  readonly addressMode?: string;
  readonly task?: string;
  readonly meta?: StrMap;
  readonly connect?: Connect;
  readonly check?: readonly Check[];
}

// ---------------------------------------------------------------------------------------------
// Task
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

export type ChangeMode = 'noop' | 'restart' | 'signal' | 'script';

export interface Template {
  /** Inline template text (consul-template syntax). Exactly one of data/source. */
  readonly data?: Str;
  readonly source?: Str;
  /** Relative to the task dir, or under `${NOMAD_TASK_DIR}`/`${NOMAD_SECRETS_DIR}`/`${NOMAD_ALLOC_DIR}`. */
  readonly destination: Str;
  /** @default 'restart' */
  readonly changeMode?: ChangeMode | string;
  readonly changeSignal?: string;
  /** Read the rendered file into the task environment. */
  readonly env?: Bool;
  /** Octal file mode string. @default '644' */
  readonly perms?: string;
  readonly uid?: Num;
  readonly gid?: Num;
  readonly splay?: Duration;
  readonly leftDelimiter?: string;
  readonly rightDelimiter?: string;
  readonly errorOnMissingKey?: Bool;
}

export interface Artifact {
  readonly source: Str;
  readonly destination?: Str;
  readonly mode?: string;
  readonly options?: StrMap;
  readonly headers?: StrMap;
}

export interface Vault {
  readonly role?: string;
  /** Legacy token-based workflow. */
  readonly policies?: readonly string[];
  /** @default 'restart' */
  readonly changeMode?: ChangeMode | string;
  readonly changeSignal?: string;
  readonly env?: Bool;
  readonly namespace?: string;
  readonly cluster?: string;
}

export interface Identity {
  readonly name?: string;
  readonly aud?: readonly string[];
  readonly env?: Bool;
  readonly file?: Bool;
  readonly ttl?: Duration;
}

export interface VolumeMount {
  /** Label of a group `volume`. */
  readonly volume: string;
  readonly destination: Str;
  readonly readOnly?: Bool;
  /** `private` | `rshared` | `rslave` | `bidirectional` | `host-to-task` */
  readonly propagationMode?: string;
}

export interface Device {
  readonly name: string;
  readonly count?: Num;
}

export interface Resources {
  /** MHz. @default 100 */
  readonly cpu?: Num;
  readonly cores?: Num;
  /** MB. @default 300 */
  readonly memory?: Num;
  /** MB; must not be below `memory`. */
  readonly memoryMax?: Num;
  readonly device?: readonly Device[];
}

export interface Lifecycle {
  /** `prestart` | `poststart` | `poststop` */
  readonly hook: string;
  readonly sidecar?: Bool;
}

export interface Logs {
  readonly maxFiles?: Num;
  readonly maxFileSize?: Num;
  readonly disabled?: Bool;
}

interface TaskBase {
  /** Label of the `task` block. */
  readonly name: string;
  readonly user?: Str;
  readonly env?: StrMap;
  readonly meta?: StrMap;
  readonly killTimeout?: Duration;
  readonly killSignal?: string;
  readonly leader?: Bool;
  readonly shutdownDelay?: Duration;
  readonly constraint?: readonly Constraint[];
  readonly affinity?: readonly Affinity[];
  readonly artifact?: readonly Artifact[];
  readonly template?: readonly Template[];
  readonly vault?: Vault;
  readonly identity?: readonly Identity[];
  readonly volumeMount?: readonly VolumeMount[];
  readonly resources?: Resources;
  readonly lifecycle?: Lifecycle;
  readonly logs?: Logs;
  readonly restart?: Restart;
  readonly service?: readonly Service[];
}

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
