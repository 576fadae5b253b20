import { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from '../errors';
import { matchUnitDetailed, type Unit, type UnitAlias } from '../units';
import { isBlankRecord, type SheetRecord } from './csv';

/**
 * Validation of a criteria-status sheet (CSV or the first worksheet of an .xlsx, same columns):
 *
 *   district,commune,c1,c2,…,c19[,total]
 *
 * one row per commune. `cN` is `1` (met) or `0`/empty (not met); `total` is what the sheet states.
 * The criteria columns follow the criteria set's codes in order (`c1`…`c19` for the 19-criteria
 * commune sets). Header names are matched ignoring case and surrounding spaces.
 *
 * Rows are judged one by one: a rejected row carries every fault found in it, each with its line,
 * its column and the reason in Vietnamese and English. The marks win over a stated total; each
 * disagreement is a warning (`IMPORT.TOTAL_MISMATCH`). The commune is looked up only among the
 * communes of the district the row names, tolerant of diacritics, case and spacing
 * (domain/units matchUnit); a match that needed diacritics folded is accepted with a warning
 * (`IMPORT.UNIT_SPELLING`) so nobody is matched silently to a unit spelled differently.
 */

export const CriteriaRowWarningSchema = z.discriminatedUnion('code', [
  z.object({
    code: z.literal('IMPORT.TOTAL_MISMATCH'),
    line: z.number().int(),
    unitCode: z.string(),
    unitName: z.string(),
    stated: z.number().int(),
    computed: z.number().int(),
    messageVi: z.string(),
    messageEn: z.string(),
  }),
  z.object({
    code: z.literal('IMPORT.UNIT_SPELLING'),
    line: z.number().int(),
    column: z.string(),
    written: z.string(),
    unitCode: z.string(),
    unitName: z.string(),
    messageVi: z.string(),
    messageEn: z.string(),
  }),
]);
export type CriteriaRowWarning = z.infer<typeof CriteriaRowWarningSchema>;

/** One fault in one row. `column` is the header name (`c4`, `commune`), or `*` for the whole row. */
export const RowFaultSchema = z.object({
  code: z.string(),
  line: z.number().int(),
  column: z.string(),
  messageVi: z.string(),
  messageEn: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type RowFault = z.infer<typeof RowFaultSchema>;

export const RejectedRowSchema = z.object({
  line: z.number().int(),
  /** The row's cells as read, for the person fixing the sheet. */
  cells: z.array(z.string()),
  faults: z.array(RowFaultSchema).min(1),
});
export type RejectedRow = z.infer<typeof RejectedRowSchema>;

export interface AcceptedCriteriaRow {
  readonly line: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly districtCode: string;
  /** Criterion code → met, for every criterion of the set. */
  readonly marks: Readonly<Record<string, boolean>>;
  readonly stated: number | null;
  readonly computed: number;
}

export interface CriteriaSheet {
  readonly hasTotal: boolean;
  /** Data rows read (blank rows not counted). */
  readonly rows: number;
  readonly accepted: readonly AcceptedCriteriaRow[];
  readonly rejected: readonly RejectedRow[];
  readonly warnings: readonly CriteriaRowWarning[];
}

export interface CriteriaSheetInput {
  readonly records: readonly SheetRecord[];
  /** The criteria set's criterion codes, in order: they name the columns `c<code>`. */
  readonly criteria: readonly string[];
  /** Units to match against (at least the districts and communes concerned). */
  readonly units: readonly Unit[];
  readonly aliases?: readonly UnitAlias[];
}

const headerKey = (s: string) => s.trim().toLowerCase();

export function expectedCriteriaHeader(criteria: readonly string[]): string[] {
  return ['district', 'commune', ...criteria.map((c) => `c${c}`)];
}

/** One cell's refusal: the line and column named in both languages (every sheet reader uses it). */
export function fault(code: string, line: number, column: string, vi: string, en: string, details?: Record<string, unknown>): RowFault {
  return {
    code,
    line,
    column,
    messageVi: `Dòng ${line}, cột ${column}: ${vi}`,
    messageEn: `Line ${line}, column ${column}: ${en}`,
    ...(details ? { details } : {}),
  };
}

/** File-level refusal: the header is not the documented one. */
function badHeader(line: number, column: string, vi: string, en: string, details: Record<string, unknown>): DomainError {
  return domainError('IMPORT.BAD_HEADER', `Dòng tiêu đề ${line}, cột ${column}: ${vi}`, `Header line ${line}, column ${column}: ${en}`, {
    path: `line ${line}, column ${column}`,
    details: { line, column, ...details },
  });
}

export function checkCriteriaHeader(record: SheetRecord, criteria: readonly string[]): Result<{ hasTotal: boolean }> {
  const expected = expectedCriteriaHeader(criteria);
  const got = record.cells.map(headerKey);
  const hasTotal = got.length === expected.length + 1 && got[expected.length] === 'total';
  if (got.length !== expected.length && !hasTotal) {
    const extra = got.length > expected.length ? got[expected.length] : undefined;
    return err(
      badHeader(
        record.line,
        extra !== undefined ? String(expected.length + 1) : String(got.length + 1),
        `cần ${expected.length} cột (${expected[0]},${expected[1]},${expected[2]}…${expected.at(-1)}) và tùy chọn cột "total", có ${got.length} cột`,
        `expected ${expected.length} columns (${expected[0]},${expected[1]},${expected[2]}…${expected.at(-1)}) and an optional "total", found ${got.length}`,
        { expected: [...expected, 'total?'], found: record.cells },
      ),
    );
  }
  for (const [i, name] of expected.entries()) {
    if (got[i] !== name) {
      return err(
        badHeader(record.line, String(i + 1), `cần "${name}", có "${record.cells[i] ?? ''}"`, `expected "${name}", found "${record.cells[i] ?? ''}"`, {
          expected: name,
          found: record.cells[i] ?? '',
        }),
      );
    }
  }
  return ok({ hasTotal });
}

/**
 * Reads the sheet. A file-level fault (no header, wrong header) is an error; everything about rows is
 * in the value: accepted rows, rejected rows with their faults, and warnings.
 */
export function validateCriteriaSheet(input: CriteriaSheetInput): Result<CriteriaSheet> {
  const records = input.records.filter((r) => !isBlankRecord(r));
  const header = records[0];
  if (!header) {
    return err(domainError('IMPORT.EMPTY_FILE', 'Tệp không có dòng tiêu đề và dữ liệu', 'The file has no header and no data', { path: 'line 1' }));
  }
  const h = checkCriteriaHeader(header, input.criteria);
  if (!h.ok) return h;
  const { hasTotal } = h.value;
  const width = input.criteria.length + 2 + (hasTotal ? 1 : 0);
  const aliases = input.aliases ?? [];
  const districts = input.units.filter((u) => u.level === 'district');

  const candidates: { row: AcceptedCriteriaRow; cells: readonly string[]; warnings: CriteriaRowWarning[] }[] = [];
  const rejected: RejectedRow[] = [];
  const rows = records.slice(1);

  for (const rec of rows) {
    const faults: RowFault[] = [];
    const warnings: CriteriaRowWarning[] = [];
    const line = rec.line;
    if (rec.cells.length !== width) {
      faults.push(
        fault(
          'IMPORT.COLUMN_COUNT',
          line,
          '*',
          `dòng có ${rec.cells.length} cột, tiêu đề có ${width} cột`,
          `the row has ${rec.cells.length} columns, the header has ${width}`,
          { expected: width, found: rec.cells.length },
        ),
      );
      rejected.push({ line, cells: [...rec.cells], faults });
      continue;
    }
    const cell = (i: number) => (rec.cells[i] ?? '').trim();

    // Unit: the district among districts, then the commune among that district's communes only.
    let unit: Unit | undefined;
    let district: Unit | undefined;
    const districtName = cell(0);
    const communeName = cell(1);
    if (districtName === '') {
      faults.push(fault('IMPORT.UNKNOWN_UNIT', line, 'district', 'thiếu tên huyện', 'the district is empty'));
    } else {
      const d = matchUnitDetailed(districtName, districts, aliases);
      if (!d.ok) faults.push(unitFault(d.error, line, 'district', districtName, 'huyện', 'district'));
      else {
        district = d.value.unit;
        if (d.value.tier === 'folded' || d.value.tier === 'alias-folded') warnings.push(spelling(line, 'district', districtName, district));
      }
    }
    if (communeName === '') {
      faults.push(fault('IMPORT.UNKNOWN_UNIT', line, 'commune', 'thiếu tên xã', 'the commune is empty'));
    } else if (district) {
      const communes = input.units.filter((u) => u.level === 'commune' && u.parentCode === district!.code);
      const c = matchUnitDetailed(communeName, communes, aliases);
      if (!c.ok) faults.push(unitFault(c.error, line, 'commune', communeName, `xã của huyện ${district.name}`, `commune of ${district.name}`));
      else {
        unit = c.value.unit;
        if (c.value.tier === 'folded' || c.value.tier === 'alias-folded') warnings.push(spelling(line, 'commune', communeName, unit));
      }
    }

    const marks: Record<string, boolean> = {};
    for (const [k, code] of input.criteria.entries()) {
      const column = `c${code}`;
      const v = cell(k + 2);
      if (v === '1') marks[code] = true;
      else if (v === '0' || v === '') marks[code] = false;
      else {
        faults.push(
          fault(
            'IMPORT.BAD_VALUE',
            line,
            column,
            `giá trị "${v}" không hợp lệ: chỉ được 1 (đạt), 0 hoặc để trống (chưa đạt)`,
            `value "${v}" is not allowed: only 1 (met), 0 or empty (not met)`,
            {
              value: v,
            },
          ),
        );
      }
    }
    let stated: number | null = null;
    if (hasTotal) {
      const v = cell(width - 1);
      if (/^\d{1,3}$/.test(v)) stated = Number(v);
      else if (v !== '') {
        faults.push(
          fault('IMPORT.BAD_VALUE', line, 'total', `tổng "${v}" không phải số nguyên không âm`, `total "${v}" is not a non-negative whole number`, {
            value: v,
          }),
        );
      }
    }

    if (faults.length > 0 || !unit || !district) {
      rejected.push({ line, cells: [...rec.cells], faults });
      continue;
    }
    const computed = Object.values(marks).filter(Boolean).length;
    if (stated !== null && stated !== computed) {
      warnings.push({
        code: 'IMPORT.TOTAL_MISMATCH',
        line,
        unitCode: unit.code,
        unitName: unit.name,
        stated,
        computed,
        messageVi: `Dòng ${line}, ${unit.name}: tổng ghi ${stated} tiêu chí nhưng các ô đánh dấu cho ${computed}; lấy theo các ô (${computed})`,
        messageEn: `Line ${line}, ${unit.name}: the stated total is ${stated} but the marks add up to ${computed}; the marks are kept (${computed})`,
      });
    }
    candidates.push({
      row: { line, unitCode: unit.code, unitName: unit.name, districtCode: district.code, marks, stated, computed },
      cells: rec.cells,
      warnings,
    });
  }

  // A unit named on two rows: neither row can be trusted over the other, so both are refused.
  const linesByUnit = new Map<string, number[]>();
  for (const c of candidates) linesByUnit.set(c.row.unitCode, [...(linesByUnit.get(c.row.unitCode) ?? []), c.row.line]);
  const accepted: AcceptedCriteriaRow[] = [];
  const warnings: CriteriaRowWarning[] = [];
  for (const c of candidates) {
    const lines = linesByUnit.get(c.row.unitCode)!;
    if (lines.length > 1) {
      const others = lines.filter((l) => l !== c.row.line);
      rejected.push({
        line: c.row.line,
        cells: [...c.cells],
        faults: [
          fault(
            'IMPORT.DUPLICATE_UNIT',
            c.row.line,
            'commune',
            `xã ${c.row.unitName} (${c.row.unitCode}) xuất hiện nhiều lần, cả ở dòng ${others.join(', ')}; không dòng nào được nhập`,
            `commune ${c.row.unitName} (${c.row.unitCode}) appears more than once, also on line ${others.join(', ')}; none of these rows is imported`,
            { unitCode: c.row.unitCode, lines },
          ),
        ],
      });
      continue;
    }
    accepted.push(c.row);
    warnings.push(...c.warnings);
  }
  rejected.sort((a, b) => a.line - b.line);
  warnings.sort((a, b) => a.line - b.line);
  return ok({ hasTotal, rows: rows.length, accepted, rejected, warnings });
}

function unitFault(e: DomainError, line: number, column: string, written: string, whatVi: string, whatEn: string): RowFault {
  if (e.code === 'UNIT.AMBIGUOUS') {
    const cands = (e.details?.candidates ?? []) as { code: string; name: string }[];
    const list = cands.map((c) => `${c.name} (${c.code})`).join(', ');
    return fault(
      'IMPORT.AMBIGUOUS_UNIT',
      line,
      column,
      `"${written}" khớp với nhiều ${whatVi}: ${list}`,
      `"${written}" matches several of ${whatEn}: ${list}`,
      {
        written,
        candidates: cands.map((c) => c.code),
      },
    );
  }
  return fault('IMPORT.UNKNOWN_UNIT', line, column, `không có ${whatVi} tên "${written}"`, `no ${whatEn} named "${written}"`, { written });
}

function spelling(line: number, column: string, written: string, unit: Unit): CriteriaRowWarning {
  return {
    code: 'IMPORT.UNIT_SPELLING',
    line,
    column,
    written,
    unitCode: unit.code,
    unitName: unit.name,
    messageVi: `Dòng ${line}, cột ${column}: "${written}" được hiểu là "${unit.name}" (${unit.code}) khi bỏ qua dấu; hãy kiểm tra`,
    messageEn: `Line ${line}, column ${column}: "${written}" was read as "${unit.name}" (${unit.code}) ignoring diacritics; please check`,
  };
}
