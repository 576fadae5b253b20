export { detectDelimiter, isBlankRecord, parseCsv, stripBom, type CsvDelimiter, type SheetRecord } from './csv';
export {
  checkCriteriaHeader,
  CriteriaRowWarningSchema,
  expectedCriteriaHeader,
  fault,
  RejectedRowSchema,
  RowFaultSchema,
  validateCriteriaSheet,
  type AcceptedCriteriaRow,
  type CriteriaRowWarning,
  type CriteriaSheet,
  type CriteriaSheetInput,
  type RejectedRow,
  type RowFault,
} from './criteria-sheet';
export { parseLevel, validateUnitsSheet, type UnitRowResult, type UnitsSheet } from './units-sheet';
export { criteriaSetFromRows, metaFromSet, parseThresholdNumber, type CriteriaSetFromRows, type CriteriaSetRowsMeta } from './criteria-set-rows';
export { validateUnitsHistorySheet, type UnitHistoryRowResult, type UnitsHistorySheet } from './units-history-sheet';
export {
  badGroupFault,
  COMMUNE_GROUP_DEFINITIONS,
  parseCommuneGroup,
  validateCommuneGroupsSheet,
  type CommuneGroupRow,
  type CommuneGroupsSheet,
} from './commune-groups';
