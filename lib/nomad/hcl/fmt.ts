/**
 * `terraform fmt` without WASM: HCL native syntax is split into tokens (`lexer.ts`, the reader's
 * too), and only the spaces before each token are decided again, by hclwrite's published
 * formatting rules: indent by bracket nesting, one space between most tokens, none inside
 * brackets, templates and around dots, and `=` (and trailing comments) aligned over runs of
 * attribute lines. Heredoc bodies and string contents are kept as written.
 *
 * The input must already be valid HCL (`fmt` reads it with `parseHcl` first). Tests compare the
 * output with hclwrite's (the WASM build in @cdktf/hcl-tools) on the corpus, the fixtures and
 * generated, deliberately misformatted jobspecs.
 */

import { lex, Tok } from './lexer';

// The tokens, for the tests that scramble a file's spacing.
export { lex };
export type { Tok };

function bracketChange(t: Tok): number {
  switch (t.kind) {
    case 'obrace':
    case 'obrack':
    case 'oparen':
    case 'interp':
    case 'control':
      return 1;
    case 'cbrace':
    case 'cbrack':
    case 'cparen':
    case 'seqend':
      return -1;
    default:
      return 0;
  }
}

function endsLine(t: Tok): boolean {
  return t.kind === 'nl' || (t.kind === 'comment' && t.text.endsWith('\n'));
}

interface Line {
  lead: Tok[];
  assign?: Tok[];
  comment?: Tok[];
}

function linesOf(tokens: Tok[]): Line[] {
  const lines: Line[] = [];
  let cur: Tok[] = [];
  for (const t of tokens) {
    cur.push(t);
    if (endsLine(t)) {
      lines.push({ lead: cur });
      cur = [];
    }
  }
  if (cur.length > 0) lines.push({ lead: cur });
  for (const line of lines) {
    let lead = line.lead;
    if (lead.length > 1 && lead[lead.length - 1].kind === 'comment') {
      line.comment = lead.slice(-1);
      line.lead = lead = lead.slice(0, -1);
    }
    const eq = lead.findIndex((t, k) => k > 0 && t.kind === 'equal');
    if (eq > 0) {
      // Only a whole expression on the line is an assignment cell (not `x = {`).
      const net = lead.slice(eq).reduce((n, t) => n + bracketChange(t), 0);
      if (net === 0) {
        line.assign = lead.slice(eq);
        line.lead = lead.slice(0, eq);
      }
    }
  }
  return lines;
}

function indent(lines: Line[]): void {
  const stack: number[] = [];
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    if (line.lead[0].kind === 'nl') {
      line.lead[0].sp = 0;
      continue;
    }
    let net = 0;
    for (const t of line.lead) {
      net += bracketChange(t);
      if (t.kind === 'oheredoc') break;
    }
    for (const t of line.assign ?? []) net += bracketChange(t);
    if (net > 0) {
      line.lead[0].sp = 2 * stack.length;
      stack.push(net);
    } else {
      let closed = -net;
      while (closed > 0 && stack.length > 0) {
        const top = stack[stack.length - 1];
        if (closed >= top) {
          closed -= top;
          stack.pop();
        } else {
          stack[stack.length - 1] = top - closed;
          closed = 0;
        }
      }
      line.lead[0].sp = 2 * stack.length;
    }
  }
}

const NIL: Tok = { kind: 'other', text: '', at: 0, end: 0, sp: 0 };

function spaceAfter(subject: Tok, before: Tok, after: Tok): boolean {
  const s = subject.kind;
  const a = after.kind;
  if (a === 'nl') return false;
  if (s === 'ident' && a === 'oparen') return false;
  if ((s === 'ident' && a === 'dcolon') || (s === 'dcolon' && a === 'ident')) return false;
  if (s === 'dot' || a === 'dot') return false;
  if (a === 'comma' || a === 'ellipsis') return false;
  if (s === 'comma') return true;
  if (
    s === 'quotedlit' ||
    s === 'stringlit' ||
    s === 'oquote' ||
    s === 'oheredoc' ||
    a === 'quotedlit' ||
    a === 'stringlit' ||
    a === 'cquote' ||
    a === 'cheredoc'
  ) {
    return false;
  }
  if (s === 'ident' && subject.text === 'in' && before.kind === 'ident') return true;
  if (a === 'obrack' && (s === 'ident' || s === 'number' || bracketChange(subject) < 0)) {
    return false;
  }
  if (s === 'bang') return false;
  if (s === 'minus') {
    const b = before.kind;
    if (before === NIL) return false;
    if (['oparen', 'obrace', 'obrack', 'equal', 'comma'].includes(b)) return false;
    if (b === 'other' && (before.text === ':' || before.text === '?')) return false;
    if (b === 'arith' || b === 'minus' || b === 'compare' || b === 'logic' || b === 'bang') {
      return false;
    }
    return true;
  }
  if (s === 'obrace' || a === 'cbrace') return !(s === 'obrace' && a === 'cbrace');
  if ((s === 'interp' || s === 'control') && a === 'obrace') return true;
  if (s === 'cbrace' && a === 'seqend') return true;
  if (s === 'seqend' && (a === 'interp' || a === 'control')) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

function spaces(lines: Line[]): void {
  for (const line of lines) {
    for (const cell of [line.lead, line.assign]) {
      if (!cell) continue;
      if (cell === line.assign) cell[0].sp = 1;
      for (let k = 0; k < cell.length - 1; k++) {
        cell[k + 1].sp = spaceAfter(cell[k], k > 0 ? cell[k - 1] : NIL, cell[k + 1]) ? 1 : 0;
      }
    }
  }
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function columns(cell: readonly Tok[] | undefined): number {
  let n = 0;
  for (const t of cell ?? []) {
    n += t.sp;
    n += /^[\x20-\x7e]*$/.test(t.text) ? t.text.length : [...segmenter.segment(t.text)].length;
  }
  return n;
}

function align(
  lines: Line[],
  has: (l: Line) => boolean,
  set: (l: Line, pad: number) => void,
  width: (l: Line) => number,
): void {
  let start = -1;
  let max = 0;
  const close = (end: number): void => {
    for (const l of lines.slice(start, end)) set(l, max - width(l) + 1);
    start = -1;
    max = 0;
  };
  lines.forEach((l, k) => {
    if (!has(l)) {
      if (start !== -1) close(k);
      return;
    }
    if (start === -1) start = k;
    max = Math.max(max, width(l));
  });
  if (start !== -1) close(lines.length);
}

/** Formats HCL source as hclwrite (`terraform fmt`) does; `tokens` when it is lexed already. */
export function formatNative(src: string, tokens: Tok[] = lex(src)): string {
  const lines = linesOf(tokens);
  indent(lines);
  spaces(lines);
  align(
    lines,
    (l) => l.assign !== undefined,
    (l, pad) => {
      l.assign![0].sp = pad;
    },
    (l) => columns(l.lead),
  );
  align(
    lines,
    (l) => l.comment !== undefined,
    (l, pad) => {
      l.comment![0].sp = pad;
    },
    (l) => columns(l.lead) + columns(l.assign),
  );
  return tokens.map((t) => ' '.repeat(t.sp) + t.text).join('');
}
