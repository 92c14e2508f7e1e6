// Lint rules, including the layering rules of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'zlib', 'net', 'tls', 'http', 'https', 'child_process', 'stream', 'crypto', 'worker_threads', 'url', 'util', 'buffer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', '**/generated/**', 'test-results/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The engine runs anywhere: no Node APIs, nothing from the hosts.
    files: ['parsers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/host/**', '**/electron/**', '**/renderer/**'], message: 'parsers/ must not import host/, electron/ or renderer/ (docs/architecture.md).' },
          { group: nodeBuiltins, message: 'parsers/ runs in a Web Worker too: no Node built-ins.' },
          { group: ['electron'], message: 'only electron/ imports electron.' },
        ],
      }],
    },
  },
  {
    files: ['host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', '**/renderer/**', 'electron'], message: 'host/ serves every front end; it does not import electron/ or renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
