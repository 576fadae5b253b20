/**
 * A worker as a real child process, for the fault tests (SIGKILL at random points) and the national
 * benchmark (its peak RSS is measured from outside, as an operator would see it).
 *
 * Environment: TEMPORAL_ADDRESS, TASK_QUEUE, DATABASE_URL, optional SMTP_URL, optional WORKFLOW_BUNDLE
 * (a bundle file written by the parent, so a restart does not re-bundle; default: bundle workflows/),
 * optional MAX_CACHED_WORKFLOWS, optional BARE_ACTIVITIES=1 (the bare baseline's activities: a no-op, and a mark that inserts one row into bench_bare_mark). Prints "ready" once polling; SIGTERM shuts down gracefully.
 */
import { join } from 'node:path';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { payloadCodecOf, temporalDataConverter } from '../../app/temporal-codec';
import { createActivities } from '../../activities';
import { createDb, providerOf } from '../../prisma/db';
import { bundleAtStartOptions } from '../../worker/workflow-bundle';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const address = process.env.TEMPORAL_ADDRESS;
  const taskQueue = process.env.TASK_QUEUE;
  const url = process.env.DATABASE_URL;
  if (!address || !taskQueue || !url) throw new Error('TEMPORAL_ADDRESS, TASK_QUEUE and DATABASE_URL are required');
  const db = createDb(url);
  const smtp = process.env.SMTP_URL;
  const transport = smtp ? nodemailer.createTransport(smtp) : undefined;
  const connection = await NativeConnection.connect({ address });
  const bundlePath = process.env.WORKFLOW_BUNDLE;
  const worker = await Worker.create({
    connection,
    dataConverter: temporalDataConverter(payloadCodecOf(process.env.TEMPORAL_PAYLOAD_CODEC)),
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue,
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : bundleAtStartOptions()),
    // BARE_ACTIVITIES=1: the bare baseline's one no-op activity (scripts/bench/bare-workflow.ts), nothing else.
    activities:
      process.env.BARE_ACTIVITIES === '1'
        ? {
            noop: (seq: number) => Promise.resolve(seq),
            mark: async (key: string) => {
              await db.$executeRawUnsafe(`INSERT INTO bench_bare_mark (key) VALUES (${providerOf(url) === 'sqlite' ? '?' : '$1'}) ON CONFLICT DO NOTHING`, key);
            },
          }
        : createActivities({ db, provider: providerOf(url), mailer: transport ? { transport, from: 'NTM <no-reply@ntm.local>' } : undefined }),
    ...(process.env.MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(process.env.MAX_CACHED_WORKFLOWS) } : {}),
  });
  const done = worker.run();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => worker.shutdown());
  await done;
  transport?.close();
  await connection.close();
  await db.$disconnect();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`worker-process: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
