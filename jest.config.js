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
  reporters: ['default', '<rootDir>/libs/testing/src/summary-reporter.js'],
  projects: [
    serverProject('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts']),
    serverProject('integration', ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'], {
      testTimeout: 120_000,
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    }),
    serverProject('e2e', ['<rootDir>/{apps,libs}/**/*.e2e-spec.ts'], {
      testTimeout: 180_000,
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    }),
    '<rootDir>/apps/dashboard/jest.config.js',
  ],
};
