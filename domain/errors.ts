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

export type Result<T, E = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E = DomainError>(error: E): Result<never, E> => ({ ok: false, error });

export function domainError(code: string, messageVi: string, messageEn: string, extra: { path?: string; details?: Record<string, unknown> } = {}): DomainError {
  return { code, messageVi, messageEn, ...extra };
}

/** One line for logs and CLI output: `CODE: vi (en) [at path]`. */
export function formatError(e: DomainError): string {
  return `${e.code}: ${e.messageVi} (${e.messageEn})${e.path ? ` [${e.path}]` : ''}`;
}

/**
 * What kind of refusal a code is, from its namespace: the API maps a kind to an HTTP status once
 * (api/http-errors.ts), the CLI to an exit line once (cli/output.ts). Domain code never names HTTP.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'too_many' | 'unavailable' | 'internal';

export function errorKind(code: string): ErrorKind {
  if (['AUTH.UNAUTHENTICATED', 'AUTH.BAD_CREDENTIALS', 'AUTH.INVALID_CREDENTIALS', 'AUTH.SESSION_EXPIRED', 'AUTH.ACCOUNT_DISABLED'].includes(code))
    return 'unauthenticated';
  if (code === 'AUTH.THROTTLED' || code === 'AUTH.LOCKED' || code === 'HTTP.RATE_LIMITED') return 'too_many';
  // A well-formed request the server will not process as asked (IETF idempotency-key draft: a key reused
  // with another request).
  if (code === 'IDEMPOTENCY.KEY_REUSED') return 'unprocessable';
  if (code.startsWith('AUTH.')) return 'forbidden';
  if (
    code.startsWith('INPUT.') ||
    // an upload refused for what it is (type sniffed from the content, size, name, nothing sent)
    ['DOCUMENT.TYPE_REFUSED', 'DOCUMENT.TOO_LARGE', 'DOCUMENT.BAD_FILE_NAME', 'DOCUMENT.EMPTY', 'DOCUMENT.NO_FILE'].includes(code) ||
    code.endsWith('.INVALID_INPUT') ||
    code.endsWith('.INVALID_QUERY') ||
    code.startsWith('IMPORT.') ||
    code.startsWith('CONFIG.') ||
    code.startsWith('HTTP.BAD')
  )
    return 'invalid';
  if (code.endsWith('.NOT_FOUND') || code.endsWith('.UNKNOWN') || code === 'CRITERIA.UNKNOWN_SET' || code === 'HTTP.NOT_FOUND') return 'not_found';
  if (
    code.endsWith('.UNAVAILABLE') ||
    code.startsWith('TEMPORAL.') ||
    code === 'DB.UNREACHABLE' ||
    code === 'DB.READ_ONLY' ||
    code === 'DB.FULL' ||
    code === 'HEALTH.NOT_READY'
  )
    return 'unavailable';
  if (code === 'INTERNAL') return 'internal';
  return 'conflict';
}

/**
 * The one throwable error of the engine: a DomainError's fields (code, Vietnamese and English message,
 * field path, details) plus its kind. app/ and activities throw it; the API and the CLI each map it once.
 * Across the activity → workflow → client boundary it travels as an ApplicationFailure whose `type` is
 * the code and whose first detail is the plain DomainError (`instanceof` does not survive the trip).
 */
export class AppError extends Error implements DomainError {
  readonly code: string;
  readonly messageVi: string;
  readonly messageEn: string;
  readonly path?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly kind: ErrorKind;
  constructor(e: DomainError, kind?: ErrorKind) {
    super(`${e.code}: ${e.messageEn}`);
    this.name = 'AppError';
    this.code = e.code;
    this.messageVi = e.messageVi;
    this.messageEn = e.messageEn;
    if (e.path !== undefined) this.path = e.path;
    if (e.details !== undefined) this.details = e.details;
    this.kind = kind ?? errorKind(e.code);
  }

  /** The plain, serialisable form (API bodies, ApplicationFailure details, logs). */
  toJSON(): DomainError {
    return {
      code: this.code,
      messageVi: this.messageVi,
      messageEn: this.messageEn,
      ...(this.path !== undefined ? { path: this.path } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

/** Shorthand: `throw appError('UNIT.UNKNOWN', 'Không có…', 'No…', { path: 'unitCode' })`. */
export function appError(
  code: string,
  messageVi: string,
  messageEn: string,
  extra: { path?: string; details?: Record<string, unknown>; kind?: ErrorKind } = {},
): AppError {
  const { kind, ...rest } = extra;
  return new AppError(domainError(code, messageVi, messageEn, rest), kind);
}

/** A Result's value, or its error thrown as an AppError (the edge between pure domain and use cases). */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new AppError(r.error);
  return r.value;
}

/** Is this a coded error (an AppError, or a DomainError-shaped object from across a boundary)? */
export function isCoded(e: unknown): e is DomainError {
  const c = e as Partial<DomainError> | null;
  return !!c && typeof c === 'object' && typeof c.code === 'string' && typeof c.messageVi === 'string' && typeof c.messageEn === 'string';
}

/** Thrown only for the unexpected (a programming error), never for bad user input. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}
