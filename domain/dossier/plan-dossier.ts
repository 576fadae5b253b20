/**
 * From reference data to a runnable dossier: which levels a title passes for a unit under a pipeline
 * configuration, who reviews what at each, and which plan deadlines (with their reminder schedules)
 * watch it. Pure; the API and the campaign workflow call it before starting a dossier workflow.
 */
import { endOfDay, reminderSchedule, type InstantMs, type LocalDate, type PlanStage, type PlanYear, type ReminderPoint } from '../calendar';
import { deadlinesFor } from '../calendar/plan';
import { reviewAssignments, type CriteriaSet } from '../criteria';
import { domainError, err, ok, type Result } from '../errors';
import type { TitleId } from '../titles';
import { ancestry, titleSteps, type PipelineConfig, type Unit } from '../units';
import { currentLevel, type DossierContext } from './context';
import { DossierInputSchema, type DossierInput, type LevelName, type LevelSpec, type Role } from './types';
import { parseWith } from '../validation';
import type { DossierState } from './index';

/** Dossier (and workflow) id derived from unit, title and plan year, so a second start is refused. */
export const dossierIdFor = (unitCode: string, title: TitleId, planYear: number, productCode?: string): string =>
  productCode ? `${title}:${unitCode}:${planYear}:${productCode}` : `${title}:${unitCode}:${planYear}`;

export function planDossier(args: {
  unit: Unit;
  units: readonly Unit[];
  title: TitleId;
  planYear: number;
  set: CriteriaSet;
  pipeline: PipelineConfig;
  /** OCOP: the product put forward. */
  product?: { code: string; name: string };
}): Result<DossierInput> {
  const { unit, units, title, planYear, set, pipeline, product } = args;
  if (title === 'ocop.sao' && !product) {
    return err(domainError('DOSSIER.PRODUCT_REQUIRED', 'Hồ sơ OCOP phải nêu sản phẩm', 'An OCOP dossier must name its product', { path: 'product' }));
  }
  const steps = titleSteps(pipeline, title);
  if (!steps.ok) return steps;
  const chain = ancestry(units, unit.code);
  const reviewers = reviewAssignments(set).map((a) => ({ criterion: a.criterion, department: a.department }));
  const levels: LevelSpec[] = [];
  for (const level of ['district', 'province'] as const) {
    const here = steps.value.filter((s) => s.level === level);
    if (here.length === 0) continue;
    const at = chain.find((u) => u.level === level);
    if (!at) {
      return err(
        domainError('DOSSIER.NO_LEVEL_UNIT', `Đơn vị ${unit.name} không thuộc ${level} nào`, `Unit ${unit.name} has no ${level} above it`, {
          details: { unit: unit.code, level },
        }),
      );
    }
    levels.push({
      level,
      unitCode: at.code,
      reviewers: here.some((s) => s.action === 'review') ? reviewers : [],
      council: here.some((s) => s.action === 'appraisal'),
      decides: false,
    });
  }
  if (levels.length === 0) {
    return err(domainError('DOSSIER.NO_LEVELS', `Danh hiệu ${title} không qua cấp nào sau xã`, `Title ${title} passes no level after the commune`));
  }
  levels[levels.length - 1]!.decides = true;
  return parseWith(
    DossierInputSchema,
    {
      dossierId: dossierIdFor(unit.code, title, planYear, product?.code),
      unitCode: unit.code,
      product,
      submitterUnitCode: chain.find((u) => u.level === (steps.value[0]?.level ?? unit.level))?.code ?? unit.code,
      title,
      planYear,
      criteriaSetId: set.id,
      criteria: set.criteria.map((c) => c.code),
      levels,
    },
    'DOSSIER.INVALID_INPUT',
  );
}

/** One plan deadline as a dossier watches it: when it expires and when to remind. */
export interface DossierDeadline {
  id: string;
  stage: PlanStage;
  descriptionVi: string;
  due: LocalDate;
  /** End of the due day, Vietnam time. */
  expiresAt: InstantMs;
  schedule: ReminderPoint[];
}

export function dossierDeadlines(plan: PlanYear, title: TitleId): DossierDeadline[] {
  if (title === 'district.dat-chuan') return [];
  return deadlinesFor(plan, title).map((d) => ({
    id: d.id,
    stage: d.stage,
    descriptionVi: d.descriptionVi,
    due: d.due,
    expiresAt: endOfDay(d.due),
    schedule: reminderSchedule(d.due, plan.reminderPolicy),
  }));
}

function levelIndex(ctx: DossierContext, level: LevelName): number {
  return ctx.input.levels.findIndex((l) => l.level === level);
}

/** Whether the work a plan stage asks for is done (then its reminders stop). */
export function stageDone(stage: PlanStage, state: DossierState): boolean {
  const ctx = state.context;
  if (state.value === 'refused' || state.value === 'revoked') return true;
  switch (stage) {
    case 'commune.submit':
    case 'village.submit':
    case 'ocop.submit':
      return ctx.submittedAt !== undefined;
    case 'district.review': {
      const i = levelIndex(ctx, 'district');
      return i < 0 || ctx.levelIndex > i || (ctx.levelIndex === i && ['approved', 'appraised', 'decision_drafted', 'recognised', 'below_standard'].includes(state.value));
    }
    case 'district.submit_to_province': {
      const i = levelIndex(ctx, 'district');
      return i < 0 || ctx.levelIndex > i;
    }
    case 'province.appraise':
    case 'village.recognise':
      return ctx.decision !== undefined || ctx.decisionDraft !== undefined;
  }
}

const OFFICE: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_office', province: 'provincial_office' };

/**
 * Who hears of an overdue stage beyond those who must act: the office of the level above the one that
 * is late (a late commune → the district office; a late district → the provincial office; a late
 * province → its chair).
 */
export function escalationTargets(state: DossierState): { role: Role; unitCode: string }[] {
  const ctx = state.context;
  const atCommune = state.value === 'self_assessment' || state.value === 'returned';
  if (atCommune) {
    const first = ctx.input.levels[0]!;
    return [{ role: OFFICE[first.level], unitCode: first.unitCode }];
  }
  const next = ctx.input.levels[ctx.levelIndex + 1];
  if (next) return [{ role: OFFICE[next.level], unitCode: next.unitCode }];
  const here = currentLevel(ctx);
  return [{ role: here.level === 'province' ? 'provincial_chair' : 'district_chair', unitCode: here.unitCode }];
}

/** The criteria set a title is assessed against in a plan year, unless the caller names one. */
export function defaultCriteriaSetId(title: TitleId, planYear: number): Result<string> {
  const period = planYear <= 2020 ? '2016-2020' : planYear <= 2025 ? '2021-2025' : '2026-2030';
  switch (title) {
    case 'commune.dat-chuan':
    case 'commune.co-ban-dat-chuan':
      return ok(`commune-ntm-${period}`);
    case 'village.dat-chuan':
      return ok('village-dien-bien-2022');
    case 'village.kieu-mau':
      return ok('village-kieu-mau-dien-bien-2022');
    case 'ocop.sao':
      return ok('ocop-2021');
    default:
      return err(
        domainError(
          'CRITERIA.NO_DEFAULT_SET',
          `Chưa có bộ tiêu chí mặc định cho danh hiệu ${title} năm ${planYear}: hãy chỉ rõ bộ tiêu chí`,
          `No default criteria set for title ${title} in ${planYear}: name one explicitly`,
          { path: 'criteriaSetId' },
        ),
      );
  }
}
