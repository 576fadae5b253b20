import {
  addCalendarDays,
  daysInMonth,
  endOfDay,
  formatVnDate,
  fromParts,
  localDate,
  startOfDay,
  toParts,
  type InstantMs,
  type LocalDate,
} from '../calendar/dates';
import { vietnamHolidayCalendar } from '../calendar/holiday-data';
import { addWorkingDays, nextWorkingDayOrSame, previousWorkingDayOrSame, type HolidayCalendar } from '../calendar/holidays';
import { reminderSchedule, type ReminderPoint, type ReminderPolicy } from '../calendar/reminders';
import { domainError, err, InvariantError, ok, type DomainError, type Result } from '../errors';
import { inForce, validateObligation, type Cadence, type DueRule, type Obligation, type PeriodKind, type ValidObligation } from './schema';

/**
 * The periods of an obligation and their dates.
 *
 * Periods are calendar periods of the reporting year: months, quarters, the first six months
 * (01/01-30/06), the first nine months (01/01-30/09) and the year — the cumulative reports
 * officials write ("báo cáo 6 tháng đầu năm", seed 004). A period is owed when it ENDS while the
 * obligation is in force (validFrom ≤ end ≤ validTo): an obligation issued in April owes the second
 * quarter's report, not the first's.
 *
 * Periods that end on the same day are one report when `coinciding: 'merge'` (the default): the
 * longer period is kept and `covers` lists the shorter ones (Q2 → 6 months, Q3 → 9 months, Q4 → year;
 * a month → its quarter). The kept period's cadence gives the due date.
 *
 * Each period carries its due date (per its cadence's rule, working days from the holiday calendar),
 * the instant after which a report is late (end of the due day, Vietnam time), the day submissions
 * open, and its reminder points (domain/calendar/reminders with the obligation's policy; the
 * escalation point is the obligation's `escalation.afterDaysOverdue`).
 */

export interface ObligationPeriod {
  /** `2026-03`, `2026-Q1`, `2026-H1`, `2026-9M`, `2026-Y`. */
  readonly key: string;
  readonly kind: PeriodKind;
  readonly year: number;
  readonly start: LocalDate;
  readonly end: LocalDate;
  /** Keys of shorter periods ending the same day that this report also answers (merge mode). */
  readonly covers: readonly string[];
  /** The first day a report may be submitted. */
  readonly opens: LocalDate;
  /** The last day the report is on time. */
  readonly due: LocalDate;
  /** 23:59:59.999 of `due`, Vietnam time: a report received after this is late. */
  readonly dueAt: InstantMs;
  /** Instant of the escalation point, or null when the obligation never escalates. */
  readonly escalationAt: InstantMs | null;
  readonly reminders: readonly ReminderPoint[];
  /** Why the due date is what it is, for the UI: "ngày 30 (tháng 2 có 28 ngày → 28/02)". */
  readonly dueNoteVi: string;
  readonly dueNoteEn: string;
}

const KIND_ORDER: Record<PeriodKind, number> = { month: 0, quarter: 1, 'half-year': 2, 'nine-months': 3, year: 4 };
const KEY_RE = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4])|(H1)|(9M)|(Y))$/;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDay(year: number, month: number): LocalDate {
  return localDate(`${year}-${pad2(month)}-${pad2(daysInMonth(year, month))}`);
}

interface Span {
  readonly key: string;
  readonly kind: PeriodKind;
  readonly year: number;
  readonly start: LocalDate;
  readonly end: LocalDate;
}

/** The periods of one kind in one calendar year. */
function spansOf(kind: PeriodKind, year: number): Span[] {
  const first = localDate(`${year}-01-01`);
  switch (kind) {
    case 'month':
      return Array.from({ length: 12 }, (_, i) => ({
        key: `${year}-${pad2(i + 1)}`,
        kind,
        year,
        start: localDate(`${year}-${pad2(i + 1)}-01`),
        end: lastDay(year, i + 1),
      }));
    case 'quarter':
      return [1, 2, 3, 4].map((q) => ({
        key: `${year}-Q${q}`,
        kind,
        year,
        start: localDate(`${year}-${pad2(q * 3 - 2)}-01`),
        end: lastDay(year, q * 3),
      }));
    case 'half-year':
      return [{ key: `${year}-H1`, kind, year, start: first, end: lastDay(year, 6) }];
    case 'nine-months':
      return [{ key: `${year}-9M`, kind, year, start: first, end: lastDay(year, 9) }];
    case 'year':
      return [{ key: `${year}-Y`, kind, year, start: first, end: lastDay(year, 12) }];
  }
}

/** Parses a period key into its span; undefined when the key is not one. */
export function parsePeriodKey(key: string): { year: number; kind: PeriodKind; start: LocalDate; end: LocalDate } | undefined {
  const m = KEY_RE.exec(key);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1900 || year > 2199) return undefined;
  const kind: PeriodKind = m[2] ? 'month' : m[3] ? 'quarter' : m[4] ? 'half-year' : m[5] ? 'nine-months' : 'year';
  const span = spansOf(kind, year).find((s) => s.key === key);
  return span && { year, kind, start: span.start, end: span.end };
}

function applyOffDay(date: LocalDate, rule: 'keep' | 'previous-working-day' | 'next-working-day', cal: HolidayCalendar): LocalDate {
  if (rule === 'previous-working-day') return previousWorkingDayOrSame(date, cal);
  if (rule === 'next-working-day') return nextWorkingDayOrSame(date, cal);
  return date;
}

/** The due date of a period ending on `end` under `rule`, with the reason in both languages. */
export function dueDateFor(end: LocalDate, rule: DueRule, cal: HolidayCalendar = vietnamHolidayCalendar): { due: LocalDate; noteVi: string; noteEn: string } {
  switch (rule.kind) {
    case 'day-of-month': {
      const e = toParts(end);
      const { year, month } = rule.month === 'next' ? (e.month === 12 ? { year: e.year + 1, month: 1 } : { year: e.year, month: e.month + 1 }) : e;
      if (rule.day < 1 || rule.day > 31) throw new InvariantError(`Due day ${rule.day} passed validation`);
      const dim = daysInMonth(year, month);
      const day = Math.min(rule.day, dim);
      const r = fromParts({ year, month, day });
      if (!r.ok) throw new InvariantError(r.error.messageEn);
      const shifted = applyOffDay(r.value, rule.offDay, cal);
      const clamp =
        day < rule.day
          ? {
              vi: ` (tháng ${month}/${year} có ${dim} ngày → ${formatVnDate(r.value)})`,
              en: ` (${year}-${pad2(month)} has ${dim} days → ${formatVnDate(r.value)})`,
            }
          : { vi: '', en: '' };
      const shift =
        shifted !== r.value ? { vi: `; ngày nghỉ → ${formatVnDate(shifted)}`, en: `; not a working day → ${formatVnDate(shifted)}` } : { vi: '', en: '' };
      const which =
        rule.month === 'next' ? { vi: 'tháng sau kỳ', en: 'of the month after the period' } : { vi: 'tháng cuối kỳ', en: "of the period's last month" };
      return {
        due: shifted,
        noteVi: `ngày ${rule.day} ${which.vi}${clamp.vi}${shift.vi}`,
        noteEn: `day ${rule.day} ${which.en}${clamp.en}${shift.en}`,
      };
    }
    case 'working-days-after-end': {
      const due = addWorkingDays(end, rule.days, cal);
      return {
        due,
        noteVi: `${rule.days} ngày làm việc sau ngày cuối kỳ ${formatVnDate(end)} (trừ thứ Bảy, Chủ nhật, ngày lễ, Tết)`,
        noteEn: `${rule.days} working days after the period's last day ${formatVnDate(end)} (weekends, holidays and Tết skipped)`,
      };
    }
    case 'calendar-days-after-end': {
      const raw = addCalendarDays(end, rule.days);
      const due = applyOffDay(raw, rule.offDay, cal);
      const shift = due !== raw ? { vi: `; ngày nghỉ → ${formatVnDate(due)}`, en: `; not a working day → ${formatVnDate(due)}` } : { vi: '', en: '' };
      return {
        due,
        noteVi: `${rule.days} ngày sau ngày cuối kỳ ${formatVnDate(end)}${shift.vi}`,
        noteEn: `${rule.days} days after the period's last day ${formatVnDate(end)}${shift.en}`,
      };
    }
  }
}

function opensFor(span: Span, cadence: Cadence): LocalDate {
  const anchor = cadence.opens.anchor === 'period-start' ? span.start : span.end;
  return addCalendarDays(anchor, cadence.opens.offsetDays);
}

/** The reminder policy a period uses: the obligation's, with its escalation delay. */
export function periodReminderPolicy(o: Obligation): ReminderPolicy {
  return { ...o.reminderPolicy, escalateAfterDaysOverdue: o.escalation?.afterDaysOverdue ?? null };
}

function build(o: Obligation, span: Span, covers: string[], cal: HolidayCalendar): ObligationPeriod {
  const cadence = o.cadences.find((c) => c.period === span.kind);
  if (!cadence) throw new InvariantError(`No cadence ${span.kind} in ${o.id}`);
  const { due, noteVi, noteEn } = dueDateFor(span.end, cadence.due, cal);
  const reminders = reminderSchedule(due, periodReminderPolicy(o), cal);
  return {
    ...span,
    covers,
    opens: opensFor(span, cadence),
    due,
    dueAt: endOfDay(due),
    escalationAt: reminders.find((p) => p.kind === 'escalation')?.at ?? null,
    reminders,
    dueNoteVi: noteVi,
    dueNoteEn: noteEn,
  };
}

/**
 * The owed periods of an obligation that END in [from, to] (inclusive), sorted by end date then by
 * length: a year's list is that year's reports, and a running year is not listed before it ends
 * (ask for its key with `findPeriod`). Pure: the holiday calendar is an argument (Vietnam's by default).
 */
export function periodsBetween(o: Obligation, from: LocalDate, to: LocalDate, cal: HolidayCalendar = vietnamHolidayCalendar): ObligationPeriod[] {
  if (to < from) return [];
  const y0 = toParts(from).year;
  const y1 = toParts(to).year;
  const spans: Span[] = [];
  for (let y = y0; y <= y1; y++) {
    for (const c of o.cadences) for (const s of spansOf(c.period, y)) if (s.end >= from && s.end <= to && inForce(o, s.end)) spans.push(s);
  }
  const byEnd = new Map<LocalDate, Span[]>();
  for (const s of spans) byEnd.set(s.end, [...(byEnd.get(s.end) ?? []), s]);
  const out: ObligationPeriod[] = [];
  for (const group of byEnd.values()) {
    group.sort((a, b) => KIND_ORDER[b.kind] - KIND_ORDER[a.kind]);
    if (o.coinciding === 'merge') {
      const [kept, ...rest] = group;
      out.push(
        build(
          o,
          kept!,
          rest.map((s) => s.key),
          cal,
        ),
      );
    } else {
      for (const s of group) out.push(build(o, s, [], cal));
    }
  }
  return out.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind]));
}

/**
 * The period a key names, resolved to the report that answers it: in merge mode `2026-Q2` resolves to
 * `2026-H1` when the obligation has both. Refused when the key is malformed, names a kind the
 * obligation does not have, or a period not owed (ending outside validity).
 */
export function findPeriod(o: Obligation, key: string, cal: HolidayCalendar = vietnamHolidayCalendar): Result<ObligationPeriod> {
  const parsed = parsePeriodKey(key);
  if (!parsed) {
    return err(
      domainError(
        'OBLIGATION.UNKNOWN_PERIOD',
        `"${key}" không phải mã kỳ báo cáo (dạng 2026-03, 2026-Q1, 2026-H1, 2026-9M, 2026-Y)`,
        `"${key}" is not a period key (2026-03, 2026-Q1, 2026-H1, 2026-9M, 2026-Y)`,
        { path: 'periodKey', details: { periodKey: key } },
      ),
    );
  }
  if (!o.cadences.some((c) => c.period === parsed.kind)) {
    return err(
      domainError('OBLIGATION.UNKNOWN_PERIOD', `Nghĩa vụ "${o.titleVi}" không có kỳ báo cáo ${key}`, `Obligation "${o.titleEn}" has no period ${key}`, {
        path: 'periodKey',
        details: { periodKey: key, obligationId: o.id },
      }),
    );
  }
  const period = periodsBetween(o, parsed.end, parsed.end, cal).find((p) => p.key === key || p.covers.includes(key));
  if (!period) {
    return err(
      domainError(
        'OBLIGATION.PERIOD_NOT_OWED',
        `Kỳ ${key} (kết thúc ${formatVnDate(parsed.end)}) ngoài thời gian hiệu lực của nghĩa vụ (từ ${formatVnDate(o.validFrom)}${o.validTo ? ` đến ${formatVnDate(o.validTo)}` : ''})`,
        `Period ${key} (ending ${formatVnDate(parsed.end)}) is outside the obligation's validity (from ${formatVnDate(o.validFrom)}${o.validTo ? ` to ${formatVnDate(o.validTo)}` : ''})`,
        { path: 'periodKey', details: { periodKey: key, obligationId: o.id } },
      ),
    );
  }
  return ok(period);
}

/** The next owed period whose due date is on or after `date` (what a scheduler waits for next). */
export function nextPeriodDue(o: Obligation, date: LocalDate, cal: HolidayCalendar = vietnamHolidayCalendar): ObligationPeriod | undefined {
  // Due dates trail period ends by at most a month plus 90 days: two years ahead is always enough.
  const from = addCalendarDays(date, -400);
  const to = addCalendarDays(date, 400);
  return periodsBetween(o, from, to, cal)
    .filter((p) => p.due >= date)
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))[0];
}

/**
 * Checks that every period opens on or before its due date (in a common and a leap year) and returns
 * the faults: a monthly report "due on the 30th" cannot open only on the month's last day.
 */
export function checkOpensBeforeDue(o: Obligation, cal: HolidayCalendar = vietnamHolidayCalendar): DomainError[] {
  const faults: DomainError[] = [];
  o.cadences.forEach((c, i) => {
    for (const year of [2023, 2024]) {
      const bad = spansOf(c.period, year).find((s) => opensFor(s, c) > dueDateFor(s.end, c.due, cal).due);
      if (bad) {
        const opens = opensFor(bad, c);
        const due = dueDateFor(bad.end, c.due, cal).due;
        faults.push(
          domainError(
            'OBLIGATION.OPENS_AFTER_DUE',
            `Kỳ ${bad.key}: ngày bắt đầu nhận báo cáo ${formatVnDate(opens)} sau hạn ${formatVnDate(due)}`,
            `Period ${bad.key}: submissions open on ${formatVnDate(opens)}, after the due date ${formatVnDate(due)}`,
            { path: `cadences.${i}.opens`, details: { periodKey: bad.key } },
          ),
        );
        return;
      }
    }
  });
  return faults;
}

/** `validateObligation` plus the date checks that need the calendar (`checkOpensBeforeDue`). */
export function loadObligation(input: unknown, cal: HolidayCalendar = vietnamHolidayCalendar): Result<ValidObligation> {
  const r = validateObligation(input);
  if (!r.ok) return r;
  const faults = checkOpensBeforeDue(r.value.obligation, cal);
  if (faults.length > 0) return err({ ...faults[0]!, details: { ...(faults[0]!.details ?? {}), faults } });
  return r;
}

/** The instant submissions open for a period (00:00 of `opens`, Vietnam time). */
export function opensAt(p: ObligationPeriod): InstantMs {
  return startOfDay(p.opens);
}
