import { addCalendarDays, parseLocalDate, parseVnDate, type LocalDate } from '../calendar/dates';
import { domainError, err, ok, type Result } from '../errors';
import {
  LEVEL_RANK,
  loadUnits,
  matchUnitAt,
  periodsOverlap,
  slugifyUnitName,
  TWO_TIER_FROM,
  UnitCodeSchema,
  unitsAt,
  type Unit,
  type UnitAlias,
  type UnitKind,
  type UnitLevel,
  type UnitLink,
} from '../units';
import { badGroupFault, columnCountFault, parseCommuneGroup } from './commune-groups';
import { isBlankRecord, type SheetRecord } from './csv';
import type { RejectedRow, RowFault } from './criteria-sheet';
import { parseLevel } from './units-sheet';
import { fault as cellFault } from './criteria-sheet';

/**
 * A unit list with validity and succession (e.g. a province's list after a rearrangement):
 *
 *   level,code,name,parent,validFrom,validTo,predecessors,source
 *
 * Required columns: `level`, `name`, `parent`; optional: `code`, `kind` (xa | phuong | thi-tran |
 * huyen | thi-xa | thanh-pho | thon-ban), `gsoCode`, `validFrom`, `validTo`, `predecessors`, `source`,
 * `group` (also `nhóm`, `nhóm xã`).
 * Order is free; names are matched ignoring case.
 * - `level`: as in units-sheet.ts; "phường" and "thị trấn" are commune level (and set the kind).
 * - `validFrom`/`validTo`: ISO yyyy-mm-dd or dd/mm/yyyy; empty = open.
 * - `parent`: a code, or a name matched among the higher-level units valid on `validFrom` (preferring
 *   them: `matchUnitAt`). From the two-tier date (1/7/2025) a commune may belong to its province.
 * - `code`: empty → the parent's code + "/" + the name as a slug. The same code as an existing unit
 *   is a new version of it only when the periods do not overlap.
 * - `group`: the commune group (2026-2030 thresholds): "1"/"2"/"3", "Nhóm 1"…; commune level only.
 *   Blank = unknown, never guessed (a unit already in the database keeps the group it has).
 * - `predecessors`: `;`-separated codes or names (names matched among units of the same level valid
 *   the day before `validFrom`), each already known (existing, or an earlier row); a link needs the
 *   row's `source` — it is never guessed.
 * Each rejected row carries all its faults (line, column, reason in Vietnamese and English). After
 * the rows, the whole list (existing + accepted) is validated as `loadUnits` does (overlapping
 * versions, unknown links, succession cycles…); a row it faults is rejected with that fault and the
 * rest validated again.
 */
export interface UnitHistoryRowResult {
  readonly line: number;
  readonly unit: Unit;
  readonly change: 'create' | 'new-version' | 'unchanged' | 'update';
}

export interface UnitsHistorySheet {
  readonly rows: number;
  readonly accepted: readonly UnitHistoryRowResult[];
  readonly rejected: readonly RejectedRow[];
}

const COLUMNS = ['level', 'code', 'name', 'parent', 'kind', 'gsocode', 'validfrom', 'validto', 'predecessors', 'source', 'group'];
/** Vietnamese column names read as their English ones. */
const COLUMN_ALIASES: Readonly<Record<string, string>> = { nhóm: 'group', 'nhóm xã': 'group' };
const REQUIRED = ['level', 'name', 'parent'];
const KIND_WORDS: Readonly<Record<string, UnitKind>> = {
  xa: 'xa',
  xã: 'xa',
  phuong: 'phuong',
  phường: 'phuong',
  'thi-tran': 'thi-tran',
  'thị trấn': 'thi-tran',
  huyen: 'huyen',
  huyện: 'huyen',
  'thi-xa': 'thi-xa',
  'thị xã': 'thi-xa',
  'thanh-pho': 'thanh-pho',
  'thành phố': 'thanh-pho',
  tinh: 'tinh',
  tỉnh: 'tinh',
  'thon-ban': 'thon-ban',
  thôn: 'thon-ban',
  bản: 'thon-ban',
};
/** Column names as the faults print them. */
const DISPLAY: Readonly<Record<string, string>> = { gsocode: 'gsoCode', validfrom: 'validFrom', validto: 'validTo' };

function fault(code: string, line: number, column: string, vi: string, en: string, details?: Record<string, unknown>): RowFault {
  return cellFault(code, line, DISPLAY[column] ?? column, vi, en, details);
}

function parseDate(text: string): LocalDate | undefined | null {
  if (text === '') return undefined;
  const iso = parseLocalDate(text);
  if (iso.ok) return iso.value;
  const vn = parseVnDate(text);
  return vn.ok ? vn.value : null;
}

function levelAndKind(text: string): { level?: UnitLevel; kind?: UnitKind } {
  const k = KIND_WORDS[text.trim().toLocaleLowerCase('vi')];
  if (k === 'phuong' || k === 'thi-tran') return { level: 'commune', kind: k };
  const level = parseLevel(text);
  return level ? { level } : {};
}

export function validateUnitsHistorySheet(input: {
  records: readonly SheetRecord[];
  existing: readonly Unit[];
  aliases?: readonly UnitAlias[];
}): Result<UnitsHistorySheet> {
  const records = input.records.filter((r) => !isBlankRecord(r));
  const header = records[0];
  if (!header) return err(domainError('IMPORT.EMPTY_FILE', 'Tệp không có dòng tiêu đề và dữ liệu', 'The file has no header and no data', { path: 'line 1' }));
  const names = header.cells.map((c) => {
    const n = c.trim().toLocaleLowerCase('vi').replace(/\s+/g, ' ');
    return COLUMN_ALIASES[n] ?? n;
  });
  for (const [i, n] of names.entries()) {
    if (!COLUMNS.includes(n) || names.indexOf(n) !== i) {
      const why = COLUMNS.includes(n) ? `cột "${header.cells[i]}" lặp lại` : `cột "${header.cells[i]}" không xác định (${COLUMNS.join(', ')})`;
      const whyEn = COLUMNS.includes(n) ? `column "${header.cells[i]}" appears twice` : `unknown column "${header.cells[i]}" (${COLUMNS.join(', ')})`;
      return err(
        domainError('IMPORT.BAD_HEADER', `Dòng tiêu đề ${header.line}, cột ${i + 1}: ${why}`, `Header line ${header.line}, column ${i + 1}: ${whyEn}`, {
          path: `line ${header.line}, column ${i + 1}`,
        }),
      );
    }
  }
  for (const req of REQUIRED) {
    if (!names.includes(req)) {
      return err(
        domainError('IMPORT.BAD_HEADER', `Dòng tiêu đề ${header.line}: thiếu cột "${req}"`, `Header line ${header.line}: column "${req}" is missing`, {
          path: `line ${header.line}`,
        }),
      );
    }
  }
  const aliases = input.aliases ?? [];
  const known: Unit[] = [...input.existing];
  const accepted: { line: number; unit: Unit; change: UnitHistoryRowResult['change']; cells: string[] }[] = [];
  const rejected: RejectedRow[] = [];
  const rows = records.slice(1);

  for (const rec of rows) {
    const line = rec.line;
    const faults: RowFault[] = [];
    const reject = () => rejected.push({ line, cells: [...rec.cells], faults });
    if (rec.cells.length !== names.length) {
      faults.push(columnCountFault(line, rec.cells.length, names.length));
      reject();
      continue;
    }
    const cell = (n: string) => {
      const i = names.indexOf(n);
      return i >= 0 ? (rec.cells[i] ?? '').trim().replace(/\s+/g, ' ') : '';
    };
    const lk = levelAndKind(cell('level'));
    const level = lk.level;
    if (!level) faults.push(fault('IMPORT.BAD_VALUE', line, 'level', `cấp "${cell('level')}" không hợp lệ`, `level "${cell('level')}" is not a level`));
    let kind = lk.kind;
    if (cell('kind') !== '') {
      kind = KIND_WORDS[cell('kind').toLocaleLowerCase('vi')];
      if (!kind) faults.push(fault('IMPORT.BAD_VALUE', line, 'kind', `loại đơn vị "${cell('kind')}" không hợp lệ`, `unit kind "${cell('kind')}" is not valid`));
    }
    const name = cell('name');
    if (name === '') faults.push(fault('IMPORT.BAD_VALUE', line, 'name', 'thiếu tên đơn vị', 'the name is empty'));
    const validFrom = parseDate(cell('validfrom'));
    const validTo = parseDate(cell('validto'));
    if (validFrom === null)
      faults.push(
        fault(
          'IMPORT.BAD_VALUE',
          line,
          'validfrom',
          `"${cell('validfrom')}" không phải ngày (yyyy-mm-dd hoặc dd/mm/yyyy)`,
          `"${cell('validfrom')}" is not a date (yyyy-mm-dd or dd/mm/yyyy)`,
        ),
      );
    if (validTo === null)
      faults.push(
        fault(
          'IMPORT.BAD_VALUE',
          line,
          'validto',
          `"${cell('validto')}" không phải ngày (yyyy-mm-dd hoặc dd/mm/yyyy)`,
          `"${cell('validto')}" is not a date (yyyy-mm-dd or dd/mm/yyyy)`,
        ),
      );
    if (validFrom && validTo && validTo < validFrom) {
      faults.push(
        fault(
          'IMPORT.BAD_PERIOD',
          line,
          'validto',
          `ngày hết hiệu lực ${validTo} trước ngày có hiệu lực ${validFrom}`,
          `validTo ${validTo} is before validFrom ${validFrom}`,
        ),
      );
    }
    const gso = cell('gsocode');
    if (gso !== '' && !/^\d{2,5}$/.test(gso))
      faults.push(fault('IMPORT.BAD_VALUE', line, 'gsocode', `mã thống kê "${gso}" phải gồm 2-5 chữ số`, `GSO code "${gso}" must be 2-5 digits`));
    const at = validFrom ?? validTo ?? undefined;
    const groupText = cell('group');
    const communeGroup = parseCommuneGroup(groupText);
    if (communeGroup === null) faults.push(badGroupFault(line, 'group', groupText));
    else if (communeGroup !== undefined && level && level !== 'commune')
      faults.push(
        fault(
          'IMPORT.BAD_GROUP',
          line,
          'group',
          'chỉ đơn vị cấp xã được xếp nhóm xã; để trống ô này',
          'only commune-level units have a commune group; leave this cell empty',
          { written: groupText },
        ),
      );

    // Parent.
    let parent: Unit | undefined;
    const parentText = cell('parent');
    if (level && validFrom !== null) {
      if (level === 'province') {
        if (parentText !== '') faults.push(fault('IMPORT.BAD_VALUE', line, 'parent', 'tỉnh không có đơn vị cấp trên', 'a province has no parent'));
      } else if (parentText === '') {
        faults.push(fault('IMPORT.UNKNOWN_UNIT', line, 'parent', 'thiếu đơn vị cấp trên', 'the parent is empty'));
      } else {
        const twoTier = level === 'commune' && validFrom !== undefined && validFrom !== null && validFrom >= TWO_TIER_FROM;
        const allowed = (u: Unit) => LEVEL_RANK[u.level] === LEVEL_RANK[level] + 1 || (twoTier && u.level === 'province');
        const candidates = known.filter(allowed);
        const byCode = candidates.filter((u) => u.code === parentText);
        if (byCode.length > 0) parent = (at ? byCode.find((u) => unitsAt([u], at).length > 0) : undefined) ?? byCode[0];
        else {
          const m = matchUnitAt(parentText, candidates, at ?? '9999-12-31', aliases);
          if (m.ok) parent = m.value.unit;
          else {
            const ambiguous = m.error.code === 'UNIT.AMBIGUOUS';
            faults.push(
              fault(
                ambiguous ? 'IMPORT.AMBIGUOUS_UNIT' : 'IMPORT.UNKNOWN_UNIT',
                line,
                'parent',
                `${ambiguous ? 'nhiều' : 'không có'} đơn vị cấp trên khớp "${parentText}"`,
                `${ambiguous ? 'several' : 'no'} parent units match "${parentText}"`,
                {
                  written: parentText,
                  ...(m.error.details ?? {}),
                },
              ),
            );
          }
        }
      }
    }

    // Predecessors.
    const predecessorText = cell('predecessors');
    const source = cell('source');
    const predecessors: UnitLink[] = [];
    if (predecessorText !== '' && level && validFrom !== null) {
      if (source === '')
        faults.push(
          fault(
            'IMPORT.MISSING_SOURCE',
            line,
            'source',
            'có đơn vị tiền thân nhưng thiếu nguồn (văn bản nêu việc sắp xếp)',
            'predecessors given without a source (the act that says so)',
          ),
        );
      const dayBefore = validFrom ? addCalendarDays(validFrom, -1) : undefined;
      const sameLevel = known.filter((u) => u.level === level);
      for (const item of predecessorText
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '')) {
        const byCode = sameLevel.find((u) => u.code === item);
        if (byCode) {
          predecessors.push({ code: byCode.code, source: source || '-' });
          continue;
        }
        const m = matchUnitAt(item, sameLevel, dayBefore ?? '0001-01-01', aliases);
        if (m.ok && (m.value.validAtDate || !dayBefore)) predecessors.push({ code: m.value.unit.code, source: source || '-' });
        else {
          const ambiguous = !m.ok && m.error.code === 'UNIT.AMBIGUOUS';
          faults.push(
            fault(
              ambiguous ? 'IMPORT.AMBIGUOUS_UNIT' : 'IMPORT.UNKNOWN_UNIT',
              line,
              'predecessors',
              `${ambiguous ? 'nhiều' : 'không có'} đơn vị ${level} ${dayBefore ? `còn hiệu lực ngày ${dayBefore} ` : ''}khớp "${item}"`,
              `${ambiguous ? 'several' : 'no'} ${level} units ${dayBefore ? `valid on ${dayBefore} ` : ''}match "${item}"`,
              { written: item, ...(m.ok ? {} : (m.error.details ?? {})) },
            ),
          );
        }
      }
    }
    if (faults.length > 0 || !level) {
      reject();
      continue;
    }
    const code = cell('code') || (parent ? `${parent.code}/${slugifyUnitName(name)}` : slugifyUnitName(name));
    if (!UnitCodeSchema.safeParse(code).success) {
      faults.push(fault('IMPORT.BAD_VALUE', line, 'code', `mã "${code}" không đúng dạng slug`, `code "${code}" is not a slug path`));
      reject();
      continue;
    }
    const unit: Unit = {
      code,
      level,
      ...(kind ? { kind } : {}),
      name,
      parentCode: parent?.code ?? null,
      ...(gso ? { gsoCode: gso } : {}),
      ...(communeGroup ? { communeGroup } : {}),
      ...(validFrom ? { validFrom } : {}),
      ...(validTo ? { validTo } : {}),
      ...(source && (validFrom || validTo) ? { validitySource: source } : {}),
      ...(predecessors.length > 0 ? { predecessors } : {}),
    };
    // The same code already known: identical → unchanged; same period → update of that version; else a new version.
    const same = known.find((u) => u.code === code && periodsOverlap(u, unit));
    const versionsOfCode = known.filter((u) => u.code === code);
    if (same && input.existing.includes(same)) {
      const identical = JSON.stringify({ ...same }) === JSON.stringify({ ...same, ...unit });
      if (same.level !== unit.level || same.parentCode !== unit.parentCode) {
        faults.push(
          fault(
            'IMPORT.CONFLICT',
            line,
            'code',
            `đơn vị "${code}" đã có (cấp ${same.level}, cấp trên ${same.parentCode ?? '—'}) trong cùng thời gian`,
            `unit "${code}" already exists (${same.level} under ${same.parentCode ?? '—'}) in the same period`,
          ),
        );
        reject();
        continue;
      }
      const merged: Unit = { ...same, ...unit };
      known.splice(known.indexOf(same), 1, merged);
      accepted.push({ line, unit: merged, change: identical ? 'unchanged' : 'update', cells: [...rec.cells] });
      continue;
    }
    if (same) {
      faults.push(
        fault(
          'IMPORT.DUPLICATE_UNIT',
          line,
          'code',
          `mã "${code}" đã có ở một dòng trước trong cùng thời gian`,
          `code "${code}" is already on an earlier line for the same period`,
        ),
      );
      reject();
      continue;
    }
    known.push(unit);
    accepted.push({ line, unit, change: versionsOfCode.length > 0 ? 'new-version' : 'create', cells: [...rec.cells] });
  }

  // The whole list, as loadUnits sees it; a fault in a file row rejects that row, then again.
  for (let guard = 0; guard <= accepted.length; guard++) {
    const base = input.existing.filter(
      (u) => !accepted.some((a) => a.change !== 'create' && a.change !== 'new-version' && a.unit.code === u.code && periodsOverlap(a.unit, u)),
    );
    const list = [...base, ...accepted.map((a) => a.unit)];
    const r = loadUnits(list);
    if (r.ok) break;
    const m = /^(\d+)\.([A-Za-z]+)(?:\.(\d+))?/.exec(r.error.path ?? '');
    const index = m ? Number(m[1]) : -1;
    const row = index >= base.length ? accepted[index - base.length] : undefined;
    if (!row) {
      return err(
        domainError(
          'IMPORT.EXISTING_UNITS_INVALID',
          `Danh sách đơn vị hiện có không hợp lệ: ${r.error.messageVi}`,
          `The existing units are invalid: ${r.error.messageEn}`,
          {
            ...(r.error.path ? { path: r.error.path } : {}),
            details: { cause: r.error },
          },
        ),
      );
    }
    const field = m?.[2] ?? '*';
    const column =
      field === 'parentCode'
        ? 'parent'
        : field === 'gsoCode'
          ? 'gsocode'
          : field === 'validTo'
            ? 'validto'
            : field === 'validFrom'
              ? 'validfrom'
              : field === 'predecessors'
                ? 'predecessors'
                : field === 'code'
                  ? 'code'
                  : '*';
    accepted.splice(accepted.indexOf(row), 1);
    rejected.push({
      line: row.line,
      cells: row.cells,
      faults: [fault(r.error.code, row.line, column, r.error.messageVi, r.error.messageEn, { path: r.error.path, ...(r.error.details ?? {}) })],
    });
  }
  rejected.sort((a, b) => a.line - b.line);
  return ok({ rows: rows.length, accepted: accepted.map(({ line, unit, change }) => ({ line, unit, change })), rejected });
}
