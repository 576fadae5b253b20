/**
 * Temporal client errors → the engine's AppError. Workflow refusals arrive as ApplicationFailure with
 * the domain error in their details and keep their code end to end; an unreachable server is
 * 'unavailable' (503), never mistaken for a refusal.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, ServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AppError, appError, isCoded, type DomainError } from '../domain/errors';

export function notFound(whatVi: string, whatEn: string, id: string, code = 'DOSSIER.NOT_FOUND'): AppError {
  return appError(code, `Không tìm thấy ${whatVi} "${id}"`, `No ${whatEn} "${id}"`);
}

export const dossierNotFound = (id: string): AppError => notFound('hồ sơ', 'dossier', id);

/** Translates an error from the Temporal client (start, query, update) about one dossier. */
export function fromTemporal(e: unknown, id: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
    const domain = e.cause.details?.[0] as DomainError | undefined;
    if (isCoded(domain)) return new AppError(domain);
    return new AppError({ code: e.cause.type ?? 'DOSSIER.REFUSED', messageVi: e.cause.message, messageEn: e.cause.message }, 'conflict');
  }
  if (e instanceof WorkflowExecutionAlreadyStartedError) {
    return appError(
      'DOSSIER.ALREADY_STARTED',
      `Hồ sơ "${id}" đã được mở (mỗi đơn vị, danh hiệu và năm kế hoạch chỉ một hồ sơ)`,
      `Dossier "${id}" is already open (one per unit, title and plan year)`,
    );
  }
  if (e instanceof WorkflowNotFoundError) return dossierNotFound(id);
  if (e instanceof ServiceError) {
    return appError(
      'TEMPORAL.UNAVAILABLE',
      'Máy chủ quy trình (Temporal) không trả lời; thử lại sau ít phút',
      'The workflow server (Temporal) did not answer; try again in a few minutes',
      { details: { cause: e.message } },
    );
  }
  throw e;
}
