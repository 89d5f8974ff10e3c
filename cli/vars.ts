import { UsageError } from '../lib/util/errors';
import { JobFile, Variable } from '../lib/nomad/model';

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

/**
 * The `--var` values that set the file's declared HCL2 variables, with their declarations; the
 * others filled `templatefile()` placeholders while parsing.
 */
export function hcl2VarArgs(
  file: JobFile,
  vars: Readonly<Record<string, string>>,
): [Variable, string][] {
  const declared = new Map((file.variables ?? []).map((v) => [v.name, v]));
  const out: [Variable, string][] = [];
  for (const [name, text] of Object.entries(vars)) {
    const v = declared.get(name);
    if (v !== undefined) out.push([v, text]);
  }
  return out;
}
