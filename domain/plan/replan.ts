/**
 * Issue 14: a plan's deadlines change after its campaign started (extensions are common). Pure rules for
 * what a change means to a running dossier — which of its deadlines moved, the points its watchers still
 * have to act on (a reminder already behind us is never sent again, neither the old one nor a new one
 * that now lies in the past), and the refusals (a finished dossier, a running stage moved into the past).
 */
import { z } from 'zod';
import { endOfDay, formatVnDate, LocalDateSchema, PlanStageSchema, ReminderKindSchema, type InstantMs, type LocalDate } from '../calendar';
import { ActorSchema, stageDone, type DossierDeadline, type DossierState } from '../dossier';
import { domainError, type DomainError } from '../errors';
import type { DeadlinePoint } from '../notices';

const ReminderPointSchema = z.object({
  kind: ReminderKindSchema,
  offsetDays: z.number().int(),
  date: LocalDateSchema,
  at: z.number().int(),
  key: z.string().min(1),
});

export const DossierDeadlineSchema = z.object({
  id: z.string().min(1),
  stage: PlanStageSchema,
  descriptionVi: z.string().min(1),
  due: LocalDateSchema,
  expiresAt: z.number().int(),
  schedule: z.array(ReminderPointSchema),
  dayCounting: z.enum(['calendar', 'working']).optional(),
  revision: z.number().int().min(0).optional(),
});

/** The `dossier.replan` Update's argument: the dossier's deadlines as the changed plan gives them. */
export const ReplanRequestSchema = z.object({
  /** One id per plan change: a retried fan-out applies it once. */
  changeId: z.string().min(1).max(300),
  actor: ActorSchema,
  reasonVi: z.string().trim().min(1).max(2000),
  deadlines: z.array(DossierDeadlineSchema),
});
export type ReplanRequest = z.infer<typeof ReplanRequestSchema>;

export interface DeadlineChange {
  deadlineId: string;
  descriptionVi: string;
  stage: DossierDeadline['stage'];
  from: LocalDate;
  to: LocalDate;
  scheduleChanged: boolean;
}

const sameSchedule = (a: DossierDeadline, b: DossierDeadline): boolean =>
  a.schedule.length === b.schedule.length && a.schedule.every((p, i) => p.key === b.schedule[i]!.key && p.at === b.schedule[i]!.at);

/** The dossier's deadlines that the new plan moves (due date or reminder schedule); others are not touched. */
export function deadlineChanges(current: readonly DossierDeadline[], next: readonly DossierDeadline[]): DeadlineChange[] {
  const out: DeadlineChange[] = [];
  for (const d of current) {
    const n = next.find((x) => x.id === d.id);
    if (!n) continue;
    const scheduleChanged = !sameSchedule(d, n);
    if (n.due === d.due && !scheduleChanged) continue;
    out.push({ deadlineId: d.id, descriptionVi: n.descriptionVi, stage: d.stage, from: d.due, to: n.due, scheduleChanged });
  }
  return out;
}

/** Deadlines of the new plan the dossier did not have (a deadline added after the campaign started). */
export function addedDeadlines(current: readonly DossierDeadline[], next: readonly DossierDeadline[]): DossierDeadline[] {
  return next.filter((n) => !current.some((c) => c.id === n.id));
}

/** An added deadline as the `deadline.changed` event records it: from and to its due date, a new schedule. */
export function additionChange(d: DossierDeadline): DeadlineChange {
  return { deadlineId: d.id, descriptionVi: d.descriptionVi, stage: d.stage, from: d.due, to: d.due, scheduleChanged: true };
}

/** The deadlines after a change: moved ones replaced (revision + 1), the rest as they were. */
export function replannedDeadlines(current: readonly DossierDeadline[], next: readonly DossierDeadline[]): DossierDeadline[] {
  const moved = new Set(deadlineChanges(current, next).map((c) => c.deadlineId));
  return current.map((d) => {
    if (!moved.has(d.id)) return d;
    const n = next.find((x) => x.id === d.id)!;
    return { ...n, revision: (d.revision ?? 0) + 1 };
  });
}

/**
 * What a watcher still does for a moved deadline: the new schedule's points strictly after now (none of
 * the points already behind is sent, so nothing goes out twice), and the expiry if it lies ahead and the
 * stage is not already marked late.
 */
export function pointsAfterReplan(d: Pick<DossierDeadline, 'schedule' | 'expiresAt'>, now: InstantMs, alreadyLate: boolean): DeadlinePoint[] {
  const points: DeadlinePoint[] = d.schedule.filter((p) => p.at > now).map((p): DeadlinePoint => ({ at: p.at, kind: 'reminder', point: p }));
  if (!alreadyLate && d.expiresAt > now) points.push({ at: d.expiresAt, kind: 'expiry' });
  return points.sort((a, b) => a.at - b.at);
}

/**
 * Why a running dossier refuses the change, or null: a dossier already decided or closed, or a deadline
 * of a stage it has not finished moved to a day already over.
 */
export function replanRefusal(
  state: DossierState,
  finished: boolean,
  current: readonly DossierDeadline[],
  next: readonly DossierDeadline[],
  now: InstantMs,
): DomainError | null {
  if (finished) {
    return domainError(
      'PLAN.DOSSIER_FINISHED',
      'Hồ sơ đã có quyết định hoặc đã kết thúc: không đổi hạn được nữa',
      'The dossier is decided or closed: its deadlines can no longer change',
      { path: 'deadlines' },
    );
  }
  for (const c of deadlineChanges(current, next)) {
    const i = next.findIndex((x) => x.id === c.deadlineId);
    if (!stageDone(c.stage, state) && endOfDay(c.to) < now) {
      return domainError(
        'PLAN.DEADLINE_IN_PAST',
        `Hạn mới của "${c.descriptionVi}" (${formatVnDate(c.to)}) đã qua, trong khi bước này của hồ sơ còn đang thực hiện`,
        `The new deadline "${c.deadlineId}" (${formatVnDate(c.to)}) is already past while this stage of the dossier is still running`,
        { path: `deadlines.${i}.due` },
      );
    }
  }
  return null;
}

/**
 * The timeline's words for a change: the reason, then each moved deadline "31/08/2027 → 30/09/2027", then
 * each added one "thêm hạn: … (hạn 15/10/2027)".
 */
export function describeChange(
  changes: readonly DeadlineChange[],
  reasonVi: string,
  added: readonly Pick<DossierDeadline, 'descriptionVi' | 'due'>[] = [],
): string {
  const moves = changes.map((c) =>
    c.from === c.to
      ? `${c.descriptionVi}: lịch nhắc hạn thay đổi (hạn ${formatVnDate(c.to)})`
      : `${c.descriptionVi}: ${formatVnDate(c.from)} → ${formatVnDate(c.to)}`,
  );
  const adds = added.map((d) => `thêm hạn: ${d.descriptionVi} (hạn ${formatVnDate(d.due)})`);
  return `${reasonVi} — ${[...moves, ...adds].join('; ')}`.slice(0, 2000);
}
