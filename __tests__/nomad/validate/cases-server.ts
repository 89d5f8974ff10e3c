import { CLEAN, edit } from './fixtures';
import type { InvalidCase } from './cases';

// One case per rule of Nomad's server (Job.Validate and the group, task, service, update,
// reschedule, migrate and scaling rules under it, plus the two job-register warnings). Each
// names the refusal Nomad gives for the same job (nomad/structs, v2.0.6).

const J = 'job[openclaw]';
const G = `${J}.group[gateway]`;
const T = `${G}.task[gateway]`;
const S = `${G}.service[0]`;

const TYPE = `  type        = "service"`;
const GROUP = `    shutdown_delay = "5s"\n`;
const KILL = `      kill_timeout = "30s"`;
const UPDATE = `    auto_revert       = true\n`;
const CHECK = `        timeout  = "2s"\n      }\n`;
const typed = (t: string, base = CLEAN): string => edit(TYPE, `  type        = "${t}"`, base);
const inGroup = (text: string, base = CLEAN): string => edit(GROUP, GROUP + text, base);
const inTask = (text: string, base = CLEAN): string => edit(KILL, `${KILL}\n${text}`, base);
/** A task service on the `http` label, with the task's shutdown_delay so only `body` matters. */
const taskService = (body: string): string =>
  inTask(`      shutdown_delay = "5s"\n      service {\n        name = "admin"\n${body}      }`);

/** CLEAN with the group's volume "data" given `body`. */
const volume = (body: string): string =>
  edit(`      type   = "host"\n      source = "openclaw-data"`, body);
/** A csi volume body with its two modes and `extra` lines. */
const csi = (access: string, attachment: string, extra = ''): string =>
  `      type            = "csi"\n      source          = "openclaw"\n      access_mode     = "${access}"\n      attachment_mode = "${attachment}"${extra ? `\n${extra}` : ''}`;
const counted = (n: number, base: string): string =>
  edit(`    count          = 1`, `    count          = ${n}`, base);

/** CLEAN with `lines` added to the task's resources block. */
const resources = (lines: string): string =>
  edit(`        memory = var.memory\n`, `        memory = var.memory\n${lines}\n`);

export const SERVER_CASES: readonly InvalidCase[] = [
  // "Reschedule Policy with Attempts = 3, Interval = 1h0m0s, and Unlimited = true is ambiguous"
  {
    rule: 'reschedule-attempts-unlimited',
    path: `${G}.reschedule.unlimited`,
    hcl: inGroup(
      `    reschedule {\n      attempts  = 3\n      interval  = "1h"\n      unlimited = true\n    }\n`,
    ),
  },
  // "Delay cannot be less than 5s (got 1s)"
  {
    rule: 'reschedule-timing',
    path: `${G}.reschedule`,
    hcl: inGroup(`    reschedule {\n      delay = "1s"\n    }\n`),
  },
  // "Nomad can only make 2 attempts in 1m0s with initial delay 30s and delay function "constant""
  {
    rule: 'reschedule-timing',
    path: `${J}.reschedule`,
    hcl: edit(
      `  priority    = 50\n`,
      `  priority    = 50\n  reschedule {\n    attempts       = 5\n    interval       = "1m"\n    delay          = "30s"\n    delay_function = "constant"\n    unlimited      = false\n  }\n`,
    ),
  },
  // "System or sysbatch jobs should not have a reschedule policy"
  {
    rule: 'reschedule-on-system',
    path: `${G}.reschedule`,
    hcl: typed('system', inGroup(`    reschedule {\n      attempts = 0\n    }\n`)),
  },
  // "Job type "batch" does not allow migrate block"
  {
    rule: 'migrate-job-type',
    path: `${G}.migrate`,
    hcl: typed('batch', inGroup(`    migrate {\n      max_parallel = 1\n    }\n`)),
    also: ['update-on-batch'],
  },
  // "MinHealthyTime must be less than HealthyDeadline"
  {
    rule: 'migrate-invalid',
    path: `${G}.migrate`,
    hcl: inGroup(`    migrate {\n      min_healthy_time = "10m"\n    }\n`),
  },
  // "Stagger must be greater than zero: 0s"
  {
    rule: 'update-values-invalid',
    path: `${J}.update`,
    hcl: edit(UPDATE, `${UPDATE}    stagger           = "0s"\n`),
  },
  // "Restart policy "delay" with 0 attempts is ambiguous"
  {
    rule: 'restart-attempts-zero-delay',
    path: `${G}.restart.attempts`,
    hcl: edit(`      attempts = 3`, `      attempts = 0`),
  },
  // "Interval can not be less than 5s (got 3s)"
  // Not refused: a task's block merged onto the group's (attempts 0, mode "delay") is unchecked.
  {
    rule: 'restart-task-invalid',
    path: `${T}.restart.attempts`,
    hcl: inTask(`      restart {\n        attempts = 0\n      }`),
  },
  {
    rule: 'restart-interval-minimum',
    path: `${G}.restart.interval`,
    hcl: edit(`      interval = "5m"`, `      interval = "3s"`),
  },
  // Warning: "group "gateway" defines services, but neither the group nor any of its tasks have shutdown_delay set"
  { rule: 'service-shutdown-delay-missing', path: `${G}.shutdown_delay`, hcl: edit(GROUP, '') },
  // Warning: "task "gateway" in group "gateway" defines services, but has no shutdown_delay set"
  {
    rule: 'service-shutdown-delay-missing',
    path: `${T}.shutdown_delay`,
    hcl: inTask(`      service {\n        name = "admin"\n        port = "canvas"\n      }`),
  },
  // Warning: "Memory oversubscription is not enabled; Task "gateway.gateway" memory_max value will be ignored."
  {
    rule: 'memory-max-ignored',
    path: `${T}.resources.memory_max`,
    hcl: edit(`memory = var.memory`, `memory = var.memory\n        memory_max = 2048`),
  },
  // "Scaling policy invalid: task group count must not be less than minimum count in scaling policy"
  {
    rule: 'scaling-bounds',
    path: `${G}.scaling`,
    hcl: inGroup(`    scaling {\n      min = 2\n      max = 3\n    }\n`),
  },
  // "Task groups with job type system do not support scaling blocks"
  {
    rule: 'scaling-on-system',
    path: `${G}.scaling`,
    hcl: typed('system', inGroup(`    scaling {\n      max = 3\n    }\n`)),
  },
  // "Job task group gateway has count 2. Count cannot exceed 1 with system scheduler"
  {
    rule: 'system-group-count',
    path: `${G}.count`,
    hcl: typed('system', edit(`count          = 1`, `count          = 2`)),
  },
  // "System jobs may not have an affinity block"
  {
    rule: 'system-affinity-spread',
    path: `${G}.affinity`,
    hcl: typed(
      'system',
      inGroup(
        `    affinity {\n      attribute = "\${node.class}"\n      value     = "big"\n    }\n`,
      ),
    ),
  },
  // "Task group gateway must have at least one main task"
  {
    rule: 'group-no-main-task',
    path: G,
    hcl: inTask(`      lifecycle {\n        hook = "prestart"\n      }`),
  },
  // "Job type "service" does not allow max_run_duration"
  {
    rule: 'group-max-run-duration-type',
    path: `${G}.max_run_duration`,
    hcl: inGroup(`    max_run_duration = "1h"\n`),
  },
  // "Task cannot be named "alloc""
  {
    rule: 'task-name-invalid',
    path: `${G}.task[alloc]`,
    hcl: edit(
      `${KILL}\n    }\n`,
      `${KILL}\n    }\n\n    task "alloc" {\n      driver = "podman"\n      config {\n        image = "docker.io/library/busybox:1.36"\n      }\n    }\n`,
    ),
  },
  // "KillTimout (11m0s) longer than the group's ProgressDeadline (10m0s)"
  {
    rule: 'kill-timeout-above-progress-deadline',
    path: `${T}.kill_timeout`,
    hcl: edit(KILL, `      kill_timeout = "11m"`),
  },
  // The same without an update block: api Job.Canonicalize gives a service job the default one.
  {
    rule: 'kill-timeout-above-progress-deadline',
    path: `${T}.kill_timeout`,
    hcl: edit(
      KILL,
      `      kill_timeout = "11m"`,
      edit(
        `  update {\n    max_parallel      = 1\n    min_healthy_time  = "10s"\n    healthy_deadline  = "5m"\n    progress_deadline = "10m"\n${UPDATE}  }\n`,
        '',
      ),
    ),
  },
  // "Task can only ask for 'cpu' or 'cores' resource, not both."
  {
    rule: 'resources-cpu-and-cores',
    path: `${T}.resources.cores`,
    hcl: edit(`cpu    = 500`, `cpu    = 500\n        cores  = 2`),
  },
  // "service "openclaw" cannot use address_mode="driver", only services defined in a "task" block can use this mode"
  {
    rule: 'service-scope-invalid',
    path: `${S}.address_mode`,
    hcl: edit(`provider = "consul"`, `provider = "consul"\n      address_mode = "driver"`),
  },
  // "Check service: "admin" check invalid: check requires a port but neither check nor service "admin" have a port"
  {
    rule: 'check-port-invalid',
    path: `${T}.service[0].check[0].port`,
    hcl: taskService(
      `        check {\n          type     = "tcp"\n          interval = "10s"\n          timeout  = "2s"\n        }\n`,
    ),
  },
  // "check "ping" cannot use a numeric port 8080 without setting address_mode="driver""
  {
    rule: 'check-port-invalid',
    path: `${T}.service[0].check[0].port`,
    hcl: taskService(
      `        port = "http"\n        check {\n          name     = "ping"\n          type     = "tcp"\n          port     = 8080\n          interval = "10s"\n          timeout  = "2s"\n        }\n`,
    ),
  },
  // "check "service: \"admin\" check" is duplicate"
  {
    rule: 'check-name-duplicate',
    path: `${T}.service[0].check[1].name`,
    hcl: taskService(
      `        port = "http"\n${[0, 1].map(() => `        check {\n          type     = "tcp"\n          interval = "10s"\n          timeout  = "2s"\n        }\n`).join('')}`,
    ),
  },
  // "Service [gateway]->openclaw or Check  must specify task parameter"
  {
    rule: 'check-script-task-missing',
    path: `${S}.check[1].task`,
    hcl: edit(
      CHECK,
      `${CHECK}\n      check {\n        type     = "script"\n        command  = "/bin/true"\n        interval = "10s"\n        timeout  = "2s"\n      }\n`,
    ),
  },
  // "Multiple service providers used: task group services must use the same provider"
  {
    rule: 'service-provider-mixed',
    path: `${G}.service`,
    hcl: taskService(`        port     = "canvas"\n        provider = "nomad"\n`),
  },
  // "Check health invalid: http type must have relative http path"
  {
    rule: 'service-provider-features',
    path: `${S}.check[0].path`,
    hcl: edit(`path     = "/health"`, `path     = "http://localhost/health"`),
  },
  // nomad-driver-podman's config spec has `userns`; `userns_mode` is the docker driver's key.
  {
    rule: 'podman-config-key-unknown',
    path: `${T}.config.userns_mode`,
    hcl: edit(
      `ports = ["http", "canvas"]`,
      `ports = ["http", "canvas"]\n        userns_mode = "keep-id"`,
    ),
  },
  // "Services are not unique: group->openclaw:http"
  {
    rule: 'service-not-unique',
    path: `${G}.service[1].name`,
    hcl: edit(
      `    task "gateway" {`,
      `    service {\n      name = "openclaw"\n      port = "http"\n    }\n\n    task "gateway" {`,
    ),
  },
  // VolumeRequest.Validate: "host volumes cannot have mount options"
  {
    rule: 'volume-mount-options',
    path: `${G}.volume[data].mount_options`,
    hcl: volume(
      `      type   = "host"\n      source = "openclaw-data"\n      mount_options {\n        fs_type = "ext4"\n      }`,
    ),
  },
  // "block devices cannot have mount options"
  {
    rule: 'volume-mount-options',
    path: `${G}.volume[data].mount_options`,
    hcl: volume(
      csi(
        'single-node-writer',
        'block-device',
        `      mount_options {\n        fs_type = "ext4"\n      }`,
      ),
    ),
  },
  // "host volumes cannot be mounted with multi-node-multi-writer access mode"
  {
    rule: 'volume-host-access-mode',
    path: `${G}.volume[data].access_mode`,
    hcl: volume(
      `      type        = "host"\n      source      = "openclaw-data"\n      access_mode = "multi-node-multi-writer"`,
    ),
  },
  // "single-node-reader-only volumes must be read-only" (a host volume)
  {
    rule: 'volume-access-read-only',
    path: `${G}.volume[data].read_only`,
    hcl: volume(
      `      type        = "host"\n      source      = "openclaw-data"\n      access_mode = "single-node-reader-only"`,
    ),
  },
  // "multi-node-reader-only volumes must be read-only" (a csi volume)
  {
    rule: 'volume-access-read-only',
    path: `${G}.volume[data].read_only`,
    hcl: volume(csi('multi-node-reader-only', 'file-system')),
  },
  // "volume with single-node-writer access mode allows only one reader or writer"
  {
    rule: 'volume-access-one-writer',
    path: `${G}.volume[data].access_mode`,
    hcl: counted(2, volume(csi('single-node-writer', 'file-system'))),
  },
  // "volume with multi-node-single-writer access mode allows only one writer"
  {
    rule: 'volume-access-one-writer',
    path: `${G}.volume[data].access_mode`,
    hcl: counted(3, volume(csi('multi-node-single-writer', 'file-system'))),
  },
  // "volume cannot be per_alloc for system or sysbatch jobs"
  {
    rule: 'volume-per-alloc',
    path: `${G}.volume[data].per_alloc`,
    hcl: typed(
      'system',
      volume(csi('single-node-writer', 'file-system', '      per_alloc = true')),
    ),
  },
  // "volume cannot be per_alloc when canaries are in use" (the job's update block)
  {
    rule: 'volume-per-alloc',
    path: `${G}.volume[data].per_alloc`,
    hcl: edit(
      UPDATE,
      `${UPDATE}    canary            = 1\n`,
      volume(csi('single-node-writer', 'file-system', '      per_alloc = true')),
    ),
  },
  // "volume cannot be per_alloc and sticky at the same time"
  {
    rule: 'volume-per-alloc',
    path: `${G}.volume[data].per_alloc`,
    hcl: volume(
      csi('single-node-writer', 'file-system', '      per_alloc = true\n      sticky    = true'),
    ),
  },
  // Resources.Validate: "SecretsMB value (2048) cannot be larger than MemoryMB value (1024)"
  {
    rule: 'resources-secrets',
    path: `${T}.resources.secrets`,
    hcl: resources(`        secrets = 2048`),
  },
  // "SecretsMB value (-1) cannot be negative"
  {
    rule: 'resources-secrets',
    path: `${T}.resources.secrets`,
    hcl: resources(`        secrets = -1`),
  },
  // NUMA.Validate: "numa affinity must be one of none, prefer, or require"
  {
    rule: 'resources-numa',
    path: `${T}.resources.numa.affinity`,
    hcl: resources(
      `        cores = 2\n        numa {\n          affinity = "always"\n        }`,
    ).replace(`cpu    = 500`, `memory_max = 0`),
  },
  // "numa device "nvidia/gpu" not requested as task resource"
  {
    rule: 'resources-numa',
    path: `${T}.resources.numa.devices[0]`,
    hcl: resources(
      `        numa {\n          affinity = "prefer"\n          devices  = ["nvidia/gpu"]\n        }`,
    ),
  },
  // RequestedDevice.Validate: 'Constraint 1 validation failed: using unsupported operand "distinct_hosts"'
  {
    rule: 'constraint-distinct-task-level',
    path: `${T}.resources.device[nvidia/gpu].constraint[0].operator`,
    hcl: resources(
      `        device "nvidia/gpu" {\n          constraint {\n            operator = "distinct_hosts"\n            value    = "true"\n          }\n        }`,
    ),
  },
  // The agent's ApiResourcesToStructs never copies DiskMB: the server never sees it.
  {
    rule: 'resources-ignored',
    path: `${T}.resources.disk`,
    hcl: resources(`        disk = 500`),
  },
];
