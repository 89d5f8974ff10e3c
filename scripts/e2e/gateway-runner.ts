import { type ChildProcess, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { KILL_TIMEOUT } from '../../lib/openclaw/gateway';
import { gatewayBaseEnv, type OpenClawInstall } from './install';

/**
 * Runs one generated deployment on the real gateway: the openclaw.json, env, command and args
 * exactly as the Nomad job or the Phase 1 container would hand them over, with three changes a
 * test needs: paths of the container (home, state dir, config file) become temporary folders,
 * the listener becomes a free 127.0.0.1 port (never another address), and
 * OPENCLAW_SKIP_CHANNELS=1 keeps the gateway from reaching any chat service.
 */

/** What a deployment hands the gateway. */
export interface GatewayCase {
  readonly name: string;
  /** openclaw.json as rendered. */
  readonly config: string;
  /** Where the deployment puts it (OPENCLAW_CONFIG_PATH). */
  readonly configPath: string;
  /** The command and args, e.g. `node dist/index.js gateway --bind lan --port 18789`. */
  readonly command: readonly string[];
  /** Plain env plus secret env, as the container sees it. */
  readonly env: Readonly<Record<string, string>>;
  /** The env var holding the gateway token. */
  readonly tokenEnv: string;
}

export interface GatewayRun {
  readonly validate: { valid: boolean; warnings: unknown[]; raw: string };
  readonly timings: Record<string, number>;
  readonly http: { none: number; wrong: number; right: number };
  readonly ws: {
    none: Record<string, unknown>;
    wrong: Record<string, unknown>;
    right: Record<string, unknown>;
  };
  readonly health: { live: string; ready: string };
  /** RSS of the gateway process tree once ready, MB. */
  readonly memoryMb: { main: number; total: number; processes: number };
  readonly configUnchanged: boolean;
  /** Listening sockets of the gateway's port not on 127.0.0.1. */
  readonly foreignListeners: string[];
  /** Plugin folders in the state dir before and after, and npm processes seen. */
  readonly plugins: { before: string[]; after: string[]; npmSeen: boolean };
  readonly stoppedBy: 'SIGTERM' | 'SIGKILL';
  readonly log: string;
}

/** A fake value per secret, never a real one. */
export function fakeSecret(name: string): string {
  return `fake-${name.toLowerCase().replace(/_/g, '-')}-${randomBytes(8).toString('hex')}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr !== null ? addr.port : 0));
    });
  });
}

/** Pids of `pid` and its descendants, from /proc. */
function processTree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {
      // gone
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  }
  return out.filter((p) => parent.has(p));
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Listening TCP sockets on `port` whose address is not 127.0.0.1 (hex from /proc/net/tcp*). */
function foreignListeners(port: number): string[] {
  const out: string[] = [];
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [addr, p] = cols[1].split(':');
      if (p !== hexPort) continue;
      const loopback = addr === '0100007F' || addr === '00000000000000000000000001000000';
      if (!loopback) out.push(`${f} ${cols[1]}`);
    }
  }
  return out;
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Gateways started and not yet stopped: killed if the test process exits first. */
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** Progress on stderr, unbuffered, so a slow run shows where it is. */
function progress(name: string, t0: number, step: string): void {
  process.stderr.write(`[e2e ${name} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${step}\n`);
}

/** Per request; generous because a loaded CI host answers slowly, not wrongly. */
const REQUEST_TIMEOUT_MS = 30000;

async function status(url: string, init?: RequestInit): Promise<number> {
  try {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await r.text();
    return r.status;
  } catch {
    return 0;
  }
}

async function body(url: string): Promise<string> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return await r.text();
  } catch (e) {
    return JSON.stringify({ error: String(e) });
  }
}

/** Rewrites the listener to loopback and `port`, in the config and the args alike. */
export function toLoopback(c: GatewayCase, port: number): { config: string; command: string[] } {
  const json = JSON.parse(c.config) as { gateway: { bind: string; port: number } };
  json.gateway.bind = 'loopback';
  json.gateway.port = port;
  const command = [...c.command];
  const b = command.indexOf('--bind');
  if (b >= 0) command[b + 1] = 'loopback';
  const p = command.indexOf('--port');
  if (p >= 0) command[p + 1] = String(port);
  return { config: `${JSON.stringify(json, null, 2)}\n`, command };
}

/**
 * Puts the state folder back to the seed. The installed plugins (`npm/`, thousands of files)
 * are left in place: no run may change them, which each run checks.
 */
function resetState(inst: OpenClawInstall): void {
  for (const e of fs.readdirSync(inst.stateDir)) {
    if (e !== 'npm') fs.rmSync(path.join(inst.stateDir, e), { recursive: true, force: true });
  }
  for (const e of fs.readdirSync(inst.seedState)) {
    const to = path.join(inst.stateDir, e);
    if (e === 'npm' && fs.existsSync(to)) continue;
    fs.cpSync(path.join(inst.seedState, e), to, { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * The state folder is one per cache (plugin installs are recorded by absolute path), so two
 * runs sharing a cache take turns: a lock file holding the owner's pid, taken over when that
 * process is gone.
 */
export async function lockState(inst: OpenClawInstall): Promise<() => void> {
  const lock = `${inst.stateDir}.lock`;
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch {
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      let alive = Number.isInteger(owner) && owner > 0;
      try {
        if (alive) process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is held by pid ${owner}`);
      else await sleep(2000);
    }
  }
}

/** Validates, starts, probes and stops one case; never throws once started without stopping. */
/** `config validate --json` of the release on `config`, with the seeded state (plugins). */
export async function validateConfig(
  inst: OpenClawInstall,
  config: string,
  env: Readonly<Record<string, string>>,
): Promise<{ valid?: boolean; warnings?: unknown[]; issues?: unknown[] }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-e2e-validate-'));
  const unlock = await lockState(inst);
  try {
    resetState(inst);
    const file = path.join(work, 'openclaw.json');
    fs.writeFileSync(file, config);
    const r = spawnSync(inst.node, ['dist/index.js', 'config', 'validate', '--json'], {
      cwd: inst.packageDir,
      env: {
        ...gatewayBaseEnv(inst),
        ...env,
        HOME: work,
        OPENCLAW_CONFIG_PATH: file,
        OPENCLAW_STATE_DIR: inst.stateDir,
        OPENCLAW_SKIP_CHANNELS: '1',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    // One line when valid, pretty-printed with its issues when not.
    const lines = r.stdout.split('\n');
    const first = lines.findIndex((l) => l.startsWith('{'));
    return JSON.parse(first < 0 ? '{}' : lines.slice(first).join('\n')) as {
      valid?: boolean;
      warnings?: unknown[];
      issues?: unknown[];
    };
  } finally {
    unlock();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export async function runGateway(inst: OpenClawInstall, c: GatewayCase): Promise<GatewayRun> {
  const t0 = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `openclaw-e2e-${c.name}-`));
  const home = path.join(work, 'home');
  const state = inst.stateDir;
  fs.mkdirSync(home, { recursive: true });
  progress(c.name, t0, 'waiting for the state folder');
  const unlock = await lockState(inst);
  try {
    resetState(inst);
    return await runLocked(inst, c, { t0, work, home, state });
  } finally {
    unlock();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function runLocked(
  inst: OpenClawInstall,
  c: GatewayCase,
  dirs: { t0: number; work: string; home: string; state: string },
): Promise<GatewayRun> {
  const { t0, work, home, state } = dirs;
  const since = () => Math.round((Date.now() - t0) / 100) / 10;
  const timings: Record<string, number> = {};
  const port = await freePort();
  const { config, command } = toLoopback(c, port);
  const configFile = path.join(work, 'local', path.basename(c.configPath));
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(configFile, config);

  const containerHome = c.env.HOME ?? '/home/node';
  const mapPath = (v: string): string => {
    if (v === c.configPath) return configFile;
    if (v === c.env.OPENCLAW_STATE_DIR) return state;
    if (v === containerHome) return home;
    return v;
  };
  const env: NodeJS.ProcessEnv = { ...gatewayBaseEnv(inst) };
  for (const [k, v] of Object.entries(c.env)) env[k] = mapPath(v);
  env.OPENCLAW_SKIP_CHANNELS = '1';
  const token = c.env[c.tokenEnv];

  // 1. The release's own verdict on the file.
  progress(c.name, t0, 'config validate');
  const v = spawnSync(inst.node, ['dist/index.js', 'config', 'validate', '--json'], {
    cwd: inst.packageDir,
    env,
    encoding: 'utf8',
    timeout: 120000,
  });
  const line = v.stdout.split('\n').find((l) => l.startsWith('{')) ?? '{}';
  const verdict = JSON.parse(line) as { valid?: boolean; warnings?: unknown[] };
  timings.validate = since();

  // 2. Start with the deployment's own command (its `node` is the installed one).
  if (command[0] !== 'node') throw new Error(`unexpected command ${command[0]}`);
  const pluginsBefore = listDir(path.join(state, 'npm', 'projects'));
  const logFile = path.join(work, 'gateway.log');
  const logFd = fs.openSync(logFile, 'w');
  const tStart = Date.now();
  const child: ChildProcess = spawn(inst.node, command.slice(1), {
    cwd: inst.packageDir,
    env,
    stdio: ['ignore', logFd, logFd],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('gateway did not start');
  live.add(pid);
  progress(c.name, t0, `gateway started, pid ${pid}, port ${port}`);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${port}`;
  const fromStart = () => Math.round((Date.now() - tStart) / 100) / 10;
  let npmSeen = false;
  const watchNpm = () => {
    for (const p of processTree(pid)) if (/\bnpm\b/.test(cmdline(p))) npmSeen = true;
  };

  try {
    const deadline = Date.now() + 300000;
    // Polls answer fast or not at all (nothing listens yet): a short timeout per poll.
    const poll = (p: string) =>
      fetch(`${base}${p}`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.text().then(() => r.status),
        () => 0,
      );
    while (!exited && Date.now() < deadline && (await poll('/health')) !== 200) {
      watchNpm();
      await sleep(250);
    }
    timings.live = fromStart();
    progress(c.name, t0, 'live');
    while (!exited && Date.now() < deadline && (await poll('/readyz')) !== 200) {
      watchNpm();
      await sleep(250);
    }
    timings.ready = fromStart();
    progress(c.name, t0, 'ready');
    if (exited) throw new Error(`gateway exited:\n${fs.readFileSync(logFile, 'utf8')}`);
    const health = { live: await body(`${base}/health`), ready: await body(`${base}/readyz`) };

    const tree = processTree(pid);
    const memoryMb = {
      main: rssMb(pid),
      total: tree.reduce((n, p) => n + rssMb(p), 0),
      processes: tree.length,
    };

    // 3. HTTP and WebSocket auth.
    const invoke = (auth?: string) =>
      status(`${base}/tools/invoke`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(auth !== undefined ? { authorization: `Bearer ${auth}` } : {}),
        },
        body: JSON.stringify({ tool: 'sessions_list', args: {} }),
      });
    const http = {
      none: await invoke(),
      wrong: await invoke(`${token}-wrong`),
      right: await invoke(token),
    };
    const probe = path.join(__dirname, 'ws-probe.mjs');
    const wsProbe = (t: string): Record<string, unknown> => {
      const r = spawnSync(inst.node, [probe, `ws://127.0.0.1:${port}`, t], {
        encoding: 'utf8',
        timeout: 60000,
      });
      return JSON.parse(r.stdout.trim() || '{}') as Record<string, unknown>;
    };
    const ws = { none: wsProbe(''), wrong: wsProbe(`${token}-wrong`), right: wsProbe(token) };
    timings.auth = fromStart();
    const listeners = foreignListeners(port);
    watchNpm();

    // 4. Stop by PID: SIGTERM, SIGKILL after the grace period.
    progress(c.name, t0, 'auth checked; SIGTERM');
    const tStop = Date.now();
    const stoppedBy = await stop(child, pid);
    timings.stop = Math.round((Date.now() - tStop) / 100) / 10;
    progress(c.name, t0, `stopped by ${stoppedBy}`);
    const after = listDir(path.join(state, 'npm', 'projects'));
    const log = fs.readFileSync(logFile, 'utf8');
    return {
      validate: {
        valid: verdict.valid === true,
        warnings: verdict.warnings ?? [],
        raw: line,
      },
      timings,
      http,
      ws,
      health,
      memoryMb,
      configUnchanged: fs.readFileSync(configFile, 'utf8') === config,
      foreignListeners: listeners,
      plugins: { before: pluginsBefore, after, npmSeen },
      stoppedBy,
      log,
    };
  } finally {
    if (!exited) await stop(child, pid);
    fs.closeSync(logFd);
  }
}

/** The job's own kill_timeout: the grace Nomad gives a stopping gateway. */
const STOP_GRACE_MS = Number.parseInt(KILL_TIMEOUT, 10) * 1000;

/** SIGTERM, then SIGKILL after the grace; stragglers of the tree get SIGKILL by pid. */
async function stop(child: ChildProcess, pid: number): Promise<'SIGTERM' | 'SIGKILL'> {
  const tree = processTree(pid);
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(pid);
    return 'SIGTERM';
  }
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  process.kill(pid, 'SIGTERM');
  // The grace timer is cleared once the gateway is gone: left running, it held the test
  // process open for the whole grace after the last test.
  let timer: NodeJS.Timeout | undefined;
  const graceful = await Promise.race([
    done.then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), STOP_GRACE_MS))),
  ]);
  clearTimeout(timer);
  if (!graceful) {
    process.kill(pid, 'SIGKILL');
    await done;
  }
  live.delete(pid);
  for (const p of tree.slice(1)) {
    // Only the gateway's own workers (a pid may have been reused since).
    if (!cmdline(p).includes('openclaw')) continue;
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return graceful ? 'SIGTERM' : 'SIGKILL';
}
