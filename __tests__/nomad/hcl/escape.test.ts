import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { renderHcl } from '../../../lib/nomad/hcl/render';
import { hclwriteFormat as formatHcl } from './judges';
import {
  escapeTemplateText,
  heredocMarker,
  scanTemplate,
  templateTokens,
} from '../../../lib/nomad/hcl/escape';
import { renderTemplatefile } from '../../../lib/nomad/hcl/templatefile';
import { JobFile } from '../../../lib/nomad/model';

const fileWith = (region: JobFile['job']['region']): JobFile => ({
  job: {
    name: 'j',
    region,
    group: [{ name: 'g', task: [{ name: 't', driver: 'exec', config: { command: 'x' } }] }],
  },
});

describe('escaping', () => {
  test.each([
    ['${x}', '"$${x}"'],
    ['%{ if }', '"%%{ if }"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there', '"tab\\there"'],
    ['\u0001', '"\\u0001"'],
    ['$${x}', '"$$${x}"'],
  ])('%j is written as %s', (text, written) => {
    expect('"' + escapeTemplateText(text, 'quoted') + '"').toBe(written);
  });

  test('literal $s right before a reference are written as one parenthesised expression', () => {
    expect(escapeTemplateText('cost $', 'quoted', true)).toBe('cost ${("$")}');
    expect(escapeTemplateText('$$', 'heredoc', true)).toBe('${("$$")}');
    expect(escapeTemplateText('cost $', 'quoted', false)).toBe('cost $');
  });

  test.each([[['$', 'x']], [['a$$', 'x']], [['$${', 'x', '$']], [['line\n$', 'x', '\n']]])(
    'literal $ before a reference survives render -> parse: %j',
    async (raw) => {
      // Odd parts are references, even parts text; multi-line text is written as a heredoc.
      const parts = raw.map((p, i) => (i % 2 === 1 ? { kind: 'var' as const, name: p } : p));
      const region = { kind: 'interp' as const, parts };
      const hcl = renderHcl(fileWith(region));
      expect(hcl.includes('<<EOT')).toBe(raw[0].includes('\n'));
      expect(await formatHcl(hcl)).toBe(hcl);
      expect((await parseJobspec(hcl)).job.region).toEqual(region);
    },
  );

  test('scanTemplate reads escapes back and splits expressions', () => {
    expect(scanTemplate('a $${b} %%{c} ${var.d}')).toEqual([
      { kind: 'text', text: 'a ${b} %{c} ' },
      { kind: 'expr', expr: 'var.d' },
    ]);
  });

  test('templateTokens gives each expression and directive with its offset and source', () => {
    const src = 'a$${b}${~ var.d ~}\n%{ if x }${';
    expect([...templateTokens(src)]).toEqual([
      { kind: 'text', text: 'a${b}' },
      { kind: 'expr', expr: 'var.d', start: 6, source: '${~ var.d ~}' },
      { kind: 'text', text: '\n' },
      { kind: 'directive', expr: 'if x', start: 19, source: '%{ if x }' },
      { kind: 'text', text: '${' },
    ]);
    expect(() => scanTemplate(src)).toThrow('template directive %{ if x } is not supported');
  });

  test('renderTemplatefile reports template errors in source order, with their line', () => {
    expect(() => renderTemplatefile('a\n%{ if x }\n${f(1)}', {}, 't.hcl')).toThrow(
      't.hcl:2: template directive %{ if x } is not supported',
    );
    expect(() => renderTemplatefile('a\n${f(1)}\n%{ if x }', {}, 't.hcl')).toThrow(
      't.hcl:2: template expression ${f(1)} is not supported',
    );
    expect(renderTemplatefile('$${a} ${b} ${var.c}', { b: 'B' })).toBe('${a} B ${var.c}');
  });

  test.each(['', 'x', '${x}', '%{x}', 'a"b', 'back\\slash', 'ünï €', 'EOT', '$${y}'])(
    'string %j survives render -> parse',
    async (s) => {
      expect((await parseJobspec(renderHcl(fileWith(s)))).job.region).toBe(s);
    },
  );

  test('references and interpolations survive', async () => {
    const region = { kind: 'interp' as const, parts: ['r-', { kind: 'var' as const, name: 'dc' }] };
    const out = renderHcl(fileWith(region));
    expect(out).toContain('region = "r-${var.dc}"');
    expect((await parseJobspec(out)).job.region).toEqual(region);
  });
});

describe('heredocs', () => {
  test('the terminator never equals a line of the content', () => {
    expect(heredocMarker('a\nEOT\n  EOT1\n')).toBe('EOT2');
    expect(heredocMarker('plain\n')).toBe('EOT');
  });

  test('multi-line template data is a heredoc and round-trips', async () => {
    const data = 'EOT\n{{ with nomadVar "nomad/jobs/j" }}${x}{{ end }}\n';
    const file: JobFile = {
      job: {
        name: 'j',
        group: [
          {
            name: 'g',
            task: [
              {
                name: 't',
                driver: 'exec',
                config: { command: 'x' },
                template: [{ data, destination: 'local/a' }],
              },
            ],
          },
        ],
      },
    };
    const out = renderHcl(file);
    expect(out).toContain('data        = <<EOT1\n');
    expect(out).toContain('$${x}');
    const back = await parseJobspec(out);
    expect(back.job.group[0].task[0].template?.[0].data).toBe(data);
  });

  test('text without a trailing newline stays a quoted string', () => {
    expect(renderHcl(fileWith('a\nb'))).toContain('region = "a\\nb"');
  });
});

describe('errors', () => {
  test('an unknown attribute names file:line, path and the nearest spelling', async () => {
    const text =
      'job "j" {\n  group "g" {\n    task "t" {\n      driver = "exec"\n      template {\n        chnage_mode = "noop"\n      }\n    }\n  }\n}\n';
    await expect(parseJobspec(text, { filename: 'x.hcl' })).rejects.toThrow(
      /x\.hcl:6:9: job\[j\]\.group\[g\]\.task\[t\]\.template\[0\]\.chnage_mode: unknown attribute `chnage_mode` in `template`[\s\S]*did you mean `change_mode`\?/,
    );
  });

  test('an unknown block is reported with a suggestion', async () => {
    await expect(parseJobspec('job "j" {\n  grup "g" {\n  }\n}\n')).rejects.toThrow(
      /did you mean `group`\?/,
    );
  });

  test('HCL syntax errors keep file:line:column', async () => {
    await expect(parseJobspec('job "x" {\n  a = \n}\n', { filename: 'bad.hcl' })).rejects.toThrow(
      /^bad\.hcl:2:7: Invalid expression/,
    );
  });

  test('a templatefile placeholder without a value names itself and its line', async () => {
    const text =
      'job "j" {\n  datacenters = ["x"]\n  group "g" {\n    network {\n      dns {\n        servers = ${dns}\n      }\n    }\n  }\n}\n';
    await expect(parseJobspec(text, { filename: 't.hcl' })).rejects.toThrow(
      /t\.hcl:6: template placeholder \$\{dns\} has no value/,
    );
    expect(() => renderTemplatefile('a = "${x}"\n', {}, 'f')).toThrow(/f:1: .*\$\{x\}/);
  });

  test('every placeholder without a value is named in one error, each once, with its line', () => {
    const text = 'a = "${region}"\nb = ${dns}\nc = "${region}-${dc}"\nd = "${var.x}${meta.y}"\n';
    let message = '';
    try {
      renderTemplatefile(text, { dns: '[]' }, 'f');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^f:1: template placeholder \$\{region\} has no value; nor do \$\{dc\} \(line 3\)\n/,
    );
    expect(message).toContain('--var region=VALUE --var dc=VALUE (');
  });

  test('templatefile inserts text exactly and turns $${ into ${', () => {
    expect(renderTemplatefile('s = ${dns}\nt = "$${meta.x}"\n', { dns: '["10.0.0.1"]' })).toBe(
      's = ["10.0.0.1"]\nt = "${meta.x}"\n',
    );
  });
});
