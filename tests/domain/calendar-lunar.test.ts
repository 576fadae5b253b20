import fc from 'fast-check';
import { fromDayNumber, localDate, toDayNumber } from '../../domain/calendar/dates';
import { astronomicalLunarCalendar, formatLunarDate, hungKingsDay, tetDate, vietnameseLunar } from '../../domain/calendar/lunar';

/**
 * Tết Nguyên Đán 2020-2030 as published in Vietnam. 2030 is 02/02: the new moon of 2 February 2030
 * falls at about 16:07 UTC, 23:07 in Vietnam but 00:07 on 3 February in China, so China's Spring
 * Festival (and lists copied from Chinese sources) say 03/02.
 */
const PUBLISHED_TET: Record<number, string> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-02',
};

describe('Vietnamese lunar calendar', () => {
  it.each(Object.entries(PUBLISHED_TET))('puts Tết %s on the published date %s', (year, date) => {
    expect(tetDate(Number(year))).toBe(date);
  });

  it('computes Tết for UTC+7, which differs from the Chinese UTC+8 calendar in 1985, 2007 and 2030', () => {
    const chinese = astronomicalLunarCalendar(8);
    expect([tetDate(1985), chinese.newYear(1985)]).toEqual(['1985-01-21', '1985-02-20']);
    expect([tetDate(2007), chinese.newYear(2007)]).toEqual(['2007-02-17', '2007-02-18']);
    expect([tetDate(2030), chinese.newYear(2030)]).toEqual(['2030-02-02', '2030-02-03']);
  });

  it("puts Hùng Kings' day (10/3 lunar) on the published dates", () => {
    expect(hungKingsDay(2021)).toBe('2021-04-21');
    expect(hungKingsDay(2023)).toBe('2023-04-29');
    expect(hungKingsDay(2024)).toBe('2024-04-18');
    expect(hungKingsDay(2025)).toBe('2025-04-07');
    expect(hungKingsDay(2026)).toBe('2026-04-26');
  });

  it('matches the lunar days quoted in the government holiday announcements', () => {
    // "08/02/2024 (29 tháng Chạp Quý Mão)", "27/01/2025 (28 tháng Chạp Giáp Thìn)", "14/02/2026 (27 tháng Chạp Ất Tỵ)".
    expect(vietnameseLunar.toLunar(localDate('2024-02-08'))).toEqual({ year: 2023, month: 12, day: 29, leap: false });
    expect(vietnameseLunar.toLunar(localDate('2025-01-27'))).toEqual({ year: 2024, month: 12, day: 28, leap: false });
    expect(vietnameseLunar.toLunar(localDate('2026-02-14'))).toEqual({ year: 2025, month: 12, day: 27, leap: false });
  });

  it('knows the leap months: 4 in 2020, 2 in 2023, 6 in 2025', () => {
    expect(vietnameseLunar.toSolar({ year: 2020, month: 4, day: 1, leap: true })).toEqual({ ok: true, value: '2020-05-23' });
    expect(vietnameseLunar.toSolar({ year: 2023, month: 2, day: 1, leap: true })).toEqual({ ok: true, value: '2023-03-22' });
    expect(vietnameseLunar.toSolar({ year: 2025, month: 6, day: 1, leap: true })).toEqual({ ok: true, value: '2025-07-25' });
    expect(vietnameseLunar.toLunar(localDate('2025-07-25'))).toEqual({ year: 2025, month: 6, day: 1, leap: true });
  });

  it('refuses a leap month the year does not have', () => {
    const r = vietnameseLunar.toSolar({ year: 2024, month: 4, day: 1, leap: true });
    expect(r.ok ? 'ok' : r.error.code).toBe('LUNAR.NO_SUCH_MONTH');
  });

  it('refuses day 30 of a 29-day month', () => {
    // The 12th month of Giáp Thìn (2024-2025) had 29 days: Tết 2025 followed 29 tháng Chạp.
    const r = vietnameseLunar.toSolar({ year: 2024, month: 12, day: 30, leap: false });
    expect(r.ok ? 'ok' : r.error.code).toBe('LUNAR.INVALID_DATE');
  });

  it('round-trips any solar date through the lunar calendar', () => {
    const arb = fc.integer({ min: toDayNumber(localDate('1901-01-01')), max: toDayNumber(localDate('2150-12-31')) }).map(fromDayNumber);
    fc.assert(
      fc.property(arb, (d) => {
        expect(vietnameseLunar.toSolar(vietnameseLunar.toLunar(d))).toEqual({ ok: true, value: d });
      }),
      { numRuns: 500 },
    );
  });

  it('starts every lunar year on mùng 1 tháng Giêng between 21 January and 20 February', () => {
    for (let y = 1901; y <= 2150; y++) {
      const tet = tetDate(y);
      expect(tet >= `${y}-01-21` && tet <= `${y}-02-20`).toBe(true);
      expect(vietnameseLunar.toLunar(tet)).toEqual({ year: y, month: 1, day: 1, leap: false });
    }
  });

  it('formats a lunar date with "nhuận" for a leap month', () => {
    expect(formatLunarDate({ year: 2025, month: 6, day: 1, leap: true })).toBe('01/06 nhuận/2025 ÂL');
  });
});
