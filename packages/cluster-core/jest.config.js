/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 60000,
  // Scenario suites mostly wait on kubectl processes: two workers keep a 2-core machine busy.
  maxWorkers: 2,
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
};
