import { dossierReviewClock, reviewStageFor, vietnamHolidayCalendar, type LocalDate, type ReviewLimit } from '../../domain/calendar';

const day = (iso: string): LocalDate => iso as LocalDate;

const limits: ReviewLimit[] = [
  { stage: 'district.review', workingDays: 20, sourced: false },
  { stage: 'province.appraise', workingDays: 10, sourced: true },
];

describe('the dossier page review clock (working days, holidays, suspensions)', () => {
  it('picks the limit of the level under review', () => {
    expect(reviewStageFor('district', 'commune.dat-chuan')).toBe('district.review');
    expect(reviewStageFor('province', 'commune.dat-chuan')).toBe('province.appraise');
    expect(reviewStageFor('commune', 'village.dat-chuan')).toBe('village.recognise');
    expect(reviewStageFor('commune', 'commune.dat-chuan')).toBeUndefined();
  });

  it('counts working days only: a review started on Friday 30/01/2026 skips the Tết week', () => {
    // Tết 2026 falls on 17/02; the holiday runs 14/02–22/02. 20 working days from 30/01 (not counted).
    const r = dossierReviewClock(
      { level: 'district', startedAt: '2026-01-30T02:00:00.000Z', suspensions: [] },
      'commune.dat-chuan',
      limits,
      day('2026-02-13'),
      vietnamHolidayCalendar,
    );
    expect(r.ok).toBe(true);
    if (!r.ok || !r.value) throw new Error('no clock');
    // 02/02–06/02 (5), 09/02–13/02 (5): 10 working days used by Friday 13/02.
    expect(r.value.usedWorkingDays).toBe(10);
    expect(r.value.remainingWorkingDays).toBe(10);
    expect(r.value.due! > '2026-02-27').toBe(true); // the Tết days do not count
    expect(r.value.sourced).toBe(false);
    expect(r.value.overdue).toBe(false);
  });

  it('stops while the dossier is back at the commune and says so', () => {
    const r = dossierReviewClock(
      { level: 'province', startedAt: '2026-03-02T02:00:00.000Z', suspendedSince: '2026-03-04T03:00:00.000Z', suspensions: [] },
      'commune.dat-chuan',
      limits,
      day('2026-03-20'),
      vietnamHolidayCalendar,
    );
    if (!r.ok || !r.value) throw new Error('no clock');
    expect(r.value.suspended).toBe(true);
    expect(r.value.usedWorkingDays).toBe(2); // 03/03 and 04/03
    expect(r.value.remainingWorkingDays).toBe(8);
    expect(r.value.due).toBeUndefined();
  });

  it('is overdue once the working days are spent', () => {
    const r = dossierReviewClock(
      { level: 'province', startedAt: '2026-03-02T02:00:00.000Z', suspensions: [] },
      'commune.dat-chuan',
      limits,
      day('2026-03-20'),
      vietnamHolidayCalendar,
    );
    if (!r.ok || !r.value) throw new Error('no clock');
    expect(r.value.due).toBe('2026-03-16');
    expect(r.value.overdue).toBe(true);
  });

  it('has no clock before submission or without a limit for the level', () => {
    expect(dossierReviewClock({ level: 'district', suspensions: [] }, 'commune.dat-chuan', limits, day('2026-03-20'), vietnamHolidayCalendar)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(
      dossierReviewClock(
        { level: 'district', startedAt: '2026-03-02T02:00:00.000Z', suspensions: [] },
        'commune.dat-chuan',
        [],
        day('2026-03-20'),
        vietnamHolidayCalendar,
      ),
    ).toEqual({ ok: true, value: undefined });
  });
});
