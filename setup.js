// Runs in every test file's module registry before its tests.
'use strict';
const path = require('path');

// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...), registered from
// cdktf's jest adapter alone: `Testing.setupJest()` would load all of cdktf into every test
// file, whether it uses cdktf or not.
require('cdktf/lib/testing/adapters/jest').setupJest();

/**
 * The CLI defers two large dependencies until first use (bin/defer.js) through require.cache,
 * which jest's module registry does not have. Every test file loads them anew (zod's ~60 locale files, archiver's ~180 files under
 * cdktf), so the same stand-in is set here: the real module loads the first time anything calls
 * it or reads a property of it, as in the CLI.
 */
function defer(target, esModule) {
  jest.mock(target, () => {
    let real;
    const load = () => (real ??= jest.requireActual(target));
    return new Proxy(function deferredModule() {}, {
      apply: (_t, self, args) => Reflect.apply(load(), self, args),
      get: (_t, prop) => (prop === '__esModule' && esModule ? true : Reflect.get(load(), prop)),
      has: (_t, prop) => Reflect.has(load(), prop),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_t, prop) => {
        const d = Reflect.getOwnPropertyDescriptor(load(), prop);
        return d === undefined ? undefined : { ...d, configurable: true };
      },
    });
  });
}
const from = (dir, request) => require.resolve(request, { paths: [dir] });
defer(from(path.dirname(from(__dirname, 'zod')), './v4/locales/index.cjs'), true);
defer(from(path.dirname(from(__dirname, 'cdktf')), 'archiver'), false);
