import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { renderJson } from '../../../lib/nomad/json';
import { resolveVars } from '../../../lib/nomad/resolve';
import { JobFile, interp, ref } from '../../../lib/nomad/model';
import { isUserError } from '../../../lib/util/errors';
import { CLEAN } from '../validate/fixtures';

type J = Record<string, unknown>;
const RICH = CLEAN.replace(
  '  group "gateway" {',
  `  periodic {
    crons            = ["0 3 * * *"]
    prohibit_overlap = true
    time_zone        = "Europe/Berlin"
  }

  spread {
    attribute = "\${node.datacenter}"
    weight    = 80
    target "dc1" {
      percent = 60
    }
  }

  affinity {
    attribute = "\${node.class}"
    value     = "big"
    weight    = -30
  }

  group "gateway" {`,
)
  .replace(
    '      kill_timeout = "30s"',
    `      kill_timeout = "30s"
      kill_signal  = "SIGTERM"
      leader       = true

      logs {
        max_files     = 3
        max_file_size = 10
      }

      lifecycle {
        hook    = "prestart"
        sidecar = true
      }

      artifact {
        source      = "https://example.com/a.tgz"
        destination = "local/a"
        options {
          checksum = "sha256:abc"
        }
      }`,
  )
  .replace(
    '        timeout  = "2s"',
    `        timeout  = "2s"
        method   = "GET"
        header {
          X-Probe = ["octant"]
        }
        check_restart {
          limit = 3
          grace = "1m30s"
        }`,
  );

async function render(text: string, vars?: Record<string, string>): Promise<J> {
  const file = await parseJobspec(text);
  return (JSON.parse(renderJson(file, vars)) as { Job: J }).Job;
}

function at(o: unknown, ...keys: (string | number)[]): unknown {
  return keys.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], o);
}

describe('renderJson', () => {
  test('job fields use the api package names and variables are resolved', async () => {
    const job = await render(RICH, { datacenter: 'octant' });
    expect(job.ID).toBe('openclaw');
    expect(job.Name).toBe('openclaw');
    expect(job.Type).toBe('service');
    expect(job.Priority).toBe(50);
    expect(job.Datacenters).toEqual(['octant']);
    expect(job.Meta).toEqual({ version: '1' });
    expect(job.Constraints).toEqual([
      { LTarget: '${meta.rootless}', RTarget: 'true', Operand: '=' },
    ]);
    expect(job.Affinities).toEqual([
      { LTarget: '${node.class}', RTarget: 'big', Operand: '=', Weight: -30 },
    ]);
    expect(job.Spreads).toEqual([
      {
        Attribute: '${node.datacenter}',
        Weight: 80,
        SpreadTarget: [{ Value: 'dc1', Percent: 60 }],
      },
    ]);
    expect(job.Periodic).toEqual({
      Specs: ['0 3 * * *'],
      SpecType: 'cron',
      ProhibitOverlap: true,
      TimeZone: 'Europe/Berlin',
    });
  });

  test('durations are nanoseconds', async () => {
    const job = await render(RICH);
    expect(job.Update).toEqual({
      MaxParallel: 1,
      MinHealthyTime: 10e9,
      HealthyDeadline: 300e9,
      ProgressDeadline: 600e9,
      AutoRevert: true,
    });
    const group = at(job, 'TaskGroups', 0);
    expect(at(group, 'RestartPolicy')).toEqual({
      Interval: 300e9,
      Attempts: 3,
      Delay: 15e9,
      Mode: 'delay',
    });
    const check = at(group, 'Services', 0, 'Checks', 0);
    expect(check).toEqual({
      Type: 'http',
      Path: '/health',
      Interval: 10e9,
      Timeout: 2e9,
      Header: { 'X-Probe': ['octant'] },
      Method: 'GET',
      CheckRestart: { Limit: 3, Grace: 90e9 },
    });
    expect(at(group, 'Tasks', 0, 'KillTimeout')).toBe(30e9);
  });

  test('group network splits static and dynamic ports; volumes are a map', async () => {
    const group = at(await render(RICH), 'TaskGroups', 0) as J;
    expect(group.Name).toBe('gateway');
    expect(group.Count).toBe(1);
    expect(group.Networks).toEqual([
      {
        ReservedPorts: [{ Label: 'http', Value: 18789, To: 18789 }],
        DynamicPorts: [{ Label: 'canvas', To: 18793 }],
      },
    ]);
    expect(group.Volumes).toEqual({
      data: { Name: 'data', Type: 'host', Source: 'openclaw-data' },
    });
    expect(at(group, 'Services', 0, 'Name')).toBe('openclaw');
    expect(at(group, 'Services', 0, 'PortLabel')).toBe('http');
    expect(at(group, 'Services', 0, 'Provider')).toBe('consul');
    expect(at(group, 'Services', 0, 'Tags')).toEqual(['traefik.enable=true']);
  });

  test('task fields, with driver config keys passed through as written', async () => {
    const task = at(await render(RICH), 'TaskGroups', 0, 'Tasks', 0) as J;
    expect(task.Driver).toBe('podman');
    expect(task.Config).toEqual({
      image: 'ghcr.io/openclaw/openclaw:1.0.0',
      ports: ['http', 'canvas'],
    });
    expect(task.Env).toEqual({ OPENCLAW_GATEWAY_PORT: '18789' });
    expect(task.Resources).toEqual({ CPU: 500, MemoryMB: 1024 });
    expect(task.VolumeMounts).toEqual([{ Volume: 'data', Destination: '/home/node/.openclaw' }]);
    expect(task.Templates).toEqual([
      {
        DestPath: '${NOMAD_SECRETS_DIR}/env',
        EmbeddedTmpl: '{{ with nomadVar "nomad/jobs/openclaw" }}TOKEN={{ .token }}{{ end }}',
        ChangeMode: 'restart',
        Perms: '0600',
        Envvars: true,
      },
    ]);
    expect(task.LogConfig).toEqual({ MaxFiles: 3, MaxFileSizeMB: 10 });
    expect(task.Lifecycle).toEqual({ Hook: 'prestart', Sidecar: true });
    expect(task.Leader).toBe(true);
    expect(task.KillSignal).toBe('SIGTERM');
    expect(task.Artifacts).toEqual([
      {
        GetterSource: 'https://example.com/a.tgz',
        GetterOptions: { checksum: 'sha256:abc' },
        RelativeDest: 'local/a',
      },
    ]);
  });

  test('unset fields are omitted', async () => {
    const text =
      'job "x" {\n  group "g" {\n    task "t" {\n      driver = "exec"\n      config {\n        command = "/bin/true"\n      }\n    }\n  }\n}\n';
    const job = await render(text);
    expect(job).toEqual({
      ID: 'x',
      Name: 'x',
      TaskGroups: [
        { Name: 'g', Tasks: [{ Name: 't', Driver: 'exec', Config: { command: '/bin/true' } }] },
      ],
    });
  });

  test('output is deterministic', async () => {
    const file = await parseJobspec(RICH);
    expect(renderJson(file)).toBe(renderJson(file));
  });
});

describe('resolveVars', () => {
  const file = (value: unknown): JobFile => ({
    variables: [
      { name: 'dc', type: 'string', default: 'dc1' },
      { name: 'count', type: 'number' },
      { name: 'dns', type: 'list(string)', default: ['1.1.1.1'] },
      { name: 'pull', type: 'bool', default: false },
    ],
    job: {
      name: 'j',
      datacenters: [ref('dc')],
      group: [
        {
          name: 'g',
          count: ref('count'),
          network: { dns: { servers: ref('dns') } },
          task: [
            {
              name: 't',
              driver: 'podman',
              config: { image: interp`img:${ref('dc')}`, force_pull: ref('pull') },
              env: { X: value as string },
            },
          ],
        },
      ],
    },
  });

  test('given values win over defaults; strings convert for number and bool variables', () => {
    const job = resolveVars(file('x'), { count: '3', pull: 'true', dns: '["9.9.9.9"]' });
    expect(job.datacenters).toEqual(['dc1']);
    expect(job.group[0].count).toBe(3);
    expect(job.group[0].network?.dns?.servers).toEqual(['9.9.9.9']);
    expect(job.group[0].task[0].config).toEqual({ image: 'img:dc1', force_pull: true });
  });

  function error(f: () => unknown): string {
    try {
      f();
    } catch (e) {
      if (isUserError(e)) return `${e.where}: ${e.rule}`;
      throw e;
    }
    throw new Error('expected a UserError');
  }

  test('a variable without value or default is an error naming it', () => {
    expect(error(() => resolveVars(file('x')))).toBe(
      `variable "count": variable 'count' has no value and no default (Nomad refuses an unset variable, used or not)`,
    );
  });

  test('an undeclared variable is an error', () => {
    expect(error(() => resolveVars(file(ref('nope')), { count: 1 }))).toBe(
      'job[j].group[g].task[t].env.X: var.nope is used but not declared',
    );
    expect(error(() => resolveVars(file('x'), { count: 1, other: 'y' }))).toMatch(
      /does not declare/,
    );
  });

  test('a list where a string is needed is an error', () => {
    expect(error(() => resolveVars(file(ref('dns')), { count: 1 }))).toMatch(
      /env\.X: var\.dns holds \["1\.1\.1\.1"\], but a string is needed here/,
    );
  });

  test('a non-numeric string for a number variable is an error', () => {
    expect(error(() => resolveVars(file('x'), { count: 'many' }))).toBe(
      `var.count: 'count' is a number variable but got "many"`,
    );
  });
});

describe('driver config as Nomad hands it to the API', () => {
  const fileWith = (config: Record<string, unknown>): JobFile =>
    ({
      job: {
        name: 'j',
        group: [{ name: 'g', task: [{ name: 't', driver: 'podman', config }] }],
      },
    }) as unknown as JobFile;
  const configOf = (config: Record<string, unknown>): unknown =>
    (JSON.parse(renderJson(fileWith(config))) as { Job: J }).Job.TaskGroups;

  test('an object attribute becomes a one-element list; blocks (lists) and scalars stay', () => {
    const logging = { driver: 'journald', options: [{ tag: 'openclaw' }] };
    const mount = [{ type: 'bind', source: '/a' }];
    expect(configOf({ image: 'x', logging, mount, ports: ['http'] })).toEqual([
      {
        Name: 'g',
        Tasks: [
          {
            Name: 't',
            Driver: 'podman',
            Config: { image: 'x', logging: [logging], mount, ports: ['http'] },
          },
        ],
      },
    ]);
  });

  test('the block and the attribute spelling of a config object give the same JSON', async () => {
    const hcl = (body: string): string =>
      `job "j" {\n  group "g" {\n    task "t" {\n      driver = "podman"\n      config {\n        image = "x"\n${body}      }\n    }\n  }\n}\n`;
    const asBlock = await parseJobspec(
      hcl('        logging {\n          driver = "journald"\n        }\n'),
    );
    const asAttr = await parseJobspec(hcl('        logging = { driver = "journald" }\n'));
    expect(renderJson(asAttr)).toBe(renderJson(asBlock));
  });
});
