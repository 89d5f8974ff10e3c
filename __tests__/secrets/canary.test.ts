import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';
import { synth } from '../../cli/synth';
import { FakeOp, capture, installFakeOp } from './fake-op';
import { writeSite } from './site-fixture';

/**
 * Never leaked: secrets with unmistakable fake values live in the fake 1Password; every command
 * that touches secrets runs; no output stream, generated file or jest snapshot holds a value.
 */
const CANARIES = [
  'CANARY-GATEWAY-7f3a9c-DO-NOT-LEAK',
  'CANARY-DISCORD-51be02-DO-NOT-LEAK',
  'CANARY-ANTHROPIC-\'q"-DO-NOT-LEAK',
];

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return e.isFile() ? [p] : [];
  });
}

function snapshotFiles(dir: string): string[] {
  return files(dir).filter((f) => f.split(path.sep).includes('__snapshots__'));
}

let op: FakeOp | undefined;
let project: string | undefined;
afterEach(() => {
  op?.restore();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

test('no command, generated file or snapshot contains a secret value', async () => {
  op = installFakeOp({
    signedIn: true,
    vaults: [
      {
        name: 'Homelab',
        items: [
          { title: 'openclaw', fields: [{ label: 'gateway_token', value: CANARIES[0] }] },
          { title: 'Discord Bot', fields: [{ label: 'token', value: CANARIES[1] }] },
          { title: 'Anthropic', fields: [{ label: 'api key', value: CANARIES[2] }] },
        ],
      },
    ],
  });
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'canary-project-'));
  const site = writeSite(project, {
    discord_token: { op: 'op://Homelab/Discord Bot/token' },
    anthropic_api_key: { op: 'op://Homelab/Anthropic/api key' },
    // Not in 1Password yet: provision generates it, and its value becomes a canary too.
    webhook_secret: { op: 'op://Homelab/Webhooks/secret', generate: 'hex32' },
  });

  const streams: string[] = [];
  for (const args of [
    ['secrets', 'check', '--site', site],
    ['secrets', 'provision', '--dry-run', '--site', site],
    ['secrets', 'provision', '--site', site],
    ['secrets', 'check', '--site', site],
  ]) {
    const c = capture(project);
    const code = await main(args, c.io);
    streams.push(c.out(), c.err());
    expect([0, 1]).toContain(code);
  }
  const result = await synth({ outDir: 'cdktf.out', projectRoot: project, sitePath: site });
  streams.push(JSON.stringify(result));

  const generated = op
    .read()
    .vaults[0].items.find((i) => i.title === 'Webhooks')
    ?.fields.find((f) => f.label === 'secret')?.value;
  expect(generated).toMatch(/^[0-9a-f]{64}$/);
  const canaries = [...CANARIES, generated ?? 'unset'];

  // The run did real work: every secret was checked and the outputs exist.
  expect(streams.join('')).toMatch(/^ok +webhook_secret/m);
  const written = files(project).filter((f) => f !== site);
  expect(written.some((f) => f.endsWith('.nomad.hcl'))).toBe(true);
  expect(written.some((f) => f.endsWith('.tf.json'))).toBe(true);

  const scanned = [...written, ...snapshotFiles(path.resolve(__dirname, '..'))].map((f) => ({
    f,
    text: fs.readFileSync(f, 'utf8'),
  }));
  const leaks: string[] = [];
  for (const canary of canaries) {
    streams.forEach((s, i) => s.includes(canary) && leaks.push(`stream ${i} holds ${canary}`));
    for (const { f, text } of scanned)
      if (text.includes(canary)) leaks.push(`${f} holds ${canary}`);
  }
  expect(leaks).toEqual([]);
  // And the Terraform still reads the secrets by reference.
  const tf = scanned
    .filter(({ f }) => f.endsWith('.tf.json'))
    .map(({ text }) => text)
    .join('');
  expect(tf).toContain('onepassword');
});
