/**
 * The daily digest (issue 13): one long-lived workflow (id DIGEST_WORKFLOW_ID, started idempotently by
 * the application) that, each day at `sendAt` (Vietnam), asks the digest activity to mail every person
 * whose preference is "digest" ONE e-mail listing the previous day's notices. Temporal owns the time
 * (a timer per day, no cron outside Temporal); after `daysPerRun` days it continues as new with the next
 * day, so its history stays small over the years. The activity is idempotent per person and day, so a
 * retry, a replay or a restart never sends a second digest.
 */
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import { addCalendarDays, instantAt, localDateOf, type InstantMs, type LocalDate, type LocalTime } from '../domain/calendar';
import type { createActivities } from '../activities';

export const DIGEST_WORKFLOW_ID = 'ntm-daily-digest';

export interface DigestWorkflowInput {
  /** HH:mm (Vietnam) the digest of the day before is sent; default 07:00. */
  sendAt?: LocalTime;
  /** Continue-as-new after this many days (default 30). */
  daysPerRun?: number;
  /** The next day to digest (set by continue-as-new); default: the day the workflow starts. */
  nextDay?: LocalDate;
}

const acts = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function digestWorkflow(input: DigestWorkflowInput = {}): Promise<never> {
  const sendAt = input.sendAt ?? '07:00';
  const daysPerRun = input.daysPerRun ?? 30;
  let day = input.nextDay ?? localDateOf(Date.now() as InstantMs);
  for (let n = 0; n < daysPerRun; n++) {
    // The digest of `day` goes out the next morning, when the day is over.
    const at = instantAt(addCalendarDays(day, 1), sendAt);
    if (at > Date.now()) await sleep(at - Date.now());
    await acts.sendDailyDigests({ day });
    day = addCalendarDays(day, 1);
  }
  return continueAsNew<typeof digestWorkflow>({ ...input, nextDay: day });
}
