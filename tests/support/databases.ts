/**
 * Real databases for tests: a fresh SQLite file and a fresh PostgreSQL database per test file, both
 * migrated with the committed migrations (no mocks). `npm test` starts a throwaway PostgreSQL on
 * loopback and passes TEST_DATABASE_URL_POSTGRES; running jest without it fails the PostgreSQL cases
 * with a message that says how to run them, rather than skipping them silently.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDatabase, dropDatabase } from '../../infra/postgres';
import { createDb, type Db } from '../../prisma/db';
import { applyMigrations } from '../../prisma/migrate';

export type Provider = 'sqlite' | 'postgresql';
export const PROVIDERS: Provider[] = ['sqlite', 'postgresql'];

export interface TestDatabase {
  provider: Provider;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export function postgresAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL_POSTGRES;
  if (!url) {
    throw new Error('TEST_DATABASE_URL_POSTGRES is not set: run the suite with `npm test` (it starts a loopback PostgreSQL), or point it at a PostgreSQL you own');
  }
  return url;
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ntm-test-db-'));
    const url = `file:${join(dir, 'test.db')}`;
    await applyMigrations(url);
    const db = createDb(url);
    return {
      provider,
      url,
      db,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = postgresAdminUrl();
  const name = `ntm_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const url = await createDatabase(admin, name);
  await applyMigrations(url);
  const db = createDb(url);
  return {
    provider,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await dropDatabase(admin, name);
    },
  };
}
