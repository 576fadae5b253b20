import { z } from 'zod';
import { InvariantError, type Result } from '../errors';
import { parseWith } from '../validation';
import { addCalendarDays, instantAt, LocalTimeSchema, type InstantMs, type LocalDate } from './dates';
import { vietnamHolidayCalendar } from './holiday-data';
import { addWorkingDays, nextWorkingDayOrSame, previousWorkingDayOrSame, type HolidayCalendar } from './holidays';

/**
 * When to remind people of a deadline, as data, and the pure schedule it produces.
 *
 * Offsets count calendar days by default (`dayCounting: 'calendar'`): "7 days before 31/08" is 24/08
 * whatever the weekday. With `dayCounting: 'working'` they count working days of the holiday calendar.
 * With `offDayShift: 'adjacentWorkingDay'`, a reminder that would fall on a weekend or holiday moves to
 * the previous working day when it comes before the deadline and to the next working day when it comes
 * after (an overdue notice must never arrive before the deadline). The due-day point always stays on
 * the deadline day itself. Every point is sent at `sendAtLocalTime`, Vietnam time.
 */
export const ReminderPolicySchema = z
  .object({
    daysBefore: z.array(z.int().positive().max(366)).default([14, 7, 3, 1]),
    onTheDay: z.boolean().default(true),
    overdueEveryDays: z.int().positive().max(366).default(3),
    /** How many overdue reminders at most (the horizon of the schedule). */
    maxOverdueReminders: z.int().min(0).max(100).default(10),
    /** Escalate to the next level after this many days overdue; null for never. */
    escalateAfterDaysOverdue: z.int().positive().max(366).nullable().default(5),
    sendAtLocalTime: LocalTimeSchema.default('08:00'),
    dayCounting: z.enum(['calendar', 'working']).default('calendar'),
    offDayShift: z.enum(['none', 'adjacentWorkingDay']).default('none'),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<number>();
    p.daysBefore.forEach((d, i) => {
      if (seen.has(d)) {
        ctx.addIssue({ code: 'custom', path: ['daysBefore', i], message: `${d} ngày trước bị lặp (duplicate offset ${d})` });
      }
      seen.add(d);
    });
  });
export type ReminderPolicy = z.infer<typeof ReminderPolicySchema>;
export type ReminderPolicyInput = z.input<typeof ReminderPolicySchema>;

export function loadReminderPolicy(input: unknown): Result<ReminderPolicy> {
  return parseWith(ReminderPolicySchema, input, 'REMINDER.INVALID_POLICY');
}

export const defaultReminderPolicy: ReminderPolicy = (() => {
  const r = ReminderPolicySchema.safeParse({});
  if (!r.success) throw new InvariantError('Default reminder policy does not parse');
  return r.data;
})();

export const ReminderKindSchema = z.enum(['before', 'due', 'overdue', 'escalation']);
export type ReminderKind = z.infer<typeof ReminderKindSchema>;

export interface ReminderPoint {
  readonly kind: ReminderKind;
  /** Nominal offset from the deadline in the policy's day counting: negative before, 0 due, positive after. */
  readonly offsetDays: number;
  /** The local date the reminder is sent (after any off-day shift). */
  readonly date: LocalDate;
  /** Epoch ms of `sendAtLocalTime` on `date`. */
  readonly at: InstantMs;
  /** Stable per deadline and policy: `before-7`, `due`, `overdue-3`, `escalation-5`. Use it as an idempotency key. */
  readonly key: string;
}

const KIND_ORDER: Record<ReminderKind, number> = { before: 0, due: 1, overdue: 2, escalation: 3 };

/**
 * The reminder points for one deadline, sorted by time. Before-points whose shifted dates coincide are
 * merged into the one nearest the deadline (one message, not two, on the same morning).
 */
export function reminderSchedule(deadline: LocalDate, policy: ReminderPolicy, cal: HolidayCalendar = vietnamHolidayCalendar): ReminderPoint[] {
  const offsetDate = (offset: number): LocalDate =>
    policy.dayCounting === 'working' ? addWorkingDays(deadline, offset, cal) : addCalendarDays(deadline, offset);
  const shift = (date: LocalDate, offset: number): LocalDate => {
    if (policy.offDayShift === 'none') return date;
    return offset < 0 ? previousWorkingDayOrSame(date, cal) : nextWorkingDayOrSame(date, cal);
  };
  const point = (kind: ReminderKind, offsetDays: number, key: string): ReminderPoint => {
    const date = kind === 'due' ? deadline : shift(offsetDate(offsetDays), offsetDays);
    return { kind, offsetDays, date, at: instantAt(date, policy.sendAtLocalTime), key };
  };

  const points: ReminderPoint[] = [];
  const beforeByDate = new Map<LocalDate, ReminderPoint>();
  for (const n of policy.daysBefore) {
    const p = point('before', -n, `before-${n}`);
    const other = beforeByDate.get(p.date);
    if (!other || p.offsetDays > other.offsetDays) beforeByDate.set(p.date, p);
  }
  points.push(...beforeByDate.values());
  if (policy.onTheDay) points.push(point('due', 0, 'due'));
  for (let i = 1; i <= policy.maxOverdueReminders; i++) {
    const n = i * policy.overdueEveryDays;
    points.push(point('overdue', n, `overdue-${n}`));
  }
  if (policy.escalateAfterDaysOverdue !== null) {
    const n = policy.escalateAfterDaysOverdue;
    points.push(point('escalation', n, `escalation-${n}`));
  }
  return points.sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.offsetDays - b.offsetDays);
}

/** The first point strictly after `nowMs`, for a workflow's next timer; undefined when none is left. */
export function nextReminderAfter(schedule: readonly ReminderPoint[], nowMs: InstantMs): ReminderPoint | undefined {
  return schedule.find((p) => p.at > nowMs);
}

/**
 * Points in (fromMs, toMs]: what a workflow that slept from `fromMs` to `toMs` (or was down) owes.
 * Send them oldest first, keyed by `key`, so a retry never sends one twice.
 */
export function remindersBetween(schedule: readonly ReminderPoint[], fromMs: InstantMs, toMs: InstantMs): ReminderPoint[] {
  return schedule.filter((p) => p.at > fromMs && p.at <= toMs);
}
