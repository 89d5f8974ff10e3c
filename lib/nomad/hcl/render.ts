import { isInterp, isRef, JobFile, Value, VarRef, VarValue, Variable } from '../model';
import { BlockName, BlockSpec, FieldSpec, blockSpec, isBlockKind } from '../schema';
import {
  escapeTemplateText,
  heredocMarker,
  heredocSafe,
  isIdentifier,
  quoteString,
  renderKey,
} from './escape';

/**
 * Renders a jobspec file as canonical HCL: `format(renderHcl(f)) === renderHcl(f)` with
 * hclwrite's formatter. Variables first, then the job; attributes before blocks, in schema order.
 */
export function renderHcl(file: JobFile): string {
  const out: string[] = [];
  for (const v of file.variables ?? []) {
    out.push(...renderBlock('Variable', 'variable', v as unknown as Rec, 0), '');
  }
  out.push(...renderBlock('Job', 'job', file.job as unknown as Rec, 0));
  return out.join('\n') + '\n';
}

type Rec = Readonly<Record<string, unknown>>;

/** One item of a body: an attribute (aligned with its neighbours when single-line) or raw lines. */
type Item =
  | { readonly kind: 'attr'; readonly key: string; readonly value: Rendered }
  | { readonly kind: 'lines'; readonly lines: readonly string[] };

/** A rendered value: `first` follows `key = `, `rest` are complete lines. */
interface Rendered {
  readonly first: string;
  readonly rest: readonly string[];
  /** hclwrite aligns `=` across single-line values and heredocs, not bracketed multi-line ones. */
  readonly alignable: boolean;
}

const ind = (depth: number): string => '  '.repeat(depth);

function renderBlock(name: BlockName, hcl: string, obj: Rec, depth: number): string[] {
  const spec = blockSpec(name);
  const header = blockHeader(spec, hcl, obj);
  const items = bodyItems(spec, obj, depth + 1);
  if (items.length === 0) return [`${ind(depth)}${header} {}`];
  return [`${ind(depth)}${header} {`, ...layout(items, depth + 1), `${ind(depth)}}`];
}

function blockHeader(spec: BlockSpec, hcl: string, obj: Rec, labelField = spec.labelField): string {
  if (labelField === undefined) return hcl;
  return `${hcl} ${quoteString(String(obj[labelField]))}`;
}

function bodyItems(spec: BlockSpec, obj: Rec, depth: number): Item[] {
  const attrs: Item[] = [];
  const blocks: Item[] = [];
  for (const field of spec.fields) {
    const v = obj[field.field];
    if (v === undefined || field.field === spec.labelField) continue;
    if (isBlockKind(field.kind)) blocks.push(...blockItems(field, v, depth));
    else attrs.push({ kind: 'attr', key: field.hcl, value: attrValue(field, v, depth) });
  }
  return [...attrs, ...blocks];
}

function attrValue(field: FieldSpec, v: unknown, depth: number): Rendered {
  if (field.kind === 'typeExpr') return single(String(v));
  if (field.kind === 'stringMapAttr') return renderObject(v as Rec, depth);
  return renderValue(v as Value, depth, true);
}

function blockItems(field: FieldSpec, v: unknown, depth: number): Item[] {
  switch (field.kind) {
    case 'block':
      return [{ kind: 'lines', lines: renderBlock(need(field), field.hcl, v as Rec, depth) }];
    case 'blocks':
    case 'labeledBlocks':
    case 'labeledMap':
      return (v as readonly Rec[]).map((b) => ({
        kind: 'lines' as const,
        lines: renderLabeled(field, b, depth),
      }));
    case 'config':
      return [mapBlock(field.hcl, v as Rec, depth, false)];
    case 'stringMap':
    case 'headerMap':
      return [mapBlock(field.hcl, v as Rec, depth, true)];
    default:
      return [];
  }
}

/** A nested block whose label field is the field's (task `scaling "cpu"`) or its block type's. */
function renderLabeled(field: FieldSpec, obj: Rec, depth: number): string[] {
  const spec = blockSpec(need(field));
  const labelField = field.labelField ?? spec.labelField;
  const header = blockHeader(spec, field.hcl, obj, labelField);
  const items = bodyItems(spec, obj, depth + 1);
  if (items.length === 0) return [`${ind(depth)}${header} {}`];
  return [`${ind(depth)}${header} {`, ...layout(items, depth + 1), `${ind(depth)}}`];
}

function need(field: FieldSpec): BlockName {
  if (field.block === undefined) throw new Error(`schema: ${field.field} has no block type`);
  return field.block;
}

/**
 * A map with user keys as a block (`env { KEY = "v" }`); when a key is not an identifier the
 * block syntax cannot hold it, so the map is written as an attribute (`env = { "a.b" = "v" }`).
 */
function mapBlock(name: string, map: Rec, depth: number, allowAttrForm: boolean): Item {
  const keys = Object.keys(map).filter((k) => map[k] !== undefined);
  if (allowAttrForm && !keys.every(isIdentifier)) {
    return { kind: 'attr', key: name, value: renderObject(map, depth) };
  }
  const items: Item[] = keys.map((k) => ({
    kind: 'attr',
    // In a body, keywords (`if`, `for`) are plain argument names; quoting them is an error.
    key: /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : renderKey(k),
    value: renderValue(map[k] as Value, depth + 1, true),
  }));
  const lines =
    items.length === 0
      ? [`${ind(depth)}${name} {}`]
      : [`${ind(depth)}${name} {`, ...layout(items, depth + 1), `${ind(depth)}}`];
  return { kind: 'lines', lines };
}

/** Writes body items with `=` aligned across each run of consecutive alignable attributes. */
function layout(items: readonly Item[], depth: number): string[] {
  const out: string[] = [];
  let run: { key: string; value: Rendered }[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((a) => displayWidth(a.key)));
    for (const a of run) {
      const pad = ' '.repeat(width - displayWidth(a.key));
      out.push(`${ind(depth)}${a.key}${pad} = ${a.value.first}`, ...a.value.rest);
    }
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'attr' && item.value.alignable) {
      run.push(item);
      continue;
    }
    flush();
    if (item.kind === 'attr') {
      out.push(`${ind(depth)}${item.key} = ${item.value.first}`, ...item.value.rest);
    } else {
      // A blank line before each nested block, as people write jobspecs (and Octant's do).
      if (out.length > 0) out.push('');
      out.push(...item.lines);
    }
  }
  flush();
  return out;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** hclwrite measures names in grapheme clusters. */
function displayWidth(s: string): number {
  // Segmenting is slow; printable ASCII is one cluster per character.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  return Array.from(segmenter.segment(s)).length;
}

function single(text: string): Rendered {
  return { first: text, rest: [], alignable: true };
}

/** Any model value. `heredoc` allows a heredoc for a multi-line string (direct attribute values). */
export function renderValue(v: Value | VarValue, depth: number, heredoc = false): Rendered {
  if (typeof v === 'string') return renderText([v], heredoc);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot render number ${v} in HCL`);
    return single(String(v));
  }
  if (typeof v === 'boolean') return single(String(v));
  if (isRef(v)) return single(`var.${v.name}`);
  if (isInterp(v)) return renderText(v.parts, heredoc);
  if (Array.isArray(v)) return renderList(v as readonly Value[], depth);
  return renderObject(v as Rec, depth);
}

function renderText(raw: readonly (string | VarRef)[], heredoc: boolean): Rendered {
  const parts = mergeText(raw);
  const literal = parts.map((p) => (typeof p === 'string' ? p : '${}')).join('');
  const useHeredoc = heredoc && literal.includes('\n') && heredocSafe(literal);
  const ctx = useHeredoc ? 'heredoc' : 'quoted';
  let body = '';
  parts.forEach((p, i) => {
    if (typeof p === 'string') body += escapeTemplateText(p, ctx, isRef(parts[i + 1]));
    else body += '${var.' + p.name + '}';
  });
  if (!useHeredoc) return single(`"${body}"`);
  const lines = body.slice(0, -1).split('\n');
  const marker = heredocMarker(lines.join('\n'));
  return { first: `<<${marker}`, rest: [...lines, marker], alignable: true };
}

/** Adjacent literal parts are one literal: escaping them apart would miss a `$` + `{` pair. */
function mergeText(parts: readonly (string | VarRef)[]): (string | VarRef)[] {
  const out: (string | VarRef)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  return out.length === 0 ? [''] : out;
}

function isScalar(v: unknown): boolean {
  return typeof v !== 'object' || v === null || isRef(v) || isInterp(v);
}

/** Longer one-line lists are written one element per line, so tag lists stay readable. */
export const MAX_INLINE_LIST = 80;

function renderList(list: readonly Value[], depth: number): Rendered {
  if (list.every(isScalar)) {
    const inline = '[' + list.map((e) => renderValue(e, depth).first).join(', ') + ']';
    if (list.length < 2 || inline.length <= MAX_INLINE_LIST) return single(inline);
  }
  const lines: string[] = [];
  for (const e of list) {
    const r = renderValue(e, depth + 1);
    lines.push(`${ind(depth + 1)}${r.first}`, ...r.rest);
    lines[lines.length - 1] += ',';
  }
  return { first: '[', rest: [...lines, `${ind(depth)}]`], alignable: false };
}

function renderObject(obj: Rec, depth: number): Rendered {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (keys.length === 0) return single('{}');
  const items: Item[] = keys.map((k) => ({
    kind: 'attr',
    key: renderKey(k),
    value: renderValue(obj[k] as Value, depth + 1),
  }));
  return { first: '{', rest: [...layout(items, depth + 1), `${ind(depth)}}`], alignable: false };
}

/** Renders one HCL2 `variable` block (exported for callers that assemble files themselves). */
export function renderVariable(v: Variable): string {
  return renderBlock('Variable', 'variable', v as unknown as Rec, 0).join('\n') + '\n';
}
