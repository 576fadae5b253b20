/**
 * The campaign of a plan year on the time-skipping server: it opens the registered communes' dossiers,
 * reminds the ones that have not begun, and at the deadline tells the district office who was on time,
 * late, or missing.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dossierDeadlines, type Actor, type Command } from '../../domain/dossier';
import {
  actUpdate,
  campaignStatusQuery,
  campaignWorkflowId,
  DEFAULT_MAINTENANCE,
  dossierWorkflowId,
  type CampaignWorkflowInput,
} from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { dossierFor, shiftedPlan } from '../support/plans';
import { selfAssessAndSubmit } from '../support/pipeline';
import { sleepUntil as sleepTo, startWorker, timeSkippingEnv } from '../support/temporal';

let env: TestWorkflowEnvironment;
let t: TestDatabase;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'quai-cang', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang', email: 'quaicang@example.vn' },
    { username: 'quai-nua', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-nua', email: 'quainua@example.vn' },
    { username: 'chieng-sinh', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/chieng-sinh', email: 'chiengsinh@example.vn' },
    { username: 'vpdp', role: 'district_office', unitCode: 'dien-bien/tuan-giao', email: 'vpdp@example.vn' },
  ]);
});
afterAll(async () => {
  await env?.teardown();
  await t?.drop();
});

async function sleepUntil(iso: string): Promise<void> {
  await sleepTo(env, iso);
}

it('opens every registered dossier, reminds only the units that have not begun, and at the deadline reports who was on time and who is missing', async () => {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const plan = shiftedPlan(year);
  const registrations = plan.registrations.map((r) => {
    const dossier = dossierFor(r.unitCode, r.title, 'commune-ntm-2021-2025', year);
    return { unitCode: r.unitCode, title: r.title, dossier, deadlines: dossierDeadlines(plan, r.title) };
  });
  expect(registrations.map((r) => r.unitCode)).toEqual(['dien-bien/tuan-giao/quai-cang', 'dien-bien/tuan-giao/quai-nua', 'dien-bien/tuan-giao/chieng-sinh']);
  const input: CampaignWorkflowInput = { planId: `${year}:dien-bien/tuan-giao`, plan, registrations, maintenance: DEFAULT_MAINTENANCE };
  const h = await startWorker(env, t);
  const act = (dossierId: string) => (actor: Actor, command: Command) =>
    env.client.workflow.getHandle(dossierWorkflowId(dossierId)).executeUpdate(actUpdate, { args: [{ actor, command }] });

  await h.worker.runUntil(async () => {
    const campaign = await env.client.workflow.start('campaignWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: campaignWorkflowId(input.planId),
      args: [input],
    });
    await sleepUntil(`${year}-08-10T00:00:00+07:00`);
    expect((await campaign.query(campaignStatusQuery)).started).toHaveLength(3);

    // Quài Cang begins early and submits on time; Quài Nưa begins but submits late; Chiềng Sinh does nothing.
    const [quaiCang, quaiNua] = registrations;
    await selfAssessAndSubmit(act(quaiCang!.dossier.dossierId), quaiCang!.dossier);
    await act(quaiNua!.dossier.dossierId)(
      { id: 'quai-nua', role: 'commune_official', unitCode: quaiNua!.unitCode },
      { type: 'self_assessment.recorded', criterion: '1', met: true, indicatorValues: {}, evidence: [] },
    );

    await sleepUntil(`${year}-09-02T00:00:00+07:00`);
    await selfAssessAndSubmit(act(quaiNua!.dossier.dossierId), quaiNua!.dossier);
    await sleepUntil(`${year}-09-03T00:00:00+07:00`);

    const status = await campaign.query(campaignStatusQuery);
    expect(status.summaries.find((s) => s.deadlineId === 'commune-dossier')).toEqual({
      deadlineId: 'commune-dossier',
      due: `${year}-08-31`,
      onTime: 1,
      late: 0,
      missing: 2,
    });
    await campaign.terminate('test done');
  });
  await h.close();

  // Idle-unit reminders went to the commune that had not begun (after 10/08 only Chiềng Sinh was idle),
  // naming it as the plan does.
  const idle = h.smtp.messages.filter((m) => m.headers['x-ntm-kind'] === 'campaign');
  expect(idle.length).toBeGreaterThan(0);
  for (const m of idle) {
    expect(m.text).toContain('Các đơn vị chưa bắt đầu: Xã Chiềng Sinh.');
    expect(m.text).not.toContain('Quài Nưa');
    expect(m.text).not.toContain('Quài Cang');
  }
  expect(idle.flatMap((m) => m.to)).toContain('chiengsinh@example.vn');
  expect(idle.flatMap((m) => m.to)).not.toContain('quaicang@example.vn');
  // The district office got the summary with the lists.
  const summary = h.smtp.messages.find((m) => m.headers['x-ntm-kind'] === 'summary' && m.to.includes('vpdp@example.vn'));
  expect(summary?.subject).toContain('1 đúng hạn');
  expect(summary?.text).toMatch(/Chưa thực hiện: .*chieng-sinh/);
  const row = await t.db.deadlineSummary.findUniqueOrThrow({ where: { id: `${input.planId}/commune-dossier` } });
  expect(JSON.parse(row.onTime)).toEqual([quaiCangId(registrations)]);
});

const quaiCangId = (regs: { dossier: { dossierId: string } }[]) => regs[0]!.dossier.dossierId;
