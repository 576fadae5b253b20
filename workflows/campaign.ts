/**
 * One campaign per plan year and district (or province, two-tier): starts the registered units'
 * dossier workflows, reminds units that have not begun, and at each plan deadline produces the summary
 * (on time / late / missing) for the office. Dossiers outlive the campaign (parent close: abandon).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { condition, ParentClosePolicy, patched, proxyActivities, setHandler, sleep, startChild } from '@temporalio/workflow';
import { endOfDay, type PlanDeadline, type ReminderPoint } from '../domain/calendar';
import { campaignOffice, deadlineSummaryNotice, deadlinesInOrder, dossiersConcerned, notStartedNotice, notStartedPoints } from '../domain/notices';
import type { createActivities } from '../activities';
import { campaignPlanChangedSignal, campaignStatusQuery, dossierWorkflowId, type CampaignStatus, type CampaignWorkflowInput } from './definitions';
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

  // Issue 14: the plan as changed after the start (campaign.plan-changed, from workflows/plan-change.ts).
  let plan = input.plan;
  let revision = 0;
  const appliedChanges = new Set<string>();
  const revisions = new Map<string, number>();
  setHandler(campaignPlanChangedSignal, ({ changeId, plan: next }) => {
    if (appliedChanges.has(changeId)) return;
    appliedChanges.add(changeId);
    // A deadline whose date moved gets a new revision: its reminders are new ones (keyed @rN), those sent stay sent.
    for (const d of next.deadlines) {
      const was = plan.deadlines.find((x) => x.id === d.id);
      if (was && was.due !== d.due) revisions.set(d.id, (revisions.get(d.id) ?? 0) + 1);
    }
    plan = next;
    revision += 1;
  });

  const remindIdle = async (d: PlanDeadline, point: ReminderPoint, concerned: string[]): Promise<boolean> => {
    const idle = await acts.dossiersNotStarted(concerned);
    if (idle.length === 0) return false;
    const units = idle.map((i) => ({ unitCode: i.unitCode, unitName: unitNames.get(i.unitCode) }));
    const rev = revisions.get(d.id) ?? 0;
    await acts.notify(notStartedNotice({ planId: input.planId, deadline: rev > 0 ? { ...d, id: `${d.id}@r${rev}` } : d, point, idle: units, office }));
    return true;
  };
  const summarise = async (d: PlanDeadline, concerned: string[]): Promise<void> => {
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
  };

  if (patched('plan-campaign-follows')) {
    // Deadlines in the order of the plan as it stands; a change wakes every wait and the next deadline
    // is chosen again: moved dates, new schedules and added deadlines are followed, a deadline summarised
    // once is not summarised again.
    const summarised = new Set<string>();
    for (;;) {
      const d = deadlinesInOrder(plan).find((x) => !summarised.has(x.id) && dossiersConcerned(x, input.registrations).length > 0);
      if (!d) break;
      const concerned = dossiersConcerned(d, input.registrations);
      const seen = revision;
      const changed = (ms: number) => condition(() => revision !== seen, ms);
      let woke = false;
      for (const point of notStartedPoints(d, plan.reminderPolicy, Date.now())) {
        if (point.at <= Date.now()) continue;
        if (await changed(point.at - Date.now())) {
          woke = true;
          break;
        }
        if (!(await remindIdle(d, point, concerned))) break;
      }
      if (woke) continue;
      const end = endOfDay(d.due);
      if (end > Date.now() && (await changed(end - Date.now()))) continue;
      summarised.add(d.id);
      await summarise(d, concerned);
    }
    return status;
  }

  // Deadlines in order; before each, remind units that have not begun; at each, summarise.
  for (const d of deadlinesInOrder(input.plan)) {
    const concerned = dossiersConcerned(d, input.registrations);
    if (concerned.length === 0) continue;
    for (const point of notStartedPoints(d, input.plan.reminderPolicy, Date.now())) {
      if (point.at <= Date.now()) continue;
      await sleep(point.at - Date.now());
      if (!(await remindIdle(d, point, concerned))) break;
    }
    const end = endOfDay(d.due);
    if (end > Date.now()) await sleep(end - Date.now());
    await summarise(d, concerned);
  }
  return status;
}
