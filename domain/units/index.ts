export * from './schema';
export { foldDiacritics, normalizeUnitName, slugifyUnitName, unitNameKey } from './normalize';
export { matchUnit, matchUnitDetailed, type UnitMatch } from './match';
export { loadUnitAliases, loadUnits } from './loader';
export { ancestry, childrenOf, displayName, findUnit, unitsAtLevel } from './hierarchy';
export { DIEN_BIEN_ALIASES, DIEN_BIEN_UNITS } from './dien-bien';
export * from './pipeline';
