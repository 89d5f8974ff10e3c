/**
 * A test oracle for the two things Terraform does with our 1Password reads, written from the
 * provider's documentation rather than from lib/terraform:
 * - `toProviderItem`: how the 1Password provider (2.x) exposes an item that `op item get`
 *   returns: built-in fields by purpose (`username`, `password`) or id (`credential`), custom
 *   fields only inside `section[].field[]`; fields outside any section without a purpose are not
 *   readable.
 * - `evaluate`: Terraform's evaluation of the expression shapes a module uses to read a field:
 *   a direct attribute, or a `for` expression over `flatten(...)` with `lower()`, `==`, `||` and
 *   `[0]` (index out of range -> an error, as in Terraform).
 */

export interface OpField {
  readonly id?: string;
  readonly label?: string;
  readonly purpose?: string;
  readonly value?: string;
  readonly section?: { readonly id?: string; readonly label?: string };
}
export interface OpItem {
  readonly title: string;
  readonly sections?: readonly { readonly id: string; readonly label?: string }[];
  readonly fields: readonly OpField[];
}

interface ProviderField {
  readonly id: string;
  readonly label: string;
  readonly value: string;
}
interface ProviderSection {
  readonly id: string;
  readonly label: string;
  readonly field: readonly ProviderField[];
}
export interface ProviderItem {
  readonly username?: string;
  readonly password?: string;
  readonly credential?: string;
  readonly section: readonly ProviderSection[];
}

export function toProviderItem(item: OpItem): ProviderItem {
  const byPurpose = (p: string): string | undefined =>
    item.fields.find((f) => f.purpose === p)?.value;
  const sections = (item.sections ?? []).map((s) => ({
    id: s.id,
    label: s.label ?? '',
    field: item.fields
      .filter((f) => f.section?.id === s.id)
      .map((f) => ({ id: f.id ?? '', label: f.label ?? '', value: f.value ?? '' })),
  }));
  return {
    username: byPurpose('USERNAME'),
    password: byPurpose('PASSWORD'),
    credential: item.fields.find((f) => f.id === 'credential' && !f.section)?.value,
    section: sections,
  };
}

type Scope = Record<string, ProviderItem>;

function str(lit: string): string {
  return JSON.parse(lit) as string;
}

/** `(lower(v.label) == "x" || v.id == "y")` or `v.label == "x"`, for v bound to `row`. */
function condition(text: string, v: string, row: { label: string; id: string }): boolean {
  const t = text.trim().replace(/^\((.*)\)$/s, '$1');
  return t.split(' || ').some((part) => {
    const m = /^(lower\()?(\w+)\.(label|id)\)? == ("(?:[^"\\]|\\.)*")$/.exec(part.trim());
    if (!m || m[2] !== v) throw new Error(`oracle: unsupported condition ${part}`);
    const left = m[3] === 'label' ? row.label : row.id;
    return (m[1] ? left.toLowerCase() : left) === str(m[4]);
  });
}

/** Evaluates one `${...}` string of a module against the given data sources (by name). */
export function evaluate(expr: string, items: Scope): string {
  const body = /^\$\{(.*)\}$/s.exec(expr)?.[1];
  if (body === undefined) return expr;
  const direct = /^data\.onepassword_item\.(\w+)\.(username|password|credential)$/.exec(body);
  if (direct) {
    const v = items[direct[1]]?.[direct[2] as 'password'];
    if (v === undefined) throw new Error(`attribute ${direct[2]} is null`);
    return v;
  }
  const outer = /^\[for f in (.*) : f\.value if (.*)\]\[0\]$/s.exec(body);
  if (!outer) throw new Error(`oracle: unsupported expression ${body}`);
  let fields: ProviderField[];
  const all = /^flatten\(data\.onepassword_item\.(\w+)\.section\[\*\]\.field\)$/.exec(outer[1]);
  const scoped =
    /^flatten\(\[for s in data\.onepassword_item\.(\w+)\.section : s\.field if (.*)\]\)$/.exec(
      outer[1],
    );
  if (all) fields = items[all[1]].section.flatMap((s) => s.field);
  else if (scoped) {
    fields = items[scoped[1]].section
      .filter((s) => condition(scoped[2], 's', s))
      .flatMap((s) => s.field);
  } else throw new Error(`oracle: unsupported collection ${outer[1]}`);
  const values = fields.filter((f) => condition(outer[2], 'f', f)).map((f) => f.value);
  if (values.length === 0) throw new Error('Invalid index: the collection has no elements');
  return values[0];
}
