import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { UserError } from '../lib/util/errors';
import { projectRoot } from '../lib/util/project-root';
import { parseWith } from './issues';
import { Site, siteSchema } from './schema';

/**
 * The embedded default site: Octant's own defaults and one gateway named `openclaw`. tsc does not
 * copy YAML into dist/, so it is read from the project's homelab/ folder.
 */
export function defaultSiteFile(): string {
  return path.join(projectRoot(__dirname), 'homelab', 'default.site.yaml');
}

/**
 * Validates site data already read from `file` (used in error messages). JSON is YAML, so one
 * parser reads both; a JSON file is still parsed strictly as JSON so its errors read as JSON's.
 */
export function parseSite(text: string, file: string): Site {
  let data: unknown;
  if (file.endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UserError(
        file,
        `is not valid JSON: ${(e as Error).message}`,
        'fix the JSON syntax',
      );
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = err.linePos ? `:${err.linePos[0].line}` : '';
      throw new UserError(
        `${file}${line}`,
        `is not valid YAML: ${err.message.split('\n')[0]}`,
        'fix the YAML syntax',
      );
    }
    data = doc.toJS();
  }
  if (data === null || data === undefined) {
    throw new UserError(file, 'is empty', 'describe at least one gateway under `gateways`');
  }
  return parseWith(siteSchema, data, file);
}

/**
 * Loads and validates a site file (JSON or YAML). Without a path, the embedded default site.
 * Errors are UserErrors naming the file, the field path, the rule and the allowed values.
 */
export function loadSite(file?: string): Site {
  const f = file ?? defaultSiteFile();
  let text: string;
  try {
    text = fs.readFileSync(f, 'utf8');
  } catch (e) {
    throw new UserError(
      f,
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the --site path',
    );
  }
  return parseSite(text, file === undefined ? 'homelab/default.site.yaml' : f);
}
