import { UserError } from '../../util/errors';
import { innerExpr, matchBrace, templateTokens } from './escape';
import { Locator } from './locate';

/**
 * Names Nomad fills in at run time, left untouched: `${meta.x}`, `${attr.x}`, `${node.x}` (a
 * dot), `${NOMAD_*}`, and other upper-case names, which are task environment variables Nomad
 * interpolates into driver config (`--endpoint=${CSI_ENDPOINT}`). Templatefile placeholders are
 * lower-case (`${datacenter}`, `${dns}`), as in every Octant module.
 */
function isRuntimeRef(expr: string): boolean {
  return (
    /^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(expr) ||
    /^NOMAD_[\w-]+$/.test(expr) ||
    /^[A-Z][A-Z0-9_]*$/.test(expr)
  );
}

/** Finds `${name}` placeholders of a `templatefile()` template: bare names, not `var.`/runtime refs. */
export function templatePlaceholders(text: string): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  walk(text, (expr, offset, loc) => {
    if (/^[A-Za-z_][\w-]*$/.test(expr) && !isRuntimeRef(expr)) {
      out.push({ name: expr, line: loc.line(offset) });
    }
  });
  return out;
}

function walk(text: string, onExpr: (expr: string, offset: number, loc: Locator) => void): void {
  let loc: Locator | undefined;
  for (let i = text.indexOf('{'); i >= 0 && i < text.length; i = text.indexOf('{', i + 1)) {
    if (i < 1 || text[i - 1] !== '$') continue;
    // `$${` is an escape: any `${` right after a `$` is literal text.
    if (i >= 2 && text[i - 2] === '$') continue;
    const start = i - 1;
    const end = matchBrace(text, i);
    if (end < 0) return;
    loc ??= new Locator(text);
    onExpr(innerExpr(text, start, end), start, loc);
    i = end;
  }
}

/**
 * Renders a Terraform `templatefile()` template: `${name}` becomes the value's text exactly
 * (so `dns = ${dns}` with `["10.0.0.1"]` becomes a list), `$${` becomes `${` and `%%{` becomes
 * `%{`, as Terraform does. `${var.x}` and Nomad runtime references (`${meta.x}`, `${NOMAD_*}`)
 * are kept: mixed files use them as HCL2 references. Placeholders without a value are one error
 * naming each of them and its line, so a user fixes them in one go.
 */
export function renderTemplatefile(
  text: string,
  vars: Readonly<Record<string, string>>,
  filename = 'template',
): string {
  checkPlaceholders(text, vars, filename);
  const loc = new Locator(text);
  let out = '';
  for (const t of templateTokens(text)) {
    if (t.kind === 'text') {
      out += t.text;
      continue;
    }
    const where = `${filename}:${loc.line(t.start)}`;
    if (t.kind === 'directive') {
      throw new UserError(
        where,
        `template directive ${t.source} is not supported`,
        'render the template with terraform first, or write the values out',
      );
    }
    out += substitute(t.expr, vars, where, t.source);
  }
  return out;
}

function checkPlaceholders(
  text: string,
  vars: Readonly<Record<string, string>>,
  filename: string,
): void {
  const missing = new Map<string, number>();
  for (const p of templatePlaceholders(text)) {
    if (!Object.prototype.hasOwnProperty.call(vars, p.name) && !missing.has(p.name)) {
      missing.set(p.name, p.line);
    }
  }
  if (missing.size === 0) return;
  const [[first, line], ...rest] = [...missing];
  const others = rest.map(([name, l]) => `\${${name}} (line ${l})`).join(', ');
  throw new UserError(
    `${filename}:${line}`,
    `template placeholder \${${first}} has no value` + (others ? `; nor do ${others}` : ''),
    `pass ${[...missing.keys()].map((n) => `--var ${n}=VALUE`).join(' ')} (or use --module-vars); ` +
      `write $\${${first}} if the text \${${first}} itself is meant`,
  );
}

function substitute(
  expr: string,
  vars: Readonly<Record<string, string>>,
  where: string,
  source: string,
): string {
  if (Object.prototype.hasOwnProperty.call(vars, expr)) return vars[expr];
  if (/^-?\d+(\.\d+)?$/.test(expr)) return expr;
  if (/^var\.[\w-]+$/.test(expr) || isRuntimeRef(expr)) return source;
  if (/^[A-Za-z_][\w-]*$/.test(expr)) {
    throw new UserError(
      where,
      `template placeholder \${${expr}} has no value`,
      `pass it with --var ${expr}=VALUE (or in the module's template vars)`,
    );
  }
  throw new UserError(
    where,
    `template expression ${source} is not supported`,
    'only ${name} placeholders, ${var.x} and Nomad runtime references can be rendered',
  );
}
