import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VENDOR_MANIFEST } from '../../lib/octant/vendor';
import { projectRoot } from '../../lib/util/project-root';

/**
 * Concurrent `vendor --force` runs of two different sites into one checkout share synth's lock
 * on terraform/: whichever runs last wins whole, and the module always agrees with its manifest
 * (without the lock, 1 in 30 runs left them disagreeing).
 */
const root = projectRoot(__dirname);
const cli = path.join(root, 'bin', 'openclaw-octant.js');
const SITES = [
  path.join(root, 'homelab', 'default.site.yaml'),
  path.join(root, 'homelab', 'examples', 'multi-agent.site.yaml'),
];

function vendor(octant: string, site: string): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [cli, 'vendor', '--octant', octant, '--site', site, '--force'],
      {
        stdio: 'ignore',
      },
    );
    p.on('exit', resolve);
  });
}

test('concurrent vendor runs leave the module agreeing with its manifest', async () => {
  const octant = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-vendor-race-'));
  fs.mkdirSync(path.join(octant, 'terraform'));
  try {
    for (let round = 0; round < 3; round++) {
      const codes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => vendor(octant, SITES[i % 2])),
      );
      expect(codes).toEqual(Array(6).fill(0));
      const dir = path.join(octant, 'terraform', 'openclaw');
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, VENDOR_MANIFEST), 'utf8')) as {
        files: Record<string, string>;
      };
      const onDisk = fs
        .readdirSync(dir)
        .filter((f) => f !== VENDOR_MANIFEST)
        .sort();
      expect(onDisk).toEqual(Object.keys(manifest.files).sort());
      for (const [name, hash] of Object.entries(manifest.files)) {
        const sha = createHash('sha256')
          .update(fs.readFileSync(path.join(dir, name)))
          .digest('hex');
        expect([name, sha]).toEqual([name, hash]);
      }
      expect(fs.readdirSync(path.join(octant, 'terraform')).sort()).toEqual(['openclaw']);
    }
  } finally {
    fs.rmSync(octant, { recursive: true, force: true });
  }
});
