import { AppError, isCoded } from '../domain/errors';
import { ConfigError } from '../infra/config';
import { formatToolchainError, isToolchainError } from '../infra/toolchain';
import { DatabaseUrlError } from '../prisma/db';
import { storageError } from '../app';

/**
 * Exit codes of `ntm`: 0 done, 1 refused or failed, 2 a usage error (commander), and
 * EXIT_UNAVAILABLE (75, EX_TEMPFAIL of sysexits.h) for an outage worth retrying once it is fixed —
 * a database that refuses writes (read-only, full: DB.READ_ONLY / DB.FULL, store/db-errors.ts) or any
 * other error of kind 'unavailable'; the API answers these 503.
 */
export const EXIT_UNAVAILABLE = 75;

/** The error as the CLI reports it: a storage refusal from the driver becomes its coded error. */
const reported = (e: unknown): unknown => storageError(e) ?? e;

/** One line (or a short block) for a failure: coded and bilingual where we know the error, never a bare stack. */
export function failureMessage(e: unknown): string {
  const x = reported(e);
  if (isToolchainError(x)) return formatToolchainError(x);
  if (x instanceof ConfigError || x instanceof DatabaseUrlError) return `✗ ${x.message}`;
  // The one error type (AppError), or a coded error from across a boundary: code, Vietnamese, English, where.
  if (isCoded(x)) return `✗ ${x.code}: ${x.messageVi} / ${x.messageEn}${x.path ? ` [${x.path}]` : ''}`;
  const msg = x instanceof Error ? x.message : String(x);
  return `✗ Lỗi / error: ${msg}`;
}

/** The exit code for a failure (see EXIT_UNAVAILABLE). */
export function failureExitCode(e: unknown): number {
  const x = reported(e);
  const kind = x instanceof AppError ? x.kind : isCoded(x) ? new AppError(x).kind : undefined;
  return kind === 'unavailable' ? EXIT_UNAVAILABLE : 1;
}
