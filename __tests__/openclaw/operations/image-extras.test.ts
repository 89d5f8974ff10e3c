import * as fs from 'fs';
import { parse as parseYaml, stringify } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { defaultSiteFile, parseSite } from '../../../homelab/load';
import { buildSite } from '../../../homelab/build';
import type { PodmanTask } from '../../../lib/nomad/model';
import { isUserError } from '../../../lib/util/errors';

/**
 * The image recipe's extras: release binaries by URL and SHA-256 per architecture (checked in the
 * same RUN that downloads them), the Tailscale CLI with the host's tailscaled socket, and
 * GOG_KEYRING_PASSWORD from a secret.
 */

const SUM_A = 'a'.repeat(64);
const SUM_B = 'b'.repeat(64);

function site(imageRecipe: object, extra: object = {}) {
  const data = parseYaml(fs.readFileSync(defaultSiteFile(), 'utf8')) as Record<string, unknown>;
  const gateways = data.gateways as Record<string, unknown>[];
  gateways[0] = { ...gateways[0], imageRecipe, ...extra };
  return parseSite(stringify(data), 'site.yaml');
}

function runsOf(s: ReturnType<typeof site>): string[] {
  const text = buildSite(s).modules[0].extraFiles?.Containerfile ?? '';
  return DockerfileParser.parse(text)
    .getInstructions()
    .filter((i) => i.getKeyword() === 'RUN')
    .map((i) => i.getArgumentsContent() ?? '');
}

const GOG = {
  name: 'gog',
  amd64: {
    url: 'https://github.com/x/gog/releases/download/v1.2.0/gog_linux_amd64.tar.gz',
    sha256: SUM_A,
  },
  arm64: {
    url: 'https://github.com/x/gog/releases/download/v1.2.0/gog_linux_arm64.tar.gz',
    sha256: SUM_B,
  },
  extract: 'gog',
};

test('a release binary is downloaded for the build architecture and checked against its SHA-256', () => {
  const run = runsOf(site({ binaries: [GOG] })).find((r) => r.includes('/usr/local/bin/gog'));
  expect(run).toBeDefined();
  expect(run).toContain(`amd64) url="${GOG.amd64.url}"; sum="${SUM_A}";;`);
  expect(run).toContain(`arm64) url="${GOG.arm64.url}"; sum="${SUM_B}";;`);
  // The check comes before the install, in the same RUN; another architecture fails the build.
  const check = run!.indexOf('echo "$sum  dl" | sha256sum -c -');
  expect(check).toBeGreaterThan(run!.indexOf('curl -fsSLo dl "$url"'));
  expect(run!.indexOf('install -m 0755')).toBeGreaterThan(check);
  expect(run).toMatch(/\*\) echo "gog: no download for \$arch[^"]*"; exit 1;;/);
  expect(run).toContain('tar -xzf dl -C x "gog"');
});

test('a binary without a download, a bad SHA-256 or a URL leaving the archive is refused', () => {
  const msg = (r: object): string => {
    try {
      site({ binaries: [r] });
    } catch (e) {
      if (isUserError(e)) return e.message;
      throw e;
    }
    return '';
  };
  expect(msg({ name: 'gog' })).toContain('names no download');
  expect(msg({ ...GOG, amd64: { url: GOG.amd64.url, sha256: 'abc' } })).toContain('SHA-256');
  expect(msg({ ...GOG, amd64: { url: 'http://x/gog', sha256: SUM_A } })).toContain('https');
  expect(msg({ ...GOG, extract: '../etc/passwd' })).toContain('inside the archive');
});

test('the Tailscale CLI comes from its pinned release; the host socket is mounted at its path', () => {
  const s = site({ tailscale: { version: '1.84.3', sha256: { amd64: SUM_A } } });
  const run = runsOf(s).find((r) => r.includes('/usr/local/bin/tailscale'));
  expect(run).toContain(
    `amd64) url="https://pkgs.tailscale.com/stable/tailscale_1.84.3_amd64.tgz"; sum="${SUM_A}";;`,
  );
  expect(run).toContain('"tailscale_1.84.3_${arch}/tailscale"');
  expect(run).not.toContain('arm64)');
  const task = buildSite(s).modules[0].job.job.group[0].task[0] as PodmanTask;
  expect(task.config.volumes).toContain(
    '/var/run/tailscale/tailscaled.sock:/var/run/tailscale/tailscaled.sock',
  );
  // Without the option: no socket.
  const plain = buildSite(site({})).modules[0].job.job.group[0].task[0] as PodmanTask;
  expect(JSON.stringify(plain.config.volumes)).not.toContain('tailscaled.sock');
});

test('GOG_KEYRING_PASSWORD comes from a declared secret through the secret env file', () => {
  const s = site({ gogKeyringPassword: { secret: 'gateway_token' } });
  const task = buildSite(s).modules[0].job.job.group[0].task[0] as PodmanTask;
  expect(JSON.stringify(task.env ?? {})).not.toContain('GOG_KEYRING_PASSWORD');
  const envFile = (task.template ?? []).find((t) => t.env === true);
  expect(String(envFile?.data)).toMatch(/^GOG_KEYRING_PASSWORD='\{\{ \.gateway_token\.Value/m);
  expect(() =>
    buildSite(
      site(
        { gogKeyringPassword: { secret: 'gateway_token' } },
        { env: { GOG_KEYRING_PASSWORD: 'x' } },
      ),
    ),
  ).toThrow(/fed by gateways\[0\]\.imageRecipe\.gogKeyringPassword/);
});
