import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../lib/util/project-root';

// The example consumer's own jest run (snapshots + cdktf Testing matchers): a second jest
// process, so it is in the heavy tier; consumer-app.test.ts compiles and synthesizes it.
const root = projectRoot(__dirname);
const app = path.join(root, 'examples', 'consumer-app');

function run(cmd: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) {
    throw new Error(
      `${path.basename(args[0] ?? cmd)} failed (${r.status}):\n${r.stdout}${r.stderr}`,
    );
  }
  return r.stdout + r.stderr;
}

beforeAll(() => {
  // dist/ with its .d.ts files is what the package exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(root, 'bin', 'build.js')) as { ensureBuilt: () => void }).ensureBuilt();
  const link = path.join(app, 'node_modules', 'openclaw-octant');
  if (!fs.existsSync(link)) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(link), root), link, 'dir');
  }
}, 120000);

test("the consumer's own jest tests (snapshot + cdktf Testing matchers) pass", () => {
  const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const output = run(process.execPath, [jest, '--ci', '--rootDir', app], app);
  expect(output).toMatch(/Tests:\s+2 passed, 2 total/);
  expect(output).toMatch(/Snapshots:\s+2 passed, 2 total/);
}, 120000);
