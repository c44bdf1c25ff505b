// Shared jest settings. NestJS 12 is ESM-only, so jest runs in ESM mode
// (NODE_OPTIONS=--experimental-vm-modules, set by each project's test script).
const path = require('node:path');

const root = __dirname;

/** @param {string} projectDir @param {object} [overrides] */
module.exports = function jestConfig(projectDir, overrides = {}) {
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    cacheDirectory: path.join(root, '.jest-cache', path.basename(projectDir)),
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'es6' },
        },
      ],
    },
    moduleNameMapper: {
      '^@kiln/([a-z-]+)$': path.join(root, 'libs/$1/src/index.ts'),
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testMatch: [
      '<rootDir>/src/**/*.spec.ts',
      '<rootDir>/test/**/*.int-spec.ts',
      '<rootDir>/test/**/*.e2e-spec.ts',
    ],
    // Integration hooks start real servers; on a loaded 2-core CI machine jest's 5 s default
    // failed hooks and tests that were only slow. Tests that need more still say so.
    testTimeout: 60_000,
    ...overrides,
  };
};
