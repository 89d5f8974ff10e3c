import type { VarValue } from '../nomad/model';
import { OCTANT_DEFAULTS, STANDARD_VARIABLES } from './variables';

/**
 * Octant's defaults as values, read from the one list that states them (`STANDARD_VARIABLES`,
 * which the modules' variables and README are generated from): the site schema and the gateway
 * settings default to these rather than restating them.
 */
export function standardDefault(name: string): VarValue | undefined {
  return STANDARD_VARIABLES.find((v) => v.name === name)?.default;
}

/** Octant's standard defaults (stated in `variables.ts`, beside the variables they feed). */
export { OCTANT_DEFAULTS };

/** Octant's DNS servers (the `dns` variable of its modules). */
export const OCTANT_DNS: readonly string[] = (standardDefault('dns') ?? []) as readonly string[];
