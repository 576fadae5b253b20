/**
 * The activities factory: the only place the engine touches the world (database, mail, clock).
 * Workflows import its type only: `proxyActivities<ReturnType<typeof createActivities>>`.
 *
 * Retry policies (set by the callers in workflows/):
 *   registerDossier, recordTransition, summarizeDeadline — 30 s per attempt, backoff 1 s → 1 min, forever
 *     (idempotent by event id; a database outage only delays them).
 *   verifyCriteria — same; an unknown criteria set is non-retryable (bad data).
 *   sendDailyDigests — 5 min per attempt, backoff 5 s → 10 min (idempotent per person and day).
 *   notify — 1 min per attempt, 10 s heartbeat, backoff 1 s → 5 min (an SMTP outage delays mail; rows are idempotent).
 */
import { Context } from '@temporalio/activity';
import type { Db, DbProvider } from '../prisma/db';
import { campaignActivities } from './campaign';
import { digestActivities } from './digest';
import { notifyActivities, type Mailer } from './notify';
import { obligationActivities } from './obligations';
import { projectionActivities } from './projection';
import { verifyActivities } from './verify';

export interface ActivityDeps {
  db: Db;
  provider: DbProvider;
  mailer?: Mailer;
  clock?: () => Date;
}

/**
 * The default clock of an activity is the time Temporal scheduled it (the workflow's time, which the
 * time-skipping test server moves), falling back to the machine's clock outside an activity.
 */
export function activityClock(): Date {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return new Date();
  }
}

export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? activityClock;
  return {
    ...projectionActivities(deps.db, deps.provider, clock),
    ...verifyActivities(),
    ...notifyActivities(deps.db, deps.mailer, clock),
    ...campaignActivities(deps.db, clock),
    ...obligationActivities(deps.db, clock),
    ...digestActivities(deps.db, deps.mailer, clock),
  };
}

export type Activities = ReturnType<typeof createActivities>;
