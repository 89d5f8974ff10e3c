import { Evaluator, parseExpr, Unknown, type Val } from '../../../lib/octant/module-reader';

/** An evaluator over a fixed set of variables and files. */
function evaluator(vars: Record<string, Val>, files: Record<string, string> = {}): Evaluator {
  return new Evaluator({
    root: (name, steps) =>
      name === 'var'
        ? { value: vars[steps[0]] ?? new Unknown(`var.${steps[0]} unknown`), used: 1 }
        : { value: new Unknown(`${name} is not known here`), used: 0 },
    readFile: (p) => files[p] ?? new Unknown(`no file ${p}`),
  });
}

const ev = (src: string, vars: Record<string, Val> = {}, files: Record<string, string> = {}): Val =>
  evaluator(vars, files).eval(parseExpr(src));

describe('static evaluation of Terraform expressions', () => {
  test.each<[string, Val]>([
    ['"a-${var.x}-b"', 'a-1-b'],
    ['var.n + 2 * 3', 7],
    ['var.n > 0 ? "pos" : "neg"', 'pos'],
    ['!(var.n == 1)', false],
    ['format("%s:%d", "h", 80)', 'h:80'],
    ['merge({ a = 1 }, { b = 2 })', { a: 1, b: 2 }],
    ['lookup({ a = "x" }, "b", "dflt")', 'dflt'],
    ['split(",", "a,b")', ['a', 'b']],
    ['[for k, v in { a = 1, b = 2 } : "${k}=${v}"]', ['a=1', 'b=2']],
    ['{ for s in ["x", "y"] : s => upper(s) }', { x: 'X', y: 'Y' }],
    ['var.list[*].name', ['a', 'b']],
    ['var.list[1].name', 'b'],
    ['jsonencode({ url = "<a&b>" })', '{"url":"\\u003ca\\u0026b\\u003e"}'],
    ['yamldecode(file("v.yml")).dc', 'east'],
    ['length(compact(["", "a", null]))', 1],
    ['coalesce("", "b")', 'b'],
    ['element(["a", "b"], 3)', 'b'],
    ['distinct(["a", "a", "b"])', ['a', 'b']],
    ['base64decode(base64encode("hé"))', 'hé'],
    ['replace("a.b.c", ".", "-")', 'a-b-c'],
    ['trimspace("  x ")', 'x'],
  ])('%s', (src, want) => {
    expect(
      ev(src, { x: 1, n: 1, list: [{ name: 'a' }, { name: 'b' }] }, { 'v.yml': 'dc: east\n' }),
    ).toEqual(want);
  });

  test('yamldecode of a list or map key is unknown (Terraform refuses it), and yaml prints nothing', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const v = ev('yamldecode(file("v.yml"))', {}, { 'v.yml': '? [a, b]\n: 1\n' });
      expect((v as Unknown).reason).toBe(
        'yamldecode: a key is a list, a map or a tagged value, not a string',
      );
      const bytes = ev('yamldecode(file("v.yml"))', {}, { 'v.yml': '? !!binary aGk=\n: 1\n' });
      expect(bytes).toBeInstanceOf(Unknown);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  test('what only Terraform knows stays unknown, with the reason, through every function', () => {
    for (const src of [
      'var.secret',
      'upper(var.secret)',
      '"x${var.secret}"',
      'jsonencode([var.secret])',
      'join(",", [var.secret])',
      'file("missing.txt")',
      'regexall("a", "b")',
    ]) {
      const v = ev(src);
      expect([src, v instanceof Unknown]).toEqual([src, true]);
    }
    expect(
      (ev('templatefile("t.tmpl", {})', {}, { 't.tmpl': '%{ if true }x%{ endif }' }) as Unknown)
        .reason,
    ).toMatch(/template directives/);
    expect((ev('regexall("a", "b")') as Unknown).reason).toBe(
      'function regexall() is not evaluated statically',
    );
  });

  test('templatefile renders with only its vars in scope, keeping $${ escapes', () => {
    expect(
      ev(
        'templatefile("t.tmpl", { who = "you", n = 2 })',
        {},
        { 't.tmpl': 'hi ${who} x${n} $${keep}' },
      ),
    ).toBe('hi you x2 ${keep}');
  });
});
