import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../lib/util/project-root';

// The example consumer (examples/consumer-app): an operator's own cdktf app that imports
// openclaw-octant through its package.json exports, as `npm install file:../..` would link it.
export const root = projectRoot(__dirname);
export const app = path.join(root, 'examples', 'consumer-app');

/** Runs a command in `cwd`; its output, or an error with the output when it fails. */
export function run(cmd: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) {
    throw new Error(
      `${path.basename(args[0] ?? cmd)} failed (${r.status}):\n${r.stdout}${r.stderr}`,
    );
  }
  return r.stdout + r.stderr;
}

/** Builds dist/ (with the .d.ts files the package exports) and links the package into the app. */
export function prepareConsumerApp(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(root, 'bin', 'build.js')) as { ensureBuilt: () => void }).ensureBuilt();
  const link = path.join(app, 'node_modules', 'openclaw-octant');
  if (!fs.existsSync(link)) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(link), root), link, 'dir');
  }
}
