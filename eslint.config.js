import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'coverage/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        // Secrets and SQL: string-built SQL is how injection happens; bind parameters.
        // (identifiers, which cannot be bound, go through quoteIdentifier()).
        {
          selector:
            "CallExpression[callee.property.name='query'] > TemplateLiteral > :not(TemplateElement, CallExpression[callee.name='quoteIdentifier'])",
          message: 'Bind parameters instead of interpolating into SQL (identifiers: quoteIdentifier).',
        },
      ],
    },
  },
  {
    // Only the shell and the preload may touch Electron (docs/architecture.md).
    files: ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-main/index.ts', 'src-main/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/index.ts and src-main/preload.ts import electron.' }] },
      ],
    },
  },
  {
    // Every string a channel takes is refused when PostgreSQL could not store it (NUL, lone
    // surrogates): contract files build strings with text() from shared/contract/common.ts.
    files: ['src-main/shared/contract/**/*.ts'],
    ignores: ['src-main/shared/contract/common.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='z'][callee.property.name='string']",
          message: 'Use text() from ./common: it refuses strings PostgreSQL cannot store.',
        },
      ],
    },
  },
  {
    // The contract is shared with the renderer: no Node, no Electron, no Sequelize.
    files: ['src-main/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', 'sequelize', 'pg'] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer is untrusted and runs in a browser. src-main/shared is written to be safe
      // there (no Node, no Electron, no Sequelize: see the block above), so its values and types
      // may be imported; nothing else of main may, not even as types.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', '!**/src-main/shared', '!**/src-main/shared/**'],
              message: 'The renderer imports from src-main/shared only; the rest of src-main is main-process code.',
            },
          ],
        },
      ],
    },
  },
);
