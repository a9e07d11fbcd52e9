/** Run through `npm test`: PGlite (embedded tests) needs NODE_OPTIONS=--experimental-vm-modules for
 * its dynamic imports inside Jest's VM. Jest runs TypeScript through swc (legacy decorators + metadata, as Nest needs) and also
 * transforms the ESM-only @nestjs packages so that CommonJS tests can load them. */
const swcConfig = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', swcConfig],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|typeorm)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
