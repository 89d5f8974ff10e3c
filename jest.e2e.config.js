/** @type {import('jest').Config} */
// `npm run test:e2e`: conformance against the real OpenClaw gateway, installed from npm into a
// cache folder on first use. One worker: each test starts a gateway of ~1 GB.
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: ['**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 900000,
  maxWorkers: 1,
};
