/**
 * One workflow per dossier (commune title, village title, OCOP product). It orchestrates only: the
 * domain machine decides, domain/notices says who hears what and when, activities do the I/O, Temporal
 * owns time.
 *
 * - Human actions arrive as the `dossier.act` Update; its validator refuses an illegal move (with the
 *   machine's own reason) before it is accepted, so nothing is written for a refused action.
 * - Each plan deadline is watched by a loop racing Temporal timers against the stage being done: it sends
 *   the reminders of the plan's schedule, feeds `deadline.expired` to the machine at the end of the due
 *   day (the dossier goes on, marked late), and escalates to the level above.
 * - After recognition the dossier stays open for maintenance, for years: continue-as-new keeps its history
 *   small.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  type ActivityOptions,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReminderPoint } from '../domain/calendar';
import {
  applyEvent,
  explainRefusal,
  inMaintenance,
  isDecided,
  isFinal,
  nextOpenDeadline,
  startDossier,
  stageDone,
  statusOf,
  needsVerification,
  verificationFacts,
  stageIn,
  accessView,
  type DossierDeadline,
  type DossierEvent,
  type DossierState,
  type DossierStatus,
  type SystemEvent,
} from '../domain/dossier';
import type { DomainError } from '../domain/errors';
import { parseWith } from '../domain/validation';
import { authorize } from '../domain/access';
import { deadlineReminderNotice, eventNotice, maintenanceNotice, pointsStillDue, reminderNotice, type DeadlinePoint } from '../domain/notices';
import type { createActivities } from '../activities';
import {
  additionChange,
  addedDeadlines,
  deadlineChanges,
  describeChange,
  pointsAfterReplan,
  replannedDeadlines,
  replanRefusal,
  type ReplanRequest,
} from '../domain/plan';
import {
  ActRequestSchema,
  actHandlerUpdate,
  briefOf,
  ReplanRequestSchema,
  replanSignal,
  replanUpdate,
  stateQuery,
  statusQuery,
  type DossierWorkflowInput,
} from './definitions';

// Database writes: short, retried with backoff until the database is back (they are idempotent).
const DB_WRITES: Pick<ActivityOptions, 'startToCloseTimeout' | 'retry'> = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['INPUT.INVALID', 'CRITERIA.UNKNOWN_SET'] },
};
const acts = proxyActivities<ReturnType<typeof createActivities>>(DB_WRITES);
// Issue 18: the per-event projection write as a local activity — run by the worker that holds the
// workflow, inside the workflow task, without the server scheduling, dispatching and recording a task
// for it (two fewer round trips and three fewer history events per accepted action). Same function, same
// idempotency (the timeline's event id), same retries: once a retry would wait longer than 10 s (a
// database outage) the SDK waits for it on a workflow timer, and a worker killed mid-write leaves the
// workflow task to time out and the next worker to write again.
const local = proxyLocalActivities<ReturnType<typeof createActivities>>({ ...DB_WRITES, localRetryThreshold: '10 seconds' });
const mail = proxyActivities<ReturnType<typeof createActivities>>({
  // Mail: the SMTP server may be slow or away for a while; the inbox row is written first, idempotently.
  // The activity heartbeats before and after every mail: an attempt whose worker died (or whose SMTP
  // call hangs) times out after 10 s without a heartbeat and is retried 1 s later, so a reminder is
  // never held back by a dead attempt for longer than that (issue 17: recovery within 30 s of the
  // worker's return). 1 minute bounds one attempt however many recipients it has. Activity options
  // are not part of the workflow's history commands: recorded histories replay unchanged.
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const SYSTEM_ACTOR = { id: 'system', role: 'system' as const, unitCode: 'system' };

function failure(e: DomainError): ApplicationFailure {
  return ApplicationFailure.create({
    type: e.code,
    message: `${e.messageVi} / ${e.messageEn}`,
    nonRetryable: true,
    details: [e],
  });
}

export async function dossierWorkflow(input: DossierWorkflowInput): Promise<DossierStatus> {
  const info = workflowInfo();
  let state: DossierState;
  if (input.resume) {
    state = input.resume.state;
  } else {
    const started = startDossier(input.dossier);
    if (!started.ok) throw failure(started.error);
    state = started.value;
  }
  const cycle = input.resume?.cycle ?? 0;

  // Persistence is serialised: the projection and the audit chain see transitions in the machine's order.
  let persisted: Promise<unknown> = Promise.resolve();
  const persist = (f: () => Promise<unknown>): Promise<unknown> => (persisted = persisted.then(f));
  // Notices on events, delivered in order on their own chain (issue 13).
  let notices: Promise<unknown> = Promise.resolve();

  const nowIso = () => new Date(Date.now()).toISOString(); // Temporal's deterministic workflow clock
  // The plan's deadlines as they stand now: the input's, replaced by `dossier.replan` (issue 14).
  let deadlines: DossierDeadline[] = input.deadlines;
  const appliedChanges = new Set<string>();
  // The deadline to meet next, for the projection (null once none is open: done, decided, or resumed).
  const nextDeadline = (s: DossierState): string | null => {
    const d = nextOpenDeadline(deadlines, s);
    return d ? new Date(d.expiresAt).toISOString() : null;
  };

  async function accept(event: DossierEvent): Promise<DossierStatus> {
    const before = state;
    const r = applyEvent(state, event);
    if (!r.ok) throw failure(r.error);
    state = r.value;
    const snapshot = state;
    const full = () => ({
      event,
      fromStage: before.value,
      toStage: snapshot.value,
      seq: snapshot.context.seq,
      status: statusOf(snapshot),
      ...(before.value !== snapshot.value ? { state: snapshot } : {}),
      workflowId: info.workflowId,
      runId: info.runId,
      nextDeadline: nextDeadline(snapshot),
    });
    // Issue 18: the event and ids only (the projection applies the event to its copy and derives the
    // status); the full record only when the projection answers that its copy is not one event behind.
    if (patched('18-transition-delta')) {
      const delta = {
        delta: true as const,
        dossierId: snapshot.context.input.dossierId,
        event,
        seq: snapshot.context.seq,
        nextDeadline: nextDeadline(snapshot),
      };
      await persist(async () => {
        const record = patched('18-local-record') ? local.recordTransition : acts.recordTransition;
        const r = await record(delta);
        if (r?.resync) await record({ ...full(), state: snapshot });
      });
    } else {
      await persist(() => acts.recordTransition(full()));
    }
    // Issue 13: the people concerned hear of the event (once: keyed by the event id), after it is recorded.
    if (patched('notices-on-events')) {
      const notice = eventNotice(before, snapshot, event);
      // Not awaited here: a slow mail server must not hold the Update's answer nor the projection; the
      // workflow waits for the chain before it continues-as-new or ends.
      if (notice && notice.recipients.length > 0) notices = notices.then(() => mail.notify(notice));
    }
    await verifyWhenReviewed();
    return statusOf(state);
  }

  function system(e: SystemEvent): DossierEvent {
    return { ...e, meta: { eventId: uuid4(), at: nowIso(), actor: SYSTEM_ACTOR } } as DossierEvent;
  }

  /** When every review slot of the level is resolved, the criteria are recomputed and fed back. */
  async function verifyWhenReviewed(): Promise<void> {
    if (!needsVerification(state)) return;
    // Issue 18: what verification reads (domain verificationFacts), not the whole state.
    const facts = patched('18-verify-facts') ? { facts: verificationFacts(state.context) } : { state };
    const verified = await acts.verifyCriteria({ criteriaSetId: state.context.input.criteriaSetId, ...facts });
    // Still wanted when the answer comes (no event changed the dossier meanwhile)?
    if (stageIn(state.value, 'underReview') && !state.context.verification) {
      await accept(system({ type: 'criteria.verified', ...verified }));
    }
  }

  // Registered before any handler: setting a handler delivers Updates buffered since the start at once,
  // and their transitions must queue behind the dossier's own row.
  const registered = input.resume
    ? Promise.resolve()
    : persist(() =>
        acts.registerDossier({
          dossier: input.dossier,
          status: statusOf(state),
          state,
          workflowId: info.workflowId,
          runId: info.runId,
          at: nowIso(),
          nextDeadline: nextDeadline(state),
        }),
      );

  setHandler(statusQuery, () => statusOf(state));
  setHandler(stateQuery, () => state);
  setHandler(
    actHandlerUpdate,
    async (req) => {
      const parsed = ActRequestSchema.parse(req);
      const status = await accept({ ...parsed.command, meta: { eventId: uuid4(), at: nowIso(), actor: parsed.actor } } as DossierEvent);
      // Issue 18: a caller that asks for the brief answer gets the stage and sequence only (it reads the
      // full status by Query or from the projection); the history keeps a few bytes instead of the status.
      return parsed.reply === 'brief' ? briefOf(status) : status;
    },
    {
      validator: (req) => {
        // Vietnamese messages in Vietnamese (zod's error map, domain/validation), English in messageEn only.
        const parsed = parseWith(ActRequestSchema, req);
        if (!parsed.ok) throw failure(parsed.error);
        const { actor, command } = parsed.value;
        // Defence in depth: the API authorised the person; the workflow checks the actor's role and
        // jurisdiction again against the dossier as it is now, so no client can skip the rule.
        const denied = authorize(
          { userId: actor.id, grants: [{ role: actor.role, unitCode: actor.unitCode, department: actor.department }] },
          { action: command.type, at: nowIso(), dossier: accessView(state), criterion: 'criterion' in command ? command.criterion : undefined },
        );
        if (denied) throw failure(denied);
        const probe = { ...command, meta: { eventId: 'probe', at: nowIso(), actor } } as DossierEvent;
        const why = explainRefusal(state, probe);
        if (why) throw failure(why);
      },
    },
  );

  // Issue 14: the plan's deadlines moved. Recorded as a `deadline.changed` event (timeline, audit: the
  // change, its reason and who); the watchers of the moved deadlines wake up and follow the new dates.
  // A deadline the plan added after the dossier opened gets its own watcher (patched: plan-replan-added).
  const addedWatchers: Promise<void>[] = [];
  async function applyReplan(r: ReplanRequest): Promise<DossierStatus> {
    appliedChanges.add(r.changeId);
    const changes = deadlineChanges(deadlines, r.deadlines);
    const added = patched('plan-replan-added') ? addedDeadlines(deadlines, r.deadlines) : [];
    if (changes.length === 0 && added.length === 0) return statusOf(state);
    deadlines = [...replannedDeadlines(deadlines, r.deadlines), ...added];
    const status = await accept({
      type: 'deadline.changed',
      changes: [...changes, ...added.map(additionChange)],
      comment: describeChange(changes, r.reasonVi, added),
      meta: { eventId: uuid4(), at: nowIso(), actor: r.actor },
    });
    for (const d of added) addedWatchers.push(watchDeadline(d, pointsAfterReplan(d, Date.now(), false)));
    return status;
  }
  const replanWhy = (r: ReplanRequest) => replanRefusal(state, isDecided(state.value) || isFinal(state.value), deadlines, r.deadlines, Date.now());
  setHandler(
    replanUpdate,
    async (req) => {
      const r = ReplanRequestSchema.parse(req);
      if (appliedChanges.has(r.changeId) || !patched('plan-replan')) return statusOf(state);
      return applyReplan(r);
    },
    {
      validator: (req) => {
        const parsed = parseWith(ReplanRequestSchema, req);
        if (!parsed.ok) throw failure(parsed.error);
        const why = replanWhy(parsed.value);
        if (why) throw failure(why);
      },
    },
  );
  // The durable carrier's form (workflows/plan-change.ts): the same change by Signal; one the dossier
  // would refuse (decided since the office saved it) changes nothing.
  setHandler(replanSignal, async (req) => {
    const parsed = parseWith(ReplanRequestSchema, req);
    if (!parsed.ok || appliedChanges.has(parsed.value.changeId) || replanWhy(parsed.value)) return;
    await applyReplan(parsed.value);
  });

  await registered;
  await verifyWhenReviewed();

  // ---- deadlines: one watcher per plan deadline ------------------------------------------------
  async function remind(d: DossierDeadline, point: ReminderPoint): Promise<void> {
    // Issue 13: the real days before/after the deadline, names not codes, the responsible level's people.
    const notice = patched('notices-reminder-facts')
      ? deadlineReminderNotice({ state, deadline: d, point, sentAt: Date.now() })
      : reminderNotice({ state, deadline: d, point, sentAt: Date.now() });
    if (notice.recipients.length === 0) return;
    await mail.notify(notice);
  }

  async function watchDeadline(first: DossierDeadline, from?: DeadlinePoint[]): Promise<void> {
    let d = first;
    const done = () => stageDone(d.stage, state);
    // A replan replaces the deadline object (issue 14); while none comes, the commands are those of before.
    const moved = () => (deadlines.find((x) => x.id === first.id) ?? d) !== d;
    let points = from ?? pointsStillDue(d, Date.now());
    for (;;) {
      let replanned = false;
      for (const p of points) {
        const wait = p.at - Date.now();
        if (wait > 0 && (await condition(() => done() || moved(), wait))) {
          if (done()) return;
          replanned = true;
          break;
        }
        if (done()) return;
        if (moved()) {
          replanned = true;
          break;
        }
        if (p.kind === 'expiry') {
          await accept(system({ type: 'deadline.expired', stage: d.stage, deadline: d.due }));
        } else {
          await remind(d, p.point);
        }
      }
      if (!replanned) await condition(() => done() || moved());
      if (done()) return;
      d = deadlines.find((x) => x.id === first.id)!;
      points = pointsAfterReplan(d, Date.now(), state.context.late[d.stage] !== undefined);
    }
  }

  const watchers = input.resume ? [] : input.deadlines.map((d) => watchDeadline(d));

  // ---- until a decision ------------------------------------------------------------------------
  await condition(() => isDecided(state.value));

  // ---- maintenance: recognised units keep their criteria, year after year -------------------------
  let cyclesThisRun = 0;
  while (inMaintenance(state.value)) {
    const seqBefore = state.context.seq;
    const changed = await condition(
      () => isFinal(state.value) || state.context.seq !== seqBefore || workflowInfo().continueAsNewSuggested,
      `${input.maintenance.reviewEveryDays} days`,
    );
    if (statusOf(state).final) break;
    if (!changed) {
      cyclesThisRun += 1;
      await mail.notify(maintenanceNotice({ state, cycle: cycle + cyclesThisRun }));
    }
    if (cyclesThisRun >= input.maintenance.cyclesPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await Promise.all([persisted, notices]);
      const carried = state;
      return await continueAsNew<typeof dossierWorkflow>({ ...input, deadlines: [], resume: { state: carried, cycle: cycle + cyclesThisRun } });
    }
  }

  await Promise.all([...watchers, ...addedWatchers]);
  await condition(allHandlersFinished);
  await Promise.all([persisted, notices]);
  return statusOf(state);
}
