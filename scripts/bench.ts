/**
 * `npm run bench`: prints the project's speed and memory figures. Targets (from the issues):
 * - render + validate 1,000 generated jobs: under 1 s;
 * - `npm run synth` of the default site: median of 5 under 0.6 s, at most 1.5x the floor (a Node
 *   process loading cdktf and the provider classes the stack needs: scripts/bench-floor.ts,
 *   measured side by side; scripts/bench-floor-site.ts adds the site's libraries, zod and yaml,
 *   and scripts/bench-floor-check.ts the OpenClaw schema check, to show what part of the ratio
 *   they take), and at least 20x faster than `npx cdktf synth` with the cdktf
 *   template's stock app command `npx ts-node main.ts`;
 * - synth of a site with 100 generated gateways: under 2 s;
 * - a whole Octant tree (77 modules, scripts/bench-tree.ts) imported in one call: at most 10 s;
 *   synth of the site it writes: at most 3 s;
 * - `validate`, `fmt`, `convert` of one jobspec: median under 150 ms, peak RSS under 100 MB;
 *   many files in one call: at least 200 files/s.
 * Figures are printed, never asserted: timings belong here, not in tests.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { generateJobs } from './bench-jobs';
import { OCTANT_TREE_SIZE, writeOctantTree } from './bench-tree';
import { renderHcl } from '../lib/nomad/hcl/render';
import { validate } from '../lib/nomad/validate';
import { loadSite } from '../homelab/load';
import { OCTANT_MODULES_DIR } from '../lib/terraform/octant-service';

export interface BenchOptions {
  /** Project root (where package.json and bin/ are). */
  readonly root: string;
  /** Runs of each synth measurement. @default 5 */
  readonly runs?: number;
  /** Skip the slow stock `npx cdktf synth` comparison. @default false */
  readonly skipStock?: boolean;
  readonly print: (line: string) => void;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** `runs` rounds of every measurement in turn; the figures of each, in the order given. */
function interleave(runs: number, measures: readonly (() => number)[]): number[][] {
  const out = measures.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) measures.forEach((m, k) => out[k].push(m()));
  return out;
}

function timeCommand(cmd: string, args: readonly string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}):\n${res.stderr}${res.stdout}`);
  }
  return ms;
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function benchJobspecCore(print: (l: string) => void): void {
  const jobs = generateJobs(1000);
  const rssBefore = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  let bytes = 0;
  let errors = 0;
  for (const job of jobs) {
    bytes += renderHcl(job).length;
    errors += validate(job).filter((d) => d.severity === 'error').length;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const peak = process.resourceUsage().maxRSS / 1024;
  print(
    `jobspec core: render + validate 1000 jobs: ${fmtMs(ms)} (target < 1 s); ` +
      `${(bytes / 1024).toFixed(0)} KiB of HCL, ${errors} validation errors; ` +
      `peak RSS ${peak.toFixed(0)} MiB (start ${(rssBefore / 1048576).toFixed(0)} MiB)`,
  );
}

function writeBigSite(dir: string, count: number): string {
  const base = loadSite();
  const template = base.gateways[0];
  const gateways = Array.from({ length: count }, (_, i) => ({
    ...template,
    name: `openclaw-${String(i).padStart(3, '0')}`,
    // Static host ports would clash (synth refuses that); let Nomad pick them.
    ports: { ...template.ports, static: false },
  }));
  const file = path.join(dir, 'site-100.yaml');
  fs.writeFileSync(file, stringify({ ...base, gateways }));
  return file;
}

/** Runs the CLI in a node process that reports its own peak RSS (MiB) when it exits. */
function peakRssMiB(cli: string, args: readonly string[], cwd: string): number {
  const script =
    `process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...${JSON.stringify(args)}];` +
    `process.on('exit', () => process.stderr.write('\\nmaxrss=' + process.resourceUsage().maxRSS + '\\n'));` +
    `require(${JSON.stringify(cli)});`;
  const res = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' });
  const m = /maxrss=(\d+)/.exec(res.stderr);
  return m ? Number(m[1]) / 1024 : NaN;
}

function benchJobspecCli(print: (l: string) => void, cli: string, tmp: string, runs: number): void {
  const dir = path.join(tmp, 'cli-jobs');
  fs.mkdirSync(dir, { recursive: true });
  const files = generateJobs(200).map((job, i) => {
    const file = path.join(dir, `job-${i}.nomad.hcl`);
    fs.writeFileSync(file, renderHcl(job));
    return file;
  });
  const one = files[0];
  // A hand-written file (a comment): the renderer would not write it byte-for-byte.
  const hand = path.join(dir, 'hand-written.nomad.hcl');
  fs.writeFileSync(hand, '# written by hand\n' + fs.readFileSync(one, 'utf8'));
  const single: [string, string[]][] = [
    ['validate', ['validate', one, '--var', 'image=busybox']],
    ['fmt --check', ['fmt', '--check', one]],
    ['fmt --check (hand-written, with a comment)', ['fmt', '--check', hand]],
    ['convert --to json', ['convert', one, '--to', 'json', '--var', 'image=busybox']],
  ];
  // What any node process costs on this machine now: the floor under the figures below.
  const floor = median(
    Array.from({ length: 5 }, () => timeCommand(process.execPath, ['-e', '0'], dir)),
  );
  print(`node start-up alone (node -e 0): median of 5: ${fmtMs(floor)}`);
  for (const [name, args] of single) {
    const ms = median(
      Array.from({ length: Math.max(runs, 5) }, () =>
        timeCommand(process.execPath, [cli, ...args], dir),
      ),
    );
    const rss = peakRssMiB(cli, args, dir);
    print(
      `${name} of one jobspec: median of ${Math.max(runs, 5)}: ${fmtMs(ms)} (target <= 150 ms); ` +
        `peak RSS ${rss.toFixed(0)} MiB (target <= 100 MB)`,
    );
  }
  const many: [string, string[]][] = [
    ['validate', ['validate', ...files, '--var', 'image=busybox']],
    ['fmt --check', ['fmt', '--check', ...files]],
  ];
  for (const [name, args] of many) {
    const ms = median(
      Array.from({ length: 3 }, () => timeCommand(process.execPath, [cli, ...args], dir)),
    );
    const rss = peakRssMiB(cli, args, dir);
    print(
      `${name} of ${files.length} jobspecs in one call: median of 3: ${fmtMs(ms)}, ` +
        `${((files.length * 1000) / ms).toFixed(0)} files/s (target >= 200); peak RSS ${rss.toFixed(0)} MiB`,
    );
  }
}

/** `import terraform/` of a whole synthetic Octant tree in one call, then synth of its site. */
function benchTree(print: (l: string) => void, cli: string, tmp: string, runs: number): void {
  const tree = path.join(tmp, 'tree', 'terraform');
  writeOctantTree(tree);
  const site = path.join(tmp, 'tree', 'site', 'site.yaml');
  const n = Math.max(Math.min(runs, 3), 1);
  const imports = Array.from({ length: n }, () =>
    timeCommand(process.execPath, [cli, 'import', tree, '--out', site, '--force'], tmp),
  );
  print(
    `import of a ${OCTANT_TREE_SIZE}-module Octant tree in one call: median of ${n}: ` +
      `${fmtMs(median(imports))} (target <= 10 s)`,
  );
  const out = path.join(tmp, 'tree', 'out');
  const jobs = path.join(tmp, 'tree', 'jobs');
  const synths = Array.from({ length: n }, () =>
    timeCommand(
      process.execPath,
      [cli, 'synth', '--site', site, '--out', out, '--jobs-dir', jobs],
      tmp,
    ),
  );
  print(`synth of that tree's site: median of ${n}: ${fmtMs(median(synths))} (target <= 3 s)`);
}

export function runBench(opts: BenchOptions): void {
  const { root, print } = opts;
  const runs = opts.runs ?? 5;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-octant-bench-'));
  const cli = path.join(root, 'bin', 'openclaw-octant.js');
  print(`machine: ${os.cpus().length} cores, node ${process.version}`);

  benchJobspecCore(print);
  benchJobspecCli(print, cli, tmp, runs);

  // Side by side, interleaved, so all three see the same machine load.
  const defer = path.join(root, 'bin', 'defer.js');
  const floorRun =
    (script: string, ...args: string[]) =>
    () =>
      timeCommand(
        process.execPath,
        ['-r', defer, path.join(root, 'dist', 'scripts', script), ...args],
        root,
      );
  const synthRun = () =>
    timeCommand(
      process.execPath,
      [cli, 'synth', '--out', path.join(tmp, 'ours'), '--jobs-dir', path.join(tmp, 'jobs')],
      root,
    );
  // The gateway's openclaw.json of the synth just before it (the first round's synth writes it).
  const config = path.join(tmp, 'ours', OCTANT_MODULES_DIR, 'openclaw', 'openclaw.json');
  const [floor, siteFloor, ours, checkFloor] = interleave(runs, [
    floorRun('bench-floor.js'),
    floorRun('bench-floor-site.js'),
    synthRun,
    floorRun('bench-floor-check.js', config),
  ]);
  const oursMedian = median(ours);
  const floorMedian = median(floor);
  print(`synth (npm run synth path): median of ${runs}: ${fmtMs(oursMedian)} (target < 600 ms)`);
  print(
    `synth floor (node + cdktf + provider classes): median of ${runs}: ${fmtMs(floorMedian)}; ` +
      `synth / floor: ${(oursMedian / floorMedian).toFixed(2)}x (target <= 1.5x)`,
  );
  print(
    `floor + zod + yaml + one parse of the site text: median of ${runs}: ` +
      `${fmtMs(median(siteFloor))} (${(median(siteFloor) / floorMedian).toFixed(2)}x the floor)`,
  );
  print(
    `... + the OpenClaw schema check of the gateway's openclaw.json (ajv): median of ${runs}: ` +
      `${fmtMs(median(checkFloor))} (${(median(checkFloor) / floorMedian).toFixed(2)}x the floor)`,
  );

  const site100 = writeBigSite(tmp, 100);
  const big = Array.from({ length: 3 }, () =>
    timeCommand(
      process.execPath,
      [
        cli,
        'synth',
        '--site',
        site100,
        '--out',
        path.join(tmp, 'big'),
        '--jobs-dir',
        path.join(tmp, 'big-jobs'),
      ],
      root,
    ),
  );
  print(`synth of a site with 100 gateways: median of 3: ${fmtMs(median(big))} (target < 2 s)`);
  benchTree(print, cli, tmp, runs);

  if (opts.skipStock) {
    print('stock cdktf synth: skipped (--skip-stock)');
  } else {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const stock = Array.from({ length: runs }, () =>
      timeCommand(
        npx,
        ['cdktf', 'synth', '--app', 'npx ts-node main.ts', '--output', path.join(tmp, 'stock')],
        root,
      ),
    );
    const stockMedian = median(stock);
    print(
      `stock \`npx cdktf synth\` (app: npx ts-node main.ts): median of ${runs}: ${fmtMs(stockMedian)}`,
    );
    print(`speed-up: ${(stockMedian / oursMedian).toFixed(1)}x (target >= 20x)`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
