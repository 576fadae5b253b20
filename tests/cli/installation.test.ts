/**
 * The installation id ties a database to a Temporal namespace (app/installation.ts): recorded in both on
 * the first start, checked on every start, a mix refused with a message saying which is which.
 * A real Temporal dev server; SQLite and PostgreSQL databases.
 */
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalDataConverter } from '../../app/temporal-codec';
import { databaseInstallation, ensureInstallation, INSTALLATION_WORKFLOW_ID, temporalInstallation } from '../../app/installation';
import { freePort, startDevServer, type DevServer } from '../../infra/temporal-dev-server';
import type { Db } from '../../prisma/db';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { quietRuntime } from '../support/temporal';

jest.setTimeout(180_000);

let server: DevServer;
let dataDir: string;
let connection: Connection;
const dbs: TestDatabase[] = [];

beforeAll(async () => {
  quietRuntime();
  dataDir = mkdtempSync(join(tmpdir(), 'ntm-inst-'));
  server = await startDevServer({
    cliPath: process.env.TEMPORAL_CLI_PATH!,
    dataDir,
    port: await freePort(),
    headless: true,
    namespace: 'ntm-other',
    startTimeoutMs: 90_000,
  });
  connection = await Connection.connect({ address: server.address });
});
afterAll(async () => {
  await connection?.close();
  for (const d of dbs) await d.drop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function database(provider: 'sqlite' | 'postgresql') {
  const t = await createTestDatabase(provider);
  dbs.push(t);
  return { url: t.url, db: t.db };
}
const ctx = (d: { url: string; db: Db }, namespace: string) => ({
  db: d.db,
  temporal: new Client({ dataConverter: temporalDataConverter(), connection, namespace }),
  databaseUrl: d.url,
  temporalAddress: server.address,
  namespace,
});
async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x as { code: string; messageVi: string; messageEn: string },
  );
  expect(e).toBeDefined();
  expect(e!.code).toBe('INSTALLATION.MISMATCH');
  return e!;
}

it('is recorded in both stores on a first start, agrees afterwards, and refuses every mix', async () => {
  // A first start: SQLite database A with the default namespace.
  const a = await database('sqlite');
  const first = await ensureInstallation(ctx(a, 'default'));
  expect(first.outcome).toBe('new');
  const row = await databaseInstallation(a.db);
  const marker = await temporalInstallation(new Client({ dataConverter: temporalDataConverter(), connection, namespace: 'default' }));
  expect(row?.installationId).toBe(first.installationId);
  expect(marker?.installationId).toBe(first.installationId);
  expect(row?.temporalNamespace).toBe('default');
  const described = await new Client({ dataConverter: temporalDataConverter(), connection, namespace: 'default' }).workflow
    .getHandle(INSTALLATION_WORKFLOW_ID)
    .describe();
  expect(described.status.name).toBe('RUNNING');
  // The next start agrees.
  expect(await ensureInstallation(ctx(a, 'default'))).toEqual({ installationId: first.installationId, outcome: 'ok' });

  // Another (fresh) database against that namespace: the DATA_DIR mix, the other way round.
  const b = await database('postgresql');
  const e1 = await refusal(ensureInstallation(ctx(b, 'default')));
  expect(e1.messageVi).toContain('chưa thuộc bản cài đặt nào');
  expect(e1.messageVi).toContain(`thuộc bản cài đặt ${first.installationId}`);
  expect(e1.messageEn).toContain(`belongs to installation ${first.installationId}`);
  expect(e1.messageEn).toContain('To fix');
  expect(await databaseInstallation(b.db)).toBeNull(); // nothing half-written

  // Database A against a Temporal namespace that has no marker (a fresh Temporal store).
  const e2 = await refusal(ensureInstallation(ctx(a, 'ntm-other')));
  expect(e2.messageEn).toContain(`the database ${a.url} belongs to installation ${first.installationId}`);
  expect(e2.messageEn).toContain('namespace ntm-other has no installation marker');
  expect(e2.messageVi).toContain('không có dấu bản cài đặt');
  expect(await temporalInstallation(new Client({ dataConverter: temporalDataConverter(), connection, namespace: 'ntm-other' }))).toBeUndefined();

  // A first start that stopped between the database and Temporal: the marker is written on the next.
  const c = await database('postgresql');
  await c.db.installation.create({ data: { id: 1, installationId: 'half-made', createdAt: new Date() } });
  expect(await ensureInstallation(ctx(c, 'ntm-other'))).toEqual({ installationId: 'half-made', outcome: 'marked' });
  expect((await temporalInstallation(new Client({ dataConverter: temporalDataConverter(), connection, namespace: 'ntm-other' })))?.installationId).toBe(
    'half-made',
  );
  expect(await ensureInstallation(ctx(c, 'ntm-other'))).toEqual({ installationId: 'half-made', outcome: 'ok' });

  // Two installations, each with its own id, crossed.
  const e3 = await refusal(ensureInstallation(ctx(c, 'default')));
  expect(e3.messageEn).toContain('belongs to installation half-made');
  expect(e3.messageEn).toContain(`belongs to installation ${first.installationId}`);
});
