import { UserError } from '../../lib/util/errors';

/**
 * Turns a Terraform `templatefile()` jobspec into a plain HCL2 jobspec: each `${name}`
 * placeholder becomes what the caller decides (a `var.name` reference or the value's text), and
 * `$${`/`%%{` become `${`/`%{` as Terraform renders them. Whether a placeholder sits inside a
 * string (or heredoc) or stands bare decides how a reference is written: `"${var.x}"` or `var.x`.
 */

export interface PlaceholderUse {
  readonly name: string;
  readonly line: number;
  /** Inside a quoted string or a heredoc. */
  readonly inString: boolean;
  /** A block label (`job "${name}" {`): a jobspec label cannot be an expression. */
  readonly inLabel: boolean;
}

/** The line so far is a block type and labels: the string opening here is a label. */
const LABEL_PREFIX = /(^|\n)[ \t]*[A-Za-z_][\w-]*([ \t]+"[^"\n]*")*[ \t]+$/;

/** Replaces each placeholder occurrence; `replace` gets the use and returns the new text. */
export function convertTemplate(
  text: string,
  filename: string,
  replace: (use: PlaceholderUse) => string,
): string {
  let out = '';
  let line = 1;
  let state: 'code' | 'string' | 'heredoc' | 'comment' | 'block-comment' = 'code';
  let heredocEnd: RegExp | undefined;
  let inLabel = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += ch + '{';
      i += 2;
      continue;
    }
    if (text.startsWith('%{', i) && state !== 'comment' && state !== 'block-comment') {
      throw new UserError(
        `${filename}:${line}`,
        'template directives (%{ if }, %{ for }) cannot be imported',
        'write the rendered lines out in the template, then import again',
      );
    }
    if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i);
      const inner = end < 0 ? '' : text.slice(i + 2, end).trim();
      if (/^[A-Za-z_][\w-]*$/.test(inner) && !/^NOMAD_\w+$/.test(inner)) {
        const inString = state === 'string' || state === 'heredoc';
        out += replace({ name: inner, line, inString, inLabel: inString && inLabel });
        i = end;
        continue;
      }
      // `${var.x}`, `${meta.x}`, `${NOMAD_...}`: kept for Nomad, as Terraform would.
      out += text.slice(i, end + 1);
      i = end;
      continue;
    }
    if (ch === '\n') {
      line++;
      if (state === 'comment') state = 'code';
      out += ch;
      if (state === 'heredoc' && heredocEnd) {
        const rest = text.slice(i + 1);
        const m = heredocEnd.exec(rest);
        if (m && m.index === 0) {
          out += m[0];
          i += m[0].length;
          state = 'code';
        }
      }
      continue;
    }
    if (state === 'code') {
      if (ch === '"') {
        state = 'string';
        inLabel = LABEL_PREFIX.test(out.slice(out.lastIndexOf('\n')));
      } else if (ch === '#' || text.startsWith('//', i)) state = 'comment';
      else if (text.startsWith('/*', i)) state = 'block-comment';
      else if (text.startsWith('<<', i)) {
        const m = /^<<-?([A-Za-z_]\w*)/.exec(text.slice(i));
        if (m) {
          state = 'heredoc';
          heredocEnd = new RegExp(`^[ \\t]*${m[1]}(?=[ \\t]*(\\r?\\n|$))`);
          out += m[0];
          i += m[0].length - 1;
          continue;
        }
      }
    } else if (state === 'string') {
      if (ch === '\\') {
        out += text.slice(i, i + 2);
        i++;
        continue;
      }
      if (ch === '"') state = 'code';
    } else if (state === 'block-comment' && text.startsWith('*/', i)) {
      out += '*/';
      i++;
      state = 'code';
      continue;
    }
    out += ch;
  }
  return out;
}

/** A comment of a jobspec: its first line and its text (a block comment's first line). */
export interface JobspecComment {
  readonly line: number;
  readonly text: string;
}

/**
 * The comments of a jobspec (`#`, `//`, `/* *\/`), outside strings and heredocs. The generated
 * jobspec is rendered from the job model, which has no place for them: import names each.
 */
export function commentsOf(text: string): JobspecComment[] {
  const out: JobspecComment[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) {
        if (text[i] === '\\') i++;
      }
      if (text[i] === '\n') line++;
    } else if (text.startsWith('<<', i) && /^<<-?([A-Za-z_]\w*)/.test(text.slice(i))) {
      const tag = /^<<-?([A-Za-z_]\w*)/.exec(text.slice(i))![1];
      const end = new RegExp(`\\n[ \\t]*${tag}[ \\t]*(\\r?\\n|$)`).exec(text.slice(i));
      const stop = end ? i + end.index + 1 : text.length;
      line += text.slice(i, stop).split('\n').length - 1;
      i = stop - 1;
    } else if (ch === '#' || text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      out.push({ line, text: text.slice(i, end < 0 ? undefined : end).trimEnd() });
      i = (end < 0 ? text.length : end) - 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const body = text.slice(i, end < 0 ? undefined : end + 2);
      out.push({ line, text: body.split('\n')[0].trimEnd() });
      line += body.split('\n').length - 1;
      i = (end < 0 ? text.length : end + 2) - 1;
    }
  }
  return out;
}
