import type { VarValue } from '../nomad/model';
import { STANDARD_VARIABLES } from './variables';

/**
 * Octant's defaults as values, read from the one list that states them (`STANDARD_VARIABLES`,
 * which the modules' variables and README are generated from): the site schema and the gateway
 * settings default to these rather than restating them.
 */
export function standardDefault(name: string): VarValue | undefined {
  return STANDARD_VARIABLES.find((v) => v.name === name)?.default;
}

function text(name: string): string {
  const v = standardDefault(name);
  if (typeof v !== 'string')
    throw new Error(`internal: Octant variable ${name} has no text default`);
  return v;
}

/** Octant's standard defaults, by variable name. */
export const OCTANT_DEFAULTS = {
  nomad: text('nomad'),
  consul: text('consul'),
  region: text('region'),
  datacenter: text('datacenter'),
  domain: text('domain'),
  certresolver: text('certresolver'),
} as const;

/** Octant's DNS servers (the `dns` variable of its modules). */
export const OCTANT_DNS: readonly string[] = (standardDefault('dns') ?? []) as readonly string[];
