import { CLEAN, edit } from './fixtures';
import { SERVER_CASES } from './cases-server';
import { SERVER_TASK_CASES } from './cases-server-task';
import { SERVICE_CASES } from './cases-server-service';
import { GROUP_SERVER_CASES } from './cases-server-group';

export interface InvalidCase {
  readonly rule: string;
  readonly path: string;
  readonly hcl: string;
  /** Values for HCL2 variables. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Other rules the same edit is expected to trip as well. */
  readonly also?: readonly string[];
}

const J = 'job[openclaw]';
const G = `${J}.group[gateway]`;
const T = `${G}.task[gateway]`;
const S = `${G}.service[0]`;
const TPL = `${T}.template[0]`;

const TASK_START = `    task "gateway" {
      driver = "podman"
`;
const KILL = `      kill_timeout = "30s"`;
const GROUP_START = `    shutdown_delay = "5s"
`;
const JOB_START = `  priority    = 50
`;
const PORTS = `      port "canvas" {
        to = 18793
      }
`;
const CHECK_TYPE = `        type     = "http"`;
const TPL_DEST = `        destination = "\${NOMAD_SECRETS_DIR}/env"`;
const TPL_MODE = `        change_mode = "restart"`;
const UPDATE = `    auto_revert       = true
`;
const VOLUME = `      type   = "host"
      source = "openclaw-data"`;
const SECOND_TASK = `    task "helper" {
      driver = "podman"
      config {
        image = "docker.io/library/busybox:1.36"
      }
    }
`;
const BATCH = `  type        = "batch"`;
const SERVICE_TYPE = `  type        = "service"`;
const GROUP_END = `      kill_timeout = "30s"
    }
`;

/** One jobspec per broken rule, each expecting its rule id at an exact path. */
export const CASES: readonly InvalidCase[] = [
  {
    rule: 'variable-unresolved',
    path: `var.memory`,
    hcl: CLEAN,
    vars: { memory: 'lots' },
  },
  {
    rule: 'variable-unresolved',
    path: `${T}.resources.cpu`,
    hcl: edit(`cpu    = 500`, `cpu        = var.cpu`),
  },
  {
    rule: 'duration-invalid',
    path: `${T}.kill_timeout`,
    hcl: edit(KILL, `      kill_timeout = "30 seconds"`),
  },
  // Template.Validate: "Must specify positive splay value".
  {
    rule: 'duration-invalid',
    path: `${TPL}.splay`,
    hcl: edit(TPL_MODE, `${TPL_MODE}\n        splay       = "-5s"`),
  },
  // Task.Validate: "KillTimeout must be a positive value".
  {
    rule: 'duration-invalid',
    path: `${T}.kill_timeout`,
    hcl: edit(KILL, `      kill_timeout = "-30s"`),
  },
  {
    rule: 'name-invalid',
    path: `job[my job]`,
    hcl: edit(`job "openclaw"`, `job "my job"`),
    // The template reads nomad/jobs/openclaw, now another job's tree.
    also: ['template-nomadvar-path'],
  },
  {
    rule: 'name-duplicate',
    path: `${G}.task[gateway]`,
    hcl: edit(
      GROUP_END,
      GROUP_END + TASK_START + `      config {\n        image = "x:1"\n      }\n    }\n`,
    ),
  },
  {
    rule: 'env-key-invalid',
    path: `${T}.env.1BAD`,
    hcl: edit(
      `      env {\n        OPENCLAW_GATEWAY_PORT = "18789"\n      }`,
      `      env = {\n        OPENCLAW_GATEWAY_PORT = "18789"\n        "1BAD" = "x"\n      }`,
    ),
  },
  {
    rule: 'meta-key-invalid',
    path: `${J}.meta.has space`,
    hcl: edit(
      `  meta {\n    version = "1"\n  }`,
      `  meta = {\n    version = "1"\n    "has space" = "x"\n  }`,
    ),
  },
  {
    rule: 'job-type-invalid',
    path: `${J}.type`,
    hcl: edit(SERVICE_TYPE, `  type        = "daemon"`),
  },
  {
    rule: 'job-priority-range',
    path: `${J}.priority`,
    hcl: edit(`priority    = 50`, `priority    = 101`),
  },
  {
    rule: 'job-datacenters-empty',
    path: `${J}.datacenters`,
    hcl: edit(`datacenters = [var.datacenter]`, `datacenters = [var.datacenter, ""]`),
  },
  {
    rule: 'group-count-negative',
    path: `${G}.count`,
    hcl: edit(`count          = 1`, `count          = -1`),
  },
  {
    rule: 'periodic-cron-invalid',
    path: `${J}.periodic.crons[0]`,
    hcl: edit(SERVICE_TYPE, BATCH)
      .replace(UPDATE, UPDATE)
      .replace(JOB_START, JOB_START + `  periodic {\n    crons = ["61 * * * *"]\n  }\n`),
    also: ['update-on-batch'],
  },
  {
    rule: 'periodic-job-type',
    path: `${J}.periodic`,
    hcl: edit(JOB_START, JOB_START + `  periodic {\n    crons = ["@daily"]\n  }\n`),
  },
  {
    rule: 'parameterized-payload-invalid',
    path: `${J}.parameterized.payload`,
    hcl: edit(SERVICE_TYPE, BATCH).replace(
      JOB_START,
      JOB_START + `  parameterized {\n    payload = "sometimes"\n  }\n`,
    ),
    also: ['update-on-batch'],
  },
  { rule: 'update-on-batch', path: `${J}.update`, hcl: edit(SERVICE_TYPE, BATCH) },
  // TaskGroup.Validate: "MaxRunDuration must be greater than zero".
  {
    rule: 'group-max-run-duration-positive',
    path: `${G}.max_run_duration`,
    hcl: edit(SERVICE_TYPE, BATCH).replace(
      GROUP_START,
      `${GROUP_START}    max_run_duration = "0s"\n`,
    ),
    also: ['update-on-batch'],
  },

  {
    rule: 'update-auto-promote-without-canary',
    path: `${J}.update.auto_promote`,
    hcl: edit(UPDATE, UPDATE + `    auto_promote      = true\n`),
  },
  {
    rule: 'update-deadlines-order',
    path: `${J}.update.healthy_deadline`,
    hcl: edit(`progress_deadline = "10m"`, `progress_deadline = "4m"`),
  },
  {
    rule: 'update-health-check-invalid',
    path: `${J}.update.health_check`,
    hcl: edit(UPDATE, UPDATE + `    health_check      = "always"\n`),
  },
  // Every group has its own update block: a value the group inherits is reported on the job.
  {
    rule: 'update-health-check-invalid',
    path: `${J}.update.health_check`,
    hcl: edit(UPDATE, UPDATE + `    health_check      = "always"\n`).replace(
      GROUP_START,
      `${GROUP_START}    update {\n      max_parallel = 2\n    }\n`,
    ),
  },
  {
    rule: 'update-values-invalid',
    path: `${J}.update`,
    hcl: edit(UPDATE, UPDATE + `    stagger           = "0s"\n`).replace(
      GROUP_START,
      `${GROUP_START}    update {\n      max_parallel = 2\n    }\n`,
    ),
  },
  // ... and one the group sets, on the group.
  {
    rule: 'update-deadlines-order',
    path: `${G}.update.healthy_deadline`,
    hcl: edit(GROUP_START, `${GROUP_START}    update {\n      healthy_deadline = "20m"\n    }\n`),
  },
  {
    rule: 'update-canary-host-volume',
    path: `${J}.update.canary`,
    hcl: edit(UPDATE, UPDATE + `    canary            = 1\n`),
  },
  {
    rule: 'restart-mode-invalid',
    path: `${G}.restart.mode`,
    hcl: edit(`mode     = "delay"`, `mode     = "retry"`),
  },
  {
    rule: 'restart-attempts-negative',
    path: `${G}.restart.attempts`,
    hcl: edit(`attempts = 3`, `attempts = -1`),
  },
  {
    rule: 'restart-delay-interval',
    path: `${G}.restart.delay`,
    hcl: edit(`delay    = "15s"`, `delay    = "2m"`),
  },
  {
    rule: 'reschedule-delay-function-invalid',
    path: `${G}.reschedule.delay_function`,
    hcl: edit(
      GROUP_START,
      GROUP_START + `    reschedule {\n      delay_function = "linear"\n    }\n`,
    ),
  },
  { rule: 'port-label-undefined', path: `${T}.config.ports[1]`, hcl: edit(PORTS, '') },
  {
    rule: 'port-label-undefined',
    path: `${S}.port`,
    hcl: edit(`      port     = "http"`, `      port     = "web"`),
  },
  {
    rule: 'port-label-undefined',
    path: `${S}.check[0].port`,
    hcl: edit(CHECK_TYPE, CHECK_TYPE + `\n        port     = "admin"`),
  },
  {
    rule: 'port-static-range',
    path: `${G}.network.port[http].static`,
    hcl: edit(`static = 18789`, `static = 70000`),
  },
  {
    rule: 'port-static-range',
    path: `${G}.network.port[canvas].to`,
    hcl: edit(`to = 18793`, `to = -5`),
  },
  {
    rule: 'port-static-duplicate',
    path: `${G}.network.port[canvas].static`,
    hcl: edit(`to = 18793`, `static = 18789`),
  },
  // TaskGroup.validateNetworks: "Port "canvas" collision may not be ignored on non-host network mode "bridge"".
  {
    rule: 'port-ignore-collision-mode',
    path: `${G}.network.port[canvas].ignore_collision`,
    hcl: edit(`to = 18793`, `to = 18793\n        ignore_collision = true`).replace(
      `    network {\n`,
      `    network {\n      mode = "bridge"\n`,
    ),
  },
  // groupConnectNetworkModeValidate: "connect sidecar: invalid network mode for Consul Connect:
  // group "gateway" uses network mode ""; must be "bridge" or "cni/*"".
  {
    rule: 'connect-network-mode',
    path: `${G}.network.mode`,
    hcl: edit(
      `      port     = "http"\n      provider = "consul"`,
      `      port     = "http"\n      provider = "consul"\n\n      connect {\n        sidecar_service {}\n      }`,
    ),
  },
  {
    rule: 'port-label-duplicate',
    path: `${G}.network.port[canvas]`,
    hcl: edit(PORTS, PORTS + PORTS),
  },
  {
    rule: 'network-mode-invalid',
    path: `${G}.network.mode`,
    hcl: edit(`    network {\n`, `    network {\n      mode = "overlay"\n`),
  },
  {
    rule: 'volume-mount-undeclared',
    path: `${T}.volume_mount[0].volume`,
    hcl: edit(`volume      = "data"`, `volume      = "state"`),
  },
  {
    rule: 'volume-host-source-missing',
    path: `${G}.volume[data].source`,
    hcl: edit(VOLUME, `      type   = "host"`),
  },
  {
    rule: 'volume-csi-mode',
    path: `${G}.volume[data].access_mode`,
    hcl: edit(
      VOLUME,
      `      type            = "csi"\n      source          = "openclaw"\n      attachment_mode = "file-system"`,
    ),
    also: ['update-canary-host-volume'],
  },
  {
    rule: 'volume-type-invalid',
    path: `${G}.volume[data].type`,
    hcl: edit(`type   = "host"`, `type   = "nfs"`),
  },
  {
    rule: 'volume-mount-propagation-invalid',
    path: `${T}.volume_mount[0].propagation_mode`,
    hcl: edit(`volume      = "data"`, `volume      = "data"\n        propagation_mode = "shared"`),
  },
  {
    rule: 'task-driver-missing',
    path: `${G}.task[helper].driver`,
    hcl: edit(GROUP_END, GROUP_END + SECOND_TASK.replace(`      driver = "podman"\n`, '')),
    also: [],
  },
  {
    rule: 'driver-config-missing-key',
    path: `${G}.task[helper].config.command`,
    hcl: edit(
      GROUP_END,
      GROUP_END +
        SECOND_TASK.replace('"podman"', '"exec"').replace(
          'image = "docker.io/library/busybox:1.36"',
          'args = ["-c", "true"]',
        ),
    ),
  },
  {
    rule: 'config-quoted-reference',
    path: `${T}.config.image`,
    hcl: edit('image = "ghcr.io/openclaw/openclaw:1.0.0"', 'image = "var.openclaw_image"'),
  },
  {
    rule: 'task-leader-multiple',
    path: `${G}.task[helper].leader`,
    hcl: edit(
      GROUP_END,
      GROUP_END +
        SECOND_TASK.replace('driver = "podman"', 'driver = "podman"\n      leader = true'),
    ).replace(KILL, KILL + '\n      leader = true'),
  },
  {
    rule: 'lifecycle-hook-invalid',
    path: `${G}.task[helper].lifecycle.hook`,
    hcl: edit(
      GROUP_END,
      GROUP_END +
        SECOND_TASK.replace(
          'driver = "podman"',
          'driver = "podman"\n      lifecycle {\n        hook = "prerun"\n      }',
        ),
    ),
  },
  {
    rule: 'resources-positive',
    path: `${T}.resources.cpu`,
    hcl: edit(`cpu    = 500`, `cpu        = 0`),
  },
  {
    rule: 'resources-memory-minimum',
    path: `${T}.resources.memory`,
    hcl: CLEAN,
    vars: { memory: '5' },
  },
  {
    rule: 'resources-memory-max-below',
    path: `${T}.resources.memory_max`,
    hcl: edit(`memory = var.memory`, `memory = var.memory\n        memory_max = 512`),
    also: ['memory-max-ignored'],
  },
  {
    rule: 'template-source-data',
    path: TPL,
    hcl: edit(TPL_DEST, TPL_DEST + `\n        source      = "local/env.tpl"`),
  },
  {
    rule: 'template-destination-absolute',
    path: `${TPL}.destination`,
    hcl: edit(TPL_DEST, `        destination = "/etc/openclaw/env"`),
  },
  {
    rule: 'template-destination',
    path: `${TPL}.destination`,
    hcl: edit(TPL_DEST, `        destination = "local/../../../escape"`),
  },
  // Task.Validate: "Template 2 has same destination as 1".
  {
    rule: 'template-destination-duplicate',
    path: `${T}.template[1].destination`,
    hcl: edit(
      `      resources {`,
      `      template {\n        data        = "x"\n${TPL_DEST}\n      }\n\n      resources {`,
    ),
  },
  {
    rule: 'template-change-mode',
    path: `${TPL}.change_mode`,
    hcl: edit(TPL_MODE, `        change_mode = "reload"`),
  },
  {
    rule: 'template-perms-octal',
    path: `${TPL}.perms`,
    hcl: edit(`perms       = "0600"`, `perms       = "rw-r--r--"`),
  },
  {
    rule: 'template-nomadvar-path',
    path: `${TPL}.data`,
    hcl: edit(`nomad/jobs/openclaw`, `nomad/jobs/postgres`),
  },
  {
    rule: 'template-vault-missing',
    path: `${TPL}.data`,
    hcl: edit(
      `{{ with nomadVar \\"nomad/jobs/openclaw\\" }}`,
      `{{ with secret \\"kv/data/openclaw\\" }}`,
    ),
  },
  {
    rule: 'service-provider-invalid',
    path: `${S}.provider`,
    hcl: edit(`provider = "consul"`, `provider = "etcd"`),
  },
  {
    rule: 'service-name-invalid',
    path: `${S}.name`,
    hcl: edit(`name     = "openclaw"`, `name     = "open_claw!"`),
  },
  // Service.Validate after Service.Canonicalize: "openclaw-gateway-" and 47 more are 64.
  {
    rule: 'service-name-invalid',
    path: `${S}.name`,
    hcl: edit(`name     = "openclaw"`, `name     = "\${JOB}-\${TASKGROUP}-${'a'.repeat(47)}"`),
  },
  // Any other ${...} is checked as "ENV-VAR" (7 characters): 7 + 1 + 56 = 64.
  {
    rule: 'service-name-invalid',
    path: `${S}.name`,
    hcl: edit(`name     = "openclaw"`, `name     = "\${NOMAD_ALLOC_INDEX}-${'a'.repeat(56)}"`),
  },
  {
    rule: 'service-duplicate',
    path: `${T}.service[0].name`,
    hcl: edit(
      KILL,
      KILL +
        `\n      shutdown_delay = "5s"\n      service {\n        name = "openclaw"\n        port = "http"\n      }`,
    ),
  },
  {
    rule: 'service-address-mode-invalid',
    path: `${S}.address_mode`,
    hcl: edit(`provider = "consul"`, `provider = "consul"\n      address_mode = "public"`),
  },
  {
    rule: 'check-type-invalid',
    path: `${S}.check[0].type`,
    hcl: edit(CHECK_TYPE, `        type     = "ping"`),
  },
  // The server accepts "HTTP" (it lowercases to judge); the client uses the type as written:
  // Consul's registration says `check type "HTTP" not valid` (service_client.go).
  {
    rule: 'check-type-case',
    path: `${S}.check[0].type`,
    hcl: edit(CHECK_TYPE, `        type     = "HTTP"`),
  },
  // ServiceCheck.validateCommon: "script type must have a valid script path".
  {
    rule: 'check-script-command-missing',
    path: `${S}.check[1].command`,
    hcl: edit(
      `        timeout  = "2s"\n      }\n`,
      `        timeout  = "2s"\n      }\n\n      check {\n        type     = "script"\n        task     = "gateway"\n        interval = "10s"\n        timeout  = "2s"\n      }\n`,
    ),
  },
  // ServiceCheck.validateCommon: "invalid address_mode "auto" - auto only valid for services".
  {
    rule: 'check-address-mode-invalid',
    path: `${S}.check[0].address_mode`,
    hcl: edit(CHECK_TYPE, `${CHECK_TYPE}\n        address_mode = "auto"`),
  },
  {
    rule: 'check-http-path-missing',
    path: `${S}.check[0].path`,
    hcl: edit(`        path     = "/health"\n`, ''),
  },
  {
    rule: 'check-interval-missing',
    path: `${S}.check[0].interval`,
    hcl: edit(`        interval = "10s"\n`, ''),
  },
  {
    rule: 'check-timeout-missing',
    path: `${S}.check[0].timeout`,
    hcl: edit(`        timeout  = "2s"\n`, ''),
  },
  {
    rule: 'check-duration-minimum',
    path: `${S}.check[0].timeout`,
    hcl: edit(`timeout  = "2s"`, `timeout  = "500ms"`),
  },
  {
    rule: 'check-timeout-not-below-interval',
    path: `${S}.check[0].timeout`,
    hcl: edit(`timeout  = "2s"`, `timeout  = "10s"`),
  },
  {
    rule: 'constraint-operator-invalid',
    path: `${J}.constraint[0].operator`,
    hcl: edit(`    value     = "true"`, `    value     = "true"\n    operator  = "~="`),
  },
  {
    rule: 'constraint-attribute-missing',
    path: `${J}.constraint[0].attribute`,
    hcl: edit(`    attribute = "\${meta.rootless}"\n`, ''),
  },
  // Task.Validate: "Constraint 1 has disallowed Operand at task level: distinct_hosts".
  {
    rule: 'constraint-distinct-task-level',
    path: `${T}.constraint[0].operator`,
    hcl: edit(KILL, `${KILL}\n      constraint {\n        distinct_hosts = true\n      }`),
  },
  {
    rule: 'constraint-distinct-task-level',
    path: `${T}.constraint[0].operator`,
    hcl: edit(
      KILL,
      `${KILL}\n      constraint {\n        distinct_property = "\${meta.rack}"\n      }`,
    ),
  },
  {
    rule: 'affinity-weight-range',
    path: `${G}.affinity[0].weight`,
    hcl: edit(
      GROUP_START,
      GROUP_START +
        `    affinity {\n      attribute = "\${node.class}"\n      value     = "big"\n      weight    = 150\n    }\n`,
    ),
  },
  {
    rule: 'spread-percent-sum',
    path: `${G}.spread[0].target`,
    hcl: edit(
      GROUP_START,
      GROUP_START +
        `    spread {\n      attribute = "\${node.datacenter}"\n      target "a" {\n        percent = 70\n      }\n      target "b" {\n        percent = 40\n      }\n    }\n`,
    ),
  },
  {
    rule: 'spread-weight-range',
    path: `${G}.spread[0].weight`,
    hcl: edit(
      GROUP_START,
      GROUP_START +
        `    spread {\n      attribute = "\${node.datacenter}"\n      weight    = 120\n    }\n`,
    ),
  },
  {
    rule: 'spread-weight-range',
    path: `${G}.spread[0].weight`,
    hcl: edit(
      GROUP_START,
      GROUP_START +
        `    spread {\n      attribute = "\${node.datacenter}"\n      weight    = 0\n    }\n`,
    ),
  },
  { rule: 'job-no-groups', path: J, hcl: 'job "openclaw" {\n  datacenters = ["dc1"]\n}\n' },
  {
    rule: 'group-no-tasks',
    path: `${J}.group[empty]`,
    hcl: edit(
      `  group "gateway" {`,
      `  group "empty" {\n    count = 1\n  }\n\n  group "gateway" {`,
    ),
  },
  ...SERVER_CASES,
  ...SERVER_TASK_CASES,
  ...SERVICE_CASES,
  ...GROUP_SERVER_CASES,
];
