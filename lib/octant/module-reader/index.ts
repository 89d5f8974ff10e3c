/**
 * Reading an Octant service module's Terraform (main.tf, variables.tf) without Terraform: the
 * values it passes to its jobspec template, its jobs, variables and data sources. Used by
 * `validate --module-vars` and by `import`. lib/nomad knows nothing of Terraform; this does.
 */
import { TfModule } from './module';
import { Unknown, toText, Val } from './eval';

export { TfModule, parseTf, findCalls, isPrivateFile } from './module';
export type { TfVariable, TfJob, TemplateUse, PassedVar } from './module';
export { Evaluator, Unknown, isUnknown, firstUnknown, jsonencode, toText } from './eval';
export type { Val } from './eval';
export { parseExpr, parseTemplate, ExprSyntaxError } from './expr';
export type { Expr } from './expr';

/** A placeholder the module passes but whose value only Terraform can compute. */
export interface UnresolvedVar {
  readonly name: string;
  /** `main.tf:88`: where the value is written. */
  readonly where: string;
  readonly reason: string;
  /** The value would hold a secret (1Password): never to be guessed or printed. */
  readonly secret: boolean;
}

/** The values an Octant module's `main.tf` passes to a template file beside it. */
export interface ModuleTemplateVars {
  /** Whether anything in the module reads the template. */
  readonly found: boolean;
  /** `data.template_file.x` or `resource.nomad_job.y`, when found. */
  readonly block?: string;
  /** Placeholder name -> text, as `templatefile()` would insert it. */
  readonly vars: Readonly<Record<string, string>>;
  readonly unresolved: readonly UnresolvedVar[];
}

/** Text of a template value as Terraform inserts it; Unknown for lists, maps and unknowns. */
export function templateText(v: Val, name: string): string | Unknown {
  return toText(v, `the value of ${name}`);
}

/**
 * Reads what the module in `dir` passes to `templateFile` (a file name in `dir`): `locals`,
 * `file()`, `data "local_file"`, `data "template_file"`, `jsonencode`, `join`, `templatefile`
 * and `for_each` are evaluated where their inputs are static. `overrides` replace variable
 * defaults. @throws UserError when `dir` has no main.tf or a .tf file is not valid HCL
 */
export async function readModuleTemplateVars(
  dir: string,
  templateFile: string,
  overrides: Readonly<Record<string, Val>> = {},
): Promise<ModuleTemplateVars> {
  const mod = await TfModule.read(dir, overrides);
  const use = mod.templateUse(templateFile);
  if (!use) return { found: false, vars: {}, unresolved: [] };
  const vars: Record<string, string> = {};
  const unresolved: UnresolvedVar[] = [];
  for (const [name, passed] of use.vars) {
    const text = templateText(passed.value, name);
    if (text instanceof Unknown) {
      unresolved.push({ name, where: passed.where, reason: text.reason, secret: text.secret });
    } else vars[name] = text;
  }
  return { found: true, block: use.block, vars, unresolved };
}
