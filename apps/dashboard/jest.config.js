// The dashboard's component tests: jsdom, compiled by jest-preset-angular, no zone.js (the app is
// zoneless, so the tests must be too or they would hide change-detection bugs).
const { createCjsPreset } = require('jest-preset-angular/presets');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'dashboard',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/src/testing/setup-jest.ts'],
  moduleNameMapper: {
    '^@ascolto/domain$': '<rootDir>/../../libs/domain/src',
  },
};
