/**
 * Extracts the JSON Schema of `openclaw.json` from each supported OpenClaw release, as the
 * release itself prints it (`openclaw config schema`), into `<version>.schema.json.gz` beside
 * this script. The release and its Node come from the e2e install cache (scripts/e2e/install.ts).
 * `generate.ts` turns the extract into the types and the validation schema under
 * `lib/openclaw/config/`.
 *
 *   npm run openclaw-schema:extract [version...]   (then npm run openclaw-schema:generate)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { ensureRelease, gatewayBaseEnv } from '../e2e/install';
import {
  isSupportedOpenClawVersion,
  SUPPORTED_OPENCLAW_VERSIONS,
  type OpenClawVersion,
} from '../../lib/openclaw/versions';

export const EXTRACT_DIR = __dirname;

export function extractPath(version: string): string {
  return path.join(EXTRACT_DIR, `${version}.schema.json.gz`);
}

/** The schema text the release prints, run with an empty HOME so no local config leaks in. */
export function releaseSchema(version: OpenClawVersion): string {
  const rel = ensureRelease(version);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-schema-'));
  try {
    const r = spawnSync(rel.node, ['dist/index.js', 'config', 'schema'], {
      cwd: rel.packageDir,
      env: { ...gatewayBaseEnv(rel), HOME: home },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    if (r.status !== 0) {
      throw new Error(`openclaw config schema failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    }
    JSON.parse(r.stdout); // refuse to store anything but JSON
    return r.stdout;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The extract as stored: gzip (fixed header, so the bytes depend on the text only). */
export function readExtract(version: string): string {
  return zlib.gunzipSync(fs.readFileSync(extractPath(version))).toString('utf8');
}

if (require.main === module) {
  const asked = process.argv.slice(2);
  const versions = asked.length > 0 ? asked : [...SUPPORTED_OPENCLAW_VERSIONS];
  for (const v of versions) {
    if (!isSupportedOpenClawVersion(v))
      throw new Error(`${v} is not in SUPPORTED_OPENCLAW_VERSIONS`);
    const text = releaseSchema(v);
    fs.writeFileSync(extractPath(v), zlib.gzipSync(text, { level: 9 }));
    process.stdout.write(`${extractPath(v)}: ${text.length} bytes of schema\n`);
  }
}
