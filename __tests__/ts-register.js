// `node -r ./__tests__/ts-register.js`: lets a plain node process require the TypeScript sources,
// transpiled with swc as jest does (same options, from jest.config.js). For tests that need a
// process of their own (a real require.cache); ts-node would load the TypeScript compiler,
// about 2 s of CPU per process.
'use strict';
const fs = require('fs');
const { transformSync } = require('@swc/core');

const [, options] = require('../jest.config').transform['^.+\\.ts$'];

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
