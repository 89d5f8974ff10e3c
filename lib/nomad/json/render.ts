import {
  Affinity,
  Artifact,
  Check,
  Constraint,
  Group,
  Identity,
  isInterp,
  isRef,
  Job,
  JobFile,
  Network,
  Port,
  Reschedule,
  Restart,
  Service,
  Spread,
  Task,
  Template,
  Update,
  VarValue,
  Volume,
  VolumeMount,
} from '../model';
import { parseDuration } from '../duration';
import { resolveVars } from '../resolve';
import { UserError } from '../../util/errors';

/** A JSON value as it appears in Nomad's API job JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Renders a jobspec file as Nomad's API job JSON (`{"Job": {...}}`) for `nomad job run -json`
 * and the Terraform provider's `json = true`. Variables are resolved first (given values, then
 * defaults). Field names are those of Nomad's `api` package; durations are nanoseconds; unset
 * fields are omitted so Nomad applies its own defaults.
 */
export function renderJson(file: JobFile, vars?: Readonly<Record<string, VarValue>>): string {
  return JSON.stringify({ Job: toApiJob(resolveVars(file, vars)) }, null, 2) + '\n';
}

/**
 * Builds the API `Job` object of an already resolved job (no variable references left).
 * @throws UserError for a duration that is not Go syntax, or a reference left unresolved.
 */
export function toApiJob(job: Job): JsonObject {
  const at = `job[${job.name}]`;
  return obj({
    Region: str(job.region, `${at}.region`),
    Namespace: str(job.namespace, `${at}.namespace`),
    ID: job.name,
    Name: job.name,
    Type: job.type,
    Priority: num(job.priority, `${at}.priority`),
    AllAtOnce: bool(job.allAtOnce, `${at}.all_at_once`),
    Datacenters: strs(job.datacenters, `${at}.datacenters`),
    NodePool: str(job.nodePool, `${at}.node_pool`),
    Constraints: list(job.constraint, (c, i) => constraint(c, `${at}.constraint[${i}]`)),
    Affinities: list(job.affinity, (a, i) => affinity(a, `${at}.affinity[${i}]`)),
    TaskGroups: list(job.group, (g) => group(g, `${at}.group[${g.name}]`)),
    Update: job.update && update(job.update, `${at}.update`),
    Spreads: list(job.spread, (s, i) => spread(s, `${at}.spread[${i}]`)),
    Periodic:
      job.periodic &&
      obj({
        Enabled: bool(job.periodic.enabled, `${at}.periodic.enabled`),
        // One spec goes in `Spec`, which every Nomad version reads; several need `Specs` (1.6+).
        ...specs(strs(job.periodic.crons, `${at}.periodic.crons`)),
        SpecType: 'cron',
        ProhibitOverlap: bool(job.periodic.prohibitOverlap, `${at}.periodic.prohibit_overlap`),
        TimeZone: job.periodic.timeZone,
      }),
    ParameterizedJob:
      job.parameterized &&
      obj({
        Payload: job.parameterized.payload,
        MetaRequired: arr(job.parameterized.metaRequired),
        MetaOptional: arr(job.parameterized.metaOptional),
      }),
    Reschedule: job.reschedule && reschedule(job.reschedule, `${at}.reschedule`),
    Meta: strMap(job.meta, `${at}.meta`),
  });
}

function specs(crons: string[] | undefined): JsonObject {
  if (crons === undefined) return {};
  return crons.length === 1 ? { Spec: crons[0] } : { Specs: crons };
}

function group(g: Group, at: string): JsonObject {
  return obj({
    Name: g.name,
    Count: num(g.count, `${at}.count`),
    Constraints: list(g.constraint, (c, i) => constraint(c, `${at}.constraint[${i}]`)),
    Affinities: list(g.affinity, (a, i) => affinity(a, `${at}.affinity[${i}]`)),
    Tasks: list(g.task, (t) => task(t, `${at}.task[${t.name}]`)),
    Spreads: list(g.spread, (s, i) => spread(s, `${at}.spread[${i}]`)),
    Volumes: g.volume && g.volume.length > 0 ? volumes(g.volume, at) : undefined,
    RestartPolicy: g.restart && restart(g.restart, `${at}.restart`),
    ReschedulePolicy: g.reschedule && reschedule(g.reschedule, `${at}.reschedule`),
    EphemeralDisk:
      g.ephemeralDisk &&
      obj({
        Sticky: bool(g.ephemeralDisk.sticky, `${at}.ephemeral_disk.sticky`),
        Migrate: bool(g.ephemeralDisk.migrate, `${at}.ephemeral_disk.migrate`),
        SizeMB: num(g.ephemeralDisk.size, `${at}.ephemeral_disk.size`),
      }),
    Update: g.update && update(g.update, `${at}.update`),
    Networks: g.network && [network(g.network, `${at}.network`)],
    Meta: strMap(g.meta, `${at}.meta`),
    Services: list(g.service, (s, i) => service(s, `${at}.service[${i}]`)),
    ShutdownDelay: dur(g.shutdownDelay, `${at}.shutdown_delay`),
  });
}

function volumes(vs: readonly Volume[], at: string): JsonObject {
  const out: JsonObject = {};
  for (const v of vs) {
    const where = `${at}.volume[${v.name}]`;
    out[v.name] = obj({
      Name: v.name,
      Type: v.type,
      Source: str(v.source, `${where}.source`),
      ReadOnly: bool(v.readOnly, `${where}.read_only`),
      AccessMode: v.accessMode,
      AttachmentMode: v.attachmentMode,
      PerAlloc: bool(v.perAlloc, `${where}.per_alloc`),
    });
  }
  return out;
}

function network(n: Network, at: string): JsonObject {
  // Nomad's HCL parser files ports with a `static` value under ReservedPorts, the rest under
  // DynamicPorts; the API expects the same split.
  const ports = n.port ?? [];
  const reserved = ports.filter((p) => p.static !== undefined);
  const dynamic = ports.filter((p) => p.static === undefined);
  return obj({
    Mode: n.mode,
    DNS:
      n.dns &&
      obj({
        Servers: strs(n.dns.servers, `${at}.dns.servers`),
        Searches: strs(n.dns.searches, `${at}.dns.searches`),
        Options: strs(n.dns.options, `${at}.dns.options`),
      }),
    ReservedPorts:
      reserved.length > 0 ? reserved.map((p) => port(p, `${at}.port[${p.label}]`)) : undefined,
    DynamicPorts:
      dynamic.length > 0 ? dynamic.map((p) => port(p, `${at}.port[${p.label}]`)) : undefined,
    Hostname: str(n.hostname, `${at}.hostname`),
  });
}

function port(p: Port, at: string): JsonObject {
  return obj({
    Label: p.label,
    Value: num(p.static, `${at}.static`),
    To: num(p.to, `${at}.to`),
    HostNetwork: str(p.hostNetwork, `${at}.host_network`),
  });
}

function task(t: Task, at: string): JsonObject {
  // Nomad's parser moves the unnamed (or `default`) identity to `Identity`, the rest stay listed.
  const ids = t.identity ?? [];
  const isDefault = (i: Identity): boolean => i.name === undefined || i.name === 'default';
  const defaultId = ids.find(isDefault);
  const others = ids.filter((i) => i !== defaultId);
  return obj({
    Name: t.name,
    Driver: t.driver,
    User: str(t.user, `${at}.user`),
    Lifecycle:
      t.lifecycle &&
      obj({
        Hook: t.lifecycle.hook,
        Sidecar: bool(t.lifecycle.sidecar, `${at}.lifecycle.sidecar`),
      }),
    Config: t.config && driverConfig(t.config, `${at}.config`),
    Constraints: list(t.constraint, (c, i) => constraint(c, `${at}.constraint[${i}]`)),
    Affinities: list(t.affinity, (a, i) => affinity(a, `${at}.affinity[${i}]`)),
    Env: strMap(t.env, `${at}.env`),
    Services: list(t.service, (s, i) => service(s, `${at}.service[${i}]`)),
    Resources:
      t.resources &&
      obj({
        CPU: num(t.resources.cpu, `${at}.resources.cpu`),
        Cores: num(t.resources.cores, `${at}.resources.cores`),
        MemoryMB: num(t.resources.memory, `${at}.resources.memory`),
        MemoryMaxMB: num(t.resources.memoryMax, `${at}.resources.memory_max`),
        Devices: list(t.resources.device, (d, i) =>
          obj({ Name: d.name, Count: num(d.count, `${at}.resources.device[${i}].count`) }),
        ),
      }),
    RestartPolicy: t.restart && restart(t.restart, `${at}.restart`),
    Meta: strMap(t.meta, `${at}.meta`),
    KillTimeout: dur(t.killTimeout, `${at}.kill_timeout`),
    LogConfig:
      t.logs &&
      obj({
        MaxFiles: num(t.logs.maxFiles, `${at}.logs.max_files`),
        MaxFileSizeMB: num(t.logs.maxFileSize, `${at}.logs.max_file_size`),
        Disabled: bool(t.logs.disabled, `${at}.logs.disabled`),
      }),
    Artifacts: list(t.artifact, (a, i) => artifact(a, `${at}.artifact[${i}]`)),
    Vault:
      t.vault &&
      obj({
        Policies: arr(t.vault.policies),
        Role: t.vault.role,
        Namespace: t.vault.namespace,
        Cluster: t.vault.cluster,
        Env: bool(t.vault.env, `${at}.vault.env`),
        ChangeMode: t.vault.changeMode,
        ChangeSignal: t.vault.changeSignal,
      }),
    Templates: list(t.template, (tp, i) => template(tp, `${at}.template[${i}]`)),
    VolumeMounts: list(t.volumeMount, (m, i) => volumeMount(m, `${at}.volume_mount[${i}]`)),
    Leader: bool(t.leader, `${at}.leader`),
    ShutdownDelay: dur(t.shutdownDelay, `${at}.shutdown_delay`),
    KillSignal: t.killSignal,
    Identity: defaultId && identity(defaultId, `${at}.identity`),
    Identities:
      others.length > 0 ? others.map((i) => identity(i, `${at}.identity[${i.name}]`)) : undefined,
  });
}

function identity(i: Identity, at: string): JsonObject {
  return obj({
    Name: i.name,
    Audience: arr(i.aud),
    Env: bool(i.env, `${at}.env`),
    File: bool(i.file, `${at}.file`),
    TTL: dur(i.ttl, `${at}.ttl`),
  });
}

function artifact(a: Artifact, at: string): JsonObject {
  return obj({
    GetterSource: str(a.source, `${at}.source`),
    GetterOptions: strMap(a.options, `${at}.options`),
    GetterHeaders: strMap(a.headers, `${at}.headers`),
    GetterMode: a.mode,
    RelativeDest: str(a.destination, `${at}.destination`),
  });
}

function template(t: Template, at: string): JsonObject {
  return obj({
    SourcePath: str(t.source, `${at}.source`),
    DestPath: str(t.destination, `${at}.destination`),
    EmbeddedTmpl: str(t.data, `${at}.data`),
    ChangeMode: t.changeMode,
    ChangeSignal: t.changeSignal,
    Splay: dur(t.splay, `${at}.splay`),
    Perms: t.perms,
    Uid: num(t.uid, `${at}.uid`),
    Gid: num(t.gid, `${at}.gid`),
    LeftDelim: t.leftDelimiter,
    RightDelim: t.rightDelimiter,
    Envvars: bool(t.env, `${at}.env`),
    ErrMissingKey: bool(t.errorOnMissingKey, `${at}.error_on_missing_key`),
  });
}

function volumeMount(m: VolumeMount, at: string): JsonObject {
  return obj({
    Volume: m.volume,
    Destination: str(m.destination, `${at}.destination`),
    ReadOnly: bool(m.readOnly, `${at}.read_only`),
    PropagationMode: m.propagationMode,
  });
}

function service(s: Service, at: string): JsonObject {
  return obj({
    Name: str(s.name, `${at}.name`),
    Tags: strs(s.tags, `${at}.tags`),
    CanaryTags: strs(s.canaryTags, `${at}.canary_tags`),
    PortLabel: s.port === undefined ? undefined : String(s.port),
    AddressMode: s.addressMode,
    Checks: list(s.check, (c, i) => check(c, `${at}.check[${i}]`)),
    Connect:
      s.connect &&
      obj({
        Native: bool(s.connect.native, `${at}.connect.native`),
        SidecarService:
          s.connect.sidecarService &&
          obj({
            Tags: strs(s.connect.sidecarService.tags, `${at}.connect.sidecar_service.tags`),
            Port: s.connect.sidecarService.port,
            Meta: strMap(s.connect.sidecarService.meta, `${at}.connect.sidecar_service.meta`),
          }),
      }),
    Meta: strMap(s.meta, `${at}.meta`),
    TaskName: s.task,
    Provider: s.provider,
  });
}

function check(c: Check, at: string): JsonObject {
  let header: JsonObject | undefined;
  if (c.header) {
    header = {};
    for (const [k, vs] of Object.entries(c.header)) {
      header[k] = vs.map((v, i) => str(v, `${at}.header.${k}[${i}]`) ?? '');
    }
  }
  return obj({
    Name: str(c.name, `${at}.name`),
    Type: c.type,
    Command: str(c.command, `${at}.command`),
    Args: strs(c.args, `${at}.args`),
    Path: str(c.path, `${at}.path`),
    Protocol: c.protocol,
    PortLabel: c.port,
    AddressMode: c.addressMode,
    Interval: dur(c.interval, `${at}.interval`),
    Timeout: dur(c.timeout, `${at}.timeout`),
    TLSSkipVerify: bool(c.tlsSkipVerify, `${at}.tls_skip_verify`),
    Header: header,
    Method: c.method,
    CheckRestart:
      c.checkRestart &&
      obj({
        Limit: num(c.checkRestart.limit, `${at}.check_restart.limit`),
        Grace: dur(c.checkRestart.grace, `${at}.check_restart.grace`),
        IgnoreWarnings: bool(c.checkRestart.ignoreWarnings, `${at}.check_restart.ignore_warnings`),
      }),
    TaskName: c.task,
  });
}

function constraint(c: Constraint, at: string): JsonObject {
  return obj({
    LTarget: str(c.attribute, `${at}.attribute`),
    RTarget: str(c.value, `${at}.value`),
    // The HCL default; the API has no default of its own.
    Operand: c.operator ?? '=',
  });
}

function affinity(a: Affinity, at: string): JsonObject {
  return obj({
    LTarget: str(a.attribute, `${at}.attribute`),
    RTarget: str(a.value, `${at}.value`),
    Operand: a.operator ?? '=',
    Weight: num(a.weight, `${at}.weight`),
  });
}

function spread(s: Spread, at: string): JsonObject {
  return obj({
    Attribute: str(s.attribute, `${at}.attribute`),
    Weight: num(s.weight, `${at}.weight`),
    SpreadTarget: list(s.target, (t) =>
      obj({ Value: t.name, Percent: num(t.percent, `${at}.target[${t.name}].percent`) }),
    ),
  });
}

function update(u: Update, at: string): JsonObject {
  return obj({
    Stagger: dur(u.stagger, `${at}.stagger`),
    MaxParallel: num(u.maxParallel, `${at}.max_parallel`),
    HealthCheck: u.healthCheck,
    MinHealthyTime: dur(u.minHealthyTime, `${at}.min_healthy_time`),
    HealthyDeadline: dur(u.healthyDeadline, `${at}.healthy_deadline`),
    ProgressDeadline: dur(u.progressDeadline, `${at}.progress_deadline`),
    Canary: num(u.canary, `${at}.canary`),
    AutoRevert: bool(u.autoRevert, `${at}.auto_revert`),
    AutoPromote: bool(u.autoPromote, `${at}.auto_promote`),
  });
}

function restart(r: Restart, at: string): JsonObject {
  return obj({
    Interval: dur(r.interval, `${at}.interval`),
    Attempts: num(r.attempts, `${at}.attempts`),
    Delay: dur(r.delay, `${at}.delay`),
    Mode: r.mode,
    RenderTemplates: bool(r.renderTemplates, `${at}.render_templates`),
  });
}

function reschedule(r: Reschedule, at: string): JsonObject {
  return obj({
    Attempts: num(r.attempts, `${at}.attempts`),
    Interval: dur(r.interval, `${at}.interval`),
    Delay: dur(r.delay, `${at}.delay`),
    DelayFunction: r.delayFunction,
    MaxDelay: dur(r.maxDelay, `${at}.max_delay`),
    Unlimited: bool(r.unlimited, `${at}.unlimited`),
  });
}

// ---------------------------------------------------------------------------------------------
// Leaf conversions. After resolveVars no reference is left; meeting one is a caller bug that we
// still report as a user error naming the field.
// ---------------------------------------------------------------------------------------------

function unresolved(at: string): UserError {
  return new UserError(
    at,
    'a variable reference is left unresolved',
    'render the job file with renderJson(file, vars) so variables are resolved',
  );
}

function str(v: unknown, at: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw unresolved(at);
}

function num(v: unknown, at: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  throw unresolved(at);
}

function bool(v: unknown, at: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  throw unresolved(at);
}

function strs(v: unknown, at: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw unresolved(at);
  return v.map((x: unknown, i) => str(x, `${at}[${i}]`) ?? '');
}

function arr(v: readonly string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : [...v];
}

function strMap(m: unknown, at: string): JsonObject | undefined {
  if (m === undefined) return undefined;
  if (typeof m !== 'object' || m === null) throw unresolved(at);
  const out: JsonObject = {};
  // User keys pass through untouched, in the order given.
  for (const [k, v] of Object.entries(m)) out[k] = str(v, `${at}.${k}`) ?? '';
  return out;
}

function dur(v: string | undefined, at: string): number | undefined {
  if (v === undefined) return undefined;
  const ns = parseDuration(v);
  if (ns === null) {
    throw new UserError(at, `'${v}' is not a Go duration`, 'write it like "30s", "5m" or "1h30m"');
  }
  return ns;
}

/**
 * A driver `config` as Nomad's HCL parser hands it to the API: Nomad reads config without a
 * schema, turning nested blocks into lists of objects and wrapping an object written as an
 * attribute (`logging = { ... }`) in a one-element list too (jobspec2 `BlocksAsAttrs`). Doing
 * the same keeps `nomad job run -json` and `nomad job run file.hcl` storing the same job, so
 * switching between them plans no change. (Nomad wraps only object literals; a variable holding
 * an object is resolved before this point and gets wrapped as well.)
 */
function driverConfig(config: object, at: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(config)) {
    if (x === undefined) continue;
    const v = value(x, `${at}.${k}`);
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? [v] : v;
  }
  return out;
}

function value(v: unknown, at: string): JsonValue {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x: unknown, i) => value(x, `${at}[${i}]`));
  if (typeof v !== 'object' || v === null) throw unresolved(at);
  if (isRef(v) || isInterp(v)) throw unresolved(at);
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x !== undefined) out[k] = value(x, `${at}.${k}`);
  }
  return out;
}

function list<T>(
  xs: readonly T[] | undefined,
  f: (x: T, i: number) => JsonObject,
): JsonObject[] | undefined {
  return xs && xs.length > 0 ? xs.map(f) : undefined;
}

/** Drops undefined fields, keeping the order in which the fields are written above. */
function obj(fields: Readonly<Record<string, JsonValue | undefined>>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}
