/**
 * A unit's page in time: the unit, what it was formed from (transitively, each link with its source)
 * and what those predecessors achieved — their recognitions (dossiers recognised or after) and their
 * newest criteria marks per set. A new commune (from 1/7/2025) thus shows the history of the communes
 * it continues. Read-only: GET /api/units/history?code=… and the page /ui/units?code=….
 */
import { isRecognisedOrAfter, type DossierStage } from '../domain/dossier';
import { appError } from '../domain/errors';
import { predecessorsOf, successorsOf, type HistoryEntry, type Unit } from '../domain/units';
import type { Db } from '../prisma/db';
import { loadUnits } from '../store/units';

export interface UnitHistoryView {
  unit: Unit;
  predecessors: (Pick<HistoryEntry, 'depth' | 'via' | 'source'> & { code: string; name: string; validTo?: string })[];
  successors: (Pick<HistoryEntry, 'depth' | 'via' | 'source'> & { code: string; name: string; validFrom?: string })[];
  /** Recognitions of the unit and of its predecessors. */
  recognitions: { unitCode: string; unitName: string; title: string; planYear: number; decisionNumber: string | null; decisionDate: string | null }[];
  /** Per unit (itself and predecessors) and set: the newest marks (criterion → met) and their date. */
  marks: { unitCode: string; setId: string; asOf: string; met: number; of: number; criteria: Record<string, boolean> }[];
}

export async function unitHistory(db: Db, code: string): Promise<UnitHistoryView> {
  const units = await loadUnits(db);
  const unit = units.find((u) => u.code === code);
  if (!unit) throw appError('UNIT.UNKNOWN', `Không có đơn vị "${code}"`, `No unit "${code}"`, { path: 'code' });
  const preds = predecessorsOf(units, code);
  const succ = successorsOf(units, code);
  const codes = [code, ...preds.map((p) => p.unit.code)];
  const names = new Map(units.map((u) => [u.code, u.name]));
  const dossiers = await db.dossier.findMany({ where: { unitCode: { in: codes } }, orderBy: [{ planYear: 'asc' }] });
  const rows = await db.criteriaMark.findMany({ where: { unitCode: { in: codes } }, orderBy: [{ asOf: 'asc' }] });
  const latest = new Map<string, { unitCode: string; setId: string; asOf: string; criteria: Record<string, boolean> }>();
  for (const r of rows) {
    const key = `${r.unitCode}|${r.setId}`;
    const cur = latest.get(key) ?? { unitCode: r.unitCode, setId: r.setId, asOf: r.asOf, criteria: {} };
    if (r.asOf >= cur.asOf) {
      cur.asOf = r.asOf;
      cur.criteria[r.criterion] = r.met;
    }
    latest.set(key, cur);
  }
  return {
    unit,
    predecessors: preds.map((p) => ({
      code: p.unit.code,
      name: p.unit.name,
      depth: p.depth,
      via: p.via,
      source: p.source,
      ...(p.unit.validTo ? { validTo: p.unit.validTo } : {}),
    })),
    successors: succ.map((s) => ({
      code: s.unit.code,
      name: s.unit.name,
      depth: s.depth,
      via: s.via,
      source: s.source,
      ...(s.unit.validFrom ? { validFrom: s.unit.validFrom } : {}),
    })),
    recognitions: dossiers
      .filter((d) => isRecognisedOrAfter(d.stage as DossierStage))
      .map((d) => ({
        unitCode: d.unitCode,
        unitName: names.get(d.unitCode) ?? d.unitCode,
        title: d.title,
        planYear: d.planYear,
        decisionNumber: d.decisionNumber,
        decisionDate: d.decisionDate,
      })),
    marks: [...latest.values()].map((m) => ({ ...m, met: Object.values(m.criteria).filter(Boolean).length, of: Object.keys(m.criteria).length })),
  };
}
