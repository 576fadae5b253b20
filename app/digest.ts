/**
 * The daily digest's start (issue 13): one workflow per installation, started by its fixed id — a
 * second start (another process, a restart, `npm start` again) finds it running and starts nothing.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { DIGEST_WORKFLOW_ID, digestWorkflow, type DigestWorkflowInput } from '../workflows/digest';

export async function ensureDailyDigest(
  temporal: Client,
  taskQueue: string,
  input: DigestWorkflowInput = {},
): Promise<{ workflowId: string; started: boolean }> {
  try {
    await temporal.workflow.start(digestWorkflow, { taskQueue, workflowId: DIGEST_WORKFLOW_ID, args: [input] });
    return { workflowId: DIGEST_WORKFLOW_ID, started: true };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { workflowId: DIGEST_WORKFLOW_ID, started: false };
    throw e;
  }
}
