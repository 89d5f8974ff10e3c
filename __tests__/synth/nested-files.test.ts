import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synth } from '../../cli/synth';
import { vendorCommand } from '../../cli/commands/vendor';
import { parseSite } from '../../homelab/load';
import { VENDOR_MANIFEST } from '../../lib/octant/vendor';
import { capture } from '../cli-io';

/**
 * Module files keep their folders: a `files` path such as config/teams/family/openclaw.json is
 * checked by one rule (lib/util/boundary.ts), written at that path by synth and vendor, and
 * removed with the folders it leaves empty once the site drops it.
 */

const TEAM = 'config/teams/family/openclaw.json';
const APP = 'config/app/app.conf';
const JOB = `job "svc" {\n  group "g" {\n    task "t" {\n      driver = "podman"\n      config {\n        image = "docker.io/library/nginx:1.27.3"\n      }\n    }\n  }\n}\n`;
const SECRETS = 'secrets:\n  items:\n    gateway_token: { op: op://Homelab/gw/token }\n';

/** A site with gateway `oc` and service `svc`, with or without their nested files. */
function siteText(nested: boolean): string {
  const gatewayFiles = nested ? `    files: { ${TEAM}: team.json }\n` : '';
  const serviceFiles = nested
    ? `    files: { ${APP}: app.conf }\n    variableFiles: { APP_CONF: ${APP} }\n`
    : '';
  return `${SECRETS}gateways:\n  - name: oc\n${gatewayFiles}services:\n  - name: svc\n    jobspec: svc.nomad.hcl\n${serviceFiles}`;
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-nested-'));
  fs.writeFileSync(path.join(dir, 'svc.nomad.hcl'), JOB);
  fs.writeFileSync(path.join(dir, 'team.json'), '{"agents": {}}\n');
  fs.writeFileSync(path.join(dir, 'app.conf'), 'listen 80;\n');
  return dir;
}

function writeSite(dir: string, nested: boolean): string {
  const site = path.join(dir, 'site.yaml');
  fs.writeFileSync(site, siteText(nested));
  return site;
}

describe('a files path: one rule for services and gateways', () => {
  const parse = (files: string, under: 'gateway' | 'service'): string => {
    const entry = `    files: ${files}\n`;
    const text =
      under === 'gateway'
        ? `${SECRETS}gateways:\n  - name: oc\n${entry}`
        : `${SECRETS}gateways:\n  - name: oc\nservices:\n  - name: svc\n    jobspec: svc.nomad.hcl\n${entry}`;
    try {
      parseSite(text, 'site.yaml');
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  };

  test.each(['gateway', 'service'] as const)('%s: a nested path is taken', (under) => {
    expect(parse(`{ ${TEAM}: x.json, moved.tf: moved.tf }`, under)).toBe('ok');
    expect(parse('{ a/b/c/d/e/f/g/h.json: x }', under)).toBe('ok');
  });

  const refused: [string, string, RegExp][] = [
    ['a .. step', '"config/../x.json"', /has a "\." or "\.\." step/],
    ['a . step', '"config/./x.json"', /has a "\." or "\.\." step/],
    ['an empty step', '"config//x.json"', /has an empty step/],
    ['a leading /', '"/etc/x.json"', /starts with "\/"/],
    ['a trailing /', '"config/"', /ends with "\/"/],
    ['a backslash', '"config\\\\x.json"', /holds a backslash/],
    ['more than 8 steps', '"a/b/c/d/e/f/g/h/i.json"', /has more than 8 steps/],
    ['a step over 128 characters', `"config/${'a'.repeat(129)}"`, /has a step longer than 128/],
    ['a hidden step', '"config/.x.json"', /has the step "\.x\.json", which is not a plain name/],
    ['a file and a folder of the same name', '{ a: x, a/b: y }', /a\/b needs a folder a/],
  ];
  test.each(refused)('%s is refused, naming the field, the rule and a fix', (_l, key, rule) => {
    for (const under of ['gateway', 'service'] as const) {
      const files = key.startsWith('{') ? key : `{ ${key}: x.json }`;
      const message = parse(files, under);
      expect(message).toMatch(rule);
      expect(message).toMatch(
        under === 'gateway' ? /gateways\[0\]\.files/ : /services\[0\]\.files/,
      );
      expect(message).toMatch(/\n {2}fix: /);
    }
  });

  test("a variableFiles value is a path by the same rule; openclaw.json's folder is the gateway's", () => {
    const svc = `${SECRETS}gateways:\n  - name: oc\nservices:\n  - name: svc\n    jobspec: svc.nomad.hcl\n    variableFiles: { K: "config/../k" }\n`;
    expect(() => parseSite(svc, 'site.yaml')).toThrow(
      /services\[0\]\.variableFiles\.K: "config\/\.\.\/k" has a "\." or "\.\." step/,
    );
    expect(parse('{ openclaw.json/x: x }', 'gateway')).toMatch(
      /openclaw\.json is rendered from the typed settings/,
    );
  });

  test.each([
    [
      'main.tf.json/x',
      /main\.tf\.json\/x would put a folder where the generator writes its file main\.tf\.json/,
    ],
    [
      'svc.nomad.hcl/x',
      /svc\.nomad\.hcl\/x would put a folder where the generator writes its file svc\.nomad\.hcl/,
    ],
  ])(
    'a service path under the generated %s is refused by synth, nothing written',
    async (key, rule) => {
      const dir = workspace();
      const site = path.join(dir, 'site.yaml');
      fs.writeFileSync(
        site,
        siteText(false).replace(
          'svc.nomad.hcl\n',
          `svc.nomad.hcl\n    files: { ${key}: app.conf }\n`,
        ),
      );
      await expect(
        synth({ sitePath: site, outDir: 'out', projectRoot: dir, jobsDir: 'jobs' }),
      ).rejects.toThrow(rule);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    },
  );
});

describe('synth and vendor write a nested file at its path, and remove it with its folders', () => {
  const dir = workspace();
  const opts = { outDir: 'out', projectRoot: dir, jobsDir: 'jobs' };
  const module = (name: string): string => path.join(dir, 'out', 'octant', 'terraform', name);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('synth writes them at the nested path; main.tf.json reads the service one there', async () => {
    const { files } = await synth({ ...opts, sitePath: writeSite(dir, true) });
    expect(files).toEqual(
      expect.arrayContaining([
        `out/octant/terraform/oc/${TEAM}`,
        `out/octant/terraform/svc/${APP}`,
      ]),
    );
    expect(fs.readFileSync(path.join(module('oc'), TEAM), 'utf8')).toBe('{"agents": {}}\n');
    expect(fs.readFileSync(path.join(module('svc'), APP), 'utf8')).toBe('listen 80;\n');
    const tf = fs.readFileSync(path.join(module('svc'), 'main.tf.json'), 'utf8');
    expect(tf).toContain(`file(\\"\${path.module}/${APP}\\")`);
    expect(tf).toContain(`filesha256(\\"\${path.module}/${APP}\\")`);
  });

  test('every file a Terraform folder reads with ${path.module} is in that folder', () => {
    // The module folders and the cdktf stack folders (`cdktf deploy` plans there).
    const folders = ['oc', 'svc'].flatMap((n) => [
      [module(n), 'main.tf.json'],
      [path.join(dir, 'out', 'stacks', n), 'cdk.tf.json'],
    ]);
    const refs = folders.flatMap(([folder, file]) => {
      const tf = fs.readFileSync(path.join(folder, file), 'utf8');
      return [...tf.matchAll(/\$\{path\.module\}\/([^"\\)]+)/g)].map((m) => [folder, m[1]]);
    });
    expect(refs.map(([, rel]) => rel)).toEqual(expect.arrayContaining([APP, 'svc.nomad.hcl']));
    for (const [folder, rel] of refs)
      expect([rel, fs.existsSync(path.join(folder, rel))]).toEqual([rel, true]);
  });

  test('the next synth without them removes the files and the folders they leave empty', async () => {
    await synth({ ...opts, sitePath: writeSite(dir, false) });
    for (const name of ['oc', 'svc']) {
      expect(fs.existsSync(path.join(module(name), 'main.tf.json'))).toBe(true);
      expect(fs.existsSync(path.join(module(name), 'config'))).toBe(false);
    }
    expect(fs.readFileSync(path.join(module('svc'), 'main.tf.json'), 'utf8')).not.toContain(APP);
  });

  test('vendor copies them into the checkout at their paths, then removes them and their folders', async () => {
    const octant = path.join(dir, 'octant');
    fs.mkdirSync(path.join(octant, 'terraform'), { recursive: true });
    const vendor = async (nested: boolean): Promise<number> =>
      vendorCommand.run(['--octant', octant, '--site', writeSite(dir, nested)], capture(dir).io);
    expect(await vendor(true)).toBe(0);
    const oc = path.join(octant, 'terraform', 'oc');
    expect(fs.readFileSync(path.join(oc, TEAM), 'utf8')).toBe('{"agents": {}}\n');
    expect(fs.readFileSync(path.join(octant, 'terraform', 'svc', APP), 'utf8')).toBe(
      'listen 80;\n',
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(oc, VENDOR_MANIFEST), 'utf8'));
    expect(Object.keys(manifest.files)).toContain(TEAM);
    expect(await vendor(false)).toBe(0);
    expect(fs.existsSync(path.join(oc, 'config'))).toBe(false);
    expect(fs.existsSync(path.join(octant, 'terraform', 'svc', 'config'))).toBe(false);
    expect(fs.existsSync(path.join(oc, 'main.tf.json'))).toBe(true);
  });
});
