// Unit specs live beside the source (src/, *.spec.ts); e2e specs in test/ boot a real host app.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // ES-module-only packages (NestJS 12 and its companions), loaded as CommonJS in the specs.
    '/node_modules/.+\\.js$': '<rootDir>/test/support/esm-packages.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Stops at once, with one message, when MariaDB or Redis does not answer; says loudly when the
  // browser specs (test/*.browser.e2e-spec.ts) cannot run: no Chromium.
  globalSetup: '<rootDir>/test/support/global-setup.js',
};
