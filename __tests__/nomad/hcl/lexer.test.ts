import * as fs from 'fs';
import * as path from 'path';
import { MAX_NESTING } from '../../../lib/util/boundary';
import { isUserError } from '../../../lib/util/errors';
import { lex } from '../../../lib/nomad/hcl/lexer';
import { formatNative } from '../../../lib/nomad/hcl/fmt';
import { parseHcl } from '../../../lib/nomad/hcl/syntax';

// The one tokenizer the reader (syntax.ts) and the formatter (fmt.ts) share.
const root = path.resolve(__dirname, '..', '..', '..');
const files = [
  ...fs
    .readdirSync(path.join(root, '__tests__', 'nomad', 'fixtures'))
    .map((f) => path.join('__tests__', 'nomad', 'fixtures', f)),
  ...fs
    .readdirSync(path.join(root, 'nomad-jobs'))
    .filter((f) => f.endsWith('.hcl'))
    .map((f) => path.join('nomad-jobs', f)),
];

function where(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isUserError(e)) return e.message.split('\n')[0];
    throw e;
  }
  return 'read';
}

describe('shared HCL lexer', () => {
  test.each(files)('%s: tokens in order, each its source text, only blanks between', (rel) => {
    const src = fs.readFileSync(path.join(root, rel), 'utf8');
    const tokens = lex(src);
    let last = 0;
    for (const t of tokens) {
      expect(src.slice(last, t.at)).toMatch(/^[ \t\r]*$/);
      const written = src.slice(t.at, t.end);
      expect(t.kind === 'comment' ? written.replace(/\r\n$/, '\n') : written).toBe(t.text);
      last = t.end;
    }
    expect(src.slice(last)).toMatch(/^\s*$/);
  });

  test.each(files)('%s: the reader and the formatter take the same tokens', (rel) => {
    const src = fs.readFileSync(path.join(root, rel), 'utf8');
    const tokens = lex(src);
    expect(parseHcl(rel, src, tokens)).toEqual(parseHcl(rel, src));
    expect(formatNative(src, tokens)).toBe(formatNative(src));
  });

  test('template pieces and heredocs', () => {
    const kinds = (src: string): string[] => lex(src).map((t) => `${t.kind}:${t.text}`);
    expect(kinds('x = "a${ b }c"')).toEqual([
      'ident:x',
      'equal:=',
      'oquote:"',
      'quotedlit:a',
      'interp:${',
      'ident:b',
      'seqend:}',
      'quotedlit:c',
      'cquote:"',
    ]);
    expect(kinds('x = <<EOT\n$${a} ${b}\nEOT\n')).toEqual([
      'ident:x',
      'equal:=',
      'oheredoc:<<EOT\n',
      'stringlit:$${a} ',
      'interp:${',
      'ident:b',
      'seqend:}',
      'stringlit:\n',
      'cheredoc:EOT',
      'nl:\n',
    ]);
  });

  test('reader errors keep their file:line:col', () => {
    expect(where(() => parseHcl('f.hcl', 'a = 1\nb = "x\n'))).toBe(
      'f.hcl:2:5: Unterminated template string: a closing quote is missing',
    );
    expect(where(() => parseHcl('f.hcl', 'a = "ok \\q"\n'))).toBe(
      'f.hcl:1:9: Invalid escape sequence: "\\q" is not a valid escape',
    );
    // As HCL: a \u or \U escape UTF-8 cannot encode is an error (it used to be a RangeError).
    expect(where(() => parseHcl('f.hcl', 'a = "\\U00110000"\n'))).toBe(
      'f.hcl:1:6: Invalid escape sequence: cannot encode character U+110000 in UTF-8',
    );
    expect(where(() => parseHcl('f.hcl', 'a = "x\\uD800"\n'))).toBe(
      'f.hcl:1:7: Invalid escape sequence: cannot encode character U+D800 in UTF-8',
    );
    expect(parseHcl('f.hcl', 'a = "\\U0010FFFF\\U0001F600"\n').a).toBe('\u{10FFFF}\u{1F600}');
    // In a heredoc body: the place in the file, past the indent a `<<-` heredoc cuts.
    expect(where(() => parseHcl('f.hcl', 'a = 1\nx = <<EOT\nhello ${foo\nEOT\n'))).toBe(
      'f.hcl:3:7: Unterminated template: a "}" is missing',
    );
    expect(where(() => parseHcl('f.hcl', 'x = <<-EOT\n    ok\n    hi ${foo\n  EOT\n'))).toBe(
      'f.hcl:3:8: Unterminated template: a "}" is missing',
    );
    expect(where(() => parseHcl('f.hcl', 'x = <<EOT\nabc\n'))).toBe(
      'f.hcl:1:5: Unterminated heredoc: no closing EOT',
    );
    // A line comment ends its line: the error is at its newline.
    expect(where(() => parseHcl('f.hcl', 'b # c\n{\n}\n'))).toBe(
      'f.hcl:1:6: Invalid block definition: a block needs an opening brace',
    );
    expect(where(() => parseHcl('f.hcl', 'x = a; b\n'))).toBe(
      'f.hcl:1:6: Invalid character: this character is not used within the language',
    );
    expect(where(() => parseHcl('f.hcl', 'job "x" {\n  g "g" {\n    count = \n  }\n}\n'))).toBe(
      'f.hcl:3:13: Invalid expression: expected the start of an expression',
    );
    expect(where(() => parseHcl('f.hcl', 'x = 1 /* open\n'))).toBe(
      'f.hcl:1:7: Unterminated comment',
    );
  });

  test('a comment inside brackets is a comment (as hcl2json reads it)', () => {
    expect(parseHcl('f.hcl', "x = concat(\n  # don't\n  [1],\n)\n")).toEqual({
      x: "${concat(\n  # don't\n  [1],\n)}",
    });
  });

  test('deep template nesting is refused cleanly, not by a stack overflow', () => {
    const n = 20 * MAX_NESTING;
    const src = `x = ${'"${'.repeat(n)}1${'}"'.repeat(n)}\n`;
    expect(lex(src).length).toBeGreaterThan(n);
    expect(where(() => parseHcl('f.hcl', src))).toMatch(/^f\.hcl:1: nests deeper than/);
  });
});
