/**
 * One error body for every refusal: `{ error: { code, messageVi, messageEn, path?, details? } }`, with an
 * HTTP status from the code's namespace. Workflow refusals arrive as ApplicationFailure with the domain
 * error in their details and keep their code end to end.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DomainError } from '../domain/errors';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: DomainError,
  ) {
    super(`${body.code}: ${body.messageEn}`);
  }
}

export function statusForCode(code: string): number {
  if (code.startsWith('AUTH.UNAUTHENTICATED') || code === 'AUTH.BAD_CREDENTIALS' || code === 'AUTH.SESSION_EXPIRED') return 401;
  if (code.startsWith('AUTH.')) return 403;
  if (code.startsWith('INPUT.') || code.endsWith('.INVALID_INPUT') || code.startsWith('IMPORT.')) return 400;
  if (code.endsWith('.NOT_FOUND') || code.endsWith('.UNKNOWN') || code === 'CRITERIA.UNKNOWN_SET') return 404;
  return 409;
}

export const apiError = (e: DomainError): ApiError => new ApiError(statusForCode(e.code), e);

export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, {
    code: 'DOSSIER.NOT_FOUND',
    messageVi: `Không tìm thấy ${what} "${id}"`,
    messageEn: `No ${what} "${id}"`,
  });
}

/** Translates Temporal's client errors into the API's error body. */
export function fromTemporal(e: unknown, id: string): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
    const domain = e.cause.details?.[0] as DomainError | undefined;
    if (domain?.code) return apiError(domain);
    return new ApiError(409, { code: e.cause.type ?? 'DOSSIER.REFUSED', messageVi: e.cause.message, messageEn: e.cause.message });
  }
  if (e instanceof WorkflowExecutionAlreadyStartedError) {
    return new ApiError(409, {
      code: 'DOSSIER.ALREADY_STARTED',
      messageVi: `Hồ sơ "${id}" đã được mở (mỗi đơn vị, danh hiệu và năm kế hoạch chỉ một hồ sơ)`,
      messageEn: `Dossier "${id}" is already open (one per unit, title and plan year)`,
    });
  }
  if (e instanceof WorkflowNotFoundError) return notFound('hồ sơ / dossier', id);
  throw e;
}
