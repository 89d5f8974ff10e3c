/**
 * The infrastructure CLIs the homelab image carries (the deployment plan's list), at pinned
 * versions. Checked-in facts, one place: bump a version here and synth regenerates the recipe.
 *
 * Verification: every download is checked at build time against its publisher's signed checksum
 * (HashiCorp: `<tool>_<version>_SHA256SUMS` signed by HashiCorp's release key; 1Password: the
 * `op.sig` signature shipped in the zip), with the signing key pinned by fingerprint below. A
 * `sha256` entry, where one is recorded from the publisher's SHA256SUMS, is checked as well.
 */

/** HashiCorp's release signing key (https://www.hashicorp.com/security). */
export const HASHICORP_KEY_FINGERPRINT = 'C874011F0AB405110D02105534365D9472D7468F';
export const HASHICORP_KEY_URL = 'https://www.hashicorp.com/.well-known/pgp-key.txt';
/** 1Password's CLI signing key (1Password CLI docs, "verify the authenticity"). */
export const ONEPASSWORD_KEY_FINGERPRINT = '3FEF9748469ADBE15DA7CA80AC2D62742012EA22';
export const ONEPASSWORD_KEYSERVER = 'hkps://keyserver.ubuntu.com';

export interface InfraTool {
  readonly name: 'nomad' | 'consul' | 'terraform' | 'op';
  readonly version: string;
  readonly publisher: 'hashicorp' | '1password';
  /** sha256 of the linux_amd64 zip, from the publisher's SHA256SUMS. @default - signature only */
  readonly sha256Amd64?: string;
}

export const INFRA_TOOLS: readonly InfraTool[] = [
  { name: 'nomad', version: '1.10.5', publisher: 'hashicorp' },
  { name: 'consul', version: '1.21.5', publisher: 'hashicorp' },
  { name: 'terraform', version: '1.13.1', publisher: 'hashicorp' },
  { name: 'op', version: '2.30.3', publisher: '1password' },
];

/**
 * Debian packages: the plan's general tools (jq, curl, ssh, dig) plus what the backup job runs
 * (sqlite3 for consistent database snapshots, restic for the restic target) and what the build
 * needs to verify downloads (gnupg, unzip). Versions come from the base image's Debian release.
 */
export const APT_PACKAGES: readonly string[] = [
  'bind9-dnsutils',
  'ca-certificates',
  'curl',
  'gnupg',
  'jq',
  'openssh-client',
  'restic',
  'sqlite3',
  'unzip',
];

/**
 * npm cache in the image holding the site's plugin packages. OpenClaw installs official plugins
 * itself, into its state (`~/.openclaw/npm/projects/...`), and trusts them only when installed
 * that way: a plugin loaded from a path in the image is refused at run time
 * (PluginTrustRefusalError, seen with OpenClaw 2026.9.6). So the image carries the packages in
 * the npm cache the gateway's own `npm install` reads (NPM_CONFIG_CACHE, prefer-offline): the
 * first start installs from the image without downloading, later starts find them in the state.
 */
export const PLUGIN_NPM_CACHE = '/opt/openclaw/npm-cache';

/** The npm arguments that fetch plugin packages into a cache, as OpenClaw's own install does. */
export function pluginFetchArgs(prefix: string, packages: readonly string[]): string[] {
  return [
    'install',
    '--prefix',
    prefix,
    '--omit=dev',
    '--omit=peer',
    '--legacy-peer-deps',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    ...packages,
  ];
}

/** OpenClaw's own image, one tag per release. */
export const OPENCLAW_BASE_IMAGE = 'ghcr.io/openclaw/openclaw';

/** The gog skill's file-keyring password (`imageRecipe.gogKeyringPassword`), read from the env. */
export const GOG_KEYRING_PASSWORD_ENV = 'GOG_KEYRING_PASSWORD';
