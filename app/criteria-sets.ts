/**
 * Criteria sets an office loads itself, kept in the database (CriteriaSetVersion rows) beside the
 * sets built into the engine:
 *   - `resolveCriteriaSet`: the newest stored version of an id, else the built-in set (domain registry);
 *   - `importCriteriaSetFile`: a JSON file (the CriteriaSet schema) or an annex table (.csv / .xlsx:
 *     criterion, indicator, unit, threshold per group or region, source) read against the frame of
 *     an existing set, versioned by `decideCriteriaSetVersion`: the same content is a no-op, a version
 *     in use by a dossier is never changed in place (a new version is needed), a new version is added.
 * All or nothing: one transaction, and every fault named by its place (JSON line/column, row line and
 * column, or the set path).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  criteriaSetContent,
  decideCriteriaSetVersion,
  getCriteriaSet,
  listCriteriaSets,
  loadCriteriaSet,
  parseCriteriaSetJson,
  versionOf,
  type CriteriaSet,
  type StoredCriteriaSet,
  type VersionDecision,
} from '../domain/criteria';
import { appError, unwrap } from '../domain/errors';
import { criteriaSetFromRows, metaFromSet } from '../domain/import';
import type { Db } from '../prisma/db';
import { readSheet } from './imports';

/** Every stored version (validated again on the way out: a row that no longer loads is an error). */
export async function storedCriteriaSets(db: Db, setId?: string): Promise<{ set: CriteriaSet; inUse: boolean; rowId: string }[]> {
  const rows = await db.criteriaSetVersion.findMany({ where: setId ? { setId } : {}, orderBy: [{ setId: 'asc' }, { version: 'asc' }] });
  return rows.map((r) => ({ set: unwrap(loadCriteriaSet(JSON.parse(r.content))), inUse: r.inUse, rowId: r.id }));
}

/** The set a dossier is opened against: the newest stored version of the id, else the built-in set. */
export async function resolveCriteriaSet(db: Db, id: string): Promise<CriteriaSet> {
  const stored = await storedCriteriaSets(db, id);
  const newest = stored.sort((a, b) => versionOf(b.set) - versionOf(a.set))[0];
  if (newest) return newest.set;
  return unwrap(getCriteriaSet(id));
}

/** Ids of every set the engine knows: built in and stored. */
export async function knownCriteriaSetIds(db: Db): Promise<string[]> {
  const stored = await db.criteriaSetVersion.findMany({ select: { setId: true }, distinct: ['setId'] });
  return [...new Set([...listCriteriaSets().map((s) => s.id), ...stored.map((s) => s.setId)])].sort();
}

export interface ImportCriteriaSetInput {
  path: string;
  /** For an annex table: the set whose frame (id, name, period, groups, owners) the rows fill. */
  setId?: string | undefined;
  /** For an annex table: the version to create (default: the frame's version + 1 when it is in use). */
  version?: number | undefined;
  actorId?: string | undefined;
}

export interface CriteriaSetImportOutcome {
  status: 'created' | 'new-version' | 'replaced' | 'unchanged';
  id: string;
  version: number;
  fileName: string;
  sha256: string;
  criteria: number;
  indicators: number;
  /** Thresholds in the set, and how many of them are marked sourced. */
  thresholds: number;
  sourcedThresholds: number;
  sameContentAs?: number;
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw appError(
      'IMPORT.FILE_UNREADABLE',
      `Không đọc được tệp "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      `Cannot read file "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { path: 'file' },
    );
  }
}

/** Whether dossiers were opened against the id (the engine records the id; the newest version is the one used). */
async function dossiersUse(db: Db, id: string): Promise<boolean> {
  return (await db.dossier.count({ where: { criteriaSetId: id } })) > 0;
}

function counts(set: CriteriaSet): Pick<CriteriaSetImportOutcome, 'criteria' | 'indicators' | 'thresholds' | 'sourcedThresholds'> {
  const indicators = set.criteria.flatMap((c) => c.indicators);
  const thresholds = indicators.filter((i) => (i as { threshold?: unknown }).threshold !== undefined);
  const sourced = thresholds.filter((i) => (i as { threshold?: { sourced?: boolean } }).threshold?.sourced === true);
  return { criteria: set.criteria.length, indicators: indicators.length, thresholds: thresholds.length, sourcedThresholds: sourced.length };
}

export async function importCriteriaSetFile(db: Db, input: ImportCriteriaSetInput, now: () => Date = () => new Date()): Promise<CriteriaSetImportOutcome> {
  const bytes = await readBytes(input.path);
  const fileName = basename(input.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const ext = extname(input.path).toLowerCase();
  let incoming: CriteriaSet;
  if (ext === '.json') {
    incoming = unwrap(parseCriteriaSetJson(new TextDecoder('utf-8').decode(bytes)));
  } else if (ext === '.csv' || ext === '.xlsx') {
    if (!input.setId) {
      throw appError(
        'IMPORT.SET_REQUIRED',
        'Bảng phụ lục cần nêu bộ tiêu chí làm khung (--set <id>, ví dụ commune-ntm-2026-2030)',
        'An annex table needs the set whose frame it fills (--set <id>, e.g. commune-ntm-2026-2030)',
        { path: 'set' },
      );
    }
    const frame = await resolveCriteriaSet(db, input.setId);
    const records = await readSheet(input.path, bytes);
    const version = input.version ?? versionOf(frame);
    incoming = unwrap(criteriaSetFromRows({ records, meta: metaFromSet(frame, { version }) })).set;
  } else {
    throw appError(
      'IMPORT.UNSUPPORTED_FILE',
      `Tệp "${fileName}": chỉ nhận .json, .csv hoặc .xlsx`,
      `File "${fileName}": only .json, .csv or .xlsx are accepted`,
      { path: 'file' },
    );
  }
  if (input.setId && incoming.id !== input.setId) {
    throw appError(
      'IMPORT.SET_MISMATCH',
      `Tệp là bộ "${incoming.id}", không phải "${input.setId}"`,
      `The file holds set "${incoming.id}", not "${input.setId}"`,
      {
        path: 'id',
      },
    );
  }
  const id = incoming.id;
  return db.$transaction(
    async (tx) => {
      const rows = await tx.criteriaSetVersion.findMany({ where: { setId: id } });
      const used = await dossiersUse(tx as unknown as Db, id);
      const newest = Math.max(0, ...rows.map((r) => r.version));
      const stored: StoredCriteriaSet[] = rows.map((r) => ({
        set: unwrap(loadCriteriaSet(JSON.parse(r.content))),
        inUse: r.inUse || (used && r.version === newest),
      }));
      // The built-in set of the id counts as its first stored version (in use when dossiers use it).
      const builtIn = getCriteriaSet(id);
      if (builtIn.ok && !stored.some((s) => versionOf(s.set) === versionOf(builtIn.value)))
        stored.push({ set: builtIn.value, inUse: used && rows.length === 0 });
      const decision: VersionDecision = unwrap(decideCriteriaSetVersion(incoming, stored));
      const base = { id, version: decision.version, fileName, sha256, ...counts(incoming) };
      const content = JSON.stringify(incoming);
      const contentHash = createHash('sha256').update(criteriaSetContent(incoming)).digest('hex');
      const row = rows.find((r) => r.version === decision.version);
      switch (decision.action) {
        case 'no-op':
          return { status: 'unchanged' as const, ...base };
        case 'replace':
          if (!row) {
            // The built-in version, not yet stored: store the office's content as that version.
            await tx.criteriaSetVersion.create({ data: { id: randomUUID(), setId: id, version: decision.version, contentHash, content, createdAt: now() } });
          } else {
            await tx.criteriaSetVersion.update({ where: { id: row.id }, data: { contentHash, content, createdAt: now() } });
          }
          return { status: 'replaced' as const, ...base };
        case 'create':
        case 'create-version':
          await tx.criteriaSetVersion.create({ data: { id: randomUUID(), setId: id, version: decision.version, contentHash, content, createdAt: now() } });
          // The versions before it that dossiers use stay as they are, flagged.
          if (used) await tx.criteriaSetVersion.updateMany({ where: { setId: id, version: { lt: decision.version } }, data: { inUse: true } });
          return decision.action === 'create'
            ? { status: 'created' as const, ...base }
            : { status: 'new-version' as const, ...base, ...(decision.sameContentAs !== undefined ? { sameContentAs: decision.sameContentAs } : {}) };
      }
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
