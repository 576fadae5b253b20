import { z } from 'zod';
import { calendarDaysBetween, formatVnDate, type LocalDate } from '../calendar/dates';
import { deadlinesFor, type PlanRegistration, type PlanTitle, type PlanYear } from '../calendar/plan';
import { domainError, err, ok, type Result } from '../errors';
import { parseWith } from '../validation';

/**
 * Will a unit registered in a plan year meet its target by the plan's deadline? An explainable rule,
 * stated in the officials' terms and computed from the unit's criteria marks over time (points from
 * imports and dossiers: a date and the number, or the set, of criteria met).
 *
 * The rule (every number appears in the reasons, in Vietnamese and English):
 *   current   = criteria met at the latest point on or before `asOf` (points after `asOf` are ignored;
 *               two points on one date: the later in the input wins).
 *   needed    = target − current. needed ≤ 0 → on_track ("đã đạt").
 *   yearsLeft = days from `asOf` to the deadline / 365.25. yearsLeft ≤ 0 with needed > 0 → will_miss.
 *   window    = from the oldest point within `windowYears` (default 2) of the latest point to the latest;
 *               if that window holds the latest point alone, from the newest point before it. A window
 *               shorter than `minSpanDays` (default 180) or no earlier point: the pace is unknown →
 *               at_risk, with the reason.
 *   rate      = (current − count at the window's start) / window length in years: criteria gained per
 *               year (negative when criteria were lost — mất chuẩn, or a stricter criteria set).
 *   projected = current + rate × yearsLeft, kept within 0 … the set's criteria count.
 *   shortfall = target − projected:  ≤ 0 → on_track;  ≤ `atRiskMaxShortfall` (default 1 criterion)
 *               → at_risk;  more → will_miss.
 * No history at all → at_risk ("chưa có số liệu"). Points judged against different criteria sets
 * (2016-2020 then 2021-2025) add a caveat: a count under a stricter set is not the same count.
 *
 * Numbers are shown with one decimal, Vietnamese style in Vietnamese ("1,5 tiêu chí/năm").
 */

export const ForecastPolicySchema = z
  .object({
    windowYears: z.number().positive().max(20).default(2),
    minSpanDays: z.int().min(1).max(3650).default(180),
    atRiskMaxShortfall: z.number().min(0).max(19).default(1),
  })
  .strict();
export type ForecastPolicy = z.infer<typeof ForecastPolicySchema>;
export const defaultForecastPolicy: ForecastPolicy = { windowYears: 2, minSpanDays: 180, atRiskMaxShortfall: 1 };

export interface MarkPoint {
  readonly date: LocalDate;
  /** Criteria met: a count, or the set of met criterion codes (duplicates counted once). */
  readonly met: number | readonly string[];
  readonly source?: 'import' | 'dossier' | 'other';
  /** Import batch or dossier id, for the reader who asks where a number comes from. */
  readonly ref?: string;
  /** The criteria set the marks were judged against (`commune-ntm-2016-2020`, …). */
  readonly criteriaSetId?: string;
}

export type ForecastStatus = 'on_track' | 'at_risk' | 'will_miss';

export const FORECAST_STATUS_LABELS: Readonly<Record<ForecastStatus, { vi: string; en: string }>> = {
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  at_risk: { vi: 'Có nguy cơ không đạt', en: 'At risk' },
  will_miss: { vi: 'Không kịp đạt', en: 'Will miss' },
};

export interface ForecastReason {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
}

export interface UnitForecastInput {
  readonly unitCode: string;
  readonly unitName: string;
  /** Criteria to meet (19 for đạt chuẩn under a 19-criteria set, 15 for cơ bản đạt chuẩn). */
  readonly target: number;
  /** Criteria in the set (the ceiling of a projection). */
  readonly totalCriteria: number;
  readonly deadline: LocalDate;
  readonly asOf: LocalDate;
  readonly points: readonly MarkPoint[];
  readonly policy?: Partial<ForecastPolicy>;
}

export interface UnitForecast {
  readonly unitCode: string;
  readonly unitName: string;
  readonly status: ForecastStatus;
  readonly target: number;
  readonly totalCriteria: number;
  readonly asOf: LocalDate;
  readonly deadline: LocalDate;
  readonly current: number | null;
  readonly currentDate: LocalDate | null;
  readonly needed: number | null;
  readonly yearsLeft: number;
  readonly window: { readonly from: LocalDate; readonly to: LocalDate; readonly years: number } | null;
  readonly ratePerYear: number | null;
  readonly requiredRatePerYear: number | null;
  readonly projected: number | null;
  readonly reasons: readonly ForecastReason[];
  readonly summaryVi: string;
  readonly summaryEn: string;
}

const DAYS_PER_YEAR = 365.25;
const EPS = 1e-9;

/** One decimal, trailing ",0" dropped: 1.5 → "1,5" (vi) / "1.5" (en); 2 → "2". */
export function formatOneDecimal(n: number, lang: 'vi' | 'en'): string {
  const r = Math.round(n * 10) / 10;
  const s = (Object.is(r, -0) ? 0 : r).toFixed(1).replace(/\.0$/, '');
  return lang === 'vi' ? s.replace('.', ',') : s;
}

function countOf(p: MarkPoint): number {
  return typeof p.met === 'number' ? p.met : new Set(p.met).size;
}

function invalid(vi: string, en: string, path: string): Result<never> {
  return err(domainError('FORECAST.INVALID_INPUT', vi, en, { path }));
}

export function forecastUnit(input: UnitForecastInput): Result<UnitForecast> {
  const pol = parseWith(ForecastPolicySchema, { ...defaultForecastPolicy, ...input.policy }, 'FORECAST.INVALID_POLICY');
  if (!pol.ok) return pol;
  const policy = pol.value;
  const { target, totalCriteria: total } = input;
  if (!Number.isInteger(total) || total < 1)
    return invalid(`Số tiêu chí của bộ (${total}) không hợp lệ`, `Criteria count ${total} is not valid`, 'totalCriteria');
  if (!Number.isInteger(target) || target < 1 || target > total) {
    return invalid(`Mục tiêu ${target} tiêu chí ngoài khoảng 1-${total}`, `Target ${target} criteria is outside 1-${total}`, 'target');
  }
  for (const [i, p] of input.points.entries()) {
    const n = countOf(p);
    if (!Number.isInteger(n) || n < 0 || n > total) {
      return invalid(
        `Điểm số liệu ngày ${formatVnDate(p.date)}: ${n} tiêu chí ngoài khoảng 0-${total}`,
        `Point of ${formatVnDate(p.date)}: ${n} criteria is outside 0-${total}`,
        `points.${i}.met`,
      );
    }
  }

  // Latest point per date (the later in the input wins), on or before asOf, oldest first.
  const byDate = new Map<LocalDate, MarkPoint>();
  for (const p of input.points) if (p.date <= input.asOf) byDate.set(p.date, p);
  const points = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));

  const yearsLeft = calendarDaysBetween(input.asOf, input.deadline) / DAYS_PER_YEAR;
  const reasons: ForecastReason[] = [];
  const base = {
    unitCode: input.unitCode,
    unitName: input.unitName,
    target,
    totalCriteria: total,
    asOf: input.asOf,
    deadline: input.deadline,
    yearsLeft,
  };
  const done = (
    status: ForecastStatus,
    rest: Pick<UnitForecast, 'current' | 'currentDate' | 'needed' | 'window' | 'ratePerYear' | 'requiredRatePerYear' | 'projected'>,
  ): Result<UnitForecast> => {
    const label = FORECAST_STATUS_LABELS[status];
    return ok({
      ...base,
      ...rest,
      status,
      reasons,
      summaryVi: `${label.vi}: ${reasons.map((r) => r.vi).join('; ')}`,
      summaryEn: `${label.en}: ${reasons.map((r) => r.en).join('; ')}`,
    });
  };
  const none = { current: null, currentDate: null, needed: null, window: null, ratePerYear: null, requiredRatePerYear: null, projected: null };

  const latest = points[points.length - 1];
  if (!latest) {
    reasons.push({
      code: 'FORECAST.NO_HISTORY',
      vi: `chưa có số liệu tiêu chí đến ngày ${formatVnDate(input.asOf)}, không đánh giá được tốc độ`,
      en: `no criteria data up to ${formatVnDate(input.asOf)}; the pace cannot be judged`,
    });
    return done('at_risk', none);
  }
  const current = countOf(latest);
  const needed = target - current;
  const have = { current, currentDate: latest.date, needed };
  const sets = new Set(points.map((p) => p.criteriaSetId).filter((s): s is string => s !== undefined));

  if (needed <= 0) {
    reasons.push({
      code: 'FORECAST.ALREADY_MET',
      vi: `đã đạt ${current}/${total} tiêu chí (mục tiêu ${target}) theo số liệu ngày ${formatVnDate(latest.date)}`,
      en: `already meets ${current}/${total} criteria (target ${target}) as of ${formatVnDate(latest.date)}`,
    });
    return done('on_track', { ...none, ...have });
  }
  reasons.push({
    code: 'FORECAST.NEEDED',
    vi: `cần thêm ${needed} tiêu chí (đạt ${current}/${total} ngày ${formatVnDate(latest.date)}, mục tiêu ${target})`,
    en: `needs ${needed} more criteria (${current}/${total} on ${formatVnDate(latest.date)}, target ${target})`,
  });
  if (yearsLeft <= 0) {
    reasons.push({
      code: 'FORECAST.DEADLINE_PASSED',
      vi: `đã quá hạn ${formatVnDate(input.deadline)}`,
      en: `the deadline ${formatVnDate(input.deadline)} has passed`,
    });
    return done('will_miss', { ...none, ...have });
  }

  const windowStartLimit = latest.date;
  const inWindow = points.filter((p) => calendarDaysBetween(p.date, windowStartLimit) <= policy.windowYears * DAYS_PER_YEAR);
  let start = inWindow[0]!;
  if (start === latest) start = points[points.length - 2] ?? latest;
  const spanDays = calendarDaysBetween(start.date, latest.date);
  if (start === latest || spanDays < policy.minSpanDays) {
    reasons.push(
      start === latest
        ? {
            code: 'FORECAST.SHORT_HISTORY',
            vi: `chỉ có một lần số liệu (ngày ${formatVnDate(latest.date)}), chưa tính được tốc độ`,
            en: `a single data point (${formatVnDate(latest.date)}); the pace cannot be computed`,
          }
        : {
            code: 'FORECAST.SHORT_HISTORY',
            vi: `số liệu chỉ trong ${spanDays} ngày (cần ít nhất ${policy.minSpanDays} ngày), chưa tính được tốc độ`,
            en: `data spans only ${spanDays} days (at least ${policy.minSpanDays} needed); the pace cannot be computed`,
          },
    );
    return done('at_risk', { ...none, ...have, requiredRatePerYear: needed / yearsLeft });
  }

  const windowYears = spanDays / DAYS_PER_YEAR;
  const rate = (current - countOf(start)) / windowYears;
  const required = needed / yearsLeft;
  const projected = Math.min(total, Math.max(0, current + rate * yearsLeft));
  const shortfall = target - projected;
  const window = { from: start.date, to: latest.date, years: windowYears };

  reasons.push({
    code: 'FORECAST.RATE',
    vi: `tốc độ ${formatOneDecimal(windowYears, 'vi')} năm qua ${formatOneDecimal(rate, 'vi')} tiêu chí/năm (${countOf(start)} → ${current}, ${formatVnDate(start.date)} – ${formatVnDate(latest.date)})`,
    en: `pace over the last ${formatOneDecimal(windowYears, 'en')} years ${formatOneDecimal(rate, 'en')} criteria/year (${countOf(start)} → ${current}, ${formatVnDate(start.date)} – ${formatVnDate(latest.date)})`,
  });
  if (rate < -EPS) {
    reasons.push({
      code: 'FORECAST.DECLINING',
      vi: 'số tiêu chí đạt đang giảm (có tiêu chí mất chuẩn)',
      en: 'the number of criteria met is falling (criteria lost)',
    });
  } else if (Math.abs(rate) <= EPS) {
    reasons.push({ code: 'FORECAST.NO_PROGRESS', vi: 'không tăng thêm tiêu chí nào', en: 'no criteria gained' });
  }
  reasons.push({
    code: 'FORECAST.PROJECTION',
    vi: `còn ${formatOneDecimal(yearsLeft, 'vi')} năm đến hạn ${formatVnDate(input.deadline)}, cần ${formatOneDecimal(required, 'vi')} tiêu chí/năm; dự kiến đạt ${formatOneDecimal(projected, 'vi')}/${total}`,
    en: `${formatOneDecimal(yearsLeft, 'en')} years left to ${formatVnDate(input.deadline)}, ${formatOneDecimal(required, 'en')} criteria/year needed; projected ${formatOneDecimal(projected, 'en')}/${total}`,
  });
  if (sets.size > 1) {
    reasons.push({
      code: 'FORECAST.MIXED_CRITERIA_SETS',
      vi: `số liệu theo nhiều bộ tiêu chí (${[...sets].join(', ')}): số tiêu chí không hoàn toàn so sánh được`,
      en: `data judged against several criteria sets (${[...sets].join(', ')}): counts are not fully comparable`,
    });
  }
  const status: ForecastStatus = shortfall <= EPS ? 'on_track' : shortfall <= policy.atRiskMaxShortfall + EPS ? 'at_risk' : 'will_miss';
  return done(status, { ...have, window, ratePerYear: rate, requiredRatePerYear: required, projected });
}

// ---- a plan year's registered units ---------------------------------------------------------

export interface PlanForecastOptions {
  /** Criteria in the commune set the plan measures against (19 for 2016-2020 and 2021-2025). */
  readonly totalCriteria?: number;
  /** The day the criteria must be met; default the title's first deadline in the plan (the commune's dossier), else 31/12. */
  readonly deadlineFor?: (reg: PlanRegistration) => LocalDate;
  readonly policy?: Partial<ForecastPolicy>;
}

export interface SkippedRegistration {
  readonly unitCode: string;
  readonly title: PlanTitle;
  readonly reasonVi: string;
  readonly reasonEn: string;
}

export interface PlanForecast {
  readonly year: number;
  readonly asOf: LocalDate;
  readonly forecasts: readonly (UnitForecast & { readonly title: PlanTitle })[];
  readonly skipped: readonly SkippedRegistration[];
  readonly counts: Readonly<Record<ForecastStatus, number>>;
}

/**
 * The criteria target a registration is measured by: all criteria for đạt chuẩn, `targetCriteria`
 * (default 15) for cơ bản đạt chuẩn; undefined for titles measured otherwise (villages by their
 * provincial set, nâng cao and kiểu mẫu by other sets, OCOP by stars).
 */
export function registrationTarget(reg: PlanRegistration, totalCriteria: number): number | undefined {
  if (reg.title === 'commune.nang-cao' || reg.title === 'commune.kieu-mau' || reg.title === 'ocop.sao') return undefined;
  if (reg.title === 'commune.dat-chuan') return totalCriteria;
  if (reg.title === 'commune.co-ban-dat-chuan') return reg.targetCriteria ?? 15;
  return undefined;
}

/**
 * Forecasts every registration of a plan year whose title is measured by a count of criteria. Titles
 * that are not (villages, OCOP, nâng cao / kiểu mẫu) are listed in `skipped`.
 * `history` maps unit codes to their points.
 */
export function forecastPlan(
  plan: PlanYear,
  history: Readonly<Record<string, readonly MarkPoint[]>>,
  asOf: LocalDate,
  options: PlanForecastOptions = {},
): Result<PlanForecast> {
  const total = options.totalCriteria ?? 19;
  const forecasts: (UnitForecast & { title: PlanTitle })[] = [];
  const skipped: SkippedRegistration[] = [];
  for (const [i, reg] of plan.registrations.entries()) {
    const target = registrationTarget(reg, total);
    if (target === undefined) {
      skipped.push({
        unitCode: reg.unitCode,
        title: reg.title,
        reasonVi: `Danh hiệu "${reg.title}" không đo bằng số tiêu chí của bộ ${total} tiêu chí`,
        reasonEn: `Title "${reg.title}" is not measured by a count of the ${total}-criteria set`,
      });
      continue;
    }
    const deadline = options.deadlineFor?.(reg) ?? deadlinesFor(plan, reg.title)[0]?.due ?? (`${plan.year}-12-31` as LocalDate);
    const r = forecastUnit({
      unitCode: reg.unitCode,
      unitName: reg.unitName,
      target,
      totalCriteria: total,
      deadline,
      asOf,
      points: history[reg.unitCode] ?? [],
      policy: options.policy,
    });
    if (!r.ok) return err({ ...r.error, path: `registrations.${i}${r.error.path ? `.${r.error.path}` : ''}` });
    forecasts.push({ ...r.value, title: reg.title });
  }
  const counts: Record<ForecastStatus, number> = { on_track: 0, at_risk: 0, will_miss: 0 };
  for (const f of forecasts) counts[f.status]++;
  return ok({ year: plan.year, asOf, forecasts, skipped, counts });
}
