import { DepartmentCodeSchema, type DepartmentCode } from '../departments';
import { domainError, err, ok, type Result } from '../errors';
import { loadCriteriaSet, REGION_CODES, UNITS, type CriteriaSet, type CriteriaSetInput, type MeasureUnit, type RegionCode } from '../criteria';
import { isBlankRecord, type SheetRecord } from './csv';
import type { RowFault } from './criteria-sheet';
import { fault } from './criteria-sheet';

/**
 * A criteria set from the rows of an annex table (CSV, or an .xlsx worksheet read into records by
 * the caller), laid out as the official annexes are: one row per criterion heading and one per
 * indicator.
 *
 *   criterion,criterion_name,indicator,indicator_name,unit,kind,threshold,group_1,group_2,group_3,source,sourced
 *
 * Header names are matched ignoring case and spaces; order is free. Required: `criterion`,
 * `indicator`, `indicator_name`. Optional: `criterion_name`, `criterion_name_en`,
 * `indicator_name_en`, `unit` (%, triệu đồng/người/năm, điểm, km, or the key), `kind` (min | max |
 * judgement; also "tối thiểu", "tối đa", "đánh giá"), `threshold` (the default), `group_1`…`group_3`
 * (per commune group: only groups the set defines), `region_<code>` (per region, codes of
 * REGION_CODES), `source`, `sourced` (true/false, có/không, 1/0, x), `owner` (a department code),
 * `note`.
 *
 * A row with an empty `indicator` is the criterion's heading (its name in `criterion_name`). Numbers
 * may use a comma or a dot as the decimal mark and may carry ≥, ≤ or %. An empty threshold stays
 * empty: nothing is filled in. Everything the set's metadata needs (id, version, names, scope,
 * period, legal basis, commune groups, default owners) comes from `meta`, not from the rows.
 *
 * Every fault is reported, each with its line, column and reason in Vietnamese and English; the set
 * is built only when there is none. Faults the criteria-set validator finds after building (e.g. a
 * percentage over 100) are mapped back to the row they came from.
 */
export interface CriteriaSetRowsMeta extends Omit<CriteriaSetInput, 'criteria' | 'groups'> {
  readonly groups?: CriteriaSetInput['groups'];
  /** Criterion code → its group code (default: the first group). */
  readonly criterionGroups?: Readonly<Record<string, string>>;
  /** Criterion code → its owners, when the rows give no `owner`. */
  readonly owners?: Readonly<Record<string, readonly DepartmentCode[]>>;
  /** Criterion code → supporting departments. */
  readonly supporting?: Readonly<Record<string, readonly DepartmentCode[]>>;
  /** Owner for criteria neither the rows nor `owners` place. */
  readonly defaultOwner?: DepartmentCode;
  /** Criterion codes the legal text has: one the rows lack is a fault. */
  readonly expectedCriteria?: readonly string[];
}

export interface CriteriaSetFromRows {
  readonly set: CriteriaSet;
  readonly rows: number;
  /** Indicator code → the line it was read from. */
  readonly lines: Readonly<Record<string, number>>;
}

const KNOWN = [
  'criterion',
  'criterion_name',
  'criterion_name_en',
  'indicator',
  'indicator_name',
  'indicator_name_en',
  'unit',
  'kind',
  'threshold',
  'source',
  'sourced',
  'owner',
  'note',
];
const REQUIRED = ['criterion', 'indicator', 'indicator_name'];

const UNIT_WORDS: Readonly<Record<string, MeasureUnit>> = {
  ...Object.fromEntries((Object.keys(UNITS) as MeasureUnit[]).flatMap((k) => [[k, k], ...(UNITS[k].vi ? [[UNITS[k].vi.toLowerCase(), k]] : [])])),
  'phần trăm': 'percent',
  'tr.đ/người/năm': 'trieu-dong/nguoi/nam',
  'số lượng': 'so-luong',
};

const KIND_WORDS: Readonly<Record<string, 'min' | 'max' | 'judgement'>> = {
  min: 'min',
  'tối thiểu': 'min',
  '≥': 'min',
  '>=': 'min',
  max: 'max',
  'tối đa': 'max',
  '≤': 'max',
  '<=': 'max',
  judgement: 'judgement',
  'đánh giá': 'judgement',
  đạt: 'judgement',
};

const TRUE_WORDS = new Set(['true', '1', 'x', 'có', 'co', 'yes']);
const FALSE_WORDS = new Set(['', 'false', '0', 'không', 'khong', 'no']);

/** "70", "70,5", "≥ 70%", "1.5" → number; "" → undefined; anything else → NaN. */
export function parseThresholdNumber(text: string): number | undefined {
  const t = text
    .trim()
    .replace(/^(≥|≤|>=|<=)\s*/, '')
    .replace(/\s*%$/, '');
  if (t === '') return undefined;
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return Number.NaN;
  return Number(t.replace(',', '.'));
}

interface IndicatorDraft {
  line: number;
  code: string;
  nameVi: string;
  nameEn: string;
  kind: 'min' | 'max' | 'judgement';
  unit?: MeasureUnit;
  value?: number;
  byGroup: Partial<Record<'1' | '2' | '3', number>>;
  byRegion: Partial<Record<RegionCode, number>>;
  sourced: boolean;
  source?: string;
  note?: string;
  owner?: DepartmentCode;
}

interface CriterionDraft {
  code: string;
  line: number;
  nameVi?: string;
  nameEn?: string;
  nameLine?: number;
  indicators: IndicatorDraft[];
  /** Indicator rows of this criterion that were rejected. */
  rejected: number;
}

export function criteriaSetFromRows(input: { records: readonly SheetRecord[]; meta: CriteriaSetRowsMeta }): Result<CriteriaSetFromRows> {
  const { meta } = input;
  const records = input.records.filter((r) => !isBlankRecord(r));
  const header = records[0];
  if (!header) return err(domainError('IMPORT.EMPTY_FILE', 'Tệp không có dòng tiêu đề và dữ liệu', 'The file has no header and no data', { path: 'line 1' }));
  const groups = new Set((meta.communeGroups?.groups ?? []).map((g) => String(g.group)));
  const names = header.cells.map((c) => c.trim().toLowerCase().replace(/\s+/g, '_'));
  const headerFaults: RowFault[] = [];
  for (const [i, n] of names.entries()) {
    const col = n || `#${i + 1}`;
    const g = /^group_(\d+)$/.exec(n);
    const r = /^region_(.+)$/.exec(n);
    if (g) {
      if (!groups.has(g[1]!)) {
        headerFaults.push(
          fault(
            'CRITERIA_FILE.UNKNOWN_GROUP',
            header.line,
            col,
            `ngưỡng cho nhóm xã ${g[1]} nhưng bộ chỉ có nhóm ${[...groups].join('/') || '(không có nhóm)'}`,
            `threshold for commune group ${g[1]}, but the set defines groups ${[...groups].join('/') || '(none)'}`,
          ),
        );
      }
    } else if (r) {
      if (!(REGION_CODES as readonly string[]).includes(r[1]!)) {
        headerFaults.push(
          fault(
            'CRITERIA_FILE.UNKNOWN_REGION',
            header.line,
            col,
            `vùng "${r[1]}" không có (${REGION_CODES.join(', ')})`,
            `no region "${r[1]}" (${REGION_CODES.join(', ')})`,
          ),
        );
      }
    } else if (!KNOWN.includes(n)) {
      headerFaults.push(fault('IMPORT.BAD_HEADER', header.line, col, `cột "${header.cells[i]}" không xác định`, `unknown column "${header.cells[i]}"`));
    }
    if (names.indexOf(n) !== i) headerFaults.push(fault('IMPORT.BAD_HEADER', header.line, col, `cột "${n}" lặp lại`, `column "${n}" appears twice`));
  }
  for (const req of REQUIRED) {
    if (!names.includes(req))
      headerFaults.push(fault('IMPORT.BAD_HEADER', header.line, req, `thiếu cột bắt buộc "${req}"`, `required column "${req}" is missing`));
  }
  if (headerFaults.length > 0) return err(refusal(headerFaults));

  const faults: RowFault[] = [];
  const criteria = new Map<string, CriterionDraft>();
  const indicatorLines = new Map<string, number>();
  const rows = records.slice(1);
  for (const rec of rows) {
    const line = rec.line;
    if (rec.cells.length > names.length && rec.cells.slice(names.length).some((c) => c.trim() !== '')) {
      faults.push(
        fault(
          'IMPORT.COLUMN_COUNT',
          line,
          '*',
          `dòng có ${rec.cells.length} cột, tiêu đề có ${names.length} cột`,
          `the row has ${rec.cells.length} columns, the header has ${names.length}`,
        ),
      );
      continue;
    }
    const cell = (n: string) => {
      const i = names.indexOf(n);
      return i >= 0 ? (rec.cells[i] ?? '').trim().replace(/\s+/g, ' ') : '';
    };
    const cCode = cell('criterion').replace(/\.$/, '');
    const iCode = cell('indicator');
    if (cCode === '') {
      faults.push(fault('CRITERIA_FILE.MISSING_VALUE', line, 'criterion', 'thiếu mã tiêu chí', 'the criterion code is empty'));
      continue;
    }
    if (!/^[0-9A-Z]+$/.test(cCode)) {
      faults.push(
        fault('IMPORT.BAD_VALUE', line, 'criterion', `mã tiêu chí "${cCode}" không đúng dạng (ví dụ "3")`, `criterion code "${cCode}" is not like "3"`),
      );
      continue;
    }
    const c: CriterionDraft = criteria.get(cCode) ?? { code: cCode, line, indicators: [], rejected: 0 };
    criteria.set(cCode, c);
    const cName = cell('criterion_name');
    if (cName) {
      if (c.nameVi && c.nameVi !== cName) {
        faults.push(
          fault(
            'CRITERIA_FILE.DUPLICATE_CODE',
            line,
            'criterion_name',
            `tiêu chí ${cCode} đã có tên "${c.nameVi}" ở dòng ${c.nameLine}`,
            `criterion ${cCode} is already named "${c.nameVi}" on line ${c.nameLine}`,
            { firstLine: c.nameLine },
          ),
        );
      } else if (!c.nameVi) {
        c.nameVi = cName;
        c.nameLine = line;
      }
    }
    const cNameEn = cell('criterion_name_en');
    if (cNameEn && !c.nameEn) c.nameEn = cNameEn;
    if (iCode === '') {
      if (!cName)
        faults.push(
          fault(
            'CRITERIA_FILE.MISSING_VALUE',
            line,
            'criterion_name',
            'dòng tiêu chí không có tên tiêu chí',
            'a criterion heading row without the criterion name',
          ),
        );
      const valued = ['unit', 'kind', 'threshold', ...names.filter((n) => /^(group|region)_/.test(n))].filter((n) => cell(n) !== '');
      if (valued.length > 0) {
        faults.push(
          fault(
            'CRITERIA_FILE.MISPLACED_VALUE',
            line,
            valued[0]!,
            'ngưỡng phải ở dòng chỉ tiêu, không ở dòng tiêu chí',
            'thresholds belong on an indicator row, not the criterion heading',
          ),
        );
      }
      continue;
    }
    const rowFaults: RowFault[] = [];
    if (!/^[0-9A-Z]+(\.[0-9A-Za-z]+)*$/.test(iCode)) {
      rowFaults.push(
        fault('IMPORT.BAD_VALUE', line, 'indicator', `mã chỉ tiêu "${iCode}" không đúng dạng (ví dụ "3.1")`, `indicator code "${iCode}" is not like "3.1"`),
      );
    } else if (iCode !== cCode && !iCode.startsWith(`${cCode}.`)) {
      rowFaults.push(
        fault(
          'IMPORT.BAD_VALUE',
          line,
          'indicator',
          `mã chỉ tiêu "${iCode}" phải bắt đầu bằng mã tiêu chí "${cCode}"`,
          `indicator code "${iCode}" must start with criterion code "${cCode}"`,
        ),
      );
    }
    const first = indicatorLines.get(iCode);
    if (first !== undefined) {
      rowFaults.push(
        fault(
          'CRITERIA_FILE.DUPLICATE_CODE',
          line,
          'indicator',
          `chỉ tiêu "${iCode}" đã có ở dòng ${first}`,
          `indicator "${iCode}" is already on line ${first}`,
          { firstLine: first },
        ),
      );
    }
    const nameVi = cell('indicator_name');
    if (nameVi === '') rowFaults.push(fault('CRITERIA_FILE.MISSING_VALUE', line, 'indicator_name', 'thiếu tên chỉ tiêu', 'the indicator name is empty'));
    const kindText = cell('kind').toLowerCase();
    let kind = KIND_WORDS[kindText];
    const unitText = cell('unit');
    const unit = unitText === '' ? undefined : UNIT_WORDS[unitText.toLowerCase()];
    if (unitText !== '' && !unit) {
      rowFaults.push(
        fault(
          'IMPORT.BAD_VALUE',
          line,
          'unit',
          `đơn vị "${unitText}" chưa hỗ trợ (${Object.keys(UNITS).join(', ')})`,
          `unit "${unitText}" is not supported (${Object.keys(UNITS).join(', ')})`,
        ),
      );
    }
    const num = (n: string): number | undefined => {
      const v = parseThresholdNumber(cell(n));
      if (v !== undefined && Number.isNaN(v)) {
        rowFaults.push(fault('IMPORT.BAD_VALUE', line, n, `"${cell(n)}" không phải số`, `"${cell(n)}" is not a number`));
        return undefined;
      }
      return v;
    };
    const value = num('threshold');
    const byGroup: IndicatorDraft['byGroup'] = {};
    for (const n of names) {
      const g = /^group_(\d+)$/.exec(n);
      if (g) {
        const v = num(n);
        if (v !== undefined) byGroup[g[1] as '1' | '2' | '3'] = v;
      }
    }
    const byRegion: IndicatorDraft['byRegion'] = {};
    for (const n of names) {
      const r = /^region_(.+)$/.exec(n);
      if (r) {
        const v = num(n);
        if (v !== undefined) byRegion[r[1] as RegionCode] = v;
      }
    }
    const hasNumber = value !== undefined || Object.keys(byGroup).length > 0 || Object.keys(byRegion).length > 0;
    if (kindText !== '' && !kind) {
      rowFaults.push(
        fault(
          'IMPORT.BAD_VALUE',
          line,
          'kind',
          `loại ngưỡng "${cell('kind')}" không hợp lệ (min, max, judgement)`,
          `threshold kind "${cell('kind')}" is not min, max or judgement`,
        ),
      );
    }
    if (kindText === '') kind = hasNumber || unit ? undefined : 'judgement';
    if (kindText === '' && (hasNumber || unit)) {
      rowFaults.push(
        fault(
          'CRITERIA_FILE.MISSING_VALUE',
          line,
          'kind',
          'có ngưỡng số nhưng thiếu loại (min: đạt khi ≥, max: đạt khi ≤)',
          'a numeric threshold needs its kind (min: met when ≥, max: met when ≤)',
        ),
      );
    }
    if ((kind === 'min' || kind === 'max') && !unit && unitText === '') {
      rowFaults.push(fault('CRITERIA_FILE.MISSING_VALUE', line, 'unit', 'ngưỡng số phải có đơn vị', 'a numeric threshold needs its unit'));
    }
    if (kind === 'judgement' && hasNumber) {
      rowFaults.push(
        fault(
          'CRITERIA_FILE.MISPLACED_VALUE',
          line,
          'threshold',
          'chỉ tiêu đánh giá đạt/không đạt không có ngưỡng số',
          'a judged indicator has no numeric threshold',
        ),
      );
    }
    const sourcedText = cell('sourced').toLowerCase();
    const sourced = TRUE_WORDS.has(sourcedText) ? true : FALSE_WORDS.has(sourcedText) ? false : undefined;
    if (sourced === undefined)
      rowFaults.push(fault('IMPORT.BAD_VALUE', line, 'sourced', `"${cell('sourced')}" không phải có/không`, `"${cell('sourced')}" is not true/false`));
    const source = cell('source');
    if (sourced && source === '')
      rowFaults.push(fault('CRITERIA_FILE.MISSING_VALUE', line, 'source', 'đánh dấu có nguồn nhưng thiếu nguồn', 'marked sourced without a source'));
    const ownerText = cell('owner');
    const owner = ownerText === '' ? undefined : DepartmentCodeSchema.safeParse(ownerText).data;
    if (ownerText !== '' && !owner)
      rowFaults.push(fault('IMPORT.BAD_VALUE', line, 'owner', `phòng, ban "${ownerText}" không có`, `no department "${ownerText}"`));
    if (rowFaults.length > 0) {
      faults.push(...rowFaults);
      c.rejected += 1;
      continue;
    }
    indicatorLines.set(iCode, line);
    const note = cell('note');
    c.indicators.push({
      line,
      code: iCode,
      nameVi,
      nameEn: cell('indicator_name_en') || nameVi,
      kind: kind!,
      ...(unit ? { unit } : {}),
      ...(value !== undefined ? { value } : {}),
      byGroup,
      byRegion,
      sourced: sourced!,
      ...(source ? { source } : {}),
      ...(note ? { note } : {}),
      ...(owner ? { owner } : {}),
    });
  }
  for (const c of criteria.values()) {
    if (!c.nameVi) {
      faults.push(
        fault(
          'CRITERIA_FILE.MISSING_CRITERION',
          c.line,
          'criterion_name',
          `tiêu chí ${c.code} không có dòng tiêu chí (tên tiêu chí)`,
          `criterion ${c.code} has no heading row (criterion name)`,
        ),
      );
    }
    if (c.indicators.length === 0 && c.rejected === 0) {
      faults.push(
        fault('CRITERIA_FILE.NO_INDICATORS', c.line, 'indicator', `tiêu chí ${c.code} không có chỉ tiêu nào`, `criterion ${c.code} has no indicator`),
      );
    }
  }
  const lastLine = rows.length > 0 ? rows[rows.length - 1]!.line : header.line;
  for (const code of meta.expectedCriteria ?? []) {
    if (!criteria.has(code)) {
      faults.push(
        fault(
          'CRITERIA_FILE.MISSING_CRITERION',
          lastLine,
          'criterion',
          `thiếu tiêu chí ${code} (văn bản có ${meta.expectedCriteria!.join(', ')})`,
          `criterion ${code} is missing (the legal text has ${meta.expectedCriteria!.join(', ')})`,
        ),
      );
    }
  }
  if (faults.length > 0) return err(refusal(faults));

  const groupCodes = meta.groups ?? [{ code: 'bo-tieu-chi', nameVi: 'Bộ tiêu chí', nameEn: 'Criteria' }];
  const drafts = [...criteria.values()];
  const built = drafts.map((c) => {
    const rowOwners = [...new Set(c.indicators.flatMap((i) => (i.owner ? [i.owner] : [])))];
    const owners = rowOwners.length > 0 ? rowOwners : [...(meta.owners?.[c.code] ?? (meta.defaultOwner ? [meta.defaultOwner] : []))];
    return {
      code: c.code,
      nameVi: c.nameVi!,
      nameEn: c.nameEn ?? c.nameVi!,
      group: meta.criterionGroups?.[c.code] ?? groupCodes[0]!.code,
      owners,
      supporting: [...(meta.supporting?.[c.code] ?? [])].filter((d) => !owners.includes(d)),
      indicators: c.indicators.map((i) => ({
        code: i.code,
        nameVi: i.nameVi,
        nameEn: i.nameEn,
        ...(i.owner && rowOwners.length > 1 ? { owner: i.owner } : {}),
        threshold:
          i.kind === 'judgement'
            ? { kind: 'judgement' as const, sourced: i.sourced, ...(i.source ? { source: i.source } : {}), ...(i.note ? { note: i.note } : {}) }
            : {
                kind: i.kind,
                unit: i.unit!,
                ...(i.value !== undefined ? { value: i.value } : {}),
                ...(Object.keys(i.byGroup).length ? { byGroup: i.byGroup } : {}),
                ...(Object.keys(i.byRegion).length ? { byRegion: i.byRegion } : {}),
                sourced: i.sourced,
                ...(i.source ? { source: i.source } : {}),
                ...(i.note ? { note: i.note } : {}),
              },
      })),
    };
  });
  const { criterionGroups: _g, owners: _o, supporting: _s, defaultOwner: _d, expectedCriteria: _e, ...setMeta } = meta;
  void [_g, _o, _s, _d, _e];
  const r = loadCriteriaSet({ ...setMeta, groups: groupCodes, criteria: built });
  if (!r.ok) {
    // Map `criteria.<i>.indicators.<j>…` back to the row.
    const m = /^criteria\.(\d+)(?:\.indicators\.(\d+))?(?:\.(.*))?$/.exec(r.error.path ?? '');
    const c = m ? drafts[Number(m[1])] : undefined;
    const ind = c && m?.[2] !== undefined ? c.indicators[Number(m[2])] : undefined;
    const line = ind?.line ?? c?.line ?? header.line;
    const rest = m?.[3] ?? '';
    const column = ind ? columnFor(rest, names) : rest.startsWith('owners') ? 'owner' : '*';
    return err(refusal([fault(r.error.code, line, column, r.error.messageVi, r.error.messageEn, { path: r.error.path })]));
  }
  const lines: Record<string, number> = {};
  for (const c of drafts) for (const i of c.indicators) lines[i.code] = i.line;
  return ok({ set: r.value, rows: rows.length, lines });
}

function columnFor(rest: string, names: readonly string[]): string {
  const g = /threshold\.byGroup\.(\d)/.exec(rest);
  if (g) return `group_${g[1]}`;
  const r = /threshold\.byRegion\.(.+)/.exec(rest);
  if (r) return `region_${r[1]}`;
  if (rest.startsWith('threshold.value')) return 'threshold';
  if (rest.startsWith('threshold.source')) return 'source';
  if (rest.startsWith('owner')) return names.includes('owner') ? 'owner' : '*';
  if (rest === 'code') return 'indicator';
  return '*';
}

function refusal(faults: readonly RowFault[]) {
  const f = faults[0]!;
  const more = faults.length > 1 ? ` (+${faults.length - 1})` : '';
  return domainError('CRITERIA_FILE.INVALID', `${f.messageVi}${more}`, `${f.messageEn}${more}`, {
    path: `line ${f.line}, column ${f.column}`,
    details: { faults },
  });
}

/** The metadata of an existing set (e.g. the built-in 2026-2030 frame), to read its annex rows against. */
export function metaFromSet(set: CriteriaSet, overrides: Partial<CriteriaSetRowsMeta> = {}): CriteriaSetRowsMeta {
  const { criteria, ...rest } = set;
  return {
    ...rest,
    criterionGroups: Object.fromEntries(criteria.map((c) => [c.code, c.group])),
    owners: Object.fromEntries(criteria.map((c) => [c.code, c.owners])),
    supporting: Object.fromEntries(criteria.map((c) => [c.code, c.supporting])),
    expectedCriteria: criteria.map((c) => c.code),
    ...overrides,
  };
}
