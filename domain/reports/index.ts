export * from './schemas';
export { formatHundredthsVi, formatIntegerVi, formatRatioVi, hundredthsOf, percentHundredths, type Rounding } from './format';
export {
  describeOrigin,
  diffMarks,
  marksAsOf,
  marksWithOrigins,
  MarkRowSchema,
  MarkSourceSchema,
  originOf,
  pickMark,
  type MarkChange,
  type MarkOrigin,
  type MarkRow,
  type MarkSource,
  type UnitMarks,
  type UnitOrigins,
} from './marks';
export { bandSpecs, buildCriteriaMatrix, criteriaAttainment, criteriaBands, type BandsOptions, type MatrixInput, type ReportUnit } from './matrix';
export {
  buildPipelineFromTallies,
  buildPipelineReport,
  DossierSnapshotSchema,
  reportDistrictOf,
  type DossierSnapshot,
  type PipelineInput,
  type PipelineRecognition,
  type PipelineTally,
  type PlanTargets,
} from './pipeline';
export { renderAttainmentSvg, renderBandsSvg } from './svg';
export { dossierMarks, type DossierMarkRow } from './dossier-marks';
