/**
 * Unit test of the storage-error mapper (store/db-errors.ts) on the error shapes the drivers hand over —
 * a unit test only: that the databases really raise these is shown against real ones in
 * tests/faults/readonly.test.ts (SQLite, PostgreSQL 25006), tests/faults/disk-full-postgres.test.ts
 * (PostgreSQL 53100) and tests/cli/storage-errors.test.ts (SQLite read-only and full).
 */
import { storageError, storageRefusal } from '../../store/db-errors';

const prisma = (originalCode: string) => ({ code: 'P2010', meta: { driverAdapterError: { cause: { originalCode, kind: 'postgres' } } } });

it.each([
  [prisma('53100'), 'DB.FULL', '53100'],
  [prisma('25006'), 'DB.READ_ONLY', '25006'],
  [{ code: 'SQLITE_FULL' }, 'DB.FULL', 'SQLITE_FULL'],
  [{ cause: { code: 'SQLITE_READONLY_DBMOVED' } }, 'DB.READ_ONLY', 'SQLITE_READONLY_DBMOVED'],
])('maps %j to %s', (e, code, cause) => {
  const mapped = storageError(e);
  expect(mapped?.code).toBe(code);
  expect(mapped?.kind).toBe('unavailable');
  expect(mapped?.details).toEqual({ cause });
  expect(mapped?.messageVi).toContain('chưa ghi được gì');
  expect(mapped?.messageEn).toContain('nothing was written');
});

it('leaves every other error alone', () => {
  for (const e of [prisma('23505'), { code: 'SQLITE_CONSTRAINT' }, new Error('53100'), null, 'SQLITE_FULL']) {
    expect(storageRefusal(e)).toBeUndefined();
    expect(storageError(e)).toBeUndefined();
  }
});
