/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // cel-js ships only as an ES module: compiled to CommonJS for Jest's module system
    '^.+/@marcbachmann/cel-js/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
  testTimeout: 60000,
  // Scenario suites mostly wait on kubectl processes: two workers keep a 2-core machine busy.
  maxWorkers: 2,
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
};
