import { z } from 'zod';
import { domainError, err, formatError, InvariantError, ok, type DomainError, type Result } from '../errors';
import { TitleIdSchema, type TitleId } from '../titles';
import { parseWith } from '../validation';

/**
 * The recognition pipeline's levels, as data. The seeds' world is three-tier (commune → district →
 * province); since 1 July 2025 local government is two-tier (commune → province). Each title lists
 * its steps: which level does what, in order. The engine reads the configuration; it never hard-codes
 * a level.
 */
export const GOV_LEVELS = ['commune', 'district', 'province', 'central'] as const;
export const GovLevelSchema = z.enum(GOV_LEVELS);
export type GovLevel = z.infer<typeof GovLevelSchema>;
const RANK: Readonly<Record<GovLevel, number>> = { commune: 0, district: 1, province: 2, central: 3 };

export const StepActionSchema = z.enum([
  /** The unit (or for a village, its commune) reviews itself and completes the dossier (tự đánh giá). */
  'self-assessment',
  /** Departments check the criteria they own (thẩm tra). */
  'review',
  /** A council appraises the dossier (thẩm định). */
  'appraisal',
  /** The competent people's committee decides (công nhận). */
  'recognition',
]);
export type StepAction = z.infer<typeof StepActionSchema>;

/**
 * How long a step may take. No source found gives the legal time limits (reform-2025.md,
 * domain.md): the built-in values are defaults flagged `sourced: false`, for a province to replace.
 */
export const StepTimeLimitSchema = z
  .object({
    days: z.number().int().positive(),
    dayKind: z.enum(['working', 'calendar']),
    sourced: z.boolean(),
    source: z.string().min(1).optional(),
    note: z.string().optional(),
  })
  .strict();
export type StepTimeLimit = z.infer<typeof StepTimeLimitSchema>;

export const PipelineStepSchema = z.object({ level: GovLevelSchema, action: StepActionSchema, limit: StepTimeLimitSchema.optional() }).strict();
export type PipelineStep = z.infer<typeof PipelineStepSchema>;

export const PipelineConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    /** Province code when a province configured its own pipeline; absent = the national default. */
    province: z.string().min(1).optional(),
    /** ISO date from which this organisation applies, when known. */
    effectiveFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    effectiveUntil: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    /** The government levels in play, lowest first. */
    levels: z.array(GovLevelSchema).min(1),
    titles: z
      .array(
        z
          .object({
            title: TitleIdSchema,
            steps: z.array(PipelineStepSchema).min(2),
            noteVi: z.string().optional(),
            noteEn: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type PipelineConfig = z.infer<typeof PipelineConfigSchema>;
export type PipelineConfigInput = z.input<typeof PipelineConfigSchema>;

function invalid(path: string, vi: string, en: string): DomainError {
  return domainError('PIPELINE.INVALID_CONFIG', `Cấu hình quy trình không hợp lệ tại "${path}": ${vi}`, `Invalid pipeline configuration at "${path}": ${en}`, {
    path,
  });
}

/**
 * Validates a pipeline configuration: levels lowest first without repeats; each title once; its steps
 * use only configured levels, never go down a level, start with a self-assessment and end with the
 * one recognition.
 */
export function loadPipelineConfig(input: unknown): Result<PipelineConfig> {
  const parsed = parseWith(PipelineConfigSchema, input, 'PIPELINE.INVALID_CONFIG');
  if (!parsed.ok) return parsed;
  const cfg = parsed.value;
  for (let i = 1; i < cfg.levels.length; i++) {
    if (RANK[cfg.levels[i]!] <= RANK[cfg.levels[i - 1]!]) {
      return err(invalid(`levels.${i}`, 'các cấp phải xếp từ thấp đến cao, không lặp', 'levels must go from lowest to highest, without repeats'));
    }
  }
  const seen = new Set<TitleId>();
  for (const [ti, t] of cfg.titles.entries()) {
    const at = `titles.${ti}`;
    if (seen.has(t.title)) return err(invalid(`${at}.title`, `danh hiệu "${t.title}" khai báo hai lần`, `title "${t.title}" configured twice`));
    seen.add(t.title);
    for (const [si, s] of t.steps.entries()) {
      if (s.limit?.sourced && !s.limit.source) {
        return err(invalid(`${at}.steps.${si}.limit.source`, 'thời hạn đã đánh dấu có nguồn nhưng thiếu nguồn', 'sourced time limit without a source'));
      }
      if (!cfg.levels.includes(s.level)) {
        return err(invalid(`${at}.steps.${si}.level`, `cấp "${s.level}" không có trong cấu hình`, `level "${s.level}" is not configured`));
      }
      const prev = t.steps[si - 1];
      if (prev && RANK[s.level] < RANK[prev.level]) {
        return err(invalid(`${at}.steps.${si}.level`, 'hồ sơ không được chuyển xuống cấp dưới', 'a dossier cannot move down a level'));
      }
    }
    if (t.steps[0]!.action !== 'self-assessment') {
      return err(invalid(`${at}.steps.0.action`, 'bước đầu phải là tự đánh giá', 'the first step must be the self-assessment'));
    }
    const recognitions = t.steps.filter((s) => s.action === 'recognition').length;
    if (recognitions !== 1 || t.steps[t.steps.length - 1]!.action !== 'recognition') {
      return err(invalid(`${at}.steps`, 'phải kết thúc bằng đúng một bước công nhận', 'must end with exactly one recognition step'));
    }
  }
  return ok(cfg);
}

const COMMUNE_3 = [
  { level: 'commune', action: 'self-assessment' },
  { level: 'district', action: 'review' },
  { level: 'province', action: 'appraisal' },
  { level: 'province', action: 'recognition' },
] as const;

const VILLAGE_3 = [
  { level: 'commune', action: 'self-assessment' },
  { level: 'district', action: 'appraisal' },
  { level: 'district', action: 'recognition' },
] as const;

/**
 * The seeds' world. Commune titles: commune self-assessment, district review (thẩm tra) by the owning
 * departments, provincial appraisal council, UBND tỉnh decision (seeds 002, 003, 004). Village titles:
 * the commune compiles the village's self-assessment, the district appraises and recognises (seed
 * 002: "hết tháng 10/2024 ... trình UBND cấp huyện; cấp huyện tháng 11/2024 ... công nhận"). District:
 * province reviews, central level recognises (domain.md). OCOP: district council then province
 * (domain.md; seed 000 sends product dossiers to UBND huyện).
 */
export const THREE_TIER_PIPELINE: PipelineConfigInput = {
  id: 'three-tier',
  nameVi: 'Ba cấp: xã → huyện → tỉnh',
  nameEn: 'Three-tier: commune → district → province',
  effectiveUntil: '2025-06-30',
  levels: ['commune', 'district', 'province', 'central'],
  titles: [
    { title: 'commune.dat-chuan', steps: [...COMMUNE_3] },
    { title: 'commune.co-ban-dat-chuan', steps: [...COMMUNE_3] },
    { title: 'commune.nang-cao', steps: [...COMMUNE_3] },
    { title: 'commune.kieu-mau', steps: [...COMMUNE_3] },
    { title: 'village.dat-chuan', steps: [...VILLAGE_3] },
    { title: 'village.kieu-mau', steps: [...VILLAGE_3] },
    {
      title: 'district.dat-chuan',
      steps: [
        { level: 'district', action: 'self-assessment' },
        { level: 'province', action: 'review' },
        { level: 'central', action: 'appraisal' },
        { level: 'central', action: 'recognition' },
      ],
    },
    {
      title: 'ocop.sao',
      steps: [
        { level: 'commune', action: 'self-assessment' },
        { level: 'district', action: 'appraisal' },
        { level: 'province', action: 'appraisal' },
        { level: 'province', action: 'recognition' },
      ],
    },
  ],
};

const UNSOURCED_LIMIT = 'Thời hạn mặc định của hệ thống, chưa có nguồn: tỉnh cấu hình theo văn bản của mình';
const limit = (days: number) => ({ days, dayKind: 'working', sourced: false, note: UNSOURCED_LIMIT }) as const;

/**
 * Two-tier government from 1 July 2025: no district. Commune titles go from the commune straight to
 * the province, whose departments review and whose council appraises (reported e.g. for Vĩnh Long,
 * 19/11/2025). Village titles: the commune people's committee appraises and recognises (a
 * commune-level procedure on the national portal, e.g. Thanh Hóa); a province that keeps this for
 * itself edits the steps to `province/appraisal, province/recognition`. There is no district title.
 * OCOP goes to the province. Step time limits: defaults, `sourced: false`.
 */
export const TWO_TIER_PIPELINE: PipelineConfigInput = {
  id: 'two-tier',
  nameVi: 'Hai cấp: xã → tỉnh',
  nameEn: 'Two-tier: commune → province',
  effectiveFrom: '2025-07-01',
  levels: ['commune', 'province'],
  titles: [
    ...(['commune.dat-chuan', 'commune.co-ban-dat-chuan', 'commune.nang-cao', 'commune.kieu-mau'] as const).map((title) => ({
      title,
      steps: [
        { level: 'commune', action: 'self-assessment' },
        { level: 'province', action: 'review', limit: limit(20) },
        { level: 'province', action: 'appraisal', limit: limit(15) },
        { level: 'province', action: 'recognition', limit: limit(10) },
      ] as PipelineStep[],
      noteVi: 'Sở, ngành tỉnh thẩm tra; Hội đồng thẩm định tỉnh (Phó Chủ tịch UBND tỉnh làm chủ tịch) thẩm định; Chủ tịch UBND tỉnh quyết định công nhận',
      noteEn: 'Provincial departments review; the provincial appraisal council (chaired by a provincial vice-chair) appraises; the provincial chair decides',
    })),
    ...(['village.dat-chuan', 'village.kieu-mau'] as const).map((title) => ({
      title,
      steps: [
        { level: 'commune', action: 'self-assessment' },
        { level: 'commune', action: 'appraisal', limit: limit(10) },
        { level: 'commune', action: 'recognition', limit: limit(5) },
      ] as PipelineStep[],
      noteVi:
        'UBND xã xét, công nhận thôn, bản (thủ tục cấp xã trên Cổng dịch vụ công quốc gia, ví dụ Thanh Hóa: "Xét, công nhận thôn, bản đạt chuẩn NTM"; reform-2025.md). Thời hạn chưa có nguồn.',
      noteEn:
        "The commune people's committee recognises villages (a commune-level procedure on the national public-service portal, e.g. Thanh Hóa; reform-2025.md). Time limits unsourced.",
    })),
    {
      title: 'ocop.sao',
      steps: [
        { level: 'commune', action: 'self-assessment' },
        { level: 'province', action: 'appraisal' },
        { level: 'province', action: 'recognition' },
      ],
    },
  ],
};

function mustLoad(input: PipelineConfigInput): PipelineConfig {
  const r = loadPipelineConfig(input);
  if (!r.ok) throw new InvariantError(`built-in pipeline ${input.id} is invalid: ${formatError(r.error)}`);
  return r.value;
}

export const PIPELINE_CONFIGS: readonly PipelineConfig[] = [mustLoad(THREE_TIER_PIPELINE), mustLoad(TWO_TIER_PIPELINE)];

export function getPipelineConfig(id: string): Result<PipelineConfig> {
  const cfg = PIPELINE_CONFIGS.find((c) => c.id === id);
  return cfg ? ok(cfg) : err(domainError('PIPELINE.UNKNOWN_CONFIG', `Không có cấu hình quy trình "${id}"`, `No pipeline configuration "${id}"`));
}

/**
 * The pipeline in force on an ISO date (yyyy-mm-dd): three-tier until 2025-06-30, two-tier from
 * 2025-07-01. With a province code, that province's own configuration (`province`) wins over the
 * national default. A plan year is two-tier when its reference date is: `${year}-01-01` gives
 * three-tier for 2025 (the first half-year) and two-tier from 2026.
 */
export function pipelineForDate(isoDate: string, configs: readonly PipelineConfig[] = PIPELINE_CONFIGS, provinceCode?: string): Result<PipelineConfig> {
  const fits = configs.filter((c) => (!c.effectiveFrom || c.effectiveFrom <= isoDate) && (!c.effectiveUntil || isoDate <= c.effectiveUntil));
  const hit = fits.find((c) => provinceCode !== undefined && c.province === provinceCode) ?? fits.find((c) => c.province === undefined);
  return hit
    ? ok(hit)
    : err(domainError('PIPELINE.UNKNOWN_CONFIG', `Không có cấu hình quy trình cho ngày ${isoDate}`, `No pipeline configuration for ${isoDate}`));
}

export function titleSteps(config: PipelineConfig, title: TitleId): Result<readonly PipelineStep[]> {
  const t = config.titles.find((x) => x.title === title);
  return t
    ? ok(t.steps)
    : err(
        domainError(
          'PIPELINE.TITLE_NOT_CONFIGURED',
          `Quy trình "${config.id}" không xét danh hiệu ${title}`,
          `Pipeline "${config.id}" does not handle title ${title}`,
        ),
      );
}

/** The level that recognises a title under this configuration. */
export function recognisingLevel(config: PipelineConfig, title: TitleId): Result<GovLevel> {
  const steps = titleSteps(config, title);
  return steps.ok ? ok(steps.value[steps.value.length - 1]!.level) : steps;
}

/** The next level a dossier goes to after `current`, or null when `current` is the last. */
export function nextLevel(config: PipelineConfig, title: TitleId, current: GovLevel): Result<GovLevel | null> {
  const steps = titleSteps(config, title);
  if (!steps.ok) return steps;
  const levels = [...new Set(steps.value.map((s) => s.level))];
  const i = levels.indexOf(current);
  if (i < 0) {
    return err(domainError('PIPELINE.LEVEL_NOT_IN_TITLE', `Cấp ${current} không tham gia xét ${title}`, `Level ${current} takes no part in ${title}`));
  }
  return ok(levels[i + 1] ?? null);
}

/** Each step of a title with its time limit (undefined when none is configured). */
export function stepTimeLimits(config: PipelineConfig, title: TitleId): Result<readonly { step: PipelineStep; limit: StepTimeLimit | undefined }[]> {
  const steps = titleSteps(config, title);
  return steps.ok ? ok(steps.value.map((step) => ({ step, limit: step.limit }))) : steps;
}
