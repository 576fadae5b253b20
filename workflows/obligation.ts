/**
 * Periodic reporting obligations (issue 16): one long-lived workflow per obligation, a child per period.
 *
 * Why not Temporal Schedules: a Schedule fires on calendar specs, and the due rules here are working
 * days after a period's end (Tết and weekends skipped), day 30 clamped to February's last day, reminders
 * shifted off holidays — all computed by domain/obligations. So the obligation workflow walks its
 * periods in order (`periodsBetween`), sleeps until each opens, starts the period's child, and continues
 * as new every few periods. The child opens the period's tasks, sends each reminder on its date (through
 * the notify activity, keyed by obligation/period/point, so a retry or replay reaches nobody twice) to
 * the reporters who have not reported, and at the escalation point escalates the ones still missing to
 * the receiving office and the escalation party.
 *
 * The office controls the obligation through the `obligation.control` Update: pause (no new periods,
 * children skip reminders), resume, change (a new definition validated by loadObligation; later periods
 * follow it), retire (the workflow ends). Each is recorded and audited by an activity before it takes
 * effect; a refused one (already paused, retired, an invalid definition) writes nothing.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { addCalendarDays, formatVnDate, formatVnDateTime, localDateOf, type InstantMs, type LocalDate } from '../domain/calendar';
import type { DomainError } from '../domain/errors';
import { loadObligation, partyLabel, opensAt, periodsBetween, type Obligation, type ObligationPeriod } from '../domain/obligations';
import type { ReminderPoint } from '../domain/calendar';
import type { createActivities } from '../activities';
import type { Notice } from '../domain/notices';
import {
  obligationControlUpdate,
  obligationStatusQuery,
  periodWorkflowId,
  type ObligationControl,
  type ObligationWorkflowInput,
  type ObligationWorkflowStatus,
  type PeriodWorkflowInput,
  type PeriodWorkflowResult,
} from './definitions';

type PendingReporter = Awaited<ReturnType<ReturnType<typeof createActivities>['pendingReporters']>>[number];

const acts = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const mail = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

function failure(e: DomainError): ApplicationFailure {
  return ApplicationFailure.create({ type: e.code, message: `${e.messageVi} / ${e.messageEn}`, nonRetryable: true, details: [e] });
}

function refuse(code: string, vi: string, en: string, path?: string): never {
  throw failure({ code, messageVi: vi, messageEn: en, ...(path ? { path } : {}) });
}

/**
 * The periods to start after `lastEnd` (all ending on that same next day), or those due from `today` on
 * when nothing was started yet. Searched in windows of 46 days (a workflow task stays cheap: each
 * period computed carries its reminder schedule), up to two years ahead.
 */
function nextPeriods(o: Obligation, lastEnd: LocalDate | null, today: LocalDate): ObligationPeriod[] {
  let from = lastEnd ? addCalendarDays(lastEnd, 1) : addCalendarDays(today, -120);
  const limit = addCalendarDays(from, 800);
  while (from <= limit) {
    const to = addCalendarDays(from, 45);
    const found = periodsBetween(o, from, to).filter((p) => (lastEnd ? p.end > lastEnd : p.due >= today));
    const first = found[0];
    if (first) return found.filter((p) => p.end === first.end);
    from = addCalendarDays(to, 1);
  }
  return [];
}

export async function obligationWorkflow(input: ObligationWorkflowInput): Promise<ObligationWorkflowStatus> {
  let obligation = input.obligation;
  const state: ObligationWorkflowStatus = {
    obligationId: obligation.id,
    version: input.version,
    status: input.status ?? 'active',
    lastPeriodEnd: input.lastPeriodEnd ?? null,
    started: [],
  };
  let changed = 0;
  setHandler(obligationStatusQuery, () => state);
  setHandler(
    obligationControlUpdate,
    async (req: ObligationControl) => {
      let definition: Obligation | undefined;
      if (req.action === 'change') {
        const r = loadObligation(req.definition);
        if (!r.ok) throw failure(r.error);
        definition = r.value.obligation;
      }
      const status = req.action === 'pause' ? 'paused' : req.action === 'retire' ? 'retired' : req.action === 'resume' ? 'active' : state.status;
      const version = definition ? state.version + 1 : state.version;
      await acts.recordObligationControl({
        eventId: `${obligation.id}/control/${req.requestId}`,
        obligationId: obligation.id,
        action: `obligation.${req.action === 'pause' ? 'paused' : req.action === 'resume' ? 'resumed' : req.action === 'change' ? 'changed' : 'retired'}`,
        at: Date.now(),
        actorId: req.actor.id,
        actorRole: req.actor.role,
        actorUnit: req.actor.unitCode,
        status,
        reasonVi: req.reasonVi ?? null,
        ...(definition ? { definition, version } : {}),
        workflowId: workflowInfo().workflowId,
      });
      if (definition) obligation = definition;
      state.status = status;
      state.version = version;
      changed += 1;
      return state;
    },
    {
      validator: (req: ObligationControl) => {
        if (state.status === 'retired') {
          refuse('OBLIGATION.RETIRED', 'Nghĩa vụ báo cáo đã chấm dứt, không thay đổi được', 'The obligation is retired and cannot change', 'action');
        }
        if (req.action === 'pause' && state.status === 'paused') {
          refuse('OBLIGATION.ALREADY_PAUSED', 'Nghĩa vụ báo cáo đang tạm dừng', 'The obligation is already paused', 'action');
        }
        if (req.action === 'resume' && state.status !== 'paused') {
          refuse('OBLIGATION.NOT_PAUSED', 'Nghĩa vụ báo cáo không tạm dừng, không cần tiếp tục', 'The obligation is not paused', 'action');
        }
        if (req.action === 'change') {
          const r = loadObligation(req.definition);
          if (!r.ok) throw failure(r.error);
          if (r.value.obligation.id !== obligation.id) {
            refuse('OBLIGATION.ID_CHANGED', 'Không được đổi mã nghĩa vụ báo cáo', 'The obligation id cannot change', 'definition.id');
          }
        }
      },
    },
  );

  const perRun = input.periodsPerRun ?? 6;
  // Issue 16: continue as new only once this run's period children have finished, and wait for the
  // last ones before the obligation ends. A child that completes after the run that started it has
  // closed is harmless on a real server (ParentClosePolicy.ABANDON), but the Java time-skipping test
  // server then never releases the lock it took for notifying that parent ("unlocked by the parent",
  // TestWorkflowMutableStateImpl; sdk-java#1540): its clock stops and a year-long test never ends.
  // Waiting costs nothing in production: a period's child ends with its escalation point, weeks
  // before the next period opens; when it does not, the next period still opens on time (below).
  const childrenFirst = patched('16-obligation-children-before-continue');
  let running = 0;
  let startedThisRun = 0;
  const continueNow = async (): Promise<never> => {
    await condition(allHandlersFinished);
    return await continueAsNew<typeof obligationWorkflow>({
      obligation,
      version: state.version,
      status: (state.status as string) === 'paused' ? 'paused' : 'active',
      lastPeriodEnd: state.lastPeriodEnd,
      ...(input.periodsPerRun !== undefined ? { periodsPerRun: input.periodsPerRun } : {}),
    });
  };
  for (;;) {
    if (state.status === 'retired') break;
    if (state.status === 'paused') {
      await condition(() => state.status !== 'paused');
      continue;
    }
    const seen = changed;
    const next = nextPeriods(obligation, state.lastPeriodEnd as LocalDate | null, localDateOf(Date.now() as InstantMs));
    if (next.length === 0) break; // validTo passed: nothing more is owed
    const opens = Math.min(...next.map((p) => opensAt(p)));
    if (childrenFirst && (startedThisRun >= perRun || workflowInfo().continueAsNewSuggested)) {
      // Wait for the children until the next period opens; a child still running then (or a stuck
      // one, after 4 × perRun periods) does not hold the next period back.
      if (running > 0 && opens > Date.now()) await condition(() => running === 0 || changed !== seen, opens - Date.now());
      if (changed !== seen) continue; // paused, changed or retired while waiting: decide again
      if (running === 0 || startedThisRun >= perRun * 4) return await continueNow();
    }
    if (opens > Date.now()) {
      const interrupted = await condition(() => changed !== seen, opens - Date.now());
      if (interrupted) continue; // paused, changed or retired while waiting: decide again
    }
    for (const period of next) {
      try {
        const child = await startChild(periodWorkflow, {
          workflowId: periodWorkflowId(obligation.id, period.key),
          args: [{ obligation, version: state.version, period }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        if (childrenFirst) {
          running += 1;
          void child
            .result()
            .catch(() => undefined)
            .finally(() => (running -= 1));
        }
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }
      state.started.push(period.key);
    }
    state.lastPeriodEnd = next[0]!.end;
    startedThisRun += 1;
    if (!childrenFirst && (startedThisRun >= perRun || workflowInfo().continueAsNewSuggested)) return await continueNow();
  }
  // The obligation ends (validTo passed, or retired) when its last periods' children have finished.
  if (childrenFirst) await condition(() => running === 0);
  await condition(allHandlersFinished);
  return state;
}

function names(list: readonly PendingReporter[]): string {
  return list.map((p) => p.name).join(', ');
}

/** The reminder to the reporters who have not reported (plain texts; names, never codes). */
function reminderNotice(o: Obligation, period: ObligationPeriod, point: ReminderPoint, pending: readonly PendingReporter[]): Notice {
  const due = formatVnDate(period.due);
  const when =
    point.kind === 'before'
      ? { vi: `còn ${-point.offsetDays} ngày đến hạn ${due}`, en: `${-point.offsetDays} days before the due date ${due}` }
      : point.kind === 'due'
        ? { vi: `hôm nay (${due}) là hạn nộp`, en: `due today (${due})` }
        : { vi: `đã quá hạn ${due} (${point.offsetDays} ngày)`, en: `overdue since ${due} (${point.offsetDays} days)` };
  const to = partyLabel(o.receiver);
  return {
    key: `obligation:${o.id}/${period.key}/${point.key}`,
    kind: point.kind,
    recipients: pending.map((p) => p.recipient),
    subjectVi: `[Báo cáo định kỳ] ${o.titleVi} — kỳ ${period.key}: ${when.vi}`,
    bodyVi: `Kính gửi: ${names(pending)}.\nBáo cáo "${o.titleVi}" kỳ ${period.key} (${formatVnDate(period.start)} – ${formatVnDate(period.end)}) gửi ${to.vi}: ${when.vi}.\nHạn: ${period.dueNoteVi}.`,
    subjectEn: `[Periodic report] ${o.titleEn} — period ${period.key}: ${when.en}`,
    bodyEn: `To: ${names(pending)}.\nThe report "${o.titleEn}" for ${period.key} (${formatVnDate(period.start)} – ${formatVnDate(period.end)}) to ${to.en}: ${when.en}.\nDue: ${period.dueNoteEn}.`,
    dueAt: new Date(period.dueAt).toISOString(),
  };
}

function escalationNotice(o: Obligation, period: ObligationPeriod, point: ReminderPoint, missing: readonly PendingReporter[]): Notice {
  const recipients = [o.receiver, ...(o.escalation ? [o.escalation.to] : [])].flatMap((p) => recipientsOf(p));
  return {
    key: `obligation:${o.id}/${period.key}/${point.key}`,
    kind: 'escalation',
    recipients,
    subjectVi: `[Báo cáo định kỳ] Chưa nộp báo cáo "${o.titleVi}" kỳ ${period.key}: ${missing.length} đơn vị`,
    bodyVi: `Đến ${formatVnDateTime(point.at)}, quá hạn ${formatVnDate(period.due)}, chưa nộp: ${names(missing)}.`,
    subjectEn: `[Periodic report] "${o.titleEn}" for ${period.key} missing from ${missing.length} reporters`,
    bodyEn: `As of ${formatVnDateTime(point.at)}, past the due date ${formatVnDate(period.due)}, not submitted: ${names(missing)}.`,
    dueAt: new Date(period.dueAt).toISOString(),
  };
}

function recipientsOf(p: Obligation['receiver']): Notice['recipients'] {
  switch (p.kind) {
    case 'departments':
      return p.codes.map((c) => ({ role: 'district_specialist' as const, unitCode: p.unitCode, department: c }));
    case 'role':
      return [{ role: p.role, unitCode: p.unitCode }];
    case 'unit':
      return [{ role: 'commune_official' as const, unitCode: p.unitCode }];
    case 'units':
      return [{ role: 'district_office' as const, unitCode: p.within }];
  }
}

/** One period of one obligation: its tasks, reminders on their dates, escalation when late. */
export async function periodWorkflow(input: PeriodWorkflowInput): Promise<PeriodWorkflowResult> {
  const { obligation: o, period } = input;
  const result: PeriodWorkflowResult = { periodKey: period.key, reporters: 0, reminded: [], escalated: [] };
  const reporters = await acts.openPeriodTasks({ obligation: o, version: input.version, period });
  result.reporters = reporters.length;
  const points = [...period.reminders].sort((a, b) => a.at - b.at);
  for (const point of points) {
    if (point.at > Date.now()) await sleep(point.at - Date.now());
    const recorded = await acts.obligationState(o.id);
    if (recorded?.status === 'retired') break;
    if (recorded?.status === 'paused') continue; // a paused obligation sends nothing; later points still run
    const pending = await acts.pendingReporters({ obligation: o, periodKey: period.key });
    if (pending.length === 0) break; // everyone reported
    if (point.kind === 'escalation') {
      const escalated = await acts.escalatePeriod({ obligation: o, version: input.version, period, workflowId: workflowInfo().workflowId, at: point.at });
      if (escalated.length > 0) await mail.notify(escalationNotice(o, period, point, escalated));
      result.escalated = escalated.map((e) => e.reporter);
      continue;
    }
    await mail.notify(reminderNotice(o, period, point, pending));
    result.reminded.push({ key: point.key, at: new Date(point.at).toISOString(), reporters: pending.map((p) => p.reporter) });
  }
  return result;
}
