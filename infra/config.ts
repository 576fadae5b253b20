/**
 * Configuration from the environment, validated with zod. Every entry point reads it here, once; a bad
 * value stops the program with one line naming the variable, in Vietnamese and English.
 *
 * Embedded data lives under DATA_DIR (default .data/ of the project) unless configured otherwise:
 *   <DATA_DIR>/ntm.db               the SQLite database (when DATABASE_URL is unset)
 *   <DATA_DIR>/temporal/temporal.db the Temporal dev server's store (when TEMPORAL_ADDRESS is unset)
 *   <DATA_DIR>/mail/*.eml           the local SMTP sink's mail (when SMTP_URL is unset)
 *   <DATA_DIR>/demo-accounts.txt    the demo accounts' passwords
 *   <DATA_DIR>/ntm.pid              the running `npm start`
 * (The prebuilt workflow bundle, .data/workflow-bundle/, is a build cache of the sources, not data.)
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './toolchain';

const port = z.coerce.number().int().min(1).max(65535);

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
  /** file:<path> (SQLite) or postgresql://…; unset: file:<DATA_DIR>/ntm.db (the embedded default). */
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, 'file:<path> hoặc/or postgresql://user:pass@host:5432/db')
    .optional(),
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
  /** Where embedded data lives (see above); a relative path is taken from the current directory. */
  DATA_DIR: z
    .string()
    .min(1)
    .default(join(PROJECT_ROOT, '.data'))
    .transform((d) => resolve(d)),
  /** Hours a sign-in session lasts. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  PUBLIC_URL: z.string().url().optional(),
});
export type Config = Omit<z.infer<typeof ConfigSchema>, 'DATABASE_URL'> & { DATABASE_URL: string };

/** The SQLite file of the embedded default: inside DATA_DIR, so another DATA_DIR is another installation. */
export const defaultDatabaseUrl = (dataDir: string): string => `file:${join(resolve(dataDir), 'ntm.db')}`;

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const r = ConfigSchema.safeParse(picked);
  if (r.success) return { ...r.data, DATABASE_URL: r.data.DATABASE_URL ?? defaultDatabaseUrl(r.data.DATA_DIR) };
  const lines = r.error.issues.map((i) => {
    const name = String(i.path[0]);
    return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
  });
  throw new ConfigError(`Cấu hình không hợp lệ / invalid configuration:\n${lines.join('\n')}`);
}
