import { formatVnDateTime, type InstantMs } from '../calendar/dates';
import { domainError, err, ok, type DomainError, type Result } from '../errors';
import type { ObligationPeriod } from './periods';

/**
 * The life of one reporter's report for one period (a period task), as a pure reducer:
 *
 *   open ──submit──▶ submitted ──accept──▶ accepted
 *                        │
 *                      return (reason)
 *                        ▼
 *                    returned ──resubmit──▶ resubmitted ──accept──▶ accepted
 *                        ▲                       │
 *                        └──────return───────────┘
 *
 * `late` is set when the FIRST submission comes after the end of the due day (a resubmission after a
 * return does not make an on-time report late; `lastSubmittedLate` records it). `escalate` is fed by
 * the scheduler at the period's escalation instant when nothing was submitted; it is refused earlier,
 * or once a report is in. Nothing here reads the clock: every event carries its instant, and instants
 * may not go backwards.
 *
 * Why a reducer and not an xstate machine (the dossier's choice): five states, no parallel regions,
 * no delayed transitions (Temporal owns time, as for dossiers) and one guard per event. A reducer over
 * plain data is the whole rule in one screen, serialises as-is into a DB row or workflow state, and
 * replays deterministically; `explainRefusal`'s job is done by the Result it returns.
 */

export type PeriodTaskStatus = 'open' | 'submitted' | 'returned' | 'resubmitted' | 'accepted';

export interface PeriodTaskEntry {
  readonly type: PeriodTaskEvent['type'];
  readonly at: InstantMs;
  readonly by: string;
  readonly reasonVi?: string;
}

export interface PeriodTask {
  readonly obligationId: string;
  readonly periodKey: string;
  readonly reporter: string;
  readonly dueAt: InstantMs;
  readonly escalationAt: InstantMs | null;
  readonly status: PeriodTaskStatus;
  readonly late: boolean;
  readonly lastSubmittedLate: boolean;
  readonly firstSubmittedAt: InstantMs | null;
  readonly lastSubmittedAt: InstantMs | null;
  readonly acceptedAt: InstantMs | null;
  readonly escalatedAt: InstantMs | null;
  readonly returns: number;
  readonly history: readonly PeriodTaskEntry[];
}

export type PeriodTaskEvent =
  | { readonly type: 'submit'; readonly at: InstantMs; readonly by: string }
  | { readonly type: 'accept'; readonly at: InstantMs; readonly by: string }
  | { readonly type: 'return'; readonly at: InstantMs; readonly by: string; readonly reasonVi: string; readonly reasonEn?: string }
  | { readonly type: 'resubmit'; readonly at: InstantMs; readonly by: string }
  | { readonly type: 'escalate'; readonly at: InstantMs; readonly by: string };

export function openPeriodTask(obligationId: string, period: Pick<ObligationPeriod, 'key' | 'dueAt' | 'escalationAt'>, reporter: string): PeriodTask {
  return {
    obligationId,
    periodKey: period.key,
    reporter,
    dueAt: period.dueAt,
    escalationAt: period.escalationAt,
    status: 'open',
    late: false,
    lastSubmittedLate: false,
    firstSubmittedAt: null,
    lastSubmittedAt: null,
    acceptedAt: null,
    escalatedAt: null,
    returns: 0,
    history: [],
  };
}

const ALLOWED: Readonly<Record<PeriodTaskEvent['type'], readonly PeriodTaskStatus[]>> = {
  submit: ['open'],
  accept: ['submitted', 'resubmitted'],
  return: ['submitted', 'resubmitted'],
  resubmit: ['returned'],
  escalate: ['open'],
};

const STATUS_VI: Record<PeriodTaskStatus, string> = {
  open: 'chưa nộp',
  submitted: 'đã nộp',
  returned: 'bị trả lại',
  resubmitted: 'đã nộp lại',
  accepted: 'đã tiếp nhận',
};
const EVENT_VI: Record<PeriodTaskEvent['type'], string> = {
  submit: 'nộp báo cáo',
  accept: 'tiếp nhận báo cáo',
  return: 'trả lại báo cáo',
  resubmit: 'nộp lại báo cáo',
  escalate: 'báo cáo lên cấp trên việc chưa nộp',
};

function refuse(code: string, vi: string, en: string, task: PeriodTask, event: PeriodTaskEvent): Result<never> {
  return err(domainError(code, vi, en, { details: { status: task.status, event: event.type, periodKey: task.periodKey, reporter: task.reporter } }));
}

/** Applies one event; refuses an illegal one with a coded, bilingual reason and changes nothing. */
export function applyPeriodTaskEvent(task: PeriodTask, event: PeriodTaskEvent): Result<PeriodTask> {
  if (!ALLOWED[event.type].includes(task.status)) {
    return refuse(
      'PERIOD_TASK.INVALID_TRANSITION',
      `Không thể ${EVENT_VI[event.type]} kỳ ${task.periodKey} khi báo cáo ${STATUS_VI[task.status]}`,
      `Cannot ${event.type} the ${task.periodKey} report while it is ${task.status}`,
      task,
      event,
    );
  }
  const last = task.history[task.history.length - 1];
  if (last && event.at < last.at) {
    return refuse(
      'PERIOD_TASK.TIME_REVERSED',
      `Thời điểm ${formatVnDateTime(event.at)} trước sự kiện trước đó (${formatVnDateTime(last.at)})`,
      `Instant ${formatVnDateTime(event.at)} is before the previous event (${formatVnDateTime(last.at)})`,
      task,
      event,
    );
  }
  const entry: PeriodTaskEntry = { type: event.type, at: event.at, by: event.by, ...(event.type === 'return' ? { reasonVi: event.reasonVi } : {}) };
  const history = [...task.history, entry];
  switch (event.type) {
    case 'submit': {
      const late = event.at > task.dueAt;
      return ok({ ...task, status: 'submitted', late, lastSubmittedLate: late, firstSubmittedAt: event.at, lastSubmittedAt: event.at, history });
    }
    case 'resubmit':
      return ok({ ...task, status: 'resubmitted', lastSubmittedLate: event.at > task.dueAt, lastSubmittedAt: event.at, history });
    case 'accept':
      return ok({ ...task, status: 'accepted', acceptedAt: event.at, history });
    case 'return':
      if (event.reasonVi.trim() === '') {
        return refuse('PERIOD_TASK.RETURN_NEEDS_REASON', 'Trả lại báo cáo phải nêu lý do', 'Returning a report needs a reason', task, event);
      }
      return ok({ ...task, status: 'returned', returns: task.returns + 1, history });
    case 'escalate':
      if (task.escalationAt === null) {
        return refuse('PERIOD_TASK.NO_ESCALATION', 'Nghĩa vụ này không có bước báo cáo cấp trên', 'This obligation never escalates', task, event);
      }
      if (task.escalatedAt !== null) {
        return refuse(
          'PERIOD_TASK.ALREADY_ESCALATED',
          `Đã báo cáo cấp trên lúc ${formatVnDateTime(task.escalatedAt)}`,
          `Already escalated at ${formatVnDateTime(task.escalatedAt)}`,
          task,
          event,
        );
      }
      if (event.at < task.escalationAt) {
        return refuse(
          'PERIOD_TASK.ESCALATION_NOT_DUE',
          `Chưa đến hạn báo cáo cấp trên (${formatVnDateTime(task.escalationAt)})`,
          `Escalation is not due before ${formatVnDateTime(task.escalationAt)}`,
          task,
          event,
        );
      }
      return ok({ ...task, escalatedAt: event.at, history });
  }
}

/** Applies events in order; stops at the first refusal. */
export function replayPeriodTask(task: PeriodTask, events: readonly PeriodTaskEvent[]): Result<PeriodTask, DomainError & { readonly index: number }> {
  let t = task;
  for (const [index, e] of events.entries()) {
    const r = applyPeriodTaskEvent(t, e);
    if (!r.ok) return err({ ...r.error, index });
    t = r.value;
  }
  return ok(t);
}

/** Open and past the end of the due day: what a status list shows as "quá hạn". */
export function isOverdue(task: PeriodTask, now: InstantMs): boolean {
  return task.status === 'open' && now > task.dueAt;
}

/** Whether the scheduler should escalate now. */
export function escalationDue(task: PeriodTask, now: InstantMs): boolean {
  return task.status === 'open' && task.escalationAt !== null && task.escalatedAt === null && now >= task.escalationAt;
}
