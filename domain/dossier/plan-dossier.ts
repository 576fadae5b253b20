/**
 * From reference data to a runnable dossier: which levels a title passes for a unit under a pipeline
 * configuration, who reviews what at each, and which plan deadlines (with their reminder schedules)
 * watch it. Pure; the API and the campaign workflow call it before starting a dossier workflow.
 */
import { endOfDay, reminderSchedule, type InstantMs, type LocalDate, type PlanStage, type PlanYear, type ReminderPoint } from '../calendar';
import { deadlinesFor } from '../calendar/plan';
import { reviewAssignments, type CriteriaSet } from '../criteria';
import type { CommuneGroup } from '../criteria/schema';
import { domainError, err, ok, type Result } from '../errors';
import type { TitleId } from '../titles';
import { ancestry, titleSteps, type PipelineConfig, type Unit } from '../units';
import { currentLevel, type DossierContext } from './context';
import { atCommune, isFinal, stageIn } from './stages';
import { DossierInputSchema, type DossierEventType, type DossierInput, type LevelName, type LevelSpec, type Role } from './types';
import { parseWith } from '../validation';
import type { DossierState } from './index';

/** Dossier (and workflow) id derived from unit, title and plan year, so a second start is refused. */
export const dossierIdFor = (unitCode: string, title: TitleId, planYear: number, productCode?: string): string =>
  productCode ? `${title}:${unitCode}:${planYear}:${productCode}` : `${title}:${unitCode}:${planYear}`;

/**
 * The dossier input for a unit, title and plan year.
 *
 * Verification facts travel in the input, fixed at opening, so the verify activity needs no lookup:
 * - `heldTitles`: the titles the unit already holds (from the database: its recognised dossiers and
 *   imported recognitions). Required for titles with prerequisites — `village.kieu-mau` needs
 *   `village.dat-chuan`, `commune.nang-cao`/`commune.kieu-mau` need `commune.dat-chuan`; without it such a
 *   dossier can never become eligible.
 * - `communeGroup`: the commune group (1/2/3, 2026-2030 thresholds); default: the unit's own, or for a
 *   village its commune's.
 * - the region (2016-2025 thresholds) is taken from the nearest unit of the chain that carries one.
 */
export function planDossier(args: {
  unit: Unit;
  units: readonly Unit[];
  title: TitleId;
  planYear: number;
  set: CriteriaSet;
  pipeline: PipelineConfig;
  /** OCOP: the product put forward. */
  product?: { code: string; name: string };
  /** Titles the unit already holds when the dossier opens (see above). */
  heldTitles?: readonly TitleId[];
  /** Overrides the unit's commune group. */
  communeGroup?: CommuneGroup;
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
      unitName: at.name,
      reviewers: here.some((s) => s.action === 'review') ? reviewers : [],
      council: here.some((s) => s.action === 'appraisal'),
      decides: false,
    });
  }
  if (levels.length === 0) {
    return err(domainError('DOSSIER.NO_LEVELS', `Danh hiệu ${title} không qua cấp nào sau xã`, `Title ${title} passes no level after the commune`));
  }
  levels[levels.length - 1]!.decides = true;
  // The unit, then its ancestors: a village takes its commune's group; the region is the nearest one given.
  const lineage = [unit, ...chain];
  const communeGroup = args.communeGroup ?? lineage.find((u) => u.level === 'commune')?.communeGroup;
  const region = lineage.find((u) => u.region !== undefined)?.region;
  const submitter = chain.find((u) => u.level === (steps.value[0]?.level ?? unit.level));
  return parseWith(
    DossierInputSchema,
    {
      dossierId: dossierIdFor(unit.code, title, planYear, product?.code),
      unitCode: unit.code,
      unitName: unit.name,
      product,
      submitterUnitCode: submitter?.code ?? unit.code,
      ...(submitter && submitter.code !== unit.code ? { submitterUnitName: submitter.name } : {}),
      title,
      planYear,
      criteriaSetId: set.id,
      criteria: set.criteria.map((c) => c.code),
      levels,
      ...(args.heldTitles && args.heldTitles.length > 0 ? { heldTitles: [...new Set(args.heldTitles)] } : {}),
      ...(communeGroup !== undefined ? { communeGroup } : {}),
      ...(region !== undefined ? { region } : {}),
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
  /** How the plan's reminder policy counts days (absent in older histories: calendar days). */
  dayCounting?: 'calendar' | 'working';
  /** Issue 14: how many times the plan moved this deadline after the dossier opened (absent: never). */
  revision?: number;
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
    dayCounting: plan.reminderPolicy.dayCounting,
  }));
}

function levelIndex(ctx: DossierContext, level: LevelName): number {
  return ctx.input.levels.findIndex((l) => l.level === level);
}

/** The events that can complete a plan stage. */
export type CompletingEvent = Extract<DossierEventType, 'commune.submitted' | 'level.approved' | 'level.forwarded' | 'decision.drafted' | 'level.decided'>;

export interface StageCompletion {
  /** The events that complete the stage; on the timeline, the first of them is when it was done. */
  events: readonly CompletingEvent[];
  /** The level whose event counts (a district stage is done by the district); absent: any level. */
  level?: LevelName;
}

/**
 * Plan stage → what completes it: the one rule behind `stageDone` (the workflow's reminders stop) and
 * `completingEvents` (the campaign's on-time / late / missing summary read from the timeline).
 */
export const STAGE_COMPLETION: Readonly<Record<PlanStage, StageCompletion>> = {
  'commune.submit': { events: ['commune.submitted'] },
  'village.submit': { events: ['commune.submitted'] },
  'ocop.submit': { events: ['commune.submitted'] },
  'district.review': { events: ['level.approved'], level: 'district' },
  'district.submit_to_province': { events: ['level.forwarded'], level: 'district' },
  'province.appraise': { events: ['decision.drafted', 'level.decided'] },
  'village.recognise': { events: ['decision.drafted', 'level.decided'] },
};

/** Whether `event` has happened in `state` (at level index `at`, for the level-bound events). */
const HAPPENED: Record<CompletingEvent, (state: DossierState, at: number) => boolean> = {
  'commune.submitted': (s) => s.context.submittedAt !== undefined,
  // Approved at that level: the dossier has moved past it, or is there and past its approval.
  'level.approved': (s, at) => s.context.levelIndex > at || (s.context.levelIndex === at && stageIn(s.value, 'levelApproved')),
  'level.forwarded': (s, at) => s.context.levelIndex > at,
  'decision.drafted': (s) => s.context.decisionDraft !== undefined,
  'level.decided': (s) => s.context.decision !== undefined,
};

/** The timeline event types that complete a plan stage (an unknown stage: none). */
export function completingEvents(stage: string): readonly CompletingEvent[] {
  return (STAGE_COMPLETION as Record<string, StageCompletion | undefined>)[stage]?.events ?? [];
}

/** Whether the work a plan stage asks for is done (then its reminders stop). A final dossier has nothing left to do. */
export function stageDone(stage: PlanStage, state: DossierState): boolean {
  if (isFinal(state.value)) return true;
  const rule = STAGE_COMPLETION[stage];
  let at = -1;
  if (rule.level) {
    at = levelIndex(state.context, rule.level);
    // A pipeline without that level (two-tier) has nothing to do there.
    if (at < 0) return true;
  }
  return rule.events.some((e) => HAPPENED[e](state, at));
}

/**
 * The deadline the dossier must meet next: the earliest one whose stage is not done — a deadline that
 * has passed stays "next" until its stage is done (the dossier is overdue). Undefined when none is open.
 */
export function nextOpenDeadline(deadlines: readonly DossierDeadline[], state: DossierState): DossierDeadline | undefined {
  let next: DossierDeadline | undefined;
  for (const d of deadlines) {
    if (stageDone(d.stage, state)) continue;
    if (!next || d.expiresAt < next.expiresAt) next = d;
  }
  return next;
}

const OFFICE: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_office', province: 'provincial_office' };

/**
 * Who hears of an overdue stage beyond those who must act: the office of the level above the one that
 * is late (a late commune → the district office; a late district → the provincial office; a late
 * province → its chair).
 */
export function escalationTargets(state: DossierState): { role: Role; unitCode: string }[] {
  const ctx = state.context;
  if (atCommune(state.value)) {
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
