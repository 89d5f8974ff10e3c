import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../util/errors';
import { innerExpr, matchBrace, templateTokens } from './escape';
import { Locator } from './locate';
import { hclToJson } from './wasm';

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

/** The values an Octant module's `main.tf` passes to a jobspec template. */
export interface ModuleVars {
  /** Placeholder name -> text, as `templatefile()` would insert it. */
  readonly vars: Readonly<Record<string, string>>;
  /** Placeholders whose value comes from something only Terraform knows (data sources...). */
  readonly unresolved: readonly string[];
}

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

/**
 * Reads the template vars an Octant module's `main.tf` passes for `templateFile` (a file name in
 * `dir`): the `vars` of the `data "template_file"` whose `template` reads it, or the object given
 * to a `templatefile("<path>/<templateFile>", { ... })` call (newer modules), with `var.x` taken
 * from the defaults in `variables.tf` and `jsonencode(var.x)` rendered as JSON.
 */
export async function readModuleVars(dir: string, templateFile: string): Promise<ModuleVars> {
  const mainTf = path.join(dir, 'main.tf');
  const main = (await hclToJson(mainTf, fs.readFileSync(mainTf, 'utf8'))) as Record<string, Json>;
  const varsTf = path.join(dir, 'variables.tf');
  const defaults: Record<string, Json> = {};
  if (fs.existsSync(varsTf)) {
    const v = (await hclToJson(varsTf, fs.readFileSync(varsTf, 'utf8'))) as Record<string, Json>;
    for (const [name, bodies] of Object.entries(asObj(v.variable))) {
      const body = asObj(Array.isArray(bodies) ? bodies[0] : bodies);
      if ('default' in body) defaults[name] = body.default;
    }
  }
  const names = (pathExpr: string): boolean =>
    new RegExp(`(^|[/"\\\\])${escapeRe(templateFile)}"`).test(pathExpr);
  const templates = asObj(asObj(main.data).template_file);
  for (const bodies of Object.values(templates)) {
    const body = asObj(Array.isArray(bodies) ? bodies[0] : bodies);
    if (typeof body.template === 'string' && names(body.template)) {
      return evalVars(asObj(body.vars), defaults);
    }
  }
  for (const call of templatefileCalls(main)) {
    if (!names(call.path)) continue;
    // The vars argument is HCL source: let the HCL parser read it as an object.
    const parsed = asObj((await hclToJson(mainTf, `vars = ${call.vars}\n`)) as Json);
    return evalVars(asObj(parsed.vars), defaults);
  }
  return { vars: {}, unresolved: [] };
}

function evalVars(exprs: Record<string, Json>, defaults: Record<string, Json>): ModuleVars {
  const vars: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [name, expr] of Object.entries(exprs)) {
    const value = evalVar(expr, defaults);
    if (value === undefined) unresolved.push(name);
    else vars[name] = value;
  }
  return { vars, unresolved };
}

/**
 * Every `templatefile(path, { ... })` call in a parsed `.tf` file: hcl2json keeps expressions as
 * their source text, so the calls are found in the strings. Calls whose vars are not an object
 * literal (a local, a merge()) are skipped: their names cannot be known here.
 */
function templatefileCalls(json: Json): { path: string; vars: string }[] {
  const out: { path: string; vars: string }[] = [];
  const visit = (v: Json): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\btemplatefile\s*\(/g)) {
        const open = m.index + m[0].length - 1;
        const close = matchClosing(v, open, '(', ')');
        if (close < 0) continue;
        const args = v.slice(open + 1, close);
        const comma = topLevelComma(args);
        if (comma < 0) continue;
        const vars = args.slice(comma + 1).trim();
        if (vars.startsWith('{')) out.push({ path: args.slice(0, comma).trim(), vars });
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(json);
  return out;
}

/** Index of the bracket closing the one at `open`, skipping quoted strings; -1 if none. */
function matchClosing(src: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
    } else if (ch === o) depth++;
    else if (ch === c && --depth === 0) return i;
  }
  return -1;
}

/** Index of the first comma outside brackets and strings; -1 if none. */
function topLevelComma(src: string): number {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) return i;
  }
  return -1;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function asObj(v: Json | undefined): Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

/** Evaluates the few expressions Octant modules pass as template vars; undefined if unknown. */
function evalVar(expr: Json, defaults: Record<string, Json>): string | undefined {
  if (typeof expr === 'number' || typeof expr === 'boolean') return String(expr);
  if (typeof expr !== 'string') return undefined;
  const m = /^\$\{(.*)\}$/s.exec(expr);
  if (!m) return expr.replace(/\$\$\{/g, '${');
  const inner = m[1].trim();
  const ref = /^var\.([\w-]+)$/.exec(inner);
  if (ref) {
    const d = defaults[ref[1]];
    return typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean'
      ? String(d)
      : undefined;
  }
  const enc = /^jsonencode\(var\.([\w-]+)\)$/.exec(inner);
  if (enc && enc[1] in defaults) return JSON.stringify(defaults[enc[1]]);
  return undefined;
}
