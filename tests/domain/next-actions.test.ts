/**
 * "What I must do next" (domain/next-actions.ts): who must act on which dossier, the due date counted in
 * working days (weekends, holidays and Tết out), the review clock suspended while the dossier is back at
 * the commune, overdue items first, and the basis of each date in words.
 */
import type { Principal } from '../../domain/access';
import { dienBienPlan2024Input, loadPlanYear, localDate, vietnamHolidayCalendar, type PlanYear } from '../../domain/calendar';
import { applyEvent, startDossier, type DossierEvent, type DossierState } from '../../domain/dossier';
import { nextActions, type NextActionDossier } from '../../domain/next-actions';
import { actors, cmd, COMMUNE, DISTRICT, ev, PROVINCE, smallInput } from '../support/dossier-fixtures';

/** The Tuần Giáo plan moved to 2025, the commune's step due 05/02/2025 (just after Tết Ất Tỵ, 25/01-02/02). */
function plan2025(): PlanYear {
  const input = JSON.parse(
    JSON.stringify(dienBienPlan2024Input)
      .replace(/2024-/g, '2025-')
      .replace(/"year":2024/g, '"year":2025'),
  );
  input.sourceNote = 'Kế hoạch số 123/KH-UBND ngày 10/01/2025 của UBND huyện Tuần Giáo';
  input.deadlines[0].due = '2025-02-05';
  const r = loadPlanYear(input);
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.messageEn} at ${r.error.path}`);
  return r.value;
}
const PLAN = plan2025();

const principal = (role: string, unitCode: string, department?: string): Principal => ({
  userId: `u-${role}-${department ?? ''}`,
  grants: [{ role: role as never, unitCode, ...(department ? { department } : {}) }],
});
const commune = principal('commune_official', COMMUNE);
const kthh = principal('district_specialist', DISTRICT, 'KT_HT');
const tnmt = principal('district_specialist', DISTRICT, 'TN_MT');
const office = principal('district_office', DISTRICT);
const inspector = principal('inspector', PROVINCE);

function build(events: DossierEvent[]): DossierState {
  const s = startDossier(smallInput({ planYear: 2025 }));
  if (!s.ok) throw new Error(s.error.messageEn);
  return events.reduce((state, e) => {
    const r = applyEvent(state, e);
    if (!r.ok) throw new Error(`${e.type}: ${r.error.code} ${r.error.messageEn}`);
    return r.value;
  }, s.value);
}

const at = (day: string) => `${day}T02:00:00.000Z`; // 09:00 in Vietnam
const submitted = () => [
  ev(cmd.assess('1'), actors.commune, at('2025-01-15')),
  ev(cmd.assess('2'), actors.commune, at('2025-01-15')),
  ev(cmd.assess('17'), actors.commune, at('2025-01-15')),
  ev(cmd.consult(), actors.commune, at('2025-01-15')),
  ev(cmd.submit(), actors.commune, at('2025-01-20')),
];
const reviewed = () => [
  ...submitted(),
  ev(cmd.review('1', 'needs_supplement'), actors.kthh, at('2025-02-06')),
  ev(cmd.review('2'), actors.kthh, at('2025-02-06')),
  ev(cmd.review('17'), actors.tnmt, at('2025-02-07')),
];
const returned = () => [...reviewed(), ev(cmd.ret('1', 'Thiếu biên bản nghiệm thu đường trục xã'), actors.districtOffice, at('2025-02-10'))];
const resubmitted = () => [...returned(), ev(cmd.resubmit(), actors.commune, at('2025-02-14'))];

const dossier = (state: DossierState): NextActionDossier => ({ id: 'commune.dat-chuan:quai-cang:2025', unitName: 'Xã Quài Cang', state, plan: PLAN });
const run = (p: Principal, state: DossierState, today: string) =>
  nextActions({ principal: p, dossiers: [dossier(state)], today: localDate(today), now: at(today), calendar: vietnamHolidayCalendar });

describe('what I must do next', () => {
  it('counts the commune’s plan deadline in working days across Tết and a weekend, with the plan letter as its basis', () => {
    const [item, ...rest] = run(commune, build([]), '2025-01-23');
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      unitName: 'Xã Quài Cang',
      titleVi: 'Xã đạt chuẩn nông thôn mới',
      planYear: 2025,
      action: 'commune.submitted',
      actionVi: 'Tự đánh giá và trình hồ sơ',
      due: '2025-02-05',
      dueVi: '05/02/2025',
      countdown: 'ahead',
      // Fri 24/01, then Tết and two weekends (25/01-02/02), then Mon 03 - Wed 05/02: 4, not 13 calendar days.
      workingDays: 4,
      countdownVi: 'còn 4 ngày làm việc',
    });
    expect(item!.basis?.kind).toBe('plan');
    expect(item!.basis?.vi).toContain('Kế hoạch số 123/KH-UBND ngày 10/01/2025 của UBND huyện Tuần Giáo');
    expect(item!.basis?.vi).toContain('hạn 05/02/2025');
    expect(item!.basis?.vi).toContain('Cấp xã tổ chức đánh giá');
    // Nobody else has anything to do yet.
    expect(run(office, build([]), '2025-01-23')).toEqual([]);
    expect(run(kthh, build([]), '2025-01-23')).toEqual([]);
  });

  it('gives each department its own criteria, due on the review clock (20 working days, Tết not counted) before the plan’s date', () => {
    const state = build(submitted());
    const [mine, ...rest] = run(kthh, state, '2025-01-23');
    expect(rest).toEqual([]);
    expect(mine).toMatchObject({
      action: 'criterion.reviewed',
      actionVi: 'Thẩm tra các tiêu chí của Phòng Kinh tế - Hạ tầng',
      department: 'KT_HT',
      criteria: ['1', '2'],
      // From 21/01: 4 days before Tết, 16 after it → Mon 24/02/2025 (17/02 without Tết).
      dueVi: '24/02/2025',
      // On Thu 23/01, 21-23/01 are used: 17 left (Fri 24/01 and 16 after Tết).
      countdownVi: 'còn 17 ngày làm việc',
    });
    expect(mine!.basis).toMatchObject({ kind: 'review-limit' });
    expect(mine!.basis!.vi).toContain('Thời hạn 20 ngày làm việc kể từ ngày nhận hồ sơ 20/01/2025');
    expect(mine!.basis!.vi).toContain('chưa tìm thấy thời hạn luật định');
    expect(run(tnmt, state, '2025-01-23').map((i) => i.criteria)).toEqual([['17']]);
    // The commune has submitted; an inspector only reads.
    expect(run(commune, state, '2025-01-23')).toEqual([]);
    expect(run(inspector, state, '2025-01-23')).toEqual([]);
  });

  it('asks the office to return the dossier once a criterion needs supplementing', () => {
    const [item] = run(office, build(reviewed()), '2025-02-07');
    expect(item).toMatchObject({ action: 'level.returned', actionVi: 'Trả hồ sơ để xã bổ sung', dueVi: '24/02/2025' });
  });

  it('suspends the review clock while the dossier is back at the commune and moves the due date by the days it was away', () => {
    const back = run(commune, build(returned()), '2025-02-12');
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ action: 'commune.resubmitted', actionVi: 'Bổ sung hồ sơ theo yêu cầu', criteria: ['1'] });
    // 21/01-24/01 (4) and 03/02-10/02 (6) used: 10 of 20 left; the return day counts.
    expect(back[0]!.suspended).toMatchObject({ since: '2025-02-10', sinceVi: '10/02/2025', remainingWorkingDays: 10 });
    expect(back[0]!.suspended!.vi).toContain('tạm dừng từ 10/02/2025');
    // The commune's own date is the plan's next step (the district's review), not the stopped clock.
    expect(back[0]!.basis?.kind).toBe('plan');
    expect(run(office, build(returned()), '2025-02-12')).toEqual([]);

    // Resubmitted on Fri 14/02: 11-14/02 (4 working days) do not count → 24/02 + 4 = Fri 28/02/2025.
    const [again] = run(kthh, build(resubmitted()), '2025-02-17');
    expect(again).toMatchObject({ action: 'criterion.reviewed', criteria: ['1'], dueVi: '28/02/2025' });
    expect(again!.basis!.vi).toContain('không tính những ngày hồ sơ trả lại xã');
  });

  it('puts overdue items first and counts how many working days they are late', () => {
    const fresh = { ...dossier(build([])), id: 'b', unitName: 'Xã Quài Nưa' };
    const late = { ...dossier(build(resubmitted())), id: 'a', unitName: 'Xã Quài Cang' };
    const items = nextActions({
      principal: { userId: 'u', grants: [...commune.grants, ...kthh.grants] },
      dossiers: [fresh, late],
      today: localDate('2025-03-05'),
      now: at('2025-03-05'),
      calendar: vietnamHolidayCalendar,
    });
    // Fresh dossier: the commune's 05/02 step is a month past (Mon 03/03 - Wed 05/03 after 20 working days in February).
    expect(items.map((i) => [i.dossierId, i.action, i.countdown, i.countdownVi])).toEqual([
      ['b', 'commune.submitted', 'overdue', 'quá hạn 20 ngày làm việc'],
      ['a', 'criterion.reviewed', 'overdue', 'quá hạn 3 ngày làm việc'],
    ]);
    const today = run(kthh, build(resubmitted()), '2025-02-28')[0]!;
    expect(today).toMatchObject({ countdown: 'today', countdownVi: 'hạn hôm nay' });
    // Past the due date on a weekend: overdue, though no working day has passed yet.
    expect(run(kthh, build(resubmitted()), '2025-03-01')[0]).toMatchObject({ countdown: 'overdue', countdownVi: 'đã quá hạn 28/02/2025' });
  });

  it('has no date when the dossier has no plan, and says so', () => {
    const [item] = nextActions({
      principal: commune,
      dossiers: [{ ...dossier(build([])), plan: undefined }],
      today: localDate('2025-01-23'),
      now: at('2025-01-23'),
      calendar: vietnamHolidayCalendar,
    });
    expect(item).toMatchObject({ countdown: 'none', countdownVi: 'không có hạn' });
    expect(item!.due).toBeUndefined();
    expect(item!.basis).toBeUndefined();
  });
});
