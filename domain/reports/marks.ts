import { z } from 'zod';

/**
 * Criteria marks as history: each row says "as of this date, this unit met (or did not meet) this
 * criterion". The status as of a date D is, per unit and criterion, the newest row dated on or before
 * D — never today's state read backwards.
 */
export const MarkSourceSchema = z.enum(['import', 'self_assessment', 'verdict', 'decision']);
export type MarkSource = z.infer<typeof MarkSourceSchema>;

export const MarkRowSchema = z.object({
  unitCode: z.string().min(1),
  criterion: z.string().min(1),
  met: z.boolean(),
  /** yyyy-mm-dd */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Where the mark comes from (issue 13); absent: an imported sheet. */
  source: MarkSourceSchema.optional(),
  /** Provenance of a dossier mark: the dossier, the level, the person and role, the time, the document. */
  dossierId: z.string().nullish(),
  level: z.string().nullish(),
  personId: z.string().nullish(),
  personName: z.string().nullish(),
  role: z.string().nullish(),
  /** ISO instant the mark was recorded (the event's time). */
  at: z.string().nullish(),
  document: z.string().nullish(),
  /** The import batch of an imported mark. */
  batchId: z.string().nullish(),
});
export type MarkRow = z.infer<typeof MarkRowSchema>;

/** unit code → criterion code → met. */
export type UnitMarks = Readonly<Record<string, Readonly<Record<string, boolean>>>>;

/** Where a unit's mark for a criterion came from, as reports show it (JSON, and the matrix cell's title). */
export interface MarkOrigin {
  source: MarkSource;
  asOf: string;
  dossierId?: string;
  level?: string;
  personId?: string;
  personName?: string;
  role?: string;
  at?: string;
  document?: string;
  batchId?: string;
}
export type UnitOrigins = Readonly<Record<string, Readonly<Record<string, MarkOrigin>>>>;

const RANK: Record<MarkSource, number> = { import: 0, self_assessment: 1, verdict: 2, decision: 3 };
const LEVEL_RANK: Record<string, number> = { commune: 0, district: 1, province: 2 };
const sourceOf = (r: MarkRow): MarkSource => r.source ?? 'import';

/**
 * Which of two dossier marks stands: the higher kind (decision > verified verdict > self-assessment);
 * between verdicts the higher level (province > district); then the later date, then the later time.
 */
function betterDossierMark(a: MarkRow, b: MarkRow): MarkRow {
  const d =
    RANK[sourceOf(a)] - RANK[sourceOf(b)] ||
    (LEVEL_RANK[a.level ?? ''] ?? 0) - (LEVEL_RANK[b.level ?? ''] ?? 0) ||
    (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0) ||
    ((a.at ?? '') < (b.at ?? '') ? -1 : (a.at ?? '') > (b.at ?? '') ? 1 : 0);
  return d >= 0 ? a : b;
}

/**
 * The precedence of criteria marks, per unit and criterion, among the rows dated on or before the as-of
 * date (issue 13; documented in README "Reports"):
 * 1. Among the dossiers' marks, the strongest stands: a decision over a verified verdict, a verdict at
 *    the province over one at the district, a verdict over the commune's self-assessment; within a kind
 *    the latest date (then time) wins.
 * 2. Among imports, the latest date wins (as before).
 * 3. Between the two, an import wins only when it is dated strictly after the dossier mark — newer data
 *    from the field; an older (or same-day) import gives way to what the dossier recorded.
 */
export function pickMark(rows: readonly MarkRow[]): MarkRow | undefined {
  let dossier: MarkRow | undefined;
  let imported: MarkRow | undefined;
  for (const r of rows) {
    if (sourceOf(r) === 'import') {
      if (!imported || r.asOf > imported.asOf) imported = r;
    } else dossier = dossier ? betterDossierMark(r, dossier) : r;
  }
  if (!dossier) return imported;
  if (!imported) return dossier;
  return imported.asOf > dossier.asOf ? imported : dossier;
}

export function originOf(r: MarkRow): MarkOrigin {
  const o: MarkOrigin = { source: sourceOf(r), asOf: r.asOf };
  for (const k of ['dossierId', 'level', 'personId', 'personName', 'role', 'at', 'document', 'batchId'] as const) {
    const v = r[k];
    if (v) o[k] = v;
  }
  return o;
}

/** The marks standing as of a date (by the precedence above), and where each one came from. */
export function marksWithOrigins(rows: readonly MarkRow[], asOf: string): { marks: UnitMarks; origins: UnitOrigins } {
  const groups = new Map<string, MarkRow[]>();
  for (const r of rows) {
    if (r.asOf > asOf) continue;
    const key = `${r.unitCode}\u0000${r.criterion}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const marks: Record<string, Record<string, boolean>> = {};
  const origins: Record<string, Record<string, MarkOrigin>> = {};
  for (const g of groups.values()) {
    const r = pickMark(g)!;
    (marks[r.unitCode] ??= {})[r.criterion] = r.met;
    (origins[r.unitCode] ??= {})[r.criterion] = originOf(r);
  }
  return { marks, origins };
}

export function marksAsOf(rows: readonly MarkRow[], asOf: string): UnitMarks {
  return marksWithOrigins(rows, asOf).marks;
}

/** One line a person reads about a mark's origin (the matrix cell's title). */
export function describeOrigin(o: MarkOrigin): string {
  const d = `${o.asOf.slice(8, 10)}/${o.asOf.slice(5, 7)}/${o.asOf.slice(0, 4)}`;
  const who = [o.personName ?? o.personId, o.role].filter(Boolean).join(', ');
  const lvl = o.level === 'province' ? 'cấp tỉnh' : o.level === 'district' ? 'cấp huyện' : o.level === 'commune' ? 'cấp xã' : '';
  switch (o.source) {
    case 'import':
      return `Nhập từ bảng số liệu ngày ${d}${o.batchId ? ` (lô ${o.batchId})` : ''}`;
    case 'self_assessment':
      return `Xã tự đánh giá ngày ${d} (hồ sơ ${o.dossierId ?? ''}${who ? `; ${who}` : ''})`;
    case 'verdict':
      return `Thẩm tra/thẩm định ${lvl} ngày ${d} (hồ sơ ${o.dossierId ?? ''}${who ? `; ${who}` : ''})`;
    case 'decision':
      return `Quyết định ${o.document ?? ''} ngày ${d} (hồ sơ ${o.dossierId ?? ''}${who ? `; ${who}` : ''})`;
  }
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
