import { defineRule } from './diagnostic';
import { GroupCtx } from './context';
import { numberOf } from './values';

const BOUNDS = defineRule(
  'scaling-bounds',
  'error',
  'scaling',
  'A group scaling policy has 0 <= min <= max, and the group count lies between them.',
);
const ON_SYSTEM = defineRule(
  'scaling-on-system',
  'error',
  'scaling',
  'system jobs have no scaling block (they run one allocation per node).',
);

/** The group's horizontal scaling policy against its count (the parser checked type and max). */
export function checkScaling(g: GroupCtx): void {
  const s = g.group.scaling;
  if (s === undefined) return;
  const at = `${g.groupAt}.scaling`;
  if (g.type === 'system') {
    g.r.add(
      ON_SYSTEM,
      at,
      'a system job cannot scale a group',
      'remove the scaling block, or use a service job',
    );
    return;
  }
  const min = numberOf(s.min);
  const max = numberOf(s.max);
  // Nomad takes the count from min when the group leaves count out, and min from the count.
  const count = numberOf(g.group.count) ?? (g.group.count === undefined ? (min ?? 1) : undefined);
  const effMin = min ?? count;
  const problems: string[] = [];
  if (max !== undefined && max < 0) problems.push(`max ${max} is negative`);
  else if (max !== undefined && effMin !== undefined && max < effMin)
    problems.push(`max ${max} is below min ${effMin}`);
  if (min !== undefined && min < 0) problems.push(`min ${min} is negative`);
  if (count !== undefined && max !== undefined && count > max)
    problems.push(`count ${count} is above max ${max}`);
  if (count !== undefined && min !== undefined && count < min)
    problems.push(`count ${count} is below min ${min}`);
  if (problems.length === 0) return;
  g.r.add(
    BOUNDS,
    at,
    `the scaling policy does not fit: ${problems.join('; ')}`,
    'make 0 <= min <= count <= max',
  );
}
