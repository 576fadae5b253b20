// Lint guards the shape (see README "Architecture"): domain/ is pure; workflows/ reach no I/O; nothing
// forgets a promise. Type-aware, so it reads tsconfig.json.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'zlib', 'worker_threads', 'dns', 'tls', 'url', 'util'];
const builtinPatterns = NODE_BUILTINS.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', '.tools/**', '.data/**', 'test-results/**', 'bench-results/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPatterns.filter((p) => !p.endsWith('/*')).map((name) => ({ name, message: 'domain/ is pure: no Node built-ins' })),
          patterns: [
            {
              group: ['**/activities/**', '**/activities', '**/prisma/**', '**/workflows/**', '**/api/**', '**/infra/**', '**/cli/**', '**/worker/**'],
              message: 'domain/ depends on nothing of ours outside domain/',
            },
            {
              group: ['@temporalio/*', '@prisma/*', 'pg', 'better-sqlite3', 'nodemailer', 'fastify'],
              message: 'domain/ is pure: no Temporal, Prisma or I/O libraries',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'domain/ does no I/O' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain/ never reads the clock: take time as an argument',
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ never reads the clock: take time as an argument' },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPatterns.filter((p) => !p.endsWith('/*')).map((name) => ({ name, message: 'workflows/ are deterministic: no Node built-ins' })),
          patterns: [
            { group: ['**/prisma/**', '**/infra/**', '**/api/**', '**/cli/**', '**/worker/**'], message: 'workflows/ orchestrate: I/O belongs in activities/' },
            {
              group: ['@prisma/*', 'pg', 'better-sqlite3', 'nodemailer', 'fastify', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'workflows/ reach the world only through activities',
            },
            {
              group: ['**/activities/*', '!**/activities/types', '!**/activities/index'],
              message: 'workflows/ import activities as types only (activities/index, activities/types)',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
