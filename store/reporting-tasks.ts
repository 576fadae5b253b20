/**
 * Period tasks of reporting obligations (issue 16), shared by app/obligations (people submit, accept,
 * return) and activities/obligations (the workflow opens tasks and escalates): one transaction per
 * transition — the task row, its append-only event row and the audit record — idempotent by event id.
 * The rule itself is domain/obligations/lifecycle's reducer; this file only loads and stores it.
 */
import type { InstantMs } from '../domain/calendar';
import { unwrap } from '../domain/errors';
import { applyPeriodTaskEvent, type Obligation, type Party, type PeriodTask, type PeriodTaskEvent } from '../domain/obligations';
import type { Db } from '../prisma/db';
import { appendAudit, dbProvider } from './audit-chain';

type TaskRow = NonNullable<Awaited<ReturnType<Db['reportingPeriodTask']['findUnique']>>>;

export const taskId = (obligationId: string, periodKey: string, reporter: string): string => `${obligationId}/${periodKey}/${reporter}`;

export interface TaskPeriod {
  readonly key: string;
  readonly dueAt: InstantMs;
  readonly escalationAt: InstantMs | null;
}

/** The reporters an obligation's reporter party names: department codes, or unit codes (a unit set read from the database). */
export async function reportersOf(db: Db, p: Party): Promise<string[]> {
  switch (p.kind) {
    case 'departments':
      return [...p.codes];
    case 'unit':
    case 'role':
      return [p.unitCode];
    case 'units': {
      const rows = await db.unit.findMany({
        where: { level: p.level, code: { startsWith: `${p.within}/` } },
        select: { code: true },
        orderBy: { code: 'asc' },
      });
      return rows.map((r) => r.code);
    }
  }
}

/** Opens the period's tasks (one per reporter) that do not exist yet; returns how many were created. */
export async function ensurePeriodTasks(db: Db, o: Obligation, version: number, period: TaskPeriod, reporters: readonly string[], at: Date): Promise<number> {
  let created = 0;
  for (const reporter of reporters) {
    const id = taskId(o.id, period.key, reporter);
    const existing = await db.reportingPeriodTask.findUnique({ where: { id } });
    if (existing) continue;
    try {
      await db.reportingPeriodTask.create({
        data: {
          id,
          obligationId: o.id,
          version,
          periodKey: period.key,
          reporter,
          dueAt: new Date(period.dueAt),
          escalationAt: period.escalationAt === null ? null : new Date(period.escalationAt),
          createdAt: at,
          updatedAt: at,
        },
      });
      created += 1;
    } catch (e) {
      if ((e as { code?: string }).code !== 'P2002') throw e;
    }
  }
  return created;
}

function toTask(row: TaskRow, history: PeriodTask['history']): PeriodTask {
  const ms = (d: Date | null): InstantMs | null => (d === null ? null : (d.getTime() as InstantMs));
  return {
    obligationId: row.obligationId,
    periodKey: row.periodKey,
    reporter: row.reporter,
    dueAt: row.dueAt.getTime() as InstantMs,
    escalationAt: ms(row.escalationAt),
    status: row.status as PeriodTask['status'],
    late: row.late,
    lastSubmittedLate: row.lastSubmittedAt !== null && row.lastSubmittedAt.getTime() > row.dueAt.getTime(),
    firstSubmittedAt: ms(row.firstSubmittedAt),
    lastSubmittedAt: ms(row.lastSubmittedAt),
    acceptedAt: ms(row.acceptedAt),
    escalatedAt: ms(row.escalatedAt),
    returns: row.returns,
    history,
  };
}

export interface TaskTransition {
  readonly eventId: string;
  readonly obligation: Obligation;
  readonly version: number;
  readonly period: TaskPeriod;
  readonly reporter: string;
  readonly event: PeriodTaskEvent;
  readonly actorRole: string;
  readonly actorUnit?: string | null;
  readonly documentRef?: string | null;
  readonly workflowId?: string | null;
}

/**
 * Applies one event to a period task (opening the task first if the workflow has not yet), in one
 * transaction with its event row and audit record. A refused event throws the reducer's AppError and
 * writes nothing; an event id already recorded returns the task as it is (a retried activity or request).
 */
export async function applyTaskTransition(db: Db, t: TaskTransition): Promise<{ task: PeriodTask; created: boolean }> {
  const provider = dbProvider(db);
  const id = taskId(t.obligation.id, t.period.key, t.reporter);
  return db.$transaction(async (tx) => {
    const seen = await tx.reportingTaskEvent.findUnique({ where: { eventId: t.eventId } });
    const row =
      (await tx.reportingPeriodTask.findUnique({ where: { id } })) ??
      (await tx.reportingPeriodTask.create({
        data: {
          id,
          obligationId: t.obligation.id,
          version: t.version,
          periodKey: t.period.key,
          reporter: t.reporter,
          dueAt: new Date(t.period.dueAt),
          escalationAt: t.period.escalationAt === null ? null : new Date(t.period.escalationAt),
          createdAt: new Date(t.event.at),
          updatedAt: new Date(t.event.at),
        },
      }));
    const events = await tx.reportingTaskEvent.findMany({ where: { taskId: id }, orderBy: { at: 'asc' } });
    const history = events.map((e) => ({ type: e.type as PeriodTaskEvent['type'], at: e.at.getTime() as InstantMs, by: e.actorId }));
    const before = toTask(row, history);
    if (seen) return { task: before, created: false };
    const after = unwrap(applyPeriodTaskEvent(before, t.event));
    const date = (v: InstantMs | null): Date | null => (v === null ? null : new Date(v));
    await tx.reportingPeriodTask.update({
      where: { id },
      data: {
        status: after.status,
        late: after.late,
        firstSubmittedAt: date(after.firstSubmittedAt),
        lastSubmittedAt: date(after.lastSubmittedAt),
        acceptedAt: date(after.acceptedAt),
        escalatedAt: date(after.escalatedAt),
        returns: after.returns,
        ...(t.documentRef ? { documentRef: t.documentRef } : {}),
        updatedAt: new Date(t.event.at),
      },
    });
    await tx.reportingTaskEvent.create({
      data: {
        eventId: t.eventId,
        taskId: id,
        type: t.event.type,
        at: new Date(t.event.at),
        actorId: t.event.by,
        actorRole: t.actorRole,
        reasonVi: t.event.type === 'return' ? t.event.reasonVi : null,
        documentRef: t.documentRef ?? null,
      },
    });
    await appendAudit(
      tx,
      {
        eventId: t.eventId,
        at: new Date(t.event.at),
        actorId: t.event.by,
        actorRole: t.actorRole,
        actorUnit: t.actorUnit ?? null,
        action: `obligation.period.${t.event.type}`,
        criterion: null,
        before: JSON.stringify({ obligationId: t.obligation.id, periodKey: t.period.key, reporter: t.reporter, status: before.status }),
        after: JSON.stringify({ obligationId: t.obligation.id, periodKey: t.period.key, reporter: t.reporter, status: after.status, late: after.late }),
        comment: t.event.type === 'return' ? t.event.reasonVi : null,
        documents: t.documentRef ? [{ ref: t.documentRef }] : [],
        workflowId: t.workflowId ?? null,
      },
      provider,
    );
    return { task: after, created: true };
  });
}

export interface ObligationChange {
  readonly eventId: string;
  readonly obligationId: string;
  readonly action: 'obligation.created' | 'obligation.paused' | 'obligation.resumed' | 'obligation.changed' | 'obligation.retired';
  readonly at: Date;
  readonly actorId: string;
  readonly actorRole: string;
  readonly actorUnit?: string | null;
  readonly status: 'active' | 'paused' | 'retired';
  readonly reasonVi?: string | null;
  /** For `created` and `changed`: the new definition and version. */
  readonly definition?: Obligation;
  readonly version?: number;
  readonly workflowId?: string | null;
}

/** Records an obligation's creation or control change: the row and the audit record, one transaction, idempotent by event id. */
export async function recordObligationChange(db: Db, c: ObligationChange): Promise<{ created: boolean; version: number; status: string }> {
  const provider = dbProvider(db);
  return db.$transaction(async (tx) => {
    const existing = await tx.reportingObligation.findUnique({ where: { id: c.obligationId } });
    const already = await tx.auditRecord.findUnique({ where: { eventId: c.eventId } });
    if (already && existing) return { created: false, version: existing.version, status: existing.status };
    const before = existing ? { status: existing.status, version: existing.version } : null;
    let version = existing?.version ?? 1;
    if (c.action === 'obligation.created') {
      const d = c.definition!;
      await tx.reportingObligation.create({
        data: {
          id: d.id,
          ownerUnitCode: d.ownerUnitCode,
          version: 1,
          definition: JSON.stringify(d),
          status: 'active',
          validFrom: d.validFrom,
          validTo: d.validTo ?? null,
          workflowId: c.workflowId ?? null,
          createdBy: c.actorId,
          createdAt: c.at,
          updatedAt: c.at,
        },
      });
    } else {
      version = c.version ?? version;
      await tx.reportingObligation.update({
        where: { id: c.obligationId },
        data: {
          status: c.status,
          version,
          ...(c.definition ? { definition: JSON.stringify(c.definition), validFrom: c.definition.validFrom, validTo: c.definition.validTo ?? null } : {}),
          updatedAt: c.at,
        },
      });
    }
    await appendAudit(
      tx,
      {
        eventId: c.eventId,
        at: c.at,
        actorId: c.actorId,
        actorRole: c.actorRole,
        actorUnit: c.actorUnit ?? null,
        action: c.action,
        before: before ? JSON.stringify({ obligationId: c.obligationId, ...before }) : null,
        after: JSON.stringify({ obligationId: c.obligationId, status: c.status, version, ...(c.definition ? { definition: c.definition } : {}) }),
        comment: c.reasonVi ?? null,
        workflowId: c.workflowId ?? null,
      },
      provider,
    );
    return { created: true, version, status: c.status };
  });
}
