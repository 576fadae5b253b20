/**
 * Generates the Prisma clients offline (run by `npm install` as postinstall).
 *
 * prisma/schema.prisma is the one source of the data model (provider sqlite, the embedded default).
 * Prisma 7 ties a generated client to its datasource provider, so a PostgreSQL twin of the schema is
 * derived here and generated beside it: prisma/generated/sqlite and prisma/generated/postgresql have
 * the same types; prisma/db.ts picks one by DATABASE_URL.
 *
 * `prisma generate` never runs the native schema engine, but the CLI tries to download it first unless
 * PRISMA_SCHEMA_ENGINE_BINARY names an existing file. We point it at a stub that explains, should
 * anything ever run it, that migrations go through `npm run db:migrate` (the WebAssembly engine).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const prismaDir = join(root, 'prisma');
const generatedDir = join(prismaDir, 'generated');

export function postgresSchemaFrom(sqliteSchema: string): string {
  const out = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\/generated\/sqlite"/, 'output       = "./postgresql"');
  if (out === sqliteSchema || !out.includes('"postgresql"') || !out.includes('"./postgresql"')) {
    throw new Error('prisma/schema.prisma: expected `provider = "sqlite"` and `output = "./generated/sqlite"`');
  }
  return `// GENERATED from prisma/schema.prisma by prisma/generate.ts. Do not edit.\n${out}`;
}

function stubEngine(): string {
  const dir = join(root, '.tools', 'prisma');
  mkdirSync(dir, { recursive: true });
  const stub = join(dir, 'schema-engine-unavailable');
  if (!existsSync(stub)) {
    writeFileSync(stub, '#!/bin/sh\necho "The native Prisma schema engine is not installed here; run: npm run db:migrate (WebAssembly engine)" >&2\nexit 1\n');
    chmodSync(stub, 0o755);
  }
  return stub;
}

function generate(schemaPath: string): void {
  execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', schemaPath], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stubEngine(), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}

export function main(): void {
  mkdirSync(generatedDir, { recursive: true });
  const sqliteSchemaPath = join(prismaDir, 'schema.prisma');
  const pgSchemaPath = join(generatedDir, 'schema.postgresql.prisma');
  writeFileSync(pgSchemaPath, postgresSchemaFrom(readFileSync(sqliteSchemaPath, 'utf8')));
  generate(sqliteSchemaPath);
  generate(pgSchemaPath);
}

if (require.main === module) main();
