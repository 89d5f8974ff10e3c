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
const NETWORK = `    network {\n`;
const inGroup = (text: string, base = CLEAN): string => edit(GROUP, GROUP + text, base);
const inNetwork = (text: string): string => edit(NETWORK, NETWORK + text);
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
];
