import { z } from 'zod';
import { DepartmentCodeSchema } from '../departments';

/**
 * Criteria sets as versioned data: set → groups → criteria → indicators (chỉ tiêu) → threshold.
 * These schemas are the single source of the types; `loadCriteriaSet` adds the cross-field checks.
 */

/** Socio-economic regions used by the 2016-2020 and 2021-2025 national sets (QĐ 318/QĐ-TTg lists these seven). */
export const REGION_CODES = [
  'trung-du-mien-nui-phia-bac',
  'dong-bang-song-hong',
  'bac-trung-bo',
  'duyen-hai-nam-trung-bo',
  'tay-nguyen',
  'dong-nam-bo',
  'dong-bang-song-cuu-long',
] as const;
export const RegionCodeSchema = z.enum(REGION_CODES);
export type RegionCode = z.infer<typeof RegionCodeSchema>;

/** Commune group for the 2026-2030 set (QĐ 51/2025/QĐ-TTg): 1, 2 or 3. */
export const CommuneGroupSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type CommuneGroup = z.infer<typeof CommuneGroupSchema>;

/** Units a numeric threshold can be expressed in, with how to print them in each language. */
export const UNITS = {
  'trieu-dong/nguoi/nam': { vi: 'triệu đồng/người/năm', en: 'million VND/person/year', space: true },
  percent: { vi: '%', en: '%', space: false },
  diem: { vi: 'điểm', en: 'points', space: true },
  km: { vi: 'km', en: 'km', space: true },
  'so-luong': { vi: '', en: '', space: false },
} as const;
export const MeasureUnitSchema = z.enum(Object.keys(UNITS) as [keyof typeof UNITS, ...(keyof typeof UNITS)[]]);
export type MeasureUnit = z.infer<typeof MeasureUnitSchema>;

/** Where a threshold comes from. `sourced: false` marks a configurable placeholder, never a legal fact. */
const provenance = {
  sourced: z.boolean(),
  /** Citation: decision number and article, or the seed it was read from. Required when sourced. */
  source: z.string().min(1).optional(),
  /** Why it is a placeholder, or what to check. */
  note: z.string().optional(),
};

const finite = z.number().finite();

const byGroupSchema = z.object({ '1': finite.optional(), '2': finite.optional(), '3': finite.optional() }).strict();
const byRegionSchema = z.partialRecord(RegionCodeSchema, finite);

export const JudgementThresholdSchema = z
  .object({
    kind: z.literal('judgement'),
    /** What "đạt" means, in the set's words. */
    requirementVi: z.string().optional(),
    ...provenance,
  })
  .strict();

export const NumericThresholdSchema = z
  .object({
    /** `min`: the indicator is met when value ≥ threshold; `max`: met when value ≤ threshold. */
    kind: z.enum(['min', 'max']),
    unit: MeasureUnitSchema,
    /** Default threshold. Absent (with no matching region/group value) ⇒ only a reviewer's judgement can settle it. */
    value: finite.optional(),
    /** Per region (vùng) values, e.g. trung du miền núi phía Bắc for Điện Biên. */
    byRegion: byRegionSchema.optional(),
    /** Per commune group (1/2/3) values, for 2026-2030. Takes precedence over region. */
    byGroup: byGroupSchema.optional(),
    ...provenance,
  })
  .strict();

/** A score out of `maxPoints` (OCOP parts). */
export const ScoreThresholdSchema = z
  .object({
    kind: z.literal('score'),
    maxPoints: finite.positive().optional(),
    ...provenance,
  })
  .strict();

export const ThresholdSchema = z.discriminatedUnion('kind', [JudgementThresholdSchema, NumericThresholdSchema, ScoreThresholdSchema]);
export type Threshold = z.infer<typeof ThresholdSchema>;
export type NumericThreshold = z.infer<typeof NumericThresholdSchema>;

export const IndicatorCodeSchema = z.string().regex(/^[0-9A-Z]+(\.[0-9A-Za-z]+)*$/, 'Mã chỉ tiêu dạng "19.1" / indicator code like "19.1"');
export const CriterionCodeSchema = z.string().regex(/^[0-9A-Z]+$/, 'Mã tiêu chí dạng "19" / criterion code like "19"');

export const IndicatorSchema = z
  .object({
    code: IndicatorCodeSchema,
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    /** The department that reviews this indicator; defaults to the criterion's first owner. */
    owner: DepartmentCodeSchema.optional(),
    threshold: ThresholdSchema,
    /** True when the indicator itself stands in for legal text not yet encoded (see the set's completeness note). */
    placeholder: z.boolean().default(false),
  })
  .strict();
export type Indicator = z.infer<typeof IndicatorSchema>;

export const CriterionSchema = z
  .object({
    code: CriterionCodeSchema,
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    group: z.string().min(1),
    /** Departments that must review (thẩm tra) this criterion; the first leads. */
    owners: z.array(DepartmentCodeSchema).min(1),
    /** Departments that contribute (e.g. statistics) but do not sign off. */
    supporting: z.array(DepartmentCodeSchema).default([]),
    indicators: z.array(IndicatorSchema).min(1),
  })
  .strict();
export type Criterion = z.infer<typeof CriterionSchema>;

export const GroupSchema = z
  .object({
    code: z.string().min(1),
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng yyyy-mm-dd / date as yyyy-mm-dd');

export const LegalBasisSchema = z
  .object({
    /** e.g. "1980/QĐ-TTg". */
    decision: z.string().min(1),
    /** Signing date, ISO; absent when not sourced. */
    date: isoDate.optional(),
    effectiveFrom: isoDate.optional(),
    issuerVi: z.string().optional(),
    titleVi: z.string().optional(),
    sourced: z.boolean(),
    source: z.string().min(1).optional(),
  })
  .strict();

/** One commune group (1/2/3) as the set defines it: who belongs to it. */
export const CommuneGroupDefinitionSchema = z
  .object({
    group: CommuneGroupSchema,
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    definitionVi: z.string().min(1),
    definitionEn: z.string().min(1),
  })
  .strict();
export type CommuneGroupDefinition = z.infer<typeof CommuneGroupDefinitionSchema>;

/** The commune groups a set's thresholds are given for. A set with them needs every commune's group. */
export const CommuneGroupsSchema = z
  .object({
    groups: z.array(CommuneGroupDefinitionSchema).min(1),
    sourced: z.boolean(),
    source: z.string().min(1).optional(),
    /** A caution for whoever assigns groups (e.g. a draft that numbered them the other way round). */
    warningVi: z.string().optional(),
    warningEn: z.string().optional(),
  })
  .strict();
export type CommuneGroups = z.infer<typeof CommuneGroupsSchema>;

export const CriteriaSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id dạng slug / id as a slug'),
    /**
     * Version of this set id (1 when absent). Content that changes while dossiers use a version must
     * come as a new version (`decideCriteriaSetVersion`).
     */
    version: z.number().int().positive().optional(),
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    scope: z.enum(['commune', 'village', 'district', 'ocop']),
    /** Which standard the set measures: đạt chuẩn, nâng cao, kiểu mẫu, or OCOP rating. */
    standard: z.enum(['dat-chuan', 'nang-cao', 'kieu-mau', 'ocop']),
    /** Province code when the set is provincial (village sets), e.g. "dien-bien". */
    province: z.string().optional(),
    period: z.object({ from: z.number().int(), to: z.number().int() }).strict(),
    legalBasis: z.array(LegalBasisSchema).min(1),
    groups: z.array(GroupSchema).min(1),
    /** Commune groups 1/2/3 (2026-2030): thresholds per group, and a commune must carry its group. */
    communeGroups: CommuneGroupsSchema.optional(),
    criteria: z.array(CriterionSchema).min(1),
    /**
     * Criteria whose failure counts in the 30%-50% revocation band (QĐ 18/2022/QĐ-TTg: income,
     * environment, quality of living environment, defence and security). Codes of this set.
     */
    revocationKeyCriteria: z.array(CriterionCodeSchema).default([]),
    /** How much of the legal text is encoded: be explicit about what is missing. */
    completeness: z
      .object({
        criteriaInLegalText: z.number().int().positive().optional(),
        indicatorsInLegalText: z.number().int().positive().optional(),
        noteVi: z.string().optional(),
        noteEn: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type CriteriaSet = z.infer<typeof CriteriaSetSchema>;
/** What a data module writes: defaults may be omitted. */
export type CriteriaSetInput = z.input<typeof CriteriaSetSchema>;
export type CriteriaScope = CriteriaSet['scope'];
export type CriteriaStandard = CriteriaSet['standard'];
