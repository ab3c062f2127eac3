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

// Three projects, run together by `npm test` or one at a time: `npm run test:unit` (*.spec.ts, no
// services), `test:e2e` (test/, real MariaDB, Redis and loopback receivers), `test:browser`
// (test/*.browser.e2e-spec.ts, the page in Chromium).
/**
 * @param {string} displayName
 * @param {string[]} roots
 * @param {string} testRegex
 * @param {{ ignore?: string[], globalSetup?: string }} [options]
 */
const project = (displayName, roots, testRegex, { ignore = [], globalSetup = undefined } = {}) => ({
  displayName,
  globalSetup,
  testEnvironment: 'node',
  roots,
  testRegex,
  testPathIgnorePatterns: ['/node_modules/', ...ignore],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // ES-module-only packages (ESM_ONLY), loaded as CommonJS in the specs.
    '/node_modules/.+\\.js$': '<rootDir>/test/support/esm-packages.transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
});

module.exports = {
  projects: [
    project('unit', ['<rootDir>/src', '<rootDir>/test'], '.*\\.spec\\.ts$'),
    project('e2e', ['<rootDir>/test'], '.*\\.e2e-spec\\.ts$', {
      ignore: ['\\.browser\\.e2e-spec\\.ts$'],
      // Stops at once, with one message, when MariaDB or Redis does not answer.
      globalSetup: '<rootDir>/test/support/services-check.js',
    }),
    project('browser', ['<rootDir>/test'], '.*\\.browser\\.e2e-spec\\.ts$', {
      // The services as above, and a loud note when Chromium is missing.
      globalSetup: '<rootDir>/test/support/global-setup.js',
    }),
  ],
  testTimeout: 60000,
  maxWorkers: 2,
  // The slowest suites first on a fresh clone (no jest cache yet): see the file.
  testSequencer: '<rootDir>/test/support/slow-first.sequencer.js',
};
