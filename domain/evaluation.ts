import { z } from 'zod';
import { domainError, err, ok, type Result } from './errors';
import { parseWith } from './validation';
import {
  UNITS,
  type CommuneGroup,
  type CriteriaSet,
  type CriteriaScope,
  type CriteriaStandard,
  type Indicator,
  type MeasureUnit,
  type RegionCode,
} from './criteria/schema';

/**
 * Evaluating a unit against a criteria set: per indicator, a measured value is compared with the
 * threshold that applies to the unit (its commune group, else its region, else the default); where
 * there is no value, or no threshold to compare with, a reviewer's judgement decides; with neither,
 * the indicator lacks evidence. A criterion is met when all its indicators are, not met when any is
 * not, otherwise it lacks evidence. Reasons are given in Vietnamese and English. In a set with commune
 * groups (2026-2030), a value for an indicator with per-group thresholds is never compared with the
 * default when the commune has no group: it lacks evidence until the group is known.
 */

export const IndicatorEvidenceSchema = z.union([
  z.object({ value: z.number().finite() }).strict(),
  z.object({ met: z.boolean(), by: z.string().min(1), note: z.string().optional() }).strict(),
]);
export type IndicatorEvidence = z.infer<typeof IndicatorEvidenceSchema>;

/** Per indicator code: a measured value, or a reviewer's judgement. Indicators left out have no evidence yet. */
export const AssessmentSchema = z.object({ indicators: z.record(z.string(), IndicatorEvidenceSchema) }).strict();
export type Assessment = z.infer<typeof AssessmentSchema>;

export interface EvaluationContext {
  readonly communeGroup?: CommuneGroup;
  readonly region?: RegionCode;
}

export type Status = 'met' | 'not_met' | 'missing_evidence';

export interface IndicatorResult {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly status: Status;
  /** Why it is not met or lacks evidence; for a met indicator, what it was measured against. */
  readonly reasonVi: string;
  readonly reasonEn: string;
  /** Who judged it, when a judgement decided. */
  readonly judgedBy?: string;
  /** The threshold applied, when a value was compared. */
  readonly applied?: { readonly kind: 'min' | 'max'; readonly value: number; readonly unit: MeasureUnit };
  /** False when the decision rested on a placeholder threshold (`sourced: false`). */
  readonly thresholdSourced: boolean;
}

export interface CriterionResult {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly group: string;
  readonly status: Status;
  readonly indicators: readonly IndicatorResult[];
  /** Indicators not met, with their reasons. */
  readonly failing: readonly IndicatorResult[];
  readonly missing: readonly IndicatorResult[];
}

export interface CriteriaEvaluation {
  readonly setId: string;
  readonly scope: CriteriaScope;
  readonly standard: CriteriaStandard;
  readonly criteria: readonly CriterionResult[];
  readonly total: number;
  readonly metCount: number;
  readonly notMetCount: number;
  readonly missingCount: number;
  readonly allMet: boolean;
}

/** Vietnamese number format: comma decimal, dot thousands ("1.234,5"). */
export function formatNumberVi(n: number): string {
  return formatNumber(n, '.', ',');
}

export function formatNumberEn(n: number): string {
  return formatNumber(n, ',', '.');
}

function formatNumber(n: number, thousands: string, decimal: string): string {
  const rounded = Math.round(n * 100) / 100;
  const negative = rounded < 0;
  const [int, frac] = Math.abs(rounded).toString().split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${negative ? '-' : ''}${grouped}${frac ? decimal + frac : ''}`;
}

function withUnit(n: number, unit: MeasureUnit, lang: 'vi' | 'en'): string {
  const u = UNITS[unit];
  const num = lang === 'vi' ? formatNumberVi(n) : formatNumberEn(n);
  return `${num}${u.space ? ' ' : ''}${u[lang]}`;
}

/** The threshold value that applies to this unit: commune group first, then region, then the default. */
export function resolveThresholdValue(indicator: Indicator, ctx: EvaluationContext): number | undefined {
  const t = indicator.threshold;
  if (t.kind !== 'min' && t.kind !== 'max') return undefined;
  if (ctx.communeGroup !== undefined) {
    const g = t.byGroup?.[String(ctx.communeGroup) as '1' | '2' | '3'];
    if (g !== undefined) return g;
  }
  if (ctx.region !== undefined) {
    const r = t.byRegion?.[ctx.region];
    if (r !== undefined) return r;
  }
  return t.value;
}

function evaluateIndicator(ind: Indicator, evidence: IndicatorEvidence | undefined, ctx: EvaluationContext, groupsRequired = false): IndicatorResult {
  const base = { code: ind.code, nameVi: ind.nameVi, nameEn: ind.nameEn, thresholdSourced: ind.threshold.sourced };
  const t = ind.threshold;
  if (
    evidence &&
    'value' in evidence &&
    (t.kind === 'min' || t.kind === 'max') &&
    groupsRequired &&
    ctx.communeGroup === undefined &&
    Object.keys(t.byGroup ?? {}).length > 0
  ) {
    // Thresholds per commune group and no group: a default would measure the commune by the wrong rule.
    return {
      ...base,
      status: 'missing_evidence',
      reasonVi: `${ind.nameVi}: ngưỡng theo nhóm xã nhưng xã chưa được xếp nhóm; không so sánh được`,
      reasonEn: `${ind.nameEn}: thresholds are per commune group but the commune has no group; cannot compare`,
    };
  }
  if (evidence && 'value' in evidence && (t.kind === 'min' || t.kind === 'max')) {
    const limit = resolveThresholdValue(ind, ctx);
    if (limit !== undefined) {
      const met = t.kind === 'min' ? evidence.value >= limit : evidence.value <= limit;
      const v = { vi: withUnit(evidence.value, t.unit, 'vi'), en: withUnit(evidence.value, t.unit, 'en') };
      const l = { vi: withUnit(limit, t.unit, 'vi'), en: withUnit(limit, t.unit, 'en') };
      const applied = { kind: t.kind, value: limit, unit: t.unit };
      if (met) {
        return {
          ...base,
          status: 'met',
          applied,
          reasonVi: `${ind.nameVi} ${v.vi}, ${t.kind === 'min' ? 'đạt ngưỡng tối thiểu' : 'trong ngưỡng tối đa'} ${l.vi}`,
          reasonEn: `${ind.nameEn} ${v.en}, ${t.kind === 'min' ? 'meets the minimum of' : 'within the maximum of'} ${l.en}`,
        };
      }
      return {
        ...base,
        status: 'not_met',
        applied,
        reasonVi: `${ind.nameVi} ${v.vi}, ${t.kind === 'min' ? 'thấp hơn ngưỡng' : 'cao hơn ngưỡng tối đa'} ${l.vi}`,
        reasonEn: `${ind.nameEn} ${v.en}, ${t.kind === 'min' ? 'below the threshold of' : 'above the maximum of'} ${l.en}`,
      };
    }
    // A value but no threshold for this unit: only a judgement can settle it.
    return {
      ...base,
      status: 'missing_evidence',
      reasonVi: `${ind.nameVi}: chưa cấu hình ngưỡng cho ${describeContextVi(ctx)}; cần người thẩm định đánh giá đạt/không đạt`,
      reasonEn: `${ind.nameEn}: no threshold configured for ${describeContextEn(ctx)}; a reviewer must judge it met or not`,
    };
  }
  if (evidence && 'met' in evidence) {
    return {
      ...base,
      status: evidence.met ? 'met' : 'not_met',
      judgedBy: evidence.by,
      reasonVi: `${ind.nameVi}: ${evidence.by} đánh giá ${evidence.met ? 'đạt' : 'chưa đạt'}${evidence.note ? ` (${evidence.note})` : ''}`,
      reasonEn: `${ind.nameEn}: judged ${evidence.met ? 'met' : 'not met'} by ${evidence.by}${evidence.note ? ` (${evidence.note})` : ''}`,
    };
  }
  if (evidence && 'value' in evidence) {
    return {
      ...base,
      status: 'missing_evidence',
      reasonVi: `${ind.nameVi}: chỉ tiêu đánh giá đạt/không đạt, không so sánh bằng số liệu`,
      reasonEn: `${ind.nameEn}: this indicator is judged met or not, a number cannot settle it`,
    };
  }
  return {
    ...base,
    status: 'missing_evidence',
    reasonVi: `${ind.nameVi}: chưa có số liệu hoặc đánh giá`,
    reasonEn: `${ind.nameEn}: no value or judgement recorded`,
  };
}

function describeContextVi(ctx: EvaluationContext): string {
  const parts = [ctx.communeGroup !== undefined ? `nhóm xã ${ctx.communeGroup}` : '', ctx.region ? `vùng ${ctx.region}` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'đơn vị này';
}

function describeContextEn(ctx: EvaluationContext): string {
  const parts = [ctx.communeGroup !== undefined ? `commune group ${ctx.communeGroup}` : '', ctx.region ? `region ${ctx.region}` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'this unit';
}

/**
 * Evaluates an assessment against a set. Refuses (`EVALUATION.INVALID_ASSESSMENT`) a malformed
 * assessment and (`EVALUATION.UNKNOWN_INDICATOR`) evidence for an indicator the set does not have,
 * with the path of the offending entry.
 */
export function evaluateUnit(set: CriteriaSet, assessment: unknown, ctx: EvaluationContext = {}): Result<CriteriaEvaluation> {
  const parsed = parseWith(AssessmentSchema, assessment, 'EVALUATION.INVALID_ASSESSMENT');
  if (!parsed.ok) return parsed;
  const evidence = parsed.value.indicators;
  const known = new Set(set.criteria.flatMap((c) => c.indicators.map((i) => i.code)));
  for (const code of Object.keys(evidence)) {
    if (!known.has(code)) {
      return err(
        domainError(
          'EVALUATION.UNKNOWN_INDICATOR',
          `Bộ tiêu chí "${set.id}" không có chỉ tiêu "${code}"`,
          `Criteria set "${set.id}" has no indicator "${code}"`,
          { path: `indicators.${code}` },
        ),
      );
    }
  }
  const criteria: CriterionResult[] = set.criteria.map((c) => {
    const indicators = c.indicators.map((i) => evaluateIndicator(i, evidence[i.code], ctx, set.communeGroups !== undefined));
    const failing = indicators.filter((i) => i.status === 'not_met');
    const missing = indicators.filter((i) => i.status === 'missing_evidence');
    const status: Status = failing.length > 0 ? 'not_met' : missing.length > 0 ? 'missing_evidence' : 'met';
    return { code: c.code, nameVi: c.nameVi, nameEn: c.nameEn, group: c.group, status, indicators, failing, missing };
  });
  const metCount = criteria.filter((c) => c.status === 'met').length;
  const notMetCount = criteria.filter((c) => c.status === 'not_met').length;
  return ok({
    setId: set.id,
    scope: set.scope,
    standard: set.standard,
    criteria,
    total: criteria.length,
    metCount,
    notMetCount,
    missingCount: criteria.length - metCount - notMetCount,
    allMet: metCount === criteria.length,
  });
}

/** `evaluateUnit` for a commune: refuses a set whose scope is not `commune`. */
export function evaluateCommune(set: CriteriaSet, assessment: unknown, ctx: EvaluationContext = {}): Result<CriteriaEvaluation> {
  if (set.scope !== 'commune') {
    return err(
      domainError(
        'EVALUATION.WRONG_SCOPE',
        `Bộ tiêu chí "${set.id}" không dùng cho xã (phạm vi: ${set.scope})`,
        `Criteria set "${set.id}" is not a commune set (scope: ${set.scope})`,
      ),
    );
  }
  return evaluateUnit(set, assessment, ctx);
}
