/**
 * The worker: runs dossier and campaign workflows and their activities against the configured Temporal
 * (TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TASK_QUEUE) and database (DATABASE_URL). Start as many as
 * the load needs, on as many machines: they share the task queue.
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { join } from 'node:path';
import { createActivities } from '../activities';
import { loadConfig, type Config } from '../infra/config';
import { createDb, providerOf, type Db } from '../prisma/db';

export interface RunningWorker {
  worker: Worker;
  db: Db;
  shutdown(): Promise<void>;
  done: Promise<void>;
}

export function mailerFor(config: Config, smtpUrl: string | undefined) {
  if (!smtpUrl) return undefined;
  return { transport: nodemailer.createTransport(smtpUrl), from: config.MAIL_FROM };
}

export async function startWorker(config: Config, address: string, smtpUrl?: string, options: Partial<WorkerOptions> = {}): Promise<RunningWorker> {
  const db = createDb(config.DATABASE_URL);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    workflowsPath: require.resolve(join(__dirname, '..', 'workflows')),
    activities: createActivities({ db, provider: providerOf(config.DATABASE_URL), mailer: mailerFor(config, smtpUrl) }),
    ...options,
  });
  const done = worker.run();
  return {
    worker,
    db,
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

if (require.main === module) {
  // Standalone worker process (scale-out): everything comes from the environment.
  void (async () => {
    const config = loadConfig();
    if (!config.TEMPORAL_ADDRESS) {
      process.stderr.write('✗ TEMPORAL_ADDRESS chưa đặt / is not set: a standalone worker needs a Temporal cluster (host:port)\n');
      process.exit(2);
    }
    const w = await startWorker(config, config.TEMPORAL_ADDRESS, config.SMTP_URL);
    const stop = () => void w.shutdown().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stdout.write(`worker: task queue ${config.TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}/${config.TEMPORAL_NAMESPACE}\n`);
    await w.done;
  })().catch((e: unknown) => {
    process.stderr.write(`✗ worker: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
