import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { app, root, run } from './consumer-app-fixture';

// The package as a consumer gets it: `npm pack`, then `npm install` of the tarball into a fresh
// app beside its own cdktf, constructs and Nomad provider (the library's peer dependencies).
// Catches what a link into the repository hides: files left out of `files`, a dependency
// missing from package.json, a peer resolved from our own node_modules. Needs the npm registry.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};

test('the packed tarball installs into a fresh app, compiles against its types and synthesizes', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-pack-'));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.join(root, 'bin', 'build.js')) as { ensureBuilt: () => void }).ensureBuilt();
    const packed = run(
      npm,
      ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp],
      root,
    );
    const tarball = path.join(tmp, packed.trim().split('\n').pop() ?? '');
    const consumer = path.join(tmp, 'app');
    fs.mkdirSync(consumer);
    fs.copyFileSync(path.join(app, 'main.ts'), path.join(consumer, 'main.ts'));
    const peers = ['cdktf', 'constructs', '@cdktf/provider-nomad'];
    fs.writeFileSync(
      path.join(consumer, 'package.json'),
      JSON.stringify({
        name: 'packed-consumer',
        private: true,
        dependencies: Object.fromEntries(peers.map((p) => [p, pkg.peerDependencies[p]])),
      }),
    );
    run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], consumer);
    const installed = path.join(consumer, 'node_modules', 'openclaw-octant');
    // The library's peers are the app's own copies, not copies nested under the library.
    for (const p of peers)
      expect(fs.existsSync(path.join(installed, 'node_modules', p))).toBe(false);
    fs.writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          skipLibCheck: true,
          esModuleInterop: true,
          outDir: 'dist',
          types: [],
          typeRoots: [path.join(root, 'node_modules', '@types')],
        },
        files: ['main.ts', path.join(root, 'node_modules', '@types', 'node', 'index.d.ts')],
      }),
    );
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', consumer], consumer);
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    run(process.execPath, [path.join(consumer, 'dist', 'main.js')], out);
    const job = fs.readFileSync(path.join(out, 'nomad-jobs', 'whoami.nomad.hcl'), 'utf8');
    expect(job).toContain('job "whoami"');
    expect(
      fs.existsSync(path.join(out, 'cdktf.out', 'octant', 'terraform', 'openclaw', 'main.tf.json')),
    ).toBe(true);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 600000);
