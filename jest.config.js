/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Type checking is `tsc --noEmit` in `npm test`; ts-jest only transpiles, which keeps jest fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/cdktf.out/'],
  testTimeout: 30000,
  // Jest's default (cores - 1) runs one worker on a 2-core machine; the suites are independent.
  maxWorkers: 2,
};
