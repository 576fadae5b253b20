/**
 * The OpenAPI document declares, for every operation, every error status the route can answer, each with
 * the one shared error body — checked two ways: from the document (the classes of error every route can
 * meet), and by asking every documented operation and looking up the status it really answered
 * (no session; the rate limit spent; the database away). No Temporal is needed: a request that would reach
 * it is refused before (401), or the database is away first.
 */
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { freePort } from '../../infra/temporal-dev-server';
import { createDb, type Db } from '../../prisma/db';
import { seedReferenceData } from '../../app/seed';
import { createTestDatabase, type TestDatabase } from '../support/databases';

jest.setTimeout(120_000);

type Schema = { properties?: Record<string, Schema>; required?: string[] };
type Op = {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  parameters?: { name: string; in: string }[];
};
type Doc = { paths: Record<string, Record<string, Op>> };

const PROBES = new Set(['/api/health', '/api/ready']);
const ERROR_FIELDS = ['code', 'details', 'messageEn', 'messageVi', 'path'];

let t: TestDatabase;
let away: Db;
let healthy: FastifyInstance;
let limited: FastifyInstance;
let broken: FastifyInstance;
let doc: Doc;
let operations: { path: string; method: string; op: Op }[];

const lazyTemporal = async () =>
  new Client({ dataConverter: temporalDataConverter(), connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '2s' }) });

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date());
  healthy = await buildApp({ db: t.db, temporal: await lazyTemporal(), taskQueue: 'unused' });
  limited = await buildApp({ db: t.db, temporal: await lazyTemporal(), taskQueue: 'unused', rateLimit: { perMinute: 1, signInPerMinute: 1 } });
  away = createDb(`postgresql://ntm:ntm@127.0.0.1:${await freePort()}/ntm`);
  broken = await buildApp({ db: away, temporal: await lazyTemporal(), taskQueue: 'unused' });
  doc = (await healthy.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Doc;
  operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
});

afterAll(async () => {
  await healthy?.close();
  await limited?.close();
  await broken?.close();
  await away?.$disconnect();
  await t?.drop();
});

const urlOf = (path: string) => path.replace(/\{(\w+)\}/g, 'khong-co');
const declared = (op: Op) => Object.keys(op.responses);
const errorFields = (op: Op, status: string) =>
  Object.keys(op.responses[status]?.content?.['application/json']?.schema?.properties?.error?.properties ?? {}).sort();

it('documents the operations the suite expects, probes included', () => {
  expect(operations.length).toBeGreaterThan(25);
  expect(doc.paths['/api/health']?.get).toBeDefined();
  expect(doc.paths['/api/ready']?.get).toBeDefined();
});

it('gives every error status an operation declares the shared error body (code, messageVi, messageEn, path, details)', () => {
  for (const { path, method, op } of operations) {
    for (const status of declared(op).filter((s) => /^[45]\d\d$/.test(s))) {
      expect({ path, method, status, fields: errorFields(op, status) }).toEqual({ path, method, status, fields: ERROR_FIELDS });
    }
  }
});

it('declares 429 (rate limit) and 503 (database or Temporal unavailable) on every route but the probes, and 422 wherever an Idempotency-Key is taken', () => {
  for (const { path, method, op } of operations) {
    const codes = declared(op);
    if (path === '/api/health') {
      expect(codes).toEqual(['200']);
      continue;
    }
    // Signing out needs no session and takes no input: it can still meet the rate limit and an outage.
    const signOut = path === '/api/session' && method === 'delete';
    const want = PROBES.has(path) ? ['503'] : signOut ? ['429', '503'] : ['400', '401', '429', '503'];
    if (op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')) want.push('422');
    expect({ path, method, codes: codes.filter((c) => want.includes(c)).sort() }).toEqual({ path, method, codes: want.sort() });
  }
  // The one keyed route today: a dossier action.
  expect(declared(doc.paths['/api/dossiers/{id}/actions']!.post!)).toContain('422');
});

describe('every operation, asked: the status it answers is one it declares, with the shared body', () => {
  const check = async (app: FastifyInstance, label: string, headers: Record<string, string>, remote: (i: number) => string, repeat: number) => {
    const seen: string[] = [];
    for (const [i, { path, method, op }] of operations.entries()) {
      let r = await app.inject({ method: method.toUpperCase() as 'GET', url: urlOf(path), headers, remoteAddress: remote(i) });
      for (let k = 1; k < repeat; k += 1) r = await app.inject({ method: method.toUpperCase() as 'GET', url: urlOf(path), headers, remoteAddress: remote(i) });
      const status = String(r.statusCode);
      seen.push(`${status}`);
      expect({ label, path, method, status, declared: declared(op).includes(status) }).toEqual({ label, path, method, status, declared: true });
      if (r.statusCode >= 400) {
        const e = (r.json() as { error?: Record<string, unknown> }).error;
        expect({ path, method, coded: typeof e?.code === 'string' && typeof e?.messageVi === 'string' && typeof e?.messageEn === 'string' }).toEqual({
          path,
          method,
          coded: true,
        });
      }
    }
    return seen;
  };

  it('without a session', async () => {
    const seen = await check(healthy, 'no session', {}, () => '10.9.0.1', 1);
    expect(seen).toContain('401');
  });

  it('with the rate limit spent (each operation from its own address, asked twice)', async () => {
    const seen = await check(limited, 'rate limited', {}, (i) => `10.8.${Math.floor(i / 200)}.${(i % 200) + 1}`, 2);
    expect(seen.filter((s) => s === '429').length).toBe(operations.length - PROBES.size);
  });

  it('with the database away (a PostgreSQL client aimed at a closed port) and a session token to look up', async () => {
    const seen = await check(broken, 'database away', { authorization: 'Bearer some-session-token-to-look-up' }, () => '10.7.0.1', 1);
    expect(seen.filter((s) => s === '503').length).toBe(operations.length - 1);
  });
});
