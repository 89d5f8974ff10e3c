import { UsageError } from '../util/errors';

/**
 * Parses repeated `--var name=value` options. Values stay text: a `templatefile()` placeholder
 * takes the text as-is, and HCL2 variables are converted by whoever knows their type.
 */
export function parseVarArgs(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(
        `--var '${v}' is not name=value`,
        'write --var name=value, e.g. --var datacenter=octant',
      );
    }
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}
