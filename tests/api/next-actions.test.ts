/**
 * GET /api/me/next (issue 14) on the whole engine: each person's "what I must do next" — the commune's
 * self-assessment due on the 2027 plan's 31/08 with the plan as basis, nothing for offices and departments
 * before it is submitted; after submission each provincial department its own criteria on the 45-working-day
 * review clock; 401 without a session.
 */
import { localDate, vietnamHolidayCalendar, workingDaysBetween, localDateOf } from '../../domain/calendar';
import { PASSWORD, startEngine, type RunningApp } from '../support/app';
import { eventually } from '../support/eventually';
import { bothWorldsPeople, giveCommuneGroup, soName, TWO_TIER_COMMUNE, TWO_TIER_OFFICIAL } from '../support/two-tier';

jest.setTimeout(240_000);

let engine: RunningApp;
const tokens: Record<string, string> = {};
const YEAR = 2027;
const DOSSIER = `commune.dat-chuan:${TWO_TIER_COMMUNE}:${YEAR}`;

type Item = {
  dossierId: string;
  unitName: string;
  action: string;
  actionVi: string;
  department?: string;
  criteria?: string[];
  due?: string;
  dueVi?: string;
  countdown: string;
  workingDays?: number;
  countdownVi: string;
  basis?: { kind: string; vi: string };
};

beforeAll(async () => {
  engine = await startEngine({ people: bothWorldsPeople() });
  await giveCommuneGroup(engine.t.db);
  for (const u of [TWO_TIER_OFFICIAL, 'tinh.vpdp', 'tinh.chutich', soName('SO_NN_MT'), soName('SO_XD')]) {
    const r = await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: u, password: PASSWORD } });
    tokens[u] = (r.json() as { token: string }).token;
  }
});
afterAll(async () => {
  await engine?.close();
});

async function call(user: string | undefined, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const r = await engine.app.inject({ method, url, payload: payload as never, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
  return { status: r.statusCode, body: r.json() as { today: string; items: Item[]; error?: { code: string } } };
}
const next = async (user: string) => {
  const r = await call(user, 'GET', '/api/me/next');
  expect(r.status).toBe(200);
  return r.body.items.filter((i) => i.dossierId === DOSSIER);
};

it('refuses without a session (401)', async () => {
  const r = await call(undefined, 'GET', '/api/me/next');
  expect(r.status).toBe(401);
  expect(r.body.error?.code).toMatch(/^AUTH\./);
});

it('lists what each person must do next, with due dates in working days and their basis', async () => {
  const opened = await call('tinh.vpdp', 'POST', '/api/dossiers', { unitCode: TWO_TIER_COMMUNE, title: 'commune.dat-chuan', planYear: YEAR });
  expect(opened.status).toBe(201);

  // The projection is written by the worker: wait for the dossier to be listed.
  const [mine, ...more] = await eventually(
    () => next(TWO_TIER_OFFICIAL),
    (items) => items.length > 0,
  );
  expect(more).toEqual([]);
  const today = localDateOf(Date.now());
  expect(mine).toMatchObject({
    unitName: 'Tuần Giáo',
    action: 'commune.submitted',
    actionVi: 'Tự đánh giá và trình hồ sơ',
    due: '2027-08-31',
    dueVi: '31/08/2027',
    countdown: 'ahead',
    workingDays: workingDaysBetween(today, localDate('2027-08-31'), vietnamHolidayCalendar),
  });
  expect(mine!.countdownVi).toBe(`còn ${mine!.workingDays} ngày làm việc`);
  expect(mine!.basis?.kind).toBe('plan');
  expect(mine!.basis?.vi).toContain('Kế hoạch năm 2027 mẫu');
  expect(mine!.basis?.vi).toContain('hạn 31/08/2027');
  for (const u of ['tinh.vpdp', 'tinh.chutich', soName('SO_XD')]) expect(await next(u)).toEqual([]);

  // The commune assesses every criterion, records the consultation and submits.
  const detail = await engine.app.inject({
    method: 'GET',
    url: `/api/dossiers/${encodeURIComponent(DOSSIER)}`,
    headers: { authorization: `Bearer ${tokens[TWO_TIER_OFFICIAL]}` },
  });
  const criteria = (detail.json() as { state: { context: { input: { criteria: string[] } } } }).state.context.input.criteria;
  const act = (payload: unknown) => call(TWO_TIER_OFFICIAL, 'POST', `/api/dossiers/${encodeURIComponent(DOSSIER)}/actions`, payload);
  expect((await act({ type: 'self_assessment.batch', entries: criteria.map((criterion) => ({ criterion, met: true })) })).status).toBe(200);
  expect((await act({ type: 'consultation.recorded', participants: 400, satisfactionPct: 95 })).status).toBe(200);
  expect((await act({ type: 'commune.submitted' })).status).toBe(200);

  const [review] = await eventually(
    () => next(soName('SO_XD')),
    (items) => items.length > 0,
  );
  expect(await next(TWO_TIER_OFFICIAL)).toEqual([]);
  expect(review).toMatchObject({ action: 'criterion.reviewed', actionVi: 'Thẩm định các tiêu chí của Sở Xây dựng', department: 'SO_XD', countdown: 'ahead' });
  expect(review!.criteria!.length).toBeGreaterThan(0);
  // The review clock (45 working days from today's receipt) comes before the plan's 15/12/2027.
  expect(review!.basis?.kind).toBe('review-limit');
  expect(review!.basis?.vi).toContain('Thời hạn 45 ngày làm việc kể từ ngày nhận hồ sơ');
  expect(review!.workingDays).toBe(45);
  const [other] = await next(soName('SO_NN_MT'));
  expect(other!.criteria).not.toEqual(review!.criteria);
});
