import { formatVnDate, localDate, type LocalDate } from '../calendar/dates';
import type { CommuneGroup, CommuneGroups } from '../criteria/schema';
import { COMMUNE_GROUPS_2026_2030 } from '../criteria/sets/commune-ntm-2026-2030';
import { domainError, err, ok, type Result } from '../errors';
import { isValidAt, matchUnitAt, type Unit, type UnitAlias } from '../units';
import { isBlankRecord, type SheetRecord } from './csv';
import { fault, type RejectedRow, type RowFault } from './criteria-sheet';

/**
 * A province's decision on commune groups (nhóm xã, 2026-2030 thresholds) as a sheet:
 *
 *   unit,group,source
 *
 * - `unit` (also `code`, `commune`, `xã`, `đơn vị`): a unit code, or a name matched among the
 *   commune-level units valid on the file's date (aliases allowed). Required.
 * - `group` (also `nhóm`, `nhóm xã`): "1", "2", "3", "Nhóm 1", "nhóm xã 2", "Group 3". Required: a
 *   row without a group says nothing and is refused, never guessed.
 * - `source` (also `nguồn`, `decision`, `quyết định`): the act that assigns the group. Required.
 * The file's date comes from the caller (the date the decision's units are those of).
 * Each rejected row carries all its faults (line, column, reason in Vietnamese and English): an unknown
 * unit, a unit that is not commune-level or not valid on that date, a group outside 1-3, the same unit
 * on two lines with different groups. The same unit twice with the same group counts once.
 */
export interface CommuneGroupRow {
  readonly line: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly group: CommuneGroup;
  readonly source: string;
  /** The group the unit had before (undefined: none). */
  readonly previous?: CommuneGroup;
  readonly change: 'set' | 'changed' | 'unchanged';
}

export interface CommuneGroupsSheet {
  readonly rows: number;
  readonly accepted: readonly CommuneGroupRow[];
  readonly rejected: readonly RejectedRow[];
}

/** The group definitions an import shows (the 2026-2030 set's, from the final decision, with the draft warning). */
export const COMMUNE_GROUP_DEFINITIONS: CommuneGroups = COMMUNE_GROUPS_2026_2030;

/**
 * A commune group as people write it: "1", "Nhóm 1", "nhóm xã 1", "Group 1" (case and spacing free).
 * Blank → undefined (unknown); anything else, including 0 or 4 → null.
 */
export function parseCommuneGroup(text: string): CommuneGroup | undefined | null {
  const t = text.trim().toLocaleLowerCase('vi').replace(/\s+/g, ' ');
  if (t === '') return undefined;
  const m = /^(?:(?:nhóm(?: xã)?|nhom(?: xa)?|group) ?)?([0-9]+)$/.exec(t);
  const n = m ? Number(m[1]) : NaN;
  return n === 1 || n === 2 || n === 3 ? n : null;
}

/** The fault of a group cell that is not 1, 2 or 3 (shared by the unit succession sheet). */
export function badGroupFault(line: number, column: string, text: string): RowFault {
  return fault(
    'IMPORT.BAD_GROUP',
    line,
    column,
    `nhóm xã "${text}" không hợp lệ: chỉ có nhóm 1, 2, 3 (QĐ 51/2025/QĐ-TTg)`,
    `commune group "${text}" is not valid: only groups 1, 2 and 3 exist (Decision 51/2025/QĐ-TTg)`,
    { written: text },
  );
}

/** The fault of a row whose width is not the header's (shared by the unit succession sheet). */
export function columnCountFault(line: number, cells: number, header: number): RowFault {
  return fault('IMPORT.COLUMN_COUNT', line, '*', `dòng có ${cells} cột, tiêu đề có ${header} cột`, `the row has ${cells} columns, the header has ${header}`);
}

const LEVEL_WORDS: Readonly<Record<Unit['level'], readonly [string, string]>> = {
  province: ['đơn vị cấp tỉnh', 'province'],
  district: ['đơn vị cấp huyện', 'district'],
  commune: ['đơn vị cấp xã', 'commune'],
  village: ['thôn, bản', 'village'],
};

const COLUMN_NAMES: Readonly<Record<string, 'unit' | 'group' | 'source'>> = {
  unit: 'unit',
  code: 'unit',
  commune: 'unit',
  xã: 'unit',
  'đơn vị': 'unit',
  group: 'group',
  nhóm: 'group',
  'nhóm xã': 'group',
  source: 'source',
  nguồn: 'source',
  decision: 'source',
  'quyết định': 'source',
};

export function validateCommuneGroupsSheet(input: {
  records: readonly SheetRecord[];
  units: readonly Unit[];
  asOf: LocalDate;
  aliases?: readonly UnitAlias[];
}): Result<CommuneGroupsSheet> {
  const records = input.records.filter((r) => !isBlankRecord(r));
  const header = records[0];
  if (!header) return err(domainError('IMPORT.EMPTY_FILE', 'Tệp không có dòng tiêu đề và dữ liệu', 'The file has no header and no data', { path: 'line 1' }));
  const columns: ('unit' | 'group' | 'source')[] = [];
  for (const [i, raw] of header.cells.entries()) {
    const c = COLUMN_NAMES[raw.trim().toLocaleLowerCase('vi').replace(/\s+/g, ' ')];
    if (!c || columns.includes(c)) {
      const why = c ? `cột "${raw}" lặp lại` : `cột "${raw}" không xác định (unit, group, source)`;
      const whyEn = c ? `column "${raw}" appears twice` : `unknown column "${raw}" (unit, group, source)`;
      return err(
        domainError('IMPORT.BAD_HEADER', `Dòng tiêu đề ${header.line}, cột ${i + 1}: ${why}`, `Header line ${header.line}, column ${i + 1}: ${whyEn}`, {
          path: `line ${header.line}, column ${i + 1}`,
        }),
      );
    }
    columns.push(c);
  }
  for (const req of ['unit', 'group', 'source'] as const) {
    if (!columns.includes(req)) {
      return err(
        domainError('IMPORT.BAD_HEADER', `Dòng tiêu đề ${header.line}: thiếu cột "${req}"`, `Header line ${header.line}: column "${req}" is missing`, {
          path: `line ${header.line}`,
        }),
      );
    }
  }
  const date = formatVnDate(input.asOf);
  const communes = input.units.filter((u) => u.level === 'commune');
  const accepted: CommuneGroupRow[] = [];
  const rejected: RejectedRow[] = [];
  const rows = records.slice(1);
  for (const rec of rows) {
    const line = rec.line;
    const faults: RowFault[] = [];
    if (rec.cells.length !== columns.length) {
      faults.push(columnCountFault(line, rec.cells.length, columns.length));
      rejected.push({ line, cells: [...rec.cells], faults });
      continue;
    }
    const cell = (c: 'unit' | 'group' | 'source') => (rec.cells[columns.indexOf(c)] ?? '').trim().replace(/\s+/g, ' ');

    const unit = findCommune(cell('unit'), input.units, communes, input.asOf, input.aliases ?? [], line, date, faults);
    const groupText = cell('group');
    const group = parseCommuneGroup(groupText);
    if (group === undefined) faults.push(fault('IMPORT.MISSING_GROUP', line, 'group', 'thiếu nhóm xã (1, 2 hoặc 3)', 'the commune group (1, 2 or 3) is empty'));
    else if (group === null) faults.push(badGroupFault(line, 'group', groupText));
    const source = cell('source');
    if (source === '')
      faults.push(
        fault(
          'IMPORT.MISSING_SOURCE',
          line,
          'source',
          'thiếu nguồn (quyết định phân nhóm xã: số, ngày, cơ quan ban hành)',
          'the source is empty (the decision that assigns the group: number, date, issuer)',
        ),
      );
    if (unit && group) {
      const earlier = accepted.find((a) => a.unitCode === unit.code);
      if (earlier && earlier.group !== group) {
        faults.push(
          fault(
            'IMPORT.CONFLICTING_GROUP',
            line,
            'group',
            `${unit.name} đã được xếp nhóm ${earlier.group} ở dòng ${earlier.line}, dòng này ghi nhóm ${group}`,
            `${unit.name} is already given group ${earlier.group} on line ${earlier.line}; this line says group ${group}`,
            { unitCode: unit.code, earlierLine: earlier.line, earlierGroup: earlier.group, group },
          ),
        );
      } else if (earlier) continue;
    }
    if (faults.length > 0 || !unit || !group) {
      rejected.push({ line, cells: [...rec.cells], faults });
      continue;
    }
    const previous = unit.communeGroup;
    accepted.push({
      line,
      unitCode: unit.code,
      unitName: unit.name,
      group,
      source,
      ...(previous !== undefined ? { previous } : {}),
      change: previous === undefined ? 'set' : previous === group ? 'unchanged' : 'changed',
    });
  }
  // A unit refused on a later line for conflicting with an accepted one: the accepted one is not sure either.
  for (const r of rejected) {
    const conflict = r.faults.find((f) => f.code === 'IMPORT.CONFLICTING_GROUP');
    const earlierLine = conflict?.details?.earlierLine;
    const i = accepted.findIndex((a) => a.line === earlierLine);
    if (conflict && i >= 0) {
      const a = accepted[i]!;
      accepted.splice(i, 1);
      rejected.push({
        line: a.line,
        cells: [...(rows.find((x) => x.line === a.line)?.cells ?? [])],
        faults: [
          fault(
            'IMPORT.CONFLICTING_GROUP',
            a.line,
            'group',
            `${a.unitName} được xếp nhóm khác ở dòng ${r.line}`,
            `${a.unitName} is given another group on line ${r.line}`,
            { unitCode: a.unitCode, laterLine: r.line },
          ),
        ],
      });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return ok({ rows: rows.length, accepted, rejected });
}

/** The commune the cell names, valid on the date; a fault (pushed) when there is none. */
function findCommune(
  text: string,
  all: readonly Unit[],
  communes: readonly Unit[],
  asOf: LocalDate,
  aliases: readonly UnitAlias[],
  line: number,
  date: string,
  faults: RowFault[],
): Unit | undefined {
  if (text === '') {
    faults.push(fault('IMPORT.UNKNOWN_UNIT', line, 'unit', 'thiếu mã hoặc tên xã', 'the unit code or name is empty'));
    return undefined;
  }
  const notCommune = (u: Unit) => {
    const level = u.level !== 'commune';
    const [levelVi, levelEn] = LEVEL_WORDS[u.level];
    faults.push(
      fault(
        'IMPORT.NOT_COMMUNE_AT_DATE',
        line,
        'unit',
        level
          ? `"${u.name}" không phải đơn vị cấp xã (là ${levelVi}); chỉ xã, phường, đặc khu được xếp nhóm`
          : `"${u.name}" không còn hiệu lực ngày ${date}${u.validTo ? ` (hết hiệu lực sau ${formatVnDate(localDate(u.validTo))})` : u.validFrom ? ` (có hiệu lực từ ${formatVnDate(localDate(u.validFrom))})` : ''}`,
        level
          ? `"${u.name}" is not a commune-level unit (it is a ${levelEn}); only communes are grouped`
          : `"${u.name}" is not valid on ${date}${u.validTo ? ` (valid until ${formatVnDate(localDate(u.validTo))})` : u.validFrom ? ` (valid from ${formatVnDate(localDate(u.validFrom))})` : ''}`,
        { unitCode: u.code, level: u.level, ...(u.validFrom ? { validFrom: u.validFrom } : {}), ...(u.validTo ? { validTo: u.validTo } : {}) },
      ),
    );
    return undefined;
  };
  const byCode = all.filter((u) => u.code === text);
  if (byCode.length > 0) {
    const hit = byCode.find((u) => u.level === 'commune' && isValidAt(u, asOf));
    return hit ?? notCommune(byCode[0]!);
  }
  const m = matchUnitAt(text, communes, asOf, aliases);
  if (m.ok && m.value.validAtDate) return m.value.unit;
  if (m.ok) return notCommune(m.value.unit);
  if (m.error.code === 'UNIT.AMBIGUOUS') {
    faults.push(
      fault('IMPORT.AMBIGUOUS_UNIT', line, 'unit', `nhiều xã khớp "${text}": hãy ghi mã đơn vị`, `several communes match "${text}": write the unit code`, {
        written: text,
        ...(m.error.details ?? {}),
      }),
    );
    return undefined;
  }
  const other = matchUnitAt(
    text,
    all.filter((u) => u.level !== 'commune'),
    asOf,
    aliases,
  );
  if (other.ok) return notCommune(other.value.unit);
  faults.push(
    fault('IMPORT.UNKNOWN_UNIT', line, 'unit', `không có xã nào mã hoặc tên "${text}"`, `no commune has the code or name "${text}"`, { written: text }),
  );
  return undefined;
}
