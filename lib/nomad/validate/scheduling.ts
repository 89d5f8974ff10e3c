import { Affinity, Constraint, Spread } from '../model';
import { AFFINITY_SHORTHANDS, CONSTRAINT_SHORTHANDS } from '../schema';
import { checkAttributeFormat, checkValue } from './constraint-values';
import { defineRule, Report } from './diagnostic';
import { arrayOf, numberOf, text } from './values';

const OPERATORS = [
  '=',
  '==',
  'is',
  '!=',
  'not',
  '>',
  '>=',
  '<',
  '<=',
  'distinct_hosts',
  'distinct_property',
  'regexp',
  'set_contains',
  'set_contains_all',
  'set_contains_any',
  'version',
  'semver',
  'is_set',
  'is_not_set',
];

const OPERATOR = defineRule(
  'constraint-operator-invalid',
  'error',
  'constraint#operator',
  'constraint and affinity operators are those Nomad documents.',
);
const ATTRIBUTE = defineRule(
  'constraint-attribute-missing',
  'error',
  'constraint#attribute',
  'A constraint other than distinct_hosts names an attribute.',
);
const TASK_DISTINCT = defineRule(
  'constraint-distinct-task-level',
  'error',
  'constraint#distinct_hosts',
  'distinct_hosts and distinct_property constraints are set on the job or a group, not on a task.',
);
const AFFINITY_WEIGHT = defineRule(
  'affinity-weight-range',
  'error',
  'affinity#weight',
  'affinity weight is -100..100 and not 0.',
);
// Nomad accepts the weight jobspec2 wrapped into an int8, whose sign may have flipped.
const AFFINITY_WEIGHT_WRAP = defineRule(
  'affinity-weight-overflow',
  'warning',
  'affinity#weight',
  'affinity weight fits an int8 (-128..127): jobspec2 wraps a larger one, e.g. 200 becomes -56.',
);
const SPREAD_SUM = defineRule(
  'spread-percent-sum',
  'error',
  'spread#target',
  'spread target percents add up to at most 100.',
);
// Spread.Validate: "Missing spread attribute".
const SPREAD_ATTRIBUTE = defineRule(
  'spread-attribute-missing',
  'error',
  'spread#attribute',
  'A spread block names the attribute it spreads over.',
);
// Spread.Validate: "Spread target value %q already defined".
const SPREAD_TARGET_DUPLICATE = defineRule(
  'spread-target-duplicate',
  'error',
  'spread#target',
  'Each target of a spread block names a different value.',
);
const SPREAD_WEIGHT = defineRule(
  'spread-weight-range',
  'error',
  'spread#weight',
  'spread weight is 1..100.',
);

interface Effective {
  readonly op: string;
  readonly attr: unknown;
  readonly value: unknown;
  /** The HCL attribute the value came from (`value`, or the shorthand's name). */
  readonly field: string;
}

/**
 * The operator, attribute and value jobspec2 ends up with: a shorthand (`regexp = "..."`,
 * `distinct_hosts = true`, `distinct_property = "${meta.rack}"`) sets them.
 */
function effective(c: Constraint | Affinity, affinity: boolean): Effective {
  const k = c as Readonly<Record<string, unknown>>;
  // A value still holding a reference counts as given.
  const given = (v: unknown): boolean => v !== undefined && text(v) !== '';
  let op = text(c.operator) ?? '';
  let attr: unknown = c.attribute;
  let value: unknown = c.value;
  let field = 'value';
  for (const f of affinity ? AFFINITY_SHORTHANDS : CONSTRAINT_SHORTHANDS) {
    if (!given(k[f])) continue;
    op = f.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
    value = k[f];
    field = op;
  }
  if (!affinity && k.distinctHosts !== undefined) {
    op = 'distinct_hosts';
    value = k.distinctHosts;
    field = op;
  }
  if (!affinity && given(k.distinctProperty)) {
    op = 'distinct_property';
    attr = k.distinctProperty;
  }
  return { op: op === '' ? '=' : op, attr, value, field };
}

/** Task.Validate refuses the placement-wide operators in a task's constraints. */
function checkTaskOperator(r: Report, c: Constraint, at: string): void {
  const { op } = effective(c, false);
  if (op !== 'distinct_hosts' && op !== 'distinct_property') return;
  r.add(
    TASK_DISTINCT,
    `${at}.operator`,
    `a task constraint cannot use ${op} (it places whole allocations)`,
    'move the constraint to the group (or the job)',
  );
}

function checkOperator(r: Report, c: Constraint | Affinity, at: string, affinity: boolean): void {
  const { op, attr, value, field } = effective(c, affinity);
  if (
    !OPERATORS.includes(op) ||
    (affinity && ['distinct_hosts', 'distinct_property', 'is_set', 'is_not_set'].includes(op))
  ) {
    r.add(
      OPERATOR,
      `${at}.operator`,
      `operator '${op}' is not valid for ${affinity ? 'an affinity' : 'a constraint'}`,
      'use "=", "!=", "regexp", "version", "set_contains" or another documented operator',
    );
    return;
  }
  // Constraint.Validate needs no attribute for distinct_hosts, and ignores one given.
  if (op !== 'distinct_hosts' && (attr === undefined || text(attr) === '')) {
    r.add(
      ATTRIBUTE,
      `${at}.attribute`,
      `constraint with operator '${op}' has no attribute`,
      'set attribute, e.g. "${meta.rootless}"',
    );
  } else if (op !== 'distinct_hosts' && !affinity) {
    checkAttributeFormat(r, attr, at);
  }
  checkValue(r, op, value, `${at}.${field}`, affinity);
}

/** Checks the constraint, affinity and spread blocks of a job, group or task (`task`) at `at`. */
export function checkScheduling(
  r: Report,
  at: string,
  b: {
    readonly constraint?: readonly Constraint[];
    readonly affinity?: readonly Affinity[];
    readonly spread?: readonly Spread[];
  },
  task = false,
): void {
  arrayOf(b.constraint).forEach((c, i) => {
    checkOperator(r, c, `${at}.constraint[${i}]`, false);
    if (task) checkTaskOperator(r, c, `${at}.constraint[${i}]`);
  });
  arrayOf(b.affinity).forEach((a, i) => {
    const aAt = `${at}.affinity[${i}]`;
    checkOperator(r, a, aAt, true);
    checkAffinityWeight(r, a.weight, `${aAt}.weight`);
  });
  arrayOf(b.spread).forEach((s, i) => checkSpread(r, s, `${at}.spread[${i}]`));
}

/** Spread.Validate: an attribute, a weight of 1..100, distinct targets whose percents fit 100. */
function checkSpread(r: Report, s: Spread, sAt: string): void {
  if (s.attribute === undefined || text(s.attribute) === '')
    r.add(
      SPREAD_ATTRIBUTE,
      `${sAt}.attribute`,
      'the spread block has no attribute',
      'set attribute, e.g. "${node.datacenter}"',
    );
  const w = numberOf(s.weight);
  if (w !== undefined && (w <= 0 || w > 100)) {
    r.add(
      SPREAD_WEIGHT,
      `${sAt}.weight`,
      `spread weight ${w} is outside 1..100`,
      'use a weight from 1 to 100 (default 50)',
    );
  }
  const seen = new Set<string>();
  arrayOf(s.target).forEach((t, i) => {
    if (seen.has(t.name))
      r.add(
        SPREAD_TARGET_DUPLICATE,
        `${sAt}.target[${i}]`,
        `spread target '${t.name}' is given twice`,
        'merge the two target blocks into one, with the percent you want for that value',
      );
    seen.add(t.name);
  });
  const sum = arrayOf(s.target).reduce((acc, t) => acc + (numberOf(t.percent) ?? 0), 0);
  if (sum > 100) {
    r.add(
      SPREAD_SUM,
      `${sAt}.target`,
      `target percents add up to ${sum}`,
      'make the percents add up to 100 or less',
    );
  }
}

/**
 * Affinity.Validate on the weight jobspec2 decodes: truncated to a whole number, then wrapped
 * into an int8 (decodeAffinity), so 50.5 is 50 and 200 is -56.
 */
function checkAffinityWeight(r: Report, weight: unknown, at: string): void {
  const w = numberOf(weight);
  if (w === undefined) return;
  const whole = Math.trunc(w);
  const read = ((((whole + 128) % 256) + 256) % 256) - 128;
  const as = read === whole ? '' : ` (Nomad reads ${read})`;
  if (read === 0 || read < -100 || read > 100) {
    r.add(
      AFFINITY_WEIGHT,
      at,
      `weight ${w}${as} is not a non-zero whole number in -100..100`,
      'use a positive weight to attract, negative to repel, e.g. 50',
    );
  } else if (read !== whole) {
    r.add(
      AFFINITY_WEIGHT_WRAP,
      at,
      `weight ${w} does not fit an int8: Nomad reads ${read}, which ${Math.sign(read) === Math.sign(whole) ? 'changes its strength' : 'flips attract and repel'}`,
      'use a weight in -100..100, e.g. 100',
    );
  }
}
