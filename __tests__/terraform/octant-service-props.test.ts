// Type declarations of cdktf's jest matchers (setup.js registers them at runtime).
import 'cdktf/lib/testing/adapters/jest';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Job } from '@cdktf/provider-nomad/lib/job';
import { Variable as NomadVariable } from '@cdktf/provider-nomad/lib/variable';
import { OctantApp, OctantStack } from '../../lib/terraform/app';
import { OctantService, type OctantServiceProps } from '../../lib/terraform/octant-service';
import { Duration, HealthCheck, Image, Resources } from '../../lib/octant/service';
import { OpenClawGateway } from '../../lib/openclaw/gateway';
import { renderJobspec } from '../../lib/testing';
import type { PodmanTask } from '../../lib/nomad/model';
import type { SecretDecl } from '../../lib/secrets/secret';

const IMAGE = 'traefik/whoami:v1.10.3';
const SECRET: SecretDecl = {
  name: 'api_key',
  source: { kind: 'onepassword', vault: 'Homelab', item: 'whoami', field: 'credential' },
};

function service(props: Partial<OctantServiceProps> = {}, id = 'whoami'): OctantService {
  return new OctantService(new OctantStack(Testing.app(), id), id, { image: IMAGE, ...props });
}
function task(s: OctantService): PodmanTask {
  return s.jobFile.job.group[0].task[0] as PodmanTask;
}

describe('OctantService props', () => {
  test('default name: the construct id', () => {
    expect(service().serviceName).toBe('whoami');
    expect(service().jobFile.job.name).toBe('whoami');
  });
  test('can configure the name', () => {
    expect(service({ name: 'who' }).serviceName).toBe('who');
  });

  test('default resources: 100 MHz, 128 MiB, no hard limit', () => {
    expect(task(service()).resources).toEqual({ cpu: 100, memory: 128 });
  });
  test('can configure resources', () => {
    expect(task(service({ resources: Resources.of(50, 64, 256) })).resources).toEqual({
      cpu: 50,
      memory: 64,
      memoryMax: 256,
    });
  });

  test('default: no port means no Consul service and no routing', () => {
    expect(service().jobFile.job.group[0].service).toBeUndefined();
  });
  test('can configure a port: Consul service with Traefik tags and a health check', () => {
    const s = service({
      port: 80,
      healthCheck: HealthCheck.http('/health', { interval: Duration.seconds(10) }),
    }).jobFile.job.group[0].service?.[0];
    expect(s?.tags).toEqual(expect.arrayContaining(['traefik.enable=true']));
    expect(s?.check?.[0]).toMatchObject({ path: '/health', interval: '10s', timeout: '5s' });
  });
  test('default health check: HTTP GET / every 30s', () => {
    const s = service({ port: 80 }).jobFile.job.group[0].service?.[0];
    expect(s?.check?.[0]).toMatchObject({ type: 'http', path: '/', interval: '30s' });
  });
  test('health checks and durations refuse what Nomad would not take', () => {
    expect(() => HealthCheck.http('health')).toThrow(
      "health check path 'health' is not an absolute URL path",
    );
    expect(() => Duration.seconds(0)).toThrow("'Duration (s)' (0) must be a positive whole number");
    expect(
      service({ port: 80, healthCheck: HealthCheck.tcp() }).jobFile.job.group[0].service?.[0]
        .check?.[0].type,
    ).toBe('tcp');
  });
  test('traefik can be switched off', () => {
    const s = service({ port: 80, traefik: false }).jobFile.job.group[0].service?.[0];
    expect(s?.tags).toEqual([]);
  });

  test('secrets come through nomad/jobs/<name> and a nomad_variable', () => {
    const s = service({ secrets: [SECRET], secretEnv: { API_KEY: 'api_key' } });
    expect(String(task(s).template?.[0].data)).toContain('nomadVar "nomad/jobs/whoami"');
    expect(Testing.synth(TerraformStack.of(s))).toHaveResourceWithProperties(NomadVariable, {
      path: 'nomad/jobs/whoami',
    });
  });

  test('the job reads its jobspec beside the module', () => {
    expect(Testing.synth(TerraformStack.of(service()))).toHaveResourceWithProperties(Job, {
      jobspec: '${file("${path.module}/whoami.nomad.hcl")}',
    });
  });
});

describe('OctantService validation', () => {
  test('an unpinned image is refused at once', () => {
    expect(() => Image.pinned('traefik/whoami:latest')).toThrow(
      "image 'traefik/whoami:latest' is not pinned to a version",
    );
    expect(() => service({ image: 'traefik/whoami' })).toThrow('is not pinned to a version');
  });
  test("'memoryMaxMiB' below 'memoryMiB' is refused", () => {
    expect(() => Resources.of(100, 256, 128)).toThrow(
      "'memoryMaxMiB' (128) must be a whole number not below 'memoryMiB' (256)",
    );
  });
  test('traefik or a health check without a port is refused, not ignored', () => {
    expect(() => service({ traefik: true })).toThrow('whoami.traefik: traefik needs a port');
    expect(() => service({ healthCheck: HealthCheck.tcp() })).toThrow(
      'whoami.healthCheck: healthCheck needs a port',
    );
    // With a port, or with traefik switched off, both are fine.
    expect(() =>
      service({ port: 80, traefik: true, healthCheck: HealthCheck.tcp() }),
    ).not.toThrow();
    expect(() => service({ traefik: false })).not.toThrow();
  });
  test('secretEnv naming an undeclared secret is refused', () => {
    expect(() => service({ secretEnv: { API_KEY: 'nope' } })).toThrow(
      "secret 'nope' is not declared in 'secrets'",
    );
  });
  test('a service outside a stack is refused', () => {
    expect(() => new OctantService(new App(), 'x', { image: IMAGE })).toThrow(
      'an Octant service must be created inside a TerraformStack',
    );
  });

  test('tree-wide: two services in one stack, duplicate names, clashing static ports', () => {
    const app = Testing.app();
    const one = new OctantStack(app, 'one');
    new OctantService(one, 'a', { image: IMAGE, name: 'same' });
    new OctantService(one, 'b', { image: IMAGE, name: 'same' });
    const problems = app.node.findAll().flatMap((c) => c.node.validate());
    expect(problems.join('\n')).toContain(
      "holds 2 Octant services (same, same); the stack's Terraform is the service's module",
    );
    expect(problems.join('\n')).toContain('2 services share the name');

    const ports = Testing.app();
    for (const id of ['x', 'y']) {
      const s = new OctantService(new OctantStack(ports, id), id, { image: IMAGE, port: 80 });
      s.addJobOverride('group.' + id + '.network.port.0.static', 8080);
    }
    const clash = ports.node.findAll().flatMap((c) => c.node.validate());
    expect(clash.join('\n')).toContain('static port 8080: is used by x/x and y/y');
  });

  test('OctantApp.synth reports every problem as one user error and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-app-'));
    const app = new OctantApp({ outdir: path.join(dir, 'out'), jobsDir: path.join(dir, 'jobs') });
    const stack = new OctantStack(app, 'one');
    new OctantService(stack, 'a', { image: IMAGE });
    new OctantService(stack, 'b', { image: IMAGE });
    expect(() => app.synth()).toThrow(
      /the constructs do not validate:[\s\S]*holds 2 Octant services/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('escape hatch: jobspec overrides', () => {
  test('sets a field the props do not cover, by its HCL path', () => {
    const s = service({ port: 80 });
    s.addJobOverride('group.whoami.task.whoami.kill_timeout', '30s');
    s.addJobOverride('group.whoami.task.whoami.config.cap_add', ['NET_BIND_SERVICE']);
    s.addJobOverride('group.whoami.service.0.check.0.interval', '10s');
    const hcl = renderJobspec(s);
    expect(hcl).toContain('kill_timeout = "30s"');
    expect(hcl).toMatch(/cap_add\s+= \["NET_BIND_SERVICE"\]/);
    expect(hcl).toContain('interval = "10s"');
  });
  test('a typo is refused with the names that exist', () => {
    expect(() => service().addJobOverride('group.whoami.task.whoami.kill_timout', '30s')).toThrow(
      /'kill_timout' is not a field of the task block[\s\S]*kill_timeout/,
    );
  });
  test('a missing group or task is refused', () => {
    expect(() => service().addJobOverride('group.nope.count', 2)).toThrow(
      "the jobspec has no group 'nope'",
    );
  });
  test('a value the Nomad validator rejects is refused', () => {
    expect(() => service().addJobOverride('group.whoami.count', -1)).toThrow(
      /the overridden jobspec does not pass the validator/,
    );
  });
  test('the gateway takes overrides as props too', () => {
    // Named after its id, the job's group and task are too.
    const g = new OpenClawGateway(new OctantStack(Testing.app(), 'openclaw'), 'gateway', {
      bind: 'loopback',
      overrides: [{ path: 'group.gateway.task.gateway.kill_timeout', value: '45s' }],
    });
    expect(renderJobspec(g)).toContain('kill_timeout = "45s"');
    expect(g.toModule().job).toBe(g.jobFile);
  });
});
