import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { defaultSiteFile } from '../../homelab/load';

/**
 * Writes a site file: the embedded default site with its `secrets.items` replaced. The default's
 * gateway reads `gateway_token`, so that item is kept (in the `Homelab` vault) unless `items`
 * overrides it.
 */
export function writeSite(
  dir: string,
  items: Record<string, { op?: string; generate?: 'hex32'; description?: string }>,
  backend: 'onepassword' | 'vault' = 'onepassword',
): string {
  const site = parse(fs.readFileSync(defaultSiteFile(), 'utf8')) as Record<string, unknown>;
  const secrets = site.secrets as { items: Record<string, Record<string, unknown>> };
  // These tests' fake 1Password has a `Homelab` vault (the default site's is `Octant`).
  const token = { ...secrets.items.gateway_token, op: 'op://Homelab/openclaw/gateway_token' };
  site.secrets = { backend, items: { ...secrets.items, gateway_token: token, ...items } };
  const file = path.join(dir, 'site.json');
  fs.writeFileSync(file, JSON.stringify(site, null, 2));
  return file;
}
