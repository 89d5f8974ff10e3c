import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';
import { capture } from '../cli-io';

/**
 * Issue 18: installing a regenerated openclaw.json into the config volume loses nothing. The
 * live file is never overwritten without --force, is backed up first with it, and no link is
 * ever followed.
 */

const LIVE = JSON.stringify({ gateway: { port: 18789 }, agents: { defaults: {} } }, null, 2);
const NEW = JSON.stringify(
  { gateway: { port: 18789, auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' } } },
  null,
  2,
);

let tmp: string;
let vol: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-install-config-'));
  vol = path.join(tmp, 'mnt', 'config');
  fs.mkdirSync(vol, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'openclaw.json'), NEW);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function install(...extra: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture(tmp);
  const code = await main(
    ['install-config', 'openclaw.json', '--to', 'mnt/config', ...extra],
    c.io,
  );
  return { code, out: c.out(), err: c.err() };
}

const entries = (): string[] => fs.readdirSync(vol).sort();

test('into an empty volume folder: installed as openclaw.json, nothing else', async () => {
  const r = await install();
  expect(r.code).toBe(0);
  expect(fs.readFileSync(path.join(vol, 'openclaw.json'), 'utf8')).toBe(NEW);
  expect(entries()).toEqual(['openclaw.json']);
});

test('a live config is not overwritten without --force, and the error names --force', async () => {
  fs.writeFileSync(path.join(vol, 'openclaw.json'), LIVE);
  const r = await install();
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/mnt\/config\/openclaw\.json.*not overwritten/);
  expect(r.err).toMatch(/--force/);
  expect(fs.readFileSync(path.join(vol, 'openclaw.json'), 'utf8')).toBe(LIVE);
  expect(entries()).toEqual(['openclaw.json']);
});

test('--force backs the live config up beside it (timestamped), then installs', async () => {
  fs.writeFileSync(path.join(vol, 'openclaw.json'), LIVE);
  fs.chmodSync(path.join(vol, 'openclaw.json'), 0o640);
  const r = await install('--force');
  expect(r.code).toBe(0);
  const backups = entries().filter((e) => e !== 'openclaw.json');
  expect(backups).toHaveLength(1);
  expect(backups[0]).toMatch(/^openclaw\.json\.bak-\d{8}T\d{6}Z$/);
  expect(fs.readFileSync(path.join(vol, backups[0]), 'utf8')).toBe(LIVE);
  expect(fs.statSync(path.join(vol, backups[0])).mode & 0o777).toBe(0o640);
  expect(fs.readFileSync(path.join(vol, 'openclaw.json'), 'utf8')).toBe(NEW);
  expect(r.out).toContain(`backed up as ${path.join('mnt/config', backups[0])}`);
  // A second forced run with another config keeps both backups (a new name, never reused).
  fs.writeFileSync(path.join(tmp, 'openclaw.json'), LIVE);
  expect((await install('--force')).code).toBe(0);
  expect(entries().filter((e) => e.startsWith('openclaw.json.bak-'))).toHaveLength(2);
});

test('the same config again: nothing written, no backup', async () => {
  fs.writeFileSync(path.join(vol, 'openclaw.json'), NEW);
  const r = await install('--force');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/already this config/);
  expect(entries()).toEqual(['openclaw.json']);
});

test('a symlink at the config file is refused, even with --force; its target is untouched', async () => {
  const elsewhere = path.join(tmp, 'elsewhere.json');
  fs.writeFileSync(elsewhere, LIVE);
  fs.symlinkSync(elsewhere, path.join(vol, 'openclaw.json'));
  const r = await install('--force');
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/symlink/);
  expect(fs.readFileSync(elsewhere, 'utf8')).toBe(LIVE);
  expect(fs.lstatSync(path.join(vol, 'openclaw.json')).isSymbolicLink()).toBe(true);
  expect(entries()).toEqual(['openclaw.json']);
});

test('a symlink as the volume folder, or a missing folder, is refused', async () => {
  fs.rmSync(vol, { recursive: true });
  expect((await install()).err).toMatch(/mnt\/config.*does not exist/);
  const real = path.join(tmp, 'real');
  fs.mkdirSync(real);
  fs.symlinkSync(real, vol);
  const r = await install();
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/mnt\/config.*symlink/);
  expect(fs.readdirSync(real)).toEqual([]);
});

test('a file that is not a valid config, or holds a literal credential, is refused unprinted', async () => {
  fs.writeFileSync(path.join(tmp, 'openclaw.json'), JSON.stringify({ nope: 1 }));
  expect((await install()).err).toMatch(/"nope" is not a setting/);
  const secret = 'abcd1234efgh5678ijkl9012mnop3456';
  fs.writeFileSync(
    path.join(tmp, 'openclaw.json'),
    JSON.stringify({ gateway: { auth: { mode: 'token', token: secret } } }),
  );
  const r = await install();
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/gateway\.auth\.token.*literal credential/);
  expect(r.err + r.out).not.toContain(secret);
  expect(entries()).toEqual([]);
});
