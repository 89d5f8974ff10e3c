import { parseDuration } from '../duration';
import { defineRule, Report } from './diagnostic';

// Reads of model values. A value still holding a variable reference (a Job validated without
// resolving) is unknown: the checks skip it rather than guess.

/** A literal string (numbers and bools as their text), else undefined. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A literal number, else undefined. */
export function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** A literal list of strings, else undefined. */
export function textList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const x of v) {
    const t = text(x);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out;
}

/** The entries of a map block (env, meta), or none. */
export function entries(m: unknown): [string, unknown][] {
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? Object.entries(m) : [];
}

export function arrayOf<T>(v: readonly T[] | undefined): readonly T[] {
  return Array.isArray(v) ? v : [];
}

const DURATION = defineRule(
  'duration-invalid',
  'error',
  'task#kill_timeout',
  'Durations are Go duration strings ("30s", "5m", "1h30m").',
);

/** Checks a duration field; returns its nanoseconds when valid. */
export function duration(r: Report, v: unknown, path: string): number | undefined {
  if (v === undefined) return undefined;
  const t = typeof v === 'string' ? v : undefined;
  if (t === undefined) return undefined;
  const ns = parseDuration(t);
  if (ns === null || ns < 0) {
    r.add(
      DURATION,
      path,
      `'${t}' is not a valid duration`,
      'write a Go duration such as "30s", "5m" or "1h30m" (units ns, us, ms, s, m, h)',
    );
    return undefined;
  }
  return ns;
}
