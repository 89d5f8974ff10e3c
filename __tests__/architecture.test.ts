import * as fs from 'fs';
import * as path from 'path';

/**
 * The layering in ARCHITECTURE.md, enforced: only lib/terraform may import cdktf (upstream cdktf
 * is archived and its continuation may replace it), `constructs` is used from lib/terraform up,
 * and each layer imports only layers below it.
 */
const root = path.resolve(__dirname, '..');
const LAYERS = ['util', 'nomad', 'secrets', 'octant', 'terraform', 'openclaw'] as const;
const CDKTF = /^(cdktf|@cdktf\/provider-[a-z]+)(\/|$)/;
const CONSTRUCTS = /^constructs(\/|$)/;
const FS = /^(node:)?fs(\/promises)?$/;
/** The only sources that touch the file system: the boundary and the writers built on it. */
const FS_MODULES = ['boundary', 'staged-tree', 'atomic-write', 'in-place', 'project-root'].map(
  (m) => path.join('lib', 'util', `${m}.ts`),
);

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  const re =
    /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

function layerOf(file: string): string | undefined {
  const rel = path.relative(path.join(root, 'lib'), file).split(path.sep);
  return rel.length > 1 ? rel[0] : undefined;
}

describe('architecture', () => {
  const files = [...sources(path.join(root, 'lib')), ...sources(path.join(root, 'homelab'))];

  test('there are sources to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  test('only the boundary (lib/util) touches the file system: everything else goes through it', () => {
    const all = [...files, path.join(root, 'main.ts')];
    const offenders = all
      .filter((f) => !FS_MODULES.includes(path.relative(root, f)))
      .flatMap((f) =>
        imports(f)
          .filter((i) => FS.test(i))
          .map((i) => `${path.relative(root, f)} imports ${i}`),
      );
    expect(offenders).toEqual([]);
    // The rule can fail: the boundary itself imports fs.
    expect(imports(path.join(root, FS_MODULES[0])).some((i) => FS.test(i))).toBe(true);
  });

  test('only lib/terraform and the layers above it import constructs', () => {
    const above = new Set(['terraform', 'openclaw']);
    const offenders = files
      .filter((f) => !above.has(layerOf(f) ?? ''))
      .flatMap((f) =>
        imports(f)
          .filter((i) => CONSTRUCTS.test(i))
          .map((i) => `${path.relative(root, f)} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  test('only lib/terraform imports cdktf or prebuilt providers', () => {
    const offenders = files
      .filter((f) => layerOf(f) !== 'terraform')
      .flatMap((f) =>
        imports(f)
          .filter((i) => CDKTF.test(i))
          .map((i) => `${path.relative(root, f)} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  test('each layer imports only layers below it', () => {
    const offenders: string[] = [];
    for (const f of files) {
      const layer = layerOf(f);
      const rank = LAYERS.indexOf(layer as (typeof LAYERS)[number]);
      if (rank < 0) continue;
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(f), spec);
        const targetRel = path.relative(root, target).split(path.sep);
        const targetLayer = targetRel[0] === 'lib' ? targetRel[1] : targetRel[0];
        const targetRank = LAYERS.indexOf(targetLayer as (typeof LAYERS)[number]);
        // homelab/ (the site description) sits above lib/: no layer of lib/ reads a site.
        const upward = targetRank > rank || (targetRank < 0 && targetLayer !== layer);
        if (upward) offenders.push(`${path.relative(root, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('no library layer imports a site (homelab/) or the app (main.ts): only the CLI and lib/synth.ts sit above them', () => {
    // The top of the stack (ARCHITECTURE.md): the CLI and lib/synth.ts run sites; import writes
    // them and so lives in homelab/import/.
    const top = (rel: string): boolean => rel.startsWith('lib/cli/') || rel === 'lib/synth.ts';
    const libFiles = files.filter((f) => path.relative(root, f).startsWith('lib/'));
    const offenders = libFiles
      .filter((f) => !top(path.relative(root, f)))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith('.'))
          .map((i) => path.relative(root, path.resolve(path.dirname(f), i)))
          .filter((t) => t.startsWith('homelab') || t === 'main')
          .map((t) => `${path.relative(root, f)} imports ${t}`),
      );
    expect(offenders).toEqual([]);
    // The rule can fail: lib/synth.ts (the top) reads sites.
    expect(imports(path.join(root, 'lib', 'synth.ts')).some((i) => i.includes('homelab'))).toBe(
      true,
    );
  });
});
