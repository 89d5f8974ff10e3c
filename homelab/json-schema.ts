import * as path from 'path';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/util/atomic-write';
import { projectRoot } from '../lib/util/project-root';
import { siteSchema } from './schema';

/**
 * homelab/site.schema.json, generated from the zod schema so editors can validate site files
 * with the same rules (and descriptions) as the loader. A test fails when the file is stale;
 * regenerate with `npx ts-node homelab/json-schema.ts`.
 */

export function siteJsonSchemaFile(): string {
  return path.join(projectRoot(__dirname), 'homelab', 'site.schema.json');
}

/** The JSON Schema of a site file as written (defaults make fields optional). */
export function siteJsonSchema(): string {
  const schema = z.toJSONSchema(siteSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'openclaw-octant site' }, null, 2)}\n`;
}

export function writeSiteJsonSchema(): string {
  const file = siteJsonSchemaFile();
  writeFileAtomic(file, siteJsonSchema());
  return file;
}

if (require.main === module) {
  process.stdout.write(`wrote ${writeSiteJsonSchema()}\n`);
}
