import fc from 'fast-check';
import {
  addCalendarDays,
  calendarDaysBetween,
  endOfDay,
  endOfMonth,
  formatVnDate,
  formatVnDateTime,
  fromDayNumber,
  instantAt,
  instantFromIso,
  instantToIso,
  isoWeekday,
  localDate,
  localDateOf,
  LocalDateSchema,
  parseLocalDate,
  parseVnDate,
  startOfDay,
  toDayNumber,
  type LocalDate,
} from '../../domain/calendar/dates';

const HOUR = 3_600_000;

/** Any date from 1950 to 2150. */
const arbLocalDate: fc.Arbitrary<LocalDate> = fc
  .integer({ min: toDayNumber(localDate('1950-01-01')), max: toDayNumber(localDate('2150-12-31')) })
  .map(fromDayNumber);

describe('Vietnamese dd/mm/yyyy dates', () => {
  it('parses single-digit days and months as official letters write them', () => {
    expect(parseVnDate('20/9/2021')).toEqual({ ok: true, value: '2021-09-20' });
    expect(parseVnDate('1/1/2024')).toEqual({ ok: true, value: '2024-01-01' });
    expect(parseVnDate(' 15/11/2021 ')).toEqual({ ok: true, value: '2021-11-15' });
  });

  it('accepts dots or dashes used consistently instead of slashes', () => {
    expect(parseVnDate('15.11.2021')).toEqual({ ok: true, value: '2021-11-15' });
    expect(parseVnDate('15-11-2021')).toEqual({ ok: true, value: '2021-11-15' });
    const mixed = parseVnDate('15/11-2021');
    expect(mixed.ok || mixed.error.code).toBe('CALENDAR.INVALID_DATE_FORMAT');
  });

  it('refuses 31/02 with a Vietnamese message that names the month length', () => {
    const r = parseVnDate('31/02/2024');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CALENDAR.INVALID_DATE');
    expect(r.error.messageVi).toContain('có 29 ngày');
    expect(r.error.messageEn).toContain('does not exist');
  });

  it('refuses 29/02 in a common year but accepts it in a leap year', () => {
    expect(parseVnDate('29/2/2023').ok).toBe(false);
    expect(parseVnDate('29/2/2024')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('refuses text that is not a date with a format error', () => {
    for (const s of ['', 'hết tháng 8/2024', '2024-08-31', '20/9/21', '123/1/2024']) {
      const r = parseVnDate(s);
      expect(r.ok ? 'ok' : r.error.code).toBe('CALENDAR.INVALID_DATE_FORMAT');
    }
  });

  it('refuses month 13 and day 0', () => {
    expect(parseVnDate('1/13/2024').ok).toBe(false);
    expect(parseVnDate('0/1/2024').ok).toBe(false);
  });

  it('formats zero-padded dd/mm/yyyy', () => {
    expect(formatVnDate(localDate('2021-09-20'))).toBe('20/09/2021');
  });

  it('round-trips any date through format then parse', () => {
    fc.assert(
      fc.property(arbLocalDate, (d) => {
        expect(parseVnDate(formatVnDate(d))).toEqual({ ok: true, value: d });
      }),
    );
  });
});

describe('LocalDate values', () => {
  it('are validated by the zod schema, which refuses impossible dates', () => {
    expect(LocalDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(LocalDateSchema.safeParse('2023-02-29').success).toBe(false);
    expect(LocalDateSchema.safeParse('2024-8-31').success).toBe(false);
    expect(LocalDateSchema.safeParse('1850-01-01').success).toBe(false);
  });

  it('parseLocalDate reports the code for bad input', () => {
    const r = parseLocalDate('2024-04-31');
    expect(r.ok ? 'ok' : r.error.code).toBe('CALENDAR.INVALID_DATE');
  });

  it('localDate throws on a bad literal because that is a programming error', () => {
    expect(() => localDate('2024-02-30')).toThrow(/Bad LocalDate literal/);
  });

  it('knows the weekday: 2024-08-31 was a Saturday and 2021-09-20 a Monday', () => {
    expect(isoWeekday(localDate('2024-08-31'))).toBe(6);
    expect(isoWeekday(localDate('2021-09-20'))).toBe(1);
    expect(isoWeekday(localDate('1970-01-01'))).toBe(4);
    expect(isoWeekday(localDate('1969-12-28'))).toBe(7);
  });

  it('adds calendar days across month and year ends, and counts them back', () => {
    expect(addCalendarDays(localDate('2024-02-28'), 2)).toBe('2024-03-01');
    expect(addCalendarDays(localDate('2024-12-31'), 1)).toBe('2025-01-01');
    fc.assert(
      fc.property(arbLocalDate, fc.integer({ min: -2000, max: 2000 }), (d, n) => {
        expect(calendarDaysBetween(d, addCalendarDays(d, n))).toBe(n);
      }),
    );
  });

  it('gives the last day of a month for "hết tháng" deadlines', () => {
    expect(endOfMonth(2024, 8)).toEqual({ ok: true, value: '2024-08-31' });
    expect(endOfMonth(2024, 2)).toEqual({ ok: true, value: '2024-02-29' });
    expect(endOfMonth(2024, 13).ok).toBe(false);
  });
});

describe('instants in Asia/Ho_Chi_Minh', () => {
  it('places 08:00 on a local date at 01:00 UTC the same day', () => {
    expect(instantToIso(instantAt(localDate('2024-08-31'), '08:00'))).toBe('2024-08-31T01:00:00.000Z');
  });

  it('ends a day at 23:59:59.999 local, which is 16:59:59.999 UTC', () => {
    expect(instantToIso(endOfDay(localDate('2021-09-20')))).toBe('2021-09-20T16:59:59.999Z');
    expect(endOfDay(localDate('2021-09-20')) - startOfDay(localDate('2021-09-20'))).toBe(24 * HOUR - 1);
  });

  it('maps an instant to the Vietnamese date, not the UTC one', () => {
    // 17:30 UTC on 31/08 is already 00:30 on 01/09 in Vietnam.
    expect(localDateOf(Date.UTC(2024, 7, 31, 17, 30))).toBe('2024-09-01');
    expect(localDateOf(Date.UTC(2024, 7, 31, 16, 59))).toBe('2024-08-31');
  });

  it('round-trips a date through start and end of day', () => {
    fc.assert(
      fc.property(arbLocalDate, (d) => {
        expect(localDateOf(startOfDay(d))).toBe(d);
        expect(localDateOf(endOfDay(d))).toBe(d);
        expect(localDateOf(endOfDay(d) + 1)).toBe(addCalendarDays(d, 1));
      }),
    );
  });

  it('formats an instant as dd/mm/yyyy HH:mm in Vietnam time', () => {
    expect(formatVnDateTime(Date.UTC(2024, 10, 15, 1, 5))).toBe('15/11/2024 08:05');
  });

  it('parses ISO instants only when they carry an offset', () => {
    expect(instantFromIso('2024-08-31T08:00:00+07:00')).toEqual({ ok: true, value: Date.UTC(2024, 7, 31, 1) });
    expect(instantFromIso('2024-08-31T01:00:00Z')).toEqual({ ok: true, value: Date.UTC(2024, 7, 31, 1) });
    const r = instantFromIso('2024-08-31T08:00:00');
    expect(r.ok ? 'ok' : r.error.code).toBe('CALENDAR.INVALID_INSTANT');
    const bad = instantFromIso('2024-13-31T08:00:00Z');
    expect(bad.ok ? 'ok' : bad.error.code).toBe('CALENDAR.INVALID_INSTANT');
  });
});
