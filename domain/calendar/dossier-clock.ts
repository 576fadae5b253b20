/**
 * A dossier level's review clock as people read it: working days (weekends, public holidays and Tết
 * excluded, swapped working Saturdays included) used and left of the plan's time limit, the due date,
 * and whether it is suspended (back at the commune) or overdue — from the clock the dossier machine
 * keeps (start, stops, open stop) and the plan's `reviewDays`. Pure: the caller passes today's date.
 */
import { err, ok, type Result } from '../errors';
import { localDateOf, type LocalDate } from './dates';
import type { HolidayCalendar } from './holidays';
import type { ReviewStage } from './plan';
import { reviewClockStatus } from './review-clock';

export interface MachineClock {
  level: string;
  startedAt?: string | undefined;
  suspendedSince?: string | undefined;
  suspensions: readonly { from: string; to: string }[];
}

export interface ReviewLimit {
  stage: ReviewStage;
  workingDays: number;
  sourced: boolean;
  note?: string | undefined;
}

export interface ReviewClockView {
  stage: ReviewStage;
  startedOn: LocalDate;
  workingDays: number;
  /** False: no legal source gave the limit; the plan's configurable placeholder is used. */
  sourced: boolean;
  usedWorkingDays: number;
  remainingWorkingDays: number;
  suspended: boolean;
  overdue: boolean;
  due?: LocalDate;
  stops: { from: LocalDate; to?: LocalDate }[];
}

/** Which plan review limit governs a level: the district's review, the province's appraisal, the commune recognising a village. */
export function reviewStageFor(level: string, title: string): ReviewStage | undefined {
  if (title.startsWith('village.')) return 'village.recognise';
  if (level === 'district') return 'district.review';
  if (level === 'province') return 'province.appraise';
  return undefined;
}

export function dossierReviewClock(
  clock: MachineClock,
  title: string,
  limits: readonly ReviewLimit[],
  today: LocalDate,
  cal: HolidayCalendar,
): Result<ReviewClockView | undefined> {
  if (!clock.startedAt) return ok(undefined);
  const stage = reviewStageFor(clock.level, title);
  const limit = stage ? limits.find((l) => l.stage === stage) : undefined;
  if (!stage || !limit) return ok(undefined);
  const startedOn = localDateOf(Date.parse(clock.startedAt));
  const stops: { from: LocalDate; to?: LocalDate }[] = [
    ...clock.suspensions.map((s) => ({ from: localDateOf(Date.parse(s.from)), to: localDateOf(Date.parse(s.to)) })),
    ...(clock.suspendedSince ? [{ from: localDateOf(Date.parse(clock.suspendedSince)) }] : []),
  ];
  const asOf = today < startedOn ? startedOn : today;
  const r = reviewClockStatus({ startedOn, workingDays: limit.workingDays, suspensions: stops }, asOf, cal);
  if (!r.ok) return err(r.error);
  return ok({ stage, startedOn, workingDays: limit.workingDays, sourced: limit.sourced, stops, ...r.value });
}
