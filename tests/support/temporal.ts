/**
 * Temporal for tests: the project-provisioned servers (never a download), a worker bundled once per
 * file, real activities against a real database and a real SMTP server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Runtime, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../../activities';
import { temporalDataConverter } from '../../app/temporal-codec';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp-sink';
import { freePort, startDevServer } from '../../infra/temporal-dev-server';
import { startTestServer } from '../../infra/test-server';
import { ensureTemporalCli, ensureTestServer } from '../../infra/toolchain';
import { workflowBundleOptions } from '../../worker/workflow-bundle';
import type { TestDatabase } from './databases';

let runtimeInstalled = false;
/** Quiet the SDK's own logging to warnings: test output stays readable. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/**
 * The time-skipping environment on a test server we started (infra/test-server.ts: our own start
 * timeout instead of the SDK's fixed 5 s). `create` is the SDK's own constructor path for
 * createTimeSkipping/createFromExistingServer; we call it with an existing server and time skipping on.
 */
export async function timeSkippingEnv(executable?: string): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = executable ?? process.env.TEMPORAL_TEST_SERVER_PATH ?? (await ensureTestServer());
  const server = await startTestServer(path);
  try {
    const create = (TestWorkflowEnvironment as unknown as { create(opts: object): Promise<TestWorkflowEnvironment> }).create.bind(TestWorkflowEnvironment);
    const env = await create({
      server: { type: 'existing' },
      address: server.address,
      supportsTimeSkipping: true,
      client: { dataConverter: temporalDataConverter() },
    });
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      try {
        await teardown();
      } finally {
        await server.stop();
      }
    };
    return env;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/**
 * A real Temporal dev server (the provisioned CLI) in a scratch folder, started by us with our own start
 * timeout (infra/temporal-dev-server.ts), and a test environment connected to it.
 */
export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const cliPath = process.env.TEMPORAL_CLI_PATH ?? (await ensureTemporalCli());
  const dataDir = await mkdtemp(join(tmpdir(), 'ntm-devserver-'));
  const server = await startDevServer({ cliPath, dataDir, port: await freePort(), headless: true, startTimeoutMs: 90_000 });
  try {
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, client: { dataConverter: temporalDataConverter() } });
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      try {
        await teardown();
      } finally {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    };
    return env;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  return bundle;
}

export interface Harness {
  taskQueue: string;
  smtp: SmtpSink;
  worker: Worker;
  close(): Promise<void>;
}

export async function startWorker(
  env: TestWorkflowEnvironment,
  t: TestDatabase,
  opts: { taskQueue?: string; maxCachedWorkflows?: number } = {},
): Promise<Harness> {
  const smtp = await startSmtpSink();
  const taskQueue = opts.taskQueue ?? `test-${randomUUID()}`;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    dataConverter: temporalDataConverter(),
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    // The SDK gives a workflow activation 5 s in its V8 isolate before it fails the workflow task
    // ("Script execution timed out"). A workflow's first activation in a fresh isolate on a loaded 2-core
    // machine (five jest files, a dev server and PostgreSQL at once) took longer than that, and
    // tests/fuzz/api.test.ts, which asserts no failed workflow task, failed. Our workflows do no I/O and
    // never spin: a slow activation is at worst a workflow task the server times out (10 s) and retries.
    // (Not in WorkerOptions' type, but read by the SDK's option compiler.)
    ...({ isolateExecutionTimeout: '60s' } as object),
    activities: createActivities({ db: t.db, provider: t.provider, mailer: { transport, from: 'NTM <no-reply@ntm.local>' } }),
  });
  return {
    taskQueue,
    smtp,
    worker,
    async close() {
      transport.close();
      await smtp.close();
    },
  };
}

/** Moves the time-skipping server's clock to `iso` (no-op when it is already past); the new time, epoch ms. */
export async function sleepUntil(env: TestWorkflowEnvironment, iso: string): Promise<number> {
  const target = new Date(iso).getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
  return env.currentTimeMs();
}
