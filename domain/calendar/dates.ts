import { DateTime } from 'luxon';
import { z } from 'zod';
import { domainError, err, InvariantError, ok, type DomainError, type Result } from '../errors';

/**
 * Calendar dates and instants for the engine.
 *
 * Every date the engine talks about is a local date in Vietnam (zone Asia/Ho_Chi_Minh, UTC+7 since
 * 1975): a `LocalDate`, an ISO `yyyy-mm-dd` string checked by zod and branded so a raw string cannot
 * slip in unchecked. Timers need instants: `instantAt`, `startOfDay`, `endOfDay` turn a local date
 * (and a local time) into epoch milliseconds; `localDateOf` goes back. Nothing here reads the clock:
 * "now" is always an argument.
 *
 * Day arithmetic works on day numbers (days since 1970-01-01) computed with `Date.UTC`, a pure
 * function, so it never depends on the host's time zone.
 */

export const VN_ZONE = 'Asia/Ho_Chi_Minh';

/** Years the engine accepts. The lunar algorithm is reliable well beyond this range. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const LocalDateSchema = z
  .string()
  .regex(ISO_DATE, 'Ngày phải có dạng yyyy-mm-dd (date must be yyyy-mm-dd)')
  .refine((s) => {
    const m = ISO_DATE.exec(s);
    return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }, `Ngày không tồn tại hoặc ngoài khoảng ${MIN_YEAR}-${MAX_YEAR} (no such date, or outside ${MIN_YEAR}-${MAX_YEAR})`)
  .brand<'LocalDate'>();
/** A calendar date in Vietnam, `yyyy-mm-dd`. */
export type LocalDate = z.infer<typeof LocalDateSchema>;

export const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:mm (time must be HH:mm, 00:00-23:59)');
/** A wall-clock time in Vietnam, `HH:mm`. */
export type LocalTime = z.infer<typeof LocalTimeSchema>;

/** An instant as epoch milliseconds (what Temporal timers and the clock activity speak). */
export const InstantMsSchema = z.number().int().safe();
export type InstantMs = z.infer<typeof InstantMsSchema>;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function fromPartsUnchecked(p: DateParts): LocalDate {
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}` as LocalDate;
}

/** Parses an ISO `yyyy-mm-dd` date. */
export function parseLocalDate(input: string): Result<LocalDate> {
  const m = ISO_DATE.exec(input.trim());
  if (!m) {
    return err(
      domainError('CALENDAR.INVALID_DATE_FORMAT', `"${input}" không phải ngày dạng yyyy-mm-dd`, `"${input}" is not a yyyy-mm-dd date`, { details: { input } }),
    );
  }
  return fromParts({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, input);
}

/** Builds a LocalDate from year, month (1-12), day; refuses dates that do not exist (31/02). */
export function fromParts(p: DateParts, input?: string): Result<LocalDate> {
  const shown = input ?? `${pad2(p.day)}/${pad2(p.month)}/${p.year}`;
  if (!Number.isInteger(p.year) || p.year < MIN_YEAR || p.year > MAX_YEAR) {
    return err(
      domainError(
        'CALENDAR.INVALID_DATE',
        `Năm ${p.year} ngoài khoảng ${MIN_YEAR}-${MAX_YEAR} (ngày "${shown}")`,
        `Year ${p.year} is outside ${MIN_YEAR}-${MAX_YEAR} (date "${shown}")`,
        { details: { input: shown } },
      ),
    );
  }
  if (!Number.isInteger(p.month) || p.month < 1 || p.month > 12) {
    return err(
      domainError('CALENDAR.INVALID_DATE', `Tháng ${p.month} không tồn tại (ngày "${shown}")`, `There is no month ${p.month} (date "${shown}")`, {
        details: { input: shown },
      }),
    );
  }
  const dim = daysInMonth(p.year, p.month);
  if (!Number.isInteger(p.day) || p.day < 1 || p.day > dim) {
    return err(
      domainError(
        'CALENDAR.INVALID_DATE',
        `Ngày "${shown}" không tồn tại: tháng ${p.month}/${p.year} có ${dim} ngày`,
        `Date "${shown}" does not exist: ${p.year}-${pad2(p.month)} has ${dim} days`,
        { details: { input: shown, daysInMonth: dim } },
      ),
    );
  }
  return ok(fromPartsUnchecked(p));
}

/**
 * A LocalDate from a literal the programmer wrote (reference data, tests). A bad literal is a
 * programming error, so this throws; user input goes through `parseLocalDate` / `parseVnDate`.
 */
export function localDate(iso: string): LocalDate {
  const r = parseLocalDate(iso);
  if (!r.ok) throw new InvariantError(`Bad LocalDate literal "${iso}": ${r.error.messageEn}`);
  return r.value;
}

export function toParts(date: LocalDate): DateParts {
  const m = ISO_DATE.exec(date);
  if (!m) throw new InvariantError(`Not a LocalDate: "${date}"`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

const VN_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;

/**
 * Parses a Vietnamese `dd/mm/yyyy` date as official letters write it: single digits allowed
 * (`20/9/2021`), `.` or `-` accepted instead of `/` when used consistently (`15.11.2021`).
 * A date that does not exist (`31/02/2024`) is refused with `CALENDAR.INVALID_DATE`.
 */
export function parseVnDate(input: string): Result<LocalDate> {
  const m = VN_DATE.exec(input.trim());
  if (!m) {
    return err(
      domainError('CALENDAR.INVALID_DATE_FORMAT', `"${input}" không phải ngày dạng dd/mm/yyyy`, `"${input}" is not a dd/mm/yyyy date`, { details: { input } }),
    );
  }
  return fromParts({ day: Number(m[1]), month: Number(m[3]), year: Number(m[4]) }, input.trim());
}

/** `dd/mm/yyyy`, zero-padded: `20/09/2021`. */
export function formatVnDate(date: LocalDate): string {
  const p = toParts(date);
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year}`;
}

// ---- day numbers and calendar-day arithmetic -------------------------------------------------

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: LocalDate): number {
  const p = toParts(date);
  return Date.UTC(p.year, p.month - 1, p.day) / MS_PER_DAY;
}

/** Inverse of `toDayNumber`; throws if the result leaves the supported years (a programming error). */
export function fromDayNumber(n: number): LocalDate {
  if (!Number.isInteger(n)) throw new InvariantError(`Day number must be an integer, got ${n}`);
  const d = new Date(n * MS_PER_DAY);
  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvariantError(`Date arithmetic left the supported years ${MIN_YEAR}-${MAX_YEAR}`);
  }
  return fromPartsUnchecked({ year, month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `a` to `b` (positive when `b` is later). */
export function calendarDaysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** ISO weekday: 1 = Monday (thứ Hai) … 6 = Saturday (thứ Bảy), 7 = Sunday (Chủ nhật). */
export function isoWeekday(date: LocalDate): number {
  const n = toDayNumber(date);
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

const WEEKDAY_VI = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
export function weekdayNameVi(date: LocalDate): string {
  return WEEKDAY_VI[isoWeekday(date)]!;
}

export function compareLocalDate(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0; // ISO strings of 4-digit years sort chronologically
}

export function minLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/** The last day of a month: "hết tháng 8/2024" → 2024-08-31. */
export function endOfMonth(year: number, month: number): Result<LocalDate> {
  const first = fromParts({ year, month, day: 1 });
  if (!first.ok) return first;
  return fromParts({ year, month, day: daysInMonth(year, month) });
}

export function startOfYear(year: number): LocalDate {
  return localDate(`${year}-01-01`);
}

export function endOfYear(year: number): LocalDate {
  return localDate(`${year}-12-31`);
}

export function yearOf(date: LocalDate): number {
  return toParts(date).year;
}

// ---- instants ---------------------------------------------------------------------------------

function zoned(date: LocalDate, hour: number, minute: number, second: number, millisecond: number): number {
  const p = toParts(date);
  // Every unit is given, so luxon fills nothing from the clock.
  const dt = DateTime.fromObject({ year: p.year, month: p.month, day: p.day, hour, minute, second, millisecond }, { zone: VN_ZONE });
  if (!dt.isValid) throw new InvariantError(`Cannot place ${date} in ${VN_ZONE}: ${dt.invalidExplanation ?? ''}`);
  return dt.toMillis();
}

/** The instant of `time` (HH:mm, Vietnam) on `date`: `instantAt('2024-08-31', '08:00')`. */
export function instantAt(date: LocalDate, time: LocalTime): InstantMs {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !LocalTimeSchema.safeParse(time).success) throw new InvariantError(`Not a LocalTime: "${time}"`);
  return zoned(date, Number(m[1]), Number(m[2]), 0, 0);
}

/** 00:00:00.000 on `date` in Vietnam. */
export function startOfDay(date: LocalDate): InstantMs {
  return zoned(date, 0, 0, 0, 0);
}

/** 23:59:59.999 on `date` in Vietnam: the last instant a deadline "on `date`" is still met. */
export function endOfDay(date: LocalDate): InstantMs {
  return zoned(date, 23, 59, 59, 999);
}

function inVn(instant: InstantMs): DateTime {
  const dt = DateTime.fromMillis(instant, { zone: VN_ZONE });
  if (!dt.isValid) throw new InvariantError(`Invalid instant ${instant}`);
  return dt;
}

/** The Vietnamese calendar date an instant falls on. */
export function localDateOf(instant: InstantMs): LocalDate {
  const dt = inVn(instant);
  return fromPartsUnchecked({ year: dt.year, month: dt.month, day: dt.day });
}

/** `dd/mm/yyyy HH:mm` in Vietnam: `31/08/2024 08:00`. */
export function formatVnDateTime(instant: InstantMs): string {
  const dt = inVn(instant);
  return `${pad2(dt.day)}/${pad2(dt.month)}/${dt.year} ${pad2(dt.hour)}:${pad2(dt.minute)}`;
}

/** ISO 8601 in UTC (`2024-08-31T01:00:00.000Z`), for logs and the API. */
export function instantToIso(instant: InstantMs): string {
  return new Date(instant).toISOString();
}

/**
 * Parses an ISO 8601 instant. The offset is required (`Z` or `+07:00`): an instant without one is
 * ambiguous, and guessing the host's zone is exactly the bug this module exists to prevent.
 */
export function instantFromIso(iso: string): Result<InstantMs, DomainError> {
  const s = iso.trim();
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    return err(
      domainError(
        'CALENDAR.INVALID_INSTANT',
        `Thời điểm "${iso}" thiếu múi giờ (cần "Z" hoặc "+07:00")`,
        `Instant "${iso}" has no offset (needs "Z" or "+07:00")`,
        { details: { input: iso } },
      ),
    );
  }
  const dt = DateTime.fromISO(s, { setZone: true });
  if (!dt.isValid) {
    return err(
      domainError('CALENDAR.INVALID_INSTANT', `Thời điểm "${iso}" không hợp lệ`, `Instant "${iso}" is not valid ISO 8601`, {
        details: { input: iso },
      }),
    );
  }
  return ok(dt.toMillis());
}
