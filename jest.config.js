// Unit specs live beside the source (src/, *.spec.ts); e2e specs in test/ boot a real host app.
// The HL7 v2 parser the tests read messages with (hl7v2) and its dependencies ship ES modules
// only: jest compiles them to CommonJS like the specs.
const ESM_ONLY = ['hl7v2', 'hl7v2-dictionary', '@jsopen/objects', 'ts-gems', 'valgen', 'node-events-async', '@browsery/validator'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': 'ts-jest',
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Stops at once, with one message, when MariaDB or Redis does not answer; says loudly when the
  // browser specs (test/*.browser.e2e-spec.ts) cannot run: no Chromium.
  globalSetup: '<rootDir>/test/support/global-setup.js',
};
