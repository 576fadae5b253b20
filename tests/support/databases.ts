/**
 * Real databases for tests: a fresh SQLite file and a fresh PostgreSQL database per test file, both
 * migrated with the committed migrations (no mocks). `npm test` starts a throwaway PostgreSQL on
 * loopback and passes TEST_DATABASE_URL_POSTGRES; running jest without it fails the PostgreSQL cases
 * with a message that says how to run them, rather than skipping them silently.
 */
import { createScratchDatabase, type ScratchDatabase } from '../../prisma/scratch';
import { Client as PgClient, type ClientConfig } from 'pg';

export type Provider = 'sqlite' | 'postgresql';
export const PROVIDERS: Provider[] = ['sqlite', 'postgresql'];

export type TestDatabase = ScratchDatabase;

export function postgresAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL_POSTGRES;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL_POSTGRES is not set: run the suite with `npm test` (it starts a loopback PostgreSQL), or point it at a PostgreSQL you own',
    );
  }
  return url;
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  return createScratchDatabase(provider, postgresAdminUrl, 'ntm-t');
}

/** Runs one SQL statement on its own PostgreSQL connection (a URL or pg's connection options). */
export async function pgExec(connection: string | ClientConfig, sql: string): Promise<void> {
  const c = new PgClient(typeof connection === 'string' ? { connectionString: connection } : connection);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
