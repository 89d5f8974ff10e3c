/** @type {import('jest').Config} */
// `npm test` runs this config. Heavy tiers (`*.heavy.test.ts`: long property and fuzz runs;
// `*.e2e.test.ts`: the real OpenClaw gateway) have configs of their own, run by .ci/run.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.heavy\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
  // Type checking is `tsc -b tsconfig.test.json` in `npm test` (bin/checks.js); jest only
  // transpiles, with swc (a cold ts-jest transpile of every suite's imports cost most of the
  // suite's time).
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/cdktf.out/'],
  testTimeout: 30000,
  // Jest's default (cores - 1) runs one worker on a 2-core machine; the suites are independent.
  maxWorkers: 2,
  testSequencer: '<rootDir>/jest.sequencer.js',
};
