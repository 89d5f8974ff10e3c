import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadSite, parseSite } from '../../homelab/load';
import { SiteError } from '../../homelab/issues';
import { UserError } from '../../lib/util/errors';
import { renderModuleFolders } from '../../cli/synth';
import { projectRoot } from '../../lib/util/project-root';

/** The one error a site gives, or every error of a SiteError. */
function problems(text: string, file = 'site.yaml'): UserError[] {
  try {
    parseSite(text, file);
  } catch (e) {
    if (e instanceof SiteError) return [...e.problems];
    if (e instanceof UserError) return [e];
    throw e;
  }
  return [];
}

const GW = 'gateways: [{ name: openclaw }]';
const site = (line: string): string => `${line}\n${GW}\n`;

describe('field formats: hostile values are refused, not escaped', () => {
  test.each([
    ['domain', 'domain: "x) || PathPrefix(`/`"'],
    ['domain', 'domain: "octant.net\\nevil"'],
    ['domain', 'domain: "-bad.net"'],
    ['nomad.address', 'nomad: { address: "nomad.octant.net/../x" }'],
    ['consul.address', 'consul: { address: "a b" }'],
    ['otel.endpoint', 'otel: { endpoint: "file:///etc/passwd" }'],
    ['otel.endpoint', 'otel: { endpoint: "javascript:alert(1)" }'],
    ['hostVolumeRoot', 'hostVolumeRoot: /opt/../../etc'],
    ['hostVolumeRoot', 'hostVolumeRoot: "/opt\\n/etc"'],
    ['hostVolumeRoot', 'hostVolumeRoot: "opt"'],
    ['bindMountRoot', 'bindMountRoot: /mnt/./x'],
    ['certresolver', 'certresolver: "cloudflare\\nevil"'],
    ['region', 'region: "home\\""'],
    ['datacenter', 'datacenter: "a b"'],
  ])('%s: %s', (field, line) => {
    const errs = problems(site(line));
    expect(errs.map((e) => e.where)).toEqual([`site.yaml:1: ${field}`]);
  });

  test.each(['a//b::c:1', 'UPPER/case:1', 'foo', 'foo:', 'foo@sha256:xyz', 'reg:99999999/x:1'])(
    'image %s is refused',
    (image) => {
      const errs = problems(`gateways: [{ name: openclaw, image: "${image}" }]`);
      expect(errs.map((e) => e.where)).toEqual(['site.yaml:1: gateways[0].image']);
    },
  );

  test.each([
    'openclaw-homelab:local',
    'ghcr.io/you/openclaw:2026.1.30',
    'localhost:5000/team/openclaw:v1',
    `docker.io/library/node@sha256:${'a'.repeat(64)}`,
  ])('image %s is accepted', (image) => {
    expect(problems(`gateways: [{ name: openclaw, image: "${image}" }]`)).toEqual([]);
  });

  test('good values of each format are accepted', () => {
    const ok = [
      'domain: home.example.org',
      'nomad: { address: 10.0.0.5 }',
      'consul: { address: consul.home.arpa }',
      'otel: { endpoint: "http://otel.octant.net:4318" }',
      'hostVolumeRoot: /srv/nomad-volumes',
      'certresolver: letsencrypt_dns',
    ];
    expect(problems(`${ok.join('\n')}\n${GW}\n`)).toEqual([]);
  });

  test('an op:// reference made of path steps is refused', () => {
    const errs = problems(
      `secrets: { items: { gateway_token: { op: "op://../../etc/passwd" } } }\n${GW}\n`,
    );
    // The secret references are checked when the site is built; parse them the same way.
    const { parseOpRef } = jest.requireActual('../../lib/secrets/op-ref');
    expect(errs).toEqual([]);
    expect(() => parseOpRef('op://../../etc/passwd', 'x')).toThrow(/is only dots/);
  });

  test('`phases: []` is refused (it would write nothing)', () => {
    expect(problems(site('phases: []')).map((e) => e.rule)).toEqual([
      'must list at least 1 entry, got 0',
    ]);
  });

  test('every site error is reported at once', () => {
    const errs = problems(
      'domain: "a b"\nhostVolumeRoot: x\ngateways: [{ name: openclaw, image: "a//b" }, { name: Bad }]\n',
    );
    expect(errs.map((e) => e.where).sort()).toEqual([
      'site.yaml:1: domain',
      'site.yaml:2: hostVolumeRoot',
      'site.yaml:3: gateways[0].image',
      'site.yaml:3: gateways[1].name',
    ]);
  });
});

describe('keys and documents', () => {
  test.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'an env key named %s is kept (YAML and JSON) and reaches the jobspec',
    (key) => {
      const y = parseSite(
        `gateways: [{ name: openclaw, env: { ${key}: v1, OTHER: v2 } }]`,
        's.yaml',
      );
      expect(Object.prototype.hasOwnProperty.call(y.gateways[0].env, key)).toBe(true);
      expect(y.gateways[0].env[key]).toBe('v1');
      const j = parseSite(
        `{"gateways": [{"name": "openclaw", "env": {"${key}": "v1", "OTHER": "v2"}}]}`,
        's.json',
      );
      expect(Object.keys(j.gateways[0].env).sort()).toEqual([key, 'OTHER'].sort());
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-env-'));
      const file = path.join(dir, 's.yaml');
      fs.writeFileSync(
        file,
        'secrets: { items: { gateway_token: { op: op://H/o/t, generate: hex32 } } }\n' +
          `gateways: [{ name: openclaw, env: { ${key}: v1 } }]\n`,
      );
      const folders = renderModuleFolders({ sitePath: file, projectRoot: projectRoot() });
      const job = folders.get('openclaw')?.get('openclaw.nomad.hcl') ?? '';
      expect(job).toMatch(new RegExp(`^\\s+${key}\\s+= "v1"$`, 'm'));
    },
  );

  test('an env key named __proto__ is refused, not silently dropped', () => {
    const errs = problems(`gateways: [{ name: openclaw, env: { __proto__: v1 } }]`);
    expect(errs.map((e) => e.rule)).toEqual([
      '"__proto__" cannot be used as a key (or a variable name)',
    ]);
    expect(errs[0].where).toBe('site.yaml:1: gateways[0].env.__proto__');
  });

  test('duplicate JSON keys are refused, like YAML ones', () => {
    const errs = problems(
      '{"domain": "a.net",\n "domain": "b.net", "gateways": [{"name": "x"}]}',
      's.json',
    );
    expect(errs.map((e) => e.rule)).toEqual([
      'has duplicate keys (line 2: "domain"): only one of each would count',
    ]);
    // Same key names in different objects are fine; strings that look like keys are not keys.
    expect(
      problems('{"gateways": [{"name": "x", "env": {"name": "name"}}, {"name": "y"}]}', 's.json'),
    ).toEqual([]);
  });

  test('duplicate-key checking grows linearly with the keys, not quadratically', () => {
    const timed = (n: number): number => {
      const keys = Array.from({ length: n }, (_, i) => `  K${i}: v`).join('\n');
      const started = process.hrtime.bigint();
      const errs = problems(`gateways: [{ name: openclaw }]\nx:\n${keys}\n`);
      expect(errs.map((e) => e.rule)).toEqual(['unknown key "x"']);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // The fastest of three runs: a pause of the machine (another test worker, a GC) only
    // ever adds time, so the minimum is the work itself.
    const fastest = (n: number): number => Math.min(timed(n), timed(n), timed(n));
    timed(1000); // warm up the JIT
    const small = fastest(2500);
    const large = fastest(20000);
    process.stdout.write(
      `duplicate keys: 2500 in ${small.toFixed(1)} ms, 20000 in ${large.toFixed(1)} ms\n`,
    );
    // 8x the keys: about 8x the time when linear, 64x when every pair is compared (40k keys
    // took 9.3 s that way). A ratio, not a time limit, so a busy machine does not matter.
    expect(large / Math.max(small, 1)).toBeLessThan(30);
  });

  test('a "billion laughs" YAML is refused at once', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const errs = problems(`${lines.join('\n')}\n${GW}\n`);
    expect(errs.map((e) => e.rule)).toEqual([
      'expands too many aliases (more than 100; a "billion laughs" document?)',
    ]);
  });

  test('--site /dev/zero, a folder, and bytes that are not UTF-8 are clear errors', () => {
    expect(() => loadSite('/dev/zero')).toThrow(/\/dev\/zero: is a device, not a regular file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-'));
    expect(() => loadSite(dir)).toThrow(/is a folder, not a file/);
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      Buffer.concat([Buffer.from('domain: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect(() => loadSite(bad)).toThrow(/is not valid UTF-8 \(first bad byte at offset 11\)/);
  });

  test('every YAML syntax error is reported, each with its line', () => {
    const errs = problems('a: [\nb: {\n');
    expect(errs.length).toBeGreaterThanOrEqual(2);
    expect(errs.every((e) => /^site\.yaml:\d+$/.test(e.where))).toBe(true);
  });
});
