/**
 * One campaign per plan year and district (or province, two-tier): starts the registered units'
 * dossier workflows, reminds units that have not begun, and at each plan deadline produces the summary
 * (on time / late / missing) for the office. Dossiers outlive the campaign (parent close: abandon).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, setHandler, sleep, startChild } from '@temporalio/workflow';
import { endOfDay, formatVnDate, reminderSchedule } from '../domain/calendar';
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
  const office = { role: input.plan.unitLevel === 'district' ? ('district_office' as const) : ('provincial_office' as const), unitCode: input.plan.unitCode };

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
  const deadlines = [...input.plan.deadlines].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  for (const d of deadlines) {
    const concerned = input.registrations.filter((r) => (d.titles as readonly string[]).includes(r.title)).map((r) => r.dossier.dossierId);
    if (concerned.length === 0) continue;
    if (d.stage.endsWith('.submit')) {
      for (const point of reminderSchedule(d.due, input.plan.reminderPolicy).filter((p) => p.kind === 'before')) {
        if (point.at <= Date.now()) continue;
        await sleep(point.at - Date.now());
        const idle = await acts.dossiersNotStarted(concerned);
        if (idle.length === 0) break;
        await acts.notify({
          key: `${input.planId}/${d.id}/not-started/${point.key}`,
          kind: 'campaign',
          recipients: [...idle.map((i) => ({ role: 'commune_official' as const, unitCode: i.unitCode })), office],
          subjectVi: `[NTM] Chưa bắt đầu hồ sơ: còn ${-point.offsetDays} ngày đến hạn ${formatVnDate(d.due)}`,
          subjectEn: `[NTM] Dossier not started: ${-point.offsetDays} days to ${formatVnDate(d.due)}`,
          bodyVi: `${d.descriptionVi}.\nCác đơn vị chưa bắt đầu: ${idle.map((i) => i.unitCode).join(', ')}.`,
          bodyEn: `Units that have not begun: ${idle.map((i) => i.unitCode).join(', ')}.`,
          dueAt: new Date(endOfDay(d.due)).toISOString(),
        });
      }
    }
    const end = endOfDay(d.due);
    if (end > Date.now()) await sleep(end - Date.now());
    const summary = await acts.summarizeDeadline({ planId: input.planId, deadlineId: d.id, stage: d.stage, due: d.due, dossierIds: concerned, officeUnitCode: office.unitCode, officeRole: office.role });
    status.summaries.push({ deadlineId: d.id, due: d.due, onTime: summary.onTime.length, late: summary.late.length, missing: summary.missing.length });
    await acts.notify({
      key: `${input.planId}/${d.id}/summary`,
      kind: 'summary',
      recipients: [office],
      subjectVi: `[NTM] Tổng hợp hạn ${formatVnDate(d.due)}: ${summary.onTime.length} đúng hạn, ${summary.late.length} trễ, ${summary.missing.length} chưa nộp`,
      subjectEn: `[NTM] Deadline ${formatVnDate(d.due)} summary: ${summary.onTime.length} on time, ${summary.late.length} late, ${summary.missing.length} missing`,
      bodyVi: `${d.descriptionVi}.\nĐúng hạn: ${summary.onTime.join(', ') || '—'}\nTrễ hạn: ${summary.late.join(', ') || '—'}\nChưa thực hiện: ${summary.missing.join(', ') || '—'}`,
      bodyEn: `On time: ${summary.onTime.join(', ') || '—'}\nLate: ${summary.late.join(', ') || '—'}\nMissing: ${summary.missing.join(', ') || '—'}`,
    });
  }
  return status;
}
