import { z } from 'zod';
import { domainError, err, ok, type Result } from '../errors';
import { parseWith } from '../validation';
import { fromDayNumber, LocalDateSchema, toDayNumber, type LocalDate } from './dates';
import { isWorkingDay, type HolidayCalendar } from './holidays';

/**
 * A level's review clock, with suspension while the dossier is back at the commune.
 *
 * The clock runs in working days. The day the dossier arrives (`startedOn`) is not counted, the way
 * "within N working days of receipt" is usually read. A suspension `{ from, to }` means the dossier was
 * returned for supplementation on `from` and resubmitted on `to`: the return day still counts (the
 * reviewers worked it), the days after it up to and including the resubmission day do not, and the
 * clock resumes the next day. In other words the clock counts working days in (startedOn, from₁],
 * (to₁, from₂], … An open suspension (`to` absent) means the dossier is still at the commune: there is
 * no due date, only the working days left.
 *
 * The number of working days per level is configuration (`PlanYear.reviewDays`): the legal limits were
 * not found in a source.
 */

export const SuspensionSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema.optional(),
  reason: z.string().optional(),
});
export type Suspension = z.infer<typeof SuspensionSchema>;

export const ReviewClockInputSchema = z
  .object({
    startedOn: LocalDateSchema,
    workingDays: z.int().positive().max(1000),
    suspensions: z.array(SuspensionSchema).default([]),
  })
  .superRefine((c, ctx) => {
    let prevEnd: string = c.startedOn;
    c.suspensions.forEach((s, i) => {
      if (s.from < prevEnd) {
        ctx.addIssue({
          code: 'custom',
          path: ['suspensions', i, 'from'],
          message:
            i === 0
              ? `Trả hồ sơ ngày ${s.from} trước ngày bắt đầu thẩm tra ${c.startedOn} (returned before the review started)`
              : `Lần trả hồ sơ này bắt đầu ${s.from}, trước khi lần trước kết thúc ${prevEnd} (overlaps the previous suspension)`,
        });
      }
      if (s.to !== undefined && s.to < s.from) {
        ctx.addIssue({
          code: 'custom',
          path: ['suspensions', i, 'to'],
          message: `Ngày nộp lại ${s.to} trước ngày trả hồ sơ ${s.from} (resubmitted before it was returned)`,
        });
      }
      if (s.to === undefined && i < c.suspensions.length - 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['suspensions', i, 'to'],
          message: 'Chỉ lần trả hồ sơ cuối cùng được phép chưa nộp lại (only the last suspension may be open)',
        });
      }
      prevEnd = s.to ?? s.from;
    });
  });
export type ReviewClockInput = z.infer<typeof ReviewClockInputSchema>;
export type ReviewClockInputRaw = z.input<typeof ReviewClockInputSchema>;

export type ReviewClockState =
  | {
      readonly status: 'running';
      /** The last day of the review: the `workingDays`-th counted working day. */
      readonly due: LocalDate;
      /** Working days the clock stood still. */
      readonly suspendedWorkingDays: number;
    }
  | {
      readonly status: 'suspended';
      /** The day the dossier went back to the commune. */
      readonly since: LocalDate;
      readonly usedWorkingDays: number;
      readonly remainingWorkingDays: number;
    };

/** Computes the due date of a review (or, while suspended, what is left of it). */
export function reviewClock(input: ReviewClockInputRaw, cal: HolidayCalendar): Result<ReviewClockState> {
  const parsed = parseWith(ReviewClockInputSchema, input, 'REVIEW_CLOCK.INVALID');
  if (!parsed.ok) return parsed;
  const c = parsed.value;

  let used = 0;
  let suspendedWorkingDays = 0;
  let day = toDayNumber(c.startedOn);
  for (const s of c.suspensions) {
    // Count the running stretch (day, s.from].
    const from = toDayNumber(s.from);
    while (day < from) {
      day++;
      if (isWorkingDay(fromDayNumber(day), cal)) {
        used++;
        if (used === c.workingDays) return ok({ status: 'running', due: fromDayNumber(day), suspendedWorkingDays });
      }
    }
    if (s.to === undefined) {
      return ok({ status: 'suspended', since: s.from, usedWorkingDays: used, remainingWorkingDays: c.workingDays - used });
    }
    // Skip the suspended stretch (s.from, s.to].
    const to = toDayNumber(s.to);
    while (day < to) {
      day++;
      if (isWorkingDay(fromDayNumber(day), cal)) suspendedWorkingDays++;
    }
  }
  while (used < c.workingDays) {
    day++;
    if (isWorkingDay(fromDayNumber(day), cal)) used++;
  }
  return ok({ status: 'running', due: fromDayNumber(day), suspendedWorkingDays });
}

/**
 * Where a review stands on `asOf`: working days used and left, and whether it is overdue. The clock's
 * own days are counted up to and including `asOf`.
 */
export function reviewClockStatus(
  input: ReviewClockInputRaw,
  asOf: LocalDate,
  cal: HolidayCalendar,
): Result<{ usedWorkingDays: number; remainingWorkingDays: number; suspended: boolean; overdue: boolean; due?: LocalDate }> {
  const parsed = parseWith(ReviewClockInputSchema, input, 'REVIEW_CLOCK.INVALID');
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  if (asOf < c.startedOn) {
    return err(
      domainError(
        'REVIEW_CLOCK.INVALID',
        `Ngày xem xét ${asOf} trước ngày bắt đầu thẩm tra ${c.startedOn}`,
        `As-of date ${asOf} is before the review started on ${c.startedOn}`,
        { path: 'asOf' },
      ),
    );
  }
  // Only the suspensions known on asOf matter; one still open on asOf suspends the clock.
  const known = c.suspensions.filter((s) => s.from <= asOf).map((s) => (s.to !== undefined && s.to <= asOf ? s : { from: s.from }));
  const end = toDayNumber(asOf);
  let used = 0;
  let day = toDayNumber(c.startedOn);
  let suspended = false;
  for (const s of known) {
    const from = toDayNumber(s.from);
    while (day < from) {
      day++;
      if (isWorkingDay(fromDayNumber(day), cal)) used++;
    }
    if (s.to === undefined) {
      suspended = true;
      day = end;
      break;
    }
    day = Math.max(day, toDayNumber(s.to));
  }
  while (day < end) {
    day++;
    if (isWorkingDay(fromDayNumber(day), cal)) used++;
  }
  const state = reviewClock({ startedOn: c.startedOn, workingDays: c.workingDays, suspensions: known }, cal);
  if (!state.ok) return state;
  const due = state.value.status === 'running' ? state.value.due : undefined;
  return ok({
    usedWorkingDays: Math.min(used, c.workingDays),
    remainingWorkingDays: Math.max(c.workingDays - used, 0),
    suspended,
    overdue: due !== undefined && asOf > due,
    ...(due !== undefined ? { due } : {}),
  });
}
