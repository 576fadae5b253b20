import { z } from 'zod';
import { InvariantError, type Result } from '../errors';
import { parseWith } from '../validation';
import { addCalendarDays, fromDayNumber, isoWeekday, localDate, LocalDateSchema, toDayNumber, yearOf, type LocalDate } from './dates';
import { hungKingsDay, tetDate } from './lunar';

/**
 * Public holidays and working days in Vietnam.
 *
 * The statutory holidays are those of the Labour Code 2019, Art. 112(1): Tết Dương lịch 1/1; Tết Âm
 * lịch 5 days; Giỗ Tổ Hùng Vương 10/3 âm lịch; Ngày Chiến thắng 30/4; Quốc tế Lao động 1/5; Quốc khánh
 * 2/9 plus one adjacent day (1/9 or 3/9). Art. 112(3): the Prime Minister decides the exact Tết days and
 * the adjacent Quốc khánh day each year. Art. 111(3): a holiday falling on the weekly rest day is
 * compensated on the next working day (nghỉ bù). On top, the government announces swaps for civil
 * servants: a working day becomes a day off (hoán đổi) and a Saturday becomes a working day (làm bù).
 *
 * What the law fixes is computed; what the government decides each year is data (`HolidayYear`),
 * validated by zod and marked sourced or not. For a year without data the default rules apply:
 * Tết = the last day of the lunar year plus mùng 1-4 (configurable), Quốc khánh adjacent day = 1/9
 * (configurable: the government chose 3/9 in 2024 but 1/9 in 2025, so there is no fixed rule).
 */

export const HolidayKindSchema = z.enum([
  'new_year', // Tết Dương lịch
  'tet', // Tết Âm lịch
  'hung_kings', // Giỗ Tổ Hùng Vương
  'reunification', // Ngày Chiến thắng 30/4
  'labour', // Quốc tế Lao động 1/5
  'national_day', // Quốc khánh 2/9 and its adjacent day
  'compensatory', // nghỉ bù for a holiday on a weekly rest day (Art. 111(3))
  'announced', // a day off announced by the government (hoán đổi or other)
]);
export type HolidayKind = z.infer<typeof HolidayKindSchema>;

const AnnouncedDaySchema = z.object({
  date: LocalDateSchema,
  reasonVi: z.string().min(1),
  reasonEn: z.string().min(1).optional(),
});

export const SourceStatusSchema = z.enum(['sourced', 'partial', 'unsourced']);
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

export const HolidayYearSchema = z
  .object({
    year: z.int().min(1900).max(2199),
    /** sourced: every entry traced to an announcement; partial: some; unsourced: none (placeholder). */
    status: SourceStatusSchema,
    sources: z.array(z.string().min(1)).default([]),
    notes: z.array(z.string().min(1)).default([]),
    /** The five Tết days the government set, when they differ from the default rule. */
    tetDays: z.array(LocalDateSchema).length(5).optional(),
    /** The Quốc khánh day adjacent to 2/9 that the government chose: 1/9 or 3/9 of `year`. */
    nationalDayAdjacent: LocalDateSchema.optional(),
    /** Weekdays that become days off (hoán đổi, or a one-off day off). */
    extraDaysOff: z.array(AnnouncedDaySchema).default([]),
    /** Weekly rest days that become working days (làm bù). */
    extraWorkingDays: z.array(AnnouncedDaySchema).default([]),
  })
  .superRefine((y, ctx) => {
    const inYear = (d: string, path: (string | number)[]) => {
      if (!d.startsWith(`${y.year}-`)) {
        ctx.addIssue({ code: 'custom', path, message: `Ngày ${d} không thuộc năm ${y.year} (date ${d} is not in ${y.year})` });
      }
    };
    y.tetDays?.forEach((d, i) => inYear(d, ['tetDays', i]));
    if (y.tetDays && new Set(y.tetDays).size !== y.tetDays.length) {
      ctx.addIssue({ code: 'custom', path: ['tetDays'], message: 'Ngày Tết bị trùng (duplicate Tết day)' });
    }
    if (y.nationalDayAdjacent !== undefined && y.nationalDayAdjacent !== `${y.year}-09-01` && y.nationalDayAdjacent !== `${y.year}-09-03`) {
      ctx.addIssue({
        code: 'custom',
        path: ['nationalDayAdjacent'],
        message: `Ngày liền kề Quốc khánh phải là 01/09 hoặc 03/09/${y.year} (must be 1/9 or 3/9)`,
      });
    }
    y.extraDaysOff.forEach((d, i) => inYear(d.date, ['extraDaysOff', i, 'date']));
    y.extraWorkingDays.forEach((d, i) => inYear(d.date, ['extraWorkingDays', i, 'date']));
    const off = new Set(y.extraDaysOff.map((d) => d.date));
    y.extraWorkingDays.forEach((d, i) => {
      if (off.has(d.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['extraWorkingDays', i, 'date'],
          message: `Ngày ${d.date} vừa là ngày nghỉ vừa là ngày làm bù (both a day off and a working day)`,
        });
      }
    });
  });
export type HolidayYear = z.infer<typeof HolidayYearSchema>;

export const HolidayCalendarSchema = z
  .object({
    /** ISO weekdays of the weekly rest (1 = Monday … 7 = Sunday). Civil servants: Saturday and Sunday. */
    weekend: z.array(z.int().min(1).max(7)).max(6).default([6, 7]),
    /** Art. 111(3): a holiday on a weekly rest day is compensated on the next working day. */
    compensateWeekendHolidays: z.boolean().default(true),
    /** Default Tết rule when a year has no `tetDays`: this many days before mùng 1, the rest from mùng 1. */
    tetDaysBeforeNewYear: z.int().min(0).max(5).default(1),
    /** Default adjacent Quốc khánh day when a year has no `nationalDayAdjacent`. */
    nationalDayAdjacentDefault: z.enum(['before', 'after']).default('before'),
    years: z.array(HolidayYearSchema).default([]),
  })
  .superRefine((cal, ctx) => {
    if (new Set(cal.weekend).size !== cal.weekend.length) {
      ctx.addIssue({ code: 'custom', path: ['weekend'], message: 'Ngày nghỉ hằng tuần bị trùng (duplicate weekday)' });
    }
    const seen = new Map<number, number>();
    cal.years.forEach((y, i) => {
      const prev = seen.get(y.year);
      if (prev !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['years', i, 'year'],
          message: `Năm ${y.year} đã khai báo ở years.${prev} (year declared twice)`,
        });
      }
      seen.set(y.year, i);
      const weekend = new Set(cal.weekend);
      y.extraWorkingDays.forEach((d, j) => {
        if (!weekend.has(isoWeekday(d.date))) {
          ctx.addIssue({
            code: 'custom',
            path: ['years', i, 'extraWorkingDays', j, 'date'],
            message: `Ngày làm bù ${d.date} không phải ngày nghỉ hằng tuần (a make-up working day must be a weekly rest day)`,
          });
        }
      });
      y.extraDaysOff.forEach((d, j) => {
        if (weekend.has(isoWeekday(d.date))) {
          ctx.addIssue({
            code: 'custom',
            path: ['years', i, 'extraDaysOff', j, 'date'],
            message: `Ngày nghỉ thêm ${d.date} đã là ngày nghỉ hằng tuần (an extra day off must be a working weekday)`,
          });
        }
      });
    });
  });
export type HolidayCalendar = z.infer<typeof HolidayCalendarSchema>;
export type HolidayCalendarInput = z.input<typeof HolidayCalendarSchema>;

export function loadHolidayCalendar(input: unknown): Result<HolidayCalendar> {
  return parseWith(HolidayCalendarSchema, input, 'CALENDAR.INVALID_HOLIDAYS');
}

export interface Holiday {
  readonly date: LocalDate;
  readonly kind: HolidayKind;
  readonly nameVi: string;
  readonly nameEn: string;
}

interface YearTable {
  readonly holidays: ReadonlyMap<LocalDate, Holiday>;
  readonly extraWorking: ReadonlySet<LocalDate>;
  readonly data: HolidayYear | undefined;
}

const tables = new WeakMap<HolidayCalendar, Map<number, YearTable>>();

function statutoryHolidays(year: number, cal: HolidayCalendar, data: HolidayYear | undefined): Holiday[] {
  const out: Holiday[] = [];
  const add = (date: LocalDate, kind: HolidayKind, nameVi: string, nameEn: string) => out.push({ date, kind, nameVi, nameEn });

  add(localDate(`${year}-01-01`), 'new_year', 'Tết Dương lịch', "New Year's Day");

  const tet = tetDate(year);
  const tetDays = data?.tetDays ?? Array.from({ length: 5 }, (_, i) => addCalendarDays(tet, i - cal.tetDaysBeforeNewYear));
  for (const d of [...tetDays].sort()) add(d, 'tet', 'Tết Âm lịch', 'Lunar New Year (Tết)');

  add(hungKingsDay(year), 'hung_kings', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', "Hùng Kings' Commemoration Day");
  add(localDate(`${year}-04-30`), 'reunification', 'Ngày Chiến thắng (30/4)', 'Reunification Day');
  add(localDate(`${year}-05-01`), 'labour', 'Ngày Quốc tế Lao động (1/5)', 'International Labour Day');
  const adjacent = data?.nationalDayAdjacent ?? localDate(cal.nationalDayAdjacentDefault === 'before' ? `${year}-09-01` : `${year}-09-03`);
  for (const d of [localDate(`${year}-09-02`), adjacent].sort()) add(d, 'national_day', 'Quốc khánh', 'National Day');
  return out;
}

function buildYear(year: number, cal: HolidayCalendar): YearTable {
  const data = cal.years.find((y) => y.year === year);
  const weekend = new Set(cal.weekend);
  const holidays = new Map<LocalDate, Holiday>();
  const statutory = statutoryHolidays(year, cal, data).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const h of statutory) if (!holidays.has(h.date)) holidays.set(h.date, h);

  if (cal.compensateWeekendHolidays) {
    // Each statutory holiday on a weekly rest day gives one day off on the next day that is neither a
    // rest day nor already a holiday (Art. 111(3)); consecutive ones stack (Tết 2024: 10-11/02 → 13-14/02).
    for (const h of statutory) {
      if (!weekend.has(isoWeekday(h.date))) continue;
      let d = addCalendarDays(h.date, 1);
      while (weekend.has(isoWeekday(d)) || holidays.has(d)) d = addCalendarDays(d, 1);
      holidays.set(d, {
        date: d,
        kind: 'compensatory',
        nameVi: `Nghỉ bù ${h.nameVi}`,
        nameEn: `Compensatory day off for ${h.nameEn}`,
      });
    }
  }
  for (const d of data?.extraDaysOff ?? []) {
    if (!holidays.has(d.date)) {
      holidays.set(d.date, { date: d.date, kind: 'announced', nameVi: d.reasonVi, nameEn: d.reasonEn ?? d.reasonVi });
    }
  }
  return { holidays, extraWorking: new Set((data?.extraWorkingDays ?? []).map((d) => d.date)), data };
}

function yearTable(year: number, cal: HolidayCalendar): YearTable {
  let perCal = tables.get(cal);
  if (!perCal) {
    perCal = new Map();
    tables.set(cal, perCal);
  }
  let t = perCal.get(year);
  if (!t) {
    t = buildYear(year, cal);
    perCal.set(year, t);
  }
  return t;
}

/** Every day off other than the weekly rest in `year`, sorted: statutory, compensatory, announced. */
export function holidaysOfYear(year: number, cal: HolidayCalendar): Holiday[] {
  return [...yearTable(year, cal).holidays.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The holiday on `date`, if any (weekly rest days are not holidays). */
export function holidayOn(date: LocalDate, cal: HolidayCalendar): Holiday | undefined {
  return yearTable(yearOf(date), cal).holidays.get(date);
}

/** How a year's data was sourced; `undefined` when the calendar has no data for it (rules only). */
export function holidayYearStatus(year: number, cal: HolidayCalendar): SourceStatus | undefined {
  return yearTable(year, cal).data?.status;
}

export function isWorkingDay(date: LocalDate, cal: HolidayCalendar): boolean {
  const t = yearTable(yearOf(date), cal);
  if (t.extraWorking.has(date)) return true;
  if (cal.weekend.includes(isoWeekday(date))) return false;
  return !t.holidays.has(date);
}

function assertSomeWorkingDay(cal: HolidayCalendar): void {
  if (cal.weekend.length >= 7) throw new InvariantError('A calendar with no working weekday cannot count working days');
}

/**
 * The n-th working day after `date` (before it when n < 0); `date` itself when n = 0. The result of a
 * non-zero n is always a working day. "Within 5 working days of receipt" = `addWorkingDays(receipt, 5)`:
 * the day of receipt is not counted.
 */
export function addWorkingDays(date: LocalDate, n: number, cal: HolidayCalendar): LocalDate {
  if (!Number.isInteger(n)) throw new InvariantError(`Working days must be an integer, got ${n}`);
  assertSomeWorkingDay(cal);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let day = toDayNumber(date);
  while (remaining > 0) {
    day += step;
    if (isWorkingDay(fromDayNumber(day), cal)) remaining--;
  }
  return fromDayNumber(day);
}

/**
 * The working days stepped onto when walking from `a` to `b`: those in (a, b] when b ≥ a, and minus
 * those in [b, a) when b < a. So `workingDaysBetween(d, addWorkingDays(d, n)) === n` for every n.
 */
export function workingDaysBetween(a: LocalDate, b: LocalDate, cal: HolidayCalendar): number {
  const from = toDayNumber(a);
  const to = toDayNumber(b);
  let count = 0;
  if (to >= from) {
    for (let d = from + 1; d <= to; d++) if (isWorkingDay(fromDayNumber(d), cal)) count++;
    return count;
  }
  for (let d = to; d < from; d++) if (isWorkingDay(fromDayNumber(d), cal)) count++;
  return count === 0 ? 0 : -count;
}

/** `date` if it is a working day, else the nearest working day before it. */
export function previousWorkingDayOrSame(date: LocalDate, cal: HolidayCalendar): LocalDate {
  return isWorkingDay(date, cal) ? date : addWorkingDays(date, -1, cal);
}

/** `date` if it is a working day, else the nearest working day after it. */
export function nextWorkingDayOrSame(date: LocalDate, cal: HolidayCalendar): LocalDate {
  return isWorkingDay(date, cal) ? date : addWorkingDays(date, 1, cal);
}

/** Why a day is or is not a working day, for the UI ("thứ Bảy", "Tết Âm lịch", "làm bù"). */
export function describeDay(date: LocalDate, cal: HolidayCalendar): { working: boolean; reasonVi: string; reasonEn: string } {
  const t = yearTable(yearOf(date), cal);
  const made = t.data?.extraWorkingDays.find((d) => d.date === date);
  if (made) return { working: true, reasonVi: made.reasonVi, reasonEn: made.reasonEn ?? made.reasonVi };
  const h = t.holidays.get(date);
  if (h) return { working: false, reasonVi: h.nameVi, reasonEn: h.nameEn };
  if (cal.weekend.includes(isoWeekday(date))) {
    return { working: false, reasonVi: 'Ngày nghỉ hằng tuần', reasonEn: 'Weekly rest day' };
  }
  return { working: true, reasonVi: 'Ngày làm việc', reasonEn: 'Working day' };
}
