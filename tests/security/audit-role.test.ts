/**
 * The audit table is append-only for the application itself. On PostgreSQL by privilege: the migrations
 * (run by the owner) create the NOLOGIN role ntm_app with every right the engine needs but UPDATE, DELETE
 * and TRUNCATE on "AuditRecord"; a login role in ntm_app runs the engine — sign-ins, audit appends,
 * sessions — and is refused with "permission denied" before any trigger fires. On SQLite (no roles) the
 * triggers refuse the same statements. The owner still meets the triggers.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { authenticate, createUser, revokeSession, type ChangeContext } from '../../app/accounts';
import { createDb, type Db } from '../../prisma/db';
import { applyMigrations } from '../../prisma/migrate';
import { appendAudit, verifyAuditChain } from '../../store/audit-chain';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/databases';

const by: ChangeContext = { actor: { id: 'u-admin', role: 'admin', unitCode: 'dien-bien' }, at: new Date('2026-03-02T01:00:00Z') };
const PASSWORD = 'mat-khau-vai-tro-2026';

async function appendOne(db: Db, provider: 'sqlite' | 'postgresql', eventId: string) {
  await db.$transaction((tx) =>
    appendAudit(tx, { eventId, at: new Date(), actorId: 'system', actorRole: 'system', action: 'test.appended', after: '{}' }, provider),
  );
}

describe('on PostgreSQL', () => {
  let t: TestDatabase;
  let app: Db;
  let appUrl = '';
  const login = `ntm_t_api_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const password = randomUUID();

  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    const admin = new Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    try {
      const role = await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = 'ntm_app'`);
      if (!role.rowCount) {
        throw new Error(
          'role ntm_app is missing: the migrations create it only when the migrating role has CREATEROLE (infra/postgres.ts must grant it to the test role)',
        );
      }
      await admin.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE ntm_app`);
    } finally {
      await admin.end();
    }
    const u = new URL(t.url);
    u.username = login;
    u.password = password;
    appUrl = u.toString();
    app = createDb(appUrl);
  });

  afterAll(async () => {
    await app?.$disconnect();
    await t?.drop();
    const admin = new Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${login}`).finally(() => admin.end());
  });

  it('runs the engine as the application role: accounts, sign-in, sessions, audit appends', async () => {
    const u = await createUser(app, { username: 'vai.tro.ung.dung', displayName: 'Vai trò ứng dụng', password: PASSWORD }, by);
    expect(u.ok).toBe(true);
    const s = await authenticate(app, 'vai.tro.ung.dung', PASSWORD, new Date(), 8, { client: { ip: '10.0.0.9' } });
    expect(s.ok).toBe(true);
    expect((await authenticate(app, 'vai.tro.ung.dung', 'sai-mat-khau-roi', new Date(), 8)).ok).toBe(false);
    if (s.ok) expect(await revokeSession(app, s.value.token)).toBe(true);
    await appendOne(app, 'postgresql', `role-test/${randomUUID()}`);
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true });
  });

  it.each(['UPDATE "AuditRecord" SET "comment" = \'x\'', 'DELETE FROM "AuditRecord"', 'TRUNCATE "AuditRecord"'])(
    'refuses %s to the application role by privilege (permission denied, before the trigger)',
    async (sql) => {
      const c = new Client({ connectionString: appUrl });
      await c.connect();
      try {
        await expect(c.query(sql)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied for table AuditRecord/) });
        await expect(c.query('ALTER TABLE "AuditRecord" DISABLE TRIGGER "AuditRecord_append_only"')).rejects.toMatchObject({ code: '42501' });
        await expect(c.query('DELETE FROM "_prisma_migrations"')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await c.end();
      }
      expect(await t.db.auditRecord.count()).toBeGreaterThan(0);
    },
  );

  it('leaves the owner (who runs the migrations) to the append-only triggers, and the migrations to the owner', async () => {
    const c = new Client({ connectionString: t.url });
    await c.connect();
    try {
      await expect(c.query('DELETE FROM "AuditRecord"')).rejects.toMatchObject({ message: expect.stringMatching(/AUDIT\.APPEND_ONLY/) });
      const grants = await c.query(
        `SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'ntm_app' AND table_name = 'AuditRecord' ORDER BY 1`,
      );
      expect(grants.rows.map((r: { privilege_type: string }) => r.privilege_type)).toEqual(['INSERT', 'SELECT']);
    } finally {
      await c.end();
    }
    // Migrations are the owner's: a second run as the owner applies nothing, and creates nothing.
    expect((await applyMigrations(t.url)).applied).toEqual([]);
  });
});

describe('on SQLite (no roles: the triggers)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await appendOne(t.db, 'sqlite', 'sqlite-role-test/1');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each(['UPDATE "AuditRecord" SET "comment" = \'x\'', 'DELETE FROM "AuditRecord"'])('refuses %s', async (sql) => {
    await expect(t.db.$executeRawUnsafe(sql)).rejects.toThrow(/AUDIT\.APPEND_ONLY|append-only/);
    expect(await t.db.auditRecord.count()).toBe(1);
  });
});
