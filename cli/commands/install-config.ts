import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { UsageError, UserError } from '../../lib/util/errors';
import {
  copyInputFile,
  kindAt,
  readInputBytes,
  readTextFile,
  resolveInside,
} from '../../lib/util/boundary';
import { writeFileAtomic } from '../../lib/util/atomic-write';

const CONFIG_NAME = 'openclaw.json';

const USAGE = `usage: openclaw-octant install-config FILE --to DIR [--force]

Installs a regenerated openclaw.json (the one synth or vendor writes beside the module of a
gateway with \`configFile: volume\`) into the gateway's config volume folder DIR, as
DIR/openclaw.json. The file is checked first (JSON, the pinned release's schema, no literal
credential). A config already in DIR is the operator's live one: it is never overwritten
without --force, and with --force it is first copied beside itself as
openclaw.json.bak-<UTC time>. The new file is written atomically (readers see the old or the
new file, never half of one); a symlink at DIR or at DIR/openclaw.json is refused, never
followed.

  --to DIR   the config volume folder, e.g. /mnt/services/openclaw-gateway/config
  --force    replace an existing openclaw.json (after backing it up)
`;

/** `20250102T030405Z`: sorts by time and is a plain file name (no `:`). */
function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** The checked content of FILE: JSON, the release's schema, no literal credential. */
async function readConfig(file: string, shown: string): Promise<string> {
  const text = readTextFile(file, shown);
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new UserError(
      shown,
      `is not JSON (${(e as Error).message})`,
      'name the openclaw.json synth wrote beside the module',
    );
  }
  const { assertConfig } = await import('../../lib/openclaw/config');
  const { scanValue } = await import('../../lib/secrets/literal-scan');
  assertConfig(config, { origin: (keys) => `${shown} ${keys.join('.') || '(top level)'}` });
  const hit = scanValue(config, '')[0];
  if (hit !== undefined) {
    throw new UserError(
      `${shown} ${hit.path.replace(/^\./, '')}`,
      'holds a literal credential; it would be written into the volume',
      'install the file synth regenerated (it reads credentials from env), not a hand-edited copy',
    );
  }
  return text;
}

/** The config volume folder: an existing real folder (a symlink there is refused). */
function volumeFolder(dir: string, shown: string): string {
  const kind = kindAt(dir);
  if (kind !== 'dir') {
    throw new UserError(
      shown,
      kind === undefined
        ? 'does not exist'
        : `is ${kind === 'symlink' ? 'a symlink' : 'not a folder'}; the config is written only into a real folder`,
      'name the config volume folder itself (e.g. /mnt/services/<service>/config)',
    );
  }
  return dir;
}

/** Copies the live config to `openclaw.json.bak-<stamp>` beside it (a new name, never reused). */
function backUp(dir: string, target: string, now: Date): string {
  for (let n = 0; ; n++) {
    const name = `${CONFIG_NAME}.bak-${stamp(now)}${n === 0 ? '' : `-${n}`}`;
    const dest = resolveInside(dir, name, name, { noLinks: true });
    if (kindAt(dest) !== undefined) continue;
    copyInputFile(target, dest, target);
    return name;
  }
}

export const installConfigCommand: Command = {
  name: 'install-config',
  summary:
    'install a regenerated openclaw.json into the config volume (backs up, never follows links)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('install-config', {
      args: [...args],
      options: { to: { type: 'string' }, force: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1 || values.to === undefined) {
      throw new UsageError(
        'one FILE and --to DIR are required',
        'e.g. install-config terraform/openclaw-gateway/openclaw.json --to /mnt/services/openclaw-gateway/config',
      );
    }
    const [fileArg] = positionals;
    const text = await readConfig(path.resolve(io.cwd, fileArg), fileArg);
    const dir = volumeFolder(path.resolve(io.cwd, values.to), values.to);
    const shownTarget = path.join(values.to, CONFIG_NAME);
    const target = resolveInside(dir, CONFIG_NAME, shownTarget, { noLinks: true });
    const kind = kindAt(target);
    if (kind !== undefined && kind !== 'file') {
      throw new UserError(
        shownTarget,
        `is ${kind === 'symlink' ? 'a symlink' : 'not a regular file'}; it is never followed or replaced`,
        'look at what is there and remove it yourself, then re-run',
      );
    }
    if (
      kind === 'file' &&
      readInputBytes(target, shownTarget, { noFollow: true }).equals(Buffer.from(text))
    ) {
      io.stdout(`${shownTarget}: already this config; nothing written\n`);
      return 0;
    }
    if (kind === 'file' && values.force !== true) {
      throw new UserError(
        shownTarget,
        'holds a config already (the live one, maybe edited since); it is not overwritten',
        `compare it with ${fileArg}, then re-run with --force (the old file is backed up beside it first)`,
      );
    }
    if (kind === 'file') {
      const backup = backUp(dir, target, new Date());
      io.stdout(`${shownTarget}: backed up as ${path.join(values.to, backup)}\n`);
    }
    writeFileAtomic(target, text);
    io.stdout(`${shownTarget}: installed from ${fileArg}; restart the job to use it\n`);
    return 0;
  },
};
