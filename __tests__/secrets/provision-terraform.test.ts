import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { renderFiles } from '../../lib/terraform/render-files';
import { buildSite } from '../../homelab/build';
import { loadSite } from '../../homelab/load';
import { evaluate, toProviderItem, type ProviderItem } from '../terraform/onepassword-oracle';
import { capture, installFakeOp } from './fake-op';
import { writeSite } from './site-fixture';

interface ModuleJson {
  data: { onepassword_item: Record<string, { title: string }> };
  resource: { nomad_variable: Record<string, { items: Record<string, string> }> };
}

// The provisioner writes into 1Password; Terraform reads through the provider. Both sides must
// name the same field, or `terraform apply` fails on a freshly provisioned vault.
test('what `secrets provision` creates is exactly what the module reads', async () => {
  const op = installFakeOp({ signedIn: true, vaults: [{ name: 'Homelab', items: [] }] });
  try {
    const site = writeSite(op.dir, {
      // No section: the field goes into the tool's own section.
      gateway_token: { op: 'op://Homelab/openclaw/gateway_token', generate: 'hex32' },
      // An explicit section, and the built-in password field of another item.
      webhook_secret: { op: 'op://Homelab/openclaw/Hooks/webhook_secret', generate: 'hex32' },
      admin_password: { op: 'op://Homelab/openclaw admin/password', generate: 'hex32' },
    });
    // The module carries only the secrets the task reads: give the gateway all three.
    const json = JSON.parse(fs.readFileSync(site, 'utf8')) as {
      gateways: { env?: Record<string, unknown> }[];
    };
    json.gateways[0].env = {
      WEBHOOK_SECRET: { secret: 'webhook_secret' },
      ADMIN_PASSWORD: { secret: 'admin_password' },
    };
    fs.writeFileSync(site, JSON.stringify(json));
    const c = capture(op.dir);
    expect(await main(['secrets', 'provision', '--site', site], c.io)).toBe(0);

    const stored = op.read().vaults[0].items;
    const build = buildSite(loadSite(site));
    // The data-source form: the oracle evaluates what the provider's data source returns.
    const legacy = build.modules.map((m) => ({ ...m, stateSecrets: 'legacy' as const }));
    const { files } = renderFiles(legacy, { outDir: 'out', projectRoot: op.dir });
    const main_ = JSON.parse(
      files.get(path.join(op.dir, 'out', 'octant', 'terraform', 'openclaw', 'main.tf.json')) ??
        '{}',
    ) as ModuleJson;
    const data: Record<string, ProviderItem> = {};
    for (const [id, ds] of Object.entries(main_.data.onepassword_item)) {
      const item = stored.find((i) => i.title === ds.title);
      if (!item) throw new Error(`module reads item ${ds.title}, which was not provisioned`);
      data[id] = toProviderItem(item);
    }
    const items = Object.values(main_.resource.nomad_variable)[0].items;
    const value = (title: string, label: string): string | undefined =>
      stored.find((i) => i.title === title)?.fields.find((f) => f.label === label)?.value;
    expect(Object.keys(items).sort()).toEqual([
      'admin_password',
      'gateway_token',
      'webhook_secret',
    ]);
    expect(evaluate(items.gateway_token, data)).toBe(value('openclaw', 'gateway_token'));
    expect(evaluate(items.webhook_secret, data)).toBe(value('openclaw', 'webhook_secret'));
    expect(evaluate(items.admin_password, data)).toBe(value('openclaw admin', 'password'));
    for (const v of Object.values(items)) expect(evaluate(v, data)).toMatch(/^[0-9a-f]{64}$/);
  } finally {
    op.restore();
  }
});
