import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { noteLines, siteFileText } from './site-text';
import type { FileContent } from '../../lib/util/atomic-write';
import { exists, walkTree } from '../../lib/util/boundary';
import { UserError } from '../../lib/util/errors';
import type { SiteInput } from '../schema';
import { importModule, type ImportOptions } from './import';

/**
 * `import terraform/`: every module folder below it (a folder with main.tf or main.tf.json)
 * read into one site, each module's files in a folder of its own beside the site file. A
 * module import refuses is named with the reason and left out; the run goes on.
 */

export interface TreeImport {
  readonly files: ReadonlyMap<string, FileContent>;
  readonly report: readonly string[];
  readonly warnings: readonly string[];
  /** Module folder -> why it was left out. */
  readonly refused: ReadonlyMap<string, string>;
  readonly imported: readonly string[];
  readonly site: SiteInput;
}

/** Whether `dir` is a tree of modules rather than one module. */
export function isModuleTree(dir: string): boolean {
  return !isModule(dir) && moduleFolders(dir).length > 0;
}

function isModule(dir: string): boolean {
  return exists(path.join(dir, 'main.tf')) || exists(path.join(dir, 'main.tf.json'));
}

/** The module folders directly below `dir`, sorted (links are not followed). */
export function moduleFolders(dir: string): string[] {
  return walkTree(dir, path.basename(dir), { skip: (r) => r.includes('/') })
    .filter((e) => e.kind === 'dir' && !e.rel.startsWith('.'))
    .map((e) => e.rel)
    .filter((name) => isModule(path.join(dir, name)))
    .sort();
}

export async function importTree(
  dir: string,
  opts: Omit<ImportOptions, 'prefix'>,
): Promise<TreeImport> {
  const siteFile = path.resolve(opts.siteFile);
  const site: Record<string, unknown> = {};
  const files = new Map<string, FileContent>();
  const report: string[] = [];
  const warnings: string[] = [];
  const refused = new Map<string, string>();
  const imported: string[] = [];
  for (const name of moduleFolders(dir)) {
    try {
      const r = await importModule(path.join(dir, name), { ...opts, prefix: name });
      const clash = mergeSite(site, r.site as Record<string, unknown>);
      const taken = [...r.files.keys()].find((f) => f !== siteFile && files.has(f));
      if (clash !== undefined || taken !== undefined) {
        throw new UserError(
          name,
          clash ??
            `writes ${path.relative(path.dirname(siteFile), taken!)}, which another module writes`,
          'import it on its own (import DIR/<module> --out <its own site file>)',
        );
      }
      for (const [f, c] of r.files) if (f !== siteFile) files.set(f, c);
      report.push(...r.report);
      warnings.push(...r.warnings);
      imported.push(name);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      const why = `${e.where}: ${e.rule}`;
      refused.set(name, why);
      warnings.push(`${name}/ refused, left out of the site: ${why}`);
    }
  }
  if (imported.length === 0) {
    throw new UserError(
      dir,
      `no module below it could be imported (${[...refused].map(([n, w]) => `${n}: ${w}`).join('; ')})`,
      'fix the modules named, then import again',
    );
  }
  const header = [
    `# Written by \`openclaw-octant import ${path.basename(dir)}\`: ${imported.length} module(s) of ${path.basename(dir)}/ as one site; each module's files are in a folder of its own.`,
    '# `openclaw-octant synth --site <this file>` regenerates them all.',
    ...warnings.flatMap(noteLines),
  ];
  const out = new Map<string, FileContent>([
    [siteFile, siteFileText(siteFile, header, site)],
    ...files,
  ]);
  return { files: out, report, warnings, refused, imported, site: site as SiteInput };
}

/**
 * Adds one module's site to the tree's: lists (services, gateways) are joined; any other
 * setting must agree with what an earlier module set. Returns what disagrees, changing nothing.
 */
function mergeSite(
  into: Record<string, unknown>,
  add: Record<string, unknown>,
): string | undefined {
  for (const [k, v] of Object.entries(add)) {
    if (Array.isArray(v) || into[k] === undefined) continue;
    if (!isDeepStrictEqual(into[k], v)) {
      return `its site setting \`${k}\` differs from an earlier module's`;
    }
  }
  for (const [k, v] of Object.entries(add)) {
    into[k] = Array.isArray(v) ? [...((into[k] as unknown[] | undefined) ?? []), ...v] : v;
  }
  return undefined;
}
