import { domainError, err, ok, type DomainError, type Result } from '../errors';
import { loadCriteriaSet } from './loader';
import type { CriteriaSet } from './schema';

/**
 * Criteria sets an office loads itself: a JSON file in the CriteriaSet schema (the rows of an annex
 * table are read by domain/import/criteria-set-rows.ts), and the versioning rule that decides what
 * loading it does.
 */

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Parses a criteria-set JSON file. A syntax error is `CRITERIA_FILE.JSON_SYNTAX` with the line and
 * column where the parser stopped (when the engine reports a position); a schema or consistency fault
 * is `CRITERIA.INVALID_SET` with its path (`criteria.3.indicators.0.threshold.byGroup.4`).
 */
export function parseCriteriaSetJson(text: string): Result<CriteriaSet> {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const lc = pos ? lineColumn(text, Number(pos[1])) : undefined;
    const where = lc ? `dòng ${lc.line}, cột ${lc.column}` : 'không rõ vị trí';
    const whereEn = lc ? `line ${lc.line}, column ${lc.column}` : 'position unknown';
    return err(
      domainError(
        'CRITERIA_FILE.JSON_SYNTAX',
        `Tệp bộ tiêu chí không phải JSON hợp lệ (${where}): ${message}`,
        `The criteria-set file is not valid JSON (${whereEn}): ${message}`,
        {
          ...(lc ? { path: `line ${lc.line}, column ${lc.column}` } : {}),
          details: { message, ...(lc ?? {}) },
        },
      ),
    );
  }
  return loadCriteriaSet(data);
}

/** JSON with object keys sorted at every depth: equal content ⇔ equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The set's content without its version: what "same content" compares (hash it to store a fingerprint). */
export function criteriaSetContent(set: CriteriaSet): string {
  const { version: _v, ...rest } = set;
  void _v;
  return canonicalJson(rest);
}

export const versionOf = (set: Pick<CriteriaSet, 'version'>): number => set.version ?? 1;

export interface StoredCriteriaSet {
  readonly set: CriteriaSet;
  /** True when some dossier was opened against this id + version. */
  readonly inUse: boolean;
}

export type VersionDecision =
  | { readonly action: 'create'; readonly id: string; readonly version: number }
  | { readonly action: 'no-op'; readonly id: string; readonly version: number }
  | { readonly action: 'replace'; readonly id: string; readonly version: number }
  | { readonly action: 'create-version'; readonly id: string; readonly version: number; readonly previous: number; readonly sameContentAs?: number };

/**
 * What loading `incoming` does, given the stored versions of its id:
 * - no version of the id → `create`;
 * - the same id + version with the same content → `no-op` (loading a file twice changes nothing);
 * - the same id + version with changed content → `replace` if no dossier uses it, otherwise refused
 *   (`CRITERIA.VERSION_IN_USE`: must be a new version; the next free number is in the details);
 * - a higher version → `create-version` (noting a stored version with identical content);
 * - a version lower than the highest stored one and not stored → refused (`CRITERIA.VERSION_NOT_NEWER`).
 */
export function decideCriteriaSetVersion(incoming: CriteriaSet, stored: readonly StoredCriteriaSet[]): Result<VersionDecision> {
  const id = incoming.id;
  const version = versionOf(incoming);
  const same = stored.filter((s) => s.set.id === id);
  if (same.length === 0) return ok({ action: 'create', id, version });
  const latest = Math.max(...same.map((s) => versionOf(s.set)));
  const content = criteriaSetContent(incoming);
  const existing = same.find((s) => versionOf(s.set) === version);
  if (existing) {
    if (criteriaSetContent(existing.set) === content) return ok({ action: 'no-op', id, version });
    if (existing.inUse) return err(inUse(id, version, latest + 1));
    return ok({ action: 'replace', id, version });
  }
  if (version < latest) {
    return err(
      domainError(
        'CRITERIA.VERSION_NOT_NEWER',
        `Bộ tiêu chí "${id}" đã có phiên bản ${latest}; phiên bản ${version} mới phải lớn hơn (dùng ${latest + 1})`,
        `Criteria set "${id}" already has version ${latest}; a new version ${version} must be higher (use ${latest + 1})`,
        { path: 'version', details: { id, version, latest, next: latest + 1 } },
      ),
    );
  }
  const twin = same.find((s) => criteriaSetContent(s.set) === content);
  return ok({ action: 'create-version', id, version, previous: latest, ...(twin ? { sameContentAs: versionOf(twin.set) } : {}) });
}

function inUse(id: string, version: number, next: number): DomainError {
  return domainError(
    'CRITERIA.VERSION_IN_USE',
    `Bộ tiêu chí "${id}" phiên bản ${version} đang được hồ sơ sử dụng và nội dung đã thay đổi: phải nạp thành phiên bản mới (${next})`,
    `Criteria set "${id}" version ${version} is used by dossiers and its content changed: load it as a new version (${next})`,
    { path: 'version', details: { id, version, next } },
  );
}
