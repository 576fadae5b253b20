/**
 * Liveness and readiness (issue 18): /api/health does no I/O, /api/ready checks the database, Temporal
 * and the installation id, each bounded in time, and answers 503 with the coded bilingual body naming
 * what failed. Real dependencies only: a SQLite file and a Temporal dev server for "ready"; a real
 * PostgreSQL client aimed at a closed port, a Temporal connection aimed at a closed port, and TCP servers
 * that accept and never answer (a hung dependency) for "not ready".
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { ensureInstallation } from '../../app/installation';
import { freePort } from '../../infra/temporal-dev-server';
import { createDb, type Db } from '../../prisma/db';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { devServerEnv } from '../support/temporal';

jest.setTimeout(180_000);

type ErrorBody = { error: { code: string; messageVi: string; messageEn: string; path?: string; details?: { failed?: string[] } } };

const closedPostgres = async (): Promise<Db> => createDb(`postgresql://ntm:ntm@127.0.0.1:${await freePort()}/ntm`);
const closedTemporal = async (): Promise<Client> =>
  new Client({ dataConverter: temporalDataConverter(), connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '5s' }) });

/** A TCP server that accepts connections and never says a word: a dependency that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => void sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('with the database and Temporal away', () => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await closedPostgres();
    // A strict rate limit: the probes must not count against it.
    app = await buildApp({ db, temporal: await closedTemporal(), taskQueue: 'unused', rateLimit: { perMinute: 2 } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.$disconnect();
  });

  it('answers /api/health 200 without touching anything, even with a session cookie, and never rate limits it', async () => {
    for (let i = 0; i < 6; i += 1) {
      const r = await app.inject({ method: 'GET', url: '/api/health', cookies: { ntm_session: 'a-session-token-the-database-would-be-asked-about' } });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ status: 'ok', uptimeSeconds: expect.any(Number) });
    }
    // The same limit does apply to an ordinary route (the probe is exempt, not the limit absent).
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await app.inject({ method: 'GET', url: '/api/criteria-sets' })).statusCode);
    expect(statuses).toContain(429);
  });

  it('answers /api/ready 503 with the coded bilingual body naming the database and Temporal, within the bound', async () => {
    const started = Date.now();
    const r = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.statusCode).toBe(503);
    const e = (r.json() as ErrorBody).error;
    expect(e.code).toBe('HEALTH.NOT_READY');
    expect(e.path).toBe('database,temporal');
    expect(e.details?.failed).toEqual(['database', 'temporal']);
    expect(e.messageVi).toContain('cơ sở dữ liệu');
    expect(e.messageVi).toContain('Temporal');
    expect(e.messageEn).toContain('the database');
    expect(e.messageEn).toContain('Temporal');
    for (let i = 0; i < 4; i += 1) expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(503);
  });
});

describe('with dependencies that accept connections and never answer', () => {
  it('answers /api/ready 503 within about a second, saying which did not answer in time', async () => {
    const pgHang = await silentServer();
    const temporalHang = await silentServer();
    const db = createDb(`postgresql://ntm:ntm@127.0.0.1:${pgHang.port}/ntm`);
    const app = await buildApp({
      db,
      temporal: new Client({
        dataConverter: temporalDataConverter(),
        connection: Connection.lazy({ address: `127.0.0.1:${temporalHang.port}`, connectTimeout: '30s' }),
      }),
      taskQueue: 'unused',
    });
    try {
      const started = Date.now();
      const r = await app.inject({ method: 'GET', url: '/api/ready' });
      const took = Date.now() - started;
      expect(r.statusCode).toBe(503);
      expect(took).toBeGreaterThanOrEqual(900);
      // Bounded by the 1 s check timeout, not by the 30 s connect timeout (the message names the 1000 ms);
      // the upper bound leaves a loaded machine room without reaching the 30 s it tells apart.
      expect(took).toBeLessThan(15_000);
      const e = (r.json() as ErrorBody).error;
      expect(e.details?.failed).toEqual(['database', 'temporal']);
      expect(e.messageVi).toContain('không trả lời trong 1000 ms');
      expect(e.messageEn).toContain('did not answer within 1000 ms');
    } finally {
      await app.close();
      // Hang up first: the client's pending connect then fails and it can disconnect.
      await pgHang.close();
      await temporalHang.close();
      await db.$disconnect().catch(() => undefined);
    }
  });
});

describe('with a real database and a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await devServerEnv();
    t = await createTestDatabase('sqlite');
    app = await buildApp({ db: t.db, temporal: env.client, taskQueue: 'unused' });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await t?.drop();
  });

  it('is not ready before the installation id is recorded in both, and ready (200, three checks) once it is', async () => {
    // A process that is up has opened its database and Temporal connections: do that first, so the 1-s
    // bounds measure answers, not this loaded machine's first query compilation.
    await t.db.$queryRawUnsafe('SELECT 1');
    await env.client.connection.workflowService.getSystemInfo({});
    const before = await app.inject({ method: 'GET', url: '/api/ready' });
    expect([before.statusCode, before.body]).toEqual([503, expect.stringContaining('installation')]);
    expect((before.json() as ErrorBody).error).toMatchObject({ code: 'HEALTH.NOT_READY', path: 'installation', details: { failed: ['installation'] } });
    expect((before.json() as ErrorBody).error.messageVi).toContain('mã bản cài đặt');

    await ensureInstallation({ db: t.db, temporal: env.client, databaseUrl: t.url, temporalAddress: 'test', namespace: 'default' });
    const r = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { status: string; checks: { name: string; ok: boolean; ms: number }[] };
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
      ['database', true],
      ['temporal', true],
      ['installation', true],
    ]);
    expect(body.checks.every((c) => c.ms < 1000)).toBe(true);
  });

  it('documents both probes in OpenAPI without a session, ready with its 503 error body', async () => {
    type Op = { security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }> };
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, { get?: Op }> };
    const health = doc.paths['/api/health']?.get;
    const ready = doc.paths['/api/ready']?.get;
    expect(health?.security).toEqual([]);
    expect(ready?.security).toEqual([]);
    expect(Object.keys(health?.responses ?? {})).toEqual(['200']);
    expect(Object.keys(ready?.responses ?? {}).sort()).toEqual(['200', '503']);
    expect(Object.keys(ready!.responses['503']!.content!['application/json']!.schema!.properties ?? {})).toEqual(['error']);
  });
});
