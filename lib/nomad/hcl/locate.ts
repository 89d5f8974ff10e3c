/**
 * Best-effort source positions for parsed HCL: hcl2json returns plain JSON without positions,
 * so block headers and attribute names are found again in the text.
 */
export class Locator {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** 1-based line of an offset. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** 1-based column of an offset (in UTF-16 units, as editors count them). */
  col(offset: number): number {
    return offset - this.lineStarts[this.line(offset) - 1] + 1;
  }

  /** `line:column` of an offset. */
  pos(offset: number): string {
    return `${this.line(offset)}:${this.col(offset)}`;
  }

  /** The first non-space character after `name` at `offset` (`=` for an attribute). */
  after(offset: number, name: string): string {
    let i = offset + name.length;
    if (this.text[offset] === '"') i += 2;
    while (i < this.text.length && /\s/.test(this.text[i])) i++;
    return this.text[i] ?? '';
  }

  /**
   * Offset of the `nth` (0-based) header `type "label" {` / `type {` at or after `from`.
   * `quotedLabel` is the label as written, quotes included.
   */
  block(type: string, quotedLabel: string | undefined, from: number, nth = 0): number {
    const lab =
      quotedLabel === undefined
        ? ''
        : `\\s*(?:${escapeRe(quotedLabel)}|${escapeRe(quotedLabel.slice(1, -1))})`;
    return this.search(cached(`(^|[\\s{])${escapeRe(type)}${lab}\\s*\\{`), from, nth);
  }

  /** Offset of an attribute or block named `name` at or after `from`. */
  key(name: string, from: number): number {
    return this.search(cached(`(^|[\\s{])"?${escapeRe(name)}"?\\s*(=|\\{|")`), from, 0);
  }

  private search(re: RegExp, from: number, nth: number): number {
    re.lastIndex = from;
    let m: RegExpExecArray | null = null;
    for (let i = 0; i <= nth; i++) {
      m = re.exec(this.text);
      if (!m) return from;
    }
    return m ? m.index + m[1].length : from;
  }
}

const REGEXPS = new Map<string, RegExp>();

/** The same few patterns are searched for in every file: compile each once. */
function cached(source: string): RegExp {
  let re = REGEXPS.get(source);
  if (!re) {
    if (REGEXPS.size > 2000) REGEXPS.clear();
    re = new RegExp(source, 'g');
    REGEXPS.set(source, re);
  }
  return re;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
