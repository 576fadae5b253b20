import { domainError, err, ok, type Result } from '../errors';
import type { Unit } from '../units';
import { formatHundredthsVi, formatRatioVi, hundredthsOf, percentHundredths, type Rounding } from './format';
import type { UnitMarks, UnitOrigins } from './marks';
import type {
  AttainmentRow,
  Band,
  BandsReport,
  CriteriaAttainment,
  CriteriaMatrix,
  MatrixCommuneRow,
  MatrixSums,
  ReportCriterion,
  ReportGroup,
} from './schemas';

/** What the reports need of a unit. */
export type ReportUnit = Pick<Unit, 'code' | 'level' | 'name' | 'parentCode'>;

export interface MatrixInput {
  readonly setId: string;
  readonly asOf: string;
  /** The set's criteria, in order: the matrix's columns. */
  readonly criteria: readonly ReportCriterion[];
  readonly groups?: readonly ReportGroup[];
  /** The province (or district) of the scope, its districts and their communes, in display order. */
  readonly units: readonly ReportUnit[];
  readonly marks: UnitMarks;
  /** Where each mark came from (marksWithOrigins); absent: rows carry no `origins`. */
  readonly origins?: UnitOrigins;
  /** A province or district code. */
  readonly scope: string;
}

/**
 * The officials' table "Kết quả thực hiện bộ tiêu chí", computed: per commune a mark per criterion and
 * the row total; per district the column sums and total; the scope's totals. Totals are always
 * computed from the marks, never taken from a sheet.
 */
export function buildCriteriaMatrix(input: MatrixInput): Result<CriteriaMatrix> {
  const scopeUnit = input.units.find((u) => u.code === input.scope);
  if (!scopeUnit || (scopeUnit.level !== 'province' && scopeUnit.level !== 'district')) {
    return err(
      domainError('REPORT.UNKNOWN_SCOPE', `Không có tỉnh hoặc huyện mã "${input.scope}"`, `No province or district with code "${input.scope}"`, {
        details: { scope: input.scope },
      }),
    );
  }
  const districts = scopeUnit.level === 'district' ? [scopeUnit] : input.units.filter((u) => u.level === 'district' && u.parentCode === scopeUnit.code);
  const n = input.criteria.length;
  const rows = districts.map((d) => {
    const communes: MatrixCommuneRow[] = input.units
      .filter((u) => u.level === 'commune' && u.parentCode === d.code)
      .map((c) => {
        const m = input.marks[c.code];
        const marks = input.criteria.map((k) => (m && k.code in m ? m[k.code]! : null));
        const o = input.origins?.[c.code];
        const origins = input.origins ? { origins: input.criteria.map((k) => o?.[k.code] ?? null) } : {};
        return { code: c.code, name: c.name, marks, total: marks.filter((x) => x === true).length, hasData: marks.some((x) => x !== null), ...origins };
      });
    return { code: d.code, name: d.name, communes, ...sumRows(communes, n) };
  });
  const totals: MatrixSums = {
    sums: Array.from({ length: n }, (_, i) => rows.reduce((s, d) => s + d.sums[i]!, 0)),
    total: rows.reduce((s, d) => s + d.total, 0),
    communesWithData: rows.reduce((s, d) => s + d.communesWithData, 0),
    communesInScope: rows.reduce((s, d) => s + d.communesInScope, 0),
  };
  return ok({
    kind: 'criteria-matrix',
    setId: input.setId,
    asOf: input.asOf,
    scope: { code: scopeUnit.code, name: scopeUnit.name, level: scopeUnit.level },
    groups: (input.groups ?? []).map((g) => ({ code: g.code, nameVi: g.nameVi, nameEn: g.nameEn })),
    criteria: input.criteria.map((c) => ({ code: c.code, nameVi: c.nameVi, nameEn: c.nameEn, group: c.group })),
    districts: rows,
    totals,
  });
}

function sumRows(communes: readonly MatrixCommuneRow[], n: number): MatrixSums {
  return {
    sums: Array.from({ length: n }, (_, i) => communes.filter((c) => c.marks[i] === true).length),
    total: communes.reduce((s, c) => s + c.total, 0),
    communesWithData: communes.filter((c) => c.hasData).length,
    communesInScope: communes.length,
  };
}

/**
 * Per criterion: communes meeting it, out of the communes with data, and the percentage
 * ("55/115 = 47,82%").
 */
export function criteriaAttainment(matrix: CriteriaMatrix, rounding: Rounding = 'truncate'): CriteriaAttainment {
  const of = matrix.totals.communesWithData;
  const rows: AttainmentRow[] = matrix.criteria.map((c, i) => {
    const met = matrix.totals.sums[i]!;
    return {
      code: c.code,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      met,
      of,
      percent: percentHundredths(met, of, rounding) / 100,
      textVi: formatRatioVi(met, of, rounding),
    };
  });
  return { kind: 'criteria-attainment', setId: matrix.setId, asOf: matrix.asOf, scope: matrix.scope, units: of, rows };
}

interface BandSpec {
  id: string;
  labelVi: string;
  labelEn: string;
  min: number;
  max: number;
}

/**
 * The officials' bands: all criteria, 15-18, 10-14, 5-9, below 5 (for a 19-criteria set). For a set
 * with fewer criteria the fixed bands are cut below "all" and empty bands dropped.
 */
export function bandSpecs(criteriaCount: number): BandSpec[] {
  const n = criteriaCount;
  const ranges: [number, number][] = [
    [15, 18],
    [10, 14],
    [5, 9],
  ];
  const out: BandSpec[] = [{ id: 'all', labelVi: `Đạt ${n} tiêu chí (đạt chuẩn)`, labelEn: `All ${n} criteria`, min: n, max: n }];
  for (const [min, top] of ranges) {
    const max = Math.min(top, n - 1);
    if (min <= max) out.push({ id: `${min}-${max}`, labelVi: `Đạt từ ${min}-${max} tiêu chí`, labelEn: `${min}-${max} criteria`, min, max });
  }
  out.push({ id: 'below-5', labelVi: 'Dưới 5 tiêu chí', labelEn: 'Below 5 criteria', min: 0, max: Math.min(4, n - 1) });
  return out;
}

export interface BandsOptions {
  readonly percentRounding?: Rounding;
  readonly averageRounding?: Rounding;
}

/** Communes per band and the average criteria met per commune (two decimals: "12,09"). */
export function criteriaBands(matrix: CriteriaMatrix, options: BandsOptions = {}): BandsReport {
  const communes = matrix.districts.flatMap((d) => d.communes).filter((c) => c.hasData);
  const n = matrix.criteria.length;
  const units = communes.length;
  const bands: Band[] = bandSpecs(n).map((b) => {
    const inBand = communes.filter((c) => c.total >= b.min && c.total <= b.max);
    return {
      ...b,
      count: inBand.length,
      textVi: formatRatioVi(inBand.length, units, options.percentRounding ?? 'truncate'),
      unitCodes: inBand.map((c) => c.code),
    };
  });
  const totalCriteriaMet = communes.reduce((s, c) => s + c.total, 0);
  const avg = hundredthsOf(totalCriteriaMet, units, options.averageRounding ?? 'half-up');
  return {
    kind: 'criteria-bands',
    setId: matrix.setId,
    asOf: matrix.asOf,
    scope: matrix.scope,
    criteriaCount: n,
    units,
    bands,
    totalCriteriaMet,
    average: avg / 100,
    averageVi: formatHundredthsVi(avg),
  };
}
