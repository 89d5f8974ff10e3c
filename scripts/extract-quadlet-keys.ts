/**
 * Extracts the key names of each Quadlet section from Podman's podman-systemd.unit(5) page
 * (docs/source/markdown/podman-systemd.unit.5.md in containers/podman) into
 * lib/openclaw/standalone/quadlet-keys.json, the table the Quadlet renderer checks its keys
 * against. Run: npx ts-node scripts/extract-quadlet-keys.ts <page.md> <podman version> <commit>
 * (then npx prettier --write lib/openclaw/standalone/quadlet-keys.json).
 */
import * as fs from 'fs';
import * as path from 'path';

const [page, version, commit] = process.argv.slice(2);
if (page === undefined || version === undefined || commit === undefined) {
  process.stderr.write('usage: extract-quadlet-keys.ts PAGE.md PODMAN_VERSION COMMIT\n');
  process.exit(2);
}
const sections: Record<string, string[]> = {};
let current: string | undefined;
for (const line of fs.readFileSync(page, 'utf8').split('\n')) {
  const section = /^## .* \[([A-Za-z]+)\]$/.exec(line);
  if (section) {
    current = section[1];
    sections[current] = [];
    continue;
  }
  if (/^## /.test(line)) current = undefined;
  const key = /^### `([A-Za-z0-9]+)=`/.exec(line);
  if (key && current !== undefined && !sections[current].includes(key[1])) {
    sections[current].push(key[1]);
  }
}
for (const keys of Object.values(sections)) keys.sort();
const out = {
  source: 'containers/podman docs/source/markdown/podman-systemd.unit.5.md',
  podmanVersion: version,
  commit,
  sections,
};
const file = path.join(__dirname, '..', 'lib', 'openclaw', 'standalone', 'quadlet-keys.json');
fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
