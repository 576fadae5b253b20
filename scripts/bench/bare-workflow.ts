/**
 * The baseline of the throughput benchmark: Temporal alone, with the same shape as a dossier workflow
 * but none of its work. Same number of Updates (each with a validator, answered after one activity),
 * the same number of timers pending (deadline watchers), the same number of activities — all no-ops.
 * Bundled on its own (never part of workflows/).
 */
import { allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export interface BareInput {
  /** Updates the driver will send (the dossier pipeline's accepted Updates). */
  updates: number;
  /** Timers started by the dossier workflow over the pipeline (deadline watchers). */
  timers: number;
  /** Activities the dossier workflow schedules in all (register, transitions, verifications). */
  activities: number;
}

export interface BareActivities {
  noop(seq: number): Promise<number>;
}

export const bareActUpdate = defineUpdate<{ seq: number }, [{ seq: number }]>('bare.act');
export const bareStatusQuery = defineQuery<{ seq: number }>('bare.status');

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

export async function bareWorkflow(input: BareInput): Promise<number> {
  let seq = 0;
  let done = input.updates <= 0; // a dossier nobody acted on: nothing to wait for
  let chain: Promise<unknown> = Promise.resolve();
  // Activities beyond one per Update: one at the start (like registerDossier), the rest spread over the run.
  const extra = Math.max(0, input.activities - input.updates - 1);
  const every = extra > 0 ? Math.max(1, Math.floor(input.updates / extra)) : Infinity;
  let extraLeft = extra;

  setHandler(bareStatusQuery, () => ({ seq }));
  setHandler(
    bareActUpdate,
    async (req) => {
      seq += 1;
      const mine = seq;
      await (chain = chain.then(() => noop(mine)));
      if (extraLeft > 0 && mine % every === 0) {
        extraLeft -= 1;
        await (chain = chain.then(() => noop(-mine)));
      }
      if (mine >= input.updates) done = true;
      return { seq: req.seq };
    },
    {
      validator: (req) => {
        if (typeof req?.seq !== 'number' || req.seq !== seq + 1) throw new Error(`out of order: ${String(req?.seq)} after ${seq}`);
      },
    },
  );

  await noop(0);
  // Timers as the deadline watchers hold them: each waits for "done" or its time, months away.
  const watchers = Array.from({ length: input.timers }, (_, i) => condition(() => done, `${200 + i} days`));
  await condition(() => done);
  while (extraLeft > 0) {
    extraLeft -= 1;
    await noop(-1);
  }
  await Promise.all(watchers);
  await condition(allHandlersFinished);
  return seq;
}

const { mark } = proxyActivities<{ mark(key: string): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

/**
 * The baseline of the reminder fan-out: one activity when it starts (as a dossier registers), then a
 * timer to an instant every such workflow shares, then one activity (as a dossier's reminder). The
 * activity records one row (`mark`), as the dossier's reminder writes its inbox row: the driver counts
 * both the same way.
 */
export async function bareTimerWorkflow(input: { key: string; wakeAtMs: number }): Promise<void> {
  await mark(`start/${input.key}`);
  await sleep(Math.max(1, input.wakeAtMs - Date.now()));
  await mark(`done/${input.key}`);
}
