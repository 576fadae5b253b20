/**
 * Issue 13 on the time-skipping server: reminders state the real days and name units (no codes), the
 * commune hears of the return (every reason) and of the decision (its number), each once, and the
 * dossier's results become criteria marks with provenance.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dossierDeadlines, type Actor, type Command, type DossierStatus } from '../../domain/dossier';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { dossierFor, shiftedPlan } from '../support/plans';
import { reviewToRecognition, selfAssessAndSubmit } from '../support/pipeline';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const DISTRICT = 'dien-bien/tuan-giao';
const COMMUNE_MAIL = 'quaicang@tuangiao.dienbien.gov.vn';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE, email: COMMUNE_MAIL },
    { username: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT, email: 'vpdp@tuangiao.dienbien.gov.vn' },
    { username: 'vpdp-dien-bien', role: 'provincial_office', unitCode: 'dien-bien', email: 'vpdp@dienbien.gov.vn' },
  ]);
  h = await startWorker(env, t);
}, 300_000);

afterAll(async () => {
  await h?.close();
  await env?.teardown();
  await t?.drop();
});

const sleepUntil = async (iso: string) => {
  const target = new Date(iso).getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
};

it('sends factual reminders and notices on the return and the decision, and records the marks', async () => {
  const plan = shiftedPlan();
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025');
  const input: DossierWorkflowInput = { dossier, deadlines: dossierDeadlines(plan, 'commune.dat-chuan'), maintenance: DEFAULT_MAINTENANCE };
  const id = dossierWorkflowId(dossier.dossierId);
  const act = (actor: Actor, command: Command): Promise<DossierStatus> =>
    env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });

  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: id, args: [input] });
    await sleepUntil('2027-09-04T00:00:00+07:00');
    const overdue = h.smtp.messages.find((m) => m.to.includes(COMMUNE_MAIL) && m.headers['x-ntm-reminder-key']?.endsWith('/commune-dossier/overdue-3'));
    expect(overdue?.text).toContain('Quá hạn 3 ngày (hạn 31/08/2027).');
    expect(overdue?.text).toContain('Quài Cang');

    let s = await selfAssessAndSubmit(act, dossier);
    const slot = s.pendingReviews.find((p) => p.criterion === '17')!;
    await act(
      { id: 'cv', role: 'district_specialist', unitCode: DISTRICT, department: slot.department },
      { type: 'criterion.reviewed', criterion: '17', verdict: 'needs_supplement', documents: [] },
    );
    for (const p of s.pendingReviews.filter((x) => x.criterion !== '17')) {
      await act(
        { id: 'cv', role: 'district_specialist', unitCode: DISTRICT, department: p.department },
        { type: 'criterion.reviewed', criterion: p.criterion, verdict: 'met', documents: [] },
      );
    }
    await act(
      { id: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT },
      { type: 'level.returned', reasons: [{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }], documents: [] },
    );
    s = await act({ id: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE }, { type: 'commune.resubmitted', documents: [] });
    await reviewToRecognition(act, dossier, s, '1234/QĐ-UBND');
    await act(
      { id: 'vpdp-dien-bien', role: 'provincial_office', unitCode: 'dien-bien' },
      { type: 'maintenance.assessed', flagged: true, reasons: ['Tiêu chí 10 không đạt'], documents: [] },
    );
    await act(
      { id: 'chu-tich', role: 'provincial_chair', unitCode: 'dien-bien' },
      { type: 'recognition.revoked', number: '77/QĐ-UBND', date: '2029-03-01', signer: 'Chủ tịch UBND tỉnh', reasons: ['Không duy trì'], documents: [] },
    );
    await handle.result();
  });

  const toCommune = h.smtp.messages.filter((m) => m.to.includes(COMMUNE_MAIL));
  const kinds = (k: string) => toCommune.filter((m) => m.headers['x-ntm-kind'] === k);
  expect(kinds('returned')).toHaveLength(1);
  expect(kinds('returned')[0]!.text).toContain('- Tiêu chí 17: Thiếu kết quả quan trắc nước thải');
  expect(kinds('decided')).toHaveLength(1);
  expect(kinds('decided')[0]!.subject).toContain('Quyết định 1234/QĐ-UBND');
  expect(kinds('revoked')).toHaveLength(1);
  expect(h.smtp.messages.filter((m) => m.headers['x-ntm-kind'] === 'resubmitted').map((m) => m.to[0])).toContain('vpdp@tuangiao.dienbien.gov.vn');
  // No unit code in any mail body; no notice twice.
  for (const m of h.smtp.messages) expect(m.text.split('\n---\n')[0]).not.toContain(COMMUNE);
  const keys = h.smtp.messages.map((m) => `${m.headers['x-ntm-reminder-key']}|${m.to[0]}`);
  expect(new Set(keys).size).toBe(keys.length);

  // The dossier's results are criteria marks with provenance.
  const marks = await t.db.criteriaMark.findMany({ where: { dossierId: dossier.dossierId } });
  expect(marks.filter((m) => m.source === 'self_assessment')).toHaveLength(19);
  const decided = marks.filter((m) => m.source === 'decision');
  expect(decided).toHaveLength(19);
  expect(decided.every((m) => m.met && m.document?.startsWith('1234/QĐ-UBND'))).toBe(true);
}, 600_000);
