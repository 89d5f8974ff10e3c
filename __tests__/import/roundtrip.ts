import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { importModule, type ImportResult } from '../../homelab/import/import';
import { wiringOfGenerated, wiringOfHandWritten, type Wiring } from '../../homelab/import/compare';
import { synth } from '../../cli/synth';
import { writeFilesAtomic } from '../../lib/util/atomic-write';

/** Every file's text below `dir`, concatenated: to look for a canary anywhere in an output. */
export function readAll(dir: string): string {
  let out = '';
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    out += e.isDirectory() ? readAll(p) : fs.readFileSync(p, 'utf8');
  }
  return out;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies a module folder (with its config/ folder) into a fresh temporary folder. */
export function copyModule(src: string, name = path.basename(src)): string {
  const dst = path.join(tmpDir('oc-import-'), name);
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}

export interface RoundTrip {
  readonly imported: ImportResult;
  readonly before: Wiring;
  readonly after: Wiring;
  readonly siteFile: string;
  readonly moduleDir: string;
}

/** import DIR --out site.yaml, then synth --site site.yaml: both wirings. */
export async function importThenSynth(
  moduleDir: string,
  options: { readonly legacy?: boolean } = {},
): Promise<RoundTrip> {
  const work = tmpDir('oc-import-site-');
  const siteFile = path.join(work, 'site', 'site.yaml');
  const imported = await importModule(moduleDir, { siteFile });
  writeFilesAtomic(imported.files);
  // `legacy`: synth the data-source form, which import reads back (a fixed-point test).
  if (options.legacy === true)
    fs.appendFileSync(siteFile, '\nterraform: { stateSecrets: legacy }\n');
  await synth({
    sitePath: siteFile,
    outDir: path.join(work, 'out'),
    projectRoot: work,
    jobsDir: path.join(work, 'jobs'),
  });
  const generated = path.join(work, 'out', 'octant', 'terraform', imported.name);
  return {
    imported,
    // A typed gateway writes lists where the hand-written jobspec calls concat() (jobspec2
    // evaluates it when it reads the file; the Nomad layer keeps the expression's text).
    before: await wiringOfHandWritten(moduleDir, { evaluateConfig: imported.kind === 'gateway' }),
    after: await wiringOfGenerated(generated),
    siteFile,
    moduleDir: generated,
  };
}

/** The generated module declares every variable of the hand-written one, with its default. */
export function variablesKept(before: Wiring, after: Wiring): Record<string, [string, string]> {
  const diff: Record<string, [string, string]> = {};
  for (const [name, d] of Object.entries(before.variables)) {
    if (after.variables[name] !== d) diff[name] = [d, after.variables[name] ?? '<missing>'];
  }
  return diff;
}
