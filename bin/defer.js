// Start-up deferrals of the CLI (and the bench's floor): two dependencies load large parts this
// app never uses. Each gets a stand-in in the require cache that loads the real module the first
// time anything calls it or reads a property of it, so behaviour is unchanged. Done here, in the
// program's entry, never on import of the library: a consumer's require cache is theirs.
// - cdktf's index eagerly loads `archiver` (about 100 ms), needed only to zip a TerraformAsset;
// - zod's main entry loads its ~60 locale files to offer `z.locales`; we use English only.
'use strict';
const Module = require('module');
const path = require('path');

/** Resolves `request` as `from` would, or undefined when it is not installed. */
function resolveFrom(from, request) {
  try {
    return require.resolve(request, { paths: [from] });
  } catch {
    return undefined;
  }
}

/**
 * Puts a stand-in for the module file `target` into the require cache. `esModule`: the module is
 * an ES module compiled to CommonJS; the stand-in answers `__esModule` without loading it, so
 * `__importStar(require(...))` keeps the stand-in rather than copying every property at once.
 */
function deferModule(target, esModule) {
  if (require.cache[target] !== undefined) return;
  let real;
  const load = () => {
    if (real === undefined) {
      delete require.cache[target];
      real = Module.createRequire(target)(target);
    }
    return real;
  };
  const standIn = new Proxy(function deferredModule() {}, {
    apply: (_t, self, args) => Reflect.apply(load(), self, args),
    get: (_t, prop) => (prop === '__esModule' && esModule ? true : Reflect.get(load(), prop)),
    has: (_t, prop) => Reflect.has(load(), prop),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_t, prop) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), prop);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
  });
  const entry = new Module(target);
  entry.filename = target;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[target] = entry;
}

const root = path.resolve(__dirname, '..');
const cdktf = resolveFrom(root, 'cdktf');
const archiver = cdktf === undefined ? undefined : resolveFrom(path.dirname(cdktf), 'archiver');
if (archiver !== undefined) deferModule(archiver, false);
const zod = resolveFrom(root, 'zod');
const locales =
  zod === undefined ? undefined : resolveFrom(path.dirname(zod), './v4/locales/index.cjs');
if (locales !== undefined) deferModule(locales, true);
