/**
 * A fresh, migrated database for tests and benchmarks: a SQLite file in a temporary folder, or a new
 * database on a PostgreSQL server the caller administers. `drop()` disconnects and removes it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from '../infra/postgres';
import { createDb, type Db, type DbProvider } from './db';
import { applyMigrations } from './migrate';

export interface ScratchDatabase {
  provider: DbProvider;
  url: string;
  db: Db;
  /** For SQLite: the file. */
  file?: string;
  drop(): Promise<void>;
}

/** `prefix` names the temp folder / database (`ntm-test` → ntm-test-… folder, ntm_test_… database). */
export async function createScratchDatabase(provider: DbProvider, adminUrl: () => string, prefix: string): Promise<ScratchDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    const file = join(dir, 'scratch.db');
    const url = `file:${file}`;
    await applyMigrations(url);
    const db = createDb(url);
    return {
      provider,
      url,
      db,
      file,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = adminUrl();
  const name = `${prefix.replace(/-/g, '_')}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
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
