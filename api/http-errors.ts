/**
 * The API edge of the one error type: an AppError (or a coded DomainError from across a boundary)
 * becomes `{ error: { code, messageVi, messageEn, path?, details? } }` with the HTTP status of its kind.
 * Every route, unknown ones and framework errors included, answers in this body.
 */
import { storageError } from '../app';
import { AppError, isCoded, type DomainError, type ErrorKind } from '../domain/errors';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_many: 429,
  unavailable: 503,
  internal: 500,
};

export const httpStatus = (kind: ErrorKind): number => STATUS[kind];

export interface ErrorBody {
  error: DomainError;
}

/** The status and body for a coded error; undefined for anything else (a programming error → 500). */
export function codedResponse(e: unknown): { status: number; body: ErrorBody } | undefined {
  if (e instanceof AppError) return { status: httpStatus(e.kind), body: { error: e.toJSON() } };
  if (isCoded(e)) {
    const a = new AppError(e);
    return { status: httpStatus(a.kind), body: { error: a.toJSON() } };
  }
  // Issue 17: a database that refuses to write (read-only, full) is an outage, not a programming error.
  const storage = storageError(e);
  if (storage) return { status: httpStatus(storage.kind), body: { error: storage.toJSON() } };
  return undefined;
}

export const INTERNAL_ERROR: DomainError = { code: 'INTERNAL', messageVi: 'Lỗi hệ thống, đã ghi nhật ký', messageEn: 'Internal error, logged' };
