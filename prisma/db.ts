/**
 * The one database client module. Only activities, the API, the CLI and scripts import it.
 *
 * DATABASE_URL chooses the engine:
 *   file:<path>             → SQLite through better-sqlite3 (the embedded default, .data/ntm.db)
 *   postgres[ql]://…        → PostgreSQL through node-postgres
 * Both generated clients have the same shape (prisma/generate.ts), so callers see one `Db` type.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PgClient } from './generated/postgresql/client';

export type Db = SqliteClient;
export type DbProvider = 'sqlite' | 'postgresql';

export interface DbTarget {
  provider: DbProvider;
  url: string;
  /** For SQLite: the absolute file path. */
  file?: string;
}

export class DatabaseUrlError extends Error {
  readonly code = 'CONFIG.DATABASE_URL';
  constructor(url: string) {
    super(
      `DATABASE_URL không hợp lệ / invalid DATABASE_URL "${url}": dùng / use "file:./.data/ntm.db" (SQLite) hoặc / or "postgresql://user:pass@host:5432/db"`,
    );
  }
}

export function parseDatabaseUrl(url: string, cwd = process.cwd()): DbTarget {
  if (url.startsWith('file:')) {
    const raw = url.slice('file:'.length).replace(/^\/\//, '');
    if (!raw) throw new DatabaseUrlError(url);
    const file = isAbsolute(raw) ? raw : resolve(cwd, raw);
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new DatabaseUrlError(url);
    }
    return { provider: 'postgresql', url };
  }
  throw new DatabaseUrlError(url);
}

/** Driver adapter factory for a target; used by the client and by the migration runner. */
export function adapterFor(target: DbTarget): PrismaBetterSqlite3 | PrismaPg {
  if (target.provider === 'sqlite') {
    mkdirSync(dirname(target.file!), { recursive: true });
    return new PrismaBetterSqlite3({ url: target.file!, timeout: 10_000 });
  }
  return new PrismaPg({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
}

export function createDb(url: string): Db {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite') {
    return new SqliteClient({ adapter: adapterFor(target) as PrismaBetterSqlite3 });
  }
  // Same model shapes, different provider build: one type for callers.
  return new PgClient({ adapter: adapterFor(target) as PrismaPg }) as unknown as Db;
}

export function providerOf(url: string): DbProvider {
  return parseDatabaseUrl(url).provider;
}

/** The engine behind a client (what it was created for: createDb picks the generated client by URL). */
export function providerOfDb(db: Db): DbProvider {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}
