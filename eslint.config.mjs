// ESLint flat config. Import boundaries (ARCHITECTURE.md "Layout") are enforced twice: here, for
// editors, and by libs/testing/src/architecture/import-boundaries.spec.ts, which runs with the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const appsGroup = { group: ['**/apps/**'], message: 'A lib never imports an app.' };
const libsBeyondDomain = {
  group: ['@ascolto/nlp', '@ascolto/collectors', '@ascolto/search', '@ascolto/persistence', '@ascolto/testing'],
  message: 'This lib may import only @ascolto/domain.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.angular/**', 'coverage/**', 'test-output/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Not `consistent-type-imports`: Nest's dependency injection reads constructor parameter
      // types from decorator metadata, which a type-only import would erase.
      // Stripping control characters from hostile text is deliberate.
      'no-control-regex': 'off',
    },
  },
  { files: ['libs/domain/**/*.ts'], rules: restrict([appsGroup, { group: ['@ascolto/*', 'node:*'], message: 'domain imports nothing of ours and nothing of Node.' }]) },
  { files: ['libs/{nlp,collectors,search,persistence}/**/*.ts'], ignores: ['**/*.spec.ts', '**/*-spec.ts'], rules: restrict([appsGroup, libsBeyondDomain]) },
  { files: ['libs/testing/**/*.ts'], rules: restrict([appsGroup]) },
  {
    files: ['apps/dashboard/**/*.ts'],
    rules: restrict([
      { group: ['@nestjs/*', 'typeorm', 'pg', '@elastic/*', '@ascolto/nlp', '@ascolto/collectors', '@ascolto/search', '@ascolto/persistence', '@ascolto/testing'], message: 'The dashboard imports only @ascolto/domain.' },
    ]),
  },
);
