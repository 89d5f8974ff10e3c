import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generate, OUTPUT_PATH, readExtract } from '../../scripts/providers/generate';
import { PROVIDER_SCHEMA } from '../../lib/terraform/providers.generated';
import { writeVersion } from '../../lib/terraform/octant-service';
import { synth } from '../../cli/synth';
import { projectRoot } from '../../lib/util/project-root';
import { importThenSynth, copyModule } from '../import/roundtrip';

/*
 * No generated Terraform can place a secret in state or a plan: 1Password is read through the
 * ephemeral onepassword_item, nomad_variable is written through the write-only items_wo, and
 * what is emitted is checked against the checked-in provider schema extract.
 */

type Obj = Record<string, unknown>;
const ROOT = projectRoot(__dirname);
const SITES: [string, string | undefined][] = [
  ['default site', undefined],
  ...fs
    .readdirSync(path.join(ROOT, 'homelab', 'examples'))
    .filter((f) => f.endsWith('.site.yaml'))
    // Sites of the standalone phases only (no Octant module; README: what still reaches state).
    .filter((f) => !/^phases: \[(?![^\]]*nomad)/m.test(readExample(f)))
    .map((f): [string, string] => [f, path.join(ROOT, 'homelab', 'examples', f)]),
];

function readExample(file: string): string {
  return fs.readFileSync(path.join(ROOT, 'homelab', 'examples', file), 'utf8');
}

const obj = (x: unknown): Obj => (typeof x === 'object' && x !== null ? (x as Obj) : {});

/** Every string in a JSON value, with its path. */
function strings(x: unknown, at = ''): [string, string][] {
  if (typeof x === 'string') return [[at, x]];
  if (Array.isArray(x)) return x.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (typeof x === 'object' && x !== null)
    return Object.entries(x).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

/** What would let a secret reach state or a plan in one Octant module's Terraform JSON. */
export function stateSecretProblems(tf: Obj): string[] {
  const problems: string[] = [];
  const data = obj(tf.data);
  if (data.onepassword_item !== undefined) problems.push('data "onepassword_item" (state)');
  if (obj(tf.terraform).required_version !== '>= 1.11.0') problems.push('no required_version');
  const nvSchema: Obj = PROVIDER_SCHEMA['resource.nomad_variable'];
  for (const [name, nv] of Object.entries(obj(obj(tf.resource).nomad_variable))) {
    for (const attr of Object.keys(obj(nv))) {
      if (attr === 'depends_on') continue;
      if (!(attr in nvSchema)) problems.push(`nomad_variable.${name}.${attr}: not in the schema`);
    }
    if ('items' in obj(nv)) problems.push(`nomad_variable.${name}.items (state)`);
    if (!('items_wo' in obj(nv) && 'items_wo_version' in obj(nv)))
      problems.push(`nomad_variable.${name}: no items_wo/items_wo_version`);
  }
  const itemSchema: Obj = PROVIDER_SCHEMA['ephemeral.onepassword_item'];
  for (const [name, item] of Object.entries(obj(obj(tf.ephemeral).onepassword_item))) {
    for (const attr of Object.keys(obj(item)))
      if (!(attr in itemSchema)) problems.push(`ephemeral.onepassword_item.${name}.${attr}`);
  }
  const ephemeralVars = new Set(
    Object.entries(obj(tf.variable))
      .filter(([, v]) => obj(v).ephemeral === true)
      .map(([k]) => k),
  );
  for (const [at, text] of strings(tf)) {
    for (const m of text.matchAll(/ephemeral\.onepassword_item\.\w+\.(\w+)/g)) {
      if (!(m[1] in itemSchema)) problems.push(`${at}: reads ${m[1]}, not in the schema`);
    }
    const ephemeralRef =
      /ephemeral\./.test(text) ||
      [...text.matchAll(/var\.(\w+)/g)].some((m) => ephemeralVars.has(m[1]));
    // Only a write-only argument may hold an ephemeral value (Terraform refuses others).
    if (ephemeralRef && !/\.items_wo$/.test(at) && !at.startsWith('ephemeral.'))
      problems.push(`${at}: an ephemeral value outside a write-only argument`);
  }
  return problems;
}

interface Synthesized {
  readonly modules: Map<string, Obj>;
  readonly warnings: readonly string[];
}

// Each site is synthesized once for all tests of the file (npm test's time budget).
const synthesized = new Map<string, Promise<Synthesized>>();

function synthModules(sitePath: string | undefined, legacy = false): Promise<Map<string, Obj>> {
  return synthOnce(sitePath, legacy).then((s) => s.modules);
}

function synthOnce(sitePath: string | undefined, legacy = false): Promise<Synthesized> {
  const key = `${sitePath ?? ''}:${legacy}`;
  let result = synthesized.get(key);
  if (result === undefined) {
    result = synthSite(legacy ? legacyCopy(sitePath) : sitePath);
    synthesized.set(key, result);
  }
  return result;
}

async function synthSite(sitePath: string | undefined): Promise<Synthesized> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-state-'));
  const r = await synth({
    ...(sitePath !== undefined ? { sitePath } : {}),
    outDir: path.join(work, 'out'),
    projectRoot: work,
    jobsDir: path.join(work, 'jobs'),
  });
  const modules = path.join(work, 'out', 'octant', 'terraform');
  const out = new Map<string, Obj>();
  for (const name of fs.readdirSync(modules)) {
    const file = path.join(modules, name, 'main.tf.json');
    out.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as Obj);
  }
  return { modules: out, warnings: r.warnings };
}

function legacyCopy(sitePath: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-legacy-'));
  const file = path.join(dir, 'site.yaml');
  const text = fs.readFileSync(sitePath ?? path.join(ROOT, 'homelab', 'default.site.yaml'), 'utf8');
  fs.writeFileSync(file, `${text}\nterraform: { stateSecrets: legacy }\n`);
  return file;
}

describe('the provider schema extract', () => {
  test('providers.generated.ts is what the generator makes of the checked-in extract', () => {
    if (fs.readFileSync(OUTPUT_PATH, 'utf8') !== generate(readExtract()))
      throw new Error('providers.generated.ts is stale: run npm run providers:generate');
  });

  test('items_wo is write-only and the fields read ephemerally are the built-in ones', () => {
    expect(PROVIDER_SCHEMA['resource.nomad_variable'].items_wo).toMatchObject({ writeOnly: true });
    expect(Object.keys(PROVIDER_SCHEMA['ephemeral.onepassword_item'])).toEqual(
      expect.arrayContaining(['username', 'password', 'credential']),
    );
    expect(PROVIDER_SCHEMA['ephemeral.onepassword_item']).not.toHaveProperty('section');
  });
});

describe('no secret in Terraform state or plans', () => {
  test.each(SITES)(
    '%s: ephemeral reads, write-only variables, Terraform >= 1.11',
    async (_l, p) => {
      const modules = await synthModules(p);
      expect(modules.size).toBeGreaterThan(0);
      for (const [name, tf] of modules) {
        expect([name, stateSecretProblems(tf)]).toEqual([name, []]);
        expect(Object.keys(obj(obj(tf.resource).nomad_variable)).length).toBeGreaterThan(0);
      }
    },
  );

  test('canary: the check finds the secrets the legacy form puts into state', async () => {
    const modules = await synthModules(undefined, true);
    const problems = stateSecretProblems(modules.get('openclaw')!);
    expect(problems).toEqual(
      expect.arrayContaining([
        'no required_version',
        'nomad_variable.openclaw_secrets.items (state)',
      ]),
    );
  });

  test('legacy: synth warns that the state holds the secrets', async () => {
    const r = await synthOnce(undefined, true);
    expect(r.warnings.join('\n')).toMatch(/terraform\.stateSecrets: legacy: .*stores every secret/);
  });

  test('a hand-written module with data "onepassword_item" imports to the ephemeral form', async () => {
    const trip = await importThenSynth(
      copyModule(path.join(ROOT, '__tests__', 'fixtures', 'octant-modules', 'notes')),
    );
    const tf = JSON.parse(
      fs.readFileSync(path.join(trip.moduleDir, 'main.tf.json'), 'utf8'),
    ) as Obj;
    expect(stateSecretProblems(tf)).toEqual([]);
    // The same 1Password reads as the hand-written data sources.
    expect(trip.after.items).toEqual(trip.before.items);
  });
});

describe('rotation', () => {
  test('items_wo_version follows secrets_version, and the content of files kept in the variable', () => {
    expect(writeVersion([])).toBe('var.secrets_version');
    const v = writeVersion(['a.json', 'b.txt']);
    expect(v).toContain('var.secrets_version');
    expect(v).toContain('filesha256("${path.module}/a.json")');
    expect(v).toContain('filesha256("${path.module}/b.txt")');
    expect(v).toMatch(/\+ 1$/);
  });

  test('the default module declares secrets_version (a number, 1) and feeds items_wo_version from it', async () => {
    const tf = (await synthModules(undefined)).get('openclaw')!;
    expect(obj(tf.variable).secrets_version).toMatchObject({ type: 'number', default: 1 });
    const nv = obj(obj(obj(tf.resource).nomad_variable).openclaw_secrets);
    expect(nv.items_wo_version).toBe('${var.secrets_version}');
  });
});

describe('migration from the items form', () => {
  /** What `terraform plan` does going from one module to the other, by address. */
  function plan(before: Obj, after: Obj): string[] {
    const addresses = (tf: Obj): Map<string, Obj> => {
      const out = new Map<string, Obj>();
      for (const kind of ['resource', 'data', 'ephemeral'])
        for (const [type, byName] of Object.entries(obj(tf[kind])))
          for (const [name, body] of Object.entries(obj(byName)))
            out.set(`${kind === 'resource' ? '' : `${kind}.`}${type}.${name}`, obj(body));
      return out;
    };
    const a = addresses(before);
    const b = addresses(after);
    const lines: string[] = [];
    for (const [addr, body] of [...b].sort(([x], [y]) => x.localeCompare(y))) {
      const old = a.get(addr);
      if (old === undefined) lines.push(`+ ${addr}`);
      else if (JSON.stringify(old) === JSON.stringify(body)) lines.push(`  ${addr}`);
      else {
        const type = addr.split('.')[0];
        const schema = obj((PROVIDER_SCHEMA as Obj)[`resource.${type}`]);
        const replaced = Object.entries(schema).some(
          ([k, s]) =>
            obj(s).forceNew === true && JSON.stringify(old[k]) !== JSON.stringify(body[k]),
        );
        const attrs = [...new Set([...Object.keys(old), ...Object.keys(body)])]
          .filter((k) => JSON.stringify(old[k]) !== JSON.stringify(body[k]))
          .sort()
          .map((k) => (k in body ? (k in old ? `~${k}` : `+${k}`) : `-${k}`));
        lines.push(`${replaced ? '-/+' : '~'} ${addr} (${attrs.join(' ')})`);
      }
    }
    for (const addr of [...a.keys()].sort()) if (!b.has(addr)) lines.push(`- ${addr}`);
    return lines;
  }

  test('each nomad_variable is updated in place (items leave, items_wo comes), no job changes', async () => {
    const site = path.join(ROOT, 'homelab', 'examples', 'multi-agent.site.yaml');
    const before = (await synthModules(site, true)).get('openclaw')!;
    const after = (await synthModules(site)).get('openclaw')!;
    const lines = plan(before, after);
    expect(lines.filter((l) => l.startsWith('-/+'))).toEqual([]);
    expect(lines).toContain(
      '~ nomad_variable.openclaw_secrets (-items +items_wo +items_wo_version)',
    );
    expect(lines).toContain('  nomad_job.openclaw');
    expect(lines.join('\n')).toMatchSnapshot();
  });
});
