import * as fs from 'fs';
import * as path from 'path';
import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { renderHcl } from '../../../lib/nomad/hcl/render';
import { renderJson } from '../../../lib/nomad/json/render';

// The project's own fixtures (written here, shaped after Nomad's documentation): each block of
// the table that real clusters use, read as Nomad's parser (jobspec2) reads it.
const dir = path.join(__dirname, '..', 'fixtures');
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function load(name: string): Promise<{ hcl: string; job: J }> {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  const file = await parseJobspec(text, { filename: name });
  // Converting to HCL and back changes nothing.
  const hcl = renderHcl(file);
  expect(await parseJobspec(hcl, { filename: name })).toEqual(file);
  return { hcl, job: (JSON.parse(renderJson(file)) as { Job: J }).Job };
}

describe('jobspec2 semantics in the API JSON', () => {
  test('every fixture converts both ways', async () => {
    const names = fs.readdirSync(dir).filter((f) => f.endsWith('.nomad.hcl'));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const n of names) await load(n);
  });

  test('Consul Connect: sidecar proxy, upstreams, expose, sidecar task, service-level check_restart', async () => {
    const { job } = await load('connect-mesh.nomad.hcl');
    expect(job.ID).toBe('mesh-v2');
    expect(job.Name).toBe('mesh');
    const g = job.TaskGroups[0];
    expect(g.Consul).toEqual({ Namespace: 'apps' });
    const s = g.Services[0];
    expect(s.EnableTagOverride).toBe(true);
    expect(s.TaggedAddresses).toEqual({ lan: '10.0.0.5' });
    expect(s.CheckRestart).toEqual({ Limit: 2, Grace: 30e9 });
    expect(s.Checks[0]).toMatchObject({
      Interval: 10e9,
      Timeout: 2e9,
      Expose: true,
      InitialStatus: 'warning',
      FailuresBeforeCritical: 3,
      Body: '{}',
    });
    const sidecar = s.Connect.SidecarService;
    expect(sidecar.DisableDefaultTCPCheck).toBe(true);
    expect(sidecar.Proxy.LocalServicePort).toBe(9090);
    expect(sidecar.Proxy.Upstreams).toEqual([
      { DestinationName: 'db', LocalBindPort: 5432, MeshGateway: { Mode: 'local' } },
    ]);
    expect(sidecar.Proxy.Expose.Paths[0]).toEqual({
      Path: '/metrics',
      Protocol: 'http',
      LocalPathPort: 9102,
      ListenerPort: 'metrics',
    });
    expect(sidecar.Proxy.Config).toEqual({ protocol: 'http' });
    expect(s.Connect.SidecarTask).toEqual({
      Driver: 'podman',
      Resources: { CPU: 50, MemoryMB: 64 },
    });
    expect(g.Networks[0].DynamicPorts).toEqual([{ Label: 'metrics', To: 9102 }]);
  });

  test('ingress gateway; a static port is a reserved port', async () => {
    const { job } = await load('ingress-gateway.nomad.hcl');
    const g = job.TaskGroups[0];
    expect(g.Networks[0].ReservedPorts).toEqual([{ Label: 'inbound', Value: 8080, To: 8080 }]);
    expect(g.Networks[0].DynamicPorts).toBeUndefined();
    const gw = g.Services[0].Connect.Gateway;
    expect(gw.Proxy.ConnectTimeout).toBe(500e6);
    expect(gw.Ingress.Listeners[0]).toEqual({
      Port: 8080,
      Protocol: 'tcp',
      Services: [{ Name: 'api' }],
    });
  });

  test('CSI plugin, dispatch payload, scaling, multiregion, migrate, task network, template wait', async () => {
    const { job } = await load('csi-and-scaling.nomad.hcl');
    expect(job.Multiregion).toEqual({
      Strategy: { MaxParallel: 1, OnFailure: 'fail_all' },
      Regions: [{ Name: 'west', Count: 1, Datacenters: ['w1'] }],
    });
    const g = job.TaskGroups[0];
    expect(g.Migrate).toEqual({ MaxParallel: 2, HealthCheck: 'checks' });
    expect(g.Scaling).toEqual({ Min: 1, Max: 3 });
    const t = g.Tasks[0];
    expect(t.CSIPluginConfig).toEqual({ ID: 'nfs', Type: 'node', MountDir: '/csi' });
    expect(t.DispatchPayload).toEqual({ File: 'input.json' });
    expect(t.ScalingPolicies).toEqual([{ Enabled: true, Max: 500, Type: 'vertical_cpu' }]);
    expect(t.Resources.Networks).toEqual([{ MBits: 10 }]);
    expect(t.Vault).toEqual({ DisableFile: true });
    expect(t.Templates[0].Wait).toEqual({ Min: 5e9, Max: 60e9 });
  });

  test('constraint and affinity shorthands become Operand/RTarget; crons become Specs; runtime references stay', async () => {
    const { job, hcl } = await load('shorthands.nomad.hcl');
    expect(job.Constraints).toEqual([
      { LTarget: '${attr.nomad.version}', RTarget: '>= 1.6', Operand: 'version' },
      { Operand: 'distinct_hosts', RTarget: 'true' },
      { Operand: 'distinct_property', LTarget: '${meta.rack}' },
      { LTarget: '${attr.os.name}', RTarget: '^(debian|ubuntu)$', Operand: 'regexp' },
      { LTarget: '${meta.tags}', RTarget: 'ssd,gpu', Operand: 'set_contains' },
    ]);
    expect(job.Affinities).toEqual([
      {
        LTarget: '${node.datacenter}',
        RTarget: 'home,lab',
        Operand: 'set_contains_any',
        Weight: 40,
      },
    ]);
    expect(job.Periodic).toEqual({
      Specs: ['0 3 * * *', '30 4 * * 1'],
      ProhibitOverlap: true,
      SpecType: 'cron',
    });
    expect(job.TaskGroups[0].Tasks[0].Config).toEqual({
      command: '${NOMAD_TASK_DIR}/run.sh',
      args: ['${meta.role}', '${node.unique.name}', '${attr.unique.hostname}'],
    });
    // Written back escaped (`$${`), which Nomad reads as the same literal text and which stays
    // literal when the file is used as a Terraform templatefile() template.
    expect(hcl).toContain('version   = ">= 1.6"');
    expect(hcl).toContain('"$${NOMAD_TASK_DIR}/run.sh"');
  });

  test('a job-level task is a group of its own; job and group vault and secrets are handed down', async () => {
    const { job } = await load('job-level-task.nomad.hcl');
    expect(job.Periodic).toEqual({ Spec: '@daily', SpecType: 'cron' });
    expect(job.TaskGroups.map((g: J) => g.Name)).toEqual(['backup', 'other']);
    const backup = job.TaskGroups[0].Tasks[0];
    expect(backup.Vault).toEqual({ Role: 'apps' });
    expect(backup.Secrets).toEqual([{ Name: 'db', Provider: 'nomad', Path: 'db/creds' }]);
    const own = job.TaskGroups[1].Tasks[0];
    expect(own.Vault).toEqual({ Role: 'own' });
  });
});

test('runtime references are the same literal text whichever way they are written', async () => {
  const text = (ref: string): string =>
    `job "j" {\n  constraint {\n    attribute = "${ref}"\n    value     = "x"\n  }\n  group "g" {}\n}\n`;
  for (const name of ['meta.rack', 'attr.kernel.name', 'node.class', 'NOMAD_ALLOC_DIR']) {
    const plain = await parseJobspec(text('${' + name + '}'));
    const escaped = await parseJobspec(text('$${' + name + '}'));
    expect(plain).toEqual(escaped);
    const json = JSON.parse(renderJson(plain)) as { Job: J };
    expect(json.Job.Constraints[0].LTarget).toBe('${' + name + '}');
  }
});

describe('what Nomad refuses is refused, with line:column', () => {
  const job = (body: string): string =>
    `job "j" {\n  group "g" {\n    task "t" {\n      driver = "exec"\n${body}    }\n  }\n}\n`;

  test.each([
    [
      'an unknown block',
      job('      resorces {\n        cpu = 1\n      }\n'),
      /j\.hcl:5:7: .*unknown block `resorces` in `task`; did you mean `resources`\?/,
    ],
    [
      'an unknown attribute',
      job('      kill_timout = "5s"\n'),
      /j\.hcl:5:7: .*unknown attribute `kill_timout` in `task`; did you mean `kill_timeout`\?/,
    ],
    [
      'cron given a list',
      'job "j" {\n  periodic {\n    cron = ["@daily"]\n  }\n  group "g" {}\n}\n',
      /j\.hcl:3:5: job\[j\]\.periodic\.cron[\s\S]*must be a string/,
    ],
    [
      'a lifecycle without hook',
      job('      lifecycle {\n        sidecar = true\n      }\n'),
      /j\.hcl:5:7: [\s\S]*`lifecycle` needs the attribute `hook`/,
    ],
    [
      'a task scaling policy that is not cpu or mem',
      job('      scaling "disk" {\n        max = 1\n      }\n'),
      /j\.hcl:5:7: [\s\S]*labeled "cpu" or "mem"/,
    ],
    [
      'template wait without max',
      job(
        '      template {\n        data = "x"\n        wait {\n          min = "1s"\n        }\n      }\n',
      ),
      /`wait` needs the attribute `max`/,
    ],
  ])('%s', async (_name, text, error) => {
    await expect(parseJobspec(text, { filename: 'j.hcl' })).rejects.toThrow(error);
  });
});

describe('HCL2 variables as jobspec2 reads them', () => {
  const text = `variable "dc" {
  type    = string
  default = "home"

  validation {
    condition     = length(var.dc) > 0
    error_message = "dc must not be empty"
  }
}

job "j" {
  datacenters = [var.dc]

  group "g" {}
}
`;

  test('validation blocks round-trip with the condition as an expression', async () => {
    const file = await parseJobspec(text);
    expect(file.variables?.[0].validation).toEqual([
      { condition: 'length(var.dc) > 0', errorMessage: 'dc must not be empty' },
    ]);
    expect(renderHcl(file)).toBe(text);
  });

  test('`sensitive` is refused, as Nomad refuses it', async () => {
    await expect(
      parseJobspec('variable "x" {\n  sensitive = true\n}\n\njob "j" {\n  group "g" {}\n}\n', {
        filename: 'v.hcl',
      }),
    ).rejects.toThrow(/v\.hcl:2:3: .*unknown attribute `sensitive` in `variable`/);
  });
});

describe('locals', () => {
  const text = `variable "env" {
  type    = string
  default = "prod"
}

locals {
  # A script, and a name built from a variable and another local.
  script = <<-EOT
    echo start
    exec sleep 3600
  EOT
  prefix = "app"
  name   = "\${local.prefix}-\${var.env}"
  count  = 2
}

job "j" {
  group "g" {
    count = local.count

    task "t" {
      driver = "exec"

      config {
        command = "/bin/sh"
        args    = ["-c", local.script]
      }

      meta {
        name = local.name
      }
    }
  }
}
`;

  test('are written where they are used, as jobspec2 evaluates them', async () => {
    const file = await parseJobspec(text, { filename: 'l.hcl' });
    const json = (JSON.parse(renderJson(file, { env: 'dev' })) as { Job: J }).Job;
    const g = json.TaskGroups[0];
    expect(g.Count).toBe(2);
    expect(g.Tasks[0].Config.args).toEqual(['-c', 'echo start\nexec sleep 3600\n']);
    expect(g.Tasks[0].Meta).toEqual({ name: 'app-dev' });
    // Converted HCL has no locals block and reads back the same.
    const hcl = renderHcl(file);
    expect(hcl).not.toContain('locals');
    expect(await parseJobspec(hcl)).toEqual(file);
  });

  test('an undefined local is named with its line', async () => {
    await expect(
      parseJobspec('job "j" {\n  group "g" {\n    count = local.n\n  }\n}\n', {
        filename: 'l.hcl',
      }),
    ).rejects.toThrow(/l\.hcl:3:5: .*local\.n is not defined/);
  });
});
