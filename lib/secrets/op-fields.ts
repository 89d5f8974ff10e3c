import type { OnePasswordSource } from './secret';

/**
 * How a 1Password field is found, stated once for both sides: `secrets check` (through `op`) and
 * the module's Terraform reads (the 1Password provider).
 *
 * The provider exposes these item fields directly; any other field it reads only through
 * `section[].field[]`. Labels compare case-insensitively, as `op` matches them.
 */
export const BUILT_IN_FIELDS = ['username', 'password', 'credential'] as const;
export type BuiltInField = (typeof BUILT_IN_FIELDS)[number];

/** Whether a field label (any case) is one of the item's built-in fields. */
export function isBuiltInField(label: string): boolean {
  return builtInField(label) !== undefined;
}

function builtInField(label: string): BuiltInField | undefined {
  const lower = label.toLowerCase();
  return BUILT_IN_FIELDS.find((f) => f === lower);
}

/** The built-in field a reference names (`op://v/i/Password`: no section), if it names one. */
export function builtInFieldOf(source: OnePasswordSource): BuiltInField | undefined {
  return source.section === undefined ? builtInField(source.field) : undefined;
}
