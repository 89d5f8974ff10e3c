import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { corpusDir } from '../../corpus';
import { main } from '../../../cli/main';
import { CLEAN, edit } from './fixtures';
import { capture } from '../../cli-io';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octant-validate-'));
  fs.writeFileSync(path.join(dir, 'clean.nomad.hcl'), CLEAN);
  fs.writeFileSync(
    path.join(dir, 'warn.nomad.hcl'),
    edit('memory = var.memory', 'memory = var.memory\n        memory_max = 2048'),
  );
  fs.writeFileSync(
    path.join(dir, 'bad.nomad.hcl'),
    edit('      port     = "http"', '      port     = "web"'),
  );
  fs.writeFileSync(path.join(dir, 'broken.nomad.hcl'), 'job "x" {\n  group = \n');
  fs.writeFileSync(
    path.join(dir, 'tmpl.nomad.hcl'),
    edit('  type        = "service"', '  type        = "${job_type}"'),
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openclaw-octant validate', () => {
  test('a clean file exits 0 and says ok', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'clean.nomad.hcl'], c.io)).toBe(0);
    expect(c.out()).toBe('clean.nomad.hcl: ok\n');
  });

  test('warnings print but do not fail', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'warn.nomad.hcl'], c.io)).toBe(0);
    expect(c.out()).toBe(
      'warn.nomad.hcl: warning memory-max-ignored job[openclaw].group[gateway].task[gateway].resources.memory_max: memory oversubscription is not enabled, so Nomad ignores memory_max (remove memory_max (memory is the limit), or enable memory oversubscription in the cluster (validate --memory-oversubscription)) https://developer.hashicorp.com/nomad/docs/job-specification/resources#memory_max\n',
    );
  });

  test('--memory-oversubscription: memory_max is not ignored, no warning', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'warn.nomad.hcl', '--memory-oversubscription'], c.io)).toBe(0);
    expect(c.out()).toBe('warn.nomad.hcl: ok\n');
  });

  test('an error exits 1 with file, severity, rule, path, message and hint', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'clean.nomad.hcl', 'bad.nomad.hcl'], c.io)).toBe(1);
    const lines = c.out().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('clean.nomad.hcl: ok');
    expect(lines[1]).toMatch(
      /^bad\.nomad\.hcl: error port-label-undefined job\[openclaw\]\.group\[gateway\]\.service\[0\]\.port: service\.port uses port label 'web', .* \(use one of 'http', 'canvas'.*\) https:\/\/developer\.hashicorp\.com\/nomad\/docs\/job-specification\/\S+$/,
    );
  });

  test('a parse failure exits 1 and keeps the file:line position', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'broken.nomad.hcl'], c.io)).toBe(1);
    expect(c.err()).toMatch(/^broken\.nomad\.hcl: error parse broken\.nomad\.hcl:\d+/);
  });

  test('--json prints diagnostics per file', async () => {
    const c = capture(dir);
    expect(await main(['validate', '--json', 'bad.nomad.hcl', 'broken.nomad.hcl'], c.io)).toBe(1);
    const out = JSON.parse(c.out()) as {
      file: string;
      diagnostics?: { rule: string; path: string }[];
      error?: string;
    }[];
    expect(out.map((r) => r.file)).toEqual(['bad.nomad.hcl', 'broken.nomad.hcl']);
    expect(out[0].diagnostics?.map((d) => d.rule)).toEqual(['port-label-undefined']);
    expect(out[1].error).toMatch(/broken\.nomad\.hcl:\d+/);
  });

  test('--var fills template placeholders and sets HCL2 variables', async () => {
    const ok = capture(dir);
    expect(await main(['validate', 'tmpl.nomad.hcl', '--var', 'job_type=service'], ok.io)).toBe(0);
    const bad = capture(dir);
    expect(await main(['validate', 'tmpl.nomad.hcl', '--var', 'job_type=daemon'], bad.io)).toBe(1);
    expect(bad.out()).toContain('job-type-invalid job[openclaw].type');
    const mem = capture(dir);
    expect(await main(['validate', 'clean.nomad.hcl', '--var', 'memory=5'], mem.io)).toBe(1);
    expect(mem.out()).toContain('resources-memory-minimum');
  });

  test('usage errors exit 2', async () => {
    const none = capture(dir);
    expect(await main(['validate'], none.io)).toBe(2);
    expect(none.err()).toMatch(/no FILE given/);
    const badVar = capture(dir);
    expect(await main(['validate', 'clean.nomad.hcl', '--var', 'novalue'], badVar.io)).toBe(2);
    const unknown = capture(dir);
    expect(await main(['validate', '--frobnicate', 'clean.nomad.hcl'], unknown.io)).toBe(2);
  });
});

const corpus = corpusDir('validate --module-vars on the Octant corpus');
const litellm = path.join(corpus ?? '', 'litellm/litellm.nomad.hcl');
const corpusPresent = corpus !== null;

(corpusPresent ? describe : describe.skip)('validate --module-vars (Octant corpus)', () => {
  test('an Octant template needs its module vars; --module-vars reads them from main.tf', async () => {
    const without = capture(dir);
    expect(await main(['validate', litellm], without.io)).toBe(1);
    expect(without.err()).toContain('${region}');
    const withVars = capture(dir);
    expect(await main(['validate', '--module-vars', litellm], withVars.io)).toBe(0);
    // No error; Nomad's own register warning (no shutdown_delay) is repeated, as Nomad gives it.
    expect(withVars.out()).not.toMatch(/: error /);
    expect(withVars.out()).toMatch(/warning service-shutdown-delay-missing/);
  });

  test('--var values win over the module vars', async () => {
    const c = capture(dir);
    const args = ['validate', '--module-vars', '--var', 'image=var.quoted', litellm];
    expect(await main(args, c.io)).toBe(1);
    expect(c.out()).toContain('config-quoted-reference');
  });
});
