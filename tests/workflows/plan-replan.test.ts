/**
 * Issue 14 on the time-skipping server: a deadline extended mid-campaign reaches every running dossier of
 * the plan. The plan is created and changed through the application layer (app/plan-editing.ts), the
 * campaign started from it; the reminders already sent stay sent, the old ones still ahead are never
 * sent, the new dates' reminders are sent once each, the deadline expires on the new date, and each
 * dossier's timeline and the audit chain say what moved, why and who moved it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Principal } from '../../domain/access';
import { planEditing, type PlanEditing } from '../../app/plan-editing';
import { verifyAuditChain } from '../../store/audit-chain';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { eventually } from '../support/eventually';
import { seedStaff } from '../support/people';
import { importTestCommuneGroups, TWO_TIER_COMMUNES, twoTierPlan } from '../support/plans';
import { DIEN_BIEN_UNIT_HISTORY } from '../../domain/units';
import { writeUnits } from '../../store/units';
import { sleepUntil as sleepTo, startWorker, timeSkippingEnv, type Harness } from '../support/temporal';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;
let editing: PlanEditing;
let nowMs = 0;

const PROVINCE = 'dien-bien';
const office: Principal = { userId: 'vpdp', grants: [{ role: 'provincial_office', unitCode: PROVINCE }] };

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  // Điện Biên's units in time (the seed's), the two-tier province plan of next year: its post-merger
  // communes get their group (2026-2030 criteria) through the real group import.
  await t.db.$transaction(async (tx) => writeUnits(tx, DIEN_BIEN_UNIT_HISTORY, 'insert-missing'), { timeout: 120_000, maxWait: 30_000 });
  await importTestCommuneGroups(t.db);
  await seedStaff(t.db, [
    ...TWO_TIER_COMMUNES.map((c) => ({ username: c.split('/')[1]!, role: 'commune_official', unitCode: c, email: `${c.split('/')[1]}@example.vn` })),
    { username: 'vpdp', role: 'provincial_office', unitCode: PROVINCE, email: 'vpdp@example.vn' },
  ]);
  h = await startWorker(env, t);
  nowMs = await env.currentTimeMs();
  editing = planEditing({ db: t.db, provider: t.provider, temporal: env.client, taskQueue: h.taskQueue, clock: () => new Date(nowMs) });
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
  await t?.drop();
});

async function sleepUntil(iso: string): Promise<void> {
  nowMs = await sleepTo(env, iso);
}

/** Reminder rows of a deadline, per dossier: key suffix → how many rows (inbox + email). */
async function reminderKeys(dossierId: string, deadlineId = 'commune-dossier'): Promise<Record<string, number>> {
  const rows = await t.db.notification.findMany({ where: { dossierId, idempotencyKey: { startsWith: `${dossierId}/${deadlineId}` } } });
  const out: Record<string, number> = {};
  for (const r of rows) {
    const key = r.idempotencyKey
      .slice(dossierId.length + 1)
      .split('/')
      .slice(0, 2)
      .join('/');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

it('extends the commune deadline mid-campaign: every running dossier moves its reminders to the new dates, none is sent twice, the timeline and audit say why and who', async () => {
  const year = new Date(nowMs).getUTCFullYear() + 1;
  const created = await editing.create(office, twoTierPlan(year), 'Kế hoạch năm theo Công văn 002');
  const started = await editing.startCampaign(office, created.id);
  expect(started).toMatchObject({ started: true, registrations: 3 });

  await h.worker.runUntil(async () => {
    // 20/08: the "14 days before 31/08" reminder (17/08) has gone out to each commune.
    await sleepUntil(`${year}-08-20T12:00:00+07:00`);
    const dossiers = await t.db.dossier.findMany({ where: { planYear: year }, orderBy: { unitCode: 'asc' } });
    expect(dossiers).toHaveLength(3);
    for (const d of dossiers) expect(await reminderKeys(d.id)).toEqual({ 'commune-dossier/before-14': 2 });

    // Refused, nothing written: a running stage moved to a day already over; a stale version.
    const current = await editing.get(office, created.id);
    const past = structuredClone(current.plan);
    past.deadlines[0]!.due = `${year}-08-19` as never;
    await expect(editing.save(office, created.id, { plan: past, version: current.version, reasonVi: 'thử' })).rejects.toMatchObject({
      code: 'PLAN.DEADLINE_IN_PAST',
      path: 'deadlines.0.due',
      messageVi: expect.stringContaining('19/08/'),
    });
    const auditBefore = await t.db.auditRecord.count();

    // The province extends the commune dossier deadline to 30/09 and adds a deadline the campaign did not
    // have (a draft by 10/09), with its reason.
    const extended = structuredClone(current.plan);
    extended.deadlines[0]!.due = `${year}-09-30` as never;
    extended.deadlines.push({
      id: 'commune-draft',
      stage: 'commune.submit',
      titles: ['commune.dat-chuan'],
      descriptionVi: 'Xã gửi dự thảo báo cáo tự đánh giá',
      due: `${year}-09-10`,
      sourceNote: 'Công văn số 123/UBND-NN (giả định cho kiểm thử)',
    } as never);
    const saved = await editing.save(office, created.id, {
      plan: extended,
      version: current.version,
      reasonVi: 'Gia hạn theo Công văn số 123/UBND-NN của UBND tỉnh',
    });
    // The request hands the change to its workflow (durable), which delivers it to every dossier and the campaign.
    expect(saved.replanned.map((l) => l.outcome)).toEqual(['applying', 'applying', 'applying']);
    expect(saved.change?.workflowId).toBe(`plan-change:${created.id}@${(await editing.get(office, created.id)).version}`);
    const carried = await eventually(
      () => editing.changeStatus(office, created.id, saved.change!.changeId),
      (st) => st.state === 'applied',
      600,
    );
    expect(carried).toMatchObject({ state: 'applied', total: 3, closed: [], campaign: 'delivered' });
    expect(carried.delivered.sort()).toEqual(dossiers.map((d) => d.id).sort());
    // Two offices had the same version open: the second save is refused and changes nothing.
    await expect(editing.save(office, created.id, { plan: past, version: current.version, reasonVi: 'bản cũ' })).rejects.toMatchObject({
      code: 'PLAN.STALE',
      path: 'version',
    });
    expect((await editing.get(office, created.id)).plan.deadlines[0]!.due).toBe(`${year}-09-30`);
    // plan.changed + one deadline.changed per dossier (each applied when its signal is handled).
    expect(
      await eventually(
        () => t.db.auditRecord.count(),
        (n) => n >= auditBefore + 4,
        600,
      ),
    ).toBe(auditBefore + 4);

    // 02/10: nobody submitted; the new schedule ran (16/09 … 30/09), the old one (24/08 … 05/09) did not.
    await sleepUntil(`${year}-10-02T12:00:00+07:00`);
    for (const d of dossiers) {
      expect(await reminderKeys(d.id)).toEqual({
        'commune-dossier/before-14': 2,
        'commune-dossier@r1/before-14': 2,
        'commune-dossier@r1/before-7': 2,
        'commune-dossier@r1/before-3': 2,
        'commune-dossier@r1/before-1': 2,
        'commune-dossier@r1/due': 2,
      });
      const timeline = await t.db.timelineEntry.findMany({ where: { dossierId: d.id }, orderBy: { seq: 'asc' } });
      const change = timeline.find((e) => e.type === 'deadline.changed');
      expect(change).toMatchObject({ actorId: 'vpdp', actorRole: 'provincial_office' });
      expect(change!.comment).toContain('Gia hạn theo Công văn số 123/UBND-NN');
      expect(change!.comment).toContain(`31/08/${year} → 30/09/${year}`);
      expect(change!.comment).toContain(`thêm hạn: Xã gửi dự thảo báo cáo tự đánh giá (hạn 10/09/${year})`);
      // The added deadline is watched too: its reminders (once each) and its expiry on 10/09.
      // (10/09 + overdue every 3 days to 01/10; the escalation on day 5 also reaches the province office.)
      const overdue = Object.fromEntries([3, 6, 9, 12, 15, 18, 21].map((n) => [`commune-draft/overdue-${n}`, 2]));
      expect(await reminderKeys(d.id, 'commune-draft')).toEqual({
        'commune-draft/before-14': 2,
        'commune-draft/before-7': 2,
        'commune-draft/before-3': 2,
        'commune-draft/before-1': 2,
        'commune-draft/due': 2,
        'commune-draft/escalation-5': 4,
        ...overdue,
      });
      const expired = await t.db.auditRecord.findMany({ where: { dossierId: d.id, action: 'deadline.expired' }, orderBy: { seq: 'asc' } });
      expect(expired.map((e) => JSON.parse(e.after!).deadline)).toEqual([`${year}-09-10`, `${year}-09-30`]);
    }
  });

  // The mail sink: each dossier reminder key reached each commune once (the campaign's own notices aside).
  const all = h.smtp.messages.filter((m) => m.headers['x-ntm-reminder-key']).map((m) => `${m.headers['x-ntm-reminder-key']} ${m.to.join(',')}`);
  expect(new Set(all).size).toBe(all.length);
  const keys = all.filter((k) => k.startsWith('commune.') && k.includes('/commune-dossier'));
  expect(keys.filter((k) => k.includes('@r1/')).length).toBe(3 * 5);
  expect(keys.filter((k) => !k.includes('@r1/')).length).toBe(3);
  // The campaign followed the change: its "not started" reminders moved to the new dates (keyed @r1, the
  // one sent before the change stays the only old one), the added deadline got its own, and the deadline
  // summaries were made on the new dates.
  const campaignKeys = (await t.db.notification.findMany({ where: { idempotencyKey: { startsWith: `${created.id}/` } } })).map((n) =>
    n.idempotencyKey
      .slice(created.id.length + 1)
      .split('/')
      .slice(0, 3)
      .join('/'),
  );
  const distinct = [...new Set(campaignKeys)].sort();
  expect(distinct).toEqual(
    expect.arrayContaining([
      'commune-dossier/not-started/before-14',
      'commune-dossier@r1/not-started/before-14',
      'commune-dossier@r1/not-started/before-1',
      'commune-draft/not-started/before-14',
      'commune-draft/not-started/before-1',
    ]),
  );
  expect(distinct.filter((k) => k.startsWith('commune-dossier/not-started/'))).toEqual(['commune-dossier/not-started/before-14']);
  const summaries = await t.db.deadlineSummary.findMany({ where: { planId: created.id }, orderBy: { due: 'asc' } });
  expect(summaries.map((x) => [x.deadlineId, x.due, JSON.parse(x.missing).length])).toEqual([
    ['commune-draft', `${year}-09-10`, 3],
    ['commune-dossier', `${year}-09-30`, 3],
  ]);
  const chain = await verifyAuditChain(t.db);
  expect(chain.ok).toBe(true);
  const planAudit = await t.db.auditRecord.findMany({ where: { action: { in: ['plan.created', 'plan.changed'] } }, orderBy: { seq: 'asc' } });
  expect(planAudit.map((a) => [a.action, a.actorId])).toEqual([
    ['plan.created', 'vpdp'],
    ['plan.changed', 'vpdp'],
  ]);
});
