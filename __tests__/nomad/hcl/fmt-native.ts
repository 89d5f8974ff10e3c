import fc from 'fast-check';
import { Tok, lex } from '../../../lib/nomad/hcl/fmt';
import { parseHcl } from '../../../lib/nomad/hcl/syntax';

const IN_STRING = new Set(['quotedlit', 'stringlit', 'cquote', 'cheredoc', 'interp', 'control']);
const OPENS_STRING = new Set(['oquote', 'oheredoc', 'quotedlit', 'stringlit']);
const WORD = new Set(['ident', 'number']);

/**
 * The same HCL with the spaces between tokens changed at random (never inside strings, heredoc
 * bodies or where tokens would run together): what a formatter must undo.
 */
export function misformat(src: string, seed: number): string | undefined {
  const tokens = lex(src);
  const rnd = fc.sample(
    fc.array(fc.nat(4), { minLength: tokens.length, maxLength: tokens.length }),
    {
      numRuns: 1,
      seed,
    },
  )[0];
  let out = '';
  tokens.forEach((t: Tok, k) => {
    const prev = tokens[k - 1];
    let sp = t.sp;
    const free = prev !== undefined && !IN_STRING.has(t.kind) && !OPENS_STRING.has(prev.kind);
    if (free) {
      sp = rnd[k];
      const glued = prev.text + t.text;
      const runTogether =
        (WORD.has(prev.kind) && WORD.has(t.kind)) ||
        /^(\/\/|\/\*|==|=>|<=|>=|!=|&&|\|\||\.\.|::|<<|-\d)/.test(
          glued.slice(prev.text.length - 1),
        );
      if (runTogether && sp === 0) sp = 1;
    }
    out += ' '.repeat(sp) + t.text;
  });
  try {
    parseHcl('m.hcl', out);
    return out;
  } catch {
    return undefined;
  }
}
