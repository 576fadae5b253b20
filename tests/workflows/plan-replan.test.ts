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

/** Reminder rows of the commune-dossier deadline, per dossier: key suffix → how many rows (inbox + email). */
async function reminderKeys(dossierId: string): Promise<Record<string, number>> {
  const rows = await t.db.notification.findMany({ where: { dossierId, idempotencyKey: { startsWith: `${dossierId}/commune-dossier` } } });
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

    // The district extends the commune dossier deadline to 30/09, with its reason.
    const extended = structuredClone(current.plan);
    extended.deadlines[0]!.due = `${year}-09-30` as never;
    const saved = await editing.save(office, created.id, {
      plan: extended,
      version: current.version,
      reasonVi: 'Gia hạn theo Công văn số 123/UBND-NN của UBND tỉnh',
    });
    expect(saved.replanned.map((l) => l.outcome)).toEqual(['replanned', 'replanned', 'replanned']);
    // Two offices had the same version open: the second save is refused and changes nothing.
    await expect(editing.save(office, created.id, { plan: past, version: current.version, reasonVi: 'bản cũ' })).rejects.toMatchObject({
      code: 'PLAN.STALE',
      path: 'version',
    });
    expect((await editing.get(office, created.id)).plan.deadlines[0]!.due).toBe(`${year}-09-30`);
    // plan.changed + one deadline.changed per dossier.
    expect(await t.db.auditRecord.count()).toBe(auditBefore + 4);

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
      const expired = await t.db.auditRecord.findMany({ where: { dossierId: d.id, action: 'deadline.expired' } });
      expect(expired.map((e) => JSON.parse(e.after!).deadline)).toEqual([`${year}-09-30`]);
    }
  });

  // The mail sink: each dossier reminder key reached each commune once (the campaign's own notices aside).
  const keys = h.smtp.messages
    .map((m) => `${m.headers['x-ntm-reminder-key']} ${m.to.join(',')}`)
    .filter((k) => k.startsWith('commune.') && k.includes('/commune-dossier'));
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.filter((k) => k.includes('@r1/')).length).toBe(3 * 5);
  expect(keys.filter((k) => !k.includes('@r1/')).length).toBe(3);
  const chain = await verifyAuditChain(t.db);
  expect(chain.ok).toBe(true);
  const planAudit = await t.db.auditRecord.findMany({ where: { action: { in: ['plan.created', 'plan.changed'] } }, orderBy: { seq: 'asc' } });
  expect(planAudit.map((a) => [a.action, a.actorId])).toEqual([
    ['plan.created', 'vpdp'],
    ['plan.changed', 'vpdp'],
  ]);
});
