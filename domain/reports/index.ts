export * from './schemas';
export { formatHundredthsVi, formatIntegerVi, formatRatioVi, hundredthsOf, percentHundredths, type Rounding } from './format';
export { diffMarks, marksAsOf, MarkRowSchema, type MarkChange, type MarkRow, type UnitMarks } from './marks';
export { bandSpecs, buildCriteriaMatrix, criteriaAttainment, criteriaBands, type BandsOptions, type MatrixInput, type ReportUnit } from './matrix';
export { buildPipelineReport, DossierSnapshotSchema, type DossierSnapshot, type PipelineInput, type PlanTargets } from './pipeline';
export { renderAttainmentSvg, renderBandsSvg } from './svg';
