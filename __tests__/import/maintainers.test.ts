import * as fs from 'fs';
import * as path from 'path';
import { upgradeConfig } from '../../lib/openclaw/config';
import { buildSite } from '../../homelab/build';
import { siteSchema } from '../../homelab/schema';
import { copyModule, importThenSynth, variablesKept, readAll } from './roundtrip';

/**
 * Issue 18: the OpenClaw module written the way Octant's maintainers write theirs (a registry
 * `:latest` image, `config/openclaw.json` in an older dialect with a third-party channel plugin,
 * six agents with profiles, identities and subagents, model costs, `workspaces/<id>` mounts, a
 * second config under `config/teams/<team>/`) imports as a typed gateway that gives the same job
 * and loses nothing of its config.
 */

const MODULE = path.join(__dirname, '..', 'fixtures', 'octant-modules', 'openclaw-maintainers');
const TEAM_CANARY = 'zulip-fixture-CANARY-1111111111111111111111';

type Rec = Record<string, unknown>;
type Gateway = Rec & { overrides?: { path: string }[]; config?: Rec };

/** Paths of `want` that `got` does not hold with the same value (objects may hold more). */
function missing(got: unknown, want: unknown, at: string): string[] {
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return [at];
    return want.flatMap((w, i) => missing(got[i], w, `${at}[${i}]`));
  }
  if (typeof want === 'object' && want !== null) {
    if (typeof got !== 'object' || got === null) return [at];
    return Object.entries(want).flatMap(([k, w]) => missing((got as Rec)[k], w, `${at}.${k}`));
  }
  return got === want ? [] : [at];
}

describe("import of the maintainers' OpenClaw module", () => {
  let trip: Awaited<ReturnType<typeof importThenSynth>>;
  let gw: Gateway;

  beforeAll(async () => {
    trip = await importThenSynth(copyModule(MODULE));
    gw = (trip.imported.site.gateways ?? [])[0] as unknown as Gateway;
  });

  test('a typed gateway with at most 3 overrides', () => {
    expect(trip.imported.kind).toBe('gateway');
    expect(trip.imported.warnings.join('\n')).not.toMatch(/stays a generic service/);
    expect((gw.overrides ?? []).length).toBeLessThanOrEqual(3);
  });

  test('synth gives the same job, 1Password reads, nomad_variable and variables', () => {
    expect(JSON.parse(trip.after.job)).toEqual(JSON.parse(trip.before.job));
    expect(trip.after.items).toEqual(trip.before.items);
    expect(Object.keys(trip.after.items).sort()).toEqual(
      ['gateway_token', 'litellm_key', 'zulip_family', 'zulip_work'].map(
        (k) => `nomad/jobs/openclaw-gateway:${k}`,
      ),
    );
    expect(trip.after.variablePath).toBe('nomad/jobs/openclaw-gateway');
    expect(variablesKept(trip.before, trip.after)).toEqual({});
  });

  test('the :latest image is kept with an explicit opt-in, force_pull as written, a pin suggested', () => {
    expect(gw).toMatchObject({
      image: 'registry.octant.local/openclaw-gateway:latest',
      allowUnpinnedImage: true,
      forcePull: true,
    });
    expect(trip.imported.warnings).toContainEqual(
      expect.stringMatching(
        /is not pinned: kept \(allowUnpinnedImage: true; synth warns\).*e\.g\. "registry\.octant\.local\/openclaw-gateway:\d{4}\.\d+\.\d+"/,
      ),
    );
  });

  test('module variables stay live: the Traefik tags and env read them', () => {
    expect(gw.variableEnv).toEqual({ LITELLM_BASE_URL: '${litellm_base_url}' });
    const jobspec = fs.readFileSync(
      path.join(trip.moduleDir, 'openclaw-gateway.nomad.hcl'),
      'utf8',
    );
    expect(jobspec).toMatch(/LITELLM_BASE_URL\s*=\s*var\.litellm_base_url/);
    expect(jobspec).toMatch(/tls\.certresolver=\$\{var\.certresolver\}/);
    expect(jobspec).toMatch(/Host\(`\$\{var\.servicename\}\.\$\{var\.domain\}`\)/);
    const tf = fs.readFileSync(path.join(trip.moduleDir, 'main.tf.json'), 'utf8');
    expect(tf).toContain('"litellm_base_url": "${var.litellm_base_url}"');
  });

  test('the regenerated openclaw.json holds every agent, policy, provider, channel, plugin and binding', () => {
    const original = JSON.parse(
      fs.readFileSync(path.join(MODULE, 'config', 'openclaw.json'), 'utf8'),
    );
    const want = upgradeConfig(original).config as Rec;
    const got = JSON.parse(
      fs.readFileSync(path.join(trip.moduleDir, 'openclaw.json'), 'utf8'),
    ) as Rec;
    // The gateway section is the typed gateway's own (token auth from the same env).
    const { gateway: _g, ...wantRest } = want;
    void _g;
    // Every value of the original is in the regenerated file (which may add typed defaults).
    expect(missing(got, wantRest, '')).toEqual([]);
    const entries = (got.agents as Rec).entries as Record<string, Rec>;
    expect(Object.keys(entries).sort()).toEqual([
      'family',
      'home',
      'main',
      'ops',
      'research',
      'writer',
    ]);
    expect(entries.research.tools).toEqual({ profile: 'coding', alsoAllow: ['browser'] });
    expect(entries.main.identity).toEqual({ name: 'Clawd', emoji: '🦞' });
    expect(JSON.stringify(got)).not.toContain('configOverrides');
    expect(gw.configOverrides).toBeUndefined();
  });

  test('the second config under config/teams/ keeps its path in the site and the module', () => {
    const at = path.join('config', 'teams', 'family', 'openclaw.json');
    const kept = fs.readFileSync(path.join(trip.moduleDir, at), 'utf8');
    expect(JSON.parse(kept).agents.list[0].id).toBe('family');
    expect(fs.readFileSync(path.join(path.dirname(trip.siteFile), at), 'utf8')).toBe(kept);
    expect((gw as { files?: Rec }).files).toMatchObject({
      'config/teams/family/openclaw.json': 'config/teams/family/openclaw.json',
    });
    expect(trip.imported.report).toContainEqual(
      expect.stringMatching(
        /config\/teams\/family\/openclaw\.json -> files\.config\/teams\/family\/openclaw\.json: kept/,
      ),
    );
    const everything = [
      readAll(path.dirname(trip.siteFile)),
      readAll(trip.moduleDir),
      trip.imported.report.join('\n'),
      trip.imported.warnings.join('\n'),
    ].join('\n');
    expect(everything).not.toContain(TEAM_CANARY);
  });

  test("moved blocks and state mv lines go from the module's real addresses to the generated ones", () => {
    const moved = fs.readFileSync(path.join(trip.moduleDir, 'moved.tf'), 'utf8');
    const tf = JSON.parse(fs.readFileSync(path.join(trip.moduleDir, 'main.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    const hand = fs.readFileSync(path.join(MODULE, 'main.tf'), 'utf8');
    const handAddresses = [...hand.matchAll(/^resource "([a-z_]+)" "([a-z_]+)"/gm)].map(
      (m) => `${m[1]}.${m[2]}`,
    );
    const generated = Object.entries(tf.resource).flatMap(([type, byName]) =>
      Object.keys(byName).map((n) => `${type}.${n}`),
    );
    const blocks = [...moved.matchAll(/from = (\S+)\n\s*to\s+= (\S+)/g)].map((m) => [m[1], m[2]]);
    const mv = [...moved.matchAll(/terraform state mv (\S+) (\S+)/g)].map((m) => [m[1], m[2]]);
    expect(blocks.length).toBeGreaterThan(0);
    expect(mv).toEqual(blocks);
    // Replayed on the hand-written module's addresses, the moves give the generated ones.
    const state = new Set(handAddresses);
    for (const [from, to] of mv) {
      expect(state.has(from)).toBe(true);
      state.delete(from);
      state.add(to);
    }
    for (const a of state) expect(generated).toContain(a);
    expect(trip.imported.report.join('\n')).toContain(
      'terraform state mv nomad_variable.openclaw_gateway nomad_variable.openclaw_gateway_secrets',
    );
  });
});

describe('allowUnpinnedImage', () => {
  const site = (extra: Rec) => ({
    secrets: { items: { gateway_token: { op: 'op://Octant/oc/token' } } },
    gateways: [{ name: 'oc', image: 'registry.example/openclaw:latest', ...extra }],
  });

  test('without it the site refuses :latest, naming the opt-in', () => {
    const r = siteSchema.safeParse(site({}));
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/allowUnpinnedImage: true/);
  });

  test('with it synth builds and warns', () => {
    const built = buildSite(siteSchema.parse(site({ allowUnpinnedImage: true })));
    expect(built.warnings.map((w) => `${w.where}: ${w.rule}`)).toContainEqual(
      expect.stringMatching(
        /^gateways\[0\]\.image: image "registry\.example\/openclaw:latest" is not pinned/,
      ),
    );
  });
});
