import { z } from 'zod';
import { PlanForecastSchema } from '../forecast/schema';

/**
 * The JSON shapes of the reports (API and CLI `--format json`). Every report says what it is (`kind`),
 * which criteria set and which as-of date it answers for. Counts are integers; ratios come both as a
 * number with two decimals and as the Vietnamese text the officials' tables print.
 */

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ReportCriterionSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  group: z.string(),
});
export type ReportCriterion = z.infer<typeof ReportCriterionSchema>;

export const ReportGroupSchema = z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string() });
export type ReportGroup = z.infer<typeof ReportGroupSchema>;

export const ScopeSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'district']),
});

/** One commune row: a mark per criterion (same order as `criteria`; null = nothing recorded) and its total. */
export const MatrixCommuneRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  marks: z.array(z.boolean().nullable()),
  total: z.number().int(),
  /** False when no mark at all was recorded for the commune by the as-of date: left out of every count. */
  hasData: z.boolean(),
  /** Where each mark came from (same order as `marks`; null where there is none): issue 13 provenance. */
  origins: z
    .array(
      z
        .object({
          source: z.enum(['import', 'self_assessment', 'verdict', 'decision']),
          asOf: z.string(),
          dossierId: z.string().optional(),
          level: z.string().optional(),
          personId: z.string().optional(),
          personName: z.string().optional(),
          role: z.string().optional(),
          at: z.string().optional(),
          document: z.string().optional(),
          batchId: z.string().optional(),
        })
        .nullable(),
    )
    .optional(),
});
export type MatrixCommuneRow = z.infer<typeof MatrixCommuneRowSchema>;

/** Column sums (communes meeting each criterion) and the sum of row totals. */
export const MatrixSumsSchema = z.object({
  sums: z.array(z.number().int()),
  total: z.number().int(),
  communesWithData: z.number().int(),
  communesInScope: z.number().int(),
});
export type MatrixSums = z.infer<typeof MatrixSumsSchema>;

export const MatrixDistrictSchema = MatrixSumsSchema.extend({
  code: z.string(),
  name: z.string(),
  communes: z.array(MatrixCommuneRowSchema),
});
export type MatrixDistrict = z.infer<typeof MatrixDistrictSchema>;

export const CriteriaMatrixSchema = z.object({
  kind: z.literal('criteria-matrix'),
  setId: z.string(),
  asOf: IsoDate,
  scope: ScopeSchema,
  /** The set's criteria groups (Nhóm 1 … 5): the table's top header row. */
  groups: z.array(ReportGroupSchema),
  criteria: z.array(ReportCriterionSchema),
  districts: z.array(MatrixDistrictSchema),
  totals: MatrixSumsSchema,
});
export type CriteriaMatrix = z.infer<typeof CriteriaMatrixSchema>;

export const AttainmentRowSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  met: z.number().int(),
  of: z.number().int(),
  /** Percentage with two decimals, cut as the officials' tables cut it (47.82 for 55/115). */
  percent: z.number(),
  /** "55/115 = 47,82%" */
  textVi: z.string(),
});
export type AttainmentRow = z.infer<typeof AttainmentRowSchema>;

export const CriteriaAttainmentSchema = z.object({
  kind: z.literal('criteria-attainment'),
  setId: z.string(),
  asOf: IsoDate,
  scope: ScopeSchema,
  /** Communes counted (those with data by the as-of date). */
  units: z.number().int(),
  rows: z.array(AttainmentRowSchema),
});
export type CriteriaAttainment = z.infer<typeof CriteriaAttainmentSchema>;

export const BandSchema = z.object({
  id: z.string(),
  labelVi: z.string(),
  labelEn: z.string(),
  min: z.number().int(),
  max: z.number().int(),
  count: z.number().int(),
  /** "21/115 = 18,26%" */
  textVi: z.string(),
  unitCodes: z.array(z.string()),
});
export type Band = z.infer<typeof BandSchema>;

export const BandsReportSchema = z.object({
  kind: z.literal('criteria-bands'),
  setId: z.string(),
  asOf: IsoDate,
  scope: ScopeSchema,
  criteriaCount: z.number().int(),
  units: z.number().int(),
  bands: z.array(BandSchema),
  totalCriteriaMet: z.number().int(),
  /** Average criteria met per commune, two decimals (12.09), and as printed ("12,09"). */
  average: z.number(),
  averageVi: z.string(),
});
export type BandsReport = z.infer<typeof BandsReportSchema>;

export const PipelineTargetSchema = z.object({
  title: z.string(),
  target: z.number().int(),
  recognised: z.number().int(),
  /** target − recognised, never below 0. */
  remaining: z.number().int(),
});

export const PipelineRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Dossiers per stage as of the date (every stage listed, zeros included). */
  byStage: z.record(z.string(), z.number().int()),
  total: z.number().int(),
  late: z.number().int(),
  /** Recognitions dated in the report's year, per title. */
  recognisedThisYear: z.record(z.string(), z.number().int()),
  /** The plan year's targets (seed 002: "03 xã đạt chuẩn") against recognitions; empty without a plan. */
  targets: z.array(PipelineTargetSchema),
});
export type PipelineRow = z.infer<typeof PipelineRowSchema>;

export const PipelineReportSchema = z.object({
  kind: z.literal('dossier-pipeline'),
  asOf: IsoDate,
  year: z.number().int(),
  scope: ScopeSchema,
  stages: z.array(z.string()),
  districts: z.array(PipelineRowSchema),
  totals: PipelineRowSchema,
  /** Dossiers whose unit is not under any district of the scope: counted nowhere, listed here. */
  unplaced: z.array(z.string()),
  /**
   * Issue 16: will each unit registered in the plan year meet its target (on track / at risk / will
   * miss, with the reasons in words), one entry per plan of the scope. Filled by the application
   * (app/reports.ts); absent where a report is built without the database's marks.
   */
  forecast: z.array(PlanForecastSchema).optional(),
});
export type PipelineReport = z.infer<typeof PipelineReportSchema>;
