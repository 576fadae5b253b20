import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dienBienPlan2021, dienBienPlan2024, localDate } from '../../domain/calendar';
import { forecastPlan, forecastUnit, formatOneDecimal, type MarkPoint, type UnitForecast, type UnitForecastInput } from '../../domain/forecast';
import { parseCsv, validateCriteriaSheet } from '../../domain/import';
import { DIEN_BIEN_ALIASES, DIEN_BIEN_UNITS } from '../../domain/units';

const d = localDate;
const CRITERIA = Array.from({ length: 19 }, (_, i) => String(i + 1));

/** Seed 004's appendix "Kết quả thực hiện bộ tiêu chí ... năm 2020" for Tuần Giáo, as committed in the import fixture. */
function tuanGiao2020(): Record<string, MarkPoint[]> {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'import', 'tuan-giao-2020.csv'), 'utf8');
  const records = parseCsv(text);
  if (!records.ok) throw new Error(records.error.messageEn);
  const sheet = validateCriteriaSheet({ records: records.value, criteria: CRITERIA, units: DIEN_BIEN_UNITS, aliases: DIEN_BIEN_ALIASES });
  if (!sheet.ok) throw new Error(sheet.error.messageEn);
  const out: Record<string, MarkPoint[]> = {};
  for (const row of sheet.value.accepted) {
    const met = Object.entries(row.marks)
      .filter(([, m]) => m)
      .map(([c]) => c);
    out[row.unitCode] = [{ date: d('2020-12-31'), met, source: 'import', ref: 'seed 004 / BC 1333/BC-BCĐ', criteriaSetId: 'commune-ntm-2016-2020' }];
  }
  return out;
}
const history2020 = tuanGiao2020();

function unit(points: MarkPoint[], extra: Partial<UnitForecastInput> = {}): UnitForecast {
  const r = forecastUnit({
    unitCode: 'x',
    unitName: 'Xã X',
    target: 19,
    totalCriteria: 19,
    deadline: d('2024-08-31'),
    asOf: d('2024-03-25'),
    points,
    ...extra,
  });
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}
const p = (date: string, met: number, criteriaSetId?: string): MarkPoint => ({ date: d(date), met, ...(criteriaSetId ? { criteriaSetId } : {}) });
const codes = (f: UnitForecast) => f.reasons.map((r) => r.code);

describe('forecast on the seeds', () => {
  it('seed 002 (plan 2024) with seed 004 (2020 marks) alone: one point each, so the pace is unknown → at_risk, with what is missing', () => {
    const r = forecastPlan(dienBienPlan2024, history2020, d('2024-03-25'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.forecasts.map((f) => [f.unitName, f.current, f.needed, f.status, f.deadline])).toEqual([
      ['Xã Quài Cang', 16, 3, 'at_risk', '2024-08-31'],
      ['Xã Quài Nưa', 17, 2, 'at_risk', '2024-08-31'],
      ['Xã Chiềng Sinh', 12, 7, 'at_risk', '2024-08-31'],
    ]);
    const chiengSinh = r.value.forecasts[2]!;
    expect(codes(chiengSinh)).toEqual(['FORECAST.NEEDED', 'FORECAST.SHORT_HISTORY']);
    expect(chiengSinh.summaryVi).toBe(
      'Có nguy cơ không đạt: cần thêm 7 tiêu chí (đạt 12/19 ngày 31/12/2020, mục tiêu 19); chỉ có một lần số liệu (ngày 31/12/2020), chưa tính được tốc độ',
    );
    expect(chiengSinh.summaryEn).toContain('needs 7 more criteria');
    expect(r.value.counts).toEqual({ on_track: 0, at_risk: 3, will_miss: 0 });
  });

  it('"cần thêm 4 tiêu chí, tốc độ 2 năm qua 1,5 tiêu chí/năm": Chiềng Sinh with a hypothetical 2022 mark of 15 will miss 31/08/2024', () => {
    // The 2022 point is NOT from a seed: it is an example of what a later import or dossier adds.
    const history = {
      ...history2020,
      'dien-bien/tuan-giao/chieng-sinh': [...history2020['dien-bien/tuan-giao/chieng-sinh']!, p('2022-12-31', 15, 'commune-ntm-2021-2025')],
    };
    const r = forecastPlan(dienBienPlan2024, history, d('2024-03-25'));
    if (!r.ok) throw new Error(r.error.messageEn);
    const f = r.value.forecasts.find((x) => x.unitCode === 'dien-bien/tuan-giao/chieng-sinh')!;
    expect(f.status).toBe('will_miss');
    expect(f.needed).toBe(4);
    expect(f.ratePerYear).toBeCloseTo(1.5, 2);
    expect(f.window).toMatchObject({ from: '2020-12-31', to: '2022-12-31' });
    expect(f.yearsLeft).toBeCloseTo(159 / 365.25, 6);
    expect(f.projected).toBeCloseTo(15.65, 2);
    expect(f.summaryVi).toContain('cần thêm 4 tiêu chí');
    expect(f.summaryVi).toContain('tốc độ 2 năm qua 1,5 tiêu chí/năm (12 → 15, 31/12/2020 – 31/12/2022)');
    expect(f.summaryVi).toContain('còn 0,4 năm đến hạn 31/08/2024, cần 9,2 tiêu chí/năm; dự kiến đạt 15,7/19');
    expect(f.summaryEn).toContain('pace over the last 2 years 1.5 criteria/year');
    expect(codes(f)).toContain('FORECAST.MIXED_CRITERIA_SETS');
  });

  it('seed 002 "13 xã cơ bản đạt chuẩn (đạt từ 15 tiêu chí trở lên)": five Tuần Giáo communes already had 15+ in 2020', () => {
    const fs = Object.entries(history2020).map(([code, points]) => unit(points, { unitCode: code, target: 15 }));
    const met = fs.filter((f) => codes(f).includes('FORECAST.ALREADY_MET'));
    expect(met.map((f) => [f.unitCode.split('/')[2], f.current])).toEqual([
      ['na-say', 17],
      ['muong-thin', 16],
      ['quai-to', 16],
      ['quai-cang', 16],
      ['quai-nua', 17],
    ]);
    expect(met.every((f) => f.status === 'on_track')).toBe(true);
    // The other 13 are unknown (one point): 8 of them must reach 15 for the target of 13.
    expect(fs.filter((f) => f.status === 'at_risk')).toHaveLength(13);
  });

  it('counts the marks, not the printed total (Phình Sáng: 11 met, printed 10)', () => {
    const f = unit(history2020['dien-bien/tuan-giao/phinh-sang']!, { target: 15 });
    expect(f.current).toBe(11);
  });

  it('seed 000/004 (plan 2021): cơ bản đạt chuẩn registrations are measured against 15, villages are skipped', () => {
    const r = forecastPlan(dienBienPlan2021, history2020, d('2021-06-15'));
    if (!r.ok) throw new Error(r.error.messageEn);
    expect(r.value.forecasts.map((f) => [f.unitCode.split('/')[2], f.target, f.current, f.needed, f.deadline])).toEqual([
      ['mun-chung', 19, 13, 6, '2021-10-15'],
      ['rang-dong', 15, 14, 1, '2021-10-15'],
      ['muong-mun', 15, 14, 1, '2021-10-15'],
      ['pu-nhung', 15, 14, 1, '2021-10-15'],
      ['chieng-dong', 15, 13, 2, '2021-10-15'],
      ['tua-tinh', 15, 12, 3, '2021-10-15'],
    ]);
    expect(r.value.skipped.map((s) => [s.unitCode, s.title])).toEqual([
      ['dien-bien/tuan-giao/quai-nua/minh-thang', 'village.dat-chuan'],
      ['dien-bien/tuan-giao/quai-cang/sai-ngoai', 'village.dat-chuan'],
    ]);
  });
});

describe('forecast rule', () => {
  it('no history → at_risk with the reason', () => {
    const f = unit([]);
    expect(f).toMatchObject({ status: 'at_risk', current: null, needed: null, ratePerYear: null });
    expect(codes(f)).toEqual(['FORECAST.NO_HISTORY']);
    expect(f.summaryVi).toContain('chưa có số liệu tiêu chí đến ngày 25/03/2024');
  });

  it('already met → on_track', () => {
    const f = unit([p('2022-12-31', 17), p('2023-12-31', 19)]);
    expect(f).toMatchObject({ status: 'on_track', needed: 0 });
    expect(f.summaryVi).toBe('Đúng tiến độ: đã đạt 19/19 tiêu chí (mục tiêu 19) theo số liệu ngày 31/12/2023');
  });

  it('fast enough → on_track (the projection is capped at the set size)', () => {
    const f = unit([p('2021-12-31', 14), p('2022-12-31', 17)], { asOf: d('2023-01-15') });
    expect(f.status).toBe('on_track');
    expect(f.projected).toBe(19);
  });

  it('within the at-risk margin → at_risk; a tighter margin → will_miss', () => {
    const pts = [p('2022-03-25', 16), p('2023-03-25', 17)];
    const f = unit(pts, { asOf: d('2023-03-25') });
    expect(f.status).toBe('at_risk');
    expect(f.projected).toBeCloseTo(18.44, 2);
    expect(unit(pts, { asOf: d('2023-03-25'), policy: { atRiskMaxShortfall: 0.5 } }).status).toBe('will_miss');
  });

  it('negative rate → declining, will_miss', () => {
    const f = unit([p('2020-12-31', 16), p('2022-12-31', 14)], { asOf: d('2023-06-30') });
    expect(f.status).toBe('will_miss');
    expect(f.ratePerYear).toBeCloseTo(-1, 2);
    expect(codes(f)).toContain('FORECAST.DECLINING');
    expect(f.summaryVi).toContain('tốc độ 2 năm qua -1 tiêu chí/năm');
    expect(f.summaryVi).toContain('đang giảm');
  });

  it('no progress and one criterion short → at_risk, says so', () => {
    const f = unit([p('2022-08-31', 18), p('2023-08-31', 18)], { asOf: d('2023-08-31') });
    expect(f.status).toBe('at_risk');
    expect(codes(f)).toContain('FORECAST.NO_PROGRESS');
  });

  it('deadline passed with criteria missing → will_miss', () => {
    const f = unit([p('2023-12-31', 18)], { asOf: d('2024-09-01') });
    expect(f.status).toBe('will_miss');
    expect(codes(f)).toEqual(['FORECAST.NEEDED', 'FORECAST.DEADLINE_PASSED']);
  });

  it('measures the pace over the window, falling back to the newest earlier point', () => {
    const pts = [p('2018-12-31', 10), p('2020-12-31', 12), p('2022-12-31', 15)];
    expect(unit(pts).ratePerYear).toBeCloseTo(1.5, 2);
    expect(unit(pts, { policy: { windowYears: 4 } }).ratePerYear).toBeCloseTo(1.25, 2);
    const sparse = unit([p('2019-12-31', 12), p('2022-12-31', 15)]);
    expect(sparse.window).toMatchObject({ from: '2019-12-31', to: '2022-12-31' });
    expect(sparse.summaryVi).toContain('tốc độ 3 năm qua 1 tiêu chí/năm');
  });

  it('a window too short to judge → at_risk; points after asOf are ignored; the later of two same-day points wins', () => {
    const short = unit([p('2022-10-01', 12), p('2022-12-31', 13)]);
    expect(short.status).toBe('at_risk');
    expect(short.summaryVi).toContain('số liệu chỉ trong 91 ngày (cần ít nhất 180 ngày)');
    const future = unit([p('2023-12-31', 18), p('2024-06-30', 19)]);
    expect(future.current).toBe(18);
    expect(unit([p('2023-12-31', 15), p('2023-12-31', 18)]).current).toBe(18);
    expect(unit([{ date: d('2023-12-31'), met: ['1', '2', '2', '3'] }]).current).toBe(3);
  });

  it('refuses bad input with a coded, bilingual error and its path', () => {
    const bad = (extra: Partial<UnitForecastInput>) => {
      const r = forecastUnit({
        unitCode: 'x',
        unitName: 'X',
        target: 19,
        totalCriteria: 19,
        deadline: d('2024-08-31'),
        asOf: d('2024-03-25'),
        points: [],
        ...extra,
      });
      if (r.ok) throw new Error('expected a refusal');
      return r.error;
    };
    expect(bad({ target: 20 })).toMatchObject({ code: 'FORECAST.INVALID_INPUT', path: 'target' });
    expect(bad({ points: [p('2023-01-01', 25)] })).toMatchObject({ code: 'FORECAST.INVALID_INPUT', path: 'points.0.met' });
    expect(bad({ policy: { windowYears: -1 } }).code).toBe('FORECAST.INVALID_POLICY');
  });

  it('formats with one decimal and a Vietnamese decimal comma', () => {
    expect(formatOneDecimal(1.5, 'vi')).toBe('1,5');
    expect(formatOneDecimal(1.5, 'en')).toBe('1.5');
    expect(formatOneDecimal(2.0004, 'vi')).toBe('2');
    expect(formatOneDecimal(-0.04, 'vi')).toBe('0');
    expect(formatOneDecimal(15.65, 'vi')).toBe('15,7');
  });
});
