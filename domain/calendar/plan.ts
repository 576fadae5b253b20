import { z } from 'zod';
import { type Result } from '../errors';
import { TitleIdSchema } from '../titles';
import { parseWith } from '../validation';
import { formatVnDate, LocalDateSchema, type LocalDate } from './dates';
import { ReminderPolicySchema } from './reminders';

/**
 * A plan year (kế hoạch năm): which units aim for which title, the deadlines of each stage, the review
 * time per level and the reminder policy. All of it data, validated here with exact error paths, so a
 * district can load its own plan without code.
 */

/** commune → district → province (the seeds' world) or commune → province (two-tier, since 1/7/2025). */
export const PipelineModeSchema = z.enum(['commune-district-province', 'commune-province']);
export type PipelineMode = z.infer<typeof PipelineModeSchema>;

export const PlanStageSchema = z.enum([
  'commune.submit', // commune self-assessment dossier to the next level
  'district.review', // district thẩm tra by the owning departments
  'district.submit_to_province', // district dossier to the provincial coordination office
  'province.appraise', // provincial appraisal council (thẩm định)
  'village.submit', // village (thôn/bản) dossier to the recognising level
  'village.recognise', // appraisal and recognition of villages
  'ocop.submit', // OCOP product dossiers
]);
export type PlanStage = z.infer<typeof PlanStageSchema>;

/** Titles a plan can target: the titles model's ids (domain/titles.ts), except the district title, which the central level handles. */
export const PlanTitleSchema = TitleIdSchema.exclude(['district.dat-chuan']);
export type PlanTitle = z.infer<typeof PlanTitleSchema>;

/** Stages that exist only where there are districts. */
const DISTRICT_STAGES: ReadonlySet<PlanStage> = new Set(['district.review', 'district.submit_to_province']);

/** Which titles a stage can apply to, and in which order stages follow each other for them. */
const STAGE_FAMILY: Record<PlanStage, 'commune' | 'village' | 'ocop'> = {
  'commune.submit': 'commune',
  'district.review': 'commune',
  'district.submit_to_province': 'commune',
  'province.appraise': 'commune',
  'village.submit': 'village',
  'village.recognise': 'village',
  'ocop.submit': 'ocop',
};
const STAGE_ORDER: Record<PlanStage, number> = {
  'commune.submit': 0,
  'district.review': 1,
  'district.submit_to_province': 2,
  'province.appraise': 3,
  'village.submit': 0,
  'village.recognise': 1,
  'ocop.submit': 0,
};
const titleFamily = (t: PlanTitle): 'commune' | 'village' | 'ocop' => (t.startsWith('commune.') ? 'commune' : t.startsWith('village.') ? 'village' : 'ocop');

/** Stages whose length is a review time in working days. */
export const ReviewStageSchema = z.enum(['district.review', 'province.appraise', 'village.recognise']);
export type ReviewStage = z.infer<typeof ReviewStageSchema>;

export const UnitCodeSchema = z.string().trim().min(1).max(120);

export const PlanDeadlineSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'Mã hạn chỉ gồm a-z, 0-9, ".", "_", "-" (id: lowercase letters, digits, . _ -)'),
  stage: PlanStageSchema,
  titles: z.array(PlanTitleSchema).min(1),
  /** What must be done, in Vietnamese, as the plan says it. */
  descriptionVi: z.string().min(1),
  /** The first day of a window ("tháng 9-10/2024" opens on 01/09), when the plan gives one. */
  opens: LocalDateSchema.optional(),
  /** The last day on which the step is on time. */
  due: LocalDateSchema,
  /** Where the date comes from, quoted: "seed 002: hết tháng 8/2024". */
  sourceNote: z.string().min(1),
});
export type PlanDeadline = z.infer<typeof PlanDeadlineSchema>;

export const PlanTargetSchema = z.object({
  title: PlanTitleSchema,
  count: z.int().min(0),
  sourceNote: z.string().min(1),
});

export const PlanRegistrationSchema = z.object({
  unitCode: UnitCodeSchema,
  unitName: z.string().min(1),
  title: PlanTitleSchema,
  /** Criteria the unit aims to meet, where the title is defined by a count (cơ bản đạt chuẩn: ≥ 15). */
  targetCriteria: z.int().min(1).max(60).optional(),
  sourceNote: z.string().min(1).optional(),
});
export type PlanRegistration = z.infer<typeof PlanRegistrationSchema>;

export const ReviewDaysSchema = z.object({
  stage: ReviewStageSchema,
  workingDays: z.int().positive().max(365),
  /** False: no legal source was found; the number is a configurable placeholder. */
  sourced: z.boolean(),
  note: z.string().optional(),
});

export const PlanYearSchema = z
  .object({
    year: z.int().min(2000).max(2100),
    unitCode: UnitCodeSchema,
    unitName: z.string().min(1),
    unitLevel: z.enum(['province', 'district']),
    pipeline: PipelineModeSchema,
    targets: z.array(PlanTargetSchema).default([]),
    registrations: z.array(PlanRegistrationSchema).default([]),
    deadlines: z.array(PlanDeadlineSchema).min(1),
    reviewDays: z.array(ReviewDaysSchema).default([]),
    reminderPolicy: ReminderPolicySchema.default(ReminderPolicySchema.parse({})),
    sourceNote: z.string().optional(),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const first = `${p.year}-01-01`;
    const last = `${p.year}-12-31`;
    // A date that failed its own check (e.g. "00/00/0000") is already an issue at its path; the checks
    // across dates below compare and show only real dates (formatVnDate throws on anything else).
    const real = (d: string | undefined): d is LocalDate => d !== undefined && LocalDateSchema.safeParse(d).success;

    if (p.pipeline === 'commune-province' && p.unitLevel === 'district') {
      issue(['unitLevel'], 'Mô hình hai cấp (xã → tỉnh) không có cấp huyện (a two-tier pipeline has no district level)');
    }

    const ids = new Map<string, number>();
    p.deadlines.forEach((d, i) => {
      const prev = ids.get(d.id);
      if (prev !== undefined) issue(['deadlines', i, 'id'], `Mã hạn "${d.id}" trùng với deadlines.${prev} (duplicate id)`);
      else ids.set(d.id, i);

      if (!real(d.due)) {
        /* refused already at deadlines.i.due */
      } else if (d.due > last) {
        issue(['deadlines', i, 'due'], `Hạn ${formatVnDate(d.due)} sau ngày cuối năm kế hoạch 31/12/${p.year} (after the plan year's end)`);
      } else if (d.due < first) {
        issue(['deadlines', i, 'due'], `Hạn ${formatVnDate(d.due)} trước năm kế hoạch ${p.year} (before the plan year)`);
      }
      if (real(d.opens) && real(d.due)) {
        if (d.opens > d.due) issue(['deadlines', i, 'opens'], `Ngày bắt đầu ${formatVnDate(d.opens)} sau hạn ${formatVnDate(d.due)} (opens after it is due)`);
        else if (d.opens < first)
          issue(['deadlines', i, 'opens'], `Ngày bắt đầu ${formatVnDate(d.opens)} trước năm kế hoạch ${p.year} (opens before the plan year)`);
      }
      if (p.pipeline === 'commune-province' && DISTRICT_STAGES.has(d.stage)) {
        issue(['deadlines', i, 'stage'], `Bước "${d.stage}" không có trong mô hình hai cấp xã → tỉnh (no district stage in a two-tier pipeline)`);
      }
      const seenTitles = new Set<string>();
      d.titles.forEach((t, j) => {
        if (titleFamily(t) !== STAGE_FAMILY[d.stage]) {
          issue(['deadlines', i, 'titles', j], `Danh hiệu "${t}" không áp dụng cho bước "${d.stage}" (title does not go through this stage)`);
        }
        if (seenTitles.has(t)) issue(['deadlines', i, 'titles', j], `Danh hiệu "${t}" lặp lại (duplicate title)`);
        seenTitles.add(t);
      });
    });

    // For each title, a later stage cannot be due before an earlier one.
    p.deadlines.forEach((d, i) => {
      p.deadlines.forEach((e, k) => {
        if (k === i || STAGE_ORDER[e.stage] >= STAGE_ORDER[d.stage] || STAGE_FAMILY[e.stage] !== STAGE_FAMILY[d.stage]) return;
        const shared = d.titles.find((t) => e.titles.includes(t));
        if (shared !== undefined && real(d.due) && real(e.due) && d.due < e.due) {
          issue(
            ['deadlines', i, 'due'],
            `Hạn bước "${d.stage}" (${formatVnDate(d.due)}) sớm hơn hạn bước trước "${e.stage}" (${formatVnDate(e.due)}) của "${shared}" (a later stage is due before an earlier one)`,
          );
        }
      });
    });

    const targetTitles = new Map<string, number>();
    p.targets.forEach((t, i) => {
      if (targetTitles.has(t.title)) issue(['targets', i, 'title'], `Chỉ tiêu cho "${t.title}" khai báo hai lần (duplicate target)`);
      targetTitles.set(t.title, t.count);
    });

    const titlesWithDeadline = new Set(p.deadlines.flatMap((d) => d.titles));
    const regs = new Map<string, number>();
    const perTitle = new Map<string, number>();
    p.registrations.forEach((r, i) => {
      const key = `${r.unitCode}|${r.title}`;
      const prev = regs.get(key);
      if (prev !== undefined)
        issue(['registrations', i, 'unitCode'], `"${r.unitName}" đã đăng ký "${r.title}" ở registrations.${prev} (duplicate registration)`);
      regs.set(key, i);
      if (!titlesWithDeadline.has(r.title)) {
        issue(['registrations', i, 'title'], `Không có hạn nào trong kế hoạch áp dụng cho "${r.title}" (no deadline applies to this title)`);
      }
      const n = (perTitle.get(r.title) ?? 0) + 1;
      perTitle.set(r.title, n);
      const target = targetTitles.get(r.title);
      if (target !== undefined && n > target) {
        issue(['registrations', i], `Số đơn vị đăng ký "${r.title}" vượt chỉ tiêu ${target} (more registrations than the target)`);
      }
    });

    const reviewStages = new Map<string, number>();
    p.reviewDays.forEach((r, i) => {
      if (reviewStages.has(r.stage)) issue(['reviewDays', i, 'stage'], `Thời hạn cho "${r.stage}" khai báo hai lần (duplicate stage)`);
      reviewStages.set(r.stage, i);
      if (p.pipeline === 'commune-province' && DISTRICT_STAGES.has(r.stage)) {
        issue(['reviewDays', i, 'stage'], `Bước "${r.stage}" không có trong mô hình hai cấp (no district stage in a two-tier pipeline)`);
      }
    });
  });
export type PlanYear = z.infer<typeof PlanYearSchema>;
export type PlanYearInput = z.input<typeof PlanYearSchema>;

/** Validates a plan year; refuses with `PLAN.INVALID` and the exact path of the first fault. */
export function loadPlanYear(input: unknown): Result<PlanYear> {
  return parseWith(PlanYearSchema, input, 'PLAN.INVALID');
}

/** The deadlines that apply to a title, in stage order. */
export function deadlinesFor(plan: PlanYear, title: PlanTitle): PlanDeadline[] {
  return plan.deadlines
    .filter((d) => d.titles.includes(title))
    .sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** The configured review time of a stage, if the plan gives one. */
export function reviewWorkingDays(plan: PlanYear, stage: ReviewStage): number | undefined {
  return plan.reviewDays.find((r) => r.stage === stage)?.workingDays;
}
