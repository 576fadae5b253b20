import fc from 'fast-check';
import { addCalendarDays, fromDayNumber, localDate, toDayNumber, type LocalDate } from '../../domain/calendar/dates';
import { vietnamHolidayCalendar } from '../../domain/calendar/holiday-data';
import { addWorkingDays, workingDaysBetween } from '../../domain/calendar/holidays';
import { reviewClock, reviewClockStatus } from '../../domain/calendar/review-clock';

const cal = vietnamHolidayCalendar;
const d = localDate;

describe('review clock', () => {
  it('without suspension, is due the N-th working day after receipt', () => {
    // Received Monday 02/09/2024 (a holiday itself); 10 working days: 4-6, 9-13, 16-17/09.
    expect(reviewClock({ startedOn: '2024-09-02', workingDays: 10 }, cal)).toEqual({
      ok: true,
      value: { status: 'running', due: '2024-09-17', suspendedWorkingDays: 0 },
    });
  });

  it('stops while the dossier is back at the commune and resumes after resubmission', () => {
    // Received Mon 09/09/2024, 10 working days. Returned Wed 11/09 (2 days used: 10, 11), resubmitted
    // Mon 23/09: 12-13 and 16-20, 23/09 are suspended (8 working days). 8 left from Tue 24/09 → Thu 03/10.
    const r = reviewClock({ startedOn: '2024-09-09', workingDays: 10, suspensions: [{ from: '2024-09-11', to: '2024-09-23' }] }, cal);
    expect(r).toEqual({ ok: true, value: { status: 'running', due: '2024-10-03', suspendedWorkingDays: 8 } });
  });

  it('has no due date while a suspension is open, only the working days left', () => {
    const r = reviewClock({ startedOn: '2024-09-09', workingDays: 10, suspensions: [{ from: '2024-09-11' }] }, cal);
    expect(r).toEqual({ ok: true, value: { status: 'suspended', since: '2024-09-11', usedWorkingDays: 2, remainingWorkingDays: 8 } });
  });

  it('ignores a return that comes after the review time ran out', () => {
    const r = reviewClock({ startedOn: '2024-09-09', workingDays: 2, suspensions: [{ from: '2024-09-20', to: '2024-09-30' }] }, cal);
    expect(r.ok && r.value.status === 'running' ? r.value.due : '').toBe('2024-09-11');
  });

  it('reports where a review stands on a given day, suspended or overdue', () => {
    const input = { startedOn: '2024-09-09', workingDays: 10, suspensions: [{ from: '2024-09-11', to: '2024-09-23' }] };
    expect(reviewClockStatus(input, d('2024-09-16'), cal)).toEqual({
      ok: true,
      value: { usedWorkingDays: 2, remainingWorkingDays: 8, suspended: true, overdue: false },
    });
    expect(reviewClockStatus(input, d('2024-09-25'), cal)).toEqual({
      ok: true,
      value: { usedWorkingDays: 4, remainingWorkingDays: 6, suspended: false, overdue: false, due: '2024-10-03' },
    });
    const late = reviewClockStatus(input, d('2024-10-04'), cal);
    expect(late.ok && late.value.overdue).toBe(true);
  });

  it('refuses overlapping, reversed or unfinished-then-continued suspensions, naming the field', () => {
    const overlap = reviewClock(
      {
        startedOn: '2024-09-09',
        workingDays: 10,
        suspensions: [
          { from: '2024-09-11', to: '2024-09-20' },
          { from: '2024-09-18', to: '2024-09-25' },
        ],
      },
      cal,
    );
    expect(overlap.ok ? '' : `${overlap.error.code} ${overlap.error.path}`).toBe('REVIEW_CLOCK.INVALID suspensions.1.from');
    const reversed = reviewClock({ startedOn: '2024-09-09', workingDays: 10, suspensions: [{ from: '2024-09-11', to: '2024-09-10' }] }, cal);
    expect(reversed.ok ? '' : reversed.error.path).toBe('suspensions.0.to');
    const open = reviewClock(
      { startedOn: '2024-09-09', workingDays: 10, suspensions: [{ from: '2024-09-11' }, { from: '2024-09-20', to: '2024-09-25' }] },
      cal,
    );
    expect(open.ok ? '' : open.error.path).toBe('suspensions.0.to');
    const early = reviewClock({ startedOn: '2024-09-09', workingDays: 10, suspensions: [{ from: '2024-09-01', to: '2024-09-10' }] }, cal);
    expect(early.ok ? '' : early.error.path).toBe('suspensions.0.from');
  });

  it('extends the due date by exactly the working days suspended', () => {
    const arbDate = fc.integer({ min: toDayNumber(d('2021-01-01')), max: toDayNumber(d('2027-12-31')) }).map(fromDayNumber);
    fc.assert(
      fc.property(
        arbDate,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (start: LocalDate, n, offset, length) => {
          const from = addCalendarDays(start, offset);
          const to = addCalendarDays(from, length);
          const plain = reviewClock({ startedOn: start, workingDays: n }, cal);
          const held = reviewClock({ startedOn: start, workingDays: n, suspensions: [{ from, to }] }, cal);
          if (!plain.ok || !held.ok || plain.value.status !== 'running' || held.value.status !== 'running') throw new Error('unexpected');
          expect(plain.value.due).toBe(addWorkingDays(start, n, cal));
          if (from >= plain.value.due) {
            expect(held.value.due).toBe(plain.value.due);
          } else {
            expect(held.value.suspendedWorkingDays).toBe(workingDaysBetween(from, to, cal));
            expect(held.value.due).toBe(addWorkingDays(plain.value.due, held.value.suspendedWorkingDays, cal));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
