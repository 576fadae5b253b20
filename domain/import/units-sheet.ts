import { domainError, err, ok, type Result } from '../errors';
import { matchUnit, normalizeUnitName, slugifyUnitName, UnitCodeSchema, type Unit, type UnitAlias, type UnitLevel } from '../units';
import { isBlankRecord, type SheetRecord } from './csv';
import type { RejectedRow, RowFault } from './criteria-sheet';
import { fault } from './criteria-sheet';

/**
 * Validation of an administrative-units sheet:
 *
 *   level,code,name,parent        (or, without codes: level,name,parent)
 *
 * `level`: province | district | commune | village (or tỉnh | huyện | xã | thôn | bản, any case,
 * with or without diacritics). `code`: the unit's slug path; empty → the parent's code + "/" + the
 * name as a slug. `parent`: empty for a province, otherwise the parent's code or its name (matched
 * among the units one level up, from the database or from earlier rows of the same file).
 *
 * A row for a code that already exists with the same level, name and parent changes nothing; with a
 * different name it renames the unit; with a different level or parent it is refused (moving units
 * between parents is not an import's business).
 */
export interface UnitRowResult {
  readonly line: number;
  readonly unit: Pick<Unit, 'code' | 'level' | 'name' | 'parentCode'>;
  readonly change: 'create' | 'rename' | 'unchanged';
}

export interface UnitsSheet {
  readonly rows: number;
  readonly accepted: readonly UnitRowResult[];
  readonly rejected: readonly RejectedRow[];
}

const LEVEL_WORDS: Readonly<Record<string, UnitLevel>> = {
  province: 'province',
  tinh: 'province',
  district: 'district',
  huyen: 'district',
  commune: 'commune',
  xa: 'commune',
  village: 'village',
  thon: 'village',
  ban: 'village',
  'thon/ban': 'village',
};

export function parseLevel(s: string): UnitLevel | undefined {
  // A bare "xã"/"tỉnh" keeps its word: prefixes are stripped only before a name.
  return LEVEL_WORDS[normalizeUnitName(s)];
}

const PARENT_LEVEL: Readonly<Record<UnitLevel, UnitLevel | null>> = { province: null, district: 'province', commune: 'district', village: 'commune' };

export function validateUnitsSheet(input: { records: readonly SheetRecord[]; existing: readonly Unit[]; aliases?: readonly UnitAlias[] }): Result<UnitsSheet> {
  const records = input.records.filter((r) => !isBlankRecord(r));
  const header = records[0];
  if (!header) return err(domainError('IMPORT.EMPTY_FILE', 'Tệp không có dòng tiêu đề và dữ liệu', 'The file has no header and no data', { path: 'line 1' }));
  const got = header.cells.map((c) => c.trim().toLowerCase());
  const withCode = ['level', 'code', 'name', 'parent'];
  const withoutCode = ['level', 'name', 'parent'];
  const columns = got.join(',') === withCode.join(',') ? withCode : got.join(',') === withoutCode.join(',') ? withoutCode : null;
  if (!columns) {
    return err(
      domainError(
        'IMPORT.BAD_HEADER',
        `Dòng tiêu đề ${header.line}: cần "level,code,name,parent" hoặc "level,name,parent", có "${header.cells.join(',')}"`,
        `Header line ${header.line}: expected "level,code,name,parent" or "level,name,parent", found "${header.cells.join(',')}"`,
        { path: `line ${header.line}`, details: { line: header.line, found: header.cells } },
      ),
    );
  }
  const col = (name: string) => columns.indexOf(name);
  const known = new Map<string, Unit>(input.existing.map((u) => [u.code, u]));
  const fromFile = new Set<string>();
  const accepted: UnitRowResult[] = [];
  const rejected: RejectedRow[] = [];
  const aliases = input.aliases ?? [];
  const rows = records.slice(1);

  for (const rec of rows) {
    const line = rec.line;
    const faults: RowFault[] = [];
    const reject = () => rejected.push({ line, cells: [...rec.cells], faults });
    if (rec.cells.length !== columns.length) {
      faults.push(
        fault(
          'IMPORT.COLUMN_COUNT',
          line,
          '*',
          `dòng có ${rec.cells.length} cột, tiêu đề có ${columns.length} cột`,
          `the row has ${rec.cells.length} columns, the header has ${columns.length}`,
        ),
      );
      reject();
      continue;
    }
    const cell = (name: string) => (col(name) >= 0 ? (rec.cells[col(name)] ?? '').trim() : '');
    const level = parseLevel(cell('level'));
    const name = cell('name').replace(/\s+/g, ' ');
    const parentText = cell('parent');
    if (!level)
      faults.push(
        fault(
          'IMPORT.BAD_VALUE',
          line,
          'level',
          `cấp "${cell('level')}" không hợp lệ (province/district/commune/village)`,
          `level "${cell('level')}" is not one of province/district/commune/village`,
        ),
      );
    if (name === '') faults.push(fault('IMPORT.BAD_VALUE', line, 'name', 'thiếu tên đơn vị', 'the name is empty'));
    let parent: Unit | undefined;
    if (level) {
      const parentLevel = PARENT_LEVEL[level];
      if (parentLevel === null) {
        if (parentText !== '') faults.push(fault('IMPORT.BAD_VALUE', line, 'parent', 'tỉnh không có đơn vị cấp trên', 'a province has no parent'));
      } else if (parentText === '') {
        faults.push(fault('IMPORT.UNKNOWN_UNIT', line, 'parent', 'thiếu đơn vị cấp trên', 'the parent is empty'));
      } else {
        const byCode = known.get(parentText);
        if (byCode && byCode.level === parentLevel) parent = byCode;
        else {
          const m = matchUnit(
            parentText,
            [...known.values()].filter((u) => u.level === parentLevel),
            aliases,
          );
          if (m.ok) parent = m.value;
          else
            faults.push(
              fault(
                m.error.code === 'UNIT.AMBIGUOUS' ? 'IMPORT.AMBIGUOUS_UNIT' : 'IMPORT.UNKNOWN_UNIT',
                line,
                'parent',
                `${m.error.code === 'UNIT.AMBIGUOUS' ? 'nhiều' : 'không có'} đơn vị cấp ${parentLevel} khớp "${parentText}"`,
                `${m.error.code === 'UNIT.AMBIGUOUS' ? 'several' : 'no'} ${parentLevel} units match "${parentText}"`,
                { written: parentText, ...(m.error.details ?? {}) },
              ),
            );
        }
      }
    }
    if (faults.length > 0 || !level) {
      reject();
      continue;
    }
    const slug = slugifyUnitName(name);
    const code = cell('code') || (parent ? `${parent.code}/${slug}` : slug);
    if (!UnitCodeSchema.safeParse(code).success) {
      faults.push(
        fault(
          'IMPORT.BAD_VALUE',
          line,
          'code',
          `mã "${code}" không đúng dạng slug (a-z, 0-9, "-", "/")`,
          `code "${code}" is not a slug path (a-z, 0-9, "-", "/")`,
        ),
      );
    } else if (parent && !code.startsWith(`${parent.code}/`)) {
      faults.push(fault('IMPORT.BAD_VALUE', line, 'code', `mã phải bắt đầu bằng "${parent.code}/"`, `the code must start with "${parent.code}/"`));
    }
    if (fromFile.has(code)) {
      faults.push(fault('IMPORT.DUPLICATE_UNIT', line, 'code', `mã "${code}" đã có ở một dòng trước`, `code "${code}" is already on an earlier line`));
    }
    const existing = known.get(code);
    if (existing && (existing.level !== level || existing.parentCode !== (parent?.code ?? null))) {
      faults.push(
        fault(
          'IMPORT.CONFLICT',
          line,
          'code',
          `đơn vị "${code}" đã có với cấp ${existing.level}, cấp trên ${existing.parentCode ?? '—'}`,
          `unit "${code}" exists as a ${existing.level} under ${existing.parentCode ?? '—'}`,
        ),
      );
    }
    if (faults.length > 0) {
      reject();
      continue;
    }
    const unit = { code, level, name, parentCode: parent?.code ?? null };
    const change = !existing ? 'create' : existing.name === name ? 'unchanged' : 'rename';
    accepted.push({ line, unit, change });
    fromFile.add(code);
    known.set(code, { ...unit });
  }
  return ok({ rows: rows.length, accepted, rejected });
}
