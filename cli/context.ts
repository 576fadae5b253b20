/**
 * What every CLI command shares: the database and the Temporal client from the configuration, option
 * parsers that refuse bad values with the one error type (AppError), and the "not migrated" hint.
 */
import { Client, Connection } from '@temporalio/client';
import { temporalDataConverter } from '../app/temporal-codec';
import { parseVnDate } from '../domain/calendar';
import { AppError, appError } from '../domain/errors';
import { loadConfig, type Config } from '../infra/config';
import { createDb, type Db } from '../prisma/db';

export function vnDateOption(value: string): string {
  const r = parseVnDate(value);
  if (!r.ok) throw appError(r.error.code, `--as-of: ${r.error.messageVi}`, `--as-of: ${r.error.messageEn}`, { path: '--as-of' });
  return r.value;
}

/** A database that was never migrated: say what to run instead of Prisma's table error. */
export function notMigrated(e: unknown): AppError | undefined {
  const text = String((e as { message?: unknown }).message ?? e);
  if (/no such table|does not exist|P2021/i.test(text)) {
    return appError('DB.NOT_MIGRATED', 'Cơ sở dữ liệu chưa có bảng: chạy `ntm db migrate` trước', 'The database has no tables yet: run `ntm db migrate` first');
  }
  return undefined;
}

export async function withDb<T>(fn: (db: Db) => Promise<T>, config: Config = loadConfig()): Promise<T> {
  const db = createDb(config.DATABASE_URL);
  try {
    return await fn(db).catch((e: unknown) => {
      throw notMigrated(e) ?? e;
    });
  } finally {
    await db.$disconnect();
  }
}

export const temporalAddress = (config: Config): string => config.TEMPORAL_ADDRESS ?? `localhost:${config.TEMPORAL_PORT}`;

export async function withTemporal<T>(config: Config, fn: (client: Client) => Promise<T>): Promise<T> {
  const address = temporalAddress(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5s' });
  } catch (e) {
    throw appError(
      'TEMPORAL.UNREACHABLE',
      `Không kết nối được Temporal tại ${address} (đặt TEMPORAL_ADDRESS, hoặc chạy \`npm start\`): ${(e as Error).message}`,
      `Cannot reach Temporal at ${address} (set TEMPORAL_ADDRESS, or run \`npm start\`): ${(e as Error).message}`,
    );
  }
  try {
    return await fn(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(config.TEMPORAL_PAYLOAD_CODEC) }));
  } finally {
    await connection.close();
  }
}
