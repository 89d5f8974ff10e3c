import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { allRules, validate } from '../../../lib/nomad/validate';
import { CASES } from './cases';
import { CLEAN, edit } from './fixtures';

describe('validate: one invalid jobspec per rule', () => {
  test.each(CASES.map((c) => [`${c.rule} at ${c.path}`, c] as const))('%s', async (_name, c) => {
    const file = await parseJobspec(c.hcl, { filename: 'case.nomad.hcl' });
    const diags = validate(file, { vars: c.vars });
    expect(diags).toContainEqual(expect.objectContaining({ rule: c.rule, path: c.path }));
    // The edit breaks only the rule it is about (plus any it names): no collateral findings.
    const allowed = new Set([c.rule, ...(c.also ?? [])]);
    expect(diags.filter((d) => !allowed.has(d.rule))).toEqual([]);
    for (const d of diags) {
      expect(d.message).not.toBe('');
      expect(d.hint).not.toBe('');
    }
  });

  test('the table has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  test('a clean rich job has no diagnostics', async () => {
    expect(validate(await parseJobspec(CLEAN))).toEqual([]);
  });

  test('every registered rule cites its Nomad docs page and has a table case', () => {
    const rules = allRules();
    expect(rules.length).toBeGreaterThanOrEqual(30);
    const covered = new Set(CASES.map((c) => c.rule));
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.doc).toMatch(
        /^https:\/\/developer\.hashicorp\.com\/nomad\/docs\/job-specification\/[a-z_0-9/]+/,
      );
      expect({ rule: r.id, covered: covered.has(r.id) }).toEqual({ rule: r.id, covered: true });
    }
    // And no case names a rule that does not exist.
    const ids = new Set(rules.map((r) => r.id));
    for (const c of CASES) expect(ids.has(c.rule)).toBe(true);
  });
});

describe('validate: no errors on what Nomad accepts', () => {
  const diagsOf = async (hcl: string): Promise<ReturnType<typeof validate>> =>
    validate(await parseJobspec(hcl, { filename: 'case.nomad.hcl' }));

  test.each(['nomad/jobs', 'nomad/jobs/openclaw/gateway', 'nomad/jobs/openclaw/gateway/gateway'])(
    'a template may read %s (its workload identity may)',
    async (p) => {
      expect(await diagsOf(edit(`nomad/jobs/openclaw\\"`, `${p}\\"`))).toEqual([]);
    },
  );

  test("reading another job's variables is a warning: it works without ACLs", async () => {
    const diags = await diagsOf(edit(`nomad/jobs/openclaw\\"`, `nomad/jobs/postgres\\"`));
    expect(diags.map((d) => [d.rule, d.severity])).toEqual([['template-nomadvar-path', 'warning']]);
  });

  test('an env key a shell cannot read is a warning: Nomad passes it through', async () => {
    const diags = await diagsOf(
      edit(
        '      env {\n        OPENCLAW_GATEWAY_PORT = "18789"\n      }',
        '      env = {\n        OPENCLAW_GATEWAY_PORT = "18789"\n        "my-key" = "x"\n      }',
      ),
    );
    expect(diags.map((d) => [d.rule, d.severity])).toEqual([['env-key-invalid', 'warning']]);
  });
});
