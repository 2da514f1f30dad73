// ESLint with typescript-eslint's type-checked rules, run by the test command (scripts/test.sh).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'schema/', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `const { [name]: _dropped, ...rest } = object` is how an object loses a key.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
  {
    // A vendor fake's own tests read the raw JSON the fake answers, field by field, as the vendor's client
    // would: the assertions are the check, and a declared type would only restate the fake's own.
    files: ['src/dns/providers/*/testing/fake-api.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // No product line over 120 columns. Prettier wraps code but leaves long strings and comments alone;
    // this catches those. Core `max-len` (deprecated as a formatting rule, available until ESLint 11)
    // needs no extra plugin. Tests and fakes (testing/ folders) are not product code.
    files: ['src/**/*.ts'],
    ignores: ['**/testing/**', '**/*.test.ts'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
);
