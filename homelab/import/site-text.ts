import { stringify } from 'yaml';
import { isUserError, UserError } from '../../lib/util/errors';
import { parseSite } from '../load';

/**
 * The site file import writes: a comment header, then the site as YAML, read back by the site
 * loader before anything is written (a site that would not load is import's fault, and said).
 */

/** A note of the header as comment lines: a warning may span lines (a validator's findings). */
export function noteLines(note: string): string[] {
  return note.split(/\r\n|\r|\n/).map((line, i) => (i === 0 ? `# NOTE: ${line}` : `#   ${line}`));
}

export function siteFileText(file: string, header: readonly string[], site: object): string {
  const text = [...header, ''].join('\n') + stringify(site, { lineWidth: 0 });
  try {
    parseSite(text, file);
  } catch (e) {
    if (!isUserError(e)) throw e;
    const first = e.message.split('\n')[0];
    throw new UserError(
      file,
      `import would write a site file that does not load (${first}); nothing was written`,
      'fix what the error names in the module (or report it with the module folder), then import again',
    );
  }
  return text;
}
