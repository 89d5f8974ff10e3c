import * as fs from 'fs';
import { siteJsonSchema, siteJsonSchemaFile } from '../../homelab/json-schema';

describe('homelab/site.schema.json', () => {
  test('is up to date (regenerate with `npx ts-node homelab/json-schema.ts`)', () => {
    expect(fs.readFileSync(siteJsonSchemaFile(), 'utf8')).toBe(siteJsonSchema());
  });

  test('rejects unknown keys and documents defaults, like the loader', () => {
    const schema = JSON.parse(siteJsonSchema()) as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { default?: unknown; description?: string }> & {
        gateways: {
          items: { additionalProperties: boolean; properties: Record<string, { enum?: string[] }> };
        };
      };
    };
    expect(schema.additionalProperties).toBe(false);
    // gateways or services: the loader checks that one of them has an entry.
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties.region.default).toBe('home');
    expect(schema.properties.gateways.items.additionalProperties).toBe(false);
    expect(schema.properties.gateways.items.properties.bind.enum).toEqual([
      'loopback',
      'lan',
      'tailnet',
    ]);
    for (const [key, prop] of Object.entries(schema.properties)) {
      expect([key, typeof (prop as { description?: string }).description]).toEqual([key, 'string']);
    }
  });
});
