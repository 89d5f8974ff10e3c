import * as fs from 'fs';
import * as path from 'path';
import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { renderHcl } from '../../../lib/nomad/hcl/render';
import { hclwriteFormat as formatHcl } from './judges';
import { readModuleTemplateVars } from '../../../lib/octant/module-reader';
import { validate } from '../../../lib/nomad/validate';
import { corpusDir } from '../../corpus';
import { parseHcl } from '../../../lib/nomad/hcl/syntax';
import { hclToJson } from './judges';

// Skipped, with a printed note, where the corpus is absent (a bare clone).
const ROOT = corpusDir('Octant corpus round trips') ?? '';

/** Octant's usual module variables (defaults of the traefik module) for templates without main.tf. */
const OCTANT_DEFAULTS: Record<string, string> = {
  region: 'home',
  datacenter: 'octant',
  dns: '["192.168.1.1","192.168.1.6","192.168.1.7"]',
  domain: 'octant.net',
  certresolver: 'cloudflare',
  servicename: 'svc',
  image: 'docker.io/library/busybox:1.36',
};

/** Real mistakes in the corpus that Nomad itself rejects: the parser must name them. */
const EXPECTED_ERRORS: Record<string, RegExp> = {
  'nautobot/nautobot.nomad.hcl': /service\[0\]\.nname[\s\S]*did you mean `name`\?/,
};

/**
 * The validator's errors on the corpus: only real mistakes (variables used but not declared,
 * which Nomad rejects; a quoted "var.x" image podman cannot pull). Any other error is a rule
 * firing on something Nomad accepts.
 */
const EXPECTED_VALIDATE_ERRORS: Record<string, string[]> = {
  'whoami/whoami.nomad.hcl': ['variable-unresolved'],
  'librenms/mariadb.nomad.hcl': ['variable-unresolved'],
  'op/op-group.nomad.hcl': ['config-quoted-reference'],
};

/** Modules whose Terraform reads a file outside their folder: the reader refuses (issue 17). */
const EXPECTED_MODULE_ERRORS: Record<string, RegExp> = {
  'restic/restic.nomad.hcl':
    /restic\/main\.tf:(21|25): "\.\.\/\.\.\/inventory\/[a-z_/]+\.yml" leads outside the folder/,
};

const files = (ROOT === '' ? [] : fs.readdirSync(ROOT)).flatMap((dir) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.nomad.hcl'))
    .map((f) => `${dir}/${f}`),
);

async function varsFor(rel: string, text: string): Promise<Record<string, string> | undefined> {
  const dir = path.join(ROOT, path.dirname(rel));
  if (fs.existsSync(path.join(dir, 'main.tf'))) {
    const mv = await readModuleTemplateVars(dir, path.basename(rel));
    const vars: Record<string, string> = { ...mv.vars };
    // Values only Terraform knows (data sources, locals it has not evaluated, left as
    // `${local.x}` text): any base64 text stands in for them.
    const unknown = [
      ...mv.unresolved.map((u) => u.name),
      ...Object.keys(vars).filter((k) => vars[k].includes('${')),
    ];
    for (const name of unknown) vars[name] = Buffer.from(`stand-in ${name}`).toString('base64');
    return vars;
  }
  return /variable\s+"/.test(text) ? undefined : OCTANT_DEFAULTS;
}

(ROOT === '' ? describe.skip : describe)('Octant corpus', () => {
  test('the corpus is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(27);
  });

  test.each(files)('%s parses, renders canonical HCL and parses back the same', async (rel) => {
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    // Our HCL reader reads what HashiCorp's (hcl2json) reads, and refuses what it refuses.
    const theirs = await hclToJson(rel, text).catch(() => undefined);
    if (theirs === undefined) expect(() => parseHcl(rel, text)).toThrow();
    else expect(parseHcl(rel, text)).toEqual(theirs);
    if (EXPECTED_MODULE_ERRORS[rel]) {
      await expect(varsFor(rel, text)).rejects.toThrow(EXPECTED_MODULE_ERRORS[rel]);
      return;
    }
    const vars = await varsFor(rel, text);
    const parsing = parseJobspec(text, { filename: rel, vars });
    if (EXPECTED_ERRORS[rel]) {
      await expect(parsing).rejects.toThrow(EXPECTED_ERRORS[rel]);
      return;
    }
    const model = await parsing;
    const errors = validate(model).filter((d) => d.severity === 'error');
    expect([...new Set(errors.map((d) => d.rule))]).toEqual(EXPECTED_VALIDATE_ERRORS[rel] ?? []);
    const hcl = renderHcl(model);
    expect(await formatHcl(hcl)).toBe(hcl);
    expect(await parseJobspec(hcl, { filename: `rendered/${rel}` })).toEqual(model);
    // Runtime references survive as literal text, written escaped.
    if (text.includes('meta.rootless')) expect(hcl).toContain('$${meta.rootless}');
  });

  test('templatefile values land as Terraform inserts them: dns becomes a list', async () => {
    const rel = 'traefik/traefik.nomad.hcl';
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    const model = await parseJobspec(text, { filename: rel, vars: await varsFor(rel, text) });
    const group = model.job.group[0];
    expect(group.network?.dns?.servers).toEqual(['192.168.1.1', '192.168.1.6', '192.168.1.7']);
    expect(model.job.datacenters).toEqual(['octant']);
    expect(model.job.constraint?.[0].attribute).toBe('${meta.rootless}');
  });
});
