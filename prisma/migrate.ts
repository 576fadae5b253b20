/**
 * Applies the committed migrations to a database, offline, through Prisma's WebAssembly schema engine.
 *
 * Layout is Prisma's standard one (`<dir>/<timestamp>_<name>/migration.sql` + migration_lock.toml):
 *   prisma/migrations/             SQLite (embedded default)
 *   prisma/migrations-postgresql/  PostgreSQL
 * so `prisma migrate deploy` reads the same folders wherever the native engine can be had.
 * The engine keeps `_prisma_migrations` as Prisma keeps it; a second run applies nothing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffTarget, MigrationList } from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };
import { parseDatabaseUrl, type DbProvider, type DbTarget } from './db';
import { openSchemaEngine } from './schema-engine';

const prismaDir = __dirname;

export function migrationsDir(provider: DbProvider): string {
  return join(prismaDir, provider === 'sqlite' ? 'migrations' : 'migrations-postgresql');
}

export function schemaFor(provider: DbProvider): { path: string; content: string } {
  const path = provider === 'sqlite' ? join(prismaDir, 'schema.prisma') : join(prismaDir, 'generated', 'schema.postgresql.prisma');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm install\` (postinstall generates it)`);
  return { path, content: readFileSync(path, 'utf8') };
}

export function readMigrations(dir: string): MigrationList {
  const lockPath = join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = join(dir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file) ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') } : { tag: 'error' as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

export interface MigrateResult {
  provider: DbProvider;
  applied: string[];
  total: number;
}

export async function applyMigrations(databaseUrl: string, log: (line: string) => void = () => {}): Promise<MigrateResult> {
  const target: DbTarget = parseDatabaseUrl(databaseUrl);
  const list = readMigrations(migrationsDir(target.provider));
  if (list.migrationDirectories.length === 0) throw new Error(`no migrations in ${list.baseDir}`);
  const { engine, close } = await openSchemaEngine(target, schemaFor(target.provider), log);
  try {
    const out = await engine.applyMigrations({ migrationsList: list, filters: { externalTables: [], externalEnums: [] } });
    return { provider: target.provider, applied: out.appliedMigrationNames, total: list.migrationDirectories.length };
  } finally {
    await close();
  }
}

export const SNAPSHOT_FILE = 'schema.snapshot.prisma';

/** The datamodel as of the newest committed migration (each migration folder keeps a snapshot). */
export function lastSnapshot(provider: DbProvider): { path: string; content: string } | undefined {
  const list = readMigrations(migrationsDir(provider));
  const last = list.migrationDirectories.at(-1);
  if (!last) return undefined;
  const path = join(list.baseDir, last.path, SNAPSHOT_FILE);
  return existsSync(path) ? { path, content: readFileSync(path, 'utf8') } : undefined;
}

/**
 * SQL that takes the datamodel of the newest migration (its snapshot) to the current schema, empty when
 * they agree. Datamodel-to-datamodel: no database is read, which matters on PostgreSQL, where the WASM
 * engine cannot describe a live database (see shared/toolchain.md). `url` only opens the engine.
 * With `viaShadow` (SQLite) the committed migrations themselves are replayed into an in-memory shadow
 * database instead, which also proves the snapshots tell the truth.
 */
export async function schemaDriftSql(provider: DbProvider, url: string, viaShadow = false): Promise<string> {
  const target = parseDatabaseUrl(url);
  if (target.provider !== provider) throw new Error(`database for the diff must be ${provider}`);
  const list = readMigrations(migrationsDir(provider));
  const snapshot = lastSnapshot(provider);
  if (list.migrationDirectories.length > 0 && !snapshot && !viaShadow) {
    throw new Error(`${list.baseDir}: the newest migration has no ${SNAPSHOT_FILE}`);
  }
  const { engine, close } = await openSchemaEngine(target, schemaFor(provider));
  try {
    const from: DiffTarget =
      viaShadow && list.migrationDirectories.length > 0
        ? { tag: 'migrations', ...list }
        : snapshot
          ? { tag: 'schemaDatamodel', files: [snapshot] }
          : { tag: 'empty' };
    const out = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schemaFor(provider)] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = (out.stdout ?? '').trim();
    return /^-- This is an empty migration\.?$/.test(sql) ? '' : sql;
  } finally {
    await close();
  }
}
