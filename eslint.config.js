// Lint rules, including the layering rules of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// bare names are matched exactly (`paths`), so that local modules such as ../protocols/http are not caught
const nodeBuiltins = ['fs', 'path', 'os', 'zlib', 'net', 'tls', 'http', 'https', 'child_process', 'stream', 'crypto', 'worker_threads', 'url', 'util', 'buffer', 'events']
  .map((name) => ({ name, message: 'parsers/ runs in a Web Worker too: no Node built-ins.' }));

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
        paths: [...nodeBuiltins, { name: 'electron', message: 'only electron/ imports electron.' }],
        patterns: [
          { group: ['**/host/**', '**/electron/**', '**/renderer/**'], message: 'parsers/ must not import host/, electron/ or renderer/ (docs/architecture.md).' },
          { group: ['node:*'], message: 'parsers/ runs in a Web Worker too: no Node built-ins.' },
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
    // The renderer imports only types from parsers/; the engine runs in the worker (workers/, engine/).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/workers/**', 'renderer/engine/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/parsers/**'], allowTypeImports: true, message: 'the UI thread never parses: only the worker loads parsers/ (docs/architecture.md).' }],
        paths: [{ name: 'electron', message: 'only electron/ imports electron.' }],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
