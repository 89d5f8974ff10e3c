import * as path from 'path';
import { stringify } from 'yaml';
import type { JobFile } from '../../lib/nomad/model';
import { writeFilesAtomic } from '../../lib/util/atomic-write';
import { withScratchDir } from '../../lib/util/boundary';
import { UserError } from '../../lib/util/errors';
import { wiringDifferences, wiringOfGenerated, wiringOfHandWritten } from './compare';
import { GATEWAY_OWN_ENV, GatewayNotTyped, typedGateway, type GatewayImport } from './gateway';
import { CONFIG_DIR, MOVED_FILE } from './read';

/** Where a module keeps the openclaw.json of its config volume (carried paths). */
const CONFIG_NAMES = ['openclaw.json', `${CONFIG_DIR}/openclaw.json`];
import type { Moves } from './report';
import type { ServiceVariables } from './variables';
import { GATEWAY_PORT } from '../../lib/openclaw/defaults';

/**
 * An OpenClaw gateway among the imported modules: recognized by its job, mapped onto typed
 * `gateways` settings (gateway.ts), synthesized into a scratch folder and compared with the
 * hand-written module before it is accepted; else a commented suggestion in the site file.
 */

/** What marks a job as an OpenClaw gateway: its image, its port (GATEWAY_PORT), ~/.openclaw mounts. */
export function recognizeOpenClaw(file: JobFile): string[] {
  const signs = new Set<string>();
  for (const g of file.job.group) {
    for (const p of g.network?.port ?? []) {
      if (p.to === GATEWAY_PORT || p.static === GATEWAY_PORT) signs.add(`port ${GATEWAY_PORT}`);
    }
    for (const t of g.task) {
      const cfg = (t.config ?? {}) as Record<string, unknown>;
      if (typeof cfg.image === 'string' && /openclaw/i.test(cfg.image))
        signs.add(`image ${cfg.image}`);
      const vols = Array.isArray(cfg.volumes) ? (cfg.volumes as unknown[]) : [];
      if (vols.some((v) => typeof v === 'string' && v.includes('.openclaw')))
        signs.add('~/.openclaw mounts');
      for (const mt of t.volumeMount ?? []) {
        if (typeof mt.destination === 'string' && mt.destination.includes('.openclaw'))
          signs.add('~/.openclaw mounts');
      }
    }
  }
  return [...signs];
}

export interface TypedAttempt {
  readonly abs: string;
  readonly rel: (f: string) => string;
  readonly siteFile: string;
  readonly original: JobFile;
  readonly variables: ServiceVariables;
  readonly secrets: Readonly<Record<string, { op: string }>>;
  readonly cleaned: ReadonlyMap<string, { text: string; redacted: string[] }>;
  readonly otherFiles: readonly string[];
  /** Env of the task built from module variables: name -> `${variable}` text. */
  readonly liveEnv: Readonly<Record<string, string>>;
  readonly unsupported: readonly string[];
  readonly moves: Moves;
}

export type TypedResult = GatewayImport & { name: string; moves: Moves };

/**
 * The typed gateway settings of an OpenClaw module, synthesized into a scratch folder and
 * compared with the hand-written module (job API JSON, 1Password reads, nomad_variable, module
 * variables); `why` says what kept it a generic service.
 */
export async function tryTypedGateway(a: TypedAttempt): Promise<TypedResult | { why: string }> {
  const configName = CONFIG_NAMES.find((n) => a.cleaned.has(n));
  // Further config files (config/teams/<team>/openclaw.json): kept beside the module as written.
  const kept = a.otherFiles.filter((f) => f.startsWith(`${CONFIG_DIR}/`) && f !== configName);
  const others = a.otherFiles.filter(
    (f) => f !== MOVED_FILE && f !== configName && !kept.includes(f),
  );
  const unsupported = [
    ...a.unsupported,
    ...(others.length > 0
      ? [`files beside it other than openclaw.json (${others.join(', ')})`]
      : []),
  ];
  if (unsupported.length > 0) return { why: unsupported.join('; ') };
  let typed: GatewayImport;
  try {
    const config = configName !== undefined ? a.cleaned.get(configName) : undefined;
    const file = a.rel(configName ?? 'openclaw.json');
    typed = typedGateway({
      original: a.original,
      variables: a.variables,
      secrets: a.secrets,
      liveEnv: a.liveEnv,
      ...(config !== undefined
        ? { config: { file, text: config.text, redacted: config.redacted } }
        : {}),
    });
  } catch (e) {
    if (e instanceof GatewayNotTyped) return { why: e.message };
    throw e;
  }
  const gateway = (typed.site.gateways ?? [])[0] as {
    name: string;
    files?: Record<string, string>;
  };
  gateway.files = {
    ...(a.moves.length > 0 ? { [MOVED_FILE]: MOVED_FILE } : {}),
    ...Object.fromEntries(kept.map((f) => [f, f])),
  };
  if (Object.keys(gateway.files).length === 0) delete gateway.files;
  const keptLines = kept.map(
    (f) =>
      `openclaw: ${a.rel(f)} -> files.${f}: kept beside the module as written (literal credentials replaced by references); the job does not read it`,
  );
  const why = await sameWiring(a, typed, gateway.name, kept);
  if (why !== undefined) return { why };
  return { ...typed, report: [...typed.report, ...keptLines], name: gateway.name, moves: a.moves };
}

/** Synthesized into a scratch folder and compared, before anything is written. */
async function sameWiring(
  a: TypedAttempt,
  typed: GatewayImport,
  name: string,
  kept: readonly string[],
): Promise<string | undefined> {
  // The app itself (import sits above main.ts): the same synth as `openclaw-octant synth`.
  const { main } = await import('../../main');
  return withScratchDir('openclaw-octant-import-', async (scratch) => {
    const siteDir = path.join(scratch, 'site');
    const site = path.join(siteDir, path.basename(a.siteFile));
    writeFilesAtomic(
      new Map([
        [site, stringify(typed.site, { lineWidth: 0 })],
        ...(a.moves.length > 0 ? [[path.join(siteDir, MOVED_FILE), ''] as [string, string]] : []),
        ...kept.map(
          (f) => [path.join(siteDir, f), a.cleaned.get(f)?.text ?? ''] as [string, string],
        ),
      ]),
    );
    try {
      main({
        sitePath: site,
        outdir: path.join(scratch, 'out'),
        jobsDir: path.join(scratch, 'jobs'),
        leaveStackFolders: false,
      });
      const before = await wiringOfHandWritten(a.abs, { evaluateConfig: true });
      const after = await wiringOfGenerated(path.join(scratch, 'out', 'octant', 'terraform', name));
      const diff = wiringDifferences(before, after);
      return diff.length > 0 ? `the typed settings would change ${diff.join(', ')}` : undefined;
    } catch (e) {
      if (e instanceof UserError) return `the typed settings do not synthesize: ${e.rule}`;
      throw e;
    }
  });
}

/**
 * The typed `gateways` entry an OpenClaw job maps onto, as site-file comments: what maps
 * (name, image, resources, plain and secret env, homepage tags) and, in the report, what the
 * typed gateway would change (names, mounts, ports). Not applied: the job must stay identical.
 */
export function gatewaySuggestion(file: JobFile, report: string[]): string[] {
  const group = file.job.group[0];
  const task = group?.task[0];
  if (!group || !task) return [];
  const entry = suggestedEntry(file, group, task);
  if (group.name !== 'gateway' || task.name !== 'gateway') {
    report.push(
      `openclaw: typed gateways name the group and task "gateway" (this job: "${group.name}"/"${task.name}"); kept as written`,
    );
  }
  report.push(
    'openclaw: the typed gateway settings this job maps onto are in the site file as comments (not applied)',
  );
  const yaml = stringify({ gateways: [entry] }, { lineWidth: 0 })
    .trimEnd()
    .split('\n');
  return [
    '#',
    '# The typed gateway settings this OpenClaw job maps onto (not applied: the typed gateway',
    '# renders its own job). Review them before moving the service to `gateways`:',
    ...yaml.map((l) => `#   ${l}`),
  ];
}

type Group = JobFile['job']['group'][number];

function suggestedEntry(file: JobFile, group: Group, task: Group['task'][number]) {
  const cfg = (task.config ?? {}) as Record<string, unknown>;
  const entry: Record<string, unknown> = { name: file.job.name };
  if (typeof cfg.image === 'string') entry.image = cfg.image;
  const r = task.resources;
  if (r) {
    entry.resources = {
      ...(typeof r.cpu === 'number' ? { cpu: r.cpu } : {}),
      ...(typeof r.memory === 'number' ? { memory: r.memory } : {}),
      ...(typeof r.memoryMax === 'number' ? { memoryMax: r.memoryMax } : {}),
    };
  }
  const env: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(task.env ?? {})) {
    if (!GATEWAY_OWN_ENV.has(k) && typeof v === 'string') env[k] = v;
  }
  for (const t of task.template ?? []) {
    if (t.env !== true || typeof t.data !== 'string') continue;
    for (const mt of t.data.matchAll(
      /^([A-Za-z_][A-Za-z0-9_]*)=['"]?\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)/gm,
    )) {
      if (mt[1] === 'OPENCLAW_GATEWAY_TOKEN') entry.tokenSecret = mt[2];
      else env[mt[1]] = { secret: mt[2] };
    }
  }
  if (Object.keys(env).length > 0) entry.env = env;
  const tags = Array.isArray(group.service?.[0]?.tags) ? (group.service[0].tags as unknown[]) : [];
  const homepage: Record<string, string> = {};
  for (const tag of tags) {
    const mt =
      typeof tag === 'string' ? /^homepage\.(group|name|icon|description)=(.*)$/.exec(tag) : null;
    if (mt) homepage[mt[1]] = mt[2];
  }
  if (Object.keys(homepage).length > 0) entry.homepage = homepage;
  if (Array.isArray(cfg.volumes)) entry.storage = 'bindMount';
  return entry;
}
