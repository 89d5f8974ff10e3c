import Module from 'module';
import * as path from 'path';

/**
 * cdktf's index eagerly loads `archiver`, which it needs only to zip the directory of a
 * TerraformAsset. This app creates no assets, and loading archiver costs about 100 ms of every
 * ~500 ms synth. Importing this module first (before `cdktf`) puts a stand-in into the require
 * cache that loads the real archiver the first time anything calls or reads it, so behaviour
 * is unchanged if cdktf ever does need it. Under a loader without `require.cache` (jest), it
 * does nothing.
 */
function deferArchiver(): void {
  if (typeof require === 'undefined' || require.cache === undefined) return;
  let target: string;
  try {
    const cdktfDir = path.dirname(require.resolve('cdktf'));
    target = require.resolve('archiver', { paths: [cdktfDir] });
  } catch {
    return; // a cdktf without archiver: nothing to defer
  }
  if (require.cache[target] !== undefined) return;

  let real: unknown;
  const load = (): object => {
    if (real === undefined) {
      delete require.cache[target];
      real = Module.createRequire(target)(target) as unknown;
    }
    return real as object;
  };
  const standIn = new Proxy(function archiverStandIn() {}, {
    apply: (_t, self, args: unknown[]) =>
      Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
    get: (_t, prop) => Reflect.get(load(), prop),
  });
  const entry = new Module(target);
  entry.filename = target;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[target] = entry;
}

deferArchiver();
