/**
 * Issue 18: what the pipeline report counts, kept on the Dossier row so the report can GROUP BY in SQL
 * (app/reports.ts pipelineReport) instead of reading every dossier and its timeline into JS:
 *
 *   reportStage   the stage as the timeline says (its newest entry's target; the row's stage while it has none)
 *   reportLate    a deadline.expired entry is in the timeline (the row's late flag while it has none)
 *   recognisedAt  when the timeline first reached 'recognised'
 *   lastEventAt   the newest timeline instant (a report as of an earlier day reads that dossier's timeline)
 *   districtCode  the unit's nearest district by parentCode, itself included ('' when it has none)
 *
 * Written by the projection in the transaction of every registration and transition, and by the
 * migration that added the columns (the same rules in SQL). A row whose reportStage is null has not been
 * worked out (written by other means): the report reads its timeline itself, so it is never miscounted.
 */
import type { Db } from '../prisma/db';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** How far up the parentCode chain a district is looked for (the migration's backfill joins as many). */
export const DISTRICT_SEARCH_DEPTH = 6;

export interface ReportFacts {
  reportStage: string;
  reportLate: boolean;
  recognisedAt: Date | null;
  lastEventAt: Date | null;
}

/** The facts of a dossier from its row and its timeline (entries in seq order). */
export function reportFactsOf(
  row: { stage: string; late: boolean },
  timeline: readonly { seq: number; type: string; toStage: string; at: Date }[],
): ReportFacts {
  if (timeline.length === 0) return { reportStage: row.stage, reportLate: row.late, recognisedAt: null, lastEventAt: null };
  const ordered = [...timeline].sort((a, b) => a.seq - b.seq);
  let last = ordered[0]!.at;
  for (const t of ordered) if (t.at > last) last = t.at;
  return {
    reportStage: ordered.at(-1)!.toStage,
    reportLate: ordered.some((t) => t.type === 'deadline.expired'),
    recognisedAt: ordered.find((t) => t.toStage === 'recognised')?.at ?? null,
    lastEventAt: last,
  };
}

/** The unit's nearest district, itself included, by parentCode; '' when there is none within reach. */
export async function districtCodeOf(db: Db | Tx, unitCode: string): Promise<string> {
  let code: string | null = unitCode;
  for (let depth = 0; code !== null && depth < DISTRICT_SEARCH_DEPTH; depth++) {
    const u: { level: string; parentCode: string | null } | null = await db.unit.findUnique({ where: { code }, select: { level: true, parentCode: true } });
    if (!u) return '';
    if (u.level === 'district') return code;
    code = u.parentCode;
  }
  return '';
}

/**
 * Works out and stores the facts of one dossier (inside the caller's transaction). The district is looked
 * up once, when the row has none yet (a unit's parent does not change under its dossiers).
 */
export async function refreshReportFacts(db: Db | Tx, dossierId: string): Promise<void> {
  const row = await db.dossier.findUnique({ where: { id: dossierId }, select: { stage: true, late: true, unitCode: true, districtCode: true } });
  if (!row) return;
  const timeline = await db.timelineEntry.findMany({ where: { dossierId }, select: { seq: true, type: true, toStage: true, at: true } });
  const districtCode = row.districtCode ?? (await districtCodeOf(db, row.unitCode));
  await db.dossier.update({ where: { id: dossierId }, data: { ...reportFactsOf(row, timeline), districtCode } });
}
