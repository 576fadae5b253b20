/**
 * Village and OCOP dossiers on the time-skipping server, on the seeded 2021 plan's deadlines (20/9 for
 * village dossiers, 30/8 for OCOP products, seed 000) moved to 2027.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dienBienPlan2021Input, loadPlanYear, type PlanYear } from '../../domain/calendar';
import { getCriteriaSet } from '../../domain/criteria';
import { dossierDeadlines, planDossier, type Actor, type Command, type DossierInput, type DossierStatus } from '../../domain/dossier';
import { DIEN_BIEN_UNITS, findUnit, getPipelineConfig } from '../../domain/units';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';

const YEAR = 2027;
const DISTRICT = 'dien-bien/tuan-giao';
const PROVINCE = 'dien-bien';

function plan2021Moved(year = YEAR): PlanYear {
  const text = JSON.stringify(dienBienPlan2021Input)
    .replace(/2021-/g, `${year}-`)
    .replace(/"year":2021/g, `"year":${year}`);
  const r = loadPlanYear(JSON.parse(text));
  if (!r.ok) throw new Error(`${r.error.messageEn} at ${r.error.path}`);
  return r.value;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { messageEn: string } }): T {
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'can-bo-quai-cang', role: 'commune_official', unitCode: `${DISTRICT}/quai-cang`, email: 'quaicang@tuangiao.dienbien.gov.vn' },
    { username: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT, email: 'vpdp@tuangiao.dienbien.gov.vn' },
  ]);
});

// runUntil shuts its worker down at the end: each test gets its own.
beforeEach(async () => {
  h = await startWorker(env, t);
});
afterEach(async () => {
  await h?.close();
});

afterAll(async () => {
  await env?.teardown();
  await t?.drop();
});

const act = (id: string, actor: Actor, command: Command): Promise<DossierStatus> =>
  env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });

async function sleepUntil(iso: string): Promise<void> {
  const target = new Date(iso).getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

const remindersTo = (email: string, dossierId: string) =>
  h.smtp.messages
    .filter((m) => m.to.includes(email) && m.headers['x-ntm-reminder-key']?.startsWith(dossierId))
    .map((m) => m.headers['x-ntm-reminder-key']!.split('/').slice(-2).join('/'));

it('recognises a village at the district after reminders against the 20/9 deadline', async () => {
  const plan = plan2021Moved();
  // Seed 004 names the villages recognised by 2020; the first one and its commune and district serve here.
  const village = DIEN_BIEN_UNITS.find((u) => u.level === 'village');
  expect(village).toBeDefined();
  const communeCode = village!.parentCode!;
  const districtCode = findUnit(DIEN_BIEN_UNITS, communeCode)!.parentCode!;
  for (const u of [findUnit(DIEN_BIEN_UNITS, districtCode)!, findUnit(DIEN_BIEN_UNITS, communeCode)!, village!]) {
    await t.db.unit.upsert({ where: { code: u.code }, create: { code: u.code, level: u.level, name: u.name, parentCode: u.parentCode }, update: {} });
  }
  const communeEmail = 'xa-co-ban@dienbien.gov.vn';
  await seedStaff(t.db, [{ username: 'can-bo-xa-co-ban', role: 'commune_official', unitCode: communeCode, email: communeEmail }]);
  const dossier: DossierInput = must(
    planDossier({
      unit: village!,
      units: DIEN_BIEN_UNITS,
      title: 'village.dat-chuan',
      planYear: YEAR,
      set: must(getCriteriaSet('village-dien-bien-2022')),
      pipeline: must(getPipelineConfig('three-tier')),
    }),
  );
  expect(dossier.levels.map((l) => [l.level, l.council, l.decides])).toEqual([['district', true, true]]);
  const deadlines = dossierDeadlines(plan, 'village.dat-chuan');
  expect(deadlines.map((d) => d.due)).toContain(`${YEAR}-09-20`);
  const id = dossierWorkflowId(dossier.dossierId);
  const commune: Actor = { id: 'can-bo-xa', role: 'commune_official', unitCode: communeCode };
  const office: Actor = { id: 'vpdp-huyen', role: 'district_office', unitCode: districtCode };
  const chair: Actor = { id: 'chu-tich-huyen', role: 'district_chair', unitCode: districtCode };

  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: id,
      args: [{ dossier, deadlines, maintenance: DEFAULT_MAINTENANCE }],
    });
    await sleepUntil(`${YEAR}-09-19T12:00:00+07:00`);
    expect(remindersTo(communeEmail, dossier.dossierId)).toEqual([
      'village-dossier/before-14',
      'village-dossier/before-7',
      'village-dossier/before-3',
      'village-dossier/before-1',
    ]);
    for (const c of dossier.criteria) await act(id, commune, { type: 'self_assessment.recorded', criterion: c, met: true, indicatorValues: {}, evidence: [] });
    await act(id, commune, { type: 'consultation.recorded', participants: 84, satisfactionPct: 92, evidence: [] });
    let s = await act(id, commune, { type: 'commune.submitted', documents: [] });
    expect(s).toMatchObject({ stage: 'review', level: 'district', late: {} });
    // Submitted on time: no reminder on the due day, none after.
    await sleepUntil(`${YEAR}-10-15T00:00:00+07:00`);
    expect(remindersTo(communeEmail, dossier.dossierId)).toHaveLength(4);
    expect(s.verification?.eligible).toBe(true);
    s = await act(id, office, { type: 'level.approved', documents: [] });
    await act(id, office, {
      type: 'council.voted',
      members: [1, 2, 3, 4, 5].map((i) => ({ id: `m${i}`, name: `Thành viên ${i}` })),
      inFavour: 5,
      against: 0,
      abstained: 0,
      documents: [],
    });
    await act(id, office, {
      type: 'decision.drafted',
      number: '512/QĐ-UBND',
      date: `${YEAR}-10-20`,
      signer: 'Chủ tịch UBND huyện Tuần Giáo',
      outcome: 'recognised',
      reasons: [],
    });
    s = await act(id, chair, {
      type: 'level.decided',
      number: '512/QĐ-UBND',
      date: `${YEAR}-10-20`,
      signer: 'Chủ tịch UBND huyện Tuần Giáo',
      outcome: 'recognised',
      reasons: [],
      documents: [],
    });
    expect(s).toMatchObject({ stage: 'recognised', decision: { level: 'district', number: '512/QĐ-UBND' } });
    await act(id, office, { type: 'maintenance.assessed', flagged: true, reasons: ['Không duy trì'], documents: [] });
    await act(id, chair, {
      type: 'recognition.revoked',
      number: '9/QĐ-UBND',
      date: `${YEAR + 1}-01-10`,
      signer: 'Chủ tịch UBND huyện',
      reasons: ['Không duy trì tiêu chí'],
      documents: [],
    });
    expect((await handle.result()).stage).toBe('revoked');
  });
});

it('takes an OCOP product late against the 30/8 deadline through the district council to a 4-star decision at the province', async () => {
  // The test server's clock only moves forward (and skips freely while a test waits for a result):
  // this product is for the year after the server's current one, so every reminder lies ahead.
  const OCOP_YEAR = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const plan = plan2021Moved(OCOP_YEAR);
  const unit = findUnit(DIEN_BIEN_UNITS, `${DISTRICT}/quai-cang`)!;
  const dossier = must(
    planDossier({
      unit,
      units: DIEN_BIEN_UNITS,
      title: 'ocop.sao',
      planYear: OCOP_YEAR,
      set: must(getCriteriaSet('ocop-2021')),
      pipeline: must(getPipelineConfig('three-tier')),
      product: { code: 'che-shan-tuyet', name: 'Chè Shan tuyết Quài Cang' },
    }),
  );
  expect(dossier.dossierId).toBe(`ocop.sao:${DISTRICT}/quai-cang:${OCOP_YEAR}:che-shan-tuyet`);
  expect(dossier.levels.map((l) => [l.level, l.council, l.decides])).toEqual([
    ['district', true, false],
    ['province', true, true],
  ]);
  const deadlines = dossierDeadlines(plan, 'ocop.sao');
  expect(deadlines.map((d) => d.due)).toEqual([`${OCOP_YEAR}-08-30`]);
  const id = dossierWorkflowId(dossier.dossierId);
  const commune: Actor = { id: 'can-bo-quai-cang', role: 'commune_official', unitCode: `${DISTRICT}/quai-cang` };
  const district: Actor = { id: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT };
  const province: Actor = { id: 'vpdp-dien-bien', role: 'provincial_office', unitCode: PROVINCE };
  const chair: Actor = { id: 'chu-tich-tinh', role: 'provincial_chair', unitCode: PROVINCE };
  const members = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `hd${i}`, name: `Thành viên ${i + 1}` }));

  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: id,
      args: [{ dossier, deadlines, maintenance: DEFAULT_MAINTENANCE }],
    });
    await sleepUntil(`${OCOP_YEAR}-09-03T09:00:00+07:00`);
    const sent = remindersTo('quaicang@tuangiao.dienbien.gov.vn', dossier.dossierId);
    expect(sent).toEqual(expect.arrayContaining(['ocop-dossier/due', 'ocop-dossier/overdue-3']));
    const scores: Record<string, number> = { A: 22, B: 34, C: 19 };
    for (const c of dossier.criteria) {
      await act(id, commune, { type: 'self_assessment.recorded', criterion: c, met: true, indicatorValues: { [c]: scores[c] ?? 0 }, evidence: [] });
    }
    let s = await act(id, commune, { type: 'commune.submitted', documents: [] });
    expect(s.late).toEqual({ 'ocop.submit': `${OCOP_YEAR}-08-30` });
    expect(s.verification?.eligible).toBe(true);
    await act(id, district, { type: 'level.approved', documents: [] });
    await act(id, district, { type: 'council.voted', members: members(9), inFavour: 9, against: 0, abstained: 0, documents: [] });
    s = await act(id, district, { type: 'level.forwarded', documents: [] });
    expect(s).toMatchObject({ stage: 'review', level: 'province' });
    await act(id, province, { type: 'level.approved', documents: [] });
    await act(id, province, { type: 'council.voted', members: members(11), inFavour: 10, against: 1, abstained: 0, documents: [] });
    await act(id, province, {
      type: 'decision.drafted',
      number: '1020/QĐ-UBND',
      date: `${OCOP_YEAR}-10-05`,
      signer: 'Chủ tịch UBND tỉnh',
      outcome: 'recognised',
      reasons: [],
      stars: 4,
    });
    s = await act(id, chair, {
      type: 'level.decided',
      number: '1020/QĐ-UBND',
      date: `${OCOP_YEAR}-10-05`,
      signer: 'Chủ tịch UBND tỉnh',
      outcome: 'recognised',
      reasons: [],
      stars: 4,
      documents: [],
    });
    expect(s.decision).toMatchObject({ stars: 4, outcome: 'recognised' });
    await handle.terminate('test finished');
  });
});
