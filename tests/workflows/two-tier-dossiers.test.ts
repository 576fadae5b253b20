/**
 * Today's world on the time-skipping server (issue 12's "done means"): the database seeded as `ntm seed`
 * does (Điện Biên's whole unit history, the two-tier 2026/2027 plans), dossiers opened and acted on
 * through the application layer (app/dossiers.ts: planner, authorisation, workflow Update), a real
 * worker, real SQLite, real SMTP.
 *   (a) a 2026-2030 commune dossier of a post-merger commune with its group: commune → province, no
 *       district anywhere, provincial departments (sở) review, one return and resubmission, council,
 *       the chair's decision with its number;
 *   (b) a village dossier recognised by its commune (village → commune, the commune chair decides);
 *   (c) a commune without a group refused a 2026-2030 dossier with its name, nothing written.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { importUnitsFile } from '../../app/imports';
import { DossierService } from '../../app/dossiers';
import { seedReferenceData } from '../../app/seed';
import type { Principal } from '../../domain/access';
import { findDepartment } from '../../domain/departments';
import type { Command, DossierStatus, Role } from '../../domain/dossier';
import { AppError } from '../../domain/errors';
import { dossierWorkflowId } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { tempDir, writeTemp } from '../import/db-helpers';
import { seedStaff } from '../support/people';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';

const PROVINCE = 'dien-bien';
/** Mường Nhé from 1/7/2025: formed from the old Mường Nhé, Nậm Vì and Chung Chải (sourced link). */
const COMMUNE = 'dien-bien/xa-muong-nhe';
/** A post-merger commune no decision has given a group yet. */
const NO_GROUP = 'dien-bien/xa-quai-to';
const VILLAGE_COMMUNE = 'dien-bien/xa-tuan-giao';
const VILLAGE = 'dien-bien/xa-tuan-giao/ban-thu-nghiem';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness | undefined;
let app: DossierService;

const person = (userId: string, role: Exclude<Role, 'system'>, unitCode: string, department?: string): Principal => ({
  userId,
  grants: [{ role, unitCode, ...(department ? { department } : {}) }],
});
const communeOfficial = person('can-bo-muong-nhe', 'commune_official', COMMUNE);
const provinceOffice = person('vpdp-tinh', 'provincial_office', PROVINCE);
const provinceChair = person('chu-tich-tinh', 'provincial_chair', PROVINCE);
const so = (department: string) => person(`so-${department.toLowerCase()}`, 'provincial_specialist', PROVINCE, department);
const villageOfficial = person('can-bo-tuan-giao', 'commune_official', VILLAGE_COMMUNE);
const villageChair = person('chu-tich-xa-tuan-giao', 'commune_chair', VILLAGE_COMMUNE);

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date());
  // The provincial decision on commune groups is an office's data (no source assigns one): group 3.
  await t.db.unit.update({ where: { code: COMMUNE }, data: { communeGroup: 3 } });
  await seedStaff(t.db, [
    { username: 'can-bo-muong-nhe', role: 'commune_official', unitCode: COMMUNE, email: 'ntm@muongnhe.dienbien.gov.vn' },
    { username: 'vpdp-tinh', role: 'provincial_office', unitCode: PROVINCE, email: 'vpdp@dienbien.gov.vn' },
  ]);
}, 180_000);
// Each test has its own time-skipping server (its clock starts at today, so each can live through the
// seeded plan year ahead), its own worker and task queue.
beforeEach(async () => {
  env = await timeSkippingEnv();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await env?.teardown();
});
afterAll(async () => {
  await t?.drop();
});

async function withWorker(): Promise<Harness> {
  const started = await startWorker(env, t);
  h = started;
  app = new DossierService({ db: t.db, temporal: env.client, taskQueue: started.taskQueue, clock: () => new Date() });
  return started;
}

const sleepUntil = async (iso: string) => {
  const target = new Date(iso).getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
};

const act = (p: Principal, dossierId: string, command: Command): Promise<DossierStatus> => app.act(p, dossierId, command);

/** The plan year whose deadlines all lie ahead of the test server's clock (it starts at today): a seeded two-tier plan. */
async function aheadYear(): Promise<number> {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  expect(await t.db.plan.findUnique({ where: { year_unitCode: { year, unitCode: PROVINCE } } })).not.toBeNull();
  return year;
}

it('(a) runs a 2026-2030 commune dossier commune → province: sở review, one return, council, the chair decides', async () => {
  const year = await aheadYear();
  const w = await withWorker();
  await w.worker.runUntil(async () => {
    // The provincial office opens it (the plan year is the province's: no district exists).
    let s = await app.open(provinceOffice, { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: year });
    const id = s.dossierId;
    const { state } = await app.detail(provinceOffice, id);
    expect(state.context.input).toMatchObject({ unitCode: COMMUNE, criteriaSetId: 'commune-ntm-2026-2030', communeGroup: 3, submitterUnitCode: COMMUNE });
    expect(state.context.input.criteria).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(state.context.input.levels.map((l) => [l.level, l.unitCode])).toEqual([['province', PROVINCE]]);
    const reviewers = state.context.input.levels[0]!.reviewers;
    expect(reviewers.length).toBeGreaterThanOrEqual(10);
    expect(reviewers.every((r) => findDepartment(r.department)?.tier === 'province')).toBe(true);

    // The commune assesses itself months later and submits before the plan's 31/08 deadline.
    await sleepUntil(`${year}-08-10T09:00:00+07:00`);
    s = await act(communeOfficial, id, {
      type: 'self_assessment.batch',
      entries: state.context.input.criteria.map((criterion) => ({ criterion, met: true, indicatorValues: {}, evidence: [] })),
    });
    await act(communeOfficial, id, { type: 'consultation.recorded', participants: 430, satisfactionPct: 95.2, evidence: [] });
    s = await act(communeOfficial, id, {
      type: 'commune.submitted',
      documents: [{ number: '31/TTr-UBND', date: `${year}-08-10`, issuer: 'UBND xã Mường Nhé' }],
    });
    expect(s).toMatchObject({ stage: 'review', level: 'province', levelUnitCode: PROVINCE, late: {} });
    expect(s.pendingReviews.length).toBe(reviewers.length);

    // A district department cannot review (there is none in this dossier's path).
    const districtSpecialist = person('cv-tuan-giao', 'district_specialist', 'dien-bien/tuan-giao', 'TN_MT');
    await expect(act(districtSpecialist, id, { type: 'criterion.reviewed', criterion: '8', verdict: 'met', documents: [] })).rejects.toMatchObject({
      code: 'AUTH.OUT_OF_JURISDICTION',
    });

    // Each sở reviews its criteria; environment (8) needs more; the province returns it once.
    await sleepUntil(`${year}-09-15T09:00:00+07:00`);
    for (const slot of s.pendingReviews) {
      const verdict = slot.criterion === '8' ? 'needs_supplement' : 'met';
      s = await act(so(slot.department), id, { type: 'criterion.reviewed', criterion: slot.criterion, verdict, documents: [] });
    }
    s = await act(provinceOffice, id, {
      type: 'level.returned',
      reasons: [{ criterion: '8', reason: 'Thiếu kết quả thu gom, xử lý chất thải rắn' }],
      documents: [],
    });
    expect(s).toMatchObject({ stage: 'returned', lastReturn: { level: 'province', reasons: [{ criterion: '8' }] } });

    await sleepUntil(`${year}-09-25T09:00:00+07:00`);
    s = await act(communeOfficial, id, { type: 'commune.resubmitted', documents: [] });
    const env8 = reviewers.filter((r) => r.criterion === '8');
    expect(s.pendingReviews).toEqual(env8.map((r) => ({ criterion: '8', department: r.department })));
    for (const slot of s.pendingReviews) s = await act(so(slot.department), id, { type: 'criterion.reviewed', criterion: '8', verdict: 'met', documents: [] });
    expect(s.verification).toMatchObject({ eligible: true, metCount: 10, total: 10 });

    s = await act(provinceOffice, id, { type: 'level.approved', documents: [] });
    const members = Array.from({ length: 15 }, (_, i) => ({ id: `hd-${i + 1}`, name: `Thành viên Hội đồng ${i + 1}` }));
    await act(provinceOffice, id, { type: 'council.voted', members, inFavour: 14, against: 0, abstained: 1, documents: [] });
    const decision = { number: '1520/QĐ-UBND', date: `${year}-11-20`, signer: 'Chủ tịch UBND tỉnh Điện Biên', outcome: 'recognised' as const, reasons: [] };
    await act(provinceOffice, id, { type: 'decision.drafted', ...decision });
    // Only the chair decides.
    await expect(act(provinceOffice, id, { type: 'level.decided', ...decision, documents: [] })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN_ROLE' });
    await sleepUntil(`${year}-11-20T15:00:00+07:00`);
    s = await act(provinceChair, id, { type: 'level.decided', ...decision, documents: [] });
    expect(s).toMatchObject({ stage: 'recognised', decision: { level: 'province', number: '1520/QĐ-UBND', outcome: 'recognised' } });
    await env.client.workflow.getHandle(dossierWorkflowId(id)).terminate('test done');

    // The projection and the audit trail, in order: no district stage anywhere.
    const row = await t.db.dossier.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ unitCode: COMMUNE, stage: 'recognised', level: 'province', decisionNumber: '1520/QĐ-UBND', late: false });
    const trail = await t.db.auditRecord.findMany({ where: { dossierId: id }, orderBy: { seq: 'asc' } });
    expect(trail.some((r) => r.actorUnit?.startsWith('dien-bien/tuan-giao') || /district/.test(r.actorRole))).toBe(false);
    const collapsed = trail.map((r) => r.action).filter((a, i, all) => a !== all[i - 1]);
    expect(collapsed).toEqual([
      'dossier.started',
      'self_assessment.batch',
      'consultation.recorded',
      'commune.submitted',
      'criterion.reviewed',
      'level.returned',
      'commune.resubmitted',
      'criterion.reviewed',
      'criteria.verified',
      'level.approved',
      'council.voted',
      'decision.drafted',
      'level.decided',
    ]);
    const reviews = trail.filter((r) => r.action === 'criterion.reviewed');
    expect(reviews).toHaveLength(reviewers.length + env8.length);
    expect(reviews.every((r) => r.actorRole === 'provincial_specialist' && r.actorUnit === PROVINCE)).toBe(true);
    expect(trail.find((r) => r.action === 'level.decided')).toMatchObject({ actorId: 'chu-tich-tinh', actorRole: 'provincial_chair', actorUnit: PROVINCE });
    const timeline = await t.db.timelineEntry.findMany({ where: { dossierId: id }, orderBy: { seq: 'asc' } });
    expect(timeline.some((e) => e.actorRole.startsWith('district_'))).toBe(false);
  });
});

it('(b) recognises a village by its commune: village → commune, the commune chair decides', async () => {
  const year = await aheadYear();
  // The village is imported as an office would: a unit list with validity and source.
  const file = writeTemp(
    tempDir(),
    'thon-ban.csv',
    [
      'level,code,name,parent,validFrom,validTo,predecessors,source',
      `village,${VILLAGE},Bản Thử Nghiệm,${VILLAGE_COMMUNE},2025-07-01,,,Danh sách thôn bản mẫu cho kiểm thử`,
    ].join('\n'),
  );
  expect(await importUnitsFile({ db: t.db }, { path: file })).toMatchObject({ status: 'imported', created: 1 });

  const w = await withWorker();
  await w.worker.runUntil(async () => {
    // The commune itself opens it: it is the dossier's one level.
    let s = await app.open(villageOfficial, { unitCode: VILLAGE, title: 'village.dat-chuan', planYear: year });
    const id = s.dossierId;
    const { state } = await app.detail(villageOfficial, id);
    expect(state.context.input.levels).toEqual([{ level: 'commune', unitCode: VILLAGE_COMMUNE, reviewers: [], council: true, decides: true }]);
    expect(state.context.input.submitterUnitCode).toBe(VILLAGE_COMMUNE);

    await sleepUntil(`${year}-10-15T09:00:00+07:00`);
    await act(villageOfficial, id, {
      type: 'self_assessment.batch',
      entries: state.context.input.criteria.map((criterion) => ({ criterion, met: true, indicatorValues: {}, evidence: [] })),
    });
    await act(villageOfficial, id, { type: 'consultation.recorded', participants: 86, satisfactionPct: 98, evidence: [] });
    s = await act(villageOfficial, id, { type: 'commune.submitted', documents: [] });
    expect(s).toMatchObject({ stage: 'review', level: 'commune', levelUnitCode: VILLAGE_COMMUNE, pendingReviews: [], verification: { eligible: true } });

    await sleepUntil(`${year}-11-10T09:00:00+07:00`);
    await act(villageOfficial, id, { type: 'level.approved', documents: [] });
    const members = [1, 2, 3, 4, 5].map((i) => ({ id: `hdx-${i}`, name: `Thành viên ${i}` }));
    await act(villageOfficial, id, { type: 'council.voted', members, inFavour: 5, against: 0, abstained: 0, documents: [] });
    const decision = { number: '45/QĐ-UBND', date: `${year}-11-25`, signer: 'Chủ tịch UBND xã Tuần Giáo', outcome: 'recognised' as const, reasons: [] };
    await act(villageOfficial, id, { type: 'decision.drafted', ...decision });
    // A provincial chair has no say over a village in the two-tier world.
    await expect(act(provinceChair, id, { type: 'level.decided', ...decision, documents: [] })).rejects.toMatchObject({ code: 'AUTH.OUT_OF_JURISDICTION' });
    s = await act(villageChair, id, { type: 'level.decided', ...decision, documents: [] });
    expect(s).toMatchObject({ stage: 'recognised', decision: { level: 'commune', number: '45/QĐ-UBND' } });
    await env.client.workflow.getHandle(dossierWorkflowId(id)).terminate('test done');

    expect(await t.db.dossier.findUniqueOrThrow({ where: { id } })).toMatchObject({
      unitCode: VILLAGE,
      stage: 'recognised',
      level: 'commune',
      decisionNumber: '45/QĐ-UBND',
    });
    const trail = await t.db.auditRecord.findMany({ where: { dossierId: id }, orderBy: { seq: 'asc' } });
    expect(trail.every((r) => r.actorRole === 'system' || r.actorUnit === VILLAGE_COMMUNE)).toBe(true);
    expect(trail.find((r) => r.action === 'level.decided')).toMatchObject({ actorId: 'chu-tich-xa-tuan-giao', actorRole: 'commune_chair' });
  });
});

it('(c) refuses a 2026-2030 dossier for a commune without a group, naming it, writing nothing', async () => {
  const year = await aheadYear();
  const before = { dossiers: await t.db.dossier.count(), audit: await t.db.auditRecord.count() };
  // No worker: the refusal comes before anything is started.
  app = new DossierService({ db: t.db, temporal: env.client, taskQueue: 'no-worker', clock: () => new Date() });
  let error: unknown;
  try {
    await app.open(provinceOffice, { unitCode: NO_GROUP, title: 'commune.dat-chuan', planYear: year });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: 'CRITERIA.COMMUNE_GROUP_REQUIRED', path: 'communeGroup' });
  expect((error as AppError).messageVi).toContain('Quài Tở');
  expect((error as AppError).messageEn).toContain('Quài Tở');
  await expect(env.client.workflow.getHandle(dossierWorkflowId(`commune.dat-chuan:${NO_GROUP}:${year}`)).describe()).rejects.toThrow(/not found/i);
  expect({ dossiers: await t.db.dossier.count(), audit: await t.db.auditRecord.count() }).toEqual(before);
});
