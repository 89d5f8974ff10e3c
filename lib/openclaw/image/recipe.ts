import { registryOf } from '../../octant/image';
import type { Channels } from '../routing/schema';
import type { GatewaySettings } from '../gateway-settings';
import { DEFAULT_OPENCLAW_VERSION } from '../versions';
import type { ImageConfig } from './schema';
import {
  APT_PACKAGES,
  HASHICORP_KEY_FINGERPRINT,
  HASHICORP_KEY_URL,
  INFRA_TOOLS,
  OPENCLAW_BASE_IMAGE,
  ONEPASSWORD_KEY_FINGERPRINT,
  ONEPASSWORD_KEYSERVER,
  PLUGIN_NPM_CACHE,
  pluginFetchArgs,
  type InfraTool,
} from './tools';

/**
 * The gateway image recipe (`Containerfile`): OpenClaw's own image at the gateway's version, the
 * plan's infrastructure CLIs at pinned, signature-verified versions, the Debian tools the backup
 * job needs, the site's channel plugins preinstalled, and the image's non-root `node` user. It
 * never holds a secret: tokens reach the container at run time.
 */

export const CONTAINERFILE = 'Containerfile';

/** The OpenClaw release of a gateway: its own pinned version when it has one, else the default. */
export function openclawVersionOf(settings: GatewaySettings): string {
  const own = (settings as { readonly openclawVersion?: string }).openclawVersion;
  return own ?? DEFAULT_OPENCLAW_VERSION;
}

/** Channels that are official (separately installed) plugins; Telegram is bundled with core. */
const CHANNEL_PLUGINS: Readonly<Record<keyof Channels, string | undefined>> = {
  discord: '@openclaw/discord',
  slack: '@openclaw/slack',
  whatsapp: '@openclaw/whatsapp',
  telegram: undefined,
};

/** npm packages preinstalled: the site's channel plugins, then the extra ones, sorted, unique. */
export function pluginPackages(settings: GatewaySettings, config: ImageConfig): string[] {
  const fromChannels = Object.keys(settings.channels ?? {})
    .map((c) => CHANNEL_PLUGINS[c as keyof Channels])
    .filter((p): p is string => p !== undefined);
  return [...new Set([...fromChannels, ...config.plugins])].sort();
}

function run(lines: readonly string[]): string {
  return `RUN ${lines.join(' \\\n    ')}`;
}

function hashicorpTool(tool: InfraTool): string {
  const upper = tool.name.toUpperCase();
  const zip = `${tool.name}_\${${upper}_VERSION}_linux_\${arch}.zip`;
  const sums = `${tool.name}_\${${upper}_VERSION}_SHA256SUMS`;
  const base = `https://releases.hashicorp.com/${tool.name}/\${${upper}_VERSION}`;
  return [
    `ARG ${upper}_VERSION=${tool.version}`,
    run([
      'set -eux;',
      'arch="$(dpkg --print-architecture)"; cd /tmp;',
      `curl -fsSLO "${base}/${zip}" -O "${base}/${sums}" -O "${base}/${sums}.sig";`,
      `gpg --batch --status-fd 1 --verify "${sums}.sig" "${sums}" | grep -q "VALIDSIG .* \${HASHICORP_KEY}$";`,
      `grep " ${zip}$" "${sums}" | sha256sum -c -;`,
      ...(tool.sha256Amd64 !== undefined
        ? [`if [ "$arch" = amd64 ]; then echo "${tool.sha256Amd64}  ${zip}" | sha256sum -c -; fi;`]
        : []),
      `unzip -o "${zip}" ${tool.name} -d /usr/local/bin;`,
      `rm -f "${zip}" "${sums}" "${sums}.sig";`,
      `${tool.name} version`,
    ]),
  ].join('\n');
}

function onePasswordTool(tool: InfraTool): string {
  return [
    'ARG OP_VERSION=' + tool.version,
    run([
      'set -eux;',
      'arch="$(dpkg --print-architecture)"; mkdir -p /tmp/op; cd /tmp/op;',
      'curl -fsSLo op.zip "https://cache.agilebits.com/dist/1P/op2/pkg/v${OP_VERSION}/op_linux_${arch}_v${OP_VERSION}.zip";',
      ...(tool.sha256Amd64 !== undefined
        ? [`if [ "$arch" = amd64 ]; then echo "${tool.sha256Amd64}  op.zip" | sha256sum -c -; fi;`]
        : []),
      'unzip -o op.zip op op.sig;',
      `gpg --batch --keyserver ${ONEPASSWORD_KEYSERVER} --recv-keys "\${ONEPASSWORD_KEY}";`,
      'gpg --batch --status-fd 1 --verify op.sig op | grep -q "VALIDSIG .* ${ONEPASSWORD_KEY}$";',
      'install -m 0755 op /usr/local/bin/op;',
      'cd /; rm -rf /tmp/op;',
      'op --version',
    ]),
  ].join('\n');
}

/** A release binary as the recipe installs it; `extract` may use the shell's `$arch`. */
interface ReleaseBinary {
  readonly name: string;
  readonly downloads: readonly { arch: 'amd64' | 'arm64'; url: string; sha256: string }[];
  readonly extract?: string;
}

/** The site's binaries and the Tailscale CLI, as release downloads. */
export function releaseBinaries(config: ImageConfig): ReleaseBinary[] {
  const out: ReleaseBinary[] = config.binaries.map((b) => ({
    name: b.name,
    downloads: (['amd64', 'arm64'] as const).flatMap((arch) => {
      const d = b[arch];
      return d === undefined ? [] : [{ arch, url: d.url, sha256: d.sha256 }];
    }),
    ...(b.extract !== undefined ? { extract: b.extract } : {}),
  }));
  const ts = config.tailscale;
  if (ts !== undefined) {
    out.push({
      name: 'tailscale',
      downloads: (['amd64', 'arm64'] as const).flatMap((arch) => {
        const sum = ts.sha256[arch];
        const url = `https://pkgs.tailscale.com/stable/tailscale_${ts.version}_${arch}.tgz`;
        return sum === undefined ? [] : [{ arch, url, sha256: sum }];
      }),
      extract: `tailscale_${ts.version}_\${arch}/tailscale`,
    });
  }
  return out;
}

/** One RUN that downloads a binary for the build's architecture and checks its SHA-256. */
function releaseBinaryStep(b: ReleaseBinary): string {
  const archive =
    b.extract === undefined ? undefined : /\.zip$/.test(b.downloads[0]?.url ?? '') ? 'zip' : 'tar';
  const unpack =
    b.extract === undefined
      ? ['install -m 0755 dl /usr/local/bin/' + b.name + ';']
      : archive === 'zip'
        ? [
            `unzip -o dl "${b.extract}" -d x;`,
            `install -m 0755 "x/${b.extract}" /usr/local/bin/${b.name};`,
          ]
        : [
            'mkdir x;',
            `tar -xzf dl -C x "${b.extract}";`,
            `install -m 0755 "x/${b.extract}" /usr/local/bin/${b.name};`,
          ];
  return run([
    'set -eux;',
    `arch="$(dpkg --print-architecture)"; mkdir -p /tmp/${b.name}; cd /tmp/${b.name};`,
    'case "$arch" in',
    ...b.downloads.map((d) => `  ${d.arch}) url="${d.url}"; sum="${d.sha256}";;`),
    `  *) echo "${b.name}: no download for $arch in the site (imageRecipe)"; exit 1;;`,
    'esac;',
    'curl -fsSLo dl "$url";',
    'echo "$sum  dl" | sha256sum -c -;',
    ...unpack,
    `cd /; rm -rf /tmp/${b.name}`,
  ]);
}

/** The Containerfile text of one gateway. */
export function renderContainerfile(settings: GatewaySettings, config: ImageConfig): string {
  const version = openclawVersionOf(settings);
  const apt = [...new Set([...APT_PACKAGES, ...config.aptPackages])].sort();
  const plugins = pluginPackages(settings, config);
  const tools = INFRA_TOOLS.map((t) =>
    t.publisher === 'hashicorp' ? hashicorpTool(t) : onePasswordTool(t),
  );
  const parts = [
    '# syntax=docker/dockerfile:1',
    `# The ${settings.name} gateway image, generated by openclaw-octant from the site description:`,
    '# edit the site (gateways[].imageRecipe) and run synth instead of editing this file.',
    '# No secret is ever baked in: tokens reach the container at run time.',
    `ARG OPENCLAW_VERSION=${version}`,
    `FROM ${OPENCLAW_BASE_IMAGE}:\${OPENCLAW_VERSION}`,
    '# An ARG before FROM is in scope for FROM only: declare it again to use it below.',
    'ARG OPENCLAW_VERSION',
    '',
    'USER root',
    'ARG DEBIAN_FRONTEND=noninteractive',
    run([
      'apt-get update &&',
      `apt-get install -y --no-install-recommends ${apt.join(' ')} &&`,
      'rm -rf /var/lib/apt/lists/*',
    ]),
    '',
    '# Infrastructure CLIs at pinned versions; each download is verified against the signed',
    '# checksum (or signature) of its publisher, whose key is pinned by fingerprint.',
    `ARG HASHICORP_KEY=${HASHICORP_KEY_FINGERPRINT}`,
    `ARG ONEPASSWORD_KEY=${ONEPASSWORD_KEY_FINGERPRINT}`,
    'ARG GNUPGHOME=/tmp/gnupg',
    run([
      'set -eux; mkdir -m 700 -p "$GNUPGHOME";',
      `curl -fsSL ${HASHICORP_KEY_URL} | gpg --batch --import;`,
      'gpg --batch --fingerprint "${HASHICORP_KEY}"',
    ]),
    ...tools,
    'RUN rm -rf "$GNUPGHOME"',
    '',
  ];
  const binaries = releaseBinaries(config);
  if (binaries.length > 0) {
    parts.push(
      '# Release binaries named by the site, each checked against the SHA-256 the site pins for',
      '# the build architecture (a build for an architecture without one fails).',
      ...binaries.map(releaseBinaryStep),
      '',
    );
  }
  if (plugins.length > 0) {
    parts.push(
      "# The site's channel plugins at the gateway's version (released in lock-step), in the npm",
      "# cache the gateway's own plugin install reads: its first start installs them from here.",
      `ENV NPM_CONFIG_CACHE=${PLUGIN_NPM_CACHE} NPM_CONFIG_PREFER_OFFLINE=true`,
      run([
        `npm ${pluginFetchArgs(
          '/tmp/plugin-fetch',
          plugins.map((p) => `${p}@\${OPENCLAW_VERSION}`),
        ).join(' ')} &&`,
        `rm -rf /tmp/plugin-fetch && chown -R node:node ${PLUGIN_NPM_CACHE}`,
      ]),
      '',
    );
  }
  parts.push(
    `LABEL org.opencontainers.image.title="${settings.name}" \\`,
    '      org.opencontainers.image.version="${OPENCLAW_VERSION}" \\',
    `      org.opencontainers.image.base.name="${OPENCLAW_BASE_IMAGE}:\${OPENCLAW_VERSION}"`,
    "# Back to the image's unprivileged user (uid 1000): the volumes are owned by it.",
    'USER node',
    '',
  );
  return parts.join('\n');
}

/** README section: build, tag and push exactly the image the job runs. */
export function imageReadmeSection(settings: GatewaySettings, config: ImageConfig): string {
  const image = settings.image;
  const registry = registryOf(image);
  const plugins = pluginPackages(settings, config);
  const lines = [
    `\`${CONTAINERFILE}\` builds the gateway image: OpenClaw ${openclawVersionOf(settings)} ` +
      `(\`${OPENCLAW_BASE_IMAGE}\`), ${INFRA_TOOLS.map((t) => `\`${t.name}\` ${t.version}`).join(', ')} ` +
      "(each verified against its publisher's signed checksum or signature at build time), " +
      `the Debian tools ${[...APT_PACKAGES, ...config.aptPackages].map((p) => `\`${p}\``).join(', ')}` +
      (plugins.length > 0
        ? `, the channel plugins ${plugins.map((p) => `\`${p}\``).join(', ')} in the npm cache ` +
          `\`${PLUGIN_NPM_CACHE}\` (OpenClaw installs official plugins into its state itself and ` +
          'trusts them only then; its first start installs them from this cache instead of downloading them)'
        : '') +
      ". It runs as the image's `node` user and holds no secret.",
    '',
    'Build it, then push it where the job pulls it from. The job runs exactly this reference:',
    '',
    '```bash',
    `podman build -t ${image} -f ${CONTAINERFILE} .`,
  ];
  if (registry !== undefined) {
    lines.push(`podman push ${image}`, '```');
  } else {
    lines.push(
      '```',
      '',
      `\`${image}\` names no registry, so it is not pushed: build it on the Nomad client that runs ` +
        'the gateway (rootless Podman, as the Nomad user; the job does not force a pull of a ' +
        'local image), or set ' +
        '`gateways[].image` to `<registry>/<name>:<tag>` and push it with ' +
        `\`podman push <registry>/<name>:<tag>\` before \`terraform apply\`.`,
    );
  }
  lines.push(
    '',
    'A new OpenClaw version means a new tag: rebuild and push before applying the module.',
  );
  return lines.join('\n');
}
