import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadSite, parseSite } from '../../homelab/load';
import { SiteError } from '../../homelab/issues';
import { UserError } from '../../lib/util/errors';
import { REDIRECT_WEB_TO_WEBSECURE } from '../../lib/octant/traefik';
import { buildSite } from '../../homelab/build';
import { resolveGatewaySettings } from '../../lib/openclaw/gateway-settings';
import { OCTANT_DEFAULTS } from '../../lib/octant/variables';

const GW = 'gateways: [{ name: openclaw }]';

function errorOf(text: string, file = 'site.yaml'): UserError {
  try {
    parseSite(text, file);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('site loading', () => {
  test('the embedded default site has Octant defaults and one gateway', () => {
    const site = loadSite();
    expect(site.region).toBe('home');
    expect(site.datacenter).toBe('octant');
    expect(site.domain).toBe('octant.local');
    expect(site.certresolver).toBe('');
    expect(site.dns).toEqual(['192.168.122.101', '192.168.122.102', '192.168.122.103']);
    expect(site.nomad.address).toBe('localhost');
    expect(site.consul.address).toBe('localhost');
    expect(site.onepassword.vault).toBe('Octant');
    expect(site.gateways.map((g) => g.name)).toEqual(['openclaw']);
    expect(site.secrets.items.gateway_token.generate).toBe('hex32');
    // Today's Octant: its registry, `service_<name>` items read by their built-in field.
    expect(site.registry).toBe('192.168.122.1:5000');
    expect(site.secrets.items.gateway_token.op).toBe('op://Octant/service_openclaw/password');
  });

  test('a minimal site gets every default', () => {
    const site = parseSite(GW, 'site.yaml');
    expect(site.hostVolumeRoot).toBe('/opt');
    expect(site.phases).toEqual(['nomad']);
    expect(site.secrets.backend).toBe('onepassword');
    const g = site.gateways[0];
    // The image and memory defaults follow the pinned version (lib/openclaw/gateway-settings.ts).
    expect(g.image).toBeUndefined();
    expect(g.bind).toBe('lan');
    expect(g.ports).toEqual({ http: 18789, canvas: 18793, static: false });
    expect(g.resources).toEqual({ cpu: 500 });
    expect(g.storage).toBe('bindMount');
    // Decided with the image (registry images only): see the gateway settings.
    expect(g.forcePull).toBeUndefined();
    // Decided by the gateway settings (15m); an imported module-shaped job writes none.
    expect(g.imagePullTimeout).toBeUndefined();
  });

  test('JSON and YAML files describe the same site', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-'));
    const json = path.join(dir, 'site.json');
    const yaml = path.join(dir, 'site.yaml');
    fs.writeFileSync(json, JSON.stringify({ domain: 'example.org', gateways: [{ name: 'oc' }] }));
    fs.writeFileSync(yaml, 'domain: example.org\ngateways:\n  - name: oc\n');
    expect(loadSite(json)).toEqual(loadSite(yaml));
    expect(loadSite(json).domain).toBe('example.org');
  });

  test('a missing file names the path', () => {
    expect(() => loadSite('/nonexistent/site.yaml')).toThrow(
      '/nonexistent/site.yaml: does not exist\n  fix: check the path',
    );
  });
});

describe('site errors name file, field path, rule and allowed values', () => {
  test('unknown key in a gateway, with a suggestion and the allowed keys', () => {
    const e = errorOf('gateways: [{ name: openclaw, bnd: lan }]');
    expect(e.where).toBe('site.yaml:1: gateways[0].bnd');
    expect(e.rule).toBe('unknown key "bnd"');
    expect(e.fix).toMatch(
      /^did you mean "bind"\? allowed keys here: name, openclawVersion, image, bind, /,
    );
  });

  test('unknown top-level key', () => {
    expect(errorOf(`regoin: home\n${GW}`).message).toBe(
      'site.yaml:1: regoin: unknown key "regoin"\n  fix: did you mean "region"? allowed keys here: ' +
        '$schema, region, datacenter, domain, certresolver, registry, dns, nomad, consul, onepassword, ' +
        'hostVolumeRoot, bindMountRoot, podman, phases, otel, secrets, terraform, gateways, services',
    );
  });

  test('unknown key in a nested object (ports)', () => {
    const e = errorOf('gateways: [{ name: openclaw, ports: { htp: 1 } }]');
    expect(e.where).toBe('site.yaml:1: gateways[0].ports.htp');
    expect(e.fix).toBe('did you mean "http"? allowed keys here: http, canvas, static');
  });

  test('bad enum lists the allowed values', () => {
    expect(errorOf('gateways: [{ name: openclaw, bind: public }]').message).toBe(
      'site.yaml:1: gateways[0].bind: must be one of "loopback" | "lan" | "tailnet", got the string "public"\n' +
        '  fix: set gateways[0].bind to one of "loopback", "lan", "tailnet"',
    );
  });

  test('bad enum inside an array (phases)', () => {
    const e = errorOf(`phases: [nomad, k8s]\n${GW}`);
    expect(e.where).toBe('site.yaml:1: phases[1]');
    expect(e.rule).toBe('must be one of "podman" | "consul" | "nomad", got the string "k8s"');
  });

  test('bad type', () => {
    expect(errorOf(`dns: 5\n${GW}`).message).toBe(
      'site.yaml:1: dns: expected array, got number 5\n  fix: set dns to an array',
    );
    const e = errorOf('gateways: [{ name: openclaw, ports: { http: "18789" } }]');
    expect(e.where).toBe('site.yaml:1: gateways[0].ports.http');
    expect(e.rule).toBe('expected number, got the string "18789"');
  });

  test('missing required field', () => {
    expect(errorOf('region: home').message).toBe(
      'site.yaml:1: gateways: a site needs at least one entry under `gateways` or `services`\n' +
        '  fix: add a gateway (`gateways: [{ name: openclaw }]`) or a service under services',
    );
    expect(errorOf('gateways: [{ bind: lan }]').where).toBe('site.yaml:1: gateways[0].name');
  });

  test('out-of-range numbers name both bounds of the field', () => {
    expect(errorOf('gateways: [{ name: oc, ports: { http: 99999 } }]').message).toBe(
      'site.yaml:1: gateways[0].ports.http: must be an integer from 1 to 65535, got number 99999\n' +
        '  fix: set gateways[0].ports.http to an integer from 1 to 65535',
    );
    expect(errorOf('podman: { uid: -1 }\n' + GW).message).toBe(
      'site.yaml:1: podman.uid: must be an integer of at least 0, got number -1\n' +
        '  fix: set podman.uid to an integer of at least 0',
    );
  });

  test('a site without gateways or services says what is needed', () => {
    expect(errorOf('gateways: []').message).toMatch(
      /^site\.yaml:1: gateways: a site needs at least one entry under `gateways` or `services`/,
    );
  });

  test('agentDefaults is a gateway field; typos in it are caught', () => {
    const site = parseSite(
      'gateways: [{ name: oc, agentDefaults: { sandbox: { mode: non-main, scope: agent } } }]',
      'site.yaml',
    );
    expect(site.gateways[0].agentDefaults).toEqual({
      sandbox: { mode: 'non-main', scope: 'agent' },
    });
    expect(errorOf('gateways: [{ name: oc, agentDefault: {} }]').message).toMatch(
      /^site\.yaml:1: gateways\[0\]\.agentDefault: unknown key "agentDefault"\n {2}fix: did you mean "agentDefaults"\?/,
    );
    expect(
      errorOf('gateways: [{ name: oc, agentDefaults: { sandbox: { mode: none } } }]').message,
    ).toBe(
      'site.yaml:1: gateways[0].agentDefaults.sandbox.mode: must be one of "off" | "non-main" | "all", got the string "none"\n' +
        '  fix: set gateways[0].agentDefaults.sandbox.mode to one of "off", "non-main", "all"',
    );
  });

  test(':latest images are refused with a fix', () => {
    expect(errorOf('gateways: [{ name: oc, image: "ghcr.io/x/openclaw:latest" }]').message).toBe(
      'site.yaml:1: gateways[0].image: ":latest" is not allowed: the deployed version would change without a diff\n' +
        '  fix: pin a version tag (e.g. "ghcr.io/you/openclaw:2026.1.30") or a digest, or set `allowUnpinnedImage: true` to run it as it is (synth warns)',
    );
  });

  test('an env value that is neither a string nor a secret reference', () => {
    const e = errorOf('gateways: [{ name: oc, env: { A: 1 } }]');
    expect(e.where).toBe('site.yaml:1: gateways[0].env.A');
    expect(e.rule).toBe(
      'got number 1, expected a plain string, or `{ secret: <name> }` naming an item of `secrets.items`',
    );
  });

  test('errors from the secrets and routing sub-schemas carry full paths', () => {
    expect(errorOf(`secrets: { backend: env }\n${GW}`).where).toBe('site.yaml:1: secrets.backend');
    expect(
      errorOf('gateways: [{ name: oc, agents: [{ id: a, sandbox: { mode: x } }] }]').where,
    ).toBe('site.yaml:1: gateways[0].agents[0].sandbox.mode');
  });

  test('every problem is reported at once', () => {
    const e = errorOf('region: 1\ngateways: [{ name: oc, bind: x, foo: 1 }]');
    expect(e).toBeInstanceOf(SiteError);
    const where = (e as SiteError).problems.map((p) => p.where).sort();
    // Each names its line: region on line 1, the gateway's fields on line 2.
    expect(where).toEqual([
      'site.yaml:1: region',
      'site.yaml:2: gateways[0].bind',
      'site.yaml:2: gateways[0].foo',
    ]);
    expect(e.message.split('\n  fix:')).toHaveLength(4);
  });

  test('syntax errors name the file (and the line for YAML)', () => {
    expect(errorOf('gateways: [', 'a.yaml').where).toMatch(/^a\.yaml:\d+$/);
    expect(errorOf('{"gateways": [', 'a.json').rule).toMatch(/^is not valid JSON: /);
    expect(errorOf('', 'a.yaml').rule).toBe('is empty');
  });

  test('a key that is a list or a map is an error at its line, and yaml prints nothing', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const e = errorOf(`${GW}\n? [ghp_notakey, b]\n: 1\n`);
      expect(e.rule).toBe(
        'a key is a list, a map or a tagged value (!!binary); keys of a site are names',
      );
      expect(e.where).toMatch(/^site\.yaml:\d+$/);
      // A tagged scalar that is no text (bytes) as a key too.
      expect(errorOf(`${GW}\n? !!binary aGVsbG8=\n: 1\n`).where).toBe('site.yaml:2');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  test('duplicate YAML keys are errors, not silently merged', () => {
    expect(errorOf(`region: a\nregion: b\n${GW}`).rule).toMatch(
      /^has duplicate keys \(line 2: "region"\)/,
    );
  });
});

describe('the site and the library agree on every gateway default', () => {
  test('a gateway the site leaves at its defaults resolves as the library resolves no props', () => {
    const site = parseSite(
      'secrets:\n  items:\n    gateway_token: { op: "op://Octant/openclaw/gateway_token" }\ngateways:\n  - name: openclaw\n',
      'site.yaml',
    );
    const fromSite = buildSite(site).gateways[0].settings;
    const fromLibrary = resolveGatewaySettings({ secrets: fromSite.secrets }, 'gateways[0]');
    // The differences, on purpose: a site names Octant's HTTPS redirect middleware, which
    // Traefik's tags also apply when the library leaves it unset; a homelab site puts the
    // gateway on its dashboard, which a library user opts into with `homepage`; and a site pulls
    // the image from Octant's registry, where a library user names their own.
    const { traefikMiddlewares, homepage, image, forcePull, ...site0 } = fromSite;
    expect(traefikMiddlewares).toEqual([REDIRECT_WEB_TO_WEBSECURE]);
    expect(fromLibrary.traefikMiddlewares).toBeUndefined();
    expect(homepage?.group).toBe('AI & LLM');
    expect(fromLibrary.homepage).toBeUndefined();
    expect([image, forcePull]).toEqual([`${OCTANT_DEFAULTS.registry}/${fromLibrary.image}`, true]);
    expect(fromLibrary.forcePull).toBe(false);
    const {
      traefikMiddlewares: _m,
      homepage: _h,
      image: _i,
      forcePull: _f,
      ...library0
    } = fromLibrary;
    void [_m, _h, _i, _f];
    expect(site0).toEqual(library0);
  });
});

describe('site errors name the line of the field', () => {
  test('block YAML: nested fields, list items and quoted keys', () => {
    const text = [
      'domain: octant.local', // 1
      'gateways:', // 2
      '  - name: openclaw', // 3
      '    ports:', // 4
      '      http: 99999', // 5
      '    env:', // 6
      '      "A.B": { secret: x }', // 7
      '  - name: second', // 8
      '    bnd: lan', // 9
    ].join('\n');
    const e = errorOf(text) as SiteError;
    expect(e.problems.map((p) => p.where).sort()).toEqual([
      'site.yaml:5: gateways[0].ports.http',
      'site.yaml:7: gateways[0].env["A.B"]',
      'site.yaml:9: gateways[1].bnd',
    ]);
  });

  test('a JSON site too (its text is read again for the lines only on error)', () => {
    const text =
      '{\n  "gateways": [\n    {\n      "name": "oc",\n      "bnd": "lan"\n    }\n  ]\n}\n';
    expect(errorOf(text, 'site.json').where).toBe('site.json:5: gateways[0].bnd');
  });

  test('a field the file does not hold is located at its nearest written parent', () => {
    expect(errorOf('gateways:\n  - bind: lan\n').where).toBe('site.yaml:2: gateways[0].name');
  });
});
