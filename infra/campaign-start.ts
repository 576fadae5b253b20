/**
 * Builds and starts a plan year's campaign from the database: the plan, the registered units, their
 * dossier inputs and deadlines (pure domain planning), then the campaign workflow (idempotent: a
 * campaign already running is left as it is).
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { loadPlanYear } from '../domain/calendar';
import { getCriteriaSet } from '../domain/criteria';
import { defaultCriteriaSetId, dossierDeadlines, planDossier } from '../domain/dossier';
import { formatError } from '../domain/errors';
import { getPipelineConfig, type Unit } from '../domain/units';
import type { Db } from '../prisma/db';
import { campaignWorkflowId, DEFAULT_MAINTENANCE, type CampaignRegistration } from '../workflows/definitions';

export async function startCampaign(db: Db, temporal: Client, taskQueue: string, year: number, unitCode: string): Promise<{ workflowId: string; started: boolean; registrations: number }> {
  const row = await db.plan.findUnique({ where: { year_unitCode: { year, unitCode } } });
  if (!row) throw new Error(`Không có kế hoạch năm ${year} cho ${unitCode} / no ${year} plan for ${unitCode}`);
  const plan = loadPlanYear(JSON.parse(row.data));
  if (!plan.ok) throw new Error(formatError(plan.error));
  const units: Unit[] = (await db.unit.findMany()).map((u) => ({ code: u.code, level: u.level as Unit['level'], name: u.name, parentCode: u.parentCode }));
  const pipeline = getPipelineConfig(plan.value.pipeline === 'commune-province' ? 'two-tier' : 'three-tier');
  if (!pipeline.ok) throw new Error(formatError(pipeline.error));
  const registrations: CampaignRegistration[] = [];
  for (const reg of plan.value.registrations) {
    const unit = units.find((u) => u.code === reg.unitCode);
    if (!unit) throw new Error(`Kế hoạch nêu đơn vị không có: ${reg.unitCode} / plan names an unknown unit`);
    const setId = defaultCriteriaSetId(reg.title, year);
    if (!setId.ok) throw new Error(formatError(setId.error));
    const set = getCriteriaSet(setId.value);
    if (!set.ok) throw new Error(formatError(set.error));
    const dossier = planDossier({ unit, units, title: reg.title, planYear: year, set: set.value, pipeline: pipeline.value });
    if (!dossier.ok) throw new Error(formatError(dossier.error));
    registrations.push({ unitCode: reg.unitCode, title: reg.title, dossier: dossier.value, deadlines: dossierDeadlines(plan.value, reg.title) });
  }
  const workflowId = campaignWorkflowId(row.id);
  try {
    await temporal.workflow.start('campaignWorkflow', {
      taskQueue,
      workflowId,
      // A plan year has one campaign, running or finished: starting it again is a no-op.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ planId: row.id, plan: plan.value, registrations, maintenance: DEFAULT_MAINTENANCE }],
    });
    return { workflowId, started: true, registrations: registrations.length };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false, registrations: registrations.length };
    throw e;
  }
}
