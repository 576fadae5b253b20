/**
 * Issue 13, event notices under a worker restart (time-skipping server, the durability test's pattern):
 * the worker is stopped right after the return is accepted — its notice scheduled, perhaps not yet
 * delivered — and a new worker (no cache: it rebuilds the workflow by replaying its history) takes the
 * dossier to the decision. Each event notice (returned, decided) is then in the inbox once per person
 * and in the mail sinks once per address.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dossierDeadlines, type Actor, type Command, type DossierStatus } from '../../domain/dossier';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { dossierFor, shiftedPlan } from '../support/plans';
import { officesFor, reviewToRecognition, selfAssessAndSubmit } from '../support/pipeline';
import { startWorker, timeSkippingEnv } from '../support/temporal';

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const DISTRICT = 'dien-bien/tuan-giao';
const COMMUNE_MAIL = 'quaicang@tuangiao.dienbien.gov.vn';

let env: TestWorkflowEnvironment;
let t: TestDatabase;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE, email: COMMUNE_MAIL },
    { username: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT, email: 'vpdp@tuangiao.dienbien.gov.vn' },
  ]);
}, 300_000);

afterAll(async () => {
  await env?.teardown();
  await t?.drop();
});

it('sends each event notice once when the worker stops after the return and a new one finishes the dossier', async () => {
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025');
  const input: DossierWorkflowInput = { dossier, deadlines: dossierDeadlines(shiftedPlan(), 'commune.dat-chuan'), maintenance: DEFAULT_MAINTENANCE };
  const id = dossierWorkflowId(dossier.dossierId);
  const act = (actor: Actor, command: Command): Promise<DossierStatus> =>
    env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });
  const o = officesFor(dossier);

  const first = await startWorker(env, t, { maxCachedWorkflows: 0 });
  await first.worker.runUntil(async () => {
    await env.client.workflow.start('dossierWorkflow', { taskQueue: first.taskQueue, workflowId: id, args: [input] });
    const s = await selfAssessAndSubmit(act, dossier);
    for (const p of s.pendingReviews) {
      await act(o.specialist(p.department, DISTRICT), {
        type: 'criterion.reviewed',
        criterion: p.criterion,
        verdict: p.criterion === '17' ? 'needs_supplement' : 'met',
        documents: [],
      });
    }
    // The return is accepted; the worker stops at once (its notice scheduled, maybe not delivered).
    await act(o.districtOffice!, { type: 'level.returned', reasons: [{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }], documents: [] });
  });
  await first.close();

  const second = await startWorker(env, t, { taskQueue: first.taskQueue });
  await second.worker.runUntil(async () => {
    const r = await act({ id: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE }, { type: 'commune.resubmitted', documents: [] });
    const decided = await reviewToRecognition(act, dossier, r, '1234/QĐ-UBND');
    expect(decided.stage).toBe('recognised');
    for (let i = 0; i < 100 && (await t.db.notification.count({ where: { dossierId: dossier.dossierId, kind: 'decided', channel: 'email' } })) < 2; i++)
      await new Promise((res) => setTimeout(res, 100));
    for (let i = 0; i < 100 && second.smtp.messages.filter((m) => m.headers['x-ntm-kind'] === 'decided').length < 2; i++)
      await new Promise((res) => setTimeout(res, 100));
  });
  await second.close();

  const inbox = await t.db.notification.findMany({ where: { dossierId: dossier.dossierId, channel: 'inbox', kind: { in: ['returned', 'decided'] } } });
  const perPerson = (kind: string) => inbox.filter((n) => n.kind === kind).map((n) => n.recipient);
  expect(perPerson('returned')).toEqual(['can-bo-quai-cang']);
  // The deciding provincial office has nobody seeded: its shared inbox holds the notice (no e-mail).
  expect(perPerson('decided').sort()).toEqual(['can-bo-quai-cang', 'provincial_office@dien-bien', 'vpdp-tuan-giao']);
  const mails = [...first.smtp.messages, ...second.smtp.messages];
  const sent = (kind: string) =>
    mails
      .filter((m) => m.headers['x-ntm-kind'] === kind)
      .map((m) => m.to[0])
      .sort();
  expect(sent('returned')).toEqual([COMMUNE_MAIL]);
  expect(sent('decided')).toEqual([COMMUNE_MAIL, 'vpdp@tuangiao.dienbien.gov.vn'].sort());
  const returned = mails.find((m) => m.headers['x-ntm-kind'] === 'returned')!;
  expect(returned.text).toContain('- Tiêu chí 17: Thiếu kết quả quan trắc nước thải');
  await env.client.workflow.getHandle(id).terminate('test done');
}, 600_000);
