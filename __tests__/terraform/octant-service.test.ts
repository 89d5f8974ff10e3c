// Type declarations of cdktf's jest matchers (setup.js registers them at runtime).
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { Job } from '@cdktf/provider-nomad/lib/job';
import { Variable } from '@cdktf/provider-nomad/lib/variable';
import { DynamicHostVolume } from '@cdktf/provider-nomad/lib/dynamic-host-volume';
import { NomadProvider } from '@cdktf/provider-nomad/lib/provider';
import { OctantStack } from '../../lib/terraform/app';
import { OctantService } from '../../lib/terraform/octant-service';
import type { TerraformStack } from 'cdktf';
import { DataOnepasswordItem, DataOnepasswordVault } from '../../lib/terraform/onepassword';
import { STANDARD_VARIABLES } from '../../lib/octant/variables';
import type { ModuleVariable, OctantServiceModule } from '../../lib/octant/module-spec';
import { fixtureModule } from './fixture';
import { evaluate, toProviderItem } from './onepassword-oracle';

interface Synth {
  terraform: {
    required_providers: Record<string, { source: string; version: string }>;
    required_version?: string;
  };
  variable: Record<string, { type: string; description: string; default?: unknown }>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: string }>;
}

function stackOf(module: OctantServiceModule = fixtureModule()): TerraformStack {
  const stack = new OctantStack(Testing.app(), 'openclaw');
  OctantService.fromModule(stack, 'service', module);
  return stack;
}

function synth(module?: OctantServiceModule): Synth {
  return JSON.parse(Testing.synth(stackOf(module))) as Synth;
}

describe('OctantService.fromModule', () => {
  test('requires the three providers with fully qualified sources and constraints', () => {
    const tf = synth().terraform;
    const rp = tf.required_providers;
    // The first releases with the write-only items_wo and the ephemeral onepassword_item.
    expect(rp.nomad).toEqual({ source: 'hashicorp/nomad', version: '>= 2.6.1, < 3.0.0' });
    expect(rp.consul.source).toBe('hashicorp/consul');
    expect(rp.onepassword).toEqual({
      source: '1Password/onepassword',
      version: '>= 3.2.0, < 4.0.0',
    });
    expect(tf.required_version).toBe('>= 1.11.0');
  });

  test('stateSecrets legacy keeps the pins of the data-source form and no required_version', () => {
    const tf = synth(fixtureModule({ stateSecrets: 'legacy' })).terraform;
    expect(tf.required_providers.nomad.version).toBe('~> 2.5');
    expect(tf.required_providers.onepassword.version).toBe('~> 2.1');
    expect(tf.required_version).toBeUndefined();
  });

  test('configures the nomad provider from var.nomad', () => {
    const json = Testing.synth(stackOf());
    expect(json).toHaveProviderWithProperties(NomadProvider, {
      address: 'http://${var.nomad}:4646',
    });
    expect(JSON.parse(json).provider.consul[0].address).toBe('http://${var.consul}:8500');
  });

  test("declares Octant's standard variables with Octant's defaults, each with type and description", () => {
    const vars = synth().variable;
    for (const std of STANDARD_VARIABLES) {
      expect(vars[std.name]).toBeDefined();
      expect(vars[std.name].type).toBe(std.type);
      expect(vars[std.name].description.length).toBeGreaterThan(10);
    }
    expect(vars.nomad.default).toBe('localhost');
    expect(vars.consul.default).toBe('localhost');
    expect(vars.region.default).toBe('home');
    expect(vars.datacenter.default).toBe('octant');
    expect(vars.domain.default).toBe('octant.local');
    expect(vars.certresolver.default).toBe('');
    expect(vars.dns.default).toEqual(['192.168.122.101', '192.168.122.102', '192.168.122.103']);
    expect(vars.op_vault_name.default).toBe('Octant');
    expect(vars.servicename.default).toBe('demo');
    expect(vars.image.default).toBe('docker.io/library/demo:1.0');
    expect(vars.replicas).toEqual({
      type: 'number',
      default: 1,
      description: 'How many instances run',
    });
  });

  test('legacy: reads each 1Password item once and maps built-in and section fields', () => {
    const json = Testing.synth(stackOf(fixtureModule({ stateSecrets: 'legacy' })));
    expect(json).toHaveDataSourceWithProperties(DataOnepasswordVault, {
      name: '${var.op_vault_name}',
    });
    expect(json).toHaveDataSourceWithProperties(DataOnepasswordItem, {
      title: 'Demo DB',
      vault: '${data.onepassword_vault.op_vault.uuid}',
    });
    const parsed = JSON.parse(json) as Synth;
    expect(Object.keys(parsed.data?.onepassword_item ?? {}).sort()).toEqual([
      'op_item_demo_api',
      'op_item_demo_db',
    ]);
    expect(json).toHaveResourceWithProperties(Variable, { path: 'nomad/jobs/demo' });
    // What Terraform would put into the variable, given items shaped like the provider's.
    const items = parsed.resource.nomad_variable.demo_secrets.items as Record<string, string>;
    const data = {
      op_item_demo_api: toProviderItem({
        title: 'Demo API',
        sections: [
          { id: 'other', label: 'Other' },
          { id: 's1', label: 'API' },
        ],
        fields: [
          { id: 'n1', label: 'note', value: 'not this', section: { id: 'other' } },
          { id: 'tk', label: 'Token', value: 'api-token-value', section: { id: 's1' } },
        ],
      }),
      op_item_demo_db: toProviderItem({
        title: 'Demo DB',
        fields: [
          { id: 'username', purpose: 'USERNAME', label: 'username', value: 'db-user' },
          { id: 'password', purpose: 'PASSWORD', label: 'password', value: 'db-pass' },
        ],
      }),
    };
    const resolved = Object.fromEntries(
      Object.entries(items).map(([k, v]) => [k, evaluate(v, data)]),
    );
    // `Token` matches the reference's `token`: labels compare case-insensitively, as in op.
    expect(resolved).toEqual({
      api_token: 'api-token-value',
      db_password: 'db-pass',
      db_username: 'db-user',
    });
  });

  test('legacy: a reference with a section reads that section only; a missing field fails the plan', () => {
    const module = fixtureModule({
      stateSecrets: 'legacy',
      secrets: [
        {
          name: 'api_token',
          source: {
            kind: 'onepassword',
            vault: 'Octant',
            item: 'Demo API',
            section: 'Prod',
            field: 'token',
          },
        },
      ],
    });
    const items = synth(module).resource.nomad_variable.demo_secrets.items as Record<
      string,
      string
    >;
    const item = (
      sections: [string, string][],
    ): Record<string, ReturnType<typeof toProviderItem>> => ({
      op_item_demo_api: toProviderItem({
        title: 'Demo API',
        sections: sections.map(([id, label]) => ({ id, label })),
        fields: sections.map(([id, label]) => ({
          id: 'token',
          label: 'token',
          value: `token of ${label}`,
          section: { id },
        })),
      }),
    });
    expect(
      evaluate(
        items.api_token,
        item([
          ['a', 'Staging'],
          ['b', 'prod'],
        ]),
      ),
    ).toBe('token of prod');
    expect(() => evaluate(items.api_token, item([['a', 'Staging']]))).toThrow(/Invalid index/);
  });

  test('a secret in another vault gets its own vault data source by literal name', () => {
    const base = fixtureModule();
    const module = fixtureModule({
      stateSecrets: 'legacy',
      secrets: [
        ...base.secrets,
        {
          name: 'other',
          source: { kind: 'onepassword', vault: 'Dev', item: 'X', field: 'credential' },
        },
      ],
    });
    const parsed = synth(module);
    expect(parsed.data?.onepassword_vault.op_vault_dev).toMatchObject({ name: 'Dev' });
    const items = parsed.resource.nomad_variable.demo_secrets.items as Record<string, string>;
    expect(items.other).toBe('${data.onepassword_item.op_item_x.credential}');
  });

  test('the job reads the jobspec file beside the module and feeds hcl2 vars from variables', () => {
    const json = Testing.synth(stackOf());
    expect(json).toHaveResourceWithProperties(Job, {
      jobspec: '${file("${path.module}/demo.nomad.hcl")}',
      depends_on: ['nomad_variable.demo_secrets'],
    });
    const job = (JSON.parse(json) as Synth).resource.nomad_job.demo as {
      hcl2: { vars: Record<string, string> };
    };
    expect(job.hcl2.vars.image).toBe('${var.image}');
    // nomad_job hcl2.vars values are strings: lists and numbers go through jsonencode
    expect(job.hcl2.vars.dns).toBe('${jsonencode(var.dns)}');
    expect(job.hcl2.vars.replicas).toBe('${jsonencode(var.replicas)}');
  });

  test('outputs the job id and the service URL', () => {
    const out = synth().output;
    expect(out.job_id.value).toBe('${nomad_job.demo.id}');
    expect(out.service_url.value).toBe('https://${var.servicename}.${var.domain}');
  });

  test('vault backend: no 1Password provider, data sources or nomad_variable', () => {
    const module = fixtureModule({
      secretsBackend: 'vault',
      secrets: [
        { name: 'api_token', source: { kind: 'vault', path: 'kv/data/demo', key: 'token' } },
      ],
    });
    const parsed = synth(module);
    expect(parsed.data).toBeUndefined();
    expect(parsed.resource.nomad_variable).toBeUndefined();
    expect(parsed.terraform.required_providers.onepassword).toBeUndefined();
    expect(parsed.variable.op_vault_name).toBeUndefined();
    expect(parsed.resource.nomad_job.demo.depends_on).toBeUndefined();
  });

  test('dynamic host volumes become nomad_dynamic_host_volume resources the job depends on', () => {
    const json = Testing.synth(stackOf(fixtureModule({ dynamicHostVolumes: true })));
    expect(json).toHaveResourceWithProperties(DynamicHostVolume, {
      name: 'demo-data',
      plugin_id: 'mkdir',
      parameters: { uid: '1000', gid: '1000', mode: '0750' },
    });
    const parsed = JSON.parse(json) as Synth;
    expect(parsed.resource.nomad_job.demo.depends_on).toContain(
      'nomad_dynamic_host_volume.volume_demo-data'.replace('-', '_'),
    );
  });

  test('an unfed jobspec variable is a user error', () => {
    const jobVars = { ...fixtureModule().jobVars } as Record<string, string>;
    delete jobVars.replicas;
    expect(() => stackOf(fixtureModule({ jobVars }))).toThrow(
      /jobspec variable 'replicas' is not fed from any module variable/,
    );
  });

  test('jobVars naming an undeclared jobspec variable is a user error', () => {
    const module = fixtureModule({ jobVars: { ...fixtureModule().jobVars, nope: 'region' } });
    expect(() => stackOf(module)).toThrow(/the jobspec declares no variable 'nope'/);
  });

  test('map and object defaults keep their keys as written (cdktf would snake_case them)', () => {
    const extra: ModuleVariable[] = [
      {
        name: 'upstreams',
        type: 'map(string)',
        default: { 'whoami-b': 'http://b', whoamiC: 'http://c', 'x.y': 'z' },
        description: 'Upstreams by name',
      },
      { name: 'nothing', type: 'map(string)', default: {}, description: 'An empty map' },
    ];
    const module = fixtureModule({ variables: [...fixtureModule().variables, ...extra] });
    const variable = synth(module).variable;
    expect(variable.upstreams.default).toEqual({
      'whoami-b': 'http://b',
      whoamiC: 'http://c',
      'x.y': 'z',
    });
    expect(variable.nothing.default).toEqual({});
  });

  test('redeclaring a standard variable is a user error', () => {
    const module = fixtureModule({
      variables: [{ name: 'domain', type: 'string', description: 'x' }],
    });
    expect(() => stackOf(module)).toThrow(/'domain' is one of Octant's standard variables/);
  });
});
