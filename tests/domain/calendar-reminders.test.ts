import fc from 'fast-check';
import { fromDayNumber, instantAt, localDate, localDateOf, toDayNumber, type LocalDate } from '../../domain/calendar/dates';
import { vietnamHolidayCalendar } from '../../domain/calendar/holiday-data';
import { isWorkingDay } from '../../domain/calendar/holidays';
import {
  defaultReminderPolicy,
  loadReminderPolicy,
  nextReminderAfter,
  reminderSchedule,
  remindersBetween,
  type ReminderPolicy,
  type ReminderPolicyInput,
} from '../../domain/calendar/reminders';

const cal = vietnamHolidayCalendar;
const d = localDate;

function policy(input: ReminderPolicyInput = {}): ReminderPolicy {
  const r = loadReminderPolicy(input);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

const arbDeadline: fc.Arbitrary<LocalDate> = fc.integer({ min: toDayNumber(d('2020-01-01')), max: toDayNumber(d('2030-12-31')) }).map(fromDayNumber);

const arbPolicy: fc.Arbitrary<ReminderPolicy> = fc
  .record({
    daysBefore: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }),
    onTheDay: fc.boolean(),
    overdueEveryDays: fc.integer({ min: 1, max: 10 }),
    maxOverdueReminders: fc.integer({ min: 0, max: 12 }),
    escalateAfterDaysOverdue: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
    sendAtLocalTime: fc.constantFrom('07:30', '08:00', '13:45'),
    dayCounting: fc.constantFrom('calendar' as const, 'working' as const),
    offDayShift: fc.constantFrom('none' as const, 'adjacentWorkingDay' as const),
  })
  .map((p) => policy(p));

describe('reminder schedule', () => {
  it('follows the default policy: 14, 7, 3, 1 days before, on the day, every 3 days overdue, escalation after 5', () => {
    const s = reminderSchedule(d('2024-08-31'), defaultReminderPolicy);
    expect(s.slice(0, 8).map((p) => `${p.key}@${p.date}`)).toEqual([
      'before-14@2024-08-17',
      'before-7@2024-08-24',
      'before-3@2024-08-28',
      'before-1@2024-08-30',
      'due@2024-08-31',
      'overdue-3@2024-09-03',
      'escalation-5@2024-09-05',
      'overdue-6@2024-09-06',
    ]);
    expect(s.filter((p) => p.kind === 'overdue')).toHaveLength(10);
    expect(s[0]!.at).toBe(instantAt(d('2024-08-17'), '08:00'));
  });

  it('sends at the configured local time, in Vietnam', () => {
    const s = reminderSchedule(d('2021-09-20'), policy({ sendAtLocalTime: '07:30' }));
    const due = s.find((p) => p.kind === 'due')!;
    expect(new Date(due.at).toISOString()).toBe('2021-09-20T00:30:00.000Z');
  });

  it('counts working days when the policy says so', () => {
    // Due Wednesday 04/09/2024; 2 and 3/9 are National Day, 31/8-1/9 the weekend: 1 working day before is Friday 30/08.
    const s = reminderSchedule(d('2024-09-04'), policy({ daysBefore: [1], dayCounting: 'working', maxOverdueReminders: 1, overdueEveryDays: 1 }), cal);
    expect(s.find((p) => p.key === 'before-1')?.date).toBe('2024-08-30');
    expect(s.find((p) => p.key === 'overdue-1')?.date).toBe('2024-09-05');
  });

  it('moves a reminder off a weekend: earlier before the deadline, later after it', () => {
    // Deadline Saturday 31/08/2024: 7 days before is Saturday 24/08 → Friday 23/08; 3 days overdue is
    // Tuesday 03/09 (National Day) → Wednesday 04/09. The due point stays on the deadline day.
    const s = reminderSchedule(
      d('2024-08-31'),
      policy({ daysBefore: [7], offDayShift: 'adjacentWorkingDay', maxOverdueReminders: 1, escalateAfterDaysOverdue: null }),
      cal,
    );
    expect(s.map((p) => `${p.key}@${p.date}`)).toEqual(['before-7@2024-08-23', 'due@2024-08-31', 'overdue-3@2024-09-04']);
  });

  it('merges before-reminders that a shift puts on the same day, keeping the nearest one', () => {
    // Deadline Monday 02/12/2024: 1 day before is Sunday, 2 before Saturday; both move to Friday 29/11.
    const s = reminderSchedule(
      d('2024-12-02'),
      policy({ daysBefore: [2, 1], offDayShift: 'adjacentWorkingDay', maxOverdueReminders: 0, escalateAfterDaysOverdue: null }),
      cal,
    );
    expect(s.map((p) => `${p.key}@${p.date}`)).toEqual(['before-1@2024-11-29', 'due@2024-12-02']);
  });

  it('is sorted, has unique keys, and puts the due point on the deadline day', () => {
    fc.assert(
      fc.property(arbDeadline, arbPolicy, (deadline, p) => {
        const s = reminderSchedule(deadline, p, cal);
        for (let i = 1; i < s.length; i++) expect(s[i - 1]!.at).toBeLessThanOrEqual(s[i]!.at);
        expect(new Set(s.map((x) => x.key)).size).toBe(s.length);
        const due = s.filter((x) => x.kind === 'due');
        expect(due).toHaveLength(p.onTheDay ? 1 : 0);
        if (due[0]) {
          expect(due[0].date).toBe(deadline);
          expect(localDateOf(due[0].at)).toBe(deadline);
        }
        for (const x of s) {
          expect(localDateOf(x.at)).toBe(x.date);
          if (x.kind === 'before') expect(x.date < deadline).toBe(true);
          if (x.kind === 'overdue' || x.kind === 'escalation') expect(x.date > deadline).toBe(true);
          if (p.offDayShift === 'adjacentWorkingDay' && x.kind !== 'due') expect(isWorkingDay(x.date, cal)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives a workflow the next point strictly after now, and the points it missed', () => {
    const s = reminderSchedule(d('2024-08-31'), defaultReminderPolicy);
    const before7 = s.find((p) => p.key === 'before-7')!;
    expect(nextReminderAfter(s, before7.at - 1)?.key).toBe('before-7');
    expect(nextReminderAfter(s, before7.at)?.key).toBe('before-3');
    expect(nextReminderAfter(s, s[s.length - 1]!.at)).toBeUndefined();
    const missed = remindersBetween(s, instantAt(d('2024-08-20'), '00:00'), instantAt(d('2024-08-31'), '08:00'));
    expect(missed.map((p) => p.key)).toEqual(['before-7', 'before-3', 'before-1', 'due']);
  });

  it('refuses a policy with a repeated offset or a bad send time, naming the field', () => {
    const dup = loadReminderPolicy({ daysBefore: [7, 3, 7] });
    expect(dup.ok ? '' : `${dup.error.code} ${dup.error.path}`).toBe('REMINDER.INVALID_POLICY daysBefore.2');
    const time = loadReminderPolicy({ sendAtLocalTime: '8:00' });
    expect(time.ok ? '' : time.error.path).toBe('sendAtLocalTime');
  });
});
