import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { validate } from '../../../lib/nomad/validate';
import { edit } from './fixtures';

// What Nomad (v2.0.6) does with jobs our reader and validator once judged differently.

const GROUP = `    shutdown_delay = "5s"\n`;
const JOB_START = `  priority    = 50\n`;
const TPL_DEST = `        destination = "\${NOMAD_SECRETS_DIR}/env"`;
const inGroup = (text: string): string => edit(GROUP, GROUP + text);
const rulesOf = async (hcl: string, memoryOversubscription?: boolean): Promise<string[]> =>
  validate(await parseJobspec(hcl, { filename: 'case.nomad.hcl' }), {
    ...(memoryOversubscription !== undefined ? { memoryOversubscription } : {}),
  }).map((d) => `${d.severity} ${d.rule}`);

describe("Nomad's parser refuses", () => {
  test.each([
    [
      'a check header given as a string (jobspec2 wants a list of strings)',
      edit(
        `path     = "/health"`,
        `path     = "/health"\n        header {\n          Authorization = "Bearer x"\n        }`,
      ),
      /header Authorization must be a list of strings/,
    ],
    [
      'a vertical_cpu policy on a group',
      inGroup(`    scaling {\n      type = "vertical_cpu"\n      max  = 3\n    }\n`),
      /scales the group count \(type "horizontal"\), not "vertical_cpu"[\s\S]*scaling "cpu"/,
    ],
    [
      'a group scaling block without max',
      inGroup(`    scaling {\n      min = 1\n    }\n`),
      /a group scaling block needs `max`/,
    ],
    [
      'a task policy whose type does not match its label',
      edit(
        `      kill_timeout = "30s"`,
        `      kill_timeout = "30s"\n      scaling "mem" {\n        type = "vertical_cpu"\n      }`,
      ),
      /scaling "mem" block has type "vertical_mem", not "vertical_cpu"/,
    ],
  ])('%s', async (_name, hcl, message) => {
    await expect(parseJobspec(hcl, { filename: 'case.nomad.hcl' })).rejects.toThrow(message);
  });

  test('a header given as a list is read', async () => {
    const hcl = edit(
      `path     = "/health"`,
      `path     = "/health"\n        header {\n          Authorization = ["Bearer x"]\n        }`,
    );
    const file = await parseJobspec(hcl);
    expect(file.job.group[0].service?.[0].check?.[0].header).toEqual({
      Authorization: ['Bearer x'],
    });
  });
});

describe("Nomad's server accepts", () => {
  test('memory_max on a cluster with memory oversubscription (the validator is told so)', async () => {
    const hcl = edit(`memory = var.memory`, `memory = var.memory\n        memory_max = 2048`);
    expect(await rulesOf(hcl, true)).toEqual([]);
    expect(await rulesOf(hcl)).toEqual(['warning memory-max-ignored']);
  });

  test.each([
    ['the default connect-proxy-<service> label', `connect-proxy-openclaw`, ''],
    ['the label sidecar_service.port names', 'proxy', `        port = "proxy"\n`],
  ])(
    'a Connect service using %s (Nomad adds it to the network)',
    async (_n, label, sidecarPort) => {
      // A sidecar needs a bridge network (groupConnectNetworkModeValidate).
      const hcl = edit(
        `      port     = "http"\n      provider = "consul"`,
        `      port     = "${label}"\n      provider = "consul"\n\n      connect {\n        sidecar_service {\n${sidecarPort}        }\n      }`,
      ).replace(`    network {\n`, `    network {\n      mode = "bridge"\n`);
      expect(await rulesOf(hcl)).toEqual([]);
    },
  );

  test('a Connect gateway in a host-mode network (groupConnectGatewayValidate allows host)', async () => {
    const hcl = edit(
      `      port     = "http"\n      provider = "consul"`,
      `      port     = "http"\n      provider = "consul"\n\n      connect {\n        gateway {\n          ingress {\n            listener {\n              port = 8080\n              service {\n                name = "web"\n              }\n            }\n          }\n        }\n      }`,
    )
      .replace(`    network {\n`, `    network {\n      mode = "host"\n`)
      .replace(/\n {6}check \{[\s\S]*?\n {6}\}\n/, '\n');
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('ignore_collision with mode "host" written out (TaskGroup.validateNetworks)', async () => {
    const hcl = edit(`to = 18793`, `static = 18789\n        ignore_collision = true`).replace(
      `    network {\n`,
      `    network {\n      mode = "host"\n`,
    );
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('a numeric check port with address_mode "driver" on a task service', async () => {
    const hcl = edit(
      `      kill_timeout = "30s"`,
      `      kill_timeout = "30s"\n      shutdown_delay = "5s"\n      service {\n        name = "admin"\n        port = "http"\n        check {\n          type         = "tcp"\n          port         = 8080\n          address_mode = "driver"\n          interval     = "10s"\n          timeout      = "2s"\n        }\n      }`,
    );
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('a service with an empty name (api Service.Canonicalize names it "<job>-<group>")', async () => {
    expect(await rulesOf(edit(`name     = "openclaw"`, `name     = ""`))).toEqual([]);
  });

  test('a service name with ${TASK} in a group service (Service.Canonicalize makes it "group")', async () => {
    const name = `\${TASK}-${'a'.repeat(57)}`;
    expect(await rulesOf(edit(`name     = "openclaw"`, `name     = "${name}"`))).toEqual([]);
  });

  // VolumeRequest.Validate: the one-writer modes are per allocation with per_alloc; a reader of
  // a single-writer volume may be many; the count Nomad checks is scaling.min when count is unset.
  test.each([
    ['single-node-writer, per_alloc, count 3', 'single-node-writer', 'per_alloc = true', 3],
    [
      'multi-node-single-writer read-only, count 3',
      'multi-node-single-writer',
      'read_only = true',
      3,
    ],
    ['multi-node-multi-writer, count 3', 'multi-node-multi-writer', '', 3],
    ['single-node-writer, no count, scaling min 1', 'single-node-writer', '', undefined],
  ])('a csi volume: %s', async (_name, mode, extra, count) => {
    const hcl = edit(
      `      type   = "host"\n      source = "openclaw-data"`,
      `      type            = "csi"\n      source          = "openclaw"\n      access_mode     = "${mode}"\n      attachment_mode = "file-system"\n      ${extra}`,
    ).replace(
      `    count          = 1`,
      count === undefined
        ? `    scaling {\n      min = 1\n      max = 3\n    }`
        : `    count = ${count}`,
    );
    expect(hcl).toContain(mode);
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('a host volume with access_mode single-node-single-writer (dynamic host volumes)', async () => {
    const hcl = edit(
      `source = "openclaw-data"`,
      `source = "openclaw-data"\n      access_mode = "single-node-single-writer"`,
    );
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('secrets equal to memory, and a numa-placed device with a constraint (Resources.Validate)', async () => {
    const hcl = edit(
      `        memory = var.memory\n`,
      `        memory = var.memory\n        secrets = 1024\n        device "nvidia/gpu" {\n          count = 1\n          constraint {\n            attribute = "\${device.attr.memory}"\n            operator  = ">="\n            value     = "2 GiB"\n          }\n        }\n        numa {\n          affinity = "require"\n          devices  = ["nvidia/gpu"]\n        }\n`,
    );
    expect(hcl).toContain('secrets = 1024');
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('a check type in capitals (ServiceCheck.validateCommon lowercases it): only the client-side rule', async () => {
    const hcl = edit(`type     = "http"`, `type     = "HTTP"`);
    expect(hcl).toContain('type     = "HTTP"');
    // No server rule (the path, port and http rules judge it as "http"); the client refuses it.
    expect(await rulesOf(hcl)).toEqual(['error check-type-case']);
  });

  test('an empty datacenters list (Job.Canonicalize makes it ["*"] before Validate)', async () => {
    expect(await rulesOf(edit(`datacenters = [var.datacenter]`, `datacenters = []`))).toEqual([]);
  });

  const CONSTRAINT = `  constraint {\n    attribute = "\${meta.rootless}"\n    value     = "true"\n  }\n`;
  test.each([
    ['distinct_hosts = true', `    distinct_hosts = true\n`],
    ['distinct_property = "${meta.rack}"', `    distinct_property = "\${meta.rack}"\n`],
    [
      'operator = "distinct_hosts" with an attribute (ignored)',
      `    operator  = "distinct_hosts"\n    attribute = "\${node.unique.id}"\n`,
    ],
  ])('a constraint written %s (Constraint.Validate wants no attribute there)', async (_n, body) => {
    expect(await rulesOf(edit(CONSTRAINT, `  constraint {\n${body}  }\n`))).toEqual([]);
  });

  test.each([
    ['cores with cpu = 0', `cpu    = 0\n        cores  = 2`],
    ['cores = 0 beside cpu (0 is the default)', `cpu    = 500\n        cores  = 0`],
  ])('resources asking for %s (Resources.Validate, MeetsMinResources)', async (_n, res) => {
    expect(await rulesOf(edit(`cpu    = 500`, res))).toEqual([]);
  });

  test('memory_max = -1, no limit (Resources.Validate lets the sentinel through)', async () => {
    const hcl = edit(`memory = var.memory`, `memory = var.memory\n        memory_max = -1`);
    expect(await rulesOf(hcl, true)).toEqual([]);
  });

  test.each([
    ['a group name with a space', edit(`group "gateway"`, `group "my gateway"`)],
    ['a task name with a space', edit(`task "gateway"`, `task "my gateway"`)],
    ['a task name of 129 characters', edit(`task "gateway"`, `task "${'t'.repeat(129)}"`)],
  ])('%s (TaskGroup.Validate, Task.Validate refuse only empty, NUL, slashes)', async (_n, hcl) => {
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('a meta key with a space is a warning (Job.Validate does not check meta)', async () => {
    const hcl = edit(`  meta {\n    version = "1"\n  }`, `  meta = {\n    "has space" = "x"\n  }`);
    expect(await rulesOf(hcl)).toEqual(['warning meta-key-invalid']);
  });

  test.each([
    [
      'auto_promote on the job, canary on the group',
      `    auto_promote      = true\n`,
      `      canary = 1\n`,
    ],
    [
      'a job min_healthy_time the group deadlines make room for',
      `    min_healthy_time  = "6m"\n`,
      `      healthy_deadline  = "8m"\n      progress_deadline = "12m"\n`,
    ],
  ])(
    '%s (api TaskGroup.Canonicalize merges the update blocks)',
    async (_n, jobUpdate, groupUpdate) => {
      const hcl = edit(
        `    auto_revert       = true\n`,
        `    auto_revert       = true\n${jobUpdate}`,
      )
        .replace(`    min_healthy_time  = "10s"\n`, '')
        .replace(GROUP, `${GROUP}    update {\n${groupUpdate}    }\n`);
      expect(await rulesOf(hcl)).not.toContainEqual(expect.stringMatching(/^error/));
    },
  );

  test('a reschedule policy that never reschedules, whatever its delay_function (ReschedulePolicy.Validate checks only an enabled one)', async () => {
    const hcl = inGroup(
      `    reschedule {\n      attempts       = 0\n      unlimited      = false\n      delay_function = "linear"\n    }\n`,
    );
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('a disabled periodic block on a service job (Job.Validate checks only an enabled one)', async () => {
    const hcl = edit(
      JOB_START,
      `${JOB_START}\n  periodic {\n    crons   = ["not a cron"]\n    enabled = false\n  }\n`,
    );
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test.each([
    ['static = 0, a dynamic port (jobspec2 moves it to the dynamic ports)', `static = 0`],
    [
      'the same static port on another host_network',
      `static = 18789\n        host_network = "public"`,
    ],
    [
      'the same static port with ignore_collision',
      `static = 18789\n        ignore_collision = true`,
    ],
  ])('%s (TaskGroup.validateNetworks)', async (_n, canvas) => {
    expect(await rulesOf(edit(`to = 18793`, canvas))).toEqual([]);
  });

  test('an unknown network mode is a warning (TaskGroup.validateNetworks does not check it)', async () => {
    const hcl = edit(`    network {\n`, `    network {\n      mode = "overlay"\n`);
    expect(await rulesOf(hcl)).toEqual(['warning network-mode-invalid']);
  });

  test.each([
    ['a destination climbing into the alloc dir', `        destination = "../alloc/env"`, []],
    ['perms with the setuid bit', `${TPL_DEST}\n        perms       = "4755"`, []],
    [
      'an absolute destination (a warning: it lands under the task dir)',
      `        destination = "/etc/openclaw/env"`,
      ['warning template-destination-absolute'],
    ],
  ])('a template with %s (Template.Validate)', async (_n, dest, rules) => {
    const hcl = edit(TPL_DEST, dest).replace(`        perms       = "0600"\n`, '');
    expect(await rulesOf(hcl)).toEqual(rules);
  });

  test('two templates whose destinations differ as written (Task.Validate compares the text)', async () => {
    const hcl = edit(
      `      resources {`,
      `      template {\n        data        = "x"\n        destination = "./\${NOMAD_SECRETS_DIR}/env"\n      }\n\n      resources {`,
    );
    expect(await rulesOf(hcl)).toEqual([]);
  });

  test('a template reading Vault without a vault block is a warning (Task.Validate does not read template text)', async () => {
    const hcl = edit(
      `{{ with nomadVar \\"nomad/jobs/openclaw\\" }}`,
      `{{ with secret \\"kv/data/openclaw\\" }}`,
    );
    expect(await rulesOf(hcl)).toEqual(['warning template-vault-missing']);
  });

  test("a task restart block Nomad would call ambiguous is a warning (TaskGroup.Validate checks only the group's)", async () => {
    const hcl = edit(
      `      kill_timeout = "30s"`,
      `      kill_timeout = "30s"\n      restart {\n        attempts = 0\n      }`,
    );
    expect(await rulesOf(hcl)).toEqual(['warning restart-task-invalid']);
  });

  test('a negative restart delay (RestartPolicy.Validate: attempts x delay stays within the interval)', async () => {
    expect(await rulesOf(edit(`delay    = "15s"`, `delay    = "-15s"`))).toEqual([]);
  });

  test.each([
    [
      'a negative interval on an unlimited policy (checked only when attempts are limited)',
      `      interval  = "-1h"\n      unlimited = true\n`,
    ],
    [
      'a negative max_delay with delay_function "constant" (max_delay unread)',
      `      delay_function = "constant"\n      max_delay      = "-1m"\n`,
    ],
    [
      'a negative delay on a policy that never reschedules',
      `      attempts  = 0\n      unlimited = false\n      delay     = "-5s"\n`,
    ],
  ])('a reschedule policy with %s (ReschedulePolicy.Validate)', async (_n, body) => {
    expect(await rulesOf(inGroup(`    reschedule {\n${body}    }\n`))).toEqual([]);
  });

  test('a reschedule policy with attempts and unlimited = false', async () => {
    const hcl = inGroup(
      `    reschedule {\n      attempts  = 3\n      interval  = "1h"\n      unlimited = false\n    }\n`,
    );
    expect(await rulesOf(hcl)).toEqual([]);
  });

  // Task.Validate and the blocks under it (templates, logs, artifacts, vault, identities, csi).
  describe('task blocks', () => {
    const KILL = `      kill_timeout = "30s"`;
    const inTask = (text: string): string => edit(KILL, `${KILL}\n${text}`);
    const NOT_ENV = edit(`        env         = true\n`, '');
    const MODE = `        change_mode = "restart"`;

    test('a signal template without change_signal (api Template.Canonicalize sends SIGHUP)', async () => {
      expect(await rulesOf(edit(MODE, `        change_mode = "signal"`, NOT_ENV))).toEqual([]);
      expect(
        await rulesOf(
          edit(MODE, `        change_mode   = "signal"\n        change_signal = ""`, NOT_ENV),
        ),
      ).toEqual(['error template-change-signal-missing']);
    });

    test('an empty perms (Template.Validate and the client skip it)', async () => {
      expect(await rulesOf(edit(`perms       = "0600"`, `perms       = ""`))).toEqual([]);
    });

    test('vault change_mode "signal" without change_signal (api Vault.Canonicalize sends SIGHUP)', async () => {
      const vault = (mode: string): string =>
        inTask(
          `      vault {\n        role        = "openclaw"\n        change_mode = "${mode}"\n      }`,
        );
      expect(await rulesOf(vault('signal'))).toEqual([]);
      expect(await rulesOf(vault('SIGNAL'))).toEqual(['error vault-change-mode']);
    });

    test('logs just below the default 300 MB ephemeral disk (LogConfig.Validate)', async () => {
      const logs = (files: number): string =>
        inTask(
          `      logs {\n        max_files     = ${files}\n        max_file_size = 10\n      }`,
        );
      expect(await rulesOf(logs(29))).toEqual([]);
      expect(await rulesOf(logs(30))).toEqual(['error logs-invalid']);
    });

    test('a csi_plugin on the default dirs (api Canonicalize: mount /csi, stage /local/csi)', async () => {
      const csi = (extra: string): string =>
        inTask(`      csi_plugin {\n        id   = "nfs"\n        type = "node"\n${extra}      }`);
      expect(await rulesOf(csi(''))).toEqual([]);
      expect(await rulesOf(csi(`        mount_dir = "/local"\n`))).toEqual([
        'error csi-plugin-invalid',
      ]);
    });

    test('a default identity without aud or ttl (the warnings are for named identities)', async () => {
      const id = (name: string): string =>
        inTask(`      identity {\n${name}        env  = true\n        file = true\n      }`);
      expect(await rulesOf(id(''))).toEqual([]);
      expect(await rulesOf(id(`        name = "aws"\n`))).toEqual([
        'warning identity-insecure',
        'warning identity-insecure',
        'warning identity-env-not-restart',
      ]);
    });

    test('an artifact checksum holding an interpolation (checked after interpolation)', async () => {
      const artifact = (sum: string): string =>
        inTask(
          `      artifact {\n        source = "https://example.com/tool.tgz"\n        options {\n          checksum = "${sum}"\n        }\n      }`,
        );
      expect(await rulesOf(artifact('sha256:${NOMAD_META_sum}'))).toEqual([]);
      expect(await rulesOf(artifact(`sha256:${'ab'.repeat(32)}`))).toEqual([]);
      expect(await rulesOf(artifact('sha256:abcd'))).toEqual(['error artifact-invalid']);
    });

    test('a hand-written Connect proxy task for a group Connect service', async () => {
      const connect = edit(
        `      provider = "consul"`,
        `      provider = "consul"\n\n      connect {\n        sidecar_service {}\n      }`,
      ).replace(`    network {\n`, `    network {\n      mode = "bridge"\n`);
      const proxy = (service: string): string =>
        edit(
          `    task "gateway" {`,
          `    task "proxy" {\n      driver = "podman"\n      kind   = "connect-proxy:${service}"\n      config {\n        image = "docker.io/envoyproxy/envoy:v1.29.0"\n      }\n    }\n\n    task "gateway" {`,
          connect,
        );
      expect(await rulesOf(proxy('openclaw'))).toEqual([]);
      expect(await rulesOf(proxy('admin'))).toEqual(['error task-connect-proxy-kind']);
    });
  });

  // Services, checks and Connect (Service.Validate, ServiceCheck.validate*, the Connect hook).
  describe('services', () => {
    const TAGS = `      tags     = ["traefik.enable=true"]\n`;
    const svc = (lines: string): string => edit(TAGS, `${TAGS}${lines}\n`);
    const chk = (lines: string): string =>
      edit(`        timeout  = "2s"\n`, `        timeout  = "2s"\n${lines}\n`);
    const connect = (body: string): string =>
      svc(`      connect {\n${body}      }`)
        .replace(`    network {\n`, `    network {\n      mode = "bridge"\n`)
        .replace(/\n {6}check \{[\s\S]*?\n {6}\}\n/, '\n');
    const upstream = (port: number, address = ''): string =>
      `            upstreams {\n              destination_name = "db${port}"\n              local_bind_port  = 5432\n${address}            }\n`;

    test.each([
      [
        'on_update "ignore_warnings" with the service\'s check_restart.ignore_warnings (api CheckRestart.Merge)',
        svc(
          `      on_update = "ignore_warnings"\n      check_restart {\n        limit           = 3\n        ignore_warnings = true\n      }`,
        ),
      ],
      [
        'a negative check_restart limit when the service gives one above 0 (api CheckRestart.Merge)',
        svc(`      check_restart {\n        limit = 3\n      }`).replace(
          `        timeout  = "2s"\n`,
          `        timeout  = "2s"\n        check_restart {\n          limit = -1\n        }\n`,
        ),
      ],
      [
        'an address with address_mode "auto"',
        svc(`      address      = "10.0.0.1"\n      address_mode = "auto"`),
      ],
      [
        'a lower-case http method on a nomad check (helper.IsMethodHTTP)',
        chk(`        method = "get"`)
          .replace(`provider = "consul"`, `provider = "nomad"`)
          .replace(TAGS, ''),
      ],
      [
        'a negative success_before_passing (api Service.Canonicalize makes it 0)',
        chk(`        success_before_passing = -1`),
      ],
      ['a gateway kind', svc(`      kind = "ingress-gateway"`)],
      [
        'a bad escape in the query of an http check path (url.Parse leaves the query alone)',
        edit(`path     = "/health"`, `path     = "/health?x=%zz"`),
      ],
      [
        'a native service whose only task the Connect hook infers',
        connect(`        native = true\n`),
      ],
      [
        'two upstreams on one port and different local_bind_address',
        connect(
          `        sidecar_service {\n          proxy {\n${upstream(1)}${upstream(2, `              local_bind_address = "127.0.0.2"\n`)}          }\n        }\n`,
        ),
      ],
    ])('%s', async (_n, hcl) => {
      expect(await rulesOf(hcl)).toEqual([]);
    });

    test('a transparent proxy excluding a static port label, numbers and CIDRs', async () => {
      const hcl = connect(
        `        sidecar_service {\n          proxy {\n            transparent_proxy {\n              uid                    = "101"\n              exclude_uids           = ["0"]\n              exclude_inbound_ports  = ["http", "9000"]\n              exclude_outbound_cidrs = ["10.0.0.0/8", "fd00::/8"]\n            }\n          }\n        }\n`,
      );
      expect(await rulesOf(hcl)).toEqual([]);
    });

    test.each([
      ['a static port label', 'http'],
      ['a port number', '18789'],
    ])('an exposed check of a sidecar service on %s (exposePathForCheck)', async (_n, port) => {
      const hcl = svc(`      connect {\n        sidecar_service {}\n      }`)
        .replace(`        timeout  = "2s"\n`, `        timeout  = "2s"\n        expose   = true\n`)
        .replace(`    network {\n`, `    network {\n      mode = "bridge"\n`)
        .replace(`      port     = "http"\n`, `      port     = "${port}"\n`);
      expect(await rulesOf(hcl)).toEqual([]);
    });

    test("a task check's task (the HTTP API drops it)", async () => {
      const hcl = edit(
        `      kill_timeout = "30s"`,
        `      kill_timeout = "30s"\n      shutdown_delay = "5s"\n      service {\n        name = "admin"\n        port = "http"\n        check {\n          type     = "tcp"\n          task     = "nope"\n          interval = "10s"\n          timeout  = "2s"\n        }\n      }`,
      );
      expect(await rulesOf(hcl)).toEqual([]);
    });
  });

  // Job.Validate, TaskGroup.Validate and the group blocks (audit-group): near misses.
  describe('group and job blocks (audit-group)', () => {
    const batch = (text: string): string =>
      edit(
        JOB_START,
        JOB_START + text,
        edit(
          `  type        = "service"`,
          `  type        = "batch"`,
          edit(
            `  update {\n    max_parallel      = 1\n    min_healthy_time  = "10s"\n    healthy_deadline  = "5m"\n    progress_deadline = "10m"\n    auto_revert       = true\n  }\n`,
            '',
          ),
        ),
      );

    test.each([
      [
        'a regexp with Go flags and a named group',
        `attribute = "\${attr.os.name}"\n      regexp    = "(?i)^(?P<os>ubuntu|debian)$"`,
      ],
      [
        'a semver range with a pre-release',
        `attribute = "\${attr.nomad.version}"\n      semver    = ">= 1.2.0-beta.1, < 2.0"`,
      ],
      ['a version with ~>', `attribute = "\${attr.kernel.version}"\n      version   = "~> 5.10"`],
      ['distinct_hosts = true', `distinct_hosts = true`],
      [
        'distinct_property with a count',
        `distinct_property = "\${meta.rack}"\n      value             = "2"`,
      ],
      ['is_set without a value', `attribute = "\${meta.rack}"\n      operator  = "is_set"`],
      ['a literal attribute', `attribute = "linux"\n      value     = "linux"`],
      ['${node.unique.name}', `attribute = "\${node.unique.name}"\n      value     = "worker-1"`],
    ])('a constraint with %s (Constraint.Validate)', async (_n, body) => {
      expect(await rulesOf(inGroup(`    constraint {\n      ${body}\n    }\n`))).toEqual([]);
    });

    test.each(['50.5', '-100.7'])(
      'an affinity weight of %s (jobspec2 truncates it to a whole number)',
      async (w) => {
        const hcl = inGroup(
          `    affinity {\n      attribute = "\${node.class}"\n      value     = "big"\n      weight    = ${w}\n    }\n`,
        );
        expect(await rulesOf(hcl)).toEqual([]);
      },
    );

    test('a disabled periodic block without a spec and an unknown time zone (PeriodicConfig.Validate skips it)', async () => {
      const hcl = batch(
        `  periodic {\n    enabled   = false\n    time_zone = "Mars/Olympus"\n  }\n`,
      );
      expect(await rulesOf(hcl)).toEqual([]);
    });

    test.each(['UTC', 'America/New_York', 'Europe/Paris'])('periodic time_zone %s', async (tz) => {
      const hcl = batch(`  periodic {\n    crons     = ["@daily"]\n    time_zone = "${tz}"\n  }\n`);
      expect(await rulesOf(hcl)).toEqual([]);
    });

    test.each(['gw-${NOMAD_ALLOC_INDEX}', 'gateway.local.', 'bad_name!'])(
      'a network hostname %s (dns.IsDomainName only counts label lengths; interpolations are skipped)',
      async (host) => {
        const hcl = edit(`    network {\n`, `    network {\n      hostname = "${host}"\n`);
        expect(await rulesOf(hcl)).toEqual([]);
      },
    );

    test('stop_on_client_after with lost_after = "0s" (DisconnectStrategy.Validate: only a non-zero lost_after conflicts)', async () => {
      const hcl = inGroup(
        `    disconnect {\n      lost_after           = "0s"\n      stop_on_client_after = "1m"\n      reconcile            = "keep_original"\n    }\n`,
      );
      expect(await rulesOf(hcl)).toEqual([]);
    });

    test('max_parallel above a count of 1 (TaskGroup.Warnings warns only from count 2)', async () => {
      expect(await rulesOf(edit(`max_parallel      = 1`, `max_parallel      = 3`))).toEqual([]);
    });

    test('ephemeral_disk of exactly 10 MB, with logs that fit in it (EphemeralDisk.Validate)', async () => {
      const logs = edit(
        `      kill_timeout = "30s"`,
        `      kill_timeout = "30s"\n      logs {\n        max_files     = 2\n        max_file_size = 4\n      }`,
      );
      const hcl = edit(GROUP, `${GROUP}    ephemeral_disk {\n      size = 10\n    }\n`, logs);
      expect(await rulesOf(hcl)).toEqual([]);
    });
  });
});
