// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/out/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importPlugin.flatConfigs.recommended,
  importPlugin.flatConfigs.typescript,
  prettier,
  {
    // Typed linting: each file is read with its own tsconfig (the page client has its own).
    languageOptions: {
      parserOptions: { ecmaVersion: 2022, sourceType: 'module', projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: { 'import/resolver': { typescript: { project: './tsconfig.json' }, node: true } },
    rules: {
      'no-duplicate-imports': 'error',
      // Cycles and layers: dependency-cruiser (.dependency-cruiser.js), file and folder level, in `npm run lint`.
      'import/no-duplicates': 'off', // no-duplicate-imports covers it
      // tsc checks these (typecheck), and import/namespace alone cost half of eslint's time.
      'import/namespace': 'off',
      'import/named': 'off',
      'import/default': 'off',
      'import/no-named-as-default-member': 'off', // default-imported CommonJS modules (ipaddr.js, bull) read this way
      'import/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A promise nobody awaits loses its failure; one passed where a void callback is expected
      // (an event handler, a timer) too. Fire-and-forget is written `void promise` with a reason.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The matrix hosts' entry point: 'lab-webhooks' and './app.module.js' exist only in each host
    // (the packed tarball and the README's module), where tsc compiles and checks it.
    files: ['test/support/host-app/**/*.ts'],
    rules: { 'import/no-unresolved': 'off' },
  },
);
