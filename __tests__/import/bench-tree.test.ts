import * as fs from 'fs';
import * as path from 'path';
import { importTree } from '../../homelab/import/tree';
import { synth } from '../../cli/synth';
import { writeFilesAtomic } from '../../lib/util/atomic-write';
import { OCTANT_TREE_SIZE, writeOctantTree } from '../../scripts/bench-tree';
import { tmpDir } from './roundtrip';

// The bench's synthetic Octant tree (scripts/bench-tree.ts) is one import refuses nothing of:
// otherwise the bench would time refusals. A short tree here; the bench writes all 77.
test('the synthetic Octant tree imports whole (multi-job modules too) and synthesizes', async () => {
  const work = tmpDir('oc-bench-tree-');
  const names = writeOctantTree(path.join(work, 'terraform'), 9);
  expect(names).toHaveLength(9);
  expect(OCTANT_TREE_SIZE).toBe(77);
  const siteFile = path.join(work, 'site', 'site.yaml');
  const r = await importTree(path.join(work, 'terraform'), { siteFile });
  expect([...r.refused]).toEqual([]);
  expect(r.imported).toEqual(names);
  const services = (r.site as { services?: { name: string; extraJobs?: unknown[] }[] }).services;
  expect(services?.map((s) => s.name)).toEqual(names);
  // Every eighth module registers a second job.
  expect(services?.find((s) => s.name === 'svc-007')?.extraJobs).toHaveLength(1);
  writeFilesAtomic(r.files);
  await synth({
    sitePath: siteFile,
    outDir: path.join(work, 'out'),
    projectRoot: work,
    jobsDir: path.join(work, 'jobs'),
  });
  expect(fs.existsSync(path.join(work, 'jobs', 'svc-007-worker.nomad.hcl'))).toBe(true);
  fs.rmSync(work, { recursive: true, force: true });
});
