/**
 * Issue 14: one workflow per plan change carries it to everything that depends on the plan, durably. The
 * request saves the plan and its audit record (one transaction) and starts this workflow; a crash of the
 * API or a worker midway leaves the rest to Temporal:
 *   1. wait until the change's audit record is committed (started before the commit, so no window is
 *      left where a saved change has no carrier; a change never committed ends here, nothing sent);
 *   2. signal each running dossier of the plan its new deadlines (`dossier.replan-signal`, idempotent by
 *      change id: a dossier applies one change once, its timeline shows it when applied);
 *   3. signal the plan's campaign, whose "not started" reminders and deadline summaries follow the plan.
 * Its status (a Query) says how far it got.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { getExternalWorkflowHandle, isCancellation, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  campaignPlanChangedSignal,
  campaignWorkflowId,
  dossierWorkflowId,
  planChangeStatusQuery,
  replanSignal,
  type PlanChangeStatus,
  type PlanChangeWorkflowInput,
} from './definitions';

// About two minutes of retries: the request commits within seconds of starting this workflow, or never.
const recorded = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 16 },
});

/**
 * A signal to another workflow fails only when that workflow is not running (closed, or never started:
 * Temporal's one failure cause for it); a cancellation of this workflow is passed on.
 */
const isGone = (e: unknown): boolean => !isCancellation(e);

const BATCH = 50;

export async function planChangeWorkflow(input: PlanChangeWorkflowInput): Promise<PlanChangeStatus> {
  const status: PlanChangeStatus = {
    changeId: input.changeId,
    state: 'waiting',
    total: input.dossiers.length,
    delivered: [],
    closed: [],
    campaign: 'pending',
  };
  setHandler(planChangeStatusQuery, () => status);

  try {
    await recorded.planChangeRecorded(input.recordedEventId);
  } catch (e) {
    if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && e.cause.type === 'PLAN.CHANGE_NOT_RECORDED') {
      status.state = 'not-recorded';
      return status;
    }
    throw e;
  }
  status.state = 'applying';

  for (let i = 0; i < input.dossiers.length; i += BATCH) {
    await Promise.all(
      input.dossiers.slice(i, i + BATCH).map(async (d) => {
        try {
          await getExternalWorkflowHandle(dossierWorkflowId(d.dossierId)).signal(replanSignal, {
            changeId: input.changeId,
            actor: input.actor,
            reasonVi: input.reasonVi,
            deadlines: d.deadlines,
          });
          status.delivered.push(d.dossierId);
        } catch (e) {
          if (!isGone(e)) throw e;
          status.closed.push(d.dossierId);
        }
      }),
    );
  }
  try {
    await getExternalWorkflowHandle(campaignWorkflowId(input.planId)).signal(campaignPlanChangedSignal, { changeId: input.changeId, plan: input.plan });
    status.campaign = 'delivered';
  } catch (e) {
    if (!isGone(e)) throw e;
    status.campaign = 'not-running';
  }
  status.state = 'applied';
  return status;
}
