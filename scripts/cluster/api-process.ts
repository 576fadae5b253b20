/**
 * One API process (HTTP API + web UI) against a shared Temporal cluster and database, as a scale-out
 * deployment runs several behind a load balancer. Environment as for `npm start` with
 * TEMPORAL_ADDRESS set (HOST, PORT, DATABASE_URL, TASK_QUEUE, TEMPORAL_NAMESPACE, SESSION_TTL_HOURS).
 * Prints "api ready <url>"; SIGTERM closes it.
 *
 * Kept tiny on purpose: all the wiring is the app's own buildApp (api/app.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../../api/app';
import { temporalDataConverter } from '../../app/temporal-codec';
import { codecOptions, loadConfig, securityOptions } from '../../infra/config';
import { createDb } from '../../prisma/db';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS chưa đặt / is not set');
  const db = createDb(config.DATABASE_URL);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const codec = codecOptions(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(codec.payloadCodec) });
  const app = await buildApp({
    db,
    temporal: client,
    taskQueue: config.TASK_QUEUE,
    ttlHours: config.SESSION_TTL_HOURS,
    ...securityOptions(config),
    codec,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  process.stdout.write(`api ready http://${config.HOST}:${config.PORT}\n`);
  const stop = () =>
    void (async () => {
      await app.close();
      await connection.close();
      await db.$disconnect();
      process.exit(0);
    })();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`✗ api: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
