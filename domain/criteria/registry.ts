import type { DepartmentCode } from '../departments';
import { domainError, err, InvariantError, ok, formatError, type Result } from '../errors';
import { loadCriteriaSet } from './loader';
import type { CriteriaSet, CriteriaSetInput, Criterion } from './schema';
import { COMMUNE_NTM_2016_2020 } from './sets/commune-ntm-2016-2020';
import { COMMUNE_NTM_2021_2025 } from './sets/commune-ntm-2021-2025';
import { COMMUNE_NTM_2026_2030 } from './sets/commune-ntm-2026-2030';
import { OCOP_2021 } from './sets/ocop-2021';
import { VILLAGE_DIEN_BIEN_2022, VILLAGE_KIEU_MAU_DIEN_BIEN_2022 } from './sets/village-dien-bien-2022';

/** The sets shipped with the engine, as data. Each goes through the same loader as any user-supplied set. */
export const BUILT_IN_CRITERIA_SETS: readonly CriteriaSetInput[] = [
  COMMUNE_NTM_2016_2020,
  COMMUNE_NTM_2021_2025,
  COMMUNE_NTM_2026_2030,
  VILLAGE_DIEN_BIEN_2022,
  VILLAGE_KIEU_MAU_DIEN_BIEN_2022,
  OCOP_2021,
];

function loadBuiltIns(): ReadonlyMap<string, CriteriaSet> {
  const map = new Map<string, CriteriaSet>();
  for (const input of BUILT_IN_CRITERIA_SETS) {
    const r = loadCriteriaSet(input);
    // A shipped set that fails validation is a programming error, not user input.
    if (!r.ok) throw new InvariantError(`built-in criteria set is invalid: ${formatError(r.error)}`);
    if (map.has(r.value.id)) throw new InvariantError(`duplicate built-in criteria set ${r.value.id}`);
    map.set(r.value.id, r.value);
  }
  return map;
}

const REGISTRY = loadBuiltIns();

export function getCriteriaSet(id: string): Result<CriteriaSet> {
  const set = REGISTRY.get(id);
  if (set) return ok(set);
  return err(
    domainError('CRITERIA.UNKNOWN_SET', `Không có bộ tiêu chí "${id}"`, `No criteria set "${id}"`, {
      details: { id, known: [...REGISTRY.keys()] },
    }),
  );
}

export function listCriteriaSets(): readonly CriteriaSet[] {
  return [...REGISTRY.values()];
}

export function findCriterion(set: CriteriaSet, criterionCode: string): Criterion | undefined {
  return set.criteria.find((c) => c.code === criterionCode);
}

/** Departments that must review a criterion: its owners (lead first). Empty for an unknown code. */
export function criterionOwners(set: CriteriaSet, criterionCode: string): DepartmentCode[] {
  const c = findCriterion(set, criterionCode);
  if (!c) return [];
  const out: DepartmentCode[] = [...c.owners];
  for (const i of c.indicators) if (i.owner && !out.includes(i.owner)) out.push(i.owner);
  return out;
}

/** The department that reviews one indicator (its own owner, else the criterion's lead). */
export function indicatorOwner(criterion: Criterion, indicatorCode: string): DepartmentCode | undefined {
  const ind = criterion.indicators.find((i) => i.code === indicatorCode);
  return ind ? (ind.owner ?? criterion.owners[0]) : undefined;
}

export interface ReviewAssignment {
  readonly criterion: string;
  readonly department: DepartmentCode;
  /** Indicators this department reviews within the criterion. */
  readonly indicators: readonly string[];
  readonly lead: boolean;
}

/** For each criterion, which departments must review it and which indicators each one checks. */
export function reviewAssignments(set: CriteriaSet): ReviewAssignment[] {
  const out: ReviewAssignment[] = [];
  for (const c of set.criteria) {
    for (const [i, department] of criterionOwners(set, c.code).entries()) {
      out.push({
        criterion: c.code,
        department,
        indicators: c.indicators.filter((ind) => (ind.owner ?? c.owners[0]) === department).map((ind) => ind.code),
        lead: i === 0,
      });
    }
  }
  return out;
}
