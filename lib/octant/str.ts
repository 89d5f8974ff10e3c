import type { Interpolation, Str, VarRef } from '../nomad/model';

/**
 * Joins model strings (text, `var.x` refs, interpolations) into one Str: a plain string when no
 * variable is involved, else one flat Interpolation. Literal text is never escaped here; the HCL
 * renderer escapes, once.
 */
export function concatStr(...pieces: readonly Str[]): Str {
  const parts: (string | VarRef)[] = [];
  const push = (p: string | VarRef): void => {
    const last = parts[parts.length - 1];
    if (typeof p === 'string') {
      if (p === '') return;
      if (typeof last === 'string') parts[parts.length - 1] = last + p;
      else parts.push(p);
    } else parts.push(p);
  };
  for (const piece of pieces) {
    if (typeof piece === 'string') push(piece);
    else if (piece.kind === 'var') push(piece);
    else piece.parts.forEach(push);
  }
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  const result: Interpolation = { kind: 'interp', parts };
  return result;
}
