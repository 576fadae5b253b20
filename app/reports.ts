/**
 * Reports read from the database for any as-of date, and their files (Excel laid out like the
 * officials' table, SVG charts). The point in time comes from the history: CriteriaMark rows dated on
 * or before the date; for dossiers, the timeline entries up to the end of that day (Vietnam time).
 * Every computation is domain/reports'; this module only reads and writes.
 */
import type { PlanForecast } from '../domain/forecast';
import { planYearForecast } from './obligations';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { endOfDay, localDateOf, LocalDateSchema, type LocalDate } from '../domain/calendar';
import { getCriteriaSet, type CriteriaSet } from '../domain/criteria';
import { authorize, type Principal } from '../domain/access';
import { isRecognisedOrAfter, STAGES, type DossierStage } from '../domain/dossier';
import { AppError, domainError, type DomainError } from '../domain/errors';
import {
  buildCriteriaMatrix,
  buildPipelineFromTallies,
  buildPipelineReport,
  criteriaAttainment,
  criteriaBands,
  marksWithOrigins,
  MarkSourceSchema,
  type MarkSource,
  percentHundredths,
  renderAttainmentSvg,
  renderBandsSvg,
  type BandsReport,
  type CriteriaAttainment,
  type CriteriaMatrix,
  type DossierSnapshot,
  type PipelineRecognition,
  type ReportUnit,
  type PipelineReport,
  type PipelineTally,
  type PlanTargets,
  reportDistrictOf,
} from '../domain/reports';
import { DIEN_BIEN_HISTORY_ALIASES, matchUnit, unitsAt, type Unit } from '../domain/units';
import { parseWith } from '../domain/validation';
import { providerOfDb, type Db } from '../prisma/db';
import { loadUnits } from '../store/units';

export const ReportQuerySchema = z.object({
  asOf: LocalDateSchema,
  /** Criteria set; default: the only set with marks recorded by the date. */
  setId: z.string().min(1).optional(),
  /** A district's code or name; default: the whole province. */
  district: z.string().min(1).optional(),
  /** A province's code or name, when the database holds several. */
  province: z.string().min(1).optional(),
});
export type ReportQuery = z.input<typeof ReportQuerySchema>;

function parseQuery(q: ReportQuery) {
  const r = parseWith(ReportQuerySchema, q, 'REPORT.INVALID_QUERY');
  if (!r.ok) throw new AppError(r.error);
  return r.value;
}

/**
 * The units of a report's date: every report and page for a date uses the units valid that day (the
 * seeds' districts and 115 communes until 30/6/2025, the 45 commune-level units from 1/7/2025).
 */
export async function unitsOn(db: Db, asOf: string): Promise<Unit[]> {
  return unitsAt(await loadUnits(db), asOf);
}

/**
 * What the report computations get for a scope: in the two-tier world communes belong to the province
 * directly, so a province with no district on the date is shown as one block of its communes (the
 * domain's report groups communes by district; the province stands in as that one group, and the
 * report's scope is set back to the province).
 */
function reportUnits(units: readonly Unit[], scope: Unit): { units: Unit[]; twoTier: boolean } {
  if (scope.level !== 'province' || units.some((u) => u.level === 'district' && u.parentCode === scope.code)) return { units: [...units], twoTier: false };
  return { units: units.map((u) => (u.code === scope.code ? { ...u, level: 'district' as const } : u)), twoTier: true };
}

/** The unit the report covers: the named district, else the (only, or named) province. */
export function resolveScope(units: readonly Unit[], q: { district?: string | undefined; province?: string | undefined }): Unit {
  const aliases = DIEN_BIEN_HISTORY_ALIASES.filter((a) => units.some((u) => u.code === a.code));
  const pick = (text: string, level: 'province' | 'district', vi: string, en: string): Unit => {
    const pool = units.filter((u) => u.level === level);
    const byCode = pool.find((u) => u.code === text);
    if (byCode) return byCode;
    const m = matchUnit(text, pool, aliases);
    if (m.ok) return m.value;
    throw new AppError(
      domainError(
        m.error.code === 'UNIT.AMBIGUOUS' ? 'REPORT.AMBIGUOUS_SCOPE' : 'REPORT.UNKNOWN_SCOPE',
        `${m.error.messageVi} (${vi})`,
        `${m.error.messageEn} (${en})`,
        {
          details: { text, ...(m.error.details ?? {}) },
        },
      ),
    );
  };
  if (q.district) return pick(q.district, 'district', 'huyện', 'district');
  if (q.province) return pick(q.province, 'province', 'tỉnh', 'province');
  const provinces = units.filter((u) => u.level === 'province');
  if (provinces.length === 1) return provinces[0]!;
  throw new AppError(
    domainError(
      provinces.length === 0 ? 'REPORT.NO_UNITS' : 'REPORT.SCOPE_REQUIRED',
      provinces.length === 0 ? 'Chưa có đơn vị hành chính trong cơ sở dữ liệu (hãy chạy "ntm import units")' : `Có ${provinces.length} tỉnh: hãy chọn một`,
      provinces.length === 0 ? 'No administrative units in the database (run "ntm import units")' : `There are ${provinces.length} provinces: name one`,
      { details: { provinces: provinces.map((p) => p.code) } },
    ),
  );
}

async function resolveSet(db: Db, asOf: string, setId: string | undefined): Promise<CriteriaSet> {
  let id = setId;
  if (!id) {
    const sets = await db.criteriaMark.findMany({ where: { asOf: { lte: asOf } }, distinct: ['setId'], select: { setId: true } });
    if (sets.length !== 1) {
      throw new AppError(
        domainError(
          'REPORT.SET_REQUIRED',
          sets.length === 0
            ? `Chưa có kết quả tiêu chí nào đến ngày ${asOf}; hãy chỉ rõ bộ tiêu chí`
            : `Có kết quả theo ${sets.length} bộ tiêu chí (${sets.map((s) => s.setId).join(', ')}): hãy chọn một`,
          sets.length === 0
            ? `No criteria marks recorded by ${asOf}; name the criteria set`
            : `Marks exist for ${sets.length} criteria sets (${sets.map((s) => s.setId).join(', ')}): name one`,
          { details: { sets: sets.map((s) => s.setId) } },
        ),
      );
    }
    id = sets[0]!.setId;
  }
  const set = getCriteriaSet(id);
  if (!set.ok) throw new AppError(set.error);
  return set.value;
}

/** The criteria matrix as of a date. */
export async function criteriaMatrixReport(db: Db, query: ReportQuery): Promise<CriteriaMatrix> {
  const q = parseQuery(query);
  const all = await unitsOn(db, q.asOf);
  const scope = resolveScope(all, q);
  const { units, twoTier } = reportUnits(all, scope);
  const set = await resolveSet(db, q.asOf, q.setId);
  const rows = await db.criteriaMark.findMany({
    where: { setId: set.id, asOf: { lte: q.asOf } },
    select: {
      unitCode: true,
      criterion: true,
      met: true,
      asOf: true,
      recordedAt: true,
      source: true,
      dossierId: true,
      level: true,
      personId: true,
      role: true,
      document: true,
      batchId: true,
    },
  });
  // Issue 13: imports and dossiers' marks by one precedence (domain/reports pickMark), each with its origin
  // and the person's name.
  const people = new Map(
    (
      await db.user.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.personId).filter((x): x is string => !!x))] } },
        select: { id: true, displayName: true },
      })
    ).map((u) => [u.id, u.displayName]),
  );
  const withOrigins = marksWithOrigins(
    rows.map((r) => ({
      unitCode: r.unitCode,
      criterion: r.criterion,
      met: r.met,
      asOf: r.asOf,
      source: (MarkSourceSchema.safeParse(r.source).data ?? 'import') as MarkSource,
      dossierId: r.dossierId,
      level: r.level,
      personId: r.personId,
      personName: r.personId ? (people.get(r.personId) ?? null) : null,
      role: r.role,
      at: r.source === 'import' ? null : r.recordedAt.toISOString(),
      document: r.document,
      batchId: r.source === 'import' ? r.batchId : null,
    })),
    q.asOf,
  );
  const r = buildCriteriaMatrix({
    setId: set.id,
    asOf: q.asOf,
    criteria: set.criteria,
    groups: set.groups,
    units,
    marks: withOrigins.marks,
    origins: withOrigins.origins,
    scope: scope.code,
  });
  if (!r.ok) throw new AppError(r.error);
  return twoTier ? { ...r.value, scope: { ...r.value.scope, level: 'province' } } : r.value;
}

export async function criteriaAttainmentReport(db: Db, query: ReportQuery): Promise<CriteriaAttainment> {
  return criteriaAttainment(await criteriaMatrixReport(db, query));
}

export async function criteriaBandsReport(db: Db, query: ReportQuery): Promise<BandsReport> {
  return criteriaBands(await criteriaMatrixReport(db, query));
}

const PlanTargetsSchema = z.object({ targets: z.array(z.object({ title: z.string(), count: z.number().int().min(0) })).default([]) });

/** A dossier row and its timeline, as the report rebuilds it (the rows the SQL counts cannot answer for). */
type TimelineRow = { dossierId: string; type: string; fromStage: string; toStage: string; at: Date };
type DossierRow = { id: string; unitCode: string; title: string; stage: string; late: boolean; decisionDate: string | null };

const isoDate = (s: string | null): string | null => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);

/**
 * A dossier as of the end of the date: the stage is the last timeline entry's target stage up to then;
 * a dossier with no timeline at all is taken as its row says (its stage and late flag now: the only
 * knowledge there is).
 */
function snapshotOf(d: DossierRow, entries: readonly TimelineRow[], end: Date, asOf: LocalDate): DossierSnapshot {
  if (entries.length === 0) {
    return {
      id: d.id,
      unitCode: d.unitCode,
      title: d.title,
      stage: d.stage,
      late: d.late,
      recognisedOn: isRecognisedOrAfter(d.stage as DossierStage) ? isoDate(d.decisionDate) : null,
    };
  }
  const upTo = entries.filter((t) => t.at <= end);
  const stage = upTo.at(-1)?.toStage ?? entries[0]!.fromStage;
  const recognition = upTo.find((t) => t.toStage === 'recognised');
  const isoDecision = isoDate(d.decisionDate);
  return {
    id: d.id,
    unitCode: d.unitCode,
    title: d.title,
    stage,
    late: upTo.some((t) => t.type === 'deadline.expired'),
    recognisedOn: recognition ? (isoDecision && isoDecision <= asOf ? isoDecision : localDateOf(recognition.at.getTime())) : null,
  };
}

// A level none of ours ('commune' | 'district' | 'province' | 'village'): such a unit is in no day's units.
const RECOGNISED_OR_AFTER = STAGES.filter((s) => isRecognisedOrAfter(s));

/**
 * Dossiers by stage per district, as of the end of the date (Vietnam time): see snapshotOf for what a
 * dossier counts as. Dossiers created after the date are left out. Year: the as-of date's year unless given.
 *
 * Issue 18 (100,000 dossiers): counted in SQL — GROUP BY the columns the projection keeps for it
 * (store/report-facts.ts: district, stage and late as the timeline says) over an index — and only the
 * dossiers those columns cannot answer for are rebuilt from their rows and timelines, as before:
 *   - a row not worked out yet (reportStage null: written by other means than the projection);
 *   - a dossier with events after the date (its columns say now, not then);
 *   - a dossier whose unit, or a unit between it and its district, is not valid on the date (the units of
 *     the day decide where it is counted, or that it is unplaced).
 * Subtrees are code ranges (codes are paths, as jurisdictions are). Provinces and districts are the only
 * units read whole; never the villages.
 */
export async function pipelineReport(db: Db, query: ReportQuery & { year?: number }): Promise<PipelineReport & { forecast: PlanForecast[] }> {
  const q = parseQuery(query);
  const asOf = q.asOf as LocalDate;
  const year = query.year ?? Number(asOf.slice(0, 4));
  const end = new Date(endOfDay(asOf));
  const upper = unitsAt(await loadUnits(db, { levels: ['province', 'district'] }), asOf);
  const scope = resolveScope(upper, q);
  const { units: upperUnits, twoTier } = reportUnits(upper, scope);
  const rowCodes =
    twoTier || scope.level === 'district' ? [scope.code] : upperUnits.filter((u) => u.level === 'district' && u.parentCode === scope.code).map((u) => u.code);
  const rowSet = new Set(rowCodes);
  const sqlite = providerOfDb(db) === 'sqlite';
  // Under a code, exactly: a byte range on SQLite (BINARY), LIKE 'u/%' on PostgreSQL (any collation).
  const under = (code: string) => (sqlite ? { unitCode: { gte: `${code}/`, lt: `${code}0` } } : { unitCode: { startsWith: `${code}/` } });
  const within = (code: string) => ({ OR: [{ unitCode: code }, under(code)] });
  // The report's lines: a district's dossiers carry its code; in the two-tier world the province's block is
  // its dossiers with no district at all.
  const members = twoTier ? [{ AND: [{ districtCode: '' }, within(scope.code)] }] : [];

  // Units not valid on the date (or of no known level): the rows under them are rebuilt by the units of the day.
  // One statement, each branch an indexed range (an OR across columns is read as a scan of every unit;
  // so is an open-ended validTo < d on SQLite, whose index starts with the NULLs: hence > '').
  const odd = (
    await db.$queryRaw<{ code: string }[]>`
      SELECT "code" FROM "Unit" WHERE "validFrom" > ${asOf}
      UNION SELECT "code" FROM "Unit" WHERE "validTo" > '' AND "validTo" < ${asOf}
      UNION SELECT "code" FROM "Unit" WHERE "level" < 'commune'
      UNION SELECT "code" FROM "Unit" WHERE "level" > 'commune' AND "level" < 'district'
      UNION SELECT "code" FROM "Unit" WHERE "level" > 'district' AND "level" < 'province'
      UNION SELECT "code" FROM "Unit" WHERE "level" > 'province' AND "level" < 'village'
      UNION SELECT "code" FROM "Unit" WHERE "level" > 'village'`
  ).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // Only those inside a line of the report matter (a nested one is inside its parent's range).
  const groupOf = (code: string) => (twoTier ? (code.startsWith(`${scope.code}/`) ? '' : undefined) : rowCodes.find((g) => code.startsWith(`${g}/`)));
  const brokenAt: { code: string; group: string }[] = [];
  for (const o of odd) {
    const group = groupOf(o.code);
    if (group === undefined || brokenAt.some((b) => o.code.startsWith(`${b.code}/`))) continue;
    brokenAt.push({ code: o.code, group });
  }
  const broken = brokenAt.map((b) => ({ AND: [{ districtCode: b.group }, within(b.code)] }));
  const created = { createdAt: { lte: end } };
  const settled = { reportStage: { not: null }, districtCode: { not: null }, OR: [{ lastEventAt: null }, { lastEventAt: { lte: end } }] };
  const counted = { AND: [created, settled, ...(broken.length > 0 ? [{ NOT: { OR: broken } }] : [])] };

  const grouped = await db.dossier.groupBy({
    by: ['districtCode', 'reportStage', 'reportLate'],
    where: twoTier ? { AND: [counted, ...members] } : counted,
    _count: { _all: true },
  });
  const lineOf = (districtCode: string | null) => (twoTier ? scope.code : districtCode !== null && rowSet.has(districtCode) ? districtCode : undefined);
  const tallies: PipelineTally[] = [];
  const outside = new Set<string>();
  for (const g of grouped) {
    const district = lineOf(g.districtCode);
    if (district === undefined) outside.add(g.districtCode ?? '');
    else tallies.push({ district, stage: g.reportStage!, late: g.reportLate, count: g._count._all });
  }
  // Recognitions: by the timeline (the recognisedAt index), or, without one, by the row's stage.
  const lines = twoTier ? members : [{ districtCode: { in: rowCodes } }];
  const select = { districtCode: true, title: true, decisionDate: true, recognisedAt: true } as const;
  const recognised = [
    ...(await db.dossier.findMany({ where: { AND: [counted, ...lines, { recognisedAt: { not: null } }] }, select })),
    ...(await db.dossier.findMany({ where: { AND: [counted, ...lines, { lastEventAt: null, reportStage: { in: RECOGNISED_OR_AFTER } }] }, select })),
  ];
  const recognitions: PipelineRecognition[] = recognised.flatMap((r) => {
    const decision = isoDate(r.decisionDate);
    const on = r.recognisedAt ? (decision && decision <= asOf ? decision : localDateOf(r.recognisedAt.getTime())) : decision;
    return on ? [{ district: lineOf(r.districtCode)!, title: r.title, recognisedOn: on }] : [];
  });
  const unplaced: string[] = [];
  if (!twoTier && scope.level === 'province' && outside.size > 0) {
    const rows = await db.dossier.findMany({ where: { AND: [counted, { districtCode: { in: [...outside] } }] }, select: { id: true }, orderBy: { id: 'asc' } });
    unplaced.push(...rows.map((r) => r.id));
  }

  // The rest, one by one as before: rows the columns cannot answer for.
  const rebuilt = await db.dossier.findMany({
    where: { AND: [created, { OR: [{ reportStage: null }, { districtCode: null }, { lastEventAt: { gt: end } }, ...broken] }] },
    select: { id: true, unitCode: true, title: true, stage: true, late: true, decisionDate: true },
    orderBy: { id: 'asc' },
  });
  if (rebuilt.length > 0) {
    const timeline = await db.timelineEntry.findMany({
      where: { dossierId: { in: rebuilt.map((d) => d.id) } },
      orderBy: [{ dossierId: 'asc' }, { seq: 'asc' }],
      select: { dossierId: true, type: true, fromStage: true, toStage: true, at: true },
    });
    const byDossier = new Map<string, TimelineRow[]>();
    for (const t of timeline) byDossier.set(t.dossierId, [...(byDossier.get(t.dossierId) ?? []), t]);
    // Their units and every unit above them, as valid on the date (the province relabelled as in reportUnits).
    const chain = new Map<string, Unit>();
    let next = [...new Set(rebuilt.map((d) => d.unitCode))];
    while (next.length > 0) {
      const found = await loadUnits(db, { codes: next });
      found.forEach((u) => chain.set(u.code, u));
      next = [...new Set(found.map((u) => u.parentCode).filter((c): c is string => c !== null && !chain.has(c)))];
    }
    const dayUnits = reportUnits(unitsAt([...chain.values()], asOf), scope).units;
    const byCode = new Map<string, ReportUnit>([...dayUnits, ...upperUnits].map((u) => [u.code, u]));
    const extra = new Map<string, PipelineTally & { count: number }>();
    for (const d of rebuilt) {
      const snap = snapshotOf(d, byDossier.get(d.id) ?? [], end, asOf);
      const dc = reportDistrictOf(byCode, d.unitCode);
      if (dc === undefined || !rowSet.has(dc)) {
        if (scope.level === 'province') unplaced.push(d.id);
        continue;
      }
      const key = `${dc}\u0000${snap.stage}\u0000${snap.late}`;
      const t = extra.get(key);
      if (t) t.count += 1;
      else extra.set(key, { district: dc, stage: snap.stage, late: snap.late, count: 1 });
      if (snap.recognisedOn) recognitions.push({ district: dc, title: snap.title, recognisedOn: snap.recognisedOn });
    }
    tallies.push(...extra.values());
  }

  const plans: PlanTargets[] = (await db.plan.findMany({ where: { year } })).flatMap((p) => {
    let data: unknown;
    try {
      data = JSON.parse(p.data);
    } catch {
      return [];
    }
    const t = PlanTargetsSchema.safeParse(data);
    return t.success ? [{ unitCode: p.unitCode, year: p.year, targets: t.data.targets }] : [];
  });
  const r = buildPipelineFromTallies({ asOf, year, scope: scope.code, units: upperUnits, tallies, recognitions, unplaced: [...unplaced].sort(), plans });
  if (!r.ok) throw new AppError(r.error);
  // Issue 16: will each registered unit meet its target (domain/forecast over its marks over time).
  const forecast = await planYearForecast(db, scope.code, year, asOf);
  if (!twoTier) return { ...r.value, forecast };
  // Issue 12: a two-tier province is reported as one block of its communes; a dossier of a unit of the
  // province that no longer exists on the date (an abolished commune) is named as unplaced, as a
  // three-tier province report does, never counted under a guessed successor.
  const gone = odd.filter((o) => o.code.startsWith(`${scope.code}/`)).map((o) => o.code);
  const abolished: string[] = [];
  for (let b = 0; b < gone.length; b += 500) {
    const rows = await db.dossier.findMany({ where: { AND: [created, { unitCode: { in: gone.slice(b, b + 500) } }] }, select: { id: true } });
    abolished.push(...rows.map((x) => x.id));
  }
  return { ...r.value, scope: { ...r.value.scope, level: 'province' }, unplaced: abolished.sort(), forecast };
}

/**
 * The same report read the way it was before issue 18: every dossier and its timeline into JS, grouped by
 * the units of the day (domain/reports buildPipelineReport). Kept as the reference the SQL counts are
 * tested against (tests/reports/pipeline-sql.test.ts); not used by the application.
 */
export async function pipelineReportByRows(db: Db, query: ReportQuery & { year?: number }): Promise<PipelineReport> {
  const q = parseQuery(query);
  const asOf = q.asOf as LocalDate;
  const year = query.year ?? Number(asOf.slice(0, 4));
  const end = new Date(endOfDay(asOf));
  const all = await unitsOn(db, asOf);
  const scope = resolveScope(all, q);
  const { units, twoTier } = reportUnits(all, scope);
  const dossiers = await db.dossier.findMany({
    where: { createdAt: { lte: end } },
    select: { id: true, unitCode: true, title: true, stage: true, late: true, decisionDate: true },
    orderBy: { id: 'asc' },
  });
  const timeline = await db.timelineEntry.findMany({
    where: { dossier: { createdAt: { lte: end } } },
    orderBy: [{ dossierId: 'asc' }, { seq: 'asc' }],
    select: { dossierId: true, type: true, fromStage: true, toStage: true, at: true },
  });
  const byDossier = new Map<string, TimelineRow[]>();
  for (const t of timeline) byDossier.set(t.dossierId, [...(byDossier.get(t.dossierId) ?? []), t]);
  const snapshots = dossiers.map((d) => snapshotOf(d, byDossier.get(d.id) ?? [], end, asOf));
  const plans: PlanTargets[] = (await db.plan.findMany({ where: { year } })).flatMap((p) => {
    const t = PlanTargetsSchema.safeParse(
      (() => {
        try {
          return JSON.parse(p.data) as unknown;
        } catch {
          return undefined;
        }
      })(),
    );
    return t.success ? [{ unitCode: p.unitCode, year: p.year, targets: t.data.targets }] : [];
  });
  const r = buildPipelineReport({ asOf, year, scope: scope.code, units, dossiers: snapshots, plans });
  if (!r.ok) throw new AppError(r.error);
  if (!twoTier) return r.value;
  const current = new Set(units.map((u) => u.code));
  const unplaced = snapshots.filter((d) => d.unitCode.startsWith(`${scope.code}/`) && !current.has(d.unitCode)).map((d) => d.id);
  return { ...r.value, scope: { ...r.value.scope, level: 'province' }, unplaced };
}

// ---- files ------------------------------------------------------------------------------------------

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
const vnDate = (iso: string) => iso.split('-').reverse().join('/');
const thin = { style: 'thin' } as const;
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** Where each part of the matrix sheet sits: the tests and other readers use it to find cells. */
export const MATRIX_LAYOUT = { titleRow: 1, subtitleRow: 2, groupRow: 4, nameRow: 5, codeRow: 6, firstDataRow: 7, firstCriterionColumn: 3 } as const;

/**
 * The matrix as the officials lay it out ("Kết quả thực hiện bộ tiêu chí"): title rows, a header of
 * groups, criterion names and numbers, then per district a subtotal row (Roman numeral, bold)
 * followed by its communes (1 for met, blank otherwise), the province total row and the % row.
 */
export function matrixWorkbook(matrix: CriteriaMatrix): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'NTM Dossier Engine';
  const ws = wb.addWorksheet('Kết quả tiêu chí', { views: [{ state: 'frozen', xSplit: 2, ySplit: MATRIX_LAYOUT.codeRow }] });
  const n = matrix.criteria.length;
  const c0 = MATRIX_LAYOUT.firstCriterionColumn;
  const totalCol = c0 + n;
  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 28;
  for (let i = 0; i < n; i++) ws.getColumn(c0 + i).width = 7;
  ws.getColumn(totalCol).width = 10;

  ws.mergeCells(MATRIX_LAYOUT.titleRow, 1, MATRIX_LAYOUT.titleRow, totalCol);
  ws.getCell(MATRIX_LAYOUT.titleRow, 1).value = 'KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ VỀ XÂY DỰNG NÔNG THÔN MỚI';
  ws.getCell(MATRIX_LAYOUT.titleRow, 1).font = { bold: true, size: 14 };
  ws.getCell(MATRIX_LAYOUT.titleRow, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(MATRIX_LAYOUT.subtitleRow, 1, MATRIX_LAYOUT.subtitleRow, totalCol);
  const levelVi = matrix.scope.level === 'province' ? 'Tỉnh' : 'Huyện';
  ws.getCell(MATRIX_LAYOUT.subtitleRow, 1).value = `(${levelVi} ${matrix.scope.name}, đến ngày ${vnDate(matrix.asOf)}; bộ tiêu chí ${matrix.setId})`;
  ws.getCell(MATRIX_LAYOUT.subtitleRow, 1).font = { italic: true };
  ws.getCell(MATRIX_LAYOUT.subtitleRow, 1).alignment = { horizontal: 'center' };

  // Header: STT / Tên đơn vị / total merged down three rows; groups over their criteria.
  const [g, nm, cd] = [MATRIX_LAYOUT.groupRow, MATRIX_LAYOUT.nameRow, MATRIX_LAYOUT.codeRow];
  ws.mergeCells(g, 1, cd, 1);
  ws.getCell(g, 1).value = 'STT';
  ws.mergeCells(g, 2, cd, 2);
  ws.getCell(g, 2).value = 'Tên đơn vị';
  ws.mergeCells(g, totalCol, cd, totalCol);
  ws.getCell(g, totalCol).value = 'Tổng số tiêu chí đạt';
  let i = 0;
  while (i < n) {
    const group = matrix.criteria[i]!.group;
    let j = i;
    while (j + 1 < n && matrix.criteria[j + 1]!.group === group) j++;
    if (j > i) ws.mergeCells(g, c0 + i, g, c0 + j);
    const gname = matrix.groups.find((x) => x.code === group)?.nameVi;
    ws.getCell(g, c0 + i).value = gname ? `Nhóm ${group}: ${gname}` : `Nhóm ${group}`;
    i = j + 1;
  }
  matrix.criteria.forEach((c, k) => {
    ws.getCell(nm, c0 + k).value = c.nameVi;
    ws.getCell(cd, c0 + k).value = Number(c.code) || c.code;
  });
  for (let r = g; r <= cd; r++) {
    const row = ws.getRow(r);
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  ws.getRow(nm).height = 60;

  let r = MATRIX_LAYOUT.firstDataRow;
  const put = (stt: string | number, name: string, values: readonly (number | null)[], total: number, bold: boolean) => {
    const row = ws.getRow(r);
    row.getCell(1).value = stt;
    row.getCell(2).value = name;
    values.forEach((v, k) => {
      if (v !== null) row.getCell(c0 + k).value = v;
    });
    row.getCell(totalCol).value = total;
    if (bold) row.font = { bold: true };
    r++;
  };
  matrix.districts.forEach((d, k) => {
    // Names as stored: the database does not say whether a unit is a huyện or a thành phố, a xã or a phường.
    put(ROMAN[k] ?? String(k + 1), d.name, d.sums, d.total, true);
    d.communes.forEach((c, m) =>
      put(
        m + 1,
        c.name,
        c.marks.map((x) => (x ? 1 : null)),
        c.total,
        false,
      ),
    );
  });
  put('', matrix.scope.level === 'province' ? 'Tổng số tiêu chí' : 'Tổng số tiêu chí (huyện)', matrix.totals.sums, matrix.totals.total, true);
  const of = matrix.totals.communesWithData;
  const pct = ws.getRow(r);
  pct.getCell(2).value = `Tỷ lệ xã đạt (%) trên ${of} xã`;
  matrix.totals.sums.forEach((s, k) => {
    const cell = pct.getCell(c0 + k);
    cell.value = percentHundredths(s, of) / 10000;
    cell.numFmt = '0.00%';
  });
  pct.font = { italic: true };
  r++;
  for (let row = MATRIX_LAYOUT.groupRow; row < r; row++) {
    for (let col = 1; col <= totalCol; col++) ws.getCell(row, col).border = BORDER;
  }
  const bands = criteriaBands(matrix);
  r++;
  ws.getCell(r++, 2).value = `Số xã có số liệu: ${of}/${matrix.totals.communesInScope}`;
  ws.getCell(r++, 2).value = `Số tiêu chí bình quân: ${bands.averageVi} tiêu chí/xã`;
  for (const b of bands.bands) ws.getCell(r++, 2).value = `${b.labelVi}: ${b.textVi}`;
  return wb;
}

/** A plain table workbook (attainment, bands, pipeline): title row, header row, data rows. */
function tableWorkbook(sheet: string, title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.mergeCells(1, 1, 1, Math.max(1, header.length));
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.getRow(3).values = [...header];
  ws.getRow(3).font = { bold: true };
  rows.forEach((row, k) => {
    ws.getRow(4 + k).values = [...row];
  });
  header.forEach((_, k) => (ws.getColumn(k + 1).width = k === 0 ? 34 : 16));
  return wb;
}

export function attainmentWorkbook(a: CriteriaAttainment): ExcelJS.Workbook {
  return tableWorkbook(
    'Tỷ lệ đạt',
    `Số xã đạt từng tiêu chí — ${a.scope.name}, đến ngày ${vnDate(a.asOf)}`,
    ['Tiêu chí', 'Số xã đạt', 'Trên tổng số xã', 'Tỷ lệ (%)', 'Ghi'],
    a.rows.map((r) => [`${r.code}. ${r.nameVi}`, r.met, r.of, r.percent, r.textVi]),
  );
}

export function bandsWorkbook(b: BandsReport): ExcelJS.Workbook {
  return tableWorkbook(
    'Nhóm xã',
    `Số xã theo số tiêu chí đạt — ${b.scope.name}, đến ngày ${vnDate(b.asOf)} (bình quân ${b.averageVi} tiêu chí/xã)`,
    ['Nhóm', 'Số xã', 'Tỷ lệ'],
    b.bands.map((x) => [x.labelVi, x.count, x.textVi]),
  );
}

export function pipelineWorkbook(p: PipelineReport): ExcelJS.Workbook {
  const titles = [...new Set([...p.districts, p.totals].flatMap((d) => [...Object.keys(d.recognisedThisYear), ...d.targets.map((t) => t.title)]))].sort();
  const header = ['Đơn vị', ...p.stages, 'Tổng', 'Trễ hạn', ...titles.flatMap((t) => [`${t}: công nhận ${p.year}`, `${t}: chỉ tiêu`])];
  const line = (d: PipelineReport['totals']) => [
    d.name,
    ...p.stages.map((s) => d.byStage[s] ?? 0),
    d.total,
    d.late,
    ...titles.flatMap((t) => [d.recognisedThisYear[t] ?? 0, d.targets.find((x) => x.title === t)?.target ?? '']),
  ];
  return tableWorkbook('Tiến độ hồ sơ', `Tiến độ hồ sơ — ${p.scope.name}, đến ngày ${vnDate(p.asOf)}`, header, [...p.districts.map(line), line(p.totals)]);
}

export async function writeWorkbook(wb: ExcelJS.Workbook, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await wb.xlsx.writeFile(path);
}

export async function writeText(text: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}

/** The SVG chart of a report: attainment per criterion (matrix, criteria) or communes per band. */
export function chartSvg(report: CriteriaMatrix | CriteriaAttainment | BandsReport): string {
  if (report.kind === 'criteria-bands') return renderBandsSvg(report);
  return renderAttainmentSvg(report.kind === 'criteria-matrix' ? criteriaAttainment(report) : report);
}

// ---- the report use case: scope, authorisation, refusal paths ----------------------------------

export const REPORT_KINDS = ['matrix', 'criteria', 'bands', 'pipeline'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export type AnyReport = CriteriaMatrix | CriteriaAttainment | BandsReport | PipelineReport;

/** The refusal as the API's error body, with the query field it concerns (400 for what the caller typed). */
function reportRefusal(e: DomainError, field: string | undefined): AppError {
  const path = (f: string) => `querystring.${f}`;
  switch (e.code) {
    case 'REPORT.UNKNOWN_SCOPE':
    case 'REPORT.AMBIGUOUS_SCOPE':
      return new AppError({ ...e, path: path(field ?? 'district') }, 'invalid');
    case 'REPORT.SCOPE_REQUIRED':
      return new AppError({ ...e, path: path('province') }, 'invalid');
    case 'REPORT.SET_REQUIRED':
    case 'CRITERIA.UNKNOWN_SET':
      return new AppError({ ...e, path: path('set') }, 'invalid');
    case 'REPORT.INVALID_QUERY':
      return new AppError(e, 'invalid');
    default:
      return new AppError(e, 'invalid');
  }
}

/** The units a person may read reports for, widest first (provinces, then districts). */
export function readableScopes(principal: Principal, units: readonly Unit[], at: Date): Unit[] {
  const iso = at.toISOString();
  return units
    .filter((u) => u.level === 'province' || u.level === 'district')
    .filter((u) => authorize(principal, { action: 'report.read', at: iso, unitCode: u.code }) === null)
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'province' ? -1 : 1));
}

export interface ReportRequest {
  kind: ReportKind;
  asOf: LocalDate;
  district?: string | undefined;
  province?: string | undefined;
  set?: string | undefined;
  year?: number | undefined;
}

/**
 * One report for a signed-in person: the scope resolved from the query (default: the widest unit the
 * person may read), 'report.read' checked on it, then the report from the recorded history.
 * Throws AppError (invalid naming the query field, forbidden outside the person's grants).
 */
export async function readReport(db: Db, principal: Principal, now: Date, q: ReportRequest): Promise<AnyReport> {
  // A report's scope is a province or a district: only those are read here (not every village).
  const units = unitsAt(await loadUnits(db, { levels: ['province', 'district'] }), q.asOf);
  let scope: Unit;
  try {
    if (q.district || q.province) scope = resolveScope(units, { district: q.district, province: q.province });
    else scope = readableScopes(principal, units, now)[0] ?? resolveScope(units, {});
  } catch (e) {
    if (e instanceof AppError) throw reportRefusal(e, q.district ? 'district' : 'province');
    throw e;
  }
  const refused = authorize(principal, { action: 'report.read', at: now.toISOString(), unitCode: scope.code });
  if (refused) throw new AppError(refused);
  const query = { asOf: q.asOf, setId: q.set, ...(scope.level === 'district' ? { district: scope.code } : { province: scope.code }) };
  try {
    switch (q.kind) {
      case 'matrix':
        return await criteriaMatrixReport(db, query);
      case 'criteria':
        return await criteriaAttainmentReport(db, query);
      case 'bands':
        return await criteriaBandsReport(db, query);
      case 'pipeline':
        return await pipelineReport(db, { ...query, ...(q.year !== undefined ? { year: q.year } : {}) });
    }
  } catch (e) {
    if (e instanceof AppError) throw reportRefusal(e, undefined);
    throw e;
  }
}

export function workbookOf(report: AnyReport): ExcelJS.Workbook {
  switch (report.kind) {
    case 'criteria-matrix':
      return matrixWorkbook(report);
    case 'criteria-attainment':
      return attainmentWorkbook(report);
    case 'criteria-bands':
      return bandsWorkbook(report);
    case 'dossier-pipeline':
      return pipelineWorkbook(report);
  }
}
