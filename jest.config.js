/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // Prisma's WebAssembly schema engine ships its wasm-bindgen glue as ESM: compile it to CommonJS too.
  // Same for the ESM-only packages the HTTP app loads: `cookie` 2 (which @fastify/cookie loads with
  // import(): compiled, that becomes a require() jest serves without --experimental-vm-modules) and
  // `content-disposition` 1 (required by swagger-ui's @fastify/static; Node 20.19+ requires ESM itself,
  // jest's module registry does not). Nested copies count too. Issue 15: `file-type` 21 and its ESM
  // dependencies (strtok3, token-types, peek-readable, uint8array-extras, @tokenizer/*, @borewit/*).
  transformIgnorePatterns: [
    '/node_modules/(?!(@prisma/schema-engine-wasm|@fastify/cookie|cookie|content-disposition|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer|@borewit)/)(?!.*/node_modules/(cookie|content-disposition|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer|@borewit)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The generated Prisma client imports its own TypeScript files with a .js suffix (ESM style).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Workflow tests start servers and bundle workflow code: give them room, but never hide a hang.
  testTimeout: 120000,
  maxWorkers: 2,
};
