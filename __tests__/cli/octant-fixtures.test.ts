import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { renderHcl } from '../../lib/nomad/hcl/render';
import { hclwriteFormat as formatHcl } from '../nomad/hcl/judges';
import { readModuleTemplateVars } from '../../lib/octant/module-reader';
import { validate } from '../../lib/nomad/validate';
import { capture } from '../cli-io';

/**
 * The patterns the Octant corpus tests rely on, on this project's own fixtures
 * (__tests__/fixtures/octant/), so a clone without ../shared tests them too.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/octant');
const NOTES = path.join(FIXTURES, 'notes', 'notes.nomad.hcl');
const mistake = (name: string): string => path.join(FIXTURES, 'mistakes', `${name}.nomad.hcl`);

describe('an Octant templatefile() module', () => {
  test('needs its module vars; --module-vars reads them from main.tf and variables.tf', async () => {
    const without = capture(FIXTURES);
    expect(await main(['validate', NOTES], without.io)).toBe(1);
    expect(without.err()).toContain('${region}');
    const withVars = capture(FIXTURES);
    expect(await main(['validate', '--module-vars', NOTES], withVars.io)).toBe(0);
    // Octant's jobs set no shutdown_delay: Nomad registers them with this one warning.
    expect(withVars.out().trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${NOTES.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: warning service-shutdown-delay-missing `,
        ),
      ),
    ]);
  });

  test('--var values win over the module vars', async () => {
    const c = capture(FIXTURES);
    expect(
      await main(['validate', '--module-vars', '--var', 'image=var.quoted', NOTES], c.io),
    ).toBe(1);
    expect(c.out()).toContain('config-quoted-reference');
  });

  test('parses, renders canonical HCL and parses back the same; runtime refs stay escaped', async () => {
    const text = fs.readFileSync(NOTES, 'utf8');
    const { vars, unresolved } = await readModuleTemplateVars(
      path.dirname(NOTES),
      'notes.nomad.hcl',
    );
    expect(unresolved).toEqual([]);
    const model = await parseJobspec(text, { filename: 'notes.nomad.hcl', vars });
    expect(validate(model).filter((d) => d.severity === 'error')).toEqual([]);
    // Values land as Terraform inserts them: jsonencode(var.dns) becomes a list.
    expect(model.job.group[0].network?.dns?.servers).toEqual(['10.10.0.53', '10.10.0.54']);
    expect(model.job.datacenters).toEqual(['rack1']);
    expect(model.job.region).toBe('lab');
    expect(model.job.constraint?.[0].attribute).toBe('${meta.rootless}');
    const hcl = renderHcl(model);
    expect(hcl).toContain('$${meta.rootless}');
    expect(hcl).toContain('Host(`notes.example.lan`)');
    expect(await formatHcl(hcl)).toBe(hcl);
    expect(await parseJobspec(hcl, { filename: 'rendered.nomad.hcl' })).toEqual(model);
  });
});

describe('mistakes Nomad rejects are named', () => {
  test('a misspelt attribute, with a suggestion', async () => {
    const text = fs.readFileSync(mistake('misspelt'), 'utf8');
    await expect(parseJobspec(text, { filename: 'misspelt.nomad.hcl' })).rejects.toThrow(
      /service\[0\]\.nname[\s\S]*did you mean `name`\?/,
    );
  });

  test.each([
    ['undeclared', 'variable-unresolved'],
    ['quoted-var', 'config-quoted-reference'],
  ])('%s: %s', async (name, rule) => {
    const text = fs.readFileSync(mistake(name), 'utf8');
    const model = await parseJobspec(text, { filename: `${name}.nomad.hcl` });
    const errors = validate(model).filter((d) => d.severity === 'error');
    expect([...new Set(errors.map((d) => d.rule))]).toEqual([rule]);
  });
});
