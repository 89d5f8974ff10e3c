import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, stringify } from 'yaml';
import { parseSite } from '../../../homelab/load';
import { buildSite } from '../../../homelab/build';
import {
  quadletFiles,
  renderUnit,
  QUADLET_NETWORK,
} from '../../../lib/openclaw/standalone/quadlet';
import QUADLET_KEYS from '../../../lib/openclaw/standalone/quadlet-keys.json';
import { accessReadmeSection } from '../../../lib/openclaw/standalone/tailscale';
import { projectRoot } from '../../../lib/util/project-root';
import { UserError } from '../../../lib/util/errors';

const root = projectRoot(__dirname);
const MULTI = path.join(root, 'homelab', 'examples', 'multi-agent.site.yaml');
const TAILNET = path.join(root, 'homelab', 'examples', 'standalone-tailscale.site.yaml');

function load(file: string) {
  return parseSite(fs.readFileSync(file, 'utf8'), file);
}

/** `[Section]` -> [key, value][] of a unit file (comments and blank lines skipped). */
function parseUnit(text: string): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  let section = '';
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const s = /^\[(\w+)\]$/.exec(line);
    if (s) {
      section = s[1];
      out.set(section, []);
      continue;
    }
    const i = line.indexOf('=');
    out.get(section)?.push([line.slice(0, i), line.slice(i + 1)]);
  }
  return out;
}

describe('Quadlet units of Phase 1', () => {
  const spec = buildSite(load(MULTI)).standalone.podman;
  if (spec === undefined) throw new Error('the multi-agent example enables the podman phase');
  const files = quadletFiles(spec);

  it('uses only keys podman-systemd.unit(5) documents, in the sections it documents', () => {
    const known = QUADLET_KEYS.sections as Record<string, string[]>;
    expect(QUADLET_KEYS.source).toContain('podman-systemd.unit.5.md');
    expect(known.Container).toContain('PublishPort');
    let checked = 0;
    for (const [name, text] of files) {
      if (!/\.(container|volume|network)$/.test(name)) continue;
      for (const [section, entries] of parseUnit(text)) {
        if (['Unit', 'Service', 'Install'].includes(section)) continue;
        for (const [key] of entries) {
          expect(known[section]).toContain(key);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('runs the same container as the Terraform stack, on the same host folders', () => {
    const unit = parseUnit(files.get('openclaw.container') ?? '');
    const c = new Map<string, string[]>();
    for (const [k, v] of unit.get('Container') ?? []) c.set(k, [...(c.get(k) ?? []), v]);
    expect(c.get('Image')).toEqual([spec.image.name]);
    expect(c.get('Exec')).toEqual([spec.container.command.join(' ')]);
    expect(c.get('PublishPort')).toEqual(
      spec.container.ports.map((p) => `${p.ip}:${p.external}:${p.internal}`),
    );
    expect(c.get('Network')).toEqual(['openclaw.network']);
    // One .volume per host folder, bound to it.
    for (const m of spec.container.mounts) {
      const vol = [...files.entries()].find(([, t]) => t.includes(`Device=${m.source}\n`));
      expect(vol).toBeDefined();
      expect(c.get('Volume')).toContain(`${vol?.[0]}:${m.target}`);
    }
    // Secrets as Podman secrets: names only, never values; openclaw.json beside the units.
    expect(c.get('Secret')).toContain('gateway_token,type=env,target=OPENCLAW_GATEWAY_TOKEN');
    expect(files.get('local/openclaw.json')).toBe(spec.container.uploads?.[0].content);
    expect(parseUnit(files.get('openclaw.network') ?? '').get('Network')).toContainEqual([
      'Gateway',
      QUADLET_NETWORK.gateway,
    ]);
    expect(parseUnit(files.get('openclaw.container') ?? '').get('Install')).toEqual([
      ['WantedBy', 'default.target'],
    ]);
  });

  it('refuses a key Podman does not document, naming it and the fix', () => {
    let err: unknown;
    try {
      renderUnit('x.container', '#', [
        [
          'Container',
          [
            ['Image', 'a:1'],
            ['PublishPorts', '1:1'],
          ],
        ],
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).where).toBe('x.container [Container] PublishPorts=');
    expect((err as UserError).message).toContain('podman-systemd.unit(5)');
    expect(() => renderUnit('x.pod', '#', [['Pods', [['X', 'y']]]])).toThrow(
      /unknown Quadlet section/,
    );
  });
});

describe('Tailscale Serve (standalone phases)', () => {
  it('publishes on loopback and trusts the proxy in openclaw.json', () => {
    const build = buildSite(load(TAILNET));
    const serve = build.standalone.tailscaleServe;
    expect(serve).toBeDefined();
    const spec = build.standalone.podman;
    expect(spec?.container.ports.every((p) => p.ip === '127.0.0.1')).toBe(true);
    const config = JSON.parse(spec?.container.uploads?.[0].content ?? '{}') as {
      gateway: {
        trustedProxies: string[];
        controlUi?: { allowedOrigins: string[] };
        auth?: unknown;
      };
    };
    expect(config.gateway.trustedProxies).toEqual(['127.0.0.1', '::1', QUADLET_NETWORK.gateway]);
    expect(config.gateway.controlUi?.allowedOrigins).toEqual(['https://homelab.tail1234.ts.net']);
    expect(config.gateway.auth).toBeDefined();
    const readme = accessReadmeSection(serve, 18789);
    expect(readme).toContain('tailscale serve --bg --https=443 http://127.0.0.1:18789');
    expect(readme).toContain('ssh -N -L 18789:127.0.0.1:18789');
    expect(readme).toContain('Direct LAN');
  });

  it('refuses Serve with a gateway published beyond loopback', () => {
    const data = parseYaml(fs.readFileSync(TAILNET, 'utf8')) as {
      gateways: Record<string, unknown>[];
    };
    data.gateways[0].bind = 'lan';
    const site = parseSite(stringify(data), 'site.yaml');
    expect(() => buildSite(site)).toThrow(
      /gateways\[0\]\.tailscaleServe: Tailscale Serve proxies to 127\.0\.0\.1/,
    );
  });

  it('checks the MagicDNS name', () => {
    const data = parseYaml(fs.readFileSync(TAILNET, 'utf8')) as {
      gateways: Record<string, unknown>[];
    };
    data.gateways[0].tailscaleServe = { hostname: 'homelab.example.com' };
    expect(() => parseSite(stringify(data), 'site.yaml')).toThrow(/tailscaleServe\.hostname/);
  });
});
