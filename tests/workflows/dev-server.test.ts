/**
 * The slice on the real Temporal dev server (the one `npm start` runs): a dossier driven to recognition
 * through Updates, a real timer firing its reminder, the projection and audit chain in a real database.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { localDate, localDateOf, type ReminderPoint } from '../../domain/calendar';
import type { Actor, Command } from '../../domain/dossier';
import { verifyAuditChain } from '../../store/audit-chain';
import { actUpdate, dossierWorkflowId, statusQuery, type DossierWorkflowInput } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { dossierFor } from '../support/plans';
import { reviewToRecognition, selfAssessAndSubmit } from '../support/pipeline';
import { eventually } from '../support/eventually';
import { devServerEnv, startWorker } from '../support/temporal';

let env: TestWorkflowEnvironment;
let t: TestDatabase;

beforeAll(async () => {
  env = await devServerEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'can-bo-chieng-sinh', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/chieng-sinh', email: 'chiengsinh@tuangiao.dienbien.gov.vn' },
  ]);
});
afterAll(async () => {
  await env?.teardown();
  await t?.drop();
});

it('runs a dossier on the dev server: a reminder timer fires for real, then the pipeline reaches recognition', async () => {
  const dossier = dossierFor('dien-bien/tuan-giao/chieng-sinh', 'commune.dat-chuan', 'commune-ntm-2021-2025', 2027);
  const now = Date.now();
  const due = localDate('2027-08-31');
  // A deadline whose first reminder is two seconds away: the real server's timer must fire it.
  const point: ReminderPoint = { kind: 'before', offsetDays: -7, date: localDateOf(now + 2000), at: now + 2000, key: 'before-7' };
  const input: DossierWorkflowInput = {
    dossier,
    deadlines: [{ id: 'commune-dossier', stage: 'commune.submit', descriptionVi: 'Nộp hồ sơ xã', due, expiresAt: now + 3_600_000, schedule: [point] }],
    maintenance: { reviewEveryDays: 365, cyclesPerRun: 1 },
  };
  const id = dossierWorkflowId(dossier.dossierId);
  const h = await startWorker(env, t);
  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: id, args: [input] });
    await eventually(
      async () => h.smtp.messages.length,
      (n) => n > 0,
    );
    expect(h.smtp.messages.map((m) => m.to[0])).toEqual(['chiengsinh@tuangiao.dienbien.gov.vn']);
    const act = (actor: Actor, command: Command) => handle.executeUpdate(actUpdate, { args: [{ actor, command }] });
    const submitted = await selfAssessAndSubmit(act, dossier);
    const decided = await reviewToRecognition(act, dossier, submitted, '88/QĐ-UBND');
    expect(decided).toMatchObject({ stage: 'recognised', decision: { number: '88/QĐ-UBND' } });
    expect((await handle.query(statusQuery)).stage).toBe('recognised');
    await handle.terminate('test done');
  });
  await h.close();
  expect((await t.db.dossier.findUniqueOrThrow({ where: { id: dossier.dossierId } })).stage).toBe('recognised');
  expect((await verifyAuditChain(t.db)).ok).toBe(true);
});
