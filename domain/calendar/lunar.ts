import { z } from 'zod';
import { domainError, err, InvariantError, ok, type Result } from '../errors';
import { fromDayNumber, MAX_YEAR, MIN_YEAR, toDayNumber, type LocalDate } from './dates';

/**
 * The Vietnamese lunisolar calendar (âm lịch).
 *
 * Vietnam computes its lunar calendar for the meridian 105°E (UTC+7); China uses 120°E (UTC+8).
 * When a new moon falls between 16:00 and 17:00 UTC the two calendars start the month on different
 * days, which is why Tết differs in some years (1985: 21/01 in Vietnam, 20/02 in China; 2007: 17/02
 * against 18/02). A Chinese-calendar library is therefore wrong for Vietnam in those years.
 *
 * The rules (as in the calendars published in Vietnam and in Hồ Ngọc Đức's description of them):
 * - a month starts on the local day of a new moon;
 * - the 11th month contains the winter solstice;
 * - a year with 13 months between two 11th months has a leap month: the first month after the 11th
 *   that contains no major solar term (trung khí); it repeats the number of the month before it.
 *
 * New moons and the sun's longitude are computed with the truncated series from Jean Meeus,
 * "Astronomical Algorithms" (1998), chapters 25 and 49: accurate to minutes, which is enough for
 * civil dates except for a new moon within minutes of local midnight. This implementation is our own
 * (no package): the candidates in the npm registry were either obfuscated (`@dqcai/vn-lunar`),
 * licensed for personal non-commercial use only (`amlich`, a copy of Hồ Ngọc Đức's code), or read
 * the host's time zone by default (`vietnamese-lunar-calendar`). It sits behind `LunarCalendar`, so a
 * vetted package can replace it without touching callers.
 */

export const LunarDateSchema = z.object({
  year: z.int().min(MIN_YEAR).max(MAX_YEAR),
  month: z.int().min(1).max(12),
  day: z.int().min(1).max(30),
  /** True for the repeated (leap) month, tháng nhuận. */
  leap: z.boolean().default(false),
});
export type LunarDate = z.infer<typeof LunarDateSchema>;

/** What the rest of the engine needs from a lunar calendar. */
export interface LunarCalendar {
  /** Lunar date of a solar (Gregorian) date. */
  toLunar(date: LocalDate): LunarDate;
  /** Solar date of a lunar date; refuses days and leap months that do not exist that year. */
  toSolar(lunar: LunarDate): Result<LocalDate>;
  /** Mùng 1 tháng Giêng (Tết Nguyên Đán) of the lunar year that starts in Gregorian `year`. */
  newYear(year: number): LocalDate;
}

// ---- astronomy ---------------------------------------------------------------------------------

const DEG = Math.PI / 180;
/** Julian day number of 1970-01-01. */
const JDN_UNIX_EPOCH = 2440588;
/** Julian day of the new moon of 1900-01-01 13:52 UTC, the k = 0 origin of `newMoonJd`. */
const NEW_MOON_ORIGIN = 2415021.076998695;
const SYNODIC_MONTH = 29.530588853;

/** Julian day (UT, fractional) of the k-th new moon after the one of 1900-01-01 (Meeus ch. 49, truncated). */
function newMoonJd(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = (359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3) * DEG; // sun's mean anomaly
  const Mp = (306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3) * DEG; // moon's mean anomaly
  const F = (21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3) * DEG; // moon's argument of latitude
  const correction =
    (0.1734 - 0.000393 * T) * Math.sin(M) +
    0.0021 * Math.sin(2 * M) -
    0.4068 * Math.sin(Mp) +
    0.0161 * Math.sin(2 * Mp) -
    0.0004 * Math.sin(3 * Mp) +
    0.0104 * Math.sin(2 * F) -
    0.0051 * Math.sin(M + Mp) -
    0.0074 * Math.sin(M - Mp) +
    0.0004 * Math.sin(2 * F + M) -
    0.0004 * Math.sin(2 * F - M) -
    0.0006 * Math.sin(2 * F + Mp) +
    0.001 * Math.sin(2 * F - Mp) +
    0.0005 * Math.sin(2 * Mp + M);
  // ΔT (TT − UT) in days, polynomial fit.
  const deltaT = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + correction - deltaT;
}

/** Apparent longitude of the sun in radians, [0, 2π), at Julian day `jd` (Meeus ch. 25, low precision). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const M = (357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2) * DEG;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  const C = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(M) + (0.019993 - 0.000101 * T) * Math.sin(2 * M) + 0.00029 * Math.sin(3 * M);
  const L = (L0 + C) * DEG;
  return L - 2 * Math.PI * Math.floor(L / (2 * Math.PI));
}

/**
 * Which 30° sector (0-11) the sun is in at local midnight starting day `jdn`. Sector 0 begins at the
 * March equinox; a month containing a major solar term is one whose start and end sectors differ.
 */
function sunSector(jdn: number, tz: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - tz / 24) / Math.PI) * 6);
}

/** Julian day number of the local day on which the k-th new moon falls. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + tz / 24);
}

function jdnOf(date: LocalDate): number {
  return toDayNumber(date) + JDN_UNIX_EPOCH;
}

function dateOfJdn(jdn: number): LocalDate {
  return fromDayNumber(jdn - JDN_UNIX_EPOCH);
}

function jdnOfParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000 + JDN_UNIX_EPOCH;
}

/** Julian day number of the first day of the lunar month containing the winter solstice of `year`. */
function month11Start(year: number, tz: number): number {
  const k = Math.floor((jdnOfParts(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  // If the sun is already past 270° at that new moon, the solstice lies in the month before.
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

interface LunarMonthSpan {
  readonly start: number; // JDN of day 1
  readonly length: number; // 29 or 30
  readonly month: number;
  readonly leap: boolean;
  readonly lunarYear: number;
}

/**
 * The lunar months from month 11 of Gregorian `year` up to (not including) month 11 of `year + 1`:
 * months 11 and 12 belong to lunar year `year`, months 1-10 to lunar year `year + 1`.
 */
function monthsFromMonth11(year: number, tz: number): LunarMonthSpan[] {
  const a11 = month11Start(year, tz);
  const b11 = month11Start(year + 1, tz);
  const k0 = Math.floor((a11 - NEW_MOON_ORIGIN) / SYNODIC_MONTH + 0.5);
  const count = Math.round((b11 - a11) / SYNODIC_MONTH); // 12, or 13 in a leap year
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) starts.push(i === 0 ? a11 : i === count ? b11 : newMoonDay(k0 + i, tz));

  let leapIndex = -1;
  if (count === 13) {
    // The first month (after month 11) whose start and end fall in the same solar sector has no
    // major term: that is the leap month.
    for (let i = 1; i < count; i++) {
      if (sunSector(starts[i]!, tz) === sunSector(starts[i + 1]!, tz)) {
        leapIndex = i;
        break;
      }
    }
    if (leapIndex < 0) throw new InvariantError(`No leap month found in a 13-month lunar year after ${year}`);
  }

  const out: LunarMonthSpan[] = [];
  let number = 10; // incremented before use: the first span is month 11
  for (let i = 0; i < count; i++) {
    const leap = i === leapIndex;
    if (!leap) number = (number % 12) + 1;
    const lunarYear = number >= 11 ? year : year + 1;
    out.push({ start: starts[i]!, length: starts[i + 1]! - starts[i]!, month: number, leap, lunarYear });
  }
  return out;
}

/**
 * The astronomical lunar calendar for a time zone offset in hours (7 for Vietnam). Other offsets exist
 * only to show the difference from the Chinese calendar (8) in tests.
 */
export function astronomicalLunarCalendar(tz: number): LunarCalendar {
  const cache = new Map<number, LunarMonthSpan[]>();
  const spans = (year: number): LunarMonthSpan[] => {
    let s = cache.get(year);
    if (!s) {
      s = monthsFromMonth11(year, tz);
      cache.set(year, s);
    }
    return s;
  };

  const toLunar = (date: LocalDate): LunarDate => {
    const jdn = jdnOf(date);
    const year = Number(date.slice(0, 4));
    const candidates = [...spans(year - 1), ...spans(year)];
    for (let i = candidates.length - 1; i >= 0; i--) {
      const m = candidates[i]!;
      if (m.start <= jdn && jdn < m.start + m.length) {
        return { year: m.lunarYear, month: m.month, day: jdn - m.start + 1, leap: m.leap };
      }
    }
    throw new InvariantError(`No lunar month contains ${date}`);
  };

  const toSolar = (lunar: LunarDate): Result<LocalDate> => {
    const shown = `${lunar.day}/${lunar.month}${lunar.leap ? ' nhuận' : ''}/${lunar.year} âm lịch`;
    const span = spans(lunar.month >= 11 ? lunar.year : lunar.year - 1);
    const m = span.find((s) => s.month === lunar.month && s.leap === lunar.leap && s.lunarYear === lunar.year);
    if (!m) {
      return err(
        domainError(
          'LUNAR.NO_SUCH_MONTH',
          `Năm âm lịch ${lunar.year} không có tháng ${lunar.month}${lunar.leap ? ' nhuận' : ''} (${shown})`,
          `Lunar year ${lunar.year} has no ${lunar.leap ? 'leap ' : ''}month ${lunar.month} (${shown})`,
          { details: { ...lunar } },
        ),
      );
    }
    if (lunar.day < 1 || lunar.day > m.length) {
      return err(
        domainError(
          'LUNAR.INVALID_DATE',
          `Ngày ${shown} không tồn tại: tháng này có ${m.length} ngày`,
          `Lunar date ${shown} does not exist: that month has ${m.length} days`,
          { details: { ...lunar, monthLength: m.length } },
        ),
      );
    }
    return ok(dateOfJdn(m.start + lunar.day - 1));
  };

  const newYear = (year: number): LocalDate => {
    const r = toSolar({ year, month: 1, day: 1, leap: false });
    if (!r.ok) throw new InvariantError(`Lunar year ${year} has no first month: ${r.error.messageEn}`);
    return r.value;
  };

  return { toLunar, toSolar, newYear };
}

/** The Vietnamese lunar calendar (UTC+7). */
export const vietnameseLunar: LunarCalendar = astronomicalLunarCalendar(7);

/** Tết Nguyên Đán (mùng 1 tháng Giêng) in Gregorian `year`, Vietnamese calendar. */
export function tetDate(year: number): LocalDate {
  return vietnameseLunar.newYear(year);
}

/** Giỗ Tổ Hùng Vương, 10/3 âm lịch (never the leap third month), in Gregorian `year`. */
export function hungKingsDay(year: number): LocalDate {
  const r = vietnameseLunar.toSolar({ year, month: 3, day: 10, leap: false });
  if (!r.ok) throw new InvariantError(`No 10/3 in lunar year ${year}: ${r.error.messageEn}`);
  return r.value;
}

/** `10/3/2024 AL` style, with "nhuận" for a leap month. */
export function formatLunarDate(d: LunarDate): string {
  return `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}${d.leap ? ' nhuận' : ''}/${d.year} ÂL`;
}
