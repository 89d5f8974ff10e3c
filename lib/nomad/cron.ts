/**
 * Cron expressions as Nomad's `periodic` block accepts them. Nomad parses them with
 * hashicorp/cronexpr: 5 fields (minute hour day-of-month month day-of-week), 6 fields (a year
 * appended) or 7 fields (seconds first, year last), plus the `@yearly`-style shortcuts.
 * `@every <duration>` is a robfig/cron extension that Nomad does not accept.
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
  /** Extra tokens this field allows besides numbers, ranges, steps and lists. */
  readonly special?: RegExp;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function indexNames(list: readonly string[], offset: number): Record<string, number> {
  const out: Record<string, number> = {};
  list.forEach((n, i) => (out[n] = i + offset));
  return out;
}

const SECONDS: Field = { name: 'seconds', min: 0, max: 59 };
const MINUTES: Field = { name: 'minutes', min: 0, max: 59 };
const HOURS: Field = { name: 'hours', min: 0, max: 23 };
const DOM: Field = {
  name: 'day of month',
  min: 1,
  max: 31,
  // `L` last day, `LW` last weekday, `15W` nearest weekday, `?` no specific value.
  special: /^(\?|L|LW|\d{1,2}W)$/i,
};
const MONTH: Field = {
  name: 'month',
  min: 1,
  max: 12,
  names: { ...indexNames(MONTHS, 1), ...indexNames(FULL_MONTHS, 1) },
};
const DOW: Field = {
  name: 'day of week',
  // cronexpr reads 7 as Sunday too.
  min: 0,
  max: 7,
  names: { ...indexNames(DAYS, 0), ...indexNames(FULL_DAYS, 0) },
  // `5L` last Friday, `5#3` third Friday, `?` no specific value.
  special: /^(\?|[0-7]L|[0-7]#[1-5])$/i,
};
const YEAR: Field = { name: 'year', min: 1970, max: 2099 };

const FIVE = [MINUTES, HOURS, DOM, MONTH, DOW];
const SIX = [...FIVE, YEAR];
const SEVEN = [SECONDS, ...SIX];

const SHORTCUTS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** Returns why `expr` is not a cron expression Nomad accepts, or null when it is valid. */
export function checkCron(expr: string): string | null {
  const text = expr.trim();
  if (text === '') return 'the cron expression is empty';
  if (text.startsWith('@')) {
    if (SHORTCUTS.has(text.toLowerCase())) return null;
    if (text.toLowerCase().startsWith('@every')) {
      return '`@every` is not supported by Nomad (it uses hashicorp/cronexpr); write a cron expression such as `*/5 * * * *`';
    }
    return `unknown shortcut '${text}' (valid: ${[...SHORTCUTS].join(', ')})`;
  }
  const parts = text.split(/\s+/);
  const fields =
    parts.length === 5 ? FIVE : parts.length === 6 ? SIX : parts.length === 7 ? SEVEN : null;
  if (!fields) return `expected 5, 6 or 7 fields, got ${parts.length}`;
  for (let i = 0; i < parts.length; i++) {
    const err = checkField(parts[i], fields[i]);
    if (err) return `${fields[i].name} field '${parts[i]}': ${err}`;
  }
  return null;
}

function checkField(text: string, field: Field): string | null {
  for (const item of text.split(',')) {
    if (item === '') return 'empty list element';
    if (field.special?.test(item)) continue;
    const err = checkItem(item, field);
    if (err) return err;
  }
  return null;
}

function checkItem(item: string, field: Field): string | null {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return 'more than one `/`';
  if (step !== undefined && !/^\d+$/.test(step)) return `step '${step}' is not a number`;
  if (step !== undefined && Number(step) === 0) return 'step must be at least 1';
  if (range === '*') return null;
  const bounds = range.split('-');
  if (bounds.length > 2) return `malformed range '${range}'`;
  const values: number[] = [];
  for (const b of bounds) {
    const v = value(b, field);
    if (v === null)
      return `'${b}' is not a valid value (${field.min}-${field.max}${field.names ? ' or a name' : ''})`;
    values.push(v);
  }
  if (values.length === 2 && values[0] > values[1]) return `range '${range}' runs backwards`;
  return null;
}

function value(text: string, field: Field): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : null;
  }
  const named = field.names?.[text.toLowerCase()];
  return named === undefined ? null : named;
}
