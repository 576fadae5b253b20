/**
 * Activities of the reporting-obligation workflows (issue 16): open a period's tasks, tell who has
 * not reported, escalate the ones still missing at the escalation point, and record the office's
 * control of an obligation (pause, resume, change, retire) — each change and transition audited in the
 * same transaction (store/reporting-tasks). All idempotent: retried activities write nothing twice.
 */
import type { InstantMs } from '../domain/calendar';
import { findDepartment } from '../domain/departments';
import type { Obligation, ObligationPeriod, Party } from '../domain/obligations';
import type { NoticeRecipient } from '../domain/notices';
import type { Db } from '../prisma/db';
import { unitNames } from '../store/units';
import { applyTaskTransition, ensurePeriodTasks, recordObligationChange, reportersOf, type ObligationChange } from '../store/reporting-tasks';

export interface OpenPeriodRequest {
  obligation: Obligation;
  version: number;
  period: Pick<ObligationPeriod, 'key' | 'dueAt' | 'escalationAt'>;
}

export interface PendingReporter {
  reporter: string;
  /** The unit's or the department's name (for notices: names, never codes). */
  name: string;
  recipient: NoticeRecipient;
}

export interface EscalateRequest extends OpenPeriodRequest {
  workflowId: string;
  /** The escalation instant (workflow time): recorded as the event's time. */
  at: number;
}

/** Who receives a reporter's reminder: the department's specialists, the unit's officials, or the named role. */
export function recipientFor(p: Party, reporter: string): NoticeRecipient {
  switch (p.kind) {
    case 'departments':
      return { role: 'district_specialist', unitCode: p.unitCode, department: reporter };
    case 'role':
      return { role: p.role, unitCode: p.unitCode };
    case 'unit':
    case 'units':
      return { role: 'commune_official', unitCode: reporter };
  }
}

export function obligationActivities(db: Db, clock: () => Date) {
  async function pending(obligation: Obligation, periodKey: string): Promise<PendingReporter[]> {
    const rows = await db.reportingPeriodTask.findMany({
      where: { obligationId: obligation.id, periodKey, status: { in: ['open', 'returned'] } },
      orderBy: { reporter: 'asc' },
    });
    const names = await unitNames(
      db,
      rows.map((r) => r.reporter),
    );
    return rows.map((r) => ({
      reporter: r.reporter,
      name: names.get(r.reporter) ?? findDepartment(r.reporter)?.nameVi ?? r.reporter,
      recipient: recipientFor(obligation.reporter, r.reporter),
    }));
  }

  return {
    /** Opens one task per reporter for the period (idempotent); returns the reporters. */
    async openPeriodTasks(req: OpenPeriodRequest): Promise<string[]> {
      const reporters = await reportersOf(db, req.obligation.reporter);
      await ensurePeriodTasks(db, req.obligation, req.version, req.period, reporters, clock());
      return reporters;
    },

    /** The obligation's recorded status (the office may have paused or retired it since the period began). */
    async obligationState(obligationId: string): Promise<{ status: string; version: number } | null> {
      const row = await db.reportingObligation.findUnique({ where: { id: obligationId }, select: { status: true, version: true } });
      return row;
    },

    /** Reporters who have not (re)submitted the period's report. */
    async pendingReporters(req: { obligation: Obligation; periodKey: string }): Promise<PendingReporter[]> {
      return pending(req.obligation, req.periodKey);
    },

    /** Escalates every task still open at the escalation point (one audited event each); returns who. */
    async escalatePeriod(req: EscalateRequest): Promise<PendingReporter[]> {
      const open = await pending(req.obligation, req.period.key);
      const rows = await db.reportingPeriodTask.findMany({
        where: { obligationId: req.obligation.id, periodKey: req.period.key, status: 'open', escalatedAt: null },
        select: { reporter: true },
      });
      const openSet = new Set(rows.map((r) => r.reporter));
      const out: PendingReporter[] = [];
      for (const p of open) {
        if (!openSet.has(p.reporter)) continue;
        await applyTaskTransition(db, {
          eventId: `${req.workflowId}/escalate/${p.reporter}`,
          obligation: req.obligation,
          version: req.version,
          period: req.period,
          reporter: p.reporter,
          event: { type: 'escalate', at: req.at as InstantMs, by: 'system' },
          actorRole: 'system',
          workflowId: req.workflowId,
        });
        out.push(p);
      }
      return out;
    },

    /** Records the office's control of an obligation (row + audit, one transaction). */
    async recordObligationControl(change: Omit<ObligationChange, 'at'> & { at: number }): Promise<{ created: boolean; version: number; status: string }> {
      return recordObligationChange(db, { ...change, at: new Date(change.at) });
    },
  };
}
