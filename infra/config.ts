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
const mb = z.coerce.number().positive().max(2048);

export const ConfigSchema = z
  .object({
    /** Temporal frontend (host:port). Unset: `npm start` runs a local dev server on TEMPORAL_PORT. */
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'host:port')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_PORT: port.default(7233),
    TEMPORAL_UI_PORT: port.default(8233),
    TASK_QUEUE: z.string().min(1).default('ntm-dossiers'),
    /**
     * How payloads are written to Temporal (app/temporal-codec.ts): zlib (default) compresses those over
     * 64 bytes; none writes them as plain JSON (compressed ones still read). Every process must agree.
     */
    TEMPORAL_PAYLOAD_CODEC: z.enum(['zlib', 'none'], { message: 'zlib hoặc/or none' }).default('zlib'),
    /**
     * Origins (comma-separated) of Temporal Web UIs allowed to call the API's codec endpoint (/api/codec/*,
     * CORS). Default: the local dev server's UI, http://127.0.0.1:<TEMPORAL_UI_PORT> and http://localhost:<TEMPORAL_UI_PORT>.
     */
    TEMPORAL_UI_ORIGINS: z
      .string()
      .regex(/^https?:\/\/[^\s,/]+(,\s*https?:\/\/[^\s,/]+)*$/, 'http(s)://host:port[,…]')
      .optional(),
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
    // ---- Security (issue 17): sign-in throttling, rate limits, idempotency keys, proxies -----------
    /** Failed sign-ins (per account, and per client address) answered without delay. */
    SIGNIN_FREE_FAILURES: z.coerce.number().int().min(0).max(100).default(3),
    /** Failed sign-ins from one client address answered without delay (an office behind one NAT address). */
    SIGNIN_IP_FREE_FAILURES: z.coerce.number().int().min(0).max(10_000).default(20),
    /** Consecutive failed sign-ins after which an account is locked until an administrator unlocks it. */
    SIGNIN_LOCKOUT_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    /** The first delay after the free failures; it doubles with each further failure… */
    SIGNIN_DELAY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(1),
    /** …up to this. */
    SIGNIN_DELAY_MAX_SECONDS: z.coerce.number().positive().max(86_400).default(900),
    /** A failure count with no new failure for this long starts again from zero (a locked account stays locked). */
    SIGNIN_FAILURE_WINDOW_MINUTES: z.coerce.number().positive().max(43_200).default(60),
    /** HTTP requests per minute per caller (the signed-in account, else the client address). */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Sign-in requests (API and web form) per minute per client address. */
    SIGNIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** How long an Idempotency-Key is remembered with the request it came with. */
    IDEMPOTENCY_KEY_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
    /** Behind a reverse proxy: trust X-Forwarded-For from these hops (Fastify trustProxy: true, a number, or addresses). */
    TRUST_PROXY: z.string().min(1).optional(),
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
    // Issue 15: where document bytes live. fs (default): <DATA_DIR>/documents. s3: an S3-compatible bucket.
    DOCUMENT_STORE: z.enum(['fs', 's3'], { message: 'fs hoặc/or s3' }).default('fs'),
    /** http(s)://host:port of an S3-compatible server; unset: AWS S3 of S3_REGION. */
    S3_ENDPOINT: z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'địa chỉ http(s)://… / an http(s)://… address')
      .optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'tên bucket S3 (3–63 ký tự a-z 0-9 . -) / an S3 bucket name (3–63 of a-z 0-9 . -)')
      .optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style addressing (http://host/bucket/key): most S3-compatible servers need it. */
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { message: 'true hoặc/or false' }).default('false'),
    /** Key prefix inside the bucket. */
    S3_PREFIX: z
      .string()
      .regex(/^([A-Za-z0-9._-]+\/)*$/, 'rỗng hoặc kết thúc bằng "/" / empty or ending in "/"')
      .default('documents/'),
  })
  .superRefine((c, ctx) => {
    if (c.DOCUMENT_STORE !== 's3') return;
    if (!c.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'cần khi DOCUMENT_STORE=s3 / required when DOCUMENT_STORE=s3' });
    if ((c.S3_ACCESS_KEY_ID === undefined) !== (c.S3_SECRET_ACCESS_KEY === undefined)) {
      const missing = c.S3_ACCESS_KEY_ID === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'S3_ACCESS_KEY_ID và S3_SECRET_ACCESS_KEY đi cùng nhau / S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
      });
    }
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

/**
 * The security settings as the API wiring takes them (api/app.ts buildApp's throttle, idempotencyTtlHours,
 * rateLimit and trustProxy): `buildApp({ db, temporal, …, ...securityOptions(config) })`.
 */
export function securityOptions(config: Config) {
  const proxy = config.TRUST_PROXY;
  return {
    throttle: {
      freeFailures: config.SIGNIN_FREE_FAILURES,
      ipFreeFailures: config.SIGNIN_IP_FREE_FAILURES,
      lockoutFailures: config.SIGNIN_LOCKOUT_FAILURES,
      delayBaseSeconds: config.SIGNIN_DELAY_BASE_SECONDS,
      delayMaxSeconds: config.SIGNIN_DELAY_MAX_SECONDS,
      windowMinutes: config.SIGNIN_FAILURE_WINDOW_MINUTES,
    },
    idempotencyTtlHours: config.IDEMPOTENCY_KEY_TTL_HOURS,
    rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE, signInPerMinute: config.SIGNIN_RATE_LIMIT_PER_MINUTE },
    trustProxy: proxy === undefined ? undefined : proxy === 'true' ? true : proxy === 'false' ? false : /^\d+$/.test(proxy) ? Number(proxy) : proxy,
  };
}

/**
 * Issue 18: the payload codec every Temporal client and worker of this process uses
 * (app/temporal-codec.ts temporalDataConverter), and the Web UI origins the API's codec endpoint answers.
 */
export function codecOptions(config: Config): { payloadCodec: 'zlib' | 'none'; uiOrigins: string[] } {
  const port = config.TEMPORAL_UI_PORT;
  const uiOrigins = config.TEMPORAL_UI_ORIGINS
    ? config.TEMPORAL_UI_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, ''))
    : [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  return { payloadCodec: config.TEMPORAL_PAYLOAD_CODEC, uiOrigins };
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

/** Issue 15: where the document store is, as the application wiring takes it (app/index.ts, the CLI). */
export function documentStore(config: Config) {
  if (config.DOCUMENT_STORE === 'fs' || !config.S3_BUCKET) return { kind: 'fs' as const, root: join(config.DATA_DIR, 'documents') };
  return {
    kind: 's3' as const,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    ...(config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID } : {}),
    ...(config.S3_SECRET_ACCESS_KEY ? { secretAccessKey: config.S3_SECRET_ACCESS_KEY } : {}),
    forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
    prefix: config.S3_PREFIX,
    // Uploads are staged locally (hashed, typed) before they are sent.
    stagingDir: join(config.DATA_DIR, 'documents-staging'),
  };
}
