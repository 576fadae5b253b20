/**
 * Duplicate and concurrent human actions through the real HTTP API (Temporal dev server, worker, SQLite,
 * real accounts): a double-click with the same request id is one action; a double-click with two ids,
 * and two people doing the same thing at once, give exactly one effect and one clear refusal.
 */
import { createUser, grantRole } from '../../app/accounts';
import { COMMUNE, PASSWORD, specialistName, startEngine, type RunningApp } from '../support/app';
import { selfAssessmentCommands } from '../../scripts/bench/pipeline';
import { dossierFor } from '../support/plans';

jest.setTimeout(180_000);

let engine: RunningApp;
const tokens: Record<string, string> = {};
const YEAR = 2025;
const DOSSIER = `commune.dat-chuan:${COMMUNE}:${YEAR}`;
const enc = encodeURIComponent(DOSSIER);

type Body = {
  seq?: number;
  stage?: string;
  pendingReviews?: { criterion: string; department: string }[];
  error?: { code: string; messageVi: string; messageEn: string };
};

async function call(
  user: string,
  method: 'GET' | 'POST',
  path: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Body }> {
  const r = await fetch(`${engine.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[user]}`, ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
    body: payload ? JSON.stringify(payload) : undefined,
  });
  return { status: r.status, body: (await r.json()) as Body };
}

const act = (user: string, command: unknown, key?: string) =>
  call(user, 'POST', `/api/dossiers/${enc}/actions`, command, key ? { 'idempotency-key': key } : {});

async function auditActions(): Promise<string[]> {
  const rows = await engine.t.db.auditRecord.findMany({ where: { dossierId: DOSSIER }, orderBy: { seq: 'asc' } });
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  engine = await startEngine();
  for (const u of ['xa.quai-cang', 'huyen.vpdp', specialistName('TN_MT')]) {
    const r = await fetch(`${engine.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: u, password: PASSWORD }),
    });
    tokens[u] = ((await r.json()) as { token: string }).token;
  }
  // A second district office account: two people who may both approve.
  const by = { actor: { id: 'system', role: 'system' as const, unitCode: 'dien-bien' }, at: new Date() };
  const u = await createUser(engine.t.db, { username: 'huyen.vpdp2', displayName: 'Phó VPĐP huyện', password: PASSWORD }, by);
  if (!u.ok) throw new Error(u.error.messageEn);
  await grantRole(engine.t.db, { userId: u.value.id, role: 'district_office', unitCode: 'dien-bien/tuan-giao' }, by);
  const r = await fetch(`${engine.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'huyen.vpdp2', password: PASSWORD }),
  });
  tokens['huyen.vpdp2'] = ((await r.json()) as { token: string }).token;

  const opened = await call('huyen.vpdp', 'POST', '/api/dossiers', { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: YEAR });
  expect(opened.status).toBe(201);
  for (const c of selfAssessmentCommands(dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025', YEAR))) {
    expect((await act('xa.quai-cang', c)).status).toBe(200);
  }
});

afterAll(async () => {
  await engine?.close();
});

it('takes one of two submits double-clicked with different request ids; the other is refused clearly', async () => {
  const submit = { type: 'commune.submitted', documents: [] };
  const [a, b] = await Promise.all([act('xa.quai-cang', submit, 'submit-click-0001'), act('xa.quai-cang', submit, 'submit-click-0002')]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const refused = a.status === 409 ? a : b;
  expect(refused.body.error?.code).toBe('DOSSIER.INVALID_TRANSITION');
  expect(refused.body.error?.messageVi.length).toBeGreaterThan(0);
  expect(refused.body.error?.messageEn).toMatch(/commune\.submitted/);
  expect((await auditActions()).filter((x) => x === 'commune.submitted')).toHaveLength(1);
});

it('takes a double-clicked review with the same request id once: both answers are the same status, one audit row', async () => {
  const status = (await call('huyen.vpdp', 'GET', `/api/dossiers/${enc}`)).body as unknown as {
    status: { pendingReviews: { criterion: string; department: string }[]; seq: number };
  };
  const slot = status.status.pendingReviews.find((p) => p.department === 'TN_MT')!;
  const review = { type: 'criterion.reviewed', criterion: slot.criterion, verdict: 'met', documents: [] };
  const [a, b] = await Promise.all([act(specialistName('TN_MT'), review, 'review-click-0001'), act(specialistName('TN_MT'), review, 'review-click-0001')]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(a.body.seq).toBe(b.body.seq);
  expect(a.body.seq).toBe(status.status.seq + 1);
  // A third click with the same id, later: still the same answer, nothing new.
  const c = await act(specialistName('TN_MT'), review, 'review-click-0001');
  expect(c.status).toBe(200);
  expect(c.body.seq).toBe(a.body.seq);
  // The same review under a new id is a second action: refused, the criterion is already reviewed.
  const d = await act(specialistName('TN_MT'), review, 'review-click-0002');
  expect(d.status).toBe(409);
  expect(d.body.error?.code).toMatch(/^DOSSIER\./);
  const reviewed = await engine.t.db.auditRecord.count({ where: { dossierId: DOSSIER, action: 'criterion.reviewed', criterion: slot.criterion } });
  expect(reviewed).toBe(1);
});

it('lets exactly one of two district officers approve at once; the other is told why', async () => {
  // Resolve every remaining review as the departments would.
  for (let i = 0; i < 50; i++) {
    const s = (await call('huyen.vpdp', 'GET', `/api/dossiers/${enc}`)).body as unknown as {
      status: { pendingReviews: { criterion: string; department: string }[] };
    };
    const slot = s.status.pendingReviews[0];
    if (!slot) break;
    const who = specialistName(slot.department);
    if (!tokens[who]) {
      const r = await fetch(`${engine.baseUrl}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who, password: PASSWORD }),
      });
      tokens[who] = ((await r.json()) as { token: string }).token;
    }
    expect((await act(who, { type: 'criterion.reviewed', criterion: slot.criterion, verdict: 'met', documents: [] })).status).toBe(200);
  }
  const approve = { type: 'level.approved', documents: [] };
  const [a, b] = await Promise.all([act('huyen.vpdp', approve, 'approve-anh-0001'), act('huyen.vpdp2', approve, 'approve-chi-0001')]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const refused = a.status === 409 ? a : b;
  expect(refused.body.error?.code).toBe('DOSSIER.INVALID_TRANSITION');
  expect(refused.body.error?.messageVi).toMatch(/level\.approved/);
  expect((await auditActions()).filter((x) => x === 'level.approved')).toHaveLength(1);
  // Each accepted event has exactly one audit row, and the event ids are unique.
  const rows = await engine.t.db.auditRecord.findMany({ where: { dossierId: DOSSIER } });
  expect(new Set(rows.map((r) => r.eventId)).size).toBe(rows.length);
  const timeline = await engine.t.db.timelineEntry.count({ where: { dossierId: DOSSIER } });
  expect(timeline).toBe(rows.length - 1);
});
