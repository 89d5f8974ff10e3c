import { CLEAN, edit } from './fixtures';
import type { InvalidCase } from './cases';

// Job.Validate, TaskGroup.Validate and the blocks under them (disconnect, ephemeral_disk,
// networks, constraints, affinities, spreads, periodic, parameterized), plus the job-register
// warnings of Job.Warnings and TaskGroup.Warnings. Each names Nomad's message (nomad/structs,
// v2.0.6).

const J = 'job[openclaw]';
const G = `${J}.group[gateway]`;
const T = `${G}.task[gateway]`;

const GROUP = `    shutdown_delay = "5s"\n`;
const JOB = `  priority    = 50\n`;
const NETWORK = `    network {\n`;
const UPDATE = `  update {\n    max_parallel      = 1\n    min_healthy_time  = "10s"\n    healthy_deadline  = "5m"\n    progress_deadline = "10m"\n    auto_revert       = true\n  }\n`;
const inGroup = (text: string, base = CLEAN): string => edit(GROUP, GROUP + text, base);
const inJob = (text: string, base = CLEAN): string => edit(JOB, JOB + text, base);
const inNetwork = (text: string): string => edit(NETWORK, NETWORK + text);
/** CLEAN as a batch job (without the update block batch jobs cannot have), with `text` added. */
const batch = (text: string): string =>
  inJob(text, edit(`  type        = "service"`, `  type        = "batch"`, edit(UPDATE, '')));
const constraint = (body: string): string => inGroup(`    constraint {\n${body}    }\n`);
const affinity = (body: string): string =>
  inGroup(`    affinity {\n${body}      weight = 50\n    }\n`);
const spread = (body: string): string => inGroup(`    spread {\n${body}    }\n`);
const target = (value: string, percent: number): string =>
  `      target "${value}" {\n        percent = ${percent}\n      }\n`;

export const GROUP_SERVER_CASES: readonly InvalidCase[] = [
  // Constraint.Validate: 'Operator "=" requires an RTarget'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].value`,
    hcl: constraint(`      attribute = "\${meta.rack}"\n`),
  },
  // 'Set contains constraint requires an RTarget'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].value`,
    hcl: constraint(`      attribute = "\${meta.tags}"\n      operator  = "set_contains"\n`),
  },
  // 'Operator "is_set" does not support an RTarget'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].value`,
    hcl: constraint(
      `      attribute = "\${meta.rack}"\n      operator  = "is_set"\n      value     = "r1"\n`,
    ),
  },
  // 'Regular expression failed to compile: error parsing regexp: missing closing ): `a(b`'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].regexp`,
    hcl: constraint(`      attribute = "\${attr.os.name}"\n      regexp    = "a(b"\n`),
  },
  // 'Regular expression failed to compile: error parsing regexp: invalid or unsupported Perl syntax: `(?!`'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].regexp`,
    hcl: constraint(`      attribute = "\${attr.os.name}"\n      regexp    = "^(?!ubuntu)"\n`),
  },
  // 'Version constraint is invalid: Malformed constraint: >= abc'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].version`,
    hcl: constraint(`      attribute = "\${attr.kernel.version}"\n      version   = ">= abc"\n`),
  },
  // 'Semver constraint is invalid: Malformed constraint: ~> 1.2' (semver has no ~>)
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].semver`,
    hcl: constraint(`      attribute = "\${attr.nomad.version}"\n      semver    = "~> 1.2"\n`),
  },
  // 'Distinct Property must have an allowed count of 1 or greater: 0 < 1'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.constraint[0].value`,
    hcl: constraint(`      distinct_property = "\${meta.rack}"\n      value             = "0"\n`),
  },
  // Affinity.Validate: 'Operator "=" requires an RTarget'
  {
    rule: 'constraint-value-invalid',
    path: `${G}.affinity[0].value`,
    hcl: affinity(`      attribute = "\${node.class}"\n`),
  },
  // Accepted: jobspec2's decodeAffinity wraps 200 into int8 -56, a repelling affinity.
  {
    rule: 'affinity-weight-overflow',
    path: `${G}.affinity[0].weight`,
    hcl: inGroup(
      `    affinity {\n      attribute = "\${node.class}"\n      value     = "big"\n      weight    = 200\n    }\n`,
    ),
  },
  // validateConstraintAttribute: 'unsupported attribute "${nodes.class}"'
  {
    rule: 'constraint-attribute-invalid',
    path: `${G}.constraint[0].attribute`,
    hcl: constraint(`      attribute = "\${nodes.class}"\n      value     = "big"\n`),
  },
  // 'attribute "$meta.rootless" is missing an opening brace'
  {
    rule: 'constraint-attribute-invalid',
    path: `${J}.constraint[0].attribute`,
    hcl: edit(`    attribute = "\${meta.rootless}"`, `    attribute = "$meta.rootless"`),
  },
  // Spread.Validate: "Missing spread attribute"
  {
    rule: 'spread-attribute-missing',
    path: `${G}.spread[0].attribute`,
    hcl: spread(`      weight = 50\n`),
  },
  // 'Spread target value "dc1" already defined'
  {
    rule: 'spread-target-duplicate',
    path: `${G}.spread[0].target[1]`,
    hcl: spread(
      `      attribute = "\${node.datacenter}"\n${target('dc1', 50)}${target('dc1', 20)}`,
    ),
  },
  // DisconnectStrategy.Validate: "Disconnect cannot be configured with both lost_after and stop_after"
  {
    rule: 'disconnect-invalid',
    path: `${G}.disconnect.lost_after`,
    hcl: inGroup(
      `    disconnect {\n      lost_after           = "1h"\n      stop_on_client_after = "1m"\n    }\n`,
    ),
  },
  // "lost_after cannot be a negative duration"
  {
    rule: 'disconnect-invalid',
    path: `${G}.disconnect.lost_after`,
    hcl: inGroup(`    disconnect {\n      lost_after = "-1h"\n    }\n`),
  },
  // "stop_after can only be used with service or batch job types"
  {
    rule: 'disconnect-invalid',
    path: `${G}.disconnect.stop_on_client_after`,
    hcl: edit(
      `  type        = "service"`,
      `  type        = "system"`,
      inGroup(`    disconnect {\n      stop_on_client_after = "1m"\n    }\n`),
    ),
  },
  // "reconcile option is invalid: newest"
  {
    rule: 'disconnect-invalid',
    path: `${G}.disconnect.reconcile`,
    hcl: inGroup(`    disconnect {\n      reconcile = "newest"\n    }\n`),
  },
  // Accepted: "MaxClientDisconnect is deprecated and ignored in favor of Disconnect.LostAfter"
  // (the agent's conversion drops it: the server never sees it)
  {
    rule: 'group-disconnect-deprecated',
    path: `${G}.max_client_disconnect`,
    hcl: inGroup(`    max_client_disconnect = "1h"\n`),
  },
  // EphemeralDisk.Validate: "minimum DiskMB value is 10; got 5"
  {
    rule: 'ephemeral-disk-size',
    path: `${G}.ephemeral_disk.size`,
    hcl: inGroup(`    ephemeral_disk {\n      size = 5\n    }\n`),
    // Task.Validate: the default logs (10 x 10 MB) do not fit either.
    also: ['logs-invalid'],
  },
  // TaskGroup.validateNetworks: "Hostname is not a valid DNS name"
  {
    rule: 'network-hostname-invalid',
    path: `${G}.network.hostname`,
    hcl: inNetwork(`      hostname = "gateway..local"\n`),
  },
  // `invalid ';' character in CNI arg key "a;b"`
  {
    rule: 'network-cni-args-invalid',
    path: `${G}.network.cni.args.a;b`,
    hcl: inNetwork(`      cni {\n        args = {\n          "a;b" = "c"\n        }\n      }\n`),
  },
  // "Port label http already in use by taskgroup network" (a task's resources network)
  {
    rule: 'port-label-duplicate',
    path: `${T}.resources.network[0].port[http]`,
    hcl: edit(
      `        cpu    = 500\n`,
      `        cpu    = 500\n        network {\n          port "http" {}\n        }\n`,
    ),
  },
  // "Static port 18789 already reserved by taskgroup network:http"
  {
    rule: 'port-static-duplicate',
    path: `${T}.resources.network[0].port[admin].static`,
    hcl: edit(
      `        cpu    = 500\n`,
      `        cpu    = 500\n        network {\n          port "admin" {\n            static = 18789\n          }\n        }\n`,
    ),
  },
  // Warning: "mbits has been deprecated as of Nomad 0.12.0. Please remove mbits from the network block"
  {
    rule: 'network-mbits-deprecated',
    path: `${G}.network.mbits`,
    hcl: inNetwork(`      mbits = 10\n`),
  },
  // Warning: "Update max parallel count is greater than task group count (3 > 2). ..."
  {
    rule: 'update-max-parallel-above-count',
    path: `${J}.update.max_parallel`,
    hcl: edit(
      `    count          = 1`,
      `    count          = 2`,
      edit(`max_parallel      = 1`, `max_parallel      = 3`),
    ),
  },
  // Warning: "auto_promote must be true for all groups to enable automatic promotion"
  {
    rule: 'update-auto-promote-mixed',
    path: `${J}.group[helper].update`,
    hcl: edit(
      `  group "gateway" {\n`,
      `  group "helper" {\n    update {\n      canary = 1\n    }\n\n    task "helper" {\n      driver = "podman"\n      config {\n        image = "docker.io/library/busybox:1.36"\n      }\n    }\n  }\n\n  group "gateway" {\n    update {\n      canary       = 1\n      auto_promote = true\n    }\n\n`,
    ),
    also: ['update-canary-host-volume'],
  },
  // PeriodicConfig.Validate: "Only cron or crons may be used"
  {
    rule: 'periodic-spec-invalid',
    path: `${J}.periodic`,
    hcl: batch(`  periodic {\n    cron  = "@daily"\n    crons = ["@hourly"]\n  }\n`),
    also: ['periodic-cron-deprecated'],
  },
  // "Must specify a spec"
  {
    rule: 'periodic-spec-invalid',
    path: `${J}.periodic`,
    hcl: batch(`  periodic {\n    prohibit_overlap = true\n  }\n`),
  },
  // 'Invalid time zone "Mars/Olympus": unknown time zone Mars/Olympus'
  {
    rule: 'periodic-time-zone-invalid',
    path: `${J}.periodic.time_zone`,
    hcl: batch(`  periodic {\n    crons     = ["@daily"]\n    time_zone = "Mars/Olympus"\n  }\n`),
  },
  // Job.Warnings: "cron is deprecated and may be removed in a future release. Use crons instead"
  {
    rule: 'periodic-cron-deprecated',
    path: `${J}.periodic.cron`,
    hcl: batch(`  periodic {\n    cron = "@daily"\n  }\n`),
  },
  // ParameterizedJobConfig.Validate: "Required and optional meta keys should be disjoint. Following keys exist in both: [run]"
  {
    rule: 'parameterized-meta-overlap',
    path: `${J}.parameterized.meta_optional`,
    hcl: batch(
      `  parameterized {\n    meta_required = ["run"]\n    meta_optional = ["run"]\n  }\n`,
    ),
  },
  // "UI description must be under 1000 characters, currently 1001"
  {
    rule: 'job-ui-description-length',
    path: `${J}.ui.description`,
    hcl: inJob(`  ui {\n    description = "${'x'.repeat(1001)}"\n  }\n`),
  },
];
