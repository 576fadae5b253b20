/**
 * Issue 12: a post-merger commune's page shows its predecessors' history — through the API
 * (GET /api/units/history) and the web page (/ui/units), from the seeded units in time and what the
 * database recorded (a mark of a predecessor). No Temporal needed: the client never connects.
 */
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { seedReferenceData } from '../../app/seed';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { PASSWORD, pipelinePeople, seedPeople } from '../support/app';

let t: TestDatabase;
let app: FastifyInstance;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date('2026-12-01T03:00:00.000Z'));
  await seedPeople(
    t,
    pipelinePeople().filter((p) => p.username === 'huyen.vpdp'),
  );
  await t.db.criteriaMark.create({
    data: {
      id: randomUUID(),
      unitCode: 'dien-bien/muong-nhe/chung-chai',
      setId: 'commune-ntm-2021-2025',
      criterion: '2',
      met: true,
      asOf: '2024-12-31',
      batchId: 'test',
      recordedAt: new Date('2025-01-05T00:00:00.000Z'),
    },
  });
  app = await buildApp({ db: t.db, temporal: new Client({ dataConverter: temporalDataConverter() }), taskQueue: 'unused', ttlHours: 8 });
  await app.ready();
  const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'huyen.vpdp', password: PASSWORD } });
  token = (r.json() as { token: string }).token;
});

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

it('answers a new commune with the communes it was formed from, each link sourced, and their marks', async () => {
  const r = await app.inject({ method: 'GET', url: '/api/units/history?code=dien-bien/xa-muong-nhe', headers: { authorization: `Bearer ${token}` } });
  expect(r.statusCode).toBe(200);
  const h = r.json() as {
    unit: { name: string; validFrom: string };
    predecessors: { name: string; source: string; validTo: string }[];
    marks: { unitCode: string; met: number }[];
  };
  expect(h.unit).toMatchObject({ name: 'Mường Nhé', validFrom: '2025-07-01' });
  expect(h.predecessors.map((p) => p.name)).toEqual(['Mường Nhé', 'Nậm Vi', 'Chung Chải']);
  expect(h.predecessors.every((p) => p.source.length > 0 && p.validTo === '2025-06-30')).toBe(true);
  expect(h.marks).toContainEqual(expect.objectContaining({ unitCode: 'dien-bien/muong-nhe/chung-chai', met: 1 }));
});

it('shows the same on the unit page in words and dd/mm/yyyy, and an old commune points to what it became', async () => {
  const page = await app.inject({ method: 'GET', url: '/ui/units?code=dien-bien%2Fxa-muong-nhe', cookies: { ntm_session: token } });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('Hình thành từ');
  expect(page.body).toContain('Chung Chải');
  expect(page.body).toContain('30/06/2025');
  expect(page.body).toContain('01/07/2025');
  const old = await app.inject({ method: 'GET', url: '/ui/units?code=dien-bien%2Fmuong-nhe%2Fchung-chai', cookies: { ntm_session: token } });
  expect(old.body).toContain('Đã sáp nhập vào');
  expect(old.body).toContain('href="/ui/units?code=dien-bien%2Fxa-muong-nhe"');
});

it('refuses an unknown unit with a coded bilingual 404 naming it, and needs a session', async () => {
  const r = await app.inject({ method: 'GET', url: '/api/units/history?code=dien-bien/khong-co', headers: { authorization: `Bearer ${token}` } });
  expect(r.statusCode).toBe(404);
  expect(r.json()).toMatchObject({ error: { code: 'UNIT.UNKNOWN', path: 'code' } });
  expect((r.json() as { error: { messageVi: string } }).error.messageVi).toContain('dien-bien/khong-co');
  const anon = await app.inject({ method: 'GET', url: '/api/units/history?code=dien-bien/xa-muong-nhe' });
  expect(anon.statusCode).toBe(401);
});
