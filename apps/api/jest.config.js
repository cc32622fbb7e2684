const clientNode = '@kubernetes/client-node|openid-client|oauth4webapi|jose|rfc4648|jsonpath-plus';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          // NestJS resolves constructor parameters from decorator metadata, as tsc emits it.
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
      },
    ],
    // cel-js (used by the lab grader) ships only as an ES module: compiled to CommonJS for Jest
    '^.+/@marcbachmann/cel-js/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    // so is @kubernetes/client-node (the kubernetes session driver) with its ES-module
    // dependencies, and the labs' kubeconfig client that import()s it natively
    [`^.+/(node_modules/(${clientNode})/.+|packages/labs/dist/client/kubeconfig)\\.js$`]: [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(@marcbachmann/cel-js|${clientNode})/)`],
  testTimeout: 60000,
  // one Docker Engine for the run and the platform image built in the background (run last)
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testSequencer: '<rootDir>/test/sequencer.js',
};
