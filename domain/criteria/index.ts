export * from './schema';
export { loadCriteriaSet } from './loader';
export {
  BUILT_IN_CRITERIA_SETS,
  criterionOwners,
  findCriterion,
  getCriteriaSet,
  indicatorOwner,
  listCriteriaSets,
  reviewAssignments,
  type ReviewAssignment,
} from './registry';
export { TUAN_GIAO_2021_OWNERSHIP, NATIONAL_GROUPS } from './sets/national-commune-19';
export { COMMUNE_GROUPS_2026_2030, COMMUNE_NTM_2026_2030_CRITERIA, COMMUNE_2026_2030_TWO_TIER_OWNERS } from './sets/commune-ntm-2026-2030';
export { checkCommuneGroupForSet, type GroupedUnit } from './commune-group';
export {
  applyOwnership,
  BUILT_IN_OWNERSHIP_TABLES,
  criteriaSetWithOwnership,
  DISTRICT_TO_PROVINCIAL,
  loadOwnershipTable,
  OWNERSHIP_TABLES,
  ownershipTableFor,
  OwnershipEntrySchema,
  OwnershipTableSchema,
  type OwnershipEntry,
  type OwnershipTable,
  type OwnershipTableInput,
} from './ownership';
export {
  canonicalJson,
  criteriaSetContent,
  decideCriteriaSetVersion,
  parseCriteriaSetJson,
  versionOf,
  type StoredCriteriaSet,
  type VersionDecision,
} from './file';
