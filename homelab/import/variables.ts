import type { VarValue } from '../../lib/nomad/model';
import {
  firstUnknown,
  type Expr,
  type TfVariable,
  Unknown,
  type Val,
} from '../../lib/octant/module-reader';
import type { ServiceConfigInput } from '../../lib/octant/service/schema';
import { isStandardVariable } from '../../lib/octant/variables';
import { scanValue } from '../../lib/secrets/literal-scan';
import { UserError } from '../../lib/util/errors';
import type { ModuleRead } from './read';

/**
 * Import's variables step: the module's variables become the service's, with their types and
 * defaults; and the small readers of `var.x` references the other steps share.
 */

export type TfType = 'string' | 'number' | 'bool' | 'list(string)' | 'map(string)';
const TF_TYPES: readonly string[] = ['string', 'number', 'bool', 'list(string)', 'map(string)'];

export type ServiceVariables = NonNullable<ServiceConfigInput['variables']>;

/** A value that must be a literal (a default): else an error naming `where`. */
export function plain(v: Val, where: string): VarValue {
  const u = firstUnknown(v);
  if (u || v === null) {
    throw new UserError(
      where,
      `the default is not a literal value${u ? `: ${u.reason}` : ''}`,
      'write the default out literally',
    );
  }
  return v as VarValue;
}

export function typeOf(v: TfVariable): TfType {
  if (v.type !== undefined) {
    const t = v.type.replace(/\s+/g, '');
    if (TF_TYPES.includes(t)) return t as TfType;
    if (t === 'list(any)' || t === 'list') return 'list(string)';
    if (t === 'map(any)' || t === 'map') return 'map(string)';
    const known = /^(string|number|bool|any|list|map|set|object|tuple)\b/.test(t);
    throw new UserError(
      v.where,
      known
        ? `variable "${v.name}" has type ${v.type}, which the generated module cannot declare`
        : `variable "${v.name}" has type ${v.type}, which is not a Terraform type (terraform refuses the module too)`,
      'use string, number, bool, list(string) or map(string)',
    );
  }
  const d = v.default;
  if (typeof d === 'number') return 'number';
  if (typeof d === 'boolean') return 'bool';
  if (Array.isArray(d)) return 'list(string)';
  if (typeof d === 'object' && d !== null && !(d instanceof Unknown)) return 'map(string)';
  return 'string';
}

/** `var.x` -> x */
export function varRef(e: Expr | undefined): string | undefined {
  return e?.k === 'get' && e.obj.k === 'ref' && e.obj.name === 'var' ? e.attr : undefined;
}

/** `jsonencode(var.x)` -> x */
export function jsonVarRef(e: Expr | undefined): string | undefined {
  return e?.k === 'call' && e.fn === 'jsonencode' && e.args.length === 1
    ? varRef(e.args[0])
    : undefined;
}

/** `"${x}"` -> x */
export function unwrap(e: Expr | undefined): Expr | undefined {
  return e?.k === 'tmpl' && e.parts.length === 1 && typeof e.parts[0] !== 'string' ? e.parts[0] : e;
}

/** Every module variable as a service variable (type, literal default, description). */
export function importVariables(m: ModuleRead): ServiceVariables {
  const variables: ServiceVariables = [];
  for (const v of m.mod.variables.values()) {
    const type = typeOf(v);
    // A sensitive (or credential-looking) default would travel into the site and the README.
    if (
      v.hasDefault &&
      v.default !== null &&
      (v.sensitive || scanValue({ [v.name]: v.default }, v.name).length > 0)
    ) {
      throw new UserError(
        m.rel(v.where),
        `variable "${v.name}" is sensitive or holds a credential, and has a literal default; import would copy it into the site`,
        `remove the default from the module and pass it with TF_VAR_${v.name}=... or from 1Password, then import again`,
      );
    }
    variables.push({
      name: v.name,
      type,
      ...(v.hasDefault && v.default !== null
        ? { default: plain(v.default ?? null, m.rel(v.where)) }
        : {}),
      ...(v.description !== undefined ? { description: v.description } : {}),
      ...(v.sensitive ? { sensitive: true } : {}),
    });
    m.report.push(
      `variable "${v.name}" (${m.rel(v.where)}) -> ${isStandardVariable(v.name) ? "Octant standard variable, this module's default kept" : 'module variable'}`,
    );
  }
  return variables;
}
