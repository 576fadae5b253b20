/**
 * The worker: runs dossier and campaign workflows and their activities against the configured Temporal
 * (TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TASK_QUEUE) and database (DATABASE_URL). Start as many as
 * the load needs, on as many machines: they share the task queue.
 *
 * Standalone (`npx tsx worker/main.ts`), it also reads:
 *   METRICS_PORT        Prometheus metrics of the SDK (workflow/activity task latencies, slots, polls,
 *                       sticky cache) at http://METRICS_HOST:METRICS_PORT/metrics; unset: no metrics.
 *   METRICS_HOST        interface for the metrics endpoint; default 127.0.0.1 (0.0.0.0 for a scraper
 *                       on another host).
 *   LOG_FORMAT          json (default): one JSON object a line on stdout, with the workflowId, runId,
 *                       workflowType, activityType, taskQueue, namespace of the log's context; text: the
 *                       SDK's human format on stderr.
 *   LOG_LEVEL           TRACE, DEBUG, INFO (default), WARN, ERROR.
 *   WORKFLOW_BUNDLE     a prebuilt bundle file to load as-is, or `off` to bundle at start; unset: the
 *                       bundle of `npm run workflow-bundle` (.data/workflow-bundle/) when it was built
 *                       from the current sources, else bundle at start (and keep it for the next start).
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogEntry, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { ensureInstallation } from '../app/installation';
import { temporalDataConverter } from '../app/temporal-codec';
import { loadConfig, type Config } from '../infra/config';
import { createDb, providerOf, type Db } from '../prisma/db';
import { bundleAtStartOptions, freshBundle, sourcesHash, sdkVersion, workflowBundleOptions, writeBundle } from './workflow-bundle';

export interface RunningWorker {
  worker: Worker;
  db: Db;
  /** Where the workflow code came from. */
  workflowSource: WorkflowSource['kind'];
  shutdown(): Promise<void>;
  done: Promise<void>;
}

export function mailerFor(config: Config, smtpUrl: string | undefined) {
  if (!smtpUrl) return undefined;
  return { transport: nodemailer.createTransport(smtpUrl), from: config.MAIL_FROM };
}

export interface WorkflowSource {
  options: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;
  /** env: WORKFLOW_BUNDLE file; prebuilt: fresh .data/workflow-bundle; bundled: webpack at this start. */
  kind: 'env' | 'prebuilt' | 'bundled';
  path?: string;
}

/** The workflow code for Worker.create: a prebuilt bundle when one fits, else bundled now. */
export async function workflowSource(env: NodeJS.ProcessEnv = process.env): Promise<WorkflowSource> {
  const fromEnv = env.WORKFLOW_BUNDLE;
  if (fromEnv && fromEnv !== 'off') return { options: { workflowBundle: { codePath: fromEnv } }, kind: 'env', path: fromEnv };
  if (fromEnv === 'off') return { options: bundleAtStartOptions(), kind: 'bundled' };
  const prebuilt = freshBundle();
  if (prebuilt) return { options: { workflowBundle: { codePath: prebuilt } }, kind: 'prebuilt', path: prebuilt };
  // Stale or missing: bundle now, as before, and keep it so the next start (or the next worker) skips this.
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { hash, files } = sourcesHash();
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  await writeBundle(code, { sourcesHash: hash, sdkVersion: sdkVersion(), builtAt: new Date().toISOString(), bytes: Buffer.byteLength(code), files }).catch(
    () => undefined,
  );
  return { options: { workflowBundle: { code } }, kind: 'bundled' };
}

/**
 * Issue 18: the workflow cache, set explicitly (the SDK's default is sized from the heap limit, not from
 * what a dossier workflow weighs). A cached workflow answers its next task at once; one evicted replays
 * its history first (CPU, one round trip for the history). `MAX_CACHED_WORKFLOWS` (0 = no cache); see
 * README "Scaling out" for the measured memory per cached dossier and the trade-off.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;
export function maxCachedWorkflowsFrom(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MAX_CACHED_WORKFLOWS;
  if (raw === undefined || raw === '') return DEFAULT_MAX_CACHED_WORKFLOWS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`MAX_CACHED_WORKFLOWS=${JSON.stringify(raw)}: cần số nguyên không âm / must be a whole number ≥ 0`);
  }
  return n;
}

export async function startWorker(config: Config, address: string, smtpUrl?: string, options: Partial<WorkerOptions> = {}): Promise<RunningWorker> {
  const db = createDb(config.DATABASE_URL);
  const connection = await NativeConnection.connect({ address });
  const source: WorkflowSource = options.workflowBundle || options.workflowsPath ? { options: {}, kind: 'env' } : await workflowSource();
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    ...source.options,
    activities: createActivities({ db, provider: providerOf(config.DATABASE_URL), mailer: mailerFor(config, smtpUrl) }),
    maxCachedWorkflows: maxCachedWorkflowsFrom(),
    ...options,
    // After `options`: no caller writes or reads payloads without the project's codec (app/temporal-codec.ts).
    dataConverter: temporalDataConverter(config.TEMPORAL_PAYLOAD_CODEC),
  });
  const done = worker.run();
  return {
    worker,
    db,
    workflowSource: source.kind,
    done,
    async shutdown() {
      // The SDK's runtime also answers SIGINT/SIGTERM by shutting workers down: only ask once.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => undefined);
      await connection.close();
      await db.$disconnect();
    },
  };
}

/**
 * Refuses (INSTALLATION.MISMATCH) when the database and the Temporal namespace are not one installation
 * (app/installation.ts); on a first start, records the id in both.
 */
export async function checkInstallation(config: Config, address: string): Promise<string> {
  const db = createDb(config.DATABASE_URL);
  const connection = await Connection.connect({ address });
  try {
    const r = await ensureInstallation({
      db,
      temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(config.TEMPORAL_PAYLOAD_CODEC) }),
      databaseUrl: config.DATABASE_URL,
      temporalAddress: address,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    return r.installationId;
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** A log entry as one JSON line: time, level, message, then the SDK's context (workflowId, runId, …). */
export function jsonLogLine(entry: LogEntry, base: Record<string, unknown> = {}): string {
  const ms = Number(entry.timestampNanos / 1_000_000n);
  const meta = entry.meta ?? {};
  return JSON.stringify({ time: new Date(ms).toISOString(), level: entry.level.toLowerCase(), msg: entry.message, ...base, ...meta }, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack };
    return v;
  });
}

/**
 * The SDK runtime of a standalone worker: JSON or text logs (the SDK's own, core's forwarded ones,
 * and those of workflows and activities, each with its context), Prometheus metrics when asked.
 * Call once, before any connection.
 */
export function installWorkerRuntime(env: NodeJS.ProcessEnv = process.env, base: Record<string, unknown> = {}): { metricsUrl?: string } {
  const level = (LEVELS as readonly string[]).includes((env.LOG_LEVEL ?? '').toUpperCase()) ? ((env.LOG_LEVEL ?? '').toUpperCase() as LogLevel) : 'INFO';
  const json = (env.LOG_FORMAT ?? 'json').toLowerCase() !== 'text';
  const logger = json ? new DefaultLogger(level, (entry) => void process.stdout.write(`${jsonLogLine(entry, base)}\n`)) : new DefaultLogger(level);
  const port = env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`METRICS_PORT=${JSON.stringify(env.METRICS_PORT)}: cần số cổng / must be a port number (1–65535)`);
  }
  const host = env.METRICS_HOST || '127.0.0.1';
  Runtime.install({
    logger,
    telemetryOptions: {
      // Core's own logs (Rust: connection, polling) forwarded at WARN and above; LOG_LEVEL=TRACE opens them up.
      logging: { filter: { core: level === 'TRACE' ? 'DEBUG' : 'WARN', other: 'ERROR' }, forward: {} },
      ...(port !== undefined
        ? {
            metrics: {
              prometheus: { bindAddress: `${host}:${port}` },
              globalTags: { service: 'ntm-worker', ...(env.TASK_QUEUE ? { task_queue: env.TASK_QUEUE } : {}) },
            },
          }
        : {}),
    },
  });
  return { metricsUrl: port !== undefined ? `http://${host}:${port}/metrics` : undefined };
}

if (require.main === module) {
  // Standalone worker process (scale-out): everything comes from the environment.
  void (async () => {
    const t0 = Date.now();
    const config = loadConfig();
    if (!config.TEMPORAL_ADDRESS) {
      process.stderr.write('✗ TEMPORAL_ADDRESS chưa đặt / is not set: a standalone worker needs a Temporal cluster (host:port)\n');
      process.exit(2);
    }
    const { metricsUrl } = installWorkerRuntime(process.env, { pid: process.pid });
    await checkInstallation(config, config.TEMPORAL_ADDRESS);
    const w = await startWorker(config, config.TEMPORAL_ADDRESS, config.SMTP_URL);
    const stop = () => void w.shutdown().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const line = `worker: task queue ${config.TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}/${config.TEMPORAL_NAMESPACE}`;
    const details = {
      taskQueue: config.TASK_QUEUE,
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      workflowSource: w.workflowSource,
      startMs: Date.now() - t0,
      metricsUrl,
    };
    if ((process.env.LOG_FORMAT ?? 'json').toLowerCase() === 'text')
      process.stdout.write(`${line} (workflows: ${w.workflowSource}, ready in ${details.startMs} ms${metricsUrl ? `, metrics ${metricsUrl}` : ''})\n`);
    else Runtime.instance().logger.info(line, { sdkComponent: 'ntm-worker', ...details });
    await w.done;
  })().catch((e: unknown) => {
    const a = e as { code?: unknown; messageVi?: unknown; messageEn?: unknown };
    if (typeof a.code === 'string' && typeof a.messageVi === 'string')
      process.stderr.write(`✗ worker: ${a.code}\n  ${a.messageVi}\n  ${String(a.messageEn)}\n`);
    else process.stderr.write(`✗ worker: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
