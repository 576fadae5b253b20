/**
 * Issue 13, dossier as of a date, on the time-skipping server: a dossier submitted on day 0, returned on
 * day 10 and recognised on day 20 is rebuilt from its recorded events (the audit records, replayed through
 * the machine) as it stood at the end of each of those days — and each rebuilt status equals the status
 * the workflow itself answered that day. Before the dossier was opened: 404 DOSSIER.NOT_YET_OPENED.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DossierService } from '../../app/dossiers';
import type { Principal } from '../../domain/access';
import { addCalendarDays, localDateOf, type LocalDate } from '../../domain/calendar';
import { dossierDeadlines, type Actor, type Command, type DossierStatus } from '../../domain/dossier';
import { AppError } from '../../domain/errors';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedUnits } from '../support/people';
import { dossierFor, shiftedPlan } from '../support/plans';
import { officesFor, reviewToRecognition, selfAssessAndSubmit } from '../support/pipeline';
import { eventually } from '../support/eventually';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const DISTRICT = 'dien-bien/tuan-giao';
const DAY = 86_400_000;

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  h = await startWorker(env, t);
}, 300_000);

afterAll(async () => {
  await h?.close();
  await env?.teardown();
  await t?.drop();
});

/** What a status says of the dossier's substance (the fields a past view must reproduce). */
const substance = (s: DossierStatus) => ({
  stage: s.stage,
  level: s.level,
  pendingReviews: s.pendingReviews,
  selfAssessed: s.selfAssessed,
  late: s.late,
  lastReturn: s.lastReturn,
  verification: s.verification,
  vote: s.vote,
  decision: s.decision,
  seq: s.seq,
});

it('rebuilds the dossier as it stood at the end of each past day from the recorded events', async () => {
  const plan = shiftedPlan();
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025');
  const input: DossierWorkflowInput = { dossier, deadlines: dossierDeadlines(plan, 'commune.dat-chuan'), maintenance: DEFAULT_MAINTENANCE };
  const id = dossierWorkflowId(dossier.dossierId);
  const act = (actor: Actor, command: Command): Promise<DossierStatus> =>
    env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });
  const service = new DossierService({ db: t.db, temporal: env.client, taskQueue: h.taskQueue, clock: () => new Date() });
  const office: Principal = { userId: 'vpdp', grants: [{ role: 'district_office', unitCode: DISTRICT }] };
  const o = officesFor(dossier);
  const day = async (): Promise<LocalDate> => localDateOf(await env.currentTimeMs());
  const seen: { day: LocalDate; status: DossierStatus }[] = [];

  await h.worker.runUntil(async () => {
    await env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: id, args: [input] });
    const opened = await day();
    // Day 0: assessed and submitted.
    seen.push({ day: opened, status: await selfAssessAndSubmit(act, dossier) });
    await env.sleep(10 * DAY);
    // Day 10: criterion 17 needs more, the district returns the dossier.
    let s = seen[0]!.status;
    for (const p of s.pendingReviews) {
      await act(o.specialist(p.department, DISTRICT), {
        type: 'criterion.reviewed',
        criterion: p.criterion,
        verdict: p.criterion === '17' ? 'needs_supplement' : 'met',
        documents: [],
      });
    }
    s = await act(o.districtOffice!, { type: 'level.returned', reasons: [{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }], documents: [] });
    seen.push({ day: await day(), status: s });
    await env.sleep(10 * DAY);
    // Day 20: resubmitted and taken to the decision.
    s = await act(o.commune, { type: 'commune.resubmitted', documents: [] });
    s = await reviewToRecognition(act, dossier, s, '1234/QĐ-UBND');
    seen.push({ day: await day(), status: s });
    // The projection has written every record once the last transition is in.
    await eventually(
      () => t.db.auditRecord.count({ where: { dossierId: dossier.dossierId, action: 'level.decided' } }),
      (n) => n > 0,
    );

    expect(seen.map((x) => x.status.stage)).toEqual(['review', 'returned', 'recognised']);
    for (const { day: d, status } of seen) {
      const past = await service.detailAsOf(office, dossier.dossierId, d);
      expect(past.asOf).toBe(d);
      expect(substance(past.status)).toEqual(substance(status));
    }
    // Between the return and the resubmission: still returned, with the reason.
    const mid = await service.detailAsOf(office, dossier.dossierId, addCalendarDays(seen[1]!.day, 5));
    expect(mid.status.stage).toBe('returned');
    expect(mid.status.lastReturn?.reasons).toEqual([{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }]);
    expect(mid.status.decision).toBeUndefined();
    // Before the dossier was opened: coded, bilingual, 404, naming asOf.
    const before = await service.detailAsOf(office, dossier.dossierId, addCalendarDays(opened, -1)).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(AppError);
    expect(before).toMatchObject({ code: 'DOSSIER.NOT_YET_OPENED', kind: 'not_found', path: 'asOf' });
    expect((before as AppError).messageVi).toContain('chưa được mở');
  });
}, 600_000);
