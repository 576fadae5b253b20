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
