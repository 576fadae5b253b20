/**
 * Stable, namespaced error codes with bilingual messages.
 *
 * `instanceof` does not survive the activity → workflow → client boundary, so every expected failure
 * carries a code (`DOSSIER.INVALID_TRANSITION`, `CRITERIA.UNKNOWN_SET`, …) that callers branch on,
 * a Vietnamese message for officials and an English one alongside, and the path of the offending field
 * when there is one. Expected failures inside `domain/` are returned as `Result`s, never thrown.
 */
export interface DomainError {
  readonly code: string;
  readonly messageVi: string;
  readonly messageEn: string;
  /** Where the fault is: a field path (`criteria.3.indicators.0.code`), a CSV cell (`line 7, column c4`)… */
  readonly path?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T, E = DomainError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E = DomainError>(error: E): Result<never, E> => ({ ok: false, error });

export function domainError(
  code: string,
  messageVi: string,
  messageEn: string,
  extra: { path?: string; details?: Record<string, unknown> } = {},
): DomainError {
  return { code, messageVi, messageEn, ...extra };
}

/** One line for logs and CLI output: `CODE: vi (en) [at path]`. */
export function formatError(e: DomainError): string {
  return `${e.code}: ${e.messageVi} (${e.messageEn})${e.path ? ` [${e.path}]` : ''}`;
}

/** Thrown only for the unexpected (a programming error), never for bad user input. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}
