/**
 * The CLI on a database that refuses writes (issue 17), SQLite: `ntm` prints the coded bilingual storage
 * error (DB.READ_ONLY / DB.FULL, store/db-errors.ts — the API answers these 503) and exits 75
 * (EX_TEMPFAIL, cli/output.ts), nothing is written, and a read command still works.
 *   Read-only: a real read-only file (tests/support/storage-faults.ts: immutable for root, 0444 otherwise).
 *   Full: the database on a small tmpfs filled to the last byte (needs root and mount; skipped with the
 *   reason where that is not allowed).
 * The write: `ntm users reset-password` (one transaction: new hash, sessions ended, an audit record).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { seedQuaiCangOfficial } from '../support/app';
import { ntm } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { readOnlyFile, tinyFilesystem, tinyFilesystemUnavailable, type TinyFilesystem } from '../support/storage-faults';
import { createDb, type Db } from '../../prisma/db';

jest.setTimeout(120_000);

const USER = 'xa.quai-cang';
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedQuaiCangOfficial(t, USER);
  await t.db.session.create({
    data: {
      tokenHash: 'phien-dang-mo',
      userId: (await t.db.user.findUniqueOrThrow({ where: { username: USER } })).id,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
});
afterAll(async () => {
  await t?.drop();
});

const snapshot = async (db: Db) => ({
  hash: (await db.user.findUniqueOrThrow({ where: { username: USER } })).passwordHash,
  sessions: await db.session.count(),
  audit: await db.auditRecord.count(),
});

function expectRefused(r: { code: number; out: string }, code: 'DB.READ_ONLY' | 'DB.FULL'): void {
  expect(r.code).toBe(75);
  expect(r.out).toContain(`✗ ${code}: `);
  expect(r.out).toContain('chưa ghi được gì');
  expect(r.out).toContain('nothing was written');
  expect(r.out).toContain(code === 'DB.READ_ONLY' ? 'chỉ đọc' : 'hết chỗ trống');
  expect(r.out).not.toMatch(/SqliteError|PrismaClient|\n\s+at /);
}

it('refuses a write on a read-only SQLite file with DB.READ_ONLY and exit 75, writes nothing, and still reads', async () => {
  const before = await snapshot(t.db);
  const undo = await readOnlyFile(t.file!);
  try {
    expectRefused(await ntm({ DATABASE_URL: t.url }, 'users', 'reset-password', USER, '--generate-password'), 'DB.READ_ONLY');
    const read = await ntm({ DATABASE_URL: t.url }, 'audit', 'verify');
    expect(read.code).toBe(0);
  } finally {
    await undo();
  }
  expect(await snapshot(t.db)).toEqual(before);
  // Writable again: the same command goes through.
  const ok = await ntm({ DATABASE_URL: t.url }, 'users', 'reset-password', USER, '--generate-password');
  expect(ok.code).toBe(0);
  expect((await snapshot(t.db)).hash).not.toBe(before.hash);
});

describe('a full disk', () => {
  let fsys: TinyFilesystem | undefined;
  let db: Db | undefined;
  let url = '';
  beforeAll(async () => {
    if (tinyFilesystemUnavailable) return;
    const r = await tinyFilesystem(4);
    if ('unavailable' in r) throw new Error(`the probe could mount a tmpfs, this mount failed: ${r.unavailable}`);
    fsys = r;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await fsys?.unmount();
  });

  // Registered as skipped (and shown so by jest) where no small filesystem can be mounted.
  (tinyFilesystemUnavailable ? it.skip : it)(
    'refuses a write on a SQLite file whose filesystem is full with DB.FULL and exit 75, writes nothing, and still reads',
    async () => {
      if (!fsys) throw new Error('set-up did not finish');
      const file = path.join(fsys.dir, 'ntm.db');
      await t.db.$executeRawUnsafe(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
      url = `file:${file}`;
      db = createDb(url);
      const before = await snapshot(db);
      await fsys.fill();
      expectRefused(await ntm({ DATABASE_URL: url }, 'users', 'reset-password', USER, '--generate-password'), 'DB.FULL');
      expect((await ntm({ DATABASE_URL: url }, 'audit', 'verify')).code).toBe(0);
      expect(await snapshot(db)).toEqual(before);
      // No journal left behind that would roll something back later.
      expect((await fs.readdir(fsys.dir)).filter((f) => f.endsWith('-journal') && f.length > 0)).toEqual([]);
      await fsys.free();
      expect((await ntm({ DATABASE_URL: url }, 'users', 'reset-password', USER, '--generate-password')).code).toBe(0);
    },
  );
});
