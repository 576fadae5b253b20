/**
 * The API edge of the one error type: an AppError (or a coded DomainError from across a boundary)
 * becomes `{ error: { code, messageVi, messageEn, path?, details? } }` with the HTTP status of its kind.
 * Every route, unknown ones and framework errors included, answers in this body.
 */
import { storageError } from '../app';
import type { z } from 'zod';
import { AppError, isCoded, type DomainError, type ErrorKind } from '../domain/errors';
import { VI_ERROR_MAP, viType } from '../domain/validation';

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

/** A request-schema refusal as fastify-type-provider-zod reports it: the zod issue's code, English message, the rest. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  message?: string | undefined;
  params: Record<string, unknown>;
}

/**
 * Issue 14: the Vietnamese words for a request-schema refusal — never zod's English text (that stays in
 * messageEn). A schema's own message (written "vi (en)") is kept.
 */
export function schemaIssueVi(v: SchemaIssue): string {
  const p = v.params;
  switch (v.keyword) {
    case 'invalid_type':
      return `Sai kiểu dữ liệu (cần ${viType(p.expected)})`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format': {
      const m = VI_ERROR_MAP({ code: v.keyword, ...p, input: p.input ?? '', message: v.message ?? '' } as unknown as z.core.$ZodRawIssue);
      const text = typeof m === 'string' ? m : m?.message;
      return text && !/^(Too|Invalid|Expected)/.test(text) ? text : 'Giá trị không hợp lệ';
    }
    case 'invalid_value':
      return 'Giá trị không nằm trong các giá trị cho phép';
    case 'unrecognized_keys':
      return `Có trường không được phép: ${Array.isArray(p.keys) ? p.keys.join(', ') : ''}`;
    case 'custom':
      return v.message && /[^\x00-\x7F]/.test(v.message) ? v.message : 'Giá trị không hợp lệ';
    default:
      return 'Giá trị không hợp lệ';
  }
}

/** The coded 400 body of a request that does not match its route's schema: the field named, each language in its own text. */
export function schemaRefusalBody(issues: readonly SchemaIssue[], context: string | undefined): ErrorBody {
  const first = issues[0]!;
  const where = `${context ?? 'body'}${first.instancePath.replace(/\//g, '.').replace(/\.$/, '')}`;
  return {
    error: {
      code: 'INPUT.INVALID',
      messageVi: `Dữ liệu không hợp lệ tại "${where}": ${schemaIssueVi(first)}`,
      messageEn: `Invalid input at "${where}": ${first.message ?? 'invalid'}`,
      path: where,
      details: { issues: issues.map((v) => ({ path: v.instancePath, message: v.message, messageVi: schemaIssueVi(v) })) },
    },
  };
}
