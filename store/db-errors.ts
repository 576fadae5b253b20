/**
 * Storage that refuses to write (issue 17): the one place that recognises a read-only or full database
 * from the drivers' own codes and makes it the engine's coded, bilingual 'unavailable' error (503 at the
 * API edge, api/http-errors.ts). A write refused this way was refused whole: SQLite and PostgreSQL roll
 * the statement (and its transaction) back, so nothing is half-written and reads keep working.
 *
 *   SQLITE_READONLY (and its extended codes), PostgreSQL 25006 read_only_sql_transaction
 *       → DB.READ_ONLY   (a read-only file or mount, a replica, default_transaction_read_only = on)
 *   SQLITE_FULL, PostgreSQL 53100 disk_full
 *       → DB.FULL        (no space left for the database)
 *
 * The codes arrive through Prisma's driver adapters: a PrismaClientKnownRequestError whose
 * `meta.driverAdapterError.cause` holds `originalCode`, or the adapter's or driver's error itself.
 */
import { appError, type AppError } from '../domain/errors';

export type StorageRefusal = 'read_only' | 'full';

const READ_ONLY_CODES = ['25006'];
const FULL_CODES = ['53100'];

function codesOf(e: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (x: unknown, depth: number) => {
    if (!x || typeof x !== 'object' || seen.has(x) || depth > 4) return;
    seen.add(x);
    const o = x as Record<string, unknown>;
    for (const k of ['originalCode', 'code']) if (typeof o[k] === 'string') out.push(o[k]);
    const meta = o.meta as Record<string, unknown> | undefined;
    visit(meta?.driverAdapterError, depth + 1);
    visit(o.cause, depth + 1);
  };
  visit(e, 0);
  return out;
}

/** What kind of storage refusal an error is, if it is one. */
export function storageRefusal(e: unknown): StorageRefusal | undefined {
  const codes = codesOf(e);
  if (codes.some((c) => c.startsWith('SQLITE_READONLY') || READ_ONLY_CODES.includes(c))) return 'read_only';
  if (codes.some((c) => c === 'SQLITE_FULL' || FULL_CODES.includes(c))) return 'full';
  return undefined;
}

/** The coded error for a storage refusal (kind 'unavailable'), or undefined for anything else. */
export function storageError(e: unknown): AppError | undefined {
  const refusal = storageRefusal(e);
  if (!refusal) return undefined;
  const cause = codesOf(e).find((c) => c.startsWith('SQLITE_') || READ_ONLY_CODES.includes(c) || FULL_CODES.includes(c));
  if (refusal === 'read_only') {
    return appError(
      'DB.READ_ONLY',
      'Cơ sở dữ liệu đang ở chế độ chỉ đọc: chưa ghi được gì, hãy thử lại sau khi quản trị viên khắc phục; vẫn xem được hồ sơ',
      'The database is read-only: nothing was written; try again once an administrator has fixed it; reading still works',
      { details: { cause }, kind: 'unavailable' },
    );
  }
  return appError(
    'DB.FULL',
    'Cơ sở dữ liệu hết chỗ trống trên đĩa: chưa ghi được gì, hãy thử lại sau khi quản trị viên giải phóng dung lượng; vẫn xem được hồ sơ',
    'The database has no disk space left: nothing was written; try again once an administrator has freed space; reading still works',
    { details: { cause }, kind: 'unavailable' },
  );
}
