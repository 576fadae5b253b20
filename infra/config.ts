/**
 * Configuration from the environment, validated with zod. Every entry point reads it here, once; a bad
 * value stops the program with one line naming the variable, in Vietnamese and English.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './toolchain';

const port = z.coerce.number().int().min(1).max(65535);
const mb = z.coerce.number().positive().max(2048);

export const ConfigSchema = z.object({
  /** Temporal frontend (host:port). Unset: `npm start` runs a local dev server on TEMPORAL_PORT. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TASK_QUEUE: z.string().min(1).default('ntm-dossiers'),
  /** file:<path> (SQLite, embedded default) or postgresql://… */
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, 'file:<path> hoặc/or postgresql://user:pass@host:5432/db')
    .default(`file:${join(PROJECT_ROOT, '.data', 'ntm.db')}`),
  /** HTTP API and web UI. */
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** SMTP for mail: smtp://user:pass@host:port. Unset: `npm start` runs a local SMTP sink on SMTP_SINK_PORT. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'smtp://host:port')
    .optional(),
  SMTP_SINK_PORT: port.default(2525),
  MAIL_FROM: z.string().min(3).default('NTM Dossier Engine <no-reply@ntm.local>'),
  DATA_DIR: z.string().min(1).default(join(PROJECT_ROOT, '.data')),
  /** Hours a sign-in session lasts. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  PUBLIC_URL: z.string().url().optional(),
  // Issue 15 (documents), additive: per-type size limits in MB (defaults in domain/documents
  // DEFAULT_SIZE_LIMITS), and whether submitting needs the stage's required documents.
  DOCUMENT_MAX_MB_PDF: mb.optional(),
  DOCUMENT_MAX_MB_DOCX: mb.optional(),
  DOCUMENT_MAX_MB_XLSX: mb.optional(),
  DOCUMENT_MAX_MB_ODT: mb.optional(),
  DOCUMENT_MAX_MB_ODS: mb.optional(),
  DOCUMENT_MAX_MB_JPEG: mb.optional(),
  DOCUMENT_MAX_MB_PNG: mb.optional(),
  DOCUMENTS_REQUIRED: z.enum(['true', 'false']).default('true'),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const r = ConfigSchema.safeParse(picked);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const name = String(i.path[0]);
    return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
  });
  throw new ConfigError(`Cấu hình không hợp lệ / invalid configuration:\n${lines.join('\n')}`);
}

/** Issue 15: the configured per-type document size limits, in bytes (only those set). */
export function documentLimits(config: Config): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['pdf', 'docx', 'xlsx', 'odt', 'ods', 'jpeg', 'png'] as const) {
    const v = config[`DOCUMENT_MAX_MB_${t.toUpperCase()}` as keyof Config] as number | undefined;
    if (v !== undefined) out[t] = Math.round(v * 1024 * 1024);
  }
  return out;
}
