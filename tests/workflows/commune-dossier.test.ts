/**
 * A whole commune dossier on the time-skipping server: real dates a year ahead (the seeded Tuần Giáo
 * plan moved to 2027), real SQLite, real SMTP. Months pass in the test without waiting for them.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { dossierDeadlines, type Actor, type Command, type DossierStatus } from '../../domain/dossier';
import { instantAt, localDate } from '../../domain/calendar';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, statusQuery, type DossierWorkflowInput } from '../../workflows/definitions';
import { whoApprovedWhat } from '../../app/audit';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { dossierFor, shiftedPlan } from '../support/plans';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const DISTRICT = 'dien-bien/tuan-giao';
const PROVINCE = 'dien-bien';

const commune: Actor = { id: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE };
const districtOffice: Actor = { id: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT };
const provinceOffice: Actor = { id: 'vpdp-dien-bien', role: 'provincial_office', unitCode: PROVINCE };
const provinceChair: Actor = { id: 'chu-tich-tinh', role: 'provincial_chair', unitCode: PROVINCE };
const specialist = (department: string): Actor => ({ id: `cv-${department.toLowerCase()}`, role: 'district_specialist', unitCode: DISTRICT, department });

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE, email: 'quaicang@tuangiao.dienbien.gov.vn' },
    { username: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT, email: 'vpdp@tuangiao.dienbien.gov.vn' },
    { username: 'vpdp-dien-bien', role: 'provincial_office', unitCode: PROVINCE, email: 'vpdp@dienbien.gov.vn' },
  ]);
  h = await startWorker(env, t);
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
  await t?.drop();
});

async function act(id: string, actor: Actor, command: Command): Promise<DossierStatus> {
  return env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });
}

async function refusal(id: string, actor: Actor, command: Command): Promise<string> {
  try {
    await act(id, actor, command);
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) return (e.cause as { type?: string }).type ?? 'no-type';
    throw e;
  }
  throw new Error(`${command.type} was accepted`);
}

const sleepUntil = async (iso: string) => {
  const target = new Date(iso).getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
};

it('runs a commune dossier from self-assessment to recognition across the plan year, reminding, escalating and accepting a late submission', async () => {
  const plan = shiftedPlan();
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025');
  const input: DossierWorkflowInput = { dossier, deadlines: dossierDeadlines(plan, 'commune.dat-chuan'), maintenance: DEFAULT_MAINTENANCE };
  const id = dossierWorkflowId(dossier.dossierId);

  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: id, args: [input] });

    // A second start for the same unit, title and year is refused by Temporal itself.
    await expect(env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: id, args: [input] })).rejects.toThrow(/already started/i);

    // Nobody acts: the plan's reminders reach the commune official, then the escalation reaches the district.
    await sleepUntil('2027-09-06T00:00:00+07:00');
    const toCommune = h.smtp.messages.filter((m) => m.to.includes('quaicang@tuangiao.dienbien.gov.vn'));
    const sentAt = (key: string) => toCommune.find((m) => m.headers['x-ntm-reminder-key']?.endsWith(`/commune-dossier/${key}`));
    expect(sentAt('before-14')?.text).toContain('Gửi lúc 17/08/2027 08:00');
    expect(sentAt('before-7')?.text).toContain('Gửi lúc 24/08/2027 08:00');
    expect(sentAt('before-1')?.text).toContain('Gửi lúc 30/08/2027 08:00');
    expect(sentAt('due')?.text).toContain('Gửi lúc 31/08/2027 08:00');
    expect(sentAt('overdue-3')?.text).toContain('Gửi lúc 03/09/2027 08:00');
    const escalation = h.smtp.messages.filter((m) => m.headers['x-ntm-kind'] === 'escalation');
    expect(escalation.map((m) => m.to[0]).sort()).toEqual(['quaicang@tuangiao.dienbien.gov.vn', 'vpdp@tuangiao.dienbien.gov.vn']);
    expect(escalation[0]!.text).toContain('Gửi lúc 05/09/2027 08:00');
    const keys = h.smtp.messages.map((m) => `${m.headers['x-ntm-reminder-key']}|${m.to[0]}`);
    expect(new Set(keys).size).toBe(keys.length);

    let status = await handle.query(statusQuery);
    expect(status.late).toEqual({ 'commune.submit': '2027-08-31' });
    expect(status.stage).toBe('self_assessment');

    // A malformed command is refused by the Update's validator, naming the field; nothing changes.
    const seqBefore = (await handle.query(statusQuery)).seq;
    expect(await refusal(id, commune, { type: 'self_assessment.recorded', criterion: '3', met: 'có' } as unknown as Command)).toBe('INPUT.INVALID');
    expect((await handle.query(statusQuery)).seq).toBe(seqBefore);

    // Submitting before every criterion is assessed is refused with the machine's reason.
    expect(await refusal(id, commune, { type: 'commune.submitted', documents: [] })).toBe('DOSSIER.SELF_ASSESSMENT_INCOMPLETE');

    // Late, but accepted and marked late.
    for (const c of dossier.criteria) {
      await act(id, commune, {
        type: 'self_assessment.recorded',
        criterion: c,
        met: true,
        indicatorValues: {},
        evidence: [],
        comment: `Tự đánh giá tiêu chí ${c}`,
      });
    }
    await act(id, commune, { type: 'consultation.recorded', participants: 512, satisfactionPct: 96.4, evidence: [] });
    status = await act(id, commune, { type: 'commune.submitted', documents: [{ number: '45/TTr-UBND', date: '2027-09-06', issuer: 'UBND xã Quài Cang' }] });
    expect(status).toMatchObject({ stage: 'review', level: 'district', late: { 'commune.submit': '2027-08-31' } });

    // The workflow checks role and jurisdiction itself: a department cannot review a criterion it does
    // not own; another commune cannot touch this dossier; a district office cannot decide.
    expect(await refusal(id, specialist('KT_HT'), { type: 'criterion.reviewed', criterion: '17', verdict: 'met', documents: [] })).toBe(
      'AUTH.NOT_CRITERION_OWNER',
    );
    const neighbour: Actor = { id: 'can-bo-quai-nua', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-nua' };
    expect(await refusal(id, neighbour, { type: 'self_assessment.recorded', criterion: '1', met: false, indicatorValues: {}, evidence: [] })).toBe(
      'AUTH.OUT_OF_JURISDICTION',
    );
    expect(
      await refusal(id, districtOffice, { type: 'recognition.revoked', number: '1/QĐ', date: '2027-09-07', signer: 'x', reasons: ['x'], documents: [] }),
    ).toBe('AUTH.FORBIDDEN_ROLE');

    // Each department reviews its criteria; environment (17) needs more.
    await sleepUntil('2027-09-20T09:00:00+07:00');
    for (const slot of status.pendingReviews) {
      const verdict = slot.criterion === '17' ? 'needs_supplement' : 'met';
      status = await act(id, specialist(slot.department), { type: 'criterion.reviewed', criterion: slot.criterion, verdict, documents: [] });
    }
    status = await act(id, districtOffice, {
      type: 'level.returned',
      reasons: [{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }],
      documents: [],
    });
    expect(status).toMatchObject({ stage: 'returned', lastReturn: { reasons: [{ criterion: '17' }] } });

    await sleepUntil('2027-10-01T09:00:00+07:00');
    status = await act(id, commune, { type: 'commune.resubmitted', documents: [] });
    expect(status.pendingReviews).toEqual([{ criterion: '17', department: 'TN_MT' }]);
    expect(status.clock.suspensions).toHaveLength(1);
    status = await act(id, specialist('TN_MT'), { type: 'criterion.reviewed', criterion: '17', verdict: 'met', documents: [] });
    // All reviews resolved: the verify activity recomputed the criteria and fed the result back.
    expect(status.verification).toMatchObject({ eligible: true, metCount: 19, total: 19 });

    status = await act(id, districtOffice, { type: 'level.approved', documents: [] });
    status = await act(id, districtOffice, {
      type: 'level.forwarded',
      documents: [{ number: '210/TTr-UBND', date: '2027-10-20', issuer: 'UBND huyện Tuần Giáo' }],
    });
    expect(status).toMatchObject({ stage: 'review', level: 'province', verification: { eligible: true } });

    status = await act(id, provinceOffice, { type: 'level.approved', documents: [] });
    const members = Array.from({ length: 25 }, (_, i) => ({ id: `hd-${i + 1}`, name: `Thành viên ${i + 1}` }));
    await act(id, provinceOffice, { type: 'council.voted', members, inFavour: 25, against: 0, abstained: 0, documents: [] });
    await act(id, provinceOffice, {
      type: 'decision.drafted',
      number: '1358/QĐ-UBND',
      date: '2027-11-29',
      signer: 'Chủ tịch UBND tỉnh Điện Biên',
      outcome: 'recognised',
      reasons: [],
    });
    status = await act(id, provinceChair, {
      type: 'level.decided',
      number: '1358/QĐ-UBND',
      date: '2027-11-29',
      signer: 'Chủ tịch UBND tỉnh Điện Biên',
      outcome: 'recognised',
      reasons: [],
      documents: [],
    });
    expect(status).toMatchObject({ stage: 'recognised', decision: { number: '1358/QĐ-UBND', outcome: 'recognised' } });

    // Maintenance: flagged below standard, then revoked; the workflow ends.
    await act(id, provinceOffice, { type: 'maintenance.assessed', flagged: true, reasons: ['Tiêu chí 10 (thu nhập) không đạt'], documents: [] });
    await act(id, provinceChair, {
      type: 'recognition.revoked',
      number: '77/QĐ-UBND',
      date: '2029-03-01',
      signer: 'Chủ tịch UBND tỉnh Điện Biên',
      reasons: ['Không duy trì tiêu chí thu nhập, môi trường'],
      documents: [],
    });
    const final = await handle.result();
    expect(final).toMatchObject({ stage: 'revoked', final: true });
  });

  // The projection and the audit trail agree with what happened, in order, once each.
  const row = await t.db.dossier.findUniqueOrThrow({ where: { id: dossier.dossierId } });
  expect(row).toMatchObject({ stage: 'revoked', late: true, decisionNumber: '1358/QĐ-UBND' });
  const trail = await t.db.auditRecord.findMany({ where: { dossierId: dossier.dossierId }, orderBy: { seq: 'asc' } });
  const actions = trail.map((r) => r.action);
  expect(actions[0]).toBe('dossier.started');
  expect(actions).toContain('deadline.expired');
  expect(actions.filter((a) => a === 'level.returned')).toHaveLength(1);
  expect(actions.slice(-3)).toEqual(['level.decided', 'maintenance.assessed', 'recognition.revoked']);
  expect(trail.find((r) => r.action === 'level.decided')).toMatchObject({ actorId: 'chu-tich-tinh', actorRole: 'provincial_chair' });
  expect(new Set(trail.map((r) => r.eventId)).size).toBe(trail.length);
  const timeline = await t.db.timelineEntry.count({ where: { dossierId: dossier.dossierId } });
  expect(timeline).toBe(trail.length - 1);

  // Who approved what, in order: every reviewer of every criterion, the offices, the council, the chair.
  const who = await whoApprovedWhat(t.db, dossier.dossierId);
  const sequence = who.map((l) => `${l.action}:${l.actorId}`);
  const firstDistrictApproval = sequence.indexOf('level.approved:vpdp-tuan-giao');
  const reviews = sequence.slice(0, firstDistrictApproval);
  expect(reviews.every((x) => x.startsWith('criterion.reviewed:cv-'))).toBe(true);
  expect(new Set(reviews.map((x) => x.split(':')[1])).size).toBeGreaterThan(5);
  expect(sequence.slice(firstDistrictApproval)).toEqual([
    'level.approved:vpdp-tuan-giao',
    'level.forwarded:vpdp-tuan-giao',
    'level.approved:vpdp-dien-bien',
    'council.voted:vpdp-dien-bien',
    'decision.drafted:vpdp-dien-bien',
    'level.decided:chu-tich-tinh',
    'recognition.revoked:chu-tich-tinh',
  ]);
  const env17 = who.filter((l) => l.criterion === '17');
  expect(env17.map((l) => [l.actorId, l.outcome])).toEqual([
    ['cv-tn_mt', expect.stringContaining('needs_supplement')],
    ['cv-tn_mt', expect.stringContaining('met')],
  ]);
  expect(who.find((l) => l.action === 'level.decided')?.decisionNumber).toBe('1358/QĐ-UBND');
});
