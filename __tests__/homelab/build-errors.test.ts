import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSite } from '../../homelab/load';
import { buildSite } from '../../homelab/build';
import { SiteError } from '../../homelab/issues';
import { main } from '../../cli/main';

/**
 * One run shows every problem of a site: the cross-field checks, routing, and each gateway's own
 * settings (its placement, ports, storage and env together), in the format of the schema's errors (one `where: rule` and `  fix:` per problem).
 */
const BAD = `
secrets:
  items:
    gateway_token: { op: "op://Homelab/openclaw/gateway_token", generate: hex32 }
gateways:
  - name: oc
    ports: { static: true }
    resources: { memory: 2048, memoryMax: 1024 }
    count: 2
    env: { API_TOKEN: plain, DB_PASSWORD: plain }
  - name: oc
    ports: { static: true }
    tokenSecret: nope
    bindings: [{ agentId: ghost, match: { channel: discord } }]
  - name: c
    bind: loopback
    ports: { static: false }
`;

const EXPECTED = [
  'gateways[0].count',
  'gateways[0].env.API_TOKEN',
  'gateways[0].env.DB_PASSWORD',
  'gateways[0].resources.memoryMax',
  'gateways[1].bind',
  'gateways[1].bindings[0].agentId',
  'gateways[1].name',
  'gateways[1].ports.canvas',
  'gateways[1].ports.http',
  'gateways[2].bind',
];

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

test('buildSite reports every problem across checks and gateways at once', () => {
  const e = thrown(() => buildSite(parseSite(BAD, 'site.yaml')));
  expect(e).toBeInstanceOf(SiteError);
  const problems = (e as SiteError).problems;
  expect(problems.map((p) => p.where).sort()).toEqual(EXPECTED);
  for (const p of problems) {
    expect(p.rule).not.toBe('');
    expect(p.fix).not.toBe('');
  }
  // The schema's format: each problem its own "where: rule" line and "  fix:" line.
  expect((e as Error).message.split('\n  fix: ')).toHaveLength(EXPECTED.length + 1);
  for (const w of EXPECTED) expect((e as Error).message).toContain(`${w}: `);
});

test('a site with one problem still gives exactly that problem', () => {
  const one = BAD.slice(0, BAD.indexOf('gateways:')) + 'gateways: [{ name: oc, count: 2 }]\n';
  const e = thrown(() => buildSite(parseSite(one, 'site.yaml')));
  expect((e as SiteError).problems.map((p) => p.where)).toEqual(['gateways[0].count']);
  expect((e as Error).message.split('\n  fix: ')).toHaveLength(2);
});

test('the CLI prints them all, no stack trace, and writes nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-errors-'));
  try {
    fs.writeFileSync(path.join(dir, 'site.yaml'), BAD);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['synth', '--site', 'site.yaml', '--out', 'out', '--jobs-dir', 'jobs'],
      {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        cwd: dir,
        env: {},
      },
    );
    expect(code).toBe(1);
    const text = err.join('');
    for (const w of EXPECTED) expect(text).toContain(`${w}: `);
    expect(text.split('\n  fix: ')).toHaveLength(EXPECTED.length + 1);
    expect(text).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(dir)).toEqual(['site.yaml']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
