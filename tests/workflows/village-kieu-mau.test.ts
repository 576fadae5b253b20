/**
 * A model village (thôn kiểu mẫu) on the time-skipping server: the title requires the village to hold
 * đạt chuẩn already. The planner puts the held titles into the dossier input and the verify activity
 * passes them on, so the dossier becomes eligible and is recognised end to end; without them it stays
 * ineligible and the district cannot approve it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { getCriteriaSet } from '../../domain/criteria';
import { planDossier, type Actor, type Command, type DossierInput, type DossierStatus } from '../../domain/dossier';
import type { TitleId } from '../../domain/titles';
import { DIEN_BIEN_UNITS, findUnit, getPipelineConfig } from '../../domain/units';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedUnits } from '../support/people';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');
const village = DIEN_BIEN_UNITS.find((u) => u.level === 'village')!;
const communeCode = village.parentCode!;
const districtCode = findUnit(DIEN_BIEN_UNITS, communeCode)!.parentCode!;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;
const recorded: { name: string; history: temporal.api.history.v1.IHistory }[] = [];

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
});
beforeEach(async () => {
  h = await startWorker(env, t);
});
afterEach(async () => {
  await h?.close();
});
afterAll(async () => {
  if (process.env.NTM_RECORD_HISTORIES === '1') {
    mkdirSync(HISTORIES, { recursive: true });
    for (const r of recorded) writeFileSync(join(HISTORIES, `${r.name}.json`), historyToJSON(r.history as never));
  }
  await env?.teardown();
  await t?.drop();
});

function kieuMauDossier(year: number, heldTitles?: TitleId[]): DossierInput {
  const set = getCriteriaSet('village-kieu-mau-dien-bien-2022');
  const pipeline = getPipelineConfig('three-tier');
  if (!set.ok || !pipeline.ok) throw new Error('reference data');
  const r = planDossier({
    unit: village,
    units: DIEN_BIEN_UNITS,
    title: 'village.kieu-mau',
    planYear: year,
    set: set.value,
    pipeline: pipeline.value,
    ...(heldTitles ? { heldTitles } : {}),
  });
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

const commune: Actor = { id: 'can-bo-xa', role: 'commune_official', unitCode: communeCode };
const office: Actor = { id: 'vpdp-huyen', role: 'district_office', unitCode: districtCode };
const chair: Actor = { id: 'chu-tich-huyen', role: 'district_chair', unitCode: districtCode };
const act = (id: string, actor: Actor, command: Command): Promise<DossierStatus> =>
  env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });

async function submit(id: string, dossier: DossierInput): Promise<DossierStatus> {
  for (const c of dossier.criteria) await act(id, commune, { type: 'self_assessment.recorded', criterion: c, met: true, indicatorValues: {}, evidence: [] });
  await act(id, commune, { type: 'consultation.recorded', participants: 120, satisfactionPct: 97, evidence: [] });
  return act(id, commune, { type: 'commune.submitted', documents: [] });
}

it('recognises a model village end to end when it already holds đạt chuẩn', async () => {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const dossier = kieuMauDossier(year, ['village.dat-chuan']);
  expect(dossier.heldTitles).toEqual(['village.dat-chuan']);
  const id = dossierWorkflowId(dossier.dossierId);
  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: id,
      args: [{ dossier, deadlines: [], maintenance: DEFAULT_MAINTENANCE }],
    });
    let s = await submit(id, dossier);
    expect(s).toMatchObject({ stage: 'review', level: 'district', verification: { eligible: true } });
    s = await act(id, office, { type: 'level.approved', documents: [] });
    await act(id, office, {
      type: 'council.voted',
      members: [1, 2, 3].map((i) => ({ id: `m${i}`, name: `Thành viên ${i}` })),
      inFavour: 3,
      against: 0,
      abstained: 0,
      documents: [],
    });
    await act(id, office, {
      type: 'decision.drafted',
      number: '88/QĐ-UBND',
      date: `${year}-10-20`,
      signer: 'Chủ tịch UBND huyện',
      outcome: 'recognised',
      reasons: [],
    });
    s = await act(id, chair, {
      type: 'level.decided',
      number: '88/QĐ-UBND',
      date: `${year}-10-20`,
      signer: 'Chủ tịch UBND huyện',
      outcome: 'recognised',
      reasons: [],
      documents: [],
    });
    expect(s).toMatchObject({ stage: 'recognised', decision: { level: 'district', number: '88/QĐ-UBND' } });
    recorded.push({ name: 'village-kieu-mau-recognised', history: await handle.fetchHistory() });
    await handle.terminate('test done');
  });
  expect(await t.db.dossier.findUniqueOrThrow({ where: { id: dossier.dossierId } })).toMatchObject({ stage: 'recognised', decisionNumber: '88/QĐ-UBND' });
});

it('keeps a model village ineligible when it does not hold đạt chuẩn: the district cannot approve it', async () => {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 2;
  const dossier = kieuMauDossier(year);
  const id = dossierWorkflowId(dossier.dossierId);
  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: id,
      args: [{ dossier, deadlines: [], maintenance: DEFAULT_MAINTENANCE }],
    });
    const s = await submit(id, dossier);
    expect(s).toMatchObject({ stage: 'review', verification: { eligible: false } });
    const refused = await act(id, office, { type: 'level.approved', documents: [] }).then(
      () => 'accepted',
      (e: unknown) => (e instanceof WorkflowUpdateFailedError ? ((e.cause as { type?: string } | undefined)?.type ?? 'unknown') : String(e)),
    );
    expect(refused).toBe('DOSSIER.NOT_ELIGIBLE');
    await handle.terminate('test done');
  });
});
