// Unit specs live beside the source (src/, *.spec.ts); e2e specs in test/ boot a real host app.
// ES-module-only packages the specs load: NestJS 12 and its companions, and the HL7 v2 parser
// the tests read messages with (hl7v2) with its dependencies; the path-to-regexp that
// @fastify/middie (Nest middleware on Fastify) brings.
const ESM_ONLY = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
  'hl7v2',
  'hl7v2-dictionary',
  '@jsopen/objects',
  'ts-gems',
  'valgen',
  'node-events-async',
  '@browsery/validator',
  '@fastify/middie',
  'path-to-regexp',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // ES-module-only packages (ESM_ONLY), loaded as CommonJS in the specs.
    '/node_modules/.+\\.js$': '<rootDir>/test/support/esm-packages.transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Stops at once, with one message, when MariaDB or Redis does not answer; says loudly when the
  // browser specs (test/*.browser.e2e-spec.ts) cannot run: no Chromium.
  globalSetup: '<rootDir>/test/support/global-setup.js',
};
