/**
 * Imports of officials' spreadsheets into the database: criteria status (CriteriaMark history rows
 * with one ImportBatch), administrative units, and commune groups (Unit.communeGroup, one ImportBatch
 * and one audit-chain record per unit whose group changes). File reading, hashing and the transaction live here;
 * every judgement about the content is made by domain/import.
 *
 * - One transaction per file: nothing is written unless the whole file is accepted, or, with
 *   `partial: true`, only the accepted rows are written and the rejected ones recorded in the batch.
 * - Idempotent: a file already imported with the same set and as-of date (same SHA-256) is not
 *   imported again; a mark already recorded with the same value for the same unit, set, criterion
 *   and date is not written twice. A mark recorded with the other value for that same date is a
 *   conflict (`IMPORT.CONFLICT`): history rows are never changed in place; a correction is a new sheet
 *   with a new as-of date.
 * - The criteria set and the as-of date come from the caller, never from the file name or content.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { LocalDateSchema } from '../domain/calendar';
import { getCriteriaSet } from '../domain/criteria';
import { AppError } from '../domain/errors';
import {
  isBlankRecord,
  parseCsv,
  validateCommuneGroupsSheet,
  validateCriteriaSheet,
  validateUnitsHistorySheet,
  validateUnitsSheet,
  type AcceptedCriteriaRow,
  type CommuneGroupRow,
  type CriteriaRowWarning,
  type RejectedRow,
  type SheetRecord,
} from '../domain/import';
import { DIEN_BIEN_HISTORY_ALIASES, UnitLevelSchema, type Unit, type UnitAlias } from '../domain/units';
import { parseWith } from '../domain/validation';
import type { Db } from '../prisma/db';
import { appendAudit, dbProvider } from '../store/audit-chain';
import { loadUnits, writeUnits } from '../store/units';

export interface ImportDeps {
  readonly db: Db;
  /** The clock (recordedAt, importedAt). */
  readonly now?: () => Date;
  /** Alternative spellings of unit names; default: Điện Biên's, limited to units in the database. */
  readonly aliases?: readonly UnitAlias[];
  /** Called as marks are written: (written so far, to write). */
  readonly onProgress?: (done: number, total: number) => void;
}

export const ImportCriteriaInputSchema = z.object({
  path: z.string().min(1),
  /** Name recorded in the batch; default: the file's base name. */
  fileName: z.string().min(1).optional(),
  setId: z.string().min(1),
  asOf: LocalDateSchema,
  partial: z.boolean().default(false),
  actorId: z.string().min(1).default('cli'),
});
export type ImportCriteriaInput = z.input<typeof ImportCriteriaInputSchema>;

export const ImportUnitsInputSchema = z.object({
  path: z.string().min(1),
  fileName: z.string().min(1).optional(),
  partial: z.boolean().default(false),
  actorId: z.string().min(1).default('cli'),
});
export type ImportUnitsInput = z.input<typeof ImportUnitsInputSchema>;

export type ImportStatus = 'imported' | 'partial' | 'rejected' | 'already-imported';

export interface CriteriaImportOutcome {
  status: ImportStatus;
  batchId: string | null;
  fileName: string;
  sha256: string;
  setId: string;
  asOf: string;
  /** Data rows in the file (blank rows not counted). */
  rows: number;
  /** Rows accepted (written, or equal to what was already recorded). */
  accepted: number;
  /** CriteriaMark rows written. */
  written: number;
  /** Marks already recorded with the same value for that date (not written again). */
  unchanged: number;
  warnings: CriteriaRowWarning[];
  rejected: RejectedRow[];
}

export interface UnitsImportOutcome {
  status: ImportStatus;
  batchId: string | null;
  fileName: string;
  sha256: string;
  rows: number;
  created: number;
  renamed: number;
  unchanged: number;
  rejected: RejectedRow[];
}

// ---- reading files ----------------------------------------------------------------------------------

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The records of a CSV (UTF-8) or of the first worksheet of an .xlsx, by the file's extension. */
export async function readSheet(path: string, bytes: Buffer): Promise<SheetRecord[]> {
  if (extname(path).toLowerCase() === '.xlsx') return readXlsx(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError({
      code: 'IMPORT.ENCODING',
      messageVi: `Tệp "${basename(path)}" không phải văn bản UTF-8 (hãy lưu lại dưới dạng "CSV UTF-8")`,
      messageEn: `File "${basename(path)}" is not UTF-8 text (save it again as "CSV UTF-8")`,
    });
  }
  const r = parseCsv(text);
  if (!r.ok) throw new AppError(r.error);
  return r.value;
}

/** Text of a worksheet cell as a person sees it: numbers as digits, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return String(value);
}

async function readXlsx(bytes: Buffer): Promise<SheetRecord[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new AppError({
      code: 'IMPORT.BAD_WORKBOOK',
      messageVi: `Không đọc được tệp Excel: ${(e as Error).message}`,
      messageEn: `The Excel file cannot be read: ${(e as Error).message}`,
    });
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const rows: SheetRecord[] = [];
  let width = 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c++) cells.push(cellText(row.getCell(c).value).trim());
    let last = cells.length;
    while (last > 0 && cells[last - 1] === '') last--;
    const rec = { line: r, cells };
    if (isBlankRecord(rec)) continue;
    // A worksheet has no row width: the header's width is the width; only filled cells beyond it count.
    if (width === 0) width = last;
    rows.push({ line: r, cells: cells.slice(0, Math.max(width, last)) });
  }
  return rows;
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new AppError({
      code: 'IMPORT.FILE_UNREADABLE',
      messageVi: `Không đọc được tệp "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      messageEn: `Cannot read file "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
  }
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = parseWith(schema, input, 'IMPORT.INVALID_INPUT');
  if (!r.ok) throw new AppError(r.error);
  return r.value;
}

// ---- units from the database ------------------------------------------------------------------------

function aliasesFor(units: readonly Unit[], given?: readonly UnitAlias[]): UnitAlias[] {
  const codes = new Set(units.map((u) => u.code));
  return (given ?? DIEN_BIEN_HISTORY_ALIASES).filter((a) => codes.has(a.code));
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}

/** The same file imported concurrently (the batch key's unique violation): the other import's outcome; else `e` again. */
async function otherImportWon<T>(e: unknown, already: () => Promise<T | null>): Promise<T> {
  if (isUniqueViolation(e)) {
    const b = await already();
    if (b) return b;
  }
  throw e;
}

// ---- criteria ---------------------------------------------------------------------------------------

const CHUNK = 500;

export async function importCriteriaFile(deps: ImportDeps, rawInput: ImportCriteriaInput): Promise<CriteriaImportOutcome> {
  const input = parseInput(ImportCriteriaInputSchema, rawInput);
  const set = getCriteriaSet(input.setId);
  if (!set.ok) throw new AppError(set.error);
  const now = deps.now ?? (() => new Date());
  const bytes = await readInput(input.path);
  const fileName = input.fileName ?? basename(input.path);
  const hash = sha256(bytes);
  const base = { fileName, sha256: hash, setId: input.setId, asOf: input.asOf as string };
  const key = { kind: 'criteria', sha256: hash, setId: input.setId, asOf: input.asOf as string };

  const already = async (): Promise<CriteriaImportOutcome | null> => {
    const b = await deps.db.importBatch.findUnique({ where: { kind_sha256_setId_asOf: key } });
    if (!b) return null;
    return {
      status: 'already-imported',
      batchId: b.id,
      ...base,
      rows: b.rows,
      accepted: 0,
      written: 0,
      unchanged: 0,
      warnings: JSON.parse(b.warnings) as CriteriaRowWarning[],
      rejected: JSON.parse(b.rejected) as RejectedRow[],
    };
  };
  const prior = await already();
  if (prior) return prior;

  const records = await readSheet(input.path, bytes);
  const units = await loadUnits(deps.db);
  const sheet = validateCriteriaSheet({
    records,
    criteria: set.value.criteria.map((c) => c.code),
    units,
    aliases: aliasesFor(units, deps.aliases),
  });
  if (!sheet.ok) throw new AppError(sheet.error);
  const { accepted, warnings } = sheet.value;
  let rejected = [...sheet.value.rejected];

  try {
    return await deps.db.$transaction(
      async (tx) => {
        // Marks already recorded for these units at this very date: equal ones are kept, different ones conflict.
        const existing = await tx.criteriaMark.findMany({
          where: { setId: input.setId, asOf: input.asOf, source: 'import', unitCode: { in: accepted.map((a) => a.unitCode) } },
          select: { unitCode: true, criterion: true, met: true, batchId: true },
        });
        const recorded = new Map(existing.map((m) => [`${m.unitCode}|${m.criterion}`, m]));
        const writable: AcceptedCriteriaRow[] = [];
        for (const row of accepted) {
          const conflicts = Object.entries(row.marks).filter(([c, met]) => {
            const m = recorded.get(`${row.unitCode}|${c}`);
            return m !== undefined && m.met !== met;
          });
          if (conflicts.length === 0) {
            writable.push(row);
            continue;
          }
          rejected.push({
            line: row.line,
            cells: [],
            faults: conflicts.map(([c, met]) => ({
              code: 'IMPORT.CONFLICT',
              line: row.line,
              column: `c${c}`,
              messageVi: `Dòng ${row.line}, cột c${c}: ${row.unitName} đã được ghi "${met ? 'chưa đạt' : 'đạt'}" cho ngày ${input.asOf} (lô ${recorded.get(`${row.unitCode}|${c}`)!.batchId}); không sửa lịch sử — hãy nhập bảng sửa với ngày khác`,
              messageEn: `Line ${row.line}, column c${c}: ${row.unitName} is already recorded as "${met ? 'not met' : 'met'}" for ${input.asOf} (batch ${recorded.get(`${row.unitCode}|${c}`)!.batchId}); history is not edited — import the correction with another date`,
              details: { unitCode: row.unitCode, criterion: c, batchId: recorded.get(`${row.unitCode}|${c}`)!.batchId },
            })),
          });
        }
        rejected = rejected.sort((a, b) => a.line - b.line);
        const outcome = (status: ImportStatus, batchId: string | null, written: number, unchanged: number): CriteriaImportOutcome => ({
          status,
          batchId,
          ...base,
          rows: sheet.value.rows,
          accepted: status === 'rejected' ? 0 : writable.length,
          written,
          unchanged,
          warnings: [...warnings],
          rejected,
        });
        if ((rejected.length > 0 && !input.partial) || writable.length === 0) return outcome('rejected', null, 0, 0);

        const batchId = randomUUID();
        const at = now();
        const toWrite: { id: string; unitCode: string; setId: string; criterion: string; met: boolean; asOf: string; batchId: string; recordedAt: Date }[] = [];
        let unchanged = 0;
        for (const row of writable) {
          for (const [criterion, met] of Object.entries(row.marks)) {
            if (recorded.has(`${row.unitCode}|${criterion}`)) unchanged++;
            else toWrite.push({ id: randomUUID(), unitCode: row.unitCode, setId: input.setId, criterion, met, asOf: input.asOf, batchId, recordedAt: at });
          }
        }
        await tx.importBatch.create({
          data: {
            id: batchId,
            ...key,
            fileName,
            rows: sheet.value.rows,
            written: toWrite.length,
            warnings: JSON.stringify(warnings),
            rejected: JSON.stringify(rejected),
            actorId: input.actorId,
            importedAt: at,
          },
        });
        for (let i = 0; i < toWrite.length; i += CHUNK) {
          await tx.criteriaMark.createMany({ data: toWrite.slice(i, i + CHUNK) });
          deps.onProgress?.(Math.min(i + CHUNK, toWrite.length), toWrite.length);
        }
        return outcome(rejected.length > 0 ? 'partial' : 'imported', batchId, toWrite.length, unchanged);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (e) {
    return otherImportWon(e, already);
  }
}

// ---- units ------------------------------------------------------------------------------------------

export async function importUnitsFile(deps: ImportDeps, rawInput: ImportUnitsInput): Promise<UnitsImportOutcome> {
  const input = parseInput(ImportUnitsInputSchema, rawInput);
  const now = deps.now ?? (() => new Date());
  const bytes = await readInput(input.path);
  const fileName = input.fileName ?? basename(input.path);
  const hash = sha256(bytes);
  const key = { kind: 'units', sha256: hash, setId: '', asOf: '' };
  const prior = await deps.db.importBatch.findUnique({ where: { kind_sha256_setId_asOf: key } });
  const base = { fileName, sha256: hash };
  if (prior) {
    return {
      status: 'already-imported',
      batchId: prior.id,
      ...base,
      rows: prior.rows,
      created: 0,
      renamed: 0,
      unchanged: 0,
      rejected: JSON.parse(prior.rejected) as RejectedRow[],
    };
  }
  const records = await readSheet(input.path, bytes);
  if (isHistorySheet(records)) return importUnitsHistory(deps, input, records, { fileName, hash, key, now });
  const existing = await loadUnits(deps.db);
  const sheet = validateUnitsSheet({ records, existing, aliases: aliasesFor(existing, deps.aliases) });
  if (!sheet.ok) throw new AppError(sheet.error);
  const { accepted, rejected, rows } = sheet.value;
  const count = (c: string) => accepted.filter((a) => a.change === c).length;
  if ((rejected.length > 0 && !input.partial) || accepted.length === 0) {
    return { status: 'rejected', batchId: null, ...base, rows, created: 0, renamed: 0, unchanged: 0, rejected: [...rejected] };
  }
  const batchId = randomUUID();
  await deps.db.$transaction(
    async (tx) => {
      // Parents first: the sheet may list a commune before its district.
      const rank = { province: 0, district: 1, commune: 2, village: 3 } as const;
      for (const a of [...accepted].sort((x, y) => rank[x.unit.level] - rank[y.unit.level])) {
        if (a.change === 'create') await tx.unit.create({ data: { code: a.unit.code, level: a.unit.level, name: a.unit.name, parentCode: a.unit.parentCode } });
        else if (a.change === 'rename') await tx.unit.update({ where: { code: a.unit.code }, data: { name: a.unit.name } });
      }
      await tx.importBatch.create({
        data: {
          id: batchId,
          ...key,
          fileName,
          rows,
          written: count('create') + count('rename'),
          warnings: '[]',
          rejected: JSON.stringify(rejected),
          actorId: input.actorId,
          importedAt: now(),
        },
      });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return {
    status: rejected.length > 0 ? 'partial' : 'imported',
    batchId,
    ...base,
    rows,
    created: count('create'),
    renamed: count('rename'),
    unchanged: count('unchanged'),
    rejected: [...rejected],
  };
}

/** Columns only the succession sheet has (validity, links, source, kind, GSO code). */
const HISTORY_COLUMNS = ['validfrom', 'validto', 'predecessors', 'source', 'kind', 'gsocode', 'group', 'nhóm', 'nhóm xã'];

function isHistorySheet(records: readonly SheetRecord[]): boolean {
  const header = records.find((r) => !isBlankRecord(r));
  return header !== undefined && header.cells.some((c) => HISTORY_COLUMNS.includes(c.trim().toLocaleLowerCase('vi').replace(/\s+/g, ' ')));
}

/**
 * A unit list with validity and succession (domain/import validateUnitsHistorySheet): all or nothing
 * unless `partial`. The database keeps one row per unit code, so a row that would add a second
 * version of a code (same code, another period) is refused here with its line (IMPORT.VERSION_NOT_STORED):
 * give the new version its own code.
 */
async function importUnitsHistory(
  deps: ImportDeps,
  input: z.infer<typeof ImportUnitsInputSchema>,
  records: SheetRecord[],
  ctx: { fileName: string; hash: string; key: { kind: string; sha256: string; setId: string; asOf: string }; now: () => Date },
): Promise<UnitsImportOutcome> {
  const existing = await loadUnits(deps.db);
  const sheet = validateUnitsHistorySheet({ records, existing, aliases: aliasesFor(existing, deps.aliases) });
  if (!sheet.ok) throw new AppError(sheet.error);
  const rejected: RejectedRow[] = [...sheet.value.rejected];
  const accepted = sheet.value.accepted.filter((a) => {
    if (a.change !== 'new-version') return true;
    rejected.push({
      line: a.line,
      cells: [],
      faults: [
        {
          code: 'IMPORT.VERSION_NOT_STORED',
          line: a.line,
          column: 'code',
          messageVi: `Dòng ${a.line}, cột code: "${a.unit.code}" đã có với thời gian hiệu lực khác; cơ sở dữ liệu giữ một bản ghi cho mỗi mã — hãy đặt mã mới cho đơn vị sau sắp xếp`,
          messageEn: `Line ${a.line}, column code: "${a.unit.code}" already exists with another validity; the database keeps one row per code — give the new unit its own code`,
          details: { code: a.unit.code },
        },
      ],
    });
    return false;
  });
  rejected.sort((a, b) => a.line - b.line);
  const base = { fileName: ctx.fileName, sha256: ctx.hash, rows: sheet.value.rows };
  const count = (c: string) => accepted.filter((a) => a.change === c).length;
  if ((rejected.length > 0 && !input.partial) || accepted.length === 0) {
    return { status: 'rejected', batchId: null, ...base, created: 0, renamed: 0, unchanged: 0, rejected };
  }
  const batchId = randomUUID();
  const toWrite = accepted.filter((a) => a.change !== 'unchanged').map((a) => a.unit);
  await deps.db.$transaction(
    async (tx) => {
      await writeUnits(tx, toWrite, 'upsert');
      await tx.importBatch.create({
        data: {
          id: batchId,
          ...ctx.key,
          fileName: ctx.fileName,
          rows: sheet.value.rows,
          written: toWrite.length,
          warnings: '[]',
          rejected: JSON.stringify(rejected),
          actorId: input.actorId,
          importedAt: ctx.now(),
        },
      });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return {
    status: rejected.length > 0 ? 'partial' : 'imported',
    batchId,
    ...base,
    created: count('create'),
    renamed: count('update'),
    unchanged: count('unchanged'),
    rejected,
  };
}

// ---- commune groups ---------------------------------------------------------------------------------

export const ImportCommuneGroupsInputSchema = z.object({
  path: z.string().min(1),
  fileName: z.string().min(1).optional(),
  /** The date the file's units are those of (a unit must be a commune valid on it). */
  asOf: LocalDateSchema,
  actorId: z.string().min(1).default('cli'),
});
export type ImportCommuneGroupsInput = z.input<typeof ImportCommuneGroupsInputSchema>;

export interface CommuneGroupsImportOutcome {
  /** `unchanged`: every row says what the database already has; nothing written. */
  status: 'imported' | 'unchanged' | 'rejected' | 'already-imported';
  batchId: string | null;
  fileName: string;
  sha256: string;
  asOf: string;
  rows: number;
  /** Units whose group was set or changed. */
  written: number;
  unchanged: number;
  /** Each accepted row (on `rejected`: none). */
  groups: CommuneGroupRow[];
  rejected: RejectedRow[];
}

/**
 * A commune-groups sheet (domain/import validateCommuneGroupsSheet), all or nothing: one bad row and
 * nothing is written. Idempotent: the same file for the same date is not imported again, and rows that
 * repeat what the database holds write nothing. Each unit whose group changes gets one audit-chain
 * record (action `unit.commune_group_set`: before/after group, the row's source, the batch), in the
 * transaction that writes it.
 */
export async function importCommuneGroupsFile(deps: ImportDeps, rawInput: ImportCommuneGroupsInput): Promise<CommuneGroupsImportOutcome> {
  const input = parseInput(ImportCommuneGroupsInputSchema, rawInput);
  const now = deps.now ?? (() => new Date());
  const bytes = await readInput(input.path);
  const fileName = input.fileName ?? basename(input.path);
  const hash = sha256(bytes);
  const key = { kind: 'commune-groups', sha256: hash, setId: '', asOf: input.asOf as string };
  const base = { fileName, sha256: hash, asOf: input.asOf as string };
  const already = async (): Promise<CommuneGroupsImportOutcome | null> => {
    const b = await deps.db.importBatch.findUnique({ where: { kind_sha256_setId_asOf: key } });
    return b ? { status: 'already-imported', batchId: b.id, ...base, rows: b.rows, written: 0, unchanged: 0, groups: [], rejected: [] } : null;
  };
  const prior = await already();
  if (prior) return prior;

  const records = await readSheet(input.path, bytes);
  const units = await loadUnits(deps.db);
  const sheet = validateCommuneGroupsSheet({ records, units, asOf: input.asOf, aliases: aliasesFor(units, deps.aliases) });
  if (!sheet.ok) throw new AppError(sheet.error);
  const { rows, accepted, rejected } = sheet.value;
  const toWrite = accepted.filter((a) => a.change !== 'unchanged');
  const outcome = (status: CommuneGroupsImportOutcome['status'], batchId: string | null): CommuneGroupsImportOutcome => ({
    status,
    batchId,
    ...base,
    rows,
    written: status === 'imported' ? toWrite.length : 0,
    unchanged: status === 'rejected' ? 0 : accepted.length - toWrite.length,
    groups: status === 'rejected' ? [] : [...accepted],
    rejected: [...rejected],
  });
  if (rejected.length > 0 || accepted.length === 0) return outcome('rejected', null);
  if (toWrite.length === 0) return outcome('unchanged', null);

  const batchId = randomUUID();
  const at = now();
  const provider = dbProvider(deps.db);
  try {
    await deps.db.$transaction(
      async (tx) => {
        for (const a of toWrite) {
          // Only if the group is still what was validated: a concurrent change refuses the whole file.
          const n = await tx.unit.updateMany({ where: { code: a.unitCode, communeGroup: a.previous ?? null }, data: { communeGroup: a.group } });
          if (n.count !== 1) {
            throw new AppError(
              {
                code: 'IMPORT.CONFLICT',
                messageVi: `Dòng ${a.line}, cột group: nhóm của ${a.unitName} vừa được thay đổi trong lúc nhập; hãy nhập lại tệp`,
                messageEn: `Line ${a.line}, column group: the group of ${a.unitName} changed during the import; import the file again`,
                path: `line ${a.line}, column group`,
              },
              'conflict',
            );
          }
          await appendAudit(
            tx,
            {
              eventId: `unit.commune_group_set:${batchId}:${a.unitCode}`,
              at,
              actorId: input.actorId,
              actorRole: 'system',
              actorUnit: a.unitCode,
              action: 'unit.commune_group_set',
              before: JSON.stringify({ unitCode: a.unitCode, communeGroup: a.previous ?? null }),
              after: JSON.stringify({ unitCode: a.unitCode, unitName: a.unitName, communeGroup: a.group, source: a.source, asOf: input.asOf }),
              comment: `${fileName} (lô / batch ${batchId}, dòng / line ${a.line}, sha256 ${hash})`,
            },
            provider,
          );
        }
        await tx.importBatch.create({
          data: {
            id: batchId,
            ...key,
            fileName,
            rows,
            written: toWrite.length,
            warnings: '[]',
            rejected: '[]',
            actorId: input.actorId,
            importedAt: at,
          },
        });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (e) {
    return otherImportWon(e, already);
  }
  return outcome('imported', batchId);
}
