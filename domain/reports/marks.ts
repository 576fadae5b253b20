import { z } from 'zod';

/**
 * Criteria marks as history: each row says "as of this date, this unit met (or did not meet) this
 * criterion". The status as of a date D is, per unit and criterion, the newest row dated on or before
 * D — never today's state read backwards.
 */
export const MarkRowSchema = z.object({
  unitCode: z.string().min(1),
  criterion: z.string().min(1),
  met: z.boolean(),
  /** yyyy-mm-dd */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type MarkRow = z.infer<typeof MarkRowSchema>;

/** unit code → criterion code → met. */
export type UnitMarks = Readonly<Record<string, Readonly<Record<string, boolean>>>>;

export function marksAsOf(rows: readonly MarkRow[], asOf: string): UnitMarks {
  const newest = new Map<string, MarkRow>();
  for (const r of rows) {
    if (r.asOf > asOf) continue;
    const key = `${r.unitCode}\u0000${r.criterion}`;
    const prev = newest.get(key);
    if (!prev || r.asOf > prev.asOf) newest.set(key, r);
  }
  const out: Record<string, Record<string, boolean>> = {};
  for (const r of newest.values()) (out[r.unitCode] ??= {})[r.criterion] = r.met;
  return out;
}

export interface MarkChange {
  readonly unitCode: string;
  readonly criterion: string;
  /** null: no mark at the earlier date. */
  readonly from: boolean | null;
  readonly to: boolean | null;
}

/** Cell-by-cell differences between two states, sorted by unit then criterion. */
export function diffMarks(before: UnitMarks, after: UnitMarks): MarkChange[] {
  const out: MarkChange[] = [];
  const units = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const unitCode of units) {
    const b = before[unitCode] ?? {};
    const a = after[unitCode] ?? {};
    for (const criterion of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const from = b[criterion] ?? null;
      const to = a[criterion] ?? null;
      if (from !== to) out.push({ unitCode, criterion, from, to });
    }
  }
  return out.sort((x, y) =>
    x.unitCode === y.unitCode ? Number(x.criterion) - Number(y.criterion) || x.criterion.localeCompare(y.criterion) : x.unitCode.localeCompare(y.unitCode),
  );
}
