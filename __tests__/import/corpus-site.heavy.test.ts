// Heavy tier: the whole Octant 2024 corpus imported as one site, synthesized once, compared
// with every module imported on its own (npm run test:heavy, .ci/run).
import * as fs from 'fs';
import * as path from 'path';
import { importTree } from '../../homelab/import/tree';
import { wiringOfGenerated, type Wiring } from '../../homelab/import/compare';
import { synth } from '../../cli/synth';
import { writeFilesAtomic } from '../../lib/util/atomic-write';
import { corpusDir } from '../corpus';
import { importThenSynth, tmpDir } from './roundtrip';

const ROOT = corpusDir('the whole 2024 corpus as one site');

/** Refused on purpose, with the reason corpus.heavy.test.ts checks module by module. */
const REFUSED = ['langfuse', 'nautobot', 'restic'];

/** Files main.tf reads that the corpus does not carry: a stand-in, as the operator's tree has. */
const STAND_INS: Record<string, Record<string, string>> = {
  litellm: { 'config.yaml': 'model_list: []\n' },
  traefik: { 'traefik.toml': '[entryPoints]\n', 'dynamic.toml': '[http]\n' },
};

const describeIf = ROOT === null ? describe.skip : describe;

describeIf('the Octant 2024 corpus as one site', () => {
  let tree: string;
  let work: string;
  let siteFile: string;
  let imported: Awaited<ReturnType<typeof importTree>>;

  beforeAll(async () => {
    tree = path.join(tmpDir('oc-corpus-tree-'), 'terraform');
    fs.cpSync(ROOT!, tree, { recursive: true });
    for (const [m, files] of Object.entries(STAND_INS))
      for (const [f, c] of Object.entries(files)) fs.writeFileSync(path.join(tree, m, f), c);
    work = tmpDir('oc-corpus-site-');
    siteFile = path.join(work, 'site', 'site.yaml');
    imported = await importTree(tree, { siteFile });
    writeFilesAtomic(imported.files);
    await synth({
      sitePath: siteFile,
      outDir: path.join(work, 'out'),
      projectRoot: work,
      jobsDir: path.join(work, 'jobs'),
    });
  });

  test('every module but the three refused on purpose is in the site', () => {
    expect([...imported.refused.keys()].sort()).toEqual(REFUSED);
    expect(imported.imported.length).toBe(11);
    expect(imported.imported).toContain('jupyter');
  });

  test('no literal credential of the corpus reaches the site or its synth', () => {
    const read = (dir: string): string =>
      fs
        .readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
        .join('\n');
    expect(read(work)).not.toMatch(/6476bd640f20936608a5f0b6b5f00820/);
  });

  // Computed per test: the module list is known only once the corpus is present.
  const names = ROOT === null ? [] : fs.readdirSync(ROOT).filter((d) => !REFUSED.includes(d));
  test.each(names.filter((d) => ROOT !== null && fs.existsSync(path.join(ROOT, d, 'main.tf'))))(
    '%s: the site synthesizes the same jobs and wiring as the module imported alone',
    async (name) => {
      const alone = path.join(tmpDir('oc-corpus-alone-'), name);
      fs.cpSync(path.join(tree, name), alone, { recursive: true });
      const single = await importThenSynth(alone);
      const fromSite: Wiring = await wiringOfGenerated(
        path.join(work, 'out', 'octant', 'terraform', name),
      );
      expect(Object.keys(fromSite.jobs).sort()).toEqual(Object.keys(single.after.jobs).sort());
      for (const job of Object.keys(single.after.jobs)) {
        expect([job, JSON.parse(fromSite.jobs[job])]).toEqual([
          job,
          JSON.parse(single.after.jobs[job]),
        ]);
      }
      expect(fromSite.items).toEqual(single.after.items);
      expect(fromSite.variablePath).toEqual(single.after.variablePath);
      expect(fromSite.variables).toEqual(single.after.variables);
    },
  );
});
