import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/*.mjs', '**/*.js', '**/*.cjs', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Contracts are written as `namespace X { method; Params; Result }` (STYLE.md §1).
    files: ['runtime/src/protocol/**/*.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    // Layering (besides each project's tsconfig references): the contracts leaf imports nothing of
    // the repo outside itself, so never the TLI/config language that is built on it.
    files: ['runtime/src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // valibot is the one package allowed: the wire schemas the contracts' types are inferred from.
            {
              regex: '^(?!\\.|valibot$)',
              message: 'The contracts leaf is pure: no packages but valibot, no Node built-ins.',
            },
            { regex: '(^|/)config-lang(/|$)', message: 'config-lang/ imports the contracts leaf, never the reverse.' },
          ],
        },
      ],
    },
  },
  {
    // The TLI/config language is pure too and imports only the contracts leaf: no Node, no runtime,
    // packager, language server or extension code.
    files: ['config-lang/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^[^.]', message: 'config-lang is pure: no packages, no Node built-ins.' },
            {
              regex:
                '(^|/)(runtime/src/(?!protocol(/|$))|(packager|language|cli|extension|test|bench|examples|scripts)(/|$))',
              message: 'config-lang imports only runtime/src/protocol and its own files.',
            },
          ],
        },
      ],
    },
  },
);
