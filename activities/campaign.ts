import { ApplicationFailure } from '@temporalio/common';
import { endOfDay, type LocalDate } from '../domain/calendar';
import { completingEvents } from '../domain/dossier';
import type { Db } from '../prisma/db';
import type { DeadlineSummaryRequest, DeadlineSummaryResult } from './types';

/**
 * At a plan deadline: which registered dossiers did the stage on time, late, or not at all — read from
 * the timeline (the stage's completing event and its time), stored once per (plan, deadline).
 */
export function campaignActivities(db: Db, clock: () => Date) {
  return {
    /**
     * Issue 14: whether a plan change's audit record (written with the plan, in one transaction) is
     * committed. Thrown while it is not, so the plan-change workflow retries; after its retries the change
     * was never saved (refused or the request died before commit) and nothing is sent.
     */
    async planChangeRecorded(eventId: string): Promise<true> {
      const row = await db.auditRecord.findFirst({ where: { eventId }, select: { eventId: true } });
      if (!row) throw ApplicationFailure.retryable(`plan change ${eventId} not recorded (yet)`, 'PLAN.CHANGE_NOT_RECORDED');
      return true;
    },

    /** Registered dossiers whose unit has done nothing yet (no event beyond the start; the system's deadline events do not count). */
    async dossiersNotStarted(dossierIds: string[]): Promise<{ dossierId: string; unitCode: string }[]> {
      const rows = await db.dossier.findMany({ where: { id: { in: dossierIds }, stage: 'self_assessment' }, select: { id: true, unitCode: true } });
      const active = await db.timelineEntry.groupBy({
        by: ['dossierId'],
        where: { dossierId: { in: rows.map((r) => r.id) }, type: { notIn: ['deadline.expired', 'deadline.changed'] } },
      });
      const busy = new Set(active.map((a) => a.dossierId));
      return rows.filter((r) => !busy.has(r.id)).map((r) => ({ dossierId: r.id, unitCode: r.unitCode }));
    },

    async summarizeDeadline(req: DeadlineSummaryRequest): Promise<DeadlineSummaryResult> {
      const id = `${req.planId}/${req.deadlineId}`;
      const existing = await db.deadlineSummary.findUnique({ where: { id } });
      if (existing) {
        return { onTime: JSON.parse(existing.onTime), late: JSON.parse(existing.late), missing: JSON.parse(existing.missing) };
      }
      // The stage's completing events: the same rule as the workflow's stageDone (domain STAGE_COMPLETION).
      const completing = [...completingEvents(req.stage)];
      const entries = await db.timelineEntry.findMany({
        where: { dossierId: { in: req.dossierIds }, type: { in: completing } },
        orderBy: { at: 'asc' },
      });
      const dueEnd = endOfDay(req.due as LocalDate);
      const result: DeadlineSummaryResult = { onTime: [], late: [], missing: [] };
      for (const id of req.dossierIds) {
        const first = entries.find((e) => e.dossierId === id);
        if (!first) result.missing.push(id);
        else if (first.at.getTime() <= dueEnd) result.onTime.push(id);
        else result.late.push(id);
      }
      await db.deadlineSummary.upsert({
        where: { id },
        create: {
          id,
          planId: req.planId,
          deadlineId: req.deadlineId,
          stage: req.stage,
          due: req.due,
          onTime: JSON.stringify(result.onTime),
          late: JSON.stringify(result.late),
          missing: JSON.stringify(result.missing),
          createdAt: clock(),
        },
        update: {},
      });
      return result;
    },
  };
}
