import { defineRule, Report } from './diagnostic';
import { text } from './values';

// What Constraint.Validate and Affinity.Validate ask of a value (RTarget) and attribute (LTarget)
// once the operator is known.

// Constraint.Validate and Affinity.Validate, by operator.
export const VALUE = defineRule(
  'constraint-value-invalid',
  'error',
  'constraint#value',
  'A constraint or affinity value fits its operator: given for comparisons and set_contains, absent for is_set, a valid regexp, version or semver, a count of 1 or more for distinct_property.',
);
// Constraint.Validate -> validateConstraintAttribute.
export const ATTRIBUTE_FORMAT = defineRule(
  'constraint-attribute-invalid',
  'error',
  'constraint#attribute',
  'A constraint attribute is a literal or ${node.*}, ${attr.*}, ${meta.*}, ${device.*} with its braces.',
);

const COMPARISONS = ['=', '==', 'is', '!=', 'not', '<', '<=', '>', '>='];
const SETS = ['set_contains', 'set_contains_all', 'set_contains_any'];
const NODE_TARGETS = ['unique.id', 'datacenter', 'unique.name', 'class', 'pool'].map(
  (t) => `\${node.${t}}`,
);
const PREFIXES = ['${attr.', '${device.', '${meta.'];

// One comma-separated part of a go-version constraint (`>= 1.2`, `~> 1.0.3-beta`).
const VERSION_PART =
  /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?\d+(\.\d+)*(-?[0-9A-Za-z\-~.]+)?(\+[0-9A-Za-z\-~.]+)?\s*$/;
// One part of Nomad's semver constraint: at most three numbers, no `~>`.
const SEMVER_PART =
  /^\s*(=|!=|>=|<=|>|<)?\s*v?\d+(\.\d+){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\s*$/;

/** Why Go's RE2 would refuse `re`, or null. JS is told Go's own group syntax first. */
function regexpProblem(re: string): string | null {
  if (/\(\?<?[=!]/.test(re)) return 'RE2 has no lookahead or lookbehind';
  if (/(^|[^\\])\\[1-9]/.test(re)) return 'RE2 has no backreferences';
  const js = re
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?[imsU-]+\)/g, '')
    .replace(/\(\?[imsU-]+:/g, '(?:');
  try {
    new RegExp(js);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The problem with `value` for operator `op`, or null. */
function valueProblem(op: string, value: string, affinity: boolean): string | null {
  if (COMPARISONS.includes(op) || SETS.includes(op))
    return value === '' ? `operator '${op}' needs a value` : null;
  if (op === 'is_set' || op === 'is_not_set')
    return value !== '' ? `operator '${op}' takes no value, got '${value}'` : null;
  if (op === 'regexp') {
    const p = regexpProblem(value);
    return p === null ? null : `regexp '${value}' does not compile: ${p}`;
  }
  if (op === 'version' || op === 'semver') {
    const part = op === 'version' ? VERSION_PART : SEMVER_PART;
    const ok = value.split(',').every((s) => part.test(s));
    return ok ? null : `'${value}' is not a valid ${op} constraint`;
  }
  if (op === 'distinct_property' && !affinity && value !== '') {
    return /^\d+$/.test(value) && Number(value) >= 1
      ? null
      : `distinct_property allows a count of 1 or more, not '${value}'`;
  }
  return null;
}

/** The value an operator reads (Constraint.Validate / Affinity.Validate); `at` is its path. */
export function checkValue(
  r: Report,
  op: string,
  value: unknown,
  at: string,
  affinity: boolean,
): void {
  const v = value === undefined ? '' : text(value);
  if (v === undefined) return; // a variable
  const problem = valueProblem(op, v, affinity);
  if (problem === null) return;
  r.add(
    VALUE,
    at,
    problem,
    op === 'is_set' || op === 'is_not_set'
      ? 'remove value'
      : 'give the value the operator compares with, e.g. value = "linux" or version = ">= 1.2"',
  );
}

/** validateConstraintAttribute: an interpolated attribute is one the scheduler can resolve. */
export function checkAttributeFormat(r: Report, attr: unknown, at: string): void {
  const a = text(attr);
  if (a === undefined || !a.startsWith('$')) return;
  let problem: string | undefined;
  if (!a.startsWith('${')) problem = 'is missing its opening brace';
  else if (!a.endsWith('}')) problem = 'is missing its closing brace';
  else if (!NODE_TARGETS.includes(a) && !PREFIXES.some((p) => a.startsWith(p)))
    problem = 'is not an attribute Nomad can resolve';
  if (problem === undefined) return;
  r.add(
    ATTRIBUTE_FORMAT,
    `${at}.attribute`,
    `attribute '${a}' ${problem}`,
    'use ${attr.<name>}, ${meta.<key>}, ${device.<name>} or ${node.class} (also node.datacenter, node.pool, node.unique.id, node.unique.name)',
  );
}
