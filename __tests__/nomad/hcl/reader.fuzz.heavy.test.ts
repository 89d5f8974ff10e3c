import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseHcl } from '../../../lib/nomad/hcl/syntax';
import { hclToJson } from './judges';
import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { renderJson } from '../../../lib/nomad/json/render';
import { isUserError } from '../../../lib/util/errors';
import { applySplices, splices } from '../../fuzz/mutate';

/**
 * Random edits of the project's jobspec fixtures (`npm run test:heavy`): reading never throws
 * anything but a UserError, and never takes more than a moment; whatever HashiCorp's parser
 * (hcl2json) reads, our reader reads the same. (Our reader does not check the syntax inside
 * expressions such as `${var.}`, which hcl2json refuses; those texts are counted, not failed.)
 */
const PIECES = [
  '"',
  '{',
  '}',
  '[',
  ']',
  '=',
  '\n',
  '${',
  '$${',
  '<<EOT\n',
  'EOT\n',
  '#',
  '/*',
  ',',
  '(',
  ')',
  'x',
  '1',
  '-',
  '\\',
  ' ',
  'é',
  // Escapes, including code points UTF-8 cannot encode (a RangeError once got through).
  '\\u00e9',
  '\\uD800',
  '\\U0001F600',
  '\\U00110000',
  '%{',
  '~}',
];
type Rec = Record<string, unknown>;

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Rec)[k])]),
    );
  }
  return v;
}

test('mutated jobspecs: only UserErrors, and the same reading as hcl2json', async () => {
  const dir = path.join(__dirname, '..', 'fixtures');
  const texts = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const seed = Number(process.env.PROPERTY_SEED ?? 20261206);
  process.stdout.write(`reader fuzz: seed ${seed}\n`);
  const edits = splices(PIECES, 5000, 2);
  const cases = fc.sample(fc.tuple(fc.nat(texts.length - 1), edits), { numRuns: 1000, seed });
  let lenient = 0;
  let stricter = 0;
  for (const [k, muts] of cases) {
    const t = applySplices(texts[k], muts);
    const start = Date.now();
    let mine: unknown;
    let refusal = '';
    try {
      mine = parseHcl('f.hcl', t);
    } catch (e) {
      if (!isUserError(e)) throw e;
      refusal = e.message;
    }
    try {
      renderJson(await parseJobspec(t, { filename: 'f.hcl' }));
    } catch (e) {
      if (!isUserError(e)) throw e;
    }
    expect(Date.now() - start).toBeLessThan(5000);
    const theirs = await hclToJson('f.hcl', t).catch(() => undefined);
    // A name written both as an argument and as a block (`constraint = {...}` beside
    // `constraint {...}`): hcl2json keeps one and drops the other, Nomad's decoder refuses it,
    // and so does our reader ("Attribute redefined").
    if (theirs !== undefined && mine === undefined && /Attribute redefined/.test(refusal))
      stricter++;
    else if (theirs !== undefined) expect(sortKeys(mine)).toEqual(sortKeys(theirs));
    else if (mine !== undefined) lenient++;
  }
  process.stdout.write(
    `reader fuzz: ${lenient} of ${cases.length} texts hcl2json refuses inside an expression were read; ` +
      `${stricter} mixing an argument and a block of one name were refused (as Nomad does)\n`,
  );
}, 600_000);
