export * from './schema';
export { foldDiacritics, normalizeUnitName, slugifyUnitName, unitNameKey } from './normalize';
export { matchUnit, matchUnitAt, matchUnitDetailed, type DatedUnitMatch, type UnitMatch } from './match';
export { loadUnitAliases, loadUnits, TWO_TIER_FROM, type LoadUnitsOptions } from './loader';
export { ancestry, childrenOf, displayName, findUnit, unitsAtLevel } from './hierarchy';
export { findSuccessionCycle, findUnitAt, isValidAt, periodsOverlap, predecessorsOf, successorsOf, unitsAt, type HistoryEntry } from './history';
export { DIEN_BIEN_ALIASES, DIEN_BIEN_UNITS, OLD_WORLD_SOURCE, OLD_WORLD_UNTIL } from './dien-bien';
export { DIEN_BIEN_HISTORY_ALIASES, DIEN_BIEN_UNIT_HISTORY, DIEN_BIEN_UNITS_2025, NEW_WORLD_FROM, newUnitCode } from './dien-bien-2025';
export * from './pipeline';
