import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synth } from '../../cli/synth';
import { projectRoot } from '../../lib/util/project-root';

/** The README's sample of what `npm run synth` prints is what synth writes for the default site. */
test('README lists exactly the files npm run synth writes', async () => {
  const root = projectRoot(__dirname);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /```\nwrote (\d+) files:\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const listed = block![2]
    .trim()
    .split('\n')
    .map((l) => l.trim());
  expect(Number(block![1])).toBe(listed.length);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-readme-'));
  try {
    const result = await synth({
      outDir: 'cdktf.out',
      projectRoot: work,
      jobsDir: path.join(work, 'nomad-jobs'),
    });
    expect(listed).toEqual([...result.files]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
