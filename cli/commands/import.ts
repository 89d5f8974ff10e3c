import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { UsageError, UserError } from '../../lib/util/errors';
import { writeFilesAtomic } from '../../lib/util/atomic-write';
import { exists, isFolder, isInside, realpathLoose, resolveInside } from '../../lib/util/boundary';

const USAGE = `usage: openclaw-octant import DIR --out FILE [--as-service] [--force]

Reads a hand-written Octant service module (DIR = terraform/<service>/: main.tf, variables.tf,
the templatefile() jobspec, config files beside it), or every module folder of a tree
(DIR = terraform/: each <service>/ below it, into one site, each module's files in a folder
<service>/ beside FILE; a module it cannot import is named with the reason and left out, the
others are written), and writes a site description that
reproduces it: \`openclaw-octant synth --site FILE\` then gives the same job (the same API JSON
Nomad reads), the same 1Password reads, the same nomad_variable path and keys and the same
module variables with their defaults.
  --out FILE    the site file to write; the jobspec and config files go beside it
  --as-service  keep an OpenClaw gateway as a service with its jobspec as written
                (default: typed gateway settings, with overrides where it differs)
  --force       overwrite FILE and those files when they exist

An OpenClaw gateway (its image, port 18789, ~/.openclaw mounts) becomes a typed \`gateways\`
entry: its openclaw.json is read into agents (with their tool policies), model providers and
channels, and what the typed gateway renders otherwise is kept by \`overrides\`, each with its
reason. The result is synthesized and compared before anything is written; when it cannot
give the same job and wiring, the gateway stays a service and a warning says why.

Reads only inside DIR: a file() or templatefile() path leading out of it (or through a symlink
out, or to .env or state files) is an error naming the .tf file and line; symlinks and FIFOs
beside the module are reported, not copied; .env and *.tfstate files are never copied; binary
files are copied as they are. FILE must not be inside DIR.

Prints one line per mapping, and a note for everything it could not reproduce. Secret values
are never read: 1Password fields stay op:// references, and a literal key found in a config
file is replaced by a \${ENV} reference (with a warning), never copied.
Exit status: 0 written, 1 bad input (nothing written), 2 usage error.`;

/** One module, or a tree of them (a folder whose subfolders are modules) as one site. */
async function importDir(abs: string, opts: { siteFile: string; asService: boolean }) {
  const { isModuleTree, importTree } = await import('../../homelab/import/tree');
  if (isModuleTree(abs)) return importTree(abs, opts);
  const { importModule } = await import('../../homelab/import/import');
  return { ...(await importModule(abs, opts)), refused: undefined };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'describe a hand-written Octant module as a site service',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs('import', {
      args: [...args],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        force: { type: 'boolean' },
        'as-service': { type: 'boolean' },
      },
    });
    const [dir, ...extra] = parsed.positionals;
    if (dir === undefined || extra.length > 0) {
      throw new UsageError(
        'import takes exactly one DIR',
        'openclaw-octant import terraform/<service> --out site.yaml',
      );
    }
    if (parsed.values.out === undefined) {
      throw new UsageError('--out FILE is required', 'openclaw-octant import DIR --out site.yaml');
    }
    const abs = path.resolve(io.cwd, dir);
    if (!isFolder(abs)) {
      throw new UserError(dir, 'is not a folder', 'point at a terraform/<service>/ folder');
    }
    const out = path.resolve(io.cwd, parsed.values.out);
    const outDir = path.dirname(out);
    // The module is read, never written: its hand-written files would be overwritten.
    const [realModule, realOut] = [realpathLoose(abs), realpathLoose(outDir)];
    if (realOut === realModule || isInside(realModule, realOut)) {
      throw new UserError(
        `--out ${parsed.values.out}`,
        `is inside the module folder ${dir}, which import only reads`,
        'write the site file into a folder of its own, e.g. --out site/site.yaml',
      );
    }
    const result = await importDir(abs, {
      siteFile: out,
      asService: parsed.values['as-service'] === true,
    });
    // Every file goes into the site file's folder, by a name checked to stay there.
    for (const f of result.files.keys()) {
      resolveInside(outDir, path.relative(outDir, f), path.relative(io.cwd, f) || f);
    }
    if (!parsed.values.force) {
      const existing = [...result.files.keys()].filter((f) => exists(f));
      if (existing.length > 0) {
        throw new UserError(
          path.relative(io.cwd, existing[0]) || existing[0],
          'already exists; import does not overwrite files',
          'pick another --out, or pass --force',
        );
      }
    }
    writeFilesAtomic(result.files);
    for (const [name, why] of result.refused ?? []) io.stderr(`refused: ${name}/: ${why}\n`);
    for (const line of result.report) io.stdout(`${line}\n`);
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    io.stdout(
      `wrote ${[...result.files.keys()].map((f) => path.relative(io.cwd, f)).join(', ')}\n`,
    );
    return 0;
  },
};
