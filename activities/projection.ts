/**
 * The read model: one Dossier row per workflow (status projection), one TimelineEntry per accepted
 * event, one AuditRecord per event in the global hash chain — all in one transaction, keyed by the
 * event id, so a retried or replayed activity writes nothing twice.
 */
import { Context } from '@temporalio/activity';
import { applyEvent, statusOf, type DossierEvent, type DossierStage, type DossierState, type DossierStatus } from '../domain/dossier';
import { dossierMarks } from '../domain/reports';
import type { Db, DbProvider } from '../prisma/db';
import { appendAudit } from '../store/audit-chain';
import { refreshReportFacts } from '../store/report-facts';
import type { RegisterDossierInput, TransitionDelta, TransitionRecord, TransitionResult } from './types';

function auditPayload(e: DossierEvent): { criterion?: string; comment?: string; documents: unknown[] } {
  const any = e as unknown as { criterion?: string; comment?: string; documents?: unknown[]; evidence?: unknown[]; reasons?: unknown };
  const reasons = Array.isArray(any.reasons)
    ? (any.reasons as unknown[])
        .map((r) => (typeof r === 'string' ? r : `${(r as { criterion: string }).criterion}: ${(r as { reason: string }).reason}`))
        .join('; ')
    : undefined;
  return {
    criterion: any.criterion,
    comment: [any.comment, reasons].filter(Boolean).join(' — ') || undefined,
    documents: [...(any.documents ?? []), ...(any.evidence ?? [])],
  };
}

/** What the event decided, beyond the stage change: verdict, vote, decision number… (kept in `after`). */
/** The "due next" column: a date, null to clear it, or nothing to leave it as it is (the field was not sent). */
function nextDeadlineColumn(nextDeadline: string | null | undefined): { nextDeadline?: Date | null } {
  if (nextDeadline === undefined) return {};
  return { nextDeadline: nextDeadline === null ? null : new Date(nextDeadline) };
}

function outcome(e: DossierEvent, toStage: string): string {
  const { meta: _meta, type: _type, ...payload } = e as DossierEvent & Record<string, unknown>;
  return JSON.stringify({ toStage, ...payload });
}

/** The workflow a delta came from: as sent, else the calling activity's own info. */
function callerOf(r: TransitionDelta): { workflowId: string; runId: string } {
  if (r.workflowId && r.runId) return { workflowId: r.workflowId, runId: r.runId };
  const caller = Context.current().info.workflowExecution;
  if (!caller) throw new Error('recordTransition: a delta without workflowId/runId must come from a workflow');
  return { workflowId: caller.workflowId, runId: caller.runId };
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** The criteria marks of an accepted event (domain/reports dossierMarks), written beside the imported ones. */
async function writeDossierMarks(tx: Tx, e: DossierEvent, state: DossierState): Promise<void> {
  const rows = dossierMarks(e, state);
  if (rows.length === 0) return;
  await tx.criteriaMark.createMany({
    data: rows.map((m) => ({
      id: `${m.sourceRef}/${m.criterion}`,
      unitCode: m.unitCode,
      setId: m.setId,
      criterion: m.criterion,
      met: m.met,
      asOf: m.asOf,
      batchId: `dossier:${m.dossierId}`,
      recordedAt: new Date(m.at),
      source: m.source,
      sourceRef: m.sourceRef,
      dossierId: m.dossierId,
      level: m.level,
      personId: m.personId,
      role: m.role,
      document: m.document,
    })),
  });
}

export function projectionActivities(db: Db, provider: DbProvider, clock: () => Date) {
  return {
    async registerDossier(r: RegisterDossierInput): Promise<void> {
      const now = clock();
      await db.$transaction(async (tx) => {
        await tx.unit.upsert({
          where: { code: r.dossier.unitCode },
          create: { code: r.dossier.unitCode, level: 'commune', name: r.dossier.unitCode },
          update: {},
        });
        await tx.dossier.upsert({
          where: { id: r.dossier.dossierId },
          create: {
            id: r.dossier.dossierId,
            unitCode: r.dossier.unitCode,
            title: r.dossier.title,
            planYear: r.dossier.planYear,
            criteriaSetId: r.dossier.criteriaSetId,
            stage: r.status.stage,
            level: r.status.level,
            workflowId: r.workflowId,
            runId: r.runId,
            state: JSON.stringify(r.state),
            status: JSON.stringify(r.status),
            version: r.state.context.seq,
            ...nextDeadlineColumn(r.nextDeadline),
            createdAt: new Date(r.at),
            updatedAt: now,
          },
          update: {},
        });
        // Issue 18: the pipeline report's columns (stage, late, district…), in the same transaction.
        await refreshReportFacts(tx, r.dossier.dossierId);
        await appendAudit(
          tx,
          {
            eventId: `${r.workflowId}/started`,
            at: new Date(r.at),
            actorId: 'system',
            actorRole: 'system',
            action: 'dossier.started',
            dossierId: r.dossier.dossierId,
            after: JSON.stringify({
              stage: r.status.stage,
              title: r.dossier.title,
              planYear: r.dossier.planYear,
              levels: r.dossier.levels.map((l) => l.level),
            }),
            workflowId: r.workflowId,
            runId: r.runId,
          },
          provider,
        );
      });
    },

    async recordTransition(r: TransitionRecord | TransitionDelta): Promise<TransitionResult> {
      const e = r.event;
      const payload = auditPayload(e);
      const dossierId = 'delta' in r ? r.dossierId : r.status.dossierId;
      return db.$transaction(async (tx) => {
        // Issue 18: a delta carries the event only; the state and status are derived here from the
        // projection's copy, which must be exactly one event behind (or already at this event: a retry).
        let derived: { state: DossierState; status: DossierStatus; fromStage: DossierStage; toStage: DossierStage } | undefined;
        if ('delta' in r) {
          const row = await tx.dossier.findUnique({ where: { id: dossierId }, select: { state: true, version: true } });
          if (row && row.version >= r.seq) {
            // Either an earlier attempt wrote this event, or a later event overtook it (this attempt was
            // retried after a database outage or a worker kill): then its timeline and audit rows are
            // still owed, and only the full record can write them.
            const done = await tx.timelineEntry.findUnique({ where: { eventId: e.meta.eventId }, select: { eventId: true } });
            return done ? {} : { resync: true };
          }
          const copy = row ? (JSON.parse(row.state) as DossierState) : undefined;
          const next = copy?.context?.seq === r.seq - 1 ? applyEvent(copy, e) : undefined;
          if (!next?.ok) return { resync: true };
          derived = { state: next.value, status: statusOf(next.value), fromStage: copy!.value, toStage: next.value.value };
        }
        const full = r as TransitionRecord;
        const status = derived?.status ?? full.status;
        const { fromStage, toStage } = derived ?? full;
        const { workflowId, runId } = 'delta' in r ? callerOf(r) : full;
        const seen = await tx.timelineEntry.findUnique({ where: { eventId: e.meta.eventId } });
        if (!seen) {
          await tx.timelineEntry.create({
            data: {
              eventId: e.meta.eventId,
              dossierId,
              seq: r.seq,
              type: e.type,
              fromStage,
              toStage,
              actorId: e.meta.actor.id,
              actorRole: e.meta.actor.role,
              at: new Date(e.meta.at),
              comment: payload.comment ?? null,
            },
          });
        }
        // The workflow sends its full state only at stage changes (it grows with every event); in between
        // the projection replays the accepted event on its own copy — the same pure transition, so the
        // same result — as long as that copy is exactly one event behind. Otherwise it keeps the snapshot
        // it has until the next stage change resynchronises it.
        let state = derived?.state ?? (r as TransitionRecord).state;
        let prev: DossierState | undefined;
        if (!state) {
          const row = await tx.dossier.findUnique({ where: { id: dossierId }, select: { state: true } });
          prev = row ? (JSON.parse(row.state) as DossierState) : undefined;
          if (prev?.context?.seq === r.seq - 1) {
            const next = applyEvent(prev, e);
            if (next.ok) state = next.value;
          }
        }
        // Issue 13: what the dossier recorded becomes criteria status, with provenance, once per event.
        // (Without a current copy, the last one serves: these events change neither the input, the level nor the reviews.)
        const marksState = state ?? prev;
        if (!seen && marksState) await writeDossierMarks(tx, e, marksState);
        // The projection only moves forward: an older transition arriving late never overwrites a newer one.
        await tx.dossier.updateMany({
          where: { id: dossierId, version: { lt: r.seq } },
          data: {
            stage: status.stage,
            level: status.level,
            late: Object.keys(status.late).length > 0,
            ...(state ? { state: JSON.stringify(state) } : {}),
            status: JSON.stringify(status),
            version: r.seq,
            runId,
            decisionNumber: status.decision?.number ?? null,
            decisionDate: status.decision?.date ?? null,
            ...nextDeadlineColumn(r.nextDeadline),
            updatedAt: new Date(e.meta.at),
          },
        });
        // Issue 18: the pipeline report's columns follow the timeline (an entry arriving late included).
        await refreshReportFacts(tx, dossierId);
        await appendAudit(
          tx,
          {
            eventId: e.meta.eventId,
            at: new Date(e.meta.at),
            actorId: e.meta.actor.id,
            actorRole: e.meta.actor.role,
            actorUnit: e.meta.actor.unitCode,
            onBehalfOf: e.meta.actor.onBehalfOf ?? null,
            action: e.type,
            dossierId,
            criterion: payload.criterion ?? null,
            before: fromStage,
            after: outcome(e, toStage),
            comment: payload.comment ?? null,
            documents: payload.documents,
            workflowId,
            runId,
          },
          provider,
        );
        return {};
      });
    },
  };
}
