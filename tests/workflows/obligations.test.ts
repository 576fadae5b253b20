/**
 * A whole year (2027 when run in 2026) of three reporting obligations on the time-skipping server,
 * with the real worker, activities, SQLite database and SMTP sink:
 *
 *  - seed 001's monthly "báo cáo UBND huyện tiến độ thực hiện trước ngày 30 hàng tháng" (due on the
 *    30th; February's report on its last day, 28/02/2027), reminders shifted off weekends and Tết;
 *  - seed 001's "định kỳ hàng quý, 6 tháng, 9 tháng và năm" to Phòng NN&PTNT (Q1, 6 months, 9 months,
 *    the year; due 5 working days after the period, weekends and the 2028 New Year's compensation day
 *    skipped; escalated to the receiving office and UBND huyện 5 days overdue). One department's Q1
 *    report is accepted, another's is returned with a reason, resubmitted late and accepted;
 *  - a monthly + quarterly progress report due 5 and 10 working days after the period, whose January
 *    due date is pushed past Tết 2027 (05-11/02).
 *
 * Every reminder is checked against an oracle (each period's reminder points from domain/obligations,
 * each reporter's status at that instant from what the test did): the right people, each point once,
 * on its date; nothing after everyone reported; escalation only of reports never submitted. Key dates
 * are also written out by hand. The year takes about a minute here: the obligation workflow continues
 * as new only when its period children have finished (see workflows/obligation.ts for the Java test
 * server's clock lock that made this test hang before).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporalDataConverter } from '../../app/temporal-codec';
import { obligationsApp } from '../../app/obligations';
import { addCalendarDays, holidayOn, isWorkingDay, localDateOf, vietnamHolidayCalendar, type InstantMs, type LocalDate } from '../../domain/calendar';
import { findDepartment } from '../../domain/departments';
import { loadObligation, periodsBetween, type Obligation, type ObligationInput, type ObligationPeriod } from '../../domain/obligations';
import { verifyAuditChain } from '../../store/audit-chain';
import { obligationWorkflow } from '../../workflows/obligation';
import { obligationControlUpdate, obligationWorkflowId, periodWorkflowId } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { criteriaResultsObligation, DISTRICT, monthlyObligation, office, planningProgressObligation, specialist } from '../support/obligations-fixtures';
import { seedUnits } from '../support/people';
import { startWorker, timeSkippingEnv, workflowBundle } from '../support/temporal';

let env: TestWorkflowEnvironment;
let t: TestDatabase;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
});
afterAll(async () => {
  await env?.teardown();
  await t?.drop();
});

async function sleepUntil(iso: string): Promise<void> {
  const target = new Date(iso).getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

const inbox = (department: string) => `district_specialist@${DISTRICT}#${department}`;
const CHAIR = `district_chair@${DISTRICT}`;

interface Case {
  obligation: Obligation;
  periods: ObligationPeriod[];
  reporters: string[];
  /** Who the escalation notice goes to (the receiving office and the escalation party), or none. */
  escalatesTo: string[];
}

function load(input: ObligationInput, year: number, reporters: string[], escalatesTo: string[]): Case {
  const r = loadObligation(input);
  if (!r.ok) throw new Error(r.error.messageEn);
  const periods = periodsBetween(r.value.obligation, `${year}-01-01` as LocalDate, `${year}-12-31` as LocalDate);
  return { obligation: r.value.obligation, periods, reporters, escalatesTo };
}

/** What the test did to each report, in time order: the oracle of who is still owing at an instant. */
const done: { obligationId: string; periodKey: string; reporter: string; at: number; status: string }[] = [];
function statusAt(c: Case, periodKey: string, reporter: string, at: number): string {
  const mine = done.filter((d) => d.obligationId === c.obligation.id && d.periodKey === periodKey && d.reporter === reporter && d.at <= at);
  return mine.length === 0 ? 'open' : mine[mine.length - 1]!.status;
}

/** Each reminder the period workflows must send (obligation/period/point/recipient) and each escalation. */
function expected(c: Case) {
  const reminders: { id: string; at: number }[] = [];
  const escalations = new Map<string, { at: number; reporters: string[] }>();
  for (const p of c.periods) {
    for (const point of [...p.reminders].sort((a, b) => a.at - b.at)) {
      const pending = c.reporters.filter((r) => ['open', 'returned'].includes(statusAt(c, p.key, r, point.at)));
      if (pending.length === 0) break; // everyone reported: the period's workflow stops
      if (point.kind === 'escalation') {
        const open = pending.filter((r) => statusAt(c, p.key, r, point.at) === 'open');
        if (open.length > 0) escalations.set(p.key, { at: point.at, reporters: open });
        continue;
      }
      for (const r of pending) reminders.push({ id: `${c.obligation.id}/${p.key}/${point.key}/${inbox(r)}`, at: point.at });
    }
  }
  return { reminders, escalations };
}

it('runs a whole year of three obligations: every reminder on its date, Tết and weekends respected, late reports escalated, one accepted, one returned', async () => {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const W = load(monthlyObligation(year), year, ['KT_HT', 'TN_MT'], [inbox('NN_PTNT'), CHAIR]);
  const M = load(planningProgressObligation(year), year, ['KT_HT'], []);
  const Q = load(criteriaResultsObligation(year), year, ['KT_HT', 'TN_MT', 'VH_TT'], [inbox('NN_PTNT'), CHAIR]);
  expect(M.obligation.escalation).toBeNull();

  // ---- the dates, written out by hand (for 2027) -------------------------------------------------
  if (year === 2027) {
    // "trước ngày 30 hàng tháng": the 30th, February's last day; 30/01/2027 is a Saturday and stays (offDay: keep).
    expect(M.periods.map((p) => p.due)).toEqual([
      '2027-01-30',
      '2027-02-28',
      '2027-03-30',
      '2027-04-30',
      '2027-05-30',
      '2027-06-30',
      '2027-07-30',
      '2027-08-30',
      '2027-09-30',
      '2027-10-30',
      '2027-11-30',
      '2027-12-30',
    ]);
    expect(M.periods[1]!.dueNoteVi).toBe('ngày 30 tháng cuối kỳ (tháng 2/2027 có 28 ngày → 28/02/2027)');
    // January's overdue reminders of 05/02 (Tết), 08/02 (Tết) and 11/02 (compensation day) all move to Friday 12/02;
    // February's 7-days-before (Sunday 21/02) moves back to Friday 19/02.
    const jan = M.periods[0]!.reminders;
    expect(jan.filter((r) => r.kind === 'overdue').map((r) => `${r.key}:${r.date}`)).toEqual([
      'overdue-3:2027-02-02',
      'overdue-6:2027-02-12',
      'overdue-9:2027-02-12',
      'overdue-12:2027-02-12',
      'overdue-15:2027-02-15',
    ]);
    expect(M.periods[1]!.reminders.find((r) => r.key === 'before-7')!.date).toBe('2027-02-19');
    // Quarterly, 6 months, 9 months and the year: Q2/Q3/Q4 answered by the longer report ending the same day.
    expect(Q.periods.map((p) => [p.key, p.covers, p.due])).toEqual([
      ['2027-Q1', [], '2027-04-07'],
      ['2027-H1', ['2027-Q2'], '2027-07-07'],
      ['2027-9M', ['2027-Q3'], '2027-10-07'],
      // 5 working days after Friday 31/12/2027: Saturday 01/01/2028's day off moves to Monday 03/01, so 04-07/01 and 10/01.
      ['2027-Y', ['2027-Q4'], '2028-01-10'],
    ]);
    expect(holidayOn('2028-01-03' as LocalDate, vietnamHolidayCalendar)).toMatchObject({ kind: 'compensatory' });
    expect(Q.periods[0]!.escalationAt).toBe(new Date('2027-04-12T08:00:00+07:00').getTime());
  }
  // The monthly progress report's January: 5 working days after 31/01, and Tết falls in between.
  const wJan = W.periods[0]!;
  const between: LocalDate[] = [];
  for (let d = addCalendarDays(wJan.end, 1); d <= wJan.due; d = addCalendarDays(d, 1)) between.push(d);
  expect(between.some((d) => holidayOn(d, vietnamHolidayCalendar)?.kind === 'tet')).toBe(true);
  expect(between.filter((d) => isWorkingDay(d, vietnamHolidayCalendar))).toHaveLength(5);
  // 01-04/02 are four working days; 05-11/02 is Tết (with two compensation days); Friday 12/02 is the fifth.
  if (year === 2027) expect(wJan.due).toBe('2027-02-12');

  const h = await startWorker(env, t);
  let now = await env.currentTimeMs();
  const app = obligationsApp({ db: t.db, clock: () => new Date(now), temporal: env.client, taskQueue: h.taskQueue });
  const at = async () => {
    now = await env.currentTimeMs();
  };
  const did = async (c: Case, periodKey: string, reporter: string, status: string, action: () => Promise<unknown>) => {
    await at();
    await action();
    done.push({ obligationId: c.obligation.id, periodKey, reporter, at: now, status });
  };
  const started = Date.now();

  await h.worker.runUntil(async () => {
    await at();
    for (const input of [monthlyObligation(year), planningProgressObligation(year), criteriaResultsObligation(year)]) {
      const created = await app.create(office, input);
      expect(created.workflowId).toBe(obligationWorkflowId(input.id));
    }
    const wId = W.obligation.id;

    // 1 February, 09:00: January has ended; KT_HT reports the progress at once (accepted), TN_MT does not.
    await sleepUntil(`${year}-02-01T09:00:00+07:00`);
    await did(W, `${year}-01`, 'KT_HT', 'submitted', () =>
      app.submit(specialist('KT_HT'), { obligationId: wId, periodKey: `${year}-01`, reporter: 'KT_HT', documentRef: 'BC 01/KT-HT' }),
    );
    await expect(
      app.submit(specialist('KT_HT'), { obligationId: wId, periodKey: `${year}-01`, reporter: 'KT_HT', documentRef: 'BC 01/KT-HT' }),
    ).rejects.toMatchObject({ code: 'OBLIGATION.ALREADY_SUBMITTED', path: 'periodKey' });
    await expect(
      app.submit(specialist('KT_HT'), { obligationId: wId, periodKey: `${year}-02`, reporter: 'KT_HT', documentRef: 'BC 02/KT-HT' }),
    ).rejects.toMatchObject({ code: 'OBLIGATION.PERIOD_NOT_OPEN', path: 'periodKey' });
    await did(W, `${year}-01`, 'KT_HT', 'accepted', () => app.accept(specialist('NN_PTNT'), { obligationId: wId, periodKey: `${year}-01`, reporter: 'KT_HT' }));

    // Pause and resume (audited); a second resume is refused by the Update's validator and writes nothing.
    const audits = await t.db.auditRecord.count();
    await expect(app.control(office, wId, { action: 'resume' })).rejects.toMatchObject({ code: 'OBLIGATION.NOT_PAUSED', path: 'action' });
    expect(await t.db.auditRecord.count()).toBe(audits);
    expect((await app.control(office, wId, { action: 'pause', reasonVi: 'Kiểm tra lại hạn nộp' })).status).toBe('paused');
    expect((await app.control(office, wId, { action: 'resume' })).status).toBe('active');

    // 22 February: KT_HT sends February's planning progress, after its first reminder (19/02), in time for 28/02.
    await sleepUntil(`${year}-02-22T09:00:00+07:00`);
    await did(M, `${year}-02`, 'KT_HT', 'submitted', () =>
      app.submit(specialist('KT_HT'), { obligationId: M.obligation.id, periodKey: `${year}-02`, reporter: 'KT_HT', documentRef: 'BC 12/KT-HT' }),
    );

    // 2 April: Q1's results. KT_HT's is accepted; TN_MT's is returned for a missing figure; VH_TT sends nothing.
    await sleepUntil(`${year}-04-02T09:00:00+07:00`);
    const q = { obligationId: Q.obligation.id, periodKey: `${year}-Q1` };
    await did(Q, q.periodKey, 'KT_HT', 'submitted', () => app.submit(specialist('KT_HT'), { ...q, reporter: 'KT_HT', documentRef: 'BC 21/KT-HT' }));
    await did(Q, q.periodKey, 'KT_HT', 'accepted', () => app.accept(specialist('NN_PTNT'), { ...q, reporter: 'KT_HT' }));
    await did(Q, q.periodKey, 'TN_MT', 'submitted', () => app.submit(specialist('TN_MT'), { ...q, reporter: 'TN_MT', documentRef: 'BC 08/TN-MT' }));
    await expect(app.return(specialist('NN_PTNT'), { ...q, reporter: 'TN_MT', reasonVi: '  ' })).rejects.toMatchObject({
      code: 'PERIOD_TASK.RETURN_NEEDS_REASON',
    });
    await did(Q, q.periodKey, 'TN_MT', 'returned', () =>
      app.return(specialist('NN_PTNT'), { ...q, reporter: 'TN_MT', reasonVi: 'Thiếu số liệu tiêu chí 17 (Môi trường)' }),
    );
    await expect(app.accept(specialist('KT_HT'), { ...q, reporter: 'TN_MT' })).rejects.toMatchObject({ kind: 'forbidden' });

    // 13 April, after the due date (07/04) and the escalation point (12/04): TN_MT resubmits; it is accepted.
    await sleepUntil(`${year}-04-13T09:00:00+07:00`);
    await did(Q, q.periodKey, 'TN_MT', 'resubmitted', () => app.resubmit(specialist('TN_MT'), { ...q, reporter: 'TN_MT', documentRef: 'BC 08b/TN-MT' }));
    await did(Q, q.periodKey, 'TN_MT', 'accepted', () => app.accept(specialist('NN_PTNT'), { ...q, reporter: 'TN_MT' }));

    // The rest of the year and the last periods' reminders (into February of the next year).
    await sleepUntil(`${year + 1}-03-01T00:00:00+07:00`);
    // Each obligation's workflow ends once its validity is over and its last period has finished.
    for (const c of [W, M, Q]) {
      await expect(env.client.workflow.getHandle(obligationWorkflowId(c.obligation.id)).result()).resolves.toMatchObject({ status: 'active' });
    }
    await expect(
      env.client.workflow.getHandle<typeof obligationWorkflow>(obligationWorkflowId(Q.obligation.id)).executeUpdate(obligationControlUpdate, {
        args: [{ action: 'pause', requestId: 'late', actor: { id: 'x', role: 'district_office', unitCode: DISTRICT } }],
      }),
    ).rejects.toThrow();
  });
  await h.close();
  const seconds = (Date.now() - started) / 1000;
  expect(seconds).toBeLessThan(480);

  const notes = await t.db.notification.findMany({ orderBy: { createdAt: 'asc' } });
  for (const c of [W, M, Q]) {
    const mine = notes.filter((n) => n.idempotencyKey.startsWith(`obligation:${c.obligation.id}/`));
    const { reminders, escalations } = expected(c);
    const seen = mine
      .filter((n) => n.kind !== 'escalation')
      .map((n) => {
        const [period, point] = n.idempotencyKey.slice(`obligation:${c.obligation.id}/`.length).split('/');
        return { id: `${c.obligation.id}/${period}/${point}/${n.recipient}`, at: n.createdAt.getTime(), n };
      });
    // The right people, each point once (the idempotency key is unique), nobody else.
    expect(seen.map((s) => s.id).sort()).toEqual(reminders.map((r) => r.id).sort());
    for (const s of seen) {
      const want = reminders.find((r) => r.id === s.id)!;
      // Sent at its instant: the activity is scheduled when the timer fires (+ the few ms the workflow takes).
      expect(s.at - want.at).toBeGreaterThanOrEqual(0);
      expect(s.at - want.at).toBeLessThan(60_000);
      // Off-day shifting: every point but the due day's lands on a working day (weekends, holidays, Tết).
      if (!s.id.includes('/due/')) expect(isWorkingDay(localDateOf(s.at as InstantMs), vietnamHolidayCalendar)).toBe(true);
      // Names, never codes, in what people read.
      expect(s.n.body).not.toMatch(/KT_HT|TN_MT|VH_TT|NN_PTNT/);
    }
    const escNotes = mine.filter((n) => n.kind === 'escalation');
    expect(new Set(escNotes.map((n) => n.recipient))).toEqual(new Set(escalations.size > 0 ? c.escalatesTo : []));
    expect(escNotes).toHaveLength(escalations.size * c.escalatesTo.length);
    const tasks = await t.db.reportingPeriodTask.findMany({ where: { obligationId: c.obligation.id } });
    expect(tasks).toHaveLength(c.periods.length * c.reporters.length);
    for (const p of c.periods) {
      const esc = escalations.get(p.key);
      for (const r of c.reporters) {
        const task = tasks.find((x) => x.periodKey === p.key && x.reporter === r)!;
        expect(task.escalatedAt?.getTime() ?? null).toBe(esc?.reporters.includes(r) ? esc.at : null);
      }
      if (esc) {
        const n = escNotes.find((x) => x.idempotencyKey.includes(`/${p.key}/`))!;
        expect(n.createdAt.getTime() - esc.at).toBeLessThan(60_000);
        for (const r of esc.reporters) expect(n.body).toContain(findDepartment(r)!.nameVi);
      }
    }
  }

  // Hand-checked outcomes. The monthly planning progress: one reminder for February (19/02), then silence.
  const mFeb = notes.filter((n) => n.idempotencyKey.startsWith(`obligation:${M.obligation.id}/${year}-02/`));
  expect(mFeb.map((n) => `${n.idempotencyKey.split('/')[2]}@${localDateOf(n.createdAt.getTime() as InstantMs)}`)).toEqual([
    `before-7@${year === 2027 ? '2027-02-19' : M.periods[1]!.reminders[0]!.date}`,
  ]);
  // Q1: VH_TT escalated (the receiving office and UBND huyện told), TN_MT (returned, not missing) not.
  const q1 = await t.db.reportingPeriodTask.findMany({ where: { obligationId: Q.obligation.id, periodKey: `${year}-Q1` }, orderBy: { reporter: 'asc' } });
  expect(q1.map((x) => [x.reporter, x.status, x.late, x.returns, x.escalatedAt !== null])).toEqual([
    ['KT_HT', 'accepted', false, 0, false],
    ['TN_MT', 'accepted', false, 1, false],
    ['VH_TT', 'open', false, 0, true],
  ]);
  const q1Esc = notes.filter((n) => n.kind === 'escalation' && n.idempotencyKey.startsWith(`obligation:${Q.obligation.id}/${year}-Q1/`));
  expect(q1Esc.map((n) => n.recipient).sort()).toEqual([CHAIR, inbox('NN_PTNT')].sort());
  expect(q1Esc[0]!.body).toContain('Phòng Văn hóa - Thông tin');
  expect(q1Esc[0]!.body).not.toContain('Phòng Tài nguyên');
  // TN_MT was reminded while its report was returned (06/04, 07/04, 12/04, 13/04), not after it was accepted.
  const tnQ1 = notes.filter((n) => n.idempotencyKey.startsWith(`obligation:${Q.obligation.id}/${year}-Q1/`) && n.recipient === inbox('TN_MT'));
  expect(tnQ1.map((n) => n.idempotencyKey.split('/')[2])).toEqual(['before-7', 'before-3', 'before-1', 'due', 'overdue-3', 'overdue-6']);
  const yChild = await env.client.workflow.getHandle(periodWorkflowId(Q.obligation.id, `${year}-Y`)).result();
  expect(yChild.escalated).toEqual(['KT_HT', 'TN_MT', 'VH_TT']);

  const actions = (await t.db.auditRecord.findMany({ orderBy: { seq: 'asc' } })).map((a) => a.action);
  expect(actions.filter((a) => a === 'obligation.created')).toHaveLength(3);
  expect(actions).toEqual(
    expect.arrayContaining(['obligation.period.submit', 'obligation.period.accept', 'obligation.period.return', 'obligation.period.resubmit']),
  );
  expect(actions).toEqual(expect.arrayContaining(['obligation.paused', 'obligation.resumed']));
  expect((await verifyAuditChain(t.db)).ok).toBe(true);
}, 600_000);

it('replays an obligation history recorded before the children-first change on the current code (patched)', async () => {
  // Recorded on the code of 01/12/2026: January's and February's periods started, then continue-as-new at once.
  const history = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'obligation-pre-children-wait.json'), 'utf8')) as {
    events: Record<string, unknown>[];
  };
  expect(history.events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(2);
  expect(history.events.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
  await Worker.runReplayHistory(
    { dataConverter: temporalDataConverter(), workflowBundle: await workflowBundle() },
    history,
    'replay-obligation-pre-children-wait',
  );
}, 300_000);
