import { localDate } from '../../domain/calendar/dates';
import { vietnamHolidayCalendar } from '../../domain/calendar/holiday-data';
import { deadlinesFor, loadPlanYear, reviewWorkingDays, type PlanYearInput } from '../../domain/calendar/plan';
import { reminderSchedule } from '../../domain/calendar/reminders';
import { dienBienPlan2021, dienBienPlan2021Input, dienBienPlan2024, dienBienPlan2024Input } from '../../domain/calendar/seeded-plans';

/** A deep copy of the 2024 plan with one change applied, for fault injection. */
function with2024(change: (p: PlanYearInput & { deadlines: NonNullable<PlanYearInput['deadlines']> }) => void): unknown {
  const copy = structuredClone(dienBienPlan2024Input) as PlanYearInput & { deadlines: NonNullable<PlanYearInput['deadlines']> };
  change(copy);
  return copy;
}

function failure(input: unknown): string {
  const r = loadPlanYear(input);
  return r.ok ? 'ok' : `${r.error.code} ${r.error.path}`;
}

describe('seeded plan years', () => {
  it('Tuần Giáo 2024 carries the deadlines of seed 002', () => {
    const due = Object.fromEntries(dienBienPlan2024.deadlines.map((d) => [d.id, d.due]));
    expect(due).toEqual({
      'commune-dossier': '2024-08-31',
      'district-review': '2024-10-31',
      'district-to-province': '2024-11-15',
      'village-dossier': '2024-10-31',
      'village-recognition': '2024-11-30',
    });
    expect(dienBienPlan2024.deadlines.find((d) => d.id === 'district-review')?.opens).toBe('2024-09-01');
  });

  it('Tuần Giáo 2024 registers Quài Cang, Quài Nưa and Chiềng Sinh for the standard and 13 communes at ≥ 15 criteria', () => {
    expect(dienBienPlan2024.registrations.map((r) => r.unitName)).toEqual(['Xã Quài Cang', 'Xã Quài Nưa', 'Xã Chiềng Sinh']);
    expect(dienBienPlan2024.targets.find((t) => t.title === 'commune.co-ban-dat-chuan')?.count).toBe(13);
    expect(dienBienPlan2024.pipeline).toBe('commune-district-province');
  });

  it('2021 carries OCOP 30/8, villages 20/9, communes 15/10 and district to province 15/11', () => {
    expect(dienBienPlan2021.deadlines.map((d) => `${d.stage} ${d.due}`)).toEqual([
      'ocop.submit 2021-08-30',
      'village.submit 2021-09-20',
      'commune.submit 2021-10-15',
      'district.submit_to_province 2021-11-15',
    ]);
    expect(dienBienPlan2021Input.deadlines?.find((d) => d.id === 'commune-dossier')?.sourceNote).toContain('15/10/2020');
  });

  it('lists the deadlines of a title in stage order', () => {
    expect(deadlinesFor(dienBienPlan2024, 'commune.dat-chuan').map((d) => d.stage)).toEqual([
      'commune.submit',
      'district.review',
      'district.submit_to_province',
    ]);
    expect(deadlinesFor(dienBienPlan2024, 'ocop.sao')).toEqual([]);
  });

  it('marks review times as unsourced placeholders', () => {
    expect(reviewWorkingDays(dienBienPlan2024, 'district.review')).toBe(20);
    expect(dienBienPlan2024.reviewDays.every((r) => !r.sourced)).toBe(true);
  });

  it('feeds its reminder policy to the schedule: the commune dossier is reminded from 17/08/2024', () => {
    const s = reminderSchedule(localDate('2024-08-31'), dienBienPlan2024.reminderPolicy, vietnamHolidayCalendar);
    expect(s[0]?.date).toBe('2024-08-17');
  });
});

describe('loadPlanYear refuses a faulty plan with the exact path', () => {
  it('a deadline after the end of the plan year', () => {
    expect(
      failure(
        with2024((p) => {
          p.deadlines[2]!.due = '2025-01-15';
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.2.due');
  });

  it('a deadline before the plan year', () => {
    expect(
      failure(
        with2024((p) => {
          p.deadlines[0]!.due = '2023-12-31';
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.0.due');
  });

  it('a duplicate deadline id', () => {
    expect(
      failure(
        with2024((p) => {
          p.deadlines[3]!.id = 'commune-dossier';
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.3.id');
  });

  it('an unknown stage', () => {
    expect(
      failure(
        with2024((p) => {
          (p.deadlines[1] as { stage: string }).stage = 'district.approve';
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.1.stage');
  });

  it('a date that does not exist', () => {
    expect(
      failure(
        with2024((p) => {
          p.deadlines[0]!.due = '2024-09-31';
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.0.due');
  });

  // Found by tests/fuzz/plans.test.ts: a date string that fails its own format used to reach the checks
  // across dates, where formatting it threw (an InvariantError, answered 500 by PUT /api/plans/:id).
  it.each([
    ['opens', 1, '00/00/0000'],
    ['due', 0, '00/00/0000'],
    ['due', 2, 'khong-hop-le'],
    ['opens', 1, '2031-13-01'],
  ] as const)('a %s that is not a date at all (deadlines.%i: "%s")', (field, i, value) => {
    expect(
      failure(
        with2024((p) => {
          (p.deadlines[i] as Record<string, unknown>)[field] = value;
        }),
      ),
    ).toBe(`PLAN.INVALID deadlines.${i}.${field}`);
  });

  it('a window that opens after it is due', () => {
    expect(
      failure(
        with2024((p) => {
          p.deadlines[1]!.opens = '2024-11-01';
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.1.opens');
  });

  it('a title that does not go through the stage', () => {
    expect(
      failure(
        with2024((p) => {
          p.deadlines[3]!.titles = ['village.dat-chuan', 'commune.dat-chuan'];
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.3.titles.1');
  });

  it('a later stage due before an earlier one for the same title', () => {
    expect(
      failure(
        with2024((p) => {
          p.deadlines[1]!.due = '2024-08-15';
          p.deadlines[1]!.opens = '2024-08-01';
        }),
      ),
    ).toBe('PLAN.INVALID deadlines.1.due');
  });

  it('a district stage in a two-tier (commune → province) pipeline', () => {
    const input = with2024((p) => {
      p.pipeline = 'commune-province';
      p.unitLevel = 'province';
      p.reviewDays = [];
    });
    expect(failure(input)).toBe('PLAN.INVALID deadlines.1.stage');
  });

  it('a district-level plan in a two-tier pipeline', () => {
    const input = with2024((p) => {
      p.pipeline = 'commune-province';
      p.deadlines = p.deadlines.filter((d) => !d.stage.startsWith('district.'));
      p.reviewDays = [];
    });
    expect(failure(input)).toBe('PLAN.INVALID unitLevel');
  });

  it('a registration for a title no deadline covers', () => {
    expect(
      failure(
        with2024((p) => {
          p.registrations = [{ unitCode: 'x', unitName: 'Xã X', title: 'ocop.sao' }];
        }),
      ),
    ).toBe('PLAN.INVALID registrations.0.title');
  });

  it('the same unit registered twice for a title, and more registrations than the target', () => {
    expect(
      failure(
        with2024((p) => {
          p.registrations = [...p.registrations!, { ...p.registrations![0]! }];
        }),
      ),
    ).toBe('PLAN.INVALID registrations.3.unitCode');
    expect(
      failure(
        with2024((p) => {
          p.registrations = [...p.registrations!, { unitCode: 'dien-bien/tuan-giao/quai-to', unitName: 'Xã Quài Tở', title: 'commune.dat-chuan' }];
        }),
      ),
    ).toBe('PLAN.INVALID registrations.3');
  });

  it('a review time declared twice', () => {
    expect(
      failure(
        with2024((p) => {
          p.reviewDays = [...p.reviewDays!, { stage: 'district.review', workingDays: 5, sourced: false }];
        }),
      ),
    ).toBe('PLAN.INVALID reviewDays.3.stage');
  });

  it('a bad reminder policy inside the plan', () => {
    expect(
      failure(
        with2024((p) => {
          p.reminderPolicy = { sendAtLocalTime: '25:00' };
        }),
      ),
    ).toBe('PLAN.INVALID reminderPolicy.sendAtLocalTime');
  });

  it('reports the fault in Vietnamese and English', () => {
    const r = loadPlanYear(
      with2024((p) => {
        p.deadlines[2]!.due = '2025-01-15';
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.messageVi).toContain('sau ngày cuối năm kế hoạch 31/12/2024');
    expect(r.error.messageEn).toContain("after the plan year's end");
  });

  it('accepts a two-tier plan without district stages', () => {
    const input = with2024((p) => {
      p.pipeline = 'commune-province';
      p.unitLevel = 'province';
      p.deadlines = p.deadlines.filter((d) => !d.stage.startsWith('district.'));
      p.reviewDays = [{ stage: 'province.appraise', workingDays: 20, sourced: false }];
    });
    expect(failure(input)).toBe('ok');
  });
});
