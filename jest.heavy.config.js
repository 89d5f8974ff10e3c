/** @type {import('jest').Config} */
// `npm run test:heavy`: long property and fuzz runs (each prints its seed).
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: ['**/*.heavy.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600000,
};
