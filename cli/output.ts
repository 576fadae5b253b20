import { ConfigError } from '../infra/config';
import { formatToolchainError, isToolchainError } from '../infra/toolchain';
import { DatabaseUrlError } from '../prisma/db';

/** One line (or a short block) for a failure: coded and bilingual where we know the error, never a bare stack. */
export function failureMessage(e: unknown): string {
  if (isToolchainError(e)) return formatToolchainError(e);
  if (e instanceof ConfigError || e instanceof DatabaseUrlError) return `✗ ${e.message}`;
  const coded = e as { code?: unknown; messageVi?: unknown; messageEn?: unknown; message?: unknown };
  if (typeof coded.messageVi === 'string' && typeof coded.messageEn === 'string') {
    return `✗ ${String(coded.code ?? 'ERROR')}: ${coded.messageVi} / ${coded.messageEn}`;
  }
  const msg = e instanceof Error ? e.message : String(e);
  return `✗ Lỗi / error: ${msg}`;
}
