/**
 * The database read-only (issue 17), on SQLite and PostgreSQL: an API write is refused with the coded
 * bilingual 503 (kind `unavailable`, DB.READ_ONLY — store/db-errors.ts, mapped once in api/http-errors.ts),
 * nothing is half-written, and the API keeps answering reads.
 *   SQLite, while running: the live connection turned read-only (PRAGMA query_only) between two requests.
 *   SQLite, at start: the file opened read-only (what SQLite does with a file it may not write; this test
 *   runs as root, for whom chmod changes nothing, so it opens the file read-only itself).
 *   PostgreSQL: `ALTER ROLE … IN DATABASE … SET default_transaction_read_only = on` for the app's role in
 *   a scratch database (every new transaction read-only: SQLSTATE 25006), then a process started on it.
 * The writes: a dossier action with an Idempotency-Key (the key is claimed in the database before the
 * action goes to Temporal) and a password change (one transaction: new hash, sessions ended). Temporal is
 * a connection aimed at a closed port: an action that got past the database would answer
 * TEMPORAL.UNAVAILABLE, not DB.READ_ONLY, so the test tells the two apart.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { seedReferenceData } from '../../app/seed';
import { freePort } from '../../infra/temporal-dev-server';
import { createDb, type Db } from '../../prisma/db';
import { PrismaClient as SqliteClient } from '../../prisma/generated/sqlite/client';
import { createTestDatabase, pgExec, type TestDatabase } from '../support/databases';
import { COMMUNE, PASSWORD, pipelinePeople, seedPeople } from '../support/app';

jest.setTimeout(120_000);

type ErrorBody = { error: { code: string; messageVi: string; messageEn: string; details?: { cause?: string } } };
const USER = 'xa.quai-cang';
const DOSSIER = `${COMMUNE.replace(/\//g, '~')}~ntm~2024`;

const lazyTemporal = async () =>
  new Client({ dataConverter: temporalDataConverter(), connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '2s' }) });
const build = async (db: Db): Promise<FastifyInstance> => buildApp({ db, temporal: await lazyTemporal(), taskQueue: 'unused', ttlHours: 8, rateLimit: false });

async function seeded(provider: 'sqlite' | 'postgresql'): Promise<TestDatabase> {
  const t = await createTestDatabase(provider);
  await seedReferenceData(t.db, new Date());
  await seedPeople(
    t,
    pipelinePeople().filter((p) => p.username === USER),
  );
  return t;
}

async function signIn(app: FastifyInstance, password = PASSWORD): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username: USER, password } });
  expect(r.statusCode).toBe(200);
  return (r.json() as { token: string }).token;
}

/** What a refused write must leave as it was. */
const snapshot = async (db: Db) => ({
  keys: await db.idempotencyKey.count(),
  audit: await db.auditRecord.count(),
  sessions: await db.session.count(),
  hash: (await db.user.findUniqueOrThrow({ where: { username: USER } })).passwordHash,
});

const action = (app: FastifyInstance, token: string, key: string) =>
  app.inject({
    method: 'POST',
    url: `/api/dossiers/${encodeURIComponent(DOSSIER)}/actions`,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
    payload: { type: 'self_assessment.recorded', criterion: '1', met: true },
  });
const changePassword = (app: FastifyInstance, token: string) =>
  app.inject({
    method: 'PUT',
    url: '/api/session/password',
    headers: { authorization: `Bearer ${token}` },
    payload: { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-2026-dai-du' },
  });

function expectReadOnly(r: { statusCode: number; json(): unknown }, cause: RegExp): void {
  expect(r.statusCode).toBe(503);
  const e = (r.json() as ErrorBody).error;
  expect(e.code).toBe('DB.READ_ONLY');
  expect(e.messageVi).toContain('chỉ đọc');
  expect(e.messageVi).toContain('chưa ghi được gì');
  expect(e.messageEn).toContain('read-only');
  expect(e.messageEn).toContain('nothing was written');
  expect(e.details?.cause).toMatch(cause);
}

/** Writes refused with DB.READ_ONLY, nothing changed, reads answered before and after. */
async function refusesWritesKeepsReads(app: FastifyInstance, db: Db, token: string, cause: RegExp): Promise<void> {
  const before = await snapshot(db);
  const me = { method: 'GET' as const, url: '/api/session', headers: { authorization: `Bearer ${token}` } };
  expect((await app.inject(me)).statusCode).toBe(200);

  expectReadOnly(await action(app, token, 'khoa-doc-lap-0001'), cause);
  expectReadOnly(await changePassword(app, token), cause);

  // The web UI says it too: signing out (a session row deleted) answers the coded 503 page, not a 500.
  const ui = await app.inject({ method: 'GET', url: '/ui/sign-in?lang=vi' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(ui.body)?.[1] ?? '';
  const cookies = Object.fromEntries(ui.cookies.map((c) => [c.name, c.value]));
  const out = await app.inject({
    method: 'POST',
    url: '/ui/sign-out',
    payload: `_csrf=${encodeURIComponent(csrf)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { ...cookies, ntm_session: token },
  });
  expect(out.statusCode).toBe(503);
  expect(out.headers['content-type']).toContain('text/html');
  expect(out.body).toContain('<small>DB.READ_ONLY</small>');
  expect(out.body).toContain('read-only');

  expect(await snapshot(db)).toEqual(before);
  expect((await app.inject(me)).statusCode).toBe(200);
  const sets = await app.inject({ method: 'GET', url: '/api/criteria-sets?pageSize=2' });
  expect(sets.statusCode).toBe(200);
  expect((sets.json() as { items: unknown[] }).items).toHaveLength(2);
  const units = await app.inject({ method: 'GET', url: '/api/units?parent=dien-bien/tuan-giao&pageSize=3', headers: me.headers });
  expect(units.statusCode).toBe(200);
}

describe('SQLite', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await seeded('sqlite');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('refuses writes with 503 DB.READ_ONLY when the running connection turns read-only, keeps reads, and writes again once it is writable', async () => {
    const app = await build(t.db);
    try {
      const token = await signIn(app);
      await t.db.$executeRawUnsafe('PRAGMA query_only = ON');
      await refusesWritesKeepsReads(app, t.db, token, /^SQLITE_READONLY/);

      await t.db.$executeRawUnsafe('PRAGMA query_only = OFF');
      // Writable again: the key is claimed and the action goes on to Temporal (away here) — a different
      // outage, which releases the key again; the password change goes through.
      const r = await action(app, token, 'khoa-doc-lap-0002');
      expect(r.statusCode).toBe(503);
      expect((r.json() as ErrorBody).error.code).toBe('TEMPORAL.UNAVAILABLE');
      expect(await t.db.idempotencyKey.count()).toBe(0);
      expect((await changePassword(app, token)).statusCode).toBe(200);
      await signIn(app, 'mat-khau-moi-2026-dai-du');
    } finally {
      await app.close();
    }
  });

  it('refuses writes the same way when the file is opened read-only at start', async () => {
    // Sign in first on the writable file (the session is a write), then start on the file read-only.
    const writable = await build(t.db);
    const token = await signIn(writable, 'mat-khau-moi-2026-dai-du');
    await writable.close();
    const readOnly = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: t.file!, readonly: true }) });
    const app = await build(readOnly);
    try {
      const before = await snapshot(t.db);
      const r = await app.inject({
        method: 'PUT',
        url: '/api/session/password',
        headers: { authorization: `Bearer ${token}` },
        payload: { currentPassword: 'mat-khau-moi-2026-dai-du', newPassword: 'mot-mat-khau-khac-2026' },
      });
      expectReadOnly(r, /^SQLITE_READONLY/);
      expectReadOnly(await action(app, token, 'khoa-doc-lap-0003'), /^SQLITE_READONLY/);
      expect(await snapshot(t.db)).toEqual(before);
      expect((await app.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    } finally {
      await app.close();
      await readOnly.$disconnect();
    }
  });
});

describe('PostgreSQL', () => {
  let t: TestDatabase;
  let name: string;
  const admin = (sql: string) => pgExec(t.url, sql);
  beforeAll(async () => {
    t = await seeded('postgresql');
    name = new URL(t.url).pathname.slice(1);
  });
  afterAll(async () => {
    if (t) await admin(`ALTER ROLE CURRENT_USER IN DATABASE ${name} RESET default_transaction_read_only`).catch(() => undefined);
    await t?.drop();
  });

  it('refuses writes with 503 DB.READ_ONLY when the app role is default_transaction_read_only (25006), keeps reads', async () => {
    const writable = await build(t.db);
    const token = await signIn(writable);
    await writable.close();

    await admin(`ALTER ROLE CURRENT_USER IN DATABASE ${name} SET default_transaction_read_only = on`);
    // A process started now: its connections are read-only.
    const db = createDb(t.url);
    const app = await build(db);
    try {
      await refusesWritesKeepsReads(app, db, token, /^25006$/);
    } finally {
      await app.close();
      await db.$disconnect();
    }
  });
});
