import { isCoded } from '../domain/errors';
import { ConfigError } from '../infra/config';
import { formatToolchainError, isToolchainError } from '../infra/toolchain';
import { DatabaseUrlError } from '../prisma/db';

/** One line (or a short block) for a failure: coded and bilingual where we know the error, never a bare stack. */
export function failureMessage(e: unknown): string {
  if (isToolchainError(e)) return formatToolchainError(e);
  if (e instanceof ConfigError || e instanceof DatabaseUrlError) return `✗ ${e.message}`;
  // The one error type (AppError), or a coded error from across a boundary: code, Vietnamese, English, where.
  if (isCoded(e)) return `✗ ${e.code}: ${e.messageVi} / ${e.messageEn}${e.path ? ` [${e.path}]` : ''}`;
  const msg = e instanceof Error ? e.message : String(e);
  return `✗ Lỗi / error: ${msg}`;
}
