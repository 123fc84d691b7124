// One Jest run, four projects. `--selectProjects` picks a tier:
//   unit         *.spec.ts beside the code (no services)
//   integration  *.integration-spec.ts against the real PostgreSQL, Elasticsearch and loopback fakes
//   e2e          *.e2e-spec.ts: the API over HTTP and the dashboard in headless Chromium
//   dashboard    the Angular app's component tests (jsdom)
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });

const serverTransform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true, diagnostics: false }],
};

const serverProject = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/dashboard/'],
  moduleNameMapper,
  transform: serverTransform,
  ...extra,
});

module.exports = {
  // A global option in Jest 30 (per-project values are ignored). Unit tests finish in milliseconds;
  // the integration and browser tiers start real services and need the room.
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/libs/testing/src/summary-reporter.js'],
  projects: [
    serverProject('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts']),
    serverProject('integration', ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'], {
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    }),
    serverProject('e2e', ['<rootDir>/{apps,libs}/**/*.e2e-spec.ts'], {
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    }),
    '<rootDir>/apps/dashboard/jest.config.js',
  ],
};
