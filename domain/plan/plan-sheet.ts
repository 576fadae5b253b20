/**
 * Issue 14: a plan year's registrations and deadlines read from a spreadsheet laid out like the plan
 * letters' tables (seed 002: "đăng ký xã đạt chuẩn năm 2024: Quài Cang, Quài Nưa, Chiềng Sinh"; "hạn nộp
 * hồ sơ: hết tháng 8/2024"). One sheet, one header line, one row per registration or deadline:
 *
 *   kind       | unit            | title              | stage          | due        | description
 *   đăng ký    | Xã Quài Cang    | commune.dat-chuan  |                |            |
 *   hạn        |                 | commune.dat-chuan  | commune.submit | 31/08/2027 | Xã nộp hồ sơ đề nghị …
 *
 * The criteria import's rules (domain/import): the header must be the documented one (refused whole,
 * the column named), every faulty cell is named by line and column in both languages (`fault`), and a
 * sheet with any faulty row changes nothing — the rejected rows come back with their cells for fixing.
 */
import { parseVnDate, PlanStageSchema, PlanTitleSchema, type PlanDeadline, type PlanRegistration, type PlanTitle, type PlanYear } from '../calendar';
import { domainError, err, ok, type Result } from '../errors';
import { fault, isBlankRecord, type RejectedRow, type RowFault, type SheetRecord } from '../import';
import { TITLE_DEFINITIONS } from '../titles';
import { displayName, matchUnit, type Unit } from '../units';
import { inForceInYear, periodWords } from './plan-units';

export const PLAN_SHEET_HEADER = ['kind', 'unit', 'title', 'stage', 'due', 'description'] as const;

const REGISTRATION = new Set(['đăng ký', 'dang ky', 'registration']);
const DEADLINE = new Set(['hạn', 'han', 'deadline']);

export interface PlanSheet {
  registrations: PlanRegistration[];
  deadlines: PlanDeadline[];
  rows: number;
}

/** A title by id ("commune.dat-chuan") or by its Vietnamese name ("Xã đạt chuẩn nông thôn mới"). */
function titleOf(text: string): PlanTitle | undefined {
  const t = text.trim();
  const byId = PlanTitleSchema.safeParse(t);
  if (byId.success) return byId.data;
  const def = TITLE_DEFINITIONS.find((d) => d.nameVi.toLowerCase() === t.toLowerCase());
  const r = def ? PlanTitleSchema.safeParse(def.id) : undefined;
  return r?.success ? r.data : undefined;
}

/**
 * Reads the sheet against the plan it changes: units are matched by name among the plan unit's
 * subtree; a deadline keeps the id of the plan's deadline of the same stage (so running dossiers see it
 * as the same deadline moved), else its stage becomes its id.
 */
export function readPlanSheet(
  records: readonly SheetRecord[],
  plan: Pick<PlanYear, 'year' | 'unitCode' | 'deadlines'>,
  units: readonly Unit[],
): Result<PlanSheet> {
  const [head, ...body] = records.filter((r) => !isBlankRecord(r));
  if (!head) return err(domainError('IMPORT.EMPTY', 'Tệp không có dữ liệu', 'The file has no data', { path: 'file' }));
  const header = head.cells.map((c) => c.trim().toLowerCase());
  for (let i = 0; i < PLAN_SHEET_HEADER.length; i++) {
    if (header[i] !== PLAN_SHEET_HEADER[i]) {
      return err(
        domainError(
          'IMPORT.BAD_HEADER',
          `Dòng tiêu đề ${head.line}, cột ${i + 1}: cần "${PLAN_SHEET_HEADER[i]}", gặp "${head.cells[i] ?? ''}" (tiêu đề đúng: ${PLAN_SHEET_HEADER.join(', ')})`,
          `Header line ${head.line}, column ${i + 1}: expected "${PLAN_SHEET_HEADER[i]}", found "${head.cells[i] ?? ''}" (header: ${PLAN_SHEET_HEADER.join(', ')})`,
          { path: `line ${head.line}, column ${i + 1}`, details: { line: head.line, expected: PLAN_SHEET_HEADER } },
        ),
      );
    }
  }
  if (body.length === 0) {
    return err(
      domainError(
        'IMPORT.EMPTY',
        `Tệp chỉ có dòng tiêu đề (dòng ${head.line}), không có dòng đăng ký hay hạn nào: kế hoạch không thay đổi`,
        `The file has only its header (line ${head.line}), no registration or deadline row: the plan is unchanged`,
        { path: 'file' },
      ),
    );
  }
  // Units of the plan's area that exist in its year; a name matching only an abolished (or later) unit is
  // refused with that unit's period, never matched to it.
  const area = units.filter((u) => u.code === plan.unitCode || u.code.startsWith(`${plan.unitCode}/`));
  const scope = area.filter((u) => inForceInYear(u, plan.year));
  const registrations: PlanRegistration[] = [];
  const deadlines: PlanDeadline[] = [];
  const rejected: RejectedRow[] = [];
  for (const rec of body) {
    const cell = (name: (typeof PLAN_SHEET_HEADER)[number]) => (rec.cells[PLAN_SHEET_HEADER.indexOf(name)] ?? '').trim();
    const faults: RowFault[] = [];
    const f = (column: string, vi: string, en: string) => faults.push(fault('IMPORT.BAD_CELL', rec.line, column, vi, en));
    const kind = cell('kind').toLowerCase();
    if (REGISTRATION.has(kind)) {
      const title = titleOf(cell('title'));
      if (!title) f('title', `danh hiệu "${cell('title')}" không có`, `unknown title "${cell('title')}"`);
      const m = matchUnit(cell('unit'), scope);
      if (!m.ok) {
        const gone = matchUnit(cell('unit'), area);
        if (gone.ok) {
          const p = periodWords(gone.value);
          f(
            'unit',
            `${displayName(gone.value)} không tồn tại trong năm ${plan.year} (${p.vi})`,
            `${displayName(gone.value)} does not exist in ${plan.year} (${p.en})`,
          );
        } else f('unit', `không tìm thấy đơn vị "${cell('unit')}" trong địa bàn của kế hoạch`, `no unit "${cell('unit')}" within the plan's area`);
      }
      if (faults.length === 0 && m.ok && title)
        registrations.push({ unitCode: m.value.code, unitName: m.value.name, title, sourceNote: `bảng kế hoạch, dòng ${rec.line}` });
    } else if (DEADLINE.has(kind)) {
      const stage = PlanStageSchema.safeParse(cell('stage'));
      if (!stage.success) f('stage', `bước "${cell('stage')}" không có`, `unknown stage "${cell('stage')}"`);
      const titles = cell('title')
        .split(/[;,]/)
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => [t, titleOf(t)] as const);
      for (const [t, id] of titles) if (!id) f('title', `danh hiệu "${t}" không có`, `unknown title "${t}"`);
      if (titles.length === 0) f('title', 'cần ít nhất một danh hiệu', 'at least one title is needed');
      const due = parseVnDate(cell('due'));
      if (!due.ok) f('due', `"${cell('due')}" không phải ngày dạng dd/mm/yyyy`, `"${cell('due')}" is not a dd/mm/yyyy date`);
      if (!cell('description')) f('description', 'cần nêu nội dung công việc', 'the description is empty');
      if (faults.length === 0 && stage.success && due.ok) {
        const same = plan.deadlines.find((d) => d.stage === stage.data);
        deadlines.push({
          id: same?.id ?? stage.data.replace(/_/g, '-'),
          stage: stage.data,
          titles: titles.map(([, id]) => id!),
          descriptionVi: cell('description'),
          due: due.value,
          sourceNote: `bảng kế hoạch, dòng ${rec.line}`,
        });
      }
    } else {
      f('kind', `loại dòng "${cell('kind')}" không có (cần "đăng ký" hoặc "hạn")`, `unknown row kind "${cell('kind')}" (registration or deadline)`);
    }
    if (faults.length > 0) rejected.push({ line: rec.line, cells: [...rec.cells], faults });
  }
  if (rejected.length > 0) {
    const first = rejected[0]!.faults[0]!;
    return err(
      domainError(
        'IMPORT.ROWS_REJECTED',
        `${rejected.length} dòng có lỗi, kế hoạch không thay đổi. ${first.messageVi}`,
        `${rejected.length} row(s) with errors, the plan is unchanged. ${first.messageEn}`,
        { path: `line ${first.line}, column ${first.column}`, details: { rejected } },
      ),
    );
  }
  return ok({ registrations, deadlines, rows: body.length });
}

/**
 * A plan as a form or an API client sends it may write its dates dd/mm/yyyy (as the letters do): each
 * deadline's `due` and `opens` in that form becomes yyyy-mm-dd before validation; anything else is left
 * for the schema to judge (and name).
 */
export function normalizePlanDates(input: unknown): unknown {
  if (!input || typeof input !== 'object' || !Array.isArray((input as { deadlines?: unknown }).deadlines)) return input;
  const p = input as { deadlines: unknown[] };
  const iso = (v: unknown): unknown => {
    if (typeof v !== 'string' || !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(v.trim())) return v;
    const r = parseVnDate(v.trim());
    return r.ok ? r.value : v;
  };
  return {
    ...p,
    deadlines: p.deadlines.map((d) =>
      d && typeof d === 'object'
        ? { ...d, due: iso((d as { due?: unknown }).due), ...('opens' in d ? { opens: iso((d as { opens?: unknown }).opens) } : {}) }
        : d,
    ),
  };
}
