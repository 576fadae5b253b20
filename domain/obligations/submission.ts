import { formatVnDate, formatVnDateTime, localDateOf, type InstantMs } from '../calendar/dates';
import { vietnamHolidayCalendar } from '../calendar/holiday-data';
import type { HolidayCalendar } from '../calendar/holidays';
import { domainError, err, ok, type Result } from '../errors';
import { findPeriod, type ObligationPeriod } from './periods';
import { describeParty, type Obligation, type Party } from './schema';

/**
 * Whether a periodic report may be submitted now, as a pure check on the obligation, the period key,
 * the reporter, the instant and the submissions already recorded.
 *
 * Refusals (Results, never throws):
 *   OBLIGATION.UNKNOWN_PERIOD / OBLIGATION.PERIOD_NOT_OWED  (from `findPeriod`)
 *   OBLIGATION.NOT_A_REPORTER   the reporter is not one the obligation names
 *   OBLIGATION.PERIOD_NOT_OPEN  before the period's `opens` day (a future period, or one not ended
 *                               when the rule opens submissions at the period's end)
 *   OBLIGATION.ALREADY_SUBMITTED the same reporter already submitted this period (including through
 *                               a key it covers: Q2 and 6 months are one report in merge mode). A
 *                               report that was returned is resubmitted through the period task
 *                               (lifecycle.ts), not submitted again.
 * Accepted submissions say whether they are late (after the end of the due day, Vietnam time).
 */

export interface ExistingSubmission {
  readonly obligationId: string;
  /** The canonical key (`ObligationPeriod.key`) the submission was recorded under. */
  readonly periodKey: string;
  /** Unit code or department code of the reporter. */
  readonly reporter: string;
}

export interface SubmissionRequest {
  readonly obligation: Obligation;
  /** As the reporter names it; a covered key (`2026-Q2`) resolves to its report (`2026-H1`). */
  readonly periodKey: string;
  /** Unit code (units, unit, role) or department code (departments). */
  readonly reporter: string;
  readonly at: InstantMs;
  readonly existing: readonly ExistingSubmission[];
  readonly calendar?: HolidayCalendar;
}

export interface AcceptedSubmission {
  readonly period: ObligationPeriod;
  /** The canonical key to record. */
  readonly periodKey: string;
  readonly late: boolean;
}

function isWithin(code: string, ancestor: string): boolean {
  return code === ancestor || code.startsWith(`${ancestor}/`);
}

/** Whether `reporter` is one of the parties the obligation's reporter names. Unit sets match by code prefix. */
export function isReporter(p: Party, reporter: string): boolean {
  switch (p.kind) {
    case 'departments':
      return (p.codes as readonly string[]).includes(reporter);
    case 'unit':
    case 'role':
      return p.unitCode === reporter;
    case 'units':
      return reporter !== p.within && isWithin(reporter, p.within);
  }
}

export function checkSubmission(req: SubmissionRequest): Result<AcceptedSubmission> {
  const { obligation: o, reporter, at } = req;
  const cal = req.calendar ?? vietnamHolidayCalendar;
  const found = findPeriod(o, req.periodKey, cal);
  if (!found.ok) return found;
  const period = found.value;

  if (!isReporter(o.reporter, reporter)) {
    const who = describeParty(o.reporter);
    return err(
      domainError(
        'OBLIGATION.NOT_A_REPORTER',
        `"${reporter}" không thuộc đối tượng phải báo cáo của nghĩa vụ "${o.titleVi}" (${who.vi})`,
        `"${reporter}" is not a reporter of obligation "${o.titleEn}" (${who.en})`,
        { path: 'reporter', details: { reporter, obligationId: o.id } },
      ),
    );
  }

  const today = localDateOf(at);
  if (today < period.opens) {
    const future = today < period.start;
    return err(
      domainError(
        'OBLIGATION.PERIOD_NOT_OPEN',
        future
          ? `Kỳ ${period.key} chưa bắt đầu (từ ${formatVnDate(period.start)}); chỉ nhận báo cáo từ ngày ${formatVnDate(period.opens)}`
          : `Kỳ ${period.key} chưa kết thúc (đến ${formatVnDate(period.end)}); chỉ nhận báo cáo từ ngày ${formatVnDate(period.opens)}`,
        future
          ? `Period ${period.key} has not begun (starts ${formatVnDate(period.start)}); reports are accepted from ${formatVnDate(period.opens)}`
          : `Period ${period.key} has not ended (ends ${formatVnDate(period.end)}); reports are accepted from ${formatVnDate(period.opens)}`,
        { path: 'periodKey', details: { periodKey: period.key, opens: period.opens, submittedAt: formatVnDateTime(at) } },
      ),
    );
  }

  const keys = new Set([period.key, ...period.covers]);
  const dup = req.existing.find((s) => s.obligationId === o.id && s.reporter === reporter && keys.has(s.periodKey));
  if (dup) {
    return err(
      domainError(
        'OBLIGATION.ALREADY_SUBMITTED',
        `"${reporter}" đã nộp báo cáo kỳ ${period.key}${dup.periodKey !== period.key ? ` (dưới mã ${dup.periodKey})` : ''}; nếu báo cáo bị trả lại, hãy nộp lại báo cáo đó`,
        `"${reporter}" already submitted the report for ${period.key}${dup.periodKey !== period.key ? ` (as ${dup.periodKey})` : ''}; if it was returned, resubmit it`,
        { path: 'periodKey', details: { periodKey: period.key, reporter, obligationId: o.id } },
      ),
    );
  }
  return ok({ period, periodKey: period.key, late: at > period.dueAt });
}
