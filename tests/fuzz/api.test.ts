/**
 * Fuzzing every HTTP API route of the engine (dev server, worker, SQLite, real accounts): generated path
 * parameters, query strings, bodies, headers and tokens. Never a 500; every refusal carries a coded
 * bilingual body; the mutating routes (open a dossier, act on one) refuse every generated body, and
 * the dossier's seq, its audit trail and the number of dossiers stay as they were.
 * 1,000 requests per run; NTM_LONG_FUZZ=1 → 10,000.
 */
import fc from 'fast-check';
import { acceptedEvents } from '../../domain/dossier';
import { selfAssessmentCommands } from '../../scripts/bench/pipeline';
import { COMMUNE, PASSWORD, startEngine, type RunningApp } from '../support/app';
import { dossierFor } from '../support/plans';
import { corruptedCommand, isClearError, junk, numRuns, outOfStageCommand, sampleCommands } from './arbitraries';

const RUNS = numRuns(1000, 10_000);
jest.setTimeout(RUNS * 200 + 180_000);

let engine: RunningApp;
const tokens: Record<string, string> = {};
const YEAR = 2025;
const DOSSIER = `commune.dat-chuan:${COMMUNE}:${YEAR}`;
const enc = encodeURIComponent(DOSSIER);

beforeAll(async () => {
  engine = await startEngine();
  for (const u of ['xa.quai-cang', 'xa.quai-nua', 'huyen.vpdp', 'tinh.thanhtra']) {
    const r = await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: u, password: PASSWORD } });
    tokens[u] = (r.json() as { token: string }).token;
  }
  const opened = await engine.app.inject({
    method: 'POST',
    url: '/api/dossiers',
    headers: { authorization: `Bearer ${tokens['huyen.vpdp']}` },
    payload: { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: YEAR },
  });
  expect(opened.statusCode).toBe(201);
  for (const c of selfAssessmentCommands(dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025', YEAR)).slice(0, 5)) {
    const r = await engine.app.inject({
      method: 'POST',
      url: `/api/dossiers/${enc}/actions`,
      headers: { authorization: `Bearer ${tokens['xa.quai-cang']}` },
      payload: c,
    });
    expect(r.statusCode).toBe(200);
  }
});

afterAll(async () => {
  await engine?.close();
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '%', '%00', '../..', 'null', '-1', '0', '1e309', 'NaN', '🙂', 'x'.repeat(400), DOSSIER, COMMUNE),
);
const query = fc.dictionary(fc.constantFrom('page', 'pageSize', 'stage', 'unit', 'title', 'planYear', 'late', 'parent', 'level', 'x'), text, { maxKeys: 4 });
const who = fc.constantFrom<string | undefined>(undefined, 'xa.quai-cang', 'xa.quai-nua', 'huyen.vpdp', 'tinh.thanhtra', 'bogus-token');
const MAX_PARAM = 100;
const qs = (q: Record<string, string>) => (Object.keys(q).length ? `?${new URLSearchParams(q).toString()}` : '');

interface Req {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  body?: unknown;
  user?: string;
  headers?: Record<string, string>;
  /** Must be refused (a mutation with a generated body). */
  mustRefuse: boolean;
}

function requests(): fc.Arbitrary<Req> {
  const refusedTypes = Object.keys(sampleCommands('1')).filter((t) => !acceptedEvents('self_assessment').includes(t as never));
  const actionBody = fc.oneof(junk, corruptedCommand('1'), outOfStageCommand('1', refusedTypes));
  const id = fc.oneof(
    text.filter((s) => s.length > 0),
    fc.constant(DOSSIER),
  );
  const idemKey = fc.option(
    fc.string({ maxLength: 120 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
    { nil: undefined },
  );
  return fc.oneof(
    fc.record({
      method: fc.constant('POST' as const),
      url: fc.constant('/api/session'),
      body: fc.oneof(junk, fc.record({ username: text, password: text })),
      user: who,
      mustRefuse: fc.constant(true),
    }),
    fc.record({ method: fc.constant('GET' as const), url: fc.constant('/api/session'), user: who, mustRefuse: fc.constant(false) }),
    // Sign-out with no or a bogus session (a real one would end the sessions the other requests use).
    fc.record({
      method: fc.constant('DELETE' as const),
      url: fc.constant('/api/session'),
      user: fc.constantFrom<string | undefined>(undefined, 'bogus-token'),
      mustRefuse: fc.constant(false),
    }),
    fc.record({ method: fc.constant('GET' as const), url: query.map((q) => `/api/units${qs(q)}`), user: who, mustRefuse: fc.constant(false) }),
    fc.record({ method: fc.constant('GET' as const), url: query.map((q) => `/api/criteria-sets${qs(q)}`), user: who, mustRefuse: fc.constant(false) }),
    fc.record({
      method: fc.constant('GET' as const),
      url: text.map((s) => `/api/criteria-sets/${encodeURIComponent(s || 'x')}`),
      user: who,
      mustRefuse: fc.constant(false),
    }),
    fc.record({ method: fc.constant('GET' as const), url: query.map((q) => `/api/dossiers${qs(q)}`), user: who, mustRefuse: fc.constant(false) }),
    fc.record({
      method: fc.constant('POST' as const),
      url: fc.constant('/api/dossiers'),
      body: fc.oneof(junk, fc.record({ unitCode: text, title: fc.oneof(text, fc.constant('commune.dat-chuan')), planYear: fc.oneof(fc.integer(), text) })),
      user: who,
      mustRefuse: fc.constant(true),
    }),
    fc.record({ method: fc.constant('GET' as const), url: id.map((s) => `/api/dossiers/${encodeURIComponent(s)}`), user: who, mustRefuse: fc.constant(false) }),
    fc.record({
      method: fc.constant('GET' as const),
      url: id.map((s) => `/api/dossiers/${encodeURIComponent(s)}/timeline`),
      user: who,
      mustRefuse: fc.constant(false),
    }),
    fc.record({
      method: fc.constant('GET' as const),
      url: fc.tuple(id, query).map(([s, q]) => `/api/dossiers/${encodeURIComponent(s)}/audit${qs(q)}`),
      user: who,
      mustRefuse: fc.constant(false),
    }),
    fc.record({ method: fc.constant('GET' as const), url: query.map((q) => `/api/inbox${qs(q)}`), user: who, mustRefuse: fc.constant(false) }),
    fc.record({
      method: fc.constant('POST' as const),
      url: id.map((s) => `/api/dossiers/${encodeURIComponent(s)}/actions`),
      body: actionBody,
      user: who,
      headers: idemKey.map((k): Record<string, string> => (k === undefined ? {} : { 'idempotency-key': k })),
      mustRefuse: fc.constant(true),
    }),
  );
}

it(`answers ${RUNS} generated requests across every API route without a 500, refusing bad input with a coded bilingual body and changing nothing`, async () => {
  const status = async () =>
    (await engine.app.inject({ method: 'GET', url: `/api/dossiers/${enc}`, headers: { authorization: `Bearer ${tokens['huyen.vpdp']}` } })).json() as {
      status: { seq: number };
    };
  const seqBefore = (await status()).status.seq;
  const auditBefore = await engine.t.db.auditRecord.count({ where: { dossierId: DOSSIER } });
  const dossiersBefore = await engine.t.db.dossier.count();
  const byStatus = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requests(), async (r) => {
      const token = r.user === 'bogus-token' ? 'not-a-session-token' : r.user ? tokens[r.user] : undefined;
      const isJson = r.body !== undefined;
      const res = await engine.app.inject({
        method: r.method,
        url: r.url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(isJson ? { 'content-type': 'application/json' } : {}), ...(r.headers ?? {}) },
        ...(isJson ? { payload: JSON.stringify(r.body) ?? 'undefined' } : {}),
      });
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      expect(res.statusCode).toBeLessThan(500);
      if (r.mustRefuse) expect(res.statusCode).toBeGreaterThanOrEqual(400);
      if (res.statusCode >= 400) {
        const body = res.json() as { error?: unknown };
        if (!isClearError(body.error)) throw new Error(`${r.method} ${r.url} → ${res.statusCode} without a coded bilingual error: ${res.body.slice(0, 300)}`);
      }
    }),
    { numRuns: RUNS, seed: process.env.NTM_FUZZ_SEED ? Number(process.env.NTM_FUZZ_SEED) : undefined },
  );
  process.stdout.write(`api responses by status: ${JSON.stringify(Object.fromEntries(byStatus))}\n`);
  expect((await status()).status.seq).toBe(seqBefore);
  expect(await engine.t.db.auditRecord.count({ where: { dossierId: DOSSIER } })).toBe(auditBefore);
  expect(await engine.t.db.dossier.count()).toBe(dossiersBefore);
  const history = await engine.env.client.workflow.getHandle(`dossier:${DOSSIER}`).fetchHistory();
  expect((history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
});

// A path parameter longer than Fastify's default maxParamLength (100, counted encoded) used to be answered
// 414 by Fastify itself with its own body; api/server.ts now raises the limit and sends the coded body.
it("answers an over-long dossier id with the coded bilingual body, not Fastify's own 414", async () => {
  const long = `village.dat-chuan:dien-bien/${'muong-'.repeat(20)}:2027`;
  expect(encodeURIComponent(long).length).toBeGreaterThan(MAX_PARAM);
  const res = await engine.app.inject({
    method: 'GET',
    url: `/api/dossiers/${encodeURIComponent(long)}`,
    headers: { authorization: `Bearer ${tokens['huyen.vpdp']}` },
  });
  expect(res.statusCode).toBeLessThan(500);
  expect(isClearError((res.json() as { error?: unknown }).error)).toBe(true);
});
