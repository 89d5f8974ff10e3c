import * as fs from 'fs';
import * as path from 'path';
import { formatNative } from '../../../lib/nomad/hcl/fmt';
import { hclwriteFormat as hclFormat } from './judges';
import { misformat } from './fmt-native';

// The native formatter against hclwrite (HashiCorp's, the WASM build `terraform fmt` uses): on
// the project's fixtures and jobspecs, as written and with their spacing scrambled, and on the
// Octant corpus when it is beside the repository.
const root = path.resolve(__dirname, '..', '..', '..');
const corpus = path.resolve(root, '..', 'shared', 'corpus', 'octant-2024');

function hclFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) return hclFiles(p);
    return /\.(hcl|tf)$/.test(f) ? [p] : [];
  });
}

const own = [
  ...hclFiles(path.join(root, '__tests__', 'nomad', 'fixtures')),
  ...hclFiles(path.join(root, 'nomad-jobs')),
];
const theirs = hclFiles(corpus);
if (theirs.length === 0)
  process.stdout.write(`fmt corpus comparison skipped: ${corpus} is absent\n`);

describe('native formatter = hclwrite', () => {
  test.each(own.map((f) => path.relative(root, f)))('%s, as written and scrambled', async (rel) => {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    expect(formatNative(text)).toBe(await hclFormat(text));
    for (const seed of [1, 2, 3]) {
      const scrambled = misformat(text, seed);
      if (scrambled === undefined) continue;
      expect(scrambled).not.toBe(text);
      expect(formatNative(scrambled)).toBe(await hclFormat(scrambled));
    }
  });

  test('comments, alignment, heredocs, nested objects and templates', async () => {
    const text = [
      '# top',
      'locals {',
      'a=1 # one',
      'bbb   =  [1,2 ,3]   // three',
      '  c = {x=1,y="${ var.q }"}',
      '  d = <<-EOT',
      '    keep   this',
      '    ${ var.x }',
      '    EOT',
      '  e = -1',
      '  f = var.a - 1',
      '  g = !var.b',
      '  h = [for k, v in var.m : k=>v]',
      '  i = f( 1,2 )[0]',
      '  /* block */ j = 2',
      '}',
      '',
    ].join('\n');
    expect(formatNative(text)).toBe(await hclFormat(text));
  });

  const corpusTest = theirs.length > 0 ? test.each : test.skip.each;
  corpusTest(theirs.length > 0 ? theirs.map((f) => path.relative(corpus, f)) : ['(absent)'])(
    'corpus %s',
    async (rel) => {
      const text = fs.readFileSync(path.join(corpus, rel), 'utf8');
      const scrambled = misformat(text, 7) ?? text;
      expect(formatNative(scrambled)).toBe(await hclFormat(scrambled));
    },
  );
});
