import * as fs from 'fs';
import * as path from 'path';
import { synth } from '../../cli/synth';
import {
  SITE_FILE,
  cdktfSynth,
  expectSameTreeAsNpmSynth,
  snapshot,
  useSite,
  workspace,
} from './synth-fixture';

const withoutCdktfJson = (tree: Map<string, string>): Map<string, string> =>
  new Map([...tree].filter(([k]) => k !== 'cdktf.json'));

// Moved here from one-path.test.ts (npm test), which runs cdktf.json's app command without the
// CLI; the real CLI costs seconds per run.
test('`cdktf synth` (the real CLI) and `npm run synth` write byte-identical trees', async () => {
  await expectSameTreeAsNpmSynth('oc-cli-', (dir) => cdktfSynth(dir), withoutCdktfJson);
}, 60000);

// Two real `cdktf synth` runs (slow: the CLI itself takes seconds): dropping phases must not trip
// the CLI's own removal of stack folders, and must leave what `npm run synth` leaves.
test('`cdktf synth` after a site drops two phases matches `npm run synth`', async () => {
  const viaCli = workspace('oc-cli-phases-');
  const viaNpm = workspace('oc-npm-phases-');
  try {
    // One site file per workspace, edited between the runs as an operator edits theirs.
    for (const key of ['b', 'a'] as const) {
      cdktfSynth(viaCli.dir, useSite(viaCli, key));
      const site = useSite(viaNpm, key);
      await synth({ sitePath: site, outDir: viaNpm.out, projectRoot: viaNpm.dir });
    }
    const cli = new Map(
      [...snapshot(viaCli.dir)].filter(([k]) => k !== 'cdktf.json' && k !== SITE_FILE),
    );
    const npm = new Map([...snapshot(viaNpm.dir)].filter(([k]) => k !== SITE_FILE));
    const differ = [...new Set([...cli.keys(), ...npm.keys()])].filter(
      (k) => cli.get(k) !== npm.get(k),
    );
    expect(differ).toEqual([]);
    expect(fs.existsSync(path.join(viaCli.out, 'stacks', 'openclaw-podman'))).toBe(false);
  } finally {
    fs.rmSync(viaCli.dir, { recursive: true, force: true });
    fs.rmSync(viaNpm.dir, { recursive: true, force: true });
  }
}, 120000);
