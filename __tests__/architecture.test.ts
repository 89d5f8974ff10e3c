import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The layering in ARCHITECTURE.md, enforced. Every source folder has a rank and imports only
 * lower ranks (or its own unit); a folder without a rank fails. Imports are read by
 * TypeScript's own pre-processor (static, dynamic, `require`, `import type`) and resolved by
 * its module resolver, so a path written any way lands on the file it names. Only lib/terraform
 * imports cdktf (upstream cdktf is archived and its continuation may replace it); `constructs`
 * is used from lib/terraform up; only lib/util touches the file system.
 */
const root = path.resolve(__dirname, '..');

/** Bottom to top. A unit is a folder (every file under it) or a single file. */
const RANKS: readonly (readonly string[])[] = [
  ['lib/util'],
  ['lib/nomad'],
  ['lib/secrets'],
  ['lib/octant'],
  ['lib/terraform'],
  ['lib/openclaw'],
  // The library's entries (package.json `exports`): the files directly in lib/.
  ['lib/*.ts'],
  ['homelab'],
  ['main.ts'],
  // import writes sites and checks them by running the app (main.ts) in a scratch folder.
  ['homelab/import'],
  ['scripts'],
  ['cli'],
];

const CDKTF = /^(cdktf|@cdktf\/provider-[a-z]+)(\/|$)/;
const CONSTRUCTS = /^constructs(\/|$)/;
const FS = /^(node:)?fs(\/promises)?$/;
/** The only sources that touch the file system: the boundary and the writers built on it. */
const FS_MODULES = ['boundary', 'staged-tree', 'atomic-write', 'in-place', 'project-root'].map(
  (m) => `lib/util/${m}.ts`,
);
/** The bench's floor loads cdktf on purpose: it measures what loading cdktf costs. */
const CDKTF_ALLOWED = ['scripts/bench-floor.ts', 'scripts/bench-floor-site.ts'];

const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  resolveJsonModule: true,
};

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const posix = (file: string): string => path.relative(root, file).split(path.sep).join('/');

/** The unit a project file belongs to (the most specific one) and its rank; undefined when none. */
export function unitOf(rel: string): { unit: string; rank: number } | undefined {
  const names = (u: string): boolean =>
    u.endsWith('/*.ts')
      ? path.posix.dirname(rel) === u.slice(0, -'/*.ts'.length) && rel.endsWith('.ts')
      : rel === u || rel.startsWith(`${u}/`);
  const found = RANKS.flatMap((units, rank) => units.filter(names).map((unit) => ({ unit, rank })));
  return found.sort((x, y) => y.unit.length - x.unit.length)[0];
}

interface Import {
  readonly spec: string;
  /** Project-relative file the import resolves to; undefined for packages and built-ins. */
  readonly target?: string;
  readonly unresolved?: boolean;
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName: spec }) => {
    const resolved = ts.resolveModuleName(spec, file, compilerOptions, ts.sys).resolvedModule;
    if (resolved === undefined) return { spec, unresolved: spec.startsWith('.') };
    if (resolved.isExternalLibraryImport === true) return { spec };
    return { spec, target: posix(resolved.resolvedFileName) };
  });
}

/** Why `from` may not import `to` (project-relative paths), or undefined when it may. */
export function layerOffence(from: string, to: string): string | undefined {
  const a = unitOf(from);
  const b = unitOf(to);
  if (a === undefined) return `${from} is in no ranked folder`;
  if (b === undefined) return `${from} imports ${to}, which is in no ranked folder`;
  if (a.unit === b.unit || b.rank < a.rank) return undefined;
  return `${from} (${a.unit}) imports ${to} (${b.unit}), which is not below it`;
}

describe('architecture', () => {
  const files = ['lib', 'cli', 'homelab', 'scripts']
    .flatMap((d) => sources(path.join(root, d)))
    .concat(path.join(root, 'main.ts'));
  const graph = new Map(files.map((f) => [posix(f), importsOf(f)]));

  test('there are sources to check, and their imports are read and resolved', () => {
    expect(files.length).toBeGreaterThan(100);
    // The reader sees every import form, and resolves folders to their index.
    const cli = graph.get('cli/commands/synth.ts') ?? [];
    expect(cli.map((i) => i.target)).toContain('cli/synth.ts');
    const index = graph.get('lib/index.ts') ?? [];
    expect(index.map((i) => i.target)).toContain('lib/openclaw/gateway.ts');
    const nomad = graph.get('lib/nomad/index.ts') ?? [];
    expect(nomad.map((i) => i.target)).toContain('lib/nomad/validate/index.ts');
  });

  test('every folder has a rank', () => {
    const unranked = [...graph.keys()].filter((f) => unitOf(f) === undefined);
    expect(unranked).toEqual([]);
    // The rule can fail: a new top-level folder of lib/ has no rank.
    expect(unitOf('lib/newlayer/x.ts')).toBeUndefined();
  });

  test('every relative import resolves to a file', () => {
    const broken = [...graph].flatMap(([f, is]) =>
      is.filter((i) => i.unresolved).map((i) => `${f} imports ${i.spec}`),
    );
    expect(broken).toEqual([]);
  });

  test('each unit imports only units below it', () => {
    const offenders = [...graph].flatMap(([f, is]) =>
      is.flatMap((i) => (i.target === undefined ? [] : (layerOffence(f, i.target) ?? []))),
    );
    expect(offenders).toEqual([]);
    // The rule can fail, both within lib/ and from lib/ to the site or the app.
    expect(layerOffence('lib/util/errors.ts', 'lib/nomad/model.ts')).toBeDefined();
    expect(layerOffence('lib/openclaw/gateway.ts', 'homelab/schema.ts')).toBeDefined();
    expect(layerOffence('lib/terraform/app.ts', 'main.ts')).toBeDefined();
    expect(layerOffence('lib/octant/service.ts', 'lib/nomad/model.ts')).toBeUndefined();
  });

  test('nothing in lib/ imports homelab/, main.ts or the CLI', () => {
    const up = /^(homelab\/|main\.ts$|cli\/)/;
    const offenders = [...graph]
      .filter(([f]) => f.startsWith('lib/'))
      .flatMap(([f, is]) =>
        is
          .filter((i) => i.target !== undefined && up.test(i.target))
          .map((i) => `${f} -> ${i.target}`),
      );
    expect(offenders).toEqual([]);
    // The rule can fail: the site's import sits above the app it runs.
    expect(layerOffence('homelab/build.ts', 'homelab/import/import.ts')).toBeDefined();
    expect(unitOf('homelab/import/typed.ts')?.unit).toBe('homelab/import');
  });

  test('only the boundary (lib/util) touches the file system: everything else goes through it', () => {
    const offenders = [...graph]
      .filter(([f]) => !f.startsWith('scripts/') && !FS_MODULES.includes(f))
      .flatMap(([f, is]) => is.filter((i) => FS.test(i.spec)).map((i) => `${f} imports ${i.spec}`));
    expect(offenders).toEqual([]);
    // The rule can fail: the boundary itself imports fs.
    expect((graph.get(FS_MODULES[0]) ?? []).some((i) => FS.test(i.spec))).toBe(true);
  });

  test('only lib/terraform and the units above it import constructs', () => {
    const terraform = unitOf('lib/terraform')?.rank ?? Infinity;
    const offenders = [...graph]
      .filter(([f]) => (unitOf(f)?.rank ?? -1) < terraform)
      .flatMap(([f, is]) =>
        is.filter((i) => CONSTRUCTS.test(i.spec)).map((i) => `${f} imports ${i.spec}`),
      );
    expect(offenders).toEqual([]);
  });

  test('only lib/terraform imports cdktf or prebuilt providers', () => {
    const offenders = [...graph]
      .filter(([f]) => !f.startsWith('lib/terraform/') && !CDKTF_ALLOWED.includes(f))
      .flatMap(([f, is]) =>
        is.filter((i) => CDKTF.test(i.spec)).map((i) => `${f} imports ${i.spec}`),
      );
    expect(offenders).toEqual([]);
    expect((graph.get('lib/terraform/app.ts') ?? []).some((i) => CDKTF.test(i.spec))).toBe(true);
  });
});
