/**
 * Plan years and dossier planning, in one place for every caller (API, UI, CLI, campaign start):
 *   - `planFor`: the plan year that governs a unit (the plan of its nearest planning unit: district in
 *     the three-tier world, province in the two-tier one — longest unit-path prefix wins);
 *   - `planDossierFor`: a dossier's input and deadlines for a unit, title and plan year (criteria set by
 *     period, pipeline by the plan year's date or by the plan, levels from the unit's ancestry);
 *   - `startCampaign`: the plan year's campaign workflow (idempotent: a campaign that exists is kept).
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { loadPlanYear, type PlanYear } from '../domain/calendar';
import { checkCommuneGroupForSet, criteriaSetWithOwnership, getCriteriaSet, type CriteriaSet } from '../domain/criteria';
import {
  defaultCriteriaSetId,
  dossierDeadlines,
  dossierIdFor,
  DossierInputSchema,
  planDossier,
  type DossierDeadline,
  type DossierInput,
} from '../domain/dossier';
import { AppError, appError, unwrap } from '../domain/errors';
import type { TitleId } from '../domain/titles';
import { ancestry, getPipelineConfig, PIPELINE_CONFIGS, pipelineForDate, titleSteps, type PipelineConfig, type Unit } from '../domain/units';
import { parseWith } from '../domain/validation';
import type { Db } from '../prisma/db';
import { loadUnits } from '../store/units';
import { campaignWorkflow } from '../workflows/campaign';
import { campaignStatusQuery, campaignWorkflowId, DEFAULT_MAINTENANCE, type CampaignRegistration, type CampaignStatus } from '../workflows/definitions';

export interface PlanRow {
  id: string;
  year: number;
  unitCode: string;
  data: string;
}

/** The plan row governing a unit in a year: the plan of the unit itself or its nearest ancestor. */
export function governingPlan<P extends Pick<PlanRow, 'year' | 'unitCode'>>(plans: readonly P[], unitCode: string, year: number): P | undefined {
  return plans
    .filter((p) => p.year === year && (unitCode === p.unitCode || unitCode.startsWith(`${p.unitCode}/`)))
    .sort((a, b) => b.unitCode.length - a.unitCode.length)[0];
}

export async function planFor(db: Db, unitCode: string, year: number): Promise<{ row: PlanRow; plan: PlanYear } | undefined> {
  const row = governingPlan(await db.plan.findMany({ where: { year } }), unitCode, year);
  if (!row) return undefined;
  return { row, plan: unwrap(loadPlanYear(JSON.parse(row.data))) };
}

export interface PlanDossierRequest {
  unit: Unit;
  units: readonly Unit[];
  title: TitleId;
  planYear: number;
  criteriaSetId?: string | undefined;
  /** The set itself, when the caller resolved it (an imported set: app/criteria-sets.ts resolveCriteriaSet). */
  criteriaSet?: CriteriaSet | undefined;
  /** Explicit pipeline id; default: the plan's, else the one in force on 1 January of the plan year. */
  pipeline?: string | undefined;
  plan?: PlanYear | undefined;
  /** Titles the unit holds when the dossier opens (a kiểu mẫu village must already be đạt chuẩn). */
  heldTitles?: readonly TitleId[] | undefined;
}

/**
 * Titles each unit holds now: its recognised dossiers (a recognition not revoked — a unit flagged below
 * standard keeps its title until it is revoked).
 */
export async function heldTitles(db: Db, unitCodes: readonly string[]): Promise<Map<string, TitleId[]>> {
  const rows = await db.dossier.findMany({
    where: { unitCode: { in: [...new Set(unitCodes)] }, stage: { in: ['recognised', 'below_standard'] } },
    select: { unitCode: true, title: true },
  });
  const out = new Map<string, TitleId[]>();
  for (const r of rows) out.set(r.unitCode, [...(out.get(r.unitCode) ?? []), r.title as TitleId]);
  return out;
}

/**
 * A dossier's workflow input for a unit, title and plan year (throws AppError with the reason).
 * - criteria set: the one given, else the title's set for the plan year (2026-2030 from 2026);
 * - pipeline: the one given, else the plan's mode, else the one in force on 1 January of the plan
 *   year for the unit's province (a province's own configuration wins over the national default);
 * - reviewers: the set's owners as the reviewing level of that date sees them (criterion-ownership
 *   table of the province and period: district departments until 30/6/2025, provincial sở, ngành from
 *   1/7/2025);
 * - a set with commune groups refuses a commune without one (CRITERIA.COMMUNE_GROUP_REQUIRED);
 * - a two-tier village title, appraised and recognised by the commune people's committee, has the
 *   commune as its one level.
 */
export function planDossierFor(req: PlanDossierRequest): { dossier: DossierInput; deadlines: DossierDeadline[] } {
  const base = req.criteriaSet ?? unwrap(getCriteriaSet(req.criteriaSetId ?? unwrap(defaultCriteriaSetId(req.title, req.planYear))));
  const date = `${req.planYear}-01-01`;
  const chain = ancestry(req.units, req.unit.code);
  const province = [req.unit, ...chain].find((u) => u.level === 'province');
  const pipelineId = req.pipeline ?? (req.plan ? (req.plan.pipeline === 'commune-province' ? 'two-tier' : 'three-tier') : undefined);
  const pipeline = unwrap(pipelineId ? getPipelineConfig(pipelineId) : pipelineForDate(date, PIPELINE_CONFIGS, province?.code));
  // The group is the commune's (a village takes its commune's).
  const commune = [req.unit, ...chain].find((u) => u.level === 'commune');
  if (commune && req.title.startsWith('commune.')) unwrap(checkCommuneGroupForSet(commune, base));
  // Reviewers as the pipeline's world has them: a three-tier pipeline chosen for a later year keeps
  // district departments, a two-tier one for an earlier year gets the province's.
  const ownershipDate =
    pipeline.effectiveUntil && date > pipeline.effectiveUntil
      ? pipeline.effectiveUntil
      : pipeline.effectiveFrom && date < pipeline.effectiveFrom
        ? pipeline.effectiveFrom
        : date;
  const set = withReviewers(base, ownershipDate, province?.code);
  const steps = unwrap(titleSteps(pipeline, req.title));
  const heldTitles = req.heldTitles ? { heldTitles: req.heldTitles } : {};
  const dossier = steps.every((s) => s.level === 'commune')
    ? communeLevelDossier({ unit: req.unit, units: req.units, title: req.title, planYear: req.planYear, set, pipeline, ...heldTitles })
    : unwrap(planDossier({ unit: req.unit, units: req.units, title: req.title, planYear: req.planYear, set, pipeline, ...heldTitles }));
  const deadlines = req.plan ? dossierDeadlines(req.plan, req.title) : [];
  return { dossier, deadlines };
}

/**
 * The set with the reviewers of its date and province; a set no ownership table covers (villages,
 * OCOP, an office's own set) keeps the owners it names.
 */
function withReviewers(set: CriteriaSet, date: string, provinceCode: string | undefined): CriteriaSet {
  const r = criteriaSetWithOwnership({ set, date, ...(provinceCode ? { provinceCode } : {}) });
  if (r.ok) return r.value;
  if (r.error.code === 'OWNERSHIP.NONE') return set;
  throw new AppError(r.error);
}

/**
 * A title the commune itself appraises and recognises (two-tier villages): the village's commune is
 * the dossier's one level — its office (commune_official) handles it, its chair decides. The commune
 * reviews no criteria by department unless the set names commune owners (none do today).
 */
function communeLevelDossier(args: {
  unit: Unit;
  units: readonly Unit[];
  title: TitleId;
  planYear: number;
  set: CriteriaSet;
  pipeline: PipelineConfig;
  heldTitles?: readonly TitleId[];
}): DossierInput {
  const chain = ancestry(args.units, args.unit.code);
  const commune = chain.find((u) => u.level === 'commune');
  if (!commune) {
    throw appError('DOSSIER.NO_LEVEL_UNIT', `Đơn vị ${args.unit.name} không thuộc xã nào`, `Unit ${args.unit.name} has no commune above it`, {
      path: 'unitCode',
    });
  }
  const steps = unwrap(titleSteps(args.pipeline, args.title));
  const communeGroup = commune.communeGroup;
  return unwrap(
    parseWith(
      DossierInputSchema,
      {
        dossierId: dossierIdFor(args.unit.code, args.title, args.planYear),
        unitCode: args.unit.code,
        submitterUnitCode: commune.code,
        title: args.title,
        planYear: args.planYear,
        criteriaSetId: args.set.id,
        criteria: args.set.criteria.map((c) => c.code),
        levels: [{ level: 'commune', unitCode: commune.code, reviewers: [], council: steps.some((s) => s.action === 'appraisal'), decides: true }],
        ...(args.heldTitles && args.heldTitles.length > 0 ? { heldTitles: [...new Set(args.heldTitles)] } : {}),
        ...(communeGroup !== undefined ? { communeGroup } : {}),
      },
      'DOSSIER.INVALID_INPUT',
    ),
  );
}

/**
 * The demo campaign's plan year (npm start): of the seeded two-tier plans of the province, the one
 * of the clock's year (Vietnam time) when its first deadline still lies ahead, else the next one
 * whose first deadline does; undefined when none is left.
 */
export function demoPlanYear(plans: readonly PlanYear[], now: Date): PlanYear | undefined {
  const today = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const firstDue = (p: PlanYear) => p.deadlines.map((d) => d.due).sort()[0] ?? `${p.year}-12-31`;
  return [...plans]
    .filter((p) => p.pipeline === 'commune-province' && p.year >= year)
    .sort((a, b) => a.year - b.year)
    .find((p) => firstDue(p) >= today);
}

export interface CampaignStart {
  planId: string;
  workflowId: string;
  started: boolean;
  registrations: number;
}

/** Builds a plan year's registrations (pure planning) and starts its campaign workflow once. */
export async function startCampaign(db: Db, temporal: Client, taskQueue: string, year: number, unitCode: string): Promise<CampaignStart> {
  const row = await db.plan.findUnique({ where: { year_unitCode: { year, unitCode } } });
  if (!row) {
    const known = (await db.plan.findMany({ select: { year: true, unitCode: true } })).map((p) => `${p.year} ${p.unitCode}`).join(', ') || '—';
    throw appError(
      'CAMPAIGN.NO_PLAN',
      `Không có kế hoạch năm ${year} của "${unitCode}" (có: ${known})`,
      `No ${year} plan for "${unitCode}" (known: ${known})`,
      { path: 'unit' },
    );
  }
  const plan = unwrap(loadPlanYear(JSON.parse(row.data)));
  const units = await loadUnits(db);
  const held = await heldTitles(
    db,
    plan.registrations.map((r) => r.unitCode),
  );
  const registrations: CampaignRegistration[] = plan.registrations.map((reg, i) => {
    const unit = units.find((u) => u.code === reg.unitCode);
    if (!unit) {
      throw appError('UNIT.UNKNOWN', `Kế hoạch nêu đơn vị không có: ${reg.unitCode}`, `The plan names an unknown unit: ${reg.unitCode}`, {
        path: `registrations.${i}.unitCode`,
      });
    }
    const { dossier, deadlines } = planDossierFor({ unit, units, title: reg.title, planYear: year, plan, heldTitles: held.get(unit.code) });
    return { unitCode: reg.unitCode, title: reg.title, dossier, deadlines };
  });
  const workflowId = campaignWorkflowId(row.id);
  try {
    await temporal.workflow.start(campaignWorkflow, {
      taskQueue,
      workflowId,
      // A plan year has one campaign, running or finished: starting it again is a no-op.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ planId: row.id, plan, registrations, maintenance: DEFAULT_MAINTENANCE }],
    });
    return { planId: row.id, workflowId, started: true, registrations: registrations.length };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { planId: row.id, workflowId, started: false, registrations: registrations.length };
    throw e;
  }
}

/** What a plan year's campaign has done so far (dossiers opened, deadline summaries). */
export function campaignStatus(temporal: Client, planId: string): Promise<CampaignStatus> {
  return temporal.workflow.getHandle(campaignWorkflowId(planId)).query(campaignStatusQuery);
}
