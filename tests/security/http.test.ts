/**
 * The HTTP edge's protections, on a real database (SQLite and PostgreSQL), without Temporal: the dossier
 * action itself is replaced by a recorder (the Idempotency-Key logic in front of it and the key table are
 * real; tests/faults/duplicate-actions.test.ts runs the same keys through the real workflow).
 * - Idempotency-Key: same request → the same action id downstream; another request → 422 coded bilingual;
 *   a refused action releases its key; store-level lifetime.
 * - Security headers and the CSP (helmet); rate limits (per caller, stricter on sign-in) with the coded body;
 *   sign-in throttling per client address over HTTP; password change over HTTP ends the old sessions.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createApplication } from '../../app';
import { createUser, type ChangeContext } from '../../app/accounts';
import { buildApi } from '../../api/server';
import { AppError, type DomainError } from '../../domain/errors';
import { claimIdempotencyKey, purgeExpiredIdempotencyKeys } from '../../store/idempotency';
import { loadConfig, securityOptions } from '../../infra/config';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';

const PASSWORD = 'mat-khau-http-2026-dai';
const by: ChangeContext = { actor: { id: 'u-admin', role: 'admin', unitCode: 'dien-bien' }, at: new Date() };
const SUBMIT = { type: 'commune.submitted', documents: [] };
const REVIEW = { type: 'criterion.reviewed', criterion: '1', verdict: 'met', documents: [] };
type ErrorBody = { error: DomainError };

const isCodedBilingual = (b: ErrorBody) =>
  typeof b.error?.code === 'string' && b.error.messageVi.length > 0 && b.error.messageEn.length > 0 && b.error.messageVi !== b.error.messageEn;

describe.each(PROVIDERS)('HTTP protections on %s', (provider) => {
  const now = new Date();
  let t: TestDatabase;
  let api: FastifyInstance;
  const calls: { dossierId: string; type: string; requestId?: string }[] = [];
  let refuseNext = false;
  let token = '';
  const stubStatus = (dossierId: string) => ({
    dossierId,
    unitCode: 'dien-bien/tuan-giao/quai-cang',
    title: 'commune.dat-chuan',
    planYear: 2026,
    criteriaSetId: 'commune-ntm-2021-2025',
    stage: 'district_review',
    stageLabel: { vi: 'Huyện thẩm tra', en: 'District review' },
    level: 'district',
    levelUnitCode: 'dien-bien/tuan-giao',
    final: false,
    awaiting: [],
    pendingReviews: [],
    selfAssessed: 19,
    criteriaCount: 19,
    late: {},
    clock: { level: 'district', suspensions: [] },
    seq: calls.length,
  });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    for (const username of ['nguoi.thu', 'nguoi.khac', 'doi.mat.khau']) {
      const u = await createUser(t.db, { username, displayName: username, password: PASSWORD }, by);
      if (!u.ok) throw new Error(u.error.messageEn);
    }
    // The application's clock stands still: a sign-in delay is over only when the test moves the clock,
    // never because a loaded machine took longer than the delay between two attempts (which made the
    // throttle test below fail under load: the 5th wrong password came after the 1 s delay and got a 401).
    const application = createApplication({ db: t.db, temporal: {} as Client, taskQueue: 'none', ttlHours: 8, clock: () => now });
    application.dossiers.act = async (_p, dossierId, command, requestId) => {
      if (refuseNext) {
        refuseNext = false;
        throw new AppError({ code: 'DOSSIER.INVALID_TRANSITION', messageVi: 'Không được', messageEn: 'Not allowed' });
      }
      calls.push({ dossierId, type: command.type, requestId });
      return stubStatus(dossierId) as never;
    };
    api = await buildApi(application, { logger: !!process.env.DEBUG_API, rateLimit: { perMinute: 40, signInPerMinute: 12 } });
    token = await signIn('nguoi.thu');
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  async function signIn(username: string, password = PASSWORD, remoteAddress = '127.0.0.1'): Promise<string> {
    const r = await api.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress });
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
    return (r.json() as { token: string }).token;
  }
  const act = (dossier: string, body: unknown, key?: string, who = token) =>
    api.inject({
      method: 'POST',
      url: `/api/dossiers/${encodeURIComponent(dossier)}/actions`,
      headers: { authorization: `Bearer ${who}`, ...(key ? { 'idempotency-key': key } : {}) },
      payload: body as object,
      remoteAddress: '10.1.1.1',
    });

  it('answers the same request under one Idempotency-Key as one action, and another request under it with 422', async () => {
    const a = await act('d-1', SUBMIT, 'bam-nut-0001');
    const b = await act('d-1', SUBMIT, 'bam-nut-0001');
    if (a.statusCode !== 200) throw new Error(a.body);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(calls[0]!.requestId).toBeDefined();
    expect(calls[1]!.requestId).toBe(calls[0]!.requestId); // Temporal deduplicates the Update by this id

    const other = await act('d-1', REVIEW, 'bam-nut-0001');
    expect(other.statusCode).toBe(422);
    const e = other.json() as ErrorBody;
    expect(e.error).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', path: 'headers.idempotency-key' });
    expect(isCodedBilingual(e)).toBe(true);
    const otherDossier = await act('d-2', SUBMIT, 'bam-nut-0001');
    expect(otherDossier.statusCode).toBe(422);
    expect(calls).toHaveLength(2);
  });

  it("keeps one person's key apart from another's: the same key is a different action id per user", async () => {
    const other = await signIn('nguoi.khac');
    const r = await act('d-1', REVIEW, 'bam-nut-0001', other);
    expect(r.statusCode).toBe(200);
    expect(calls.at(-1)!.requestId).not.toBe(calls[0]!.requestId);
  });

  it('releases the key of a refused action, so the corrected request may use it', async () => {
    refuseNext = true;
    const refused = await act('d-3', SUBMIT, 'bam-nut-0002');
    expect(refused.statusCode).toBe(409);
    const corrected = await act('d-3', REVIEW, 'bam-nut-0002');
    expect(corrected.statusCode).toBe(200);
  });

  it('forgets a key after its lifetime (store): then it counts as new', async () => {
    const t0 = new Date('2026-03-02T00:00:00Z');
    const first = await claimIdempotencyKey(t.db, 'u-x', 'k-lifetime', { a: 1 }, t0, 24);
    expect(first.outcome).toBe('new');
    expect((await claimIdempotencyKey(t.db, 'u-x', 'k-lifetime', { a: 1 }, new Date(t0.getTime() + 3_600_000), 24)).outcome).toBe('replay');
    await expect(claimIdempotencyKey(t.db, 'u-x', 'k-lifetime', { a: 2 }, new Date(t0.getTime() + 3_600_000), 24)).rejects.toMatchObject({
      code: 'IDEMPOTENCY.KEY_REUSED',
      kind: 'unprocessable',
    });
    const later = new Date(t0.getTime() + 25 * 3_600_000);
    expect((await claimIdempotencyKey(t.db, 'u-x', 'k-lifetime', { a: 2 }, later, 24)).outcome).toBe('new');
    // Parallel first uses of one key with two requests: one wins, the other is refused.
    const both = await Promise.allSettled([
      claimIdempotencyKey(t.db, 'u-y', 'k-race', { a: 1 }, t0, 24),
      claimIdempotencyKey(t.db, 'u-y', 'k-race', { a: 2 }, t0, 24),
    ]);
    expect(both.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await purgeExpiredIdempotencyKeys(t.db, new Date(t0.getTime() + 100 * 3_600_000))).toBe(2); // k-lifetime and k-race (the HTTP keys above expire later)
  });

  it('sends security headers and a CSP without inline script or style on the API and the web UI', async () => {
    for (const url of ['/api/health', '/ui/sign-in']) {
      const r = await api.inject({ method: 'GET', url, remoteAddress: '10.2.2.2' });
      expect(r.statusCode).toBe(200);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['referrer-policy']).toBe('same-origin');
    }
    const page = await api.inject({ method: 'GET', url: '/ui/sign-in', remoteAddress: '10.2.2.2' });
    expect(page.body).not.toMatch(/<style|<script>|\son[a-z]+="/);
  });

  it('limits sign-in requests per client address with the coded bilingual body (429, Retry-After)', async () => {
    const ip = '10.3.3.3';
    const codes: number[] = [];
    let last: ErrorBody | undefined;
    for (let i = 0; i < 14; i++) {
      const r = await api.inject({ method: 'POST', url: '/api/session', payload: { username: 'nguoi.thu', password: PASSWORD }, remoteAddress: ip });
      codes.push(r.statusCode);
      if (r.statusCode === 429) {
        last = r.json() as ErrorBody;
        expect(r.headers['retry-after']).toBeDefined();
      }
    }
    expect(codes.slice(0, 12).every((c) => c === 200)).toBe(true);
    expect(codes.slice(12)).toEqual([429, 429]);
    expect(last?.error.code).toBe('HTTP.RATE_LIMITED');
    expect(isCodedBilingual(last!)).toBe(true);
    // Another address is not affected.
    expect(
      (await api.inject({ method: 'POST', url: '/api/session', payload: { username: 'nguoi.thu', password: PASSWORD }, remoteAddress: '10.3.3.4' })).statusCode,
    ).toBe(200);
  });

  it('limits requests per signed-in caller with the coded body', async () => {
    const mine = await signIn('nguoi.khac', PASSWORD, '10.4.4.4');
    let status = 0;
    let body: ErrorBody | undefined;
    for (let i = 0; i < 45 && status !== 429; i++) {
      const r = await api.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${mine}` }, remoteAddress: '10.4.4.4' });
      status = r.statusCode;
      if (status === 429) body = r.json() as ErrorBody;
    }
    expect(status).toBe(429);
    expect(body?.error.code).toBe('HTTP.RATE_LIMITED');
    expect(isCodedBilingual(body!)).toBe(true);
  });

  it('throttles wrong passwords from one address over HTTP: 401s, then 429 AUTH.THROTTLED even for the right password', async () => {
    const ip = '10.5.5.5';
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await api.inject({ method: 'POST', url: '/api/session', payload: { username: 'nguoi.thu', password: `sai-${i}-mat-khau` }, remoteAddress: ip });
      codes.push(`${r.statusCode} ${(r.json() as ErrorBody).error.code}`);
    }
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('401 AUTH.INVALID_CREDENTIALS'));
    expect(codes.slice(4)).toEqual(Array(4).fill('429 AUTH.THROTTLED'));
    const right = await api.inject({ method: 'POST', url: '/api/session', payload: { username: 'nguoi.thu', password: PASSWORD }, remoteAddress: ip });
    expect(right.statusCode).toBe(429);
    expect(isCodedBilingual(right.json() as ErrorBody)).toBe(true);
    // The delay it answers is the policy's after the 4th failure (3 free, then 1 s: DEFAULT_THROTTLE), as
    // recorded, not as measured.
    expect((right.json() as ErrorBody).error.details).toEqual({ retryAfterSeconds: 1 });
  });

  it('changes a password over HTTP: the old sessions end, the answer carries a new one', async () => {
    const old1 = await signIn('doi.mat.khau', PASSWORD, '10.6.6.6');
    const old2 = await signIn('doi.mat.khau', PASSWORD, '10.6.6.7');
    const r = await api.inject({
      method: 'PUT',
      url: '/api/session/password',
      headers: { authorization: `Bearer ${old1}` },
      payload: { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-qua-http' },
      remoteAddress: '10.6.6.6',
    });
    expect(r.statusCode).toBe(200);
    const fresh = (r.json() as { token: string; sessionsRevoked: number }).token;
    expect((r.json() as { sessionsRevoked: number }).sessionsRevoked).toBe(2);
    for (const old of [old1, old2]) {
      expect(
        (await api.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${old}` }, remoteAddress: '10.6.6.8' })).statusCode,
      ).toBe(401);
    }
    expect(
      (await api.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${fresh}` }, remoteAddress: '10.6.6.8' })).statusCode,
    ).toBe(200);
  });
});

it('reads the security settings from the environment (infra/config.ts), validated', () => {
  const o = securityOptions(loadConfig({ SIGNIN_LOCKOUT_FAILURES: '5', TRUST_PROXY: '1', RATE_LIMIT_PER_MINUTE: '100' }));
  expect(o).toMatchObject({
    throttle: { lockoutFailures: 5, freeFailures: 3 },
    rateLimit: { perMinute: 100, signInPerMinute: 30 },
    trustProxy: 1,
    idempotencyTtlHours: 24,
  });
  expect(() => loadConfig({ SIGNIN_LOCKOUT_FAILURES: '0' })).toThrow(/SIGNIN_LOCKOUT_FAILURES/);
});
