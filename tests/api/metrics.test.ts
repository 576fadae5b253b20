/**
 * API metrics (issue 18): Prometheus text at GET /metrics on the API's port, scraped after real requests
 * to a real app on a real SQLite database — latency histogram and errors by route pattern, never the raw
 * URL with its ids. No Temporal is needed: the requests here never reach it.
 */
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { LATENCY_BUCKETS } from '../../api/metrics';
import { seedReferenceData } from '../../app/seed';
import { freePort } from '../../infra/temporal-dev-server';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { PASSWORD, pipelinePeople, seedPeople } from '../support/app';

let t: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date());
  await seedPeople(
    t,
    pipelinePeople().filter((p) => p.username === 'xa.quai-cang'),
  );
  const temporal = new Client({ dataConverter: temporalDataConverter(), connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }) });
  app = await buildApp({ db: t.db, temporal, taskQueue: 'unused', rateLimit: { perMinute: 1000, signInPerMinute: 1 } });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

/** Parses the exposition text into `name{labels}` → value. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

it('counts latency and errors by method, route pattern and status after a few requests, with no raw ids', async () => {
  const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'xa.quai-cang', password: PASSWORD } });
  expect(login.statusCode).toBe(200);
  // The sign-in limit is 1 a minute per address: the second is 429.
  expect((await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'xa.quai-cang', password: PASSWORD } })).statusCode).toBe(429);
  for (const id of ['commune-ntm-2021-2025', 'commune-ntm-2021-2025', 'khong-co-ma-nay-123'])
    await app.inject({ method: 'GET', url: `/api/criteria-sets/${id}` });
  expect((await app.inject({ method: 'GET', url: '/api/units' })).statusCode).toBe(401);
  expect((await app.inject({ method: 'GET', url: '/api/khong-co/42' })).statusCode).toBe(404);

  const scrape = await app.inject({ method: 'GET', url: '/metrics' });
  expect(scrape.statusCode).toBe(200);
  expect(scrape.headers['content-type']).toContain('text/plain; version=0.0.4');
  expect(scrape.body).toContain('# TYPE ntm_http_request_duration_seconds histogram');
  expect(scrape.body).toContain('# TYPE ntm_http_request_errors_total counter');
  const m = parse(scrape.body);

  const ok = 'method="GET",route="/api/criteria-sets/:id",status_code="200"';
  expect(m.get(`ntm_http_request_duration_seconds_count{${ok}}`)).toBe(2);
  expect(m.get(`ntm_http_request_duration_seconds_bucket{${ok},le="+Inf"}`)).toBe(2);
  const sum = m.get(`ntm_http_request_duration_seconds_sum{${ok}}`)!;
  expect(sum).toBeGreaterThan(0);
  expect(sum).toBeLessThan(30);
  // Buckets are cumulative: never decreasing, ending at the count.
  const buckets = LATENCY_BUCKETS.map((le) => m.get(`ntm_http_request_duration_seconds_bucket{${ok},le="${le}"}`)!);
  expect(buckets.every((v, i) => i === 0 || v >= buckets[i - 1]!)).toBe(true);
  expect(buckets[buckets.length - 1]).toBeLessThanOrEqual(2);

  expect(m.get('ntm_http_request_errors_total{method="GET",route="/api/criteria-sets/:id",status_code="404"}')).toBe(1);
  expect(m.get(`ntm_http_request_errors_total{${ok}}`)).toBeUndefined();
  expect(m.get('ntm_http_request_errors_total{method="GET",route="/api/units",status_code="401"}')).toBe(1);
  expect(m.get('ntm_http_request_errors_total{method="POST",route="/api/session",status_code="429"}')).toBe(1);
  expect(m.get('ntm_http_request_duration_seconds_count{method="POST",route="/api/session",status_code="200"}')).toBe(1);
  expect(m.get('ntm_http_request_errors_total{method="GET",route="(unmatched)",status_code="404"}')).toBe(1);
  expect(m.get('ntm_api_process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);

  // Route patterns only: no dossier or set ids, no raw URLs, no session tokens.
  expect(scrape.body).not.toContain('commune-ntm-2021-2025');
  expect(scrape.body).not.toContain('khong-co');
  expect(scrape.body).not.toContain((login.json() as { token: string }).token);

  // The scrape itself is counted on the next scrape, and is neither rate limited nor behind a session.
  const again = parse((await app.inject({ method: 'GET', url: '/metrics' })).body);
  expect(again.get('ntm_http_request_duration_seconds_count{method="GET",route="/metrics",status_code="200"}')).toBe(1);
});
