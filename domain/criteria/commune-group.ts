import { domainError, err, ok, type Result } from '../errors';
import type { CommuneGroup, CriteriaSet } from './schema';

/** What the check needs of a unit (structural, so domain/criteria does not import domain/units). */
export interface GroupedUnit {
  readonly code: string;
  readonly name: string;
  readonly communeGroup?: CommuneGroup;
}

/**
 * Whether a dossier against `set` may be opened for `unit`: a set with commune groups (2026-2030)
 * measures each commune by its group's thresholds, so a commune without a group is refused
 * (`CRITERIA.COMMUNE_GROUP_REQUIRED`, naming the unit) rather than measured against a default; a group
 * the set does not define is refused too (`CRITERIA.COMMUNE_GROUP_UNKNOWN`). For a set without
 * groups the answer is ok(undefined). The planner calls this before `planDossier`.
 */
export function checkCommuneGroupForSet(unit: GroupedUnit, set: CriteriaSet): Result<CommuneGroup | undefined> {
  if (!set.communeGroups) return ok(undefined);
  const defined = set.communeGroups.groups.map((g) => g.group);
  if (unit.communeGroup === undefined) {
    return err(
      domainError(
        'CRITERIA.COMMUNE_GROUP_REQUIRED',
        `Không thể mở hồ sơ theo bộ "${set.id}" cho ${unit.name} (${unit.code}): đơn vị chưa được xếp nhóm xã (${defined.join('/')}). Cần quyết định phân nhóm của tỉnh trước.`,
        `Cannot open a dossier against "${set.id}" for ${unit.name} (${unit.code}): the unit has no commune group (${defined.join('/')}). The province must assign one first.`,
        { path: 'communeGroup', details: { unitCode: unit.code, unitName: unit.name, setId: set.id, groups: defined } },
      ),
    );
  }
  if (!defined.includes(unit.communeGroup)) {
    return err(
      domainError(
        'CRITERIA.COMMUNE_GROUP_UNKNOWN',
        `${unit.name} (${unit.code}) thuộc nhóm ${unit.communeGroup}, bộ "${set.id}" chỉ có nhóm ${defined.join('/')}`,
        `${unit.name} (${unit.code}) is in group ${unit.communeGroup}; set "${set.id}" defines only groups ${defined.join('/')}`,
        { path: 'communeGroup', details: { unitCode: unit.code, setId: set.id, group: unit.communeGroup, groups: defined } },
      ),
    );
  }
  return ok(unit.communeGroup);
}
