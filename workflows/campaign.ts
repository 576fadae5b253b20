/**
 * One campaign per plan year and district (or province, two-tier): starts the registered units'
 * dossier workflows, reminds units that have not begun, and at each plan deadline produces the summary
 * (on time / late / missing) for the office. Dossiers outlive the campaign (parent close: abandon).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, setHandler, sleep, startChild } from '@temporalio/workflow';
import { endOfDay } from '../domain/calendar';
import { campaignOffice, deadlineSummaryNotice, deadlinesInOrder, dossiersConcerned, notStartedNotice, notStartedPoints } from '../domain/notices';
import type { createActivities } from '../activities';
import { campaignStatusQuery, dossierWorkflowId, type CampaignStatus, type CampaignWorkflowInput } from './definitions';
import { dossierWorkflow } from './dossier';

const acts = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignStatus> {
  const status: CampaignStatus = { planId: input.planId, started: [], summaries: [] };
  setHandler(campaignStatusQuery, () => status);
  const office = campaignOffice(input.plan);
  const unitNames = new Map(input.plan.registrations.map((r) => [r.unitCode, r.unitName]));

  // All registered dossiers are opened at once (one start each, concurrently: a province's campaign
  // opens hundreds); a dossier opened earlier by hand or by a previous run is followed all the same.
  await Promise.all(
    input.registrations.map(async (reg) => {
      try {
        await startChild(dossierWorkflow, {
          workflowId: dossierWorkflowId(reg.dossier.dossierId),
          args: [{ dossier: reg.dossier, deadlines: reg.deadlines, maintenance: input.maintenance }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }
    }),
  );
  status.started.push(...input.registrations.map((r) => r.dossier.dossierId));

  // Deadlines in order; before each, remind units that have not begun; at each, summarise.
  for (const d of deadlinesInOrder(input.plan)) {
    const concerned = dossiersConcerned(d, input.registrations);
    if (concerned.length === 0) continue;
    for (const point of notStartedPoints(d, input.plan.reminderPolicy, Date.now())) {
      if (point.at <= Date.now()) continue;
      await sleep(point.at - Date.now());
      const idle = await acts.dossiersNotStarted(concerned);
      if (idle.length === 0) break;
      const units = idle.map((i) => ({ unitCode: i.unitCode, unitName: unitNames.get(i.unitCode) }));
      await acts.notify(notStartedNotice({ planId: input.planId, deadline: d, point, idle: units, office }));
    }
    const end = endOfDay(d.due);
    if (end > Date.now()) await sleep(end - Date.now());
    const summary = await acts.summarizeDeadline({
      planId: input.planId,
      deadlineId: d.id,
      stage: d.stage,
      due: d.due,
      dossierIds: concerned,
      officeUnitCode: office.unitCode,
      officeRole: office.role,
    });
    status.summaries.push({ deadlineId: d.id, due: d.due, onTime: summary.onTime.length, late: summary.late.length, missing: summary.missing.length });
    await acts.notify(deadlineSummaryNotice({ planId: input.planId, deadline: d, summary, office }));
  }
  return status;
}
