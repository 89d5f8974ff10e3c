import { parseSite } from '../../homelab/load';
import { buildSite, gatewayOptionsFromSite } from '../../homelab/build';
import { OpenClawGateway } from '../../lib/openclaw/gateway';
import { applyJobOverrides } from '../../lib/octant/job-override';
import { overridesBetween } from '../../lib/octant/job-diff';
import { renderJson } from '../../lib/nomad/json/render';
import type { PodmanTask } from '../../lib/nomad/model';
import { isUserError } from '../../lib/util/errors';
import { App, TerraformStack } from 'cdktf';

/**
 * The gateway settings a hand-written Octant module needs (issue: adopt an existing tree): job
 * group/task names, further bind mounts, the check, where openclaw.json comes from, openclaw.json
 * sections without a typed setting, module variables and jobspec overrides.
 */

const BASE = `
secrets:
  items:
    gateway_token: { op: "op://Octant/openclaw/gateway_token" }
    llm_key: { op: "op://Octant/LiteLLM/credential" }
gateways:
  - name: oc
`;

function site(extra: string) {
  return parseSite(BASE + extra, 'site.yaml');
}

function task(extra: string): PodmanTask {
  return buildSite(site(extra)).gateways[0].toJobFile().job.group[0].task[0] as PodmanTask;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isUserError(e)) return e.message;
    throw e;
  }
  throw new Error('no error');
}

describe('typed settings of hand-written gateway modules', () => {
  test('names, mounts and the check', () => {
    const file = buildSite(
      site(`    names: { group: web, task: app }
    mounts:
      - { source: /mnt/services/notes, target: /mnt/services/notes }
      - { source: shared, target: /data, readOnly: true }
      - { source: workspaces/main, target: /home/node/.openclaw/workspace }
    healthCheck: { path: /health, interval: 20s, timeout: 5s }
`),
    ).gateways[0].toJobFile();
    const group = file.job.group[0];
    expect([group.name, group.task[0].name]).toEqual(['web', 'app']);
    expect((group.task[0] as PodmanTask).config.volumes).toEqual([
      '/mnt/services/oc/config:/home/node/.openclaw',
      // A mount at the gateway's own workspace path moves that folder.
      '/mnt/services/oc/workspaces/main:/home/node/.openclaw/workspace',
      '/mnt/services/notes:/mnt/services/notes',
      '/mnt/services/oc/shared:/data:ro',
    ]);
    expect(group.service?.[0].check?.[0]).toMatchObject({
      path: '/health',
      interval: '20s',
      timeout: '5s',
    });
    const tcp = buildSite(site('    healthCheck: { type: tcp, interval: 15s }\n')).gateways[0];
    const check = tcp.toJobFile().job.group[0].service?.[0].check?.[0];
    expect([check?.type, check?.path, check?.interval]).toEqual(['tcp', undefined, '15s']);
  });

  test('configFile volume: no template and no config path; the file is still written', () => {
    const t = task('    configFile: volume\n');
    expect(t.env?.OPENCLAW_CONFIG_PATH).toBeUndefined();
    expect((t.template ?? []).map((x) => x.destination)).toEqual(['${NOMAD_SECRETS_DIR}/oc.env']);
    const module = buildSite(site('    configFile: volume\n')).modules[0];
    expect(module.extraFiles?.['openclaw.json']).toContain('"mode": "token"');
    expect(task('').env?.OPENCLAW_CONFIG_PATH).toBe('/local/openclaw.json');
  });

  test('configOverrides are merged; a literal credential in them is refused, never echoed', () => {
    const spec = buildSite(
      site(`    configOverrides: { session: { dmScope: per-peer }, gateway: { controlUi: { enabled: false } } }
`),
    ).gateways[0];
    const json = JSON.parse(spec.openClawJson);
    expect(json.session).toEqual({ dmScope: 'per-peer' });
    expect(json.gateway).toMatchObject({ mode: 'local', controlUi: { enabled: false } });
    const msg = errorOf(() =>
      buildSite(
        site('    configOverrides: { tools: { web: { apiKey: "hunter2-literal-key" } } }\n'),
      ),
    );
    expect(msg).toMatch(
      /gateways\[0\]\.configOverrides\.tools\.web\.apiKey: holds a literal credential/,
    );
    expect(msg).not.toContain('hunter2');
  });

  test('a provider key in any env; agents with tool policies', () => {
    const spec = buildSite(
      site(`    models:
      providers:
        litellm: { kind: openai-compatible, baseUrl: "http://litellm:4000/v1", apiKeySecret: llm_key, keyEnv: OPENAI_API_KEY }
    agents:
      - { id: main, tools: { allow: [read], deny: [exec] } }
`),
    ).gateways[0];
    expect(spec.secretEnv.OPENAI_API_KEY).toBe('llm_key');
    const json = JSON.parse(spec.openClawJson);
    expect(json.models.providers.litellm.apiKey.id).toBe('OPENAI_API_KEY');
    expect(json.models.providers.litellm.models).toBeUndefined();
    expect(json.agents.entries.main.tools).toEqual({ allow: ['read'], deny: ['exec'] });
  });

  test('site overrides reach the construct; a bad path names the field', () => {
    const s = site(`    overrides:
      - { path: group.oc.task.oc.kill_timeout, value: 30s }
      - { path: group.oc.restart, remove: true }
`);
    const app = new App({ outdir: '/tmp/oc-hand-settings' });
    const { overrides } = gatewayOptionsFromSite(s, 0);
    const gw = OpenClawGateway.fromSpec(
      new TerraformStack(app, 's'),
      'oc',
      buildSite(s).gateways[0],
      {
        ...(overrides !== undefined ? { overrides } : {}),
      },
    );
    const g = gw.toJobFile().job.group[0];
    expect(g.task[0].killTimeout).toBe('30s');
    expect(g.restart).toBeUndefined();
    expect(
      errorOf(() =>
        buildSite(site('    overrides: [{ path: group.oc.task.oc.kill_timout, value: 3s }]\n')),
      ),
    ).toMatch(/'kill_timout' is not a field of the task block/);
    expect(errorOf(() => site('    overrides: [{ path: type }]\n'))).toMatch(
      /exactly one of `value` and `remove: true`/,
    );
  });
});

describe('group and task names (Octant names both after the job)', () => {
  test('default to the gateway name; names sets either', () => {
    const job = (extra: string) => buildSite(site(extra)).gateways[0].toJobFile().job;
    const byDefault = job('');
    expect([byDefault.group[0].name, byDefault.group[0].task[0].name]).toEqual(['oc', 'oc']);
    const named = job('    names: { group: gateway, task: main }\n');
    expect([named.group[0].name, named.group[0].task[0].name]).toEqual(['gateway', 'main']);
    const taskOnly = job('    names: { task: main }\n');
    expect([taskOnly.group[0].name, taskOnly.group[0].task[0].name]).toEqual(['oc', 'main']);
  });
});

describe("the cluster's registry (Octant's images come from it)", () => {
  test('a site registry names the default image, which is then pulled on every start', () => {
    const spec = parseSite(`registry: registry.octant.local:5000\n${BASE}`, 'site.yaml');
    const g = buildSite(spec).gateways[0];
    expect(g.image).toBe('registry.octant.local:5000/openclaw-homelab:2026.9.6');
    expect(g.forcePull).toBe(true);
    // Octant's own registry by default; `registry: false` builds the image on the client.
    const octant = buildSite(site('')).gateways[0];
    expect([octant.image, octant.forcePull]).toEqual([
      '192.168.122.1:5000/openclaw-homelab:2026.9.6',
      true,
    ]);
    const local = buildSite(parseSite(`registry: false\n${BASE}`, 'site.yaml')).gateways[0];
    expect([local.image, local.forcePull]).toEqual(['openclaw-homelab:2026.9.6', false]);
    expect(errorOf(() => parseSite(`registry: "https://x"\n${BASE}`, 'site.yaml'))).toMatch(
      /registry: must be a registry host/,
    );
  });
});

describe('overridesBetween: the overrides that turn one job into another', () => {
  test('applied, they give the target job exactly', () => {
    const typed = buildSite(site('')).gateways[0].toJobFile();
    const target = buildSite(
      site(`    names: { task: oc }
    resources: { cpu: 900 }
    healthCheck: { path: /health }
    ports: { static: true, http: 28789 }
    env: { EXTRA: "1" }
`),
    ).gateways[0].toJobFile();
    const overrides = overridesBetween(typed, target);
    expect(overrides.map((o) => o.path)).toEqual(
      expect.arrayContaining([
        'group.oc.network.port.http.static',
        'group.oc.service.0.check.0.path',
        'group.oc.task.oc.env.EXTRA',
        'group.oc.task.oc.resources.cpu',
      ]),
    );
    expect(renderJson(applyJobOverrides(typed, 'oc', overrides))).toBe(renderJson(target));
    expect(renderJson(typed)).not.toBe(renderJson(target));
    expect(overridesBetween(typed, typed)).toEqual([]);
  });
});
