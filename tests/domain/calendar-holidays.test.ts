import fc from 'fast-check';
import { addCalendarDays, fromDayNumber, isoWeekday, localDate, toDayNumber, type LocalDate } from '../../domain/calendar/dates';
import { VIETNAM_HOLIDAY_YEARS, vietnamHolidayCalendar } from '../../domain/calendar/holiday-data';
import {
  addWorkingDays,
  describeDay,
  holidayOn,
  holidaysOfYear,
  holidayYearStatus,
  isWorkingDay,
  loadHolidayCalendar,
  workingDaysBetween,
  type HolidayCalendar,
} from '../../domain/calendar/holidays';

const cal = vietnamHolidayCalendar;
const d = localDate;

function rulesOnly(input: object = {}): HolidayCalendar {
  const r = loadHolidayCalendar(input);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

/** Weekdays that are days off in [from, to], for comparing with an announcement. */
function weekdaysOff(from: string, to: string, c: HolidayCalendar = cal): string[] {
  const out: string[] = [];
  for (let n = toDayNumber(d(from)); n <= toDayNumber(d(to)); n++) {
    const day = fromDayNumber(n);
    if (isoWeekday(day) <= 5 && !isWorkingDay(day, c)) out.push(day);
  }
  return out;
}

const arbDate: fc.Arbitrary<LocalDate> = fc.integer({ min: toDayNumber(d('2019-01-01')), max: toDayNumber(d('2032-12-31')) }).map(fromDayNumber);

describe('statutory holidays (Labour Code 2019, Art. 112)', () => {
  it('gives the eleven statutory days of a year without announced data', () => {
    const c = rulesOnly();
    const statutory = holidaysOfYear(2027, c).filter((h) => h.kind !== 'compensatory');
    expect(statutory.map((h) => h.kind)).toEqual([
      'new_year',
      'tet',
      'tet',
      'tet',
      'tet',
      'tet',
      'hung_kings',
      'reunification',
      'labour',
      'national_day',
      'national_day',
    ]);
  });

  it('by default takes the last day of the lunar year and mùng 1-4 as the five Tết days', () => {
    const tet = holidaysOfYear(2027, rulesOnly())
      .filter((h) => h.kind === 'tet')
      .map((h) => h.date);
    expect(tet).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
  });

  it("puts Hùng Kings' day on 10/3 lunar and National Day on 2/9 with 1/9 by default", () => {
    const c = rulesOnly();
    expect(holidayOn(d('2027-04-16'), c)?.kind).toBe('hung_kings');
    expect(holidayOn(d('2027-09-01'), c)?.kind).toBe('national_day');
    expect(holidayOn(d('2027-09-03'), c)).toBeUndefined();
    const after = rulesOnly({ nationalDayAdjacentDefault: 'after' });
    expect(holidayOn(d('2027-09-03'), after)?.kind).toBe('national_day');
  });

  it('compensates a holiday falling on the weekend on the next working day (Art. 111(3))', () => {
    // 2026: Hùng Kings' day is Sunday 26/04, so Monday 27/04 is off.
    expect(holidayOn(d('2026-04-27'), cal)?.kind).toBe('compensatory');
    // 2023 (rules only): 29/04 Saturday and 30/04 Sunday push the days off to Tuesday 2/5 and Wednesday 3/5.
    expect(weekdaysOff('2023-04-24', '2023-05-07', rulesOnly())).toEqual(['2023-05-01', '2023-05-02', '2023-05-03']);
  });

  it('does not compensate when the calendar says so', () => {
    const c = rulesOnly({ compensateWeekendHolidays: false });
    expect(isWorkingDay(d('2026-04-27'), c)).toBe(true);
  });
});

describe('announced arrangements 2024-2026 reproduce the published holiday periods', () => {
  it('Tết 2024: off Thursday 08/02 to Wednesday 14/02', () => {
    expect(weekdaysOff('2024-02-01', '2024-02-29')).toEqual(['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']);
  });

  it('30/4-1/5 2024: off 27/04 to 01/05 with Saturday 04/05 worked', () => {
    expect(weekdaysOff('2024-04-22', '2024-05-10')).toEqual(['2024-04-29', '2024-04-30', '2024-05-01']);
    expect(isWorkingDay(d('2024-05-04'), cal)).toBe(true);
    expect(describeDay(d('2024-05-04'), cal).reasonVi).toContain('Làm bù');
  });

  it('National Day 2024: off 31/08 to 03/09', () => {
    expect(weekdaysOff('2024-08-26', '2024-09-08')).toEqual(['2024-09-02', '2024-09-03']);
  });

  it('Tết 2025: off 25/01 to 02/02, the five days 27-31/01', () => {
    expect(weekdaysOff('2025-01-20', '2025-02-07')).toEqual(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
  });

  it('30/4-1/5 2025: off 30/04 to 04/05 with Saturday 26/04 worked; National Day 30/08 to 02/09', () => {
    expect(weekdaysOff('2025-04-21', '2025-05-09')).toEqual(['2025-04-30', '2025-05-01', '2025-05-02']);
    expect(isWorkingDay(d('2025-04-26'), cal)).toBe(true);
    expect(weekdaysOff('2025-08-25', '2025-09-07')).toEqual(['2025-09-01', '2025-09-02']);
  });

  it('New Year 2026: off 01/01 to 04/01 with Saturday 10/01 worked; Tết 2026: 14/02 to 22/02', () => {
    expect(weekdaysOff('2025-12-29', '2026-01-09')).toEqual(['2026-01-01', '2026-01-02']);
    expect(isWorkingDay(d('2026-01-10'), cal)).toBe(true);
    expect(weekdaysOff('2026-02-09', '2026-02-27')).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(isWorkingDay(d('2026-02-13'), cal) && isWorkingDay(d('2026-02-23'), cal)).toBe(true);
  });

  it('marks how each year was sourced, and years without data as rules only', () => {
    expect(holidayYearStatus(2024, cal)).toBe('sourced');
    expect(holidayYearStatus(2025, cal)).toBe('sourced');
    expect(holidayYearStatus(2026, cal)).toBe('partial');
    expect(holidayYearStatus(2021, cal)).toBe('unsourced');
    expect(holidayYearStatus(2027, cal)).toBeUndefined();
  });
});

describe('holiday data validation', () => {
  it('refuses a make-up working day that is not a weekend day, naming the path', () => {
    const r = loadHolidayCalendar({ years: [{ year: 2024, status: 'sourced', extraWorkingDays: [{ date: '2024-05-03', reasonVi: 'x' }] }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CALENDAR.INVALID_HOLIDAYS');
    expect(r.error.path).toBe('years.0.extraWorkingDays.0.date');
  });

  it('refuses a date outside its year, a wrong National Day adjacent day and a year given twice', () => {
    const outside = loadHolidayCalendar({ years: [{ year: 2024, status: 'sourced', extraDaysOff: [{ date: '2025-05-02', reasonVi: 'x' }] }] });
    expect(outside.ok ? '' : outside.error.path).toBe('years.0.extraDaysOff.0.date');
    const adjacent = loadHolidayCalendar({ years: [{ year: 2024, status: 'sourced', nationalDayAdjacent: '2024-09-04' }] });
    expect(adjacent.ok ? '' : adjacent.error.path).toBe('years.0.nationalDayAdjacent');
    const twice = loadHolidayCalendar({
      years: [
        { year: 2024, status: 'sourced' },
        { year: 2024, status: 'unsourced' },
      ],
    });
    expect(twice.ok ? '' : twice.error.path).toBe('years.1.year');
  });

  it('refuses Tết days that are not five', () => {
    const r = loadHolidayCalendar({ years: [{ year: 2024, status: 'sourced', tetDays: ['2024-02-09'] }] });
    expect(r.ok ? '' : r.error.path).toBe('years.0.tetDays');
  });

  it('accepts the built-in 2021-2026 data', () => {
    expect(loadHolidayCalendar({ years: VIETNAM_HOLIDAY_YEARS }).ok).toBe(true);
  });
});

describe('working-day arithmetic', () => {
  it('skips the weekend: Friday + 1 working day is Monday', () => {
    expect(addWorkingDays(d('2024-08-30'), 1, cal)).toBe('2024-09-04'); // Mon 2/9 and Tue 3/9 are National Day 2024
    expect(addWorkingDays(d('2024-10-04'), 1, cal)).toBe('2024-10-07');
  });

  it('counts 5 working days over Tết 2025 from the last working day before it', () => {
    expect(addWorkingDays(d('2025-01-24'), 5, cal)).toBe('2025-02-07');
    expect(workingDaysBetween(d('2025-01-24'), d('2025-02-07'), cal)).toBe(5);
  });

  it('goes backwards with a negative count', () => {
    expect(addWorkingDays(d('2024-09-04'), -1, cal)).toBe('2024-08-30');
  });

  it('treats a make-up Saturday as a working day', () => {
    expect(addWorkingDays(d('2024-05-03'), 1, cal)).toBe('2024-05-04');
  });

  it('honours a configured weekend (Sunday only)', () => {
    const c = rulesOnly({ weekend: [7] });
    expect(addWorkingDays(d('2027-10-08'), 1, c)).toBe('2027-10-09');
  });

  it('never lands on a weekend or holiday when adding a non-zero number of working days', () => {
    fc.assert(
      fc.property(
        arbDate,
        fc.integer({ min: -120, max: 120 }).filter((n) => n !== 0),
        (date, n) => {
          const r = addWorkingDays(date, n, cal);
          expect(isWorkingDay(r, cal)).toBe(true);
          expect(isoWeekday(r) <= 5 || describeDay(r, cal).reasonVi.includes('Làm bù')).toBe(true);
          expect(holidayOn(r, cal)).toBeUndefined();
        },
      ),
    );
  });

  it('counts back exactly the working days it added', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -120, max: 120 }), (date, n) => {
        expect(workingDaysBetween(date, addWorkingDays(date, n, cal), cal)).toBe(n);
      }),
    );
  });

  it('counts working days additively along the way forward', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 }), (a, x, y) => {
        const b = addCalendarDays(a, x);
        const c = addCalendarDays(b, y);
        expect(workingDaysBetween(a, c, cal)).toBe(workingDaysBetween(a, b, cal) + workingDaysBetween(b, c, cal));
      }),
    );
  });
});
