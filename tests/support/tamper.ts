/**
 * Tampering "as a DBA would": the append-only triggers stop the application, so a test that wants to
 * edit, delete, swap or forge audit rows first lifts them the way someone with the database's keys
 * could (PostgreSQL: ALTER TABLE … DISABLE TRIGGER as the table owner/superuser; SQLite: DROP TRIGGER
 * on the file), runs raw SQL, and puts the triggers back. The hash chain must still tell.
 */
import type { TestDatabase } from './databases';

export async function asDba(t: TestDatabase, statements: string[]): Promise<void> {
  if (t.provider === 'postgresql') {
    await t.db.$executeRawUnsafe('ALTER TABLE "AuditRecord" DISABLE TRIGGER USER');
    try {
      for (const s of statements) await t.db.$executeRawUnsafe(s);
    } finally {
      await t.db.$executeRawUnsafe('ALTER TABLE "AuditRecord" ENABLE TRIGGER USER');
    }
    return;
  }
  const triggers = await t.db.$queryRawUnsafe<{ name: string; sql: string }[]>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditRecord'`,
  );
  for (const tr of triggers) await t.db.$executeRawUnsafe(`DROP TRIGGER "${tr.name}"`);
  try {
    for (const s of statements) await t.db.$executeRawUnsafe(s);
  } finally {
    for (const tr of triggers) await t.db.$executeRawUnsafe(tr.sql);
  }
}

/** Names of the append-only triggers present on "AuditRecord" (to check they came back). */
export async function auditTriggers(t: TestDatabase): Promise<string[]> {
  if (t.provider === 'postgresql') {
    const rows = await t.db.$queryRawUnsafe<{ tgname: string }[]>(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = '"AuditRecord"'::regclass AND NOT tgisinternal AND tgenabled <> 'D' ORDER BY tgname`,
    );
    return rows.map((r) => r.tgname);
  }
  const rows = await t.db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditRecord' ORDER BY name`,
  );
  return rows.map((r) => r.name);
}
