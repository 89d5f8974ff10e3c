/**
 * Go duration strings (`time.ParseDuration`), which is what every Nomad duration field takes.
 * The API JSON carries durations as integer nanoseconds.
 */

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  '\u00b5s': 1e3, // micro sign
  '\u03bcs': 1e3, // Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

// One `<number><unit>` term; a number needs a digit before or after its dot, as in Go.
const TERM = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;

/**
 * Parses a Go duration (`1h2m3.5s`, `250ms`, `1us`, `-5s`, `0`) to nanoseconds.
 * Returns null when the text is not valid Go duration syntax.
 */
export function parseDuration(text: string): number | null {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  // Go accepts a bare zero without a unit, and nothing else without one.
  if (rest === '0') return 0;
  if (rest === '') return null;
  let total = 0;
  while (rest !== '') {
    const m = TERM.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * UNIT_NS[m[2]];
    rest = rest.slice(m[0].length);
  }
  // Go truncates fractional nanoseconds; keep the result an integer for the JSON API.
  return sign * Math.floor(total + 1e-6);
}

/** Formats nanoseconds the way Go's `time.Duration.String()` does: `1h2m3.5s`, `250ms`, `0s`. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) throw new RangeError(`not a finite duration: ${ns}`);
  const n = Math.trunc(ns);
  if (n === 0) return '0s';
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${fraction(abs, 1e3)}\u00b5s`;
  if (abs < 1e9) return `${sign}${fraction(abs, 1e6)}ms`;
  const h = Math.floor(abs / 3600e9);
  const m = Math.floor((abs % 3600e9) / 60e9);
  const s = fraction(abs % 60e9, 1e9);
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/** `value / unit` as a decimal without trailing zeros, computed on integers to stay exact. */
function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rem = value % unit;
  if (rem === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rem).padStart(digits, '0').replace(/0+$/, '')}`;
}
