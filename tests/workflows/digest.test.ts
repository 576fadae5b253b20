/**
 * Issue 13, the daily digest on the time-skipping server: the commune official (preference "digest")
 * hears of the return and of the decision in ONE e-mail per day, the next morning, from the real SMTP
 * sink; the district office (preference "immediate") gets each notice at once and no digest. The digest
 * workflow is started twice by its id (one runs); a retried activity sends no digest twice and the
 * workflow's history replays without nondeterminism.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalDataConverter } from '../../app/temporal-codec';
import { createActivities } from '../../activities';
import { ensureDailyDigest } from '../../app/digest';
import { addCalendarDays, formatVnDate, instantAt, localDateOf, type LocalDate } from '../../domain/calendar';
import { dossierDeadlines, type Actor, type Command, type DossierStatus } from '../../domain/dossier';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { dossierFor, shiftedPlan } from '../support/plans';
import { officesFor, reviewToRecognition, selfAssessAndSubmit } from '../support/pipeline';
import { startWorker, timeSkippingEnv, workflowBundle, type Harness } from '../support/temporal';
import { Worker } from '@temporalio/worker';
import { DIGEST_WORKFLOW_ID } from '../../workflows/digest';
import nodemailer from 'nodemailer';

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const DISTRICT = 'dien-bien/tuan-giao';
const COMMUNE_MAIL = 'quaicang@tuangiao.dienbien.gov.vn';
const OFFICE_MAIL = 'vpdp@tuangiao.dienbien.gov.vn';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE, email: COMMUNE_MAIL },
    { username: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT, email: OFFICE_MAIL },
  ]);
  await t.db.user.update({ where: { username: 'can-bo-quai-cang' }, data: { emailPreference: 'digest', displayName: 'Lò Văn Minh' } });
  h = await startWorker(env, t);
}, 300_000);

afterAll(async () => {
  await h?.close();
  await env?.teardown();
  await t?.drop();
});

const sleepUntil = async (ms: number) => {
  const now = await env.currentTimeMs();
  if (ms > now) await env.sleep(ms - now);
};
const until = async (ok: () => boolean | Promise<boolean>) => {
  // Up to 60 s: returns as soon as it holds (a loaded 2-core machine is slow to deliver).
  for (let i = 0; i < 600 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 100));
};
const digests = (hh: Harness, to: string) => hh.smtp.messages.filter((m) => m.to.includes(to) && m.headers['x-ntm-kind'] === 'digest');

it('mails a digest person one digest a day of the day before, an immediate person none, never twice', async () => {
  const plan = shiftedPlan();
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025');
  const input: DossierWorkflowInput = { dossier, deadlines: dossierDeadlines(plan, 'commune.dat-chuan'), maintenance: DEFAULT_MAINTENANCE };
  const id = dossierWorkflowId(dossier.dossierId);
  const act = (actor: Actor, command: Command): Promise<DossierStatus> =>
    env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });
  const o = officesFor(dossier);
  const commune: Actor = { id: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE };
  let day1: LocalDate = '2000-01-01' as LocalDate;

  await h.worker.runUntil(async () => {
    // Started twice by its id: one digest workflow.
    const first = await ensureDailyDigest(env.client, h.taskQueue);
    const again = await ensureDailyDigest(env.client, h.taskQueue);
    expect([first.started, again.started]).toEqual([true, false]);
    day1 = localDateOf(await env.currentTimeMs());
    await env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: id, args: [input] });

    // Day 1: submitted, criterion 17 needs more, returned to the commune.
    const s = await selfAssessAndSubmit(act, { ...dossier });
    for (const p of s.pendingReviews) {
      await act(o.specialist(p.department, DISTRICT), {
        type: 'criterion.reviewed',
        criterion: p.criterion,
        verdict: p.criterion === '17' ? 'needs_supplement' : 'met',
        documents: [],
      });
    }
    await act(
      { id: 'vpdp-tuan-giao', role: 'district_office', unitCode: DISTRICT },
      {
        type: 'level.returned',
        reasons: [{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }],
        documents: [],
      },
    );
    await until(async () => (await t.db.notification.count({ where: { recipient: 'can-bo-quai-cang', kind: 'returned' } })) === 1);
    // The next morning: the digest of day 1.
    await sleepUntil(instantAt(addCalendarDays(day1, 1), '08:00'));
    await until(() => digests(h, COMMUNE_MAIL).length === 1);

    // Day 2: resubmitted (the office hears at once), decided (both hear; the commune in tomorrow's digest).
    const r = await act(commune, { type: 'commune.resubmitted', documents: [] });
    await reviewToRecognition(act, dossier, r, '1234/QĐ-UBND');
    await until(async () => (await t.db.notification.count({ where: { recipient: 'can-bo-quai-cang', kind: 'decided' } })) === 1);
    await sleepUntil(instantAt(addCalendarDays(day1, 2), '08:00'));
    await until(() => digests(h, COMMUNE_MAIL).length === 2);
  });

  const [d1, d2] = digests(h, COMMUNE_MAIL);
  expect(digests(h, COMMUNE_MAIL)).toHaveLength(2);
  expect(d1!.subject).toBe(`[NTM] Tổng hợp thông báo ngày ${formatVnDate(day1)}`);
  expect(d1!.text).toContain('Kính gửi Lò Văn Minh,');
  expect(d1!.text).toMatch(/Việc đã diễn ra:\n- .*Quài Cang.*/);
  expect(d1!.text).toContain('trả lại');
  expect(d1!.text).not.toContain('1234/QĐ-UBND');
  expect(d2!.subject).toBe(`[NTM] Tổng hợp thông báo ngày ${formatVnDate(addCalendarDays(day1, 1))}`);
  expect(d2!.text).toContain('1234/QĐ-UBND');
  expect(d2!.text).not.toMatch(/trả lại/i);
  for (const m of [d1!, d2!]) {
    expect(m.text.split('\n---\n')[0]).not.toContain(COMMUNE);
    expect(m.text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(m.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  }
  // The digest person had no notice by e-mail one by one; the immediate person had theirs and no digest.
  expect(h.smtp.messages.filter((m) => m.to.includes(COMMUNE_MAIL) && m.headers['x-ntm-kind'] !== 'digest')).toEqual([]);
  expect(digests(h, OFFICE_MAIL)).toEqual([]);
  expect(h.smtp.messages.filter((m) => m.to.includes(OFFICE_MAIL) && m.headers['x-ntm-kind'] === 'decided')).toHaveLength(1);

  // A retried activity for a day already sent: nothing (the row is marked sent).
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: h.smtp.port, secure: false, ignoreTLS: true });
  const retry = await createActivities({ db: t.db, provider: t.provider, mailer: { transport, from: 'NTM <no-reply@ntm.local>' } }).sendDailyDigests({
    day: day1,
  });
  transport.close();
  expect(retry).toEqual({ people: ['can-bo-quai-cang'], emailed: 0 });

  // A replay of the digest workflow's history (what a restarted worker does) runs without nondeterminism,
  // and the rows stay one per person and day.
  const history = await env.client.workflow.getHandle(DIGEST_WORKFLOW_ID).fetchHistory();
  await Worker.runReplayHistory({ dataConverter: temporalDataConverter(), workflowBundle: await workflowBundle() }, history);
  expect(await t.db.notification.count({ where: { kind: 'digest' } })).toBe(2);
}, 600_000);
