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
  'Durations are Go duration strings ("30s", "5m", "1h30m"), not negative where Nomad refuses that.',
);

/**
 * Checks a duration's syntax only; returns its nanoseconds, which may be negative. For fields
 * whose Nomad check decides on the value itself (a restart delay, a reschedule policy).
 */
export function signedDuration(r: Report, v: unknown, path: string): number | undefined {
  if (typeof v !== 'string') return undefined;
  const ns = parseDuration(v);
  if (ns === null) {
    r.add(
      DURATION,
      path,
      `'${v}' is not a valid duration`,
      'write a Go duration such as "30s", "5m" or "1h30m" (units ns, us, ms, s, m, h)',
    );
    return undefined;
  }
  return ns;
}

/** Checks a duration field Nomad refuses below 0; returns its nanoseconds when valid. */
export function duration(r: Report, v: unknown, path: string): number | undefined {
  const ns = signedDuration(r, v, path);
  if (ns === undefined || ns >= 0) return ns;
  r.add(
    DURATION,
    path,
    `'${String(v)}' is negative, and Nomad refuses a negative value here`,
    'write a duration of 0 or more, such as "30s"',
  );
  return undefined;
}
