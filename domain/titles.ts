import { z } from 'zod';
import { domainError, err, InvariantError, ok, type Result } from './errors';
import type { CriteriaEvaluation } from './evaluation';
import { OCOP_MIN_CERTIFIED_STARS, ocopStars } from './ocop';
import type { Reason } from './revocation';

/**
 * The titles a unit can be recognised with, and their rules, as data (domain.md "What gets
 * recognised"). `evaluateTitle` says whether a unit is eligible and, when not, why — criterion by
 * criterion, indicator by indicator, in Vietnamese and English.
 */
export const TITLE_IDS = [
  'commune.dat-chuan',
  'commune.co-ban-dat-chuan',
  'commune.nang-cao',
  'commune.kieu-mau',
  'village.dat-chuan',
  'village.kieu-mau',
  'district.dat-chuan',
  'ocop.sao',
] as const;
export const TitleIdSchema = z.enum(TITLE_IDS);
export type TitleId = z.infer<typeof TitleIdSchema>;

const RuleSchema = z.discriminatedUnion('kind', [
  /** Every criterion of the title's set met. */
  z.object({ kind: z.literal('all-criteria') }).strict(),
  /** At least `min` criteria met; only where the province opts in (Điện Biên's "cơ bản đạt chuẩn"). */
  z.object({ kind: z.literal('min-criteria'), min: z.number().int().positive(), provincialOption: z.literal(true) }).strict(),
  /** Every commune of the district recognised, district criteria met, residents satisfied. */
  z
    .object({
      kind: z.literal('district'),
      communeTitle: TitleIdSchema,
      residentSatisfactionMinPct: z.number().min(0).max(100).optional(),
    })
    .strict(),
  /** An OCOP product is certified from this many stars. */
  z.object({ kind: z.literal('ocop-stars'), minStars: z.number().int().min(1).max(5) }).strict(),
]);

export const TitleDefinitionSchema = z
  .object({
    id: TitleIdSchema,
    unitLevel: z.enum(['commune', 'village', 'district', 'ocop']),
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    /** The `standard` of the criteria set the title is measured against. */
    standard: z.enum(['dat-chuan', 'nang-cao', 'kieu-mau', 'ocop']),
    /** Titles the unit must already hold. */
    requires: z.array(TitleIdSchema).default([]),
    rule: RuleSchema,
    source: z.string().min(1),
  })
  .strict();
export type TitleDefinition = z.infer<typeof TitleDefinitionSchema>;

const TITLE_DATA: readonly z.input<typeof TitleDefinitionSchema>[] = [
  {
    id: 'commune.dat-chuan',
    unitLevel: 'commune',
    nameVi: 'Xã đạt chuẩn nông thôn mới',
    nameEn: 'Commune meeting the new-rural standard',
    standard: 'dat-chuan',
    rule: { kind: 'all-criteria' },
    source: 'domain.md; seed 004 ("đạt 19 tiêu chí NTM")',
  },
  {
    id: 'commune.co-ban-dat-chuan',
    unitLevel: 'commune',
    nameVi: 'Xã cơ bản đạt chuẩn nông thôn mới',
    nameEn: 'Commune basically meeting the new-rural standard',
    standard: 'dat-chuan',
    rule: { kind: 'min-criteria', min: 15, provincialOption: true },
    source: 'seed 000 ("đảm bảo đạt từ 15 tiêu chí trở lên"), seed 002 ("cơ bản đạt chuẩn ... đạt từ 15 tiêu chí trở lên")',
  },
  {
    id: 'commune.nang-cao',
    unitLevel: 'commune',
    nameVi: 'Xã nông thôn mới nâng cao',
    nameEn: 'Advanced new-rural commune',
    standard: 'nang-cao',
    requires: ['commune.dat-chuan'],
    rule: { kind: 'all-criteria' },
    source: 'domain.md (đạt chuẩn trước, rồi bộ tiêu chí nâng cao)',
  },
  {
    id: 'commune.kieu-mau',
    unitLevel: 'commune',
    nameVi: 'Xã nông thôn mới kiểu mẫu',
    nameEn: 'Model new-rural commune',
    standard: 'kieu-mau',
    requires: ['commune.dat-chuan'],
    rule: { kind: 'all-criteria' },
    source: 'domain.md (đạt chuẩn trước, rồi bộ tiêu chí kiểu mẫu); QĐ 319/QĐ-TTg may also require nâng cao: edit `requires`',
  },
  {
    id: 'village.dat-chuan',
    unitLevel: 'village',
    nameVi: 'Thôn, bản đạt chuẩn nông thôn mới',
    nameEn: 'Village meeting the new-rural standard',
    standard: 'dat-chuan',
    rule: { kind: 'all-criteria' },
    source: 'seed 002 (QĐ 1926/QĐ-UBND Điện Biên)',
  },
  {
    id: 'village.kieu-mau',
    unitLevel: 'village',
    nameVi: 'Thôn, bản nông thôn mới kiểu mẫu',
    nameEn: 'Model new-rural village',
    standard: 'kieu-mau',
    requires: ['village.dat-chuan'],
    rule: { kind: 'all-criteria' },
    source: 'seed 002, seed 004 (Biểu 02); prerequisite đạt chuẩn is our reading',
  },
  {
    id: 'district.dat-chuan',
    unitLevel: 'district',
    nameVi: 'Huyện đạt chuẩn nông thôn mới',
    nameEn: 'District meeting the new-rural standard',
    standard: 'dat-chuan',
    rule: { kind: 'district', communeTitle: 'commune.dat-chuan', residentSatisfactionMinPct: 90 },
    source: 'domain.md (its communes; ≥ 90% residents satisfied, public reporting)',
  },
  {
    id: 'ocop.sao',
    unitLevel: 'ocop',
    nameVi: 'Sản phẩm OCOP (xếp hạng sao)',
    nameEn: 'OCOP product (star rating)',
    standard: 'ocop',
    rule: { kind: 'ocop-stars', minStars: OCOP_MIN_CERTIFIED_STARS },
    source: 'domain.md (3, 4 or 5 stars)',
  },
];

export const TITLE_DEFINITIONS: readonly TitleDefinition[] = TITLE_DATA.map((t) => {
  const r = TitleDefinitionSchema.safeParse(t);
  if (!r.success) throw new InvariantError(`invalid title definition ${t.id}: ${r.error.message}`);
  return r.data;
});

export function getTitleDefinition(id: string): Result<TitleDefinition> {
  const def = TITLE_DEFINITIONS.find((t) => t.id === id);
  return def ? ok(def) : err(domainError('TITLE.UNKNOWN', `Không có danh hiệu "${id}"`, `No title "${id}"`));
}

export interface TitleInput {
  /** Evaluation against a set of the title's standard (not needed for OCOP; district criteria for a district). */
  readonly evaluation?: CriteriaEvaluation;
  /** Titles the unit already holds. */
  readonly heldTitles?: readonly TitleId[];
  /** Provincial options: whether the province recognises "cơ bản đạt chuẩn". */
  readonly provincialOptions?: { readonly coBanDatChuan?: boolean };
  /** For a district: its communes and whether each holds the commune title. */
  readonly communes?: readonly { readonly code: string; readonly name?: string; readonly recognised: boolean }[];
  /** For a district: residents' satisfaction survey (Fatherland Front), percent. */
  readonly residentSatisfactionPct?: number;
  /** For an OCOP product: total score out of 100. */
  readonly ocopScore?: number;
}

export interface TitleEligibility {
  readonly title: TitleId;
  readonly eligible: boolean;
  /** Why not eligible (empty when eligible). */
  readonly reasons: readonly Reason[];
  readonly summaryVi: string;
  readonly summaryEn: string;
}

function missingInput(title: TitleId, what: string, whatEn: string): Result<never> {
  return err(domainError('TITLE.MISSING_INPUT', `Xét danh hiệu ${title} cần ${what}`, `Assessing title ${title} needs ${whatEn}`, { details: { title } }));
}

function criteriaReasons(evaluation: CriteriaEvaluation): Reason[] {
  const out: Reason[] = [];
  for (const c of evaluation.criteria) {
    if (c.status === 'not_met') {
      out.push({
        code: 'TITLE.CRITERION_NOT_MET',
        vi: `Tiêu chí ${c.code} (${c.nameVi}) chưa đạt: ${c.failing.map((i) => i.reasonVi).join('; ')}`,
        en: `Criterion ${c.code} (${c.nameEn}) not met: ${c.failing.map((i) => i.reasonEn).join('; ')}`,
      });
    } else if (c.status === 'missing_evidence') {
      out.push({
        code: 'TITLE.CRITERION_MISSING_EVIDENCE',
        vi: `Tiêu chí ${c.code} (${c.nameVi}) chưa đủ căn cứ: ${c.missing.map((i) => i.reasonVi).join('; ')}`,
        en: `Criterion ${c.code} (${c.nameEn}) lacks evidence: ${c.missing.map((i) => i.reasonEn).join('; ')}`,
      });
    }
  }
  return out;
}

function checkSet(def: TitleDefinition, evaluation: CriteriaEvaluation): Result<true> {
  const scope = def.unitLevel === 'ocop' ? 'ocop' : def.unitLevel;
  if (evaluation.scope !== scope || evaluation.standard !== def.standard) {
    return err(
      domainError(
        'TITLE.WRONG_SET',
        `Danh hiệu ${def.id} phải xét theo bộ tiêu chí ${scope}/${def.standard}, không phải "${evaluation.setId}" (${evaluation.scope}/${evaluation.standard})`,
        `Title ${def.id} must be assessed against a ${scope}/${def.standard} set, not "${evaluation.setId}" (${evaluation.scope}/${evaluation.standard})`,
      ),
    );
  }
  return ok(true);
}

/** Whether a unit is eligible for a title, and every reason it is not. */
export function evaluateTitle(titleId: string, input: TitleInput, definitions: readonly TitleDefinition[] = TITLE_DEFINITIONS): Result<TitleEligibility> {
  const def = definitions.find((t) => t.id === titleId);
  if (!def) return getTitleDefinition(titleId) as Result<never>;
  const reasons: Reason[] = [];
  const held = new Set(input.heldTitles ?? []);
  for (const req of def.requires) {
    if (!held.has(req)) {
      reasons.push({
        code: 'TITLE.PREREQUISITE',
        vi: `Cần được công nhận "${nameVi(definitions, req)}" trước`,
        en: `Must first be recognised as "${nameEn(definitions, req)}"`,
      });
    }
  }
  const rule = def.rule;
  let summaryVi = '';
  let summaryEn = '';
  switch (rule.kind) {
    case 'all-criteria':
    case 'min-criteria': {
      const ev = input.evaluation;
      if (!ev) return missingInput(def.id, 'kết quả đánh giá bộ tiêu chí', 'a criteria evaluation');
      const setOk = checkSet(def, ev);
      if (!setOk.ok) return setOk;
      summaryVi = `Đạt ${ev.metCount}/${ev.total} tiêu chí`;
      summaryEn = `${ev.metCount} of ${ev.total} criteria met`;
      if (rule.kind === 'all-criteria') {
        reasons.push(...criteriaReasons(ev));
      } else if (!input.provincialOptions?.coBanDatChuan) {
        reasons.push({
          code: 'TITLE.PROVINCIAL_OPTION_OFF',
          vi: 'Tỉnh không áp dụng danh hiệu "cơ bản đạt chuẩn"',
          en: 'The province does not use the "basically meets the standard" title',
        });
      } else if (ev.metCount < rule.min) {
        reasons.push({
          code: 'TITLE.TOO_FEW_CRITERIA',
          vi: `Đạt ${ev.metCount}/${ev.total} tiêu chí, cần ít nhất ${rule.min}`,
          en: `${ev.metCount} of ${ev.total} criteria met, at least ${rule.min} needed`,
        });
      }
      break;
    }
    case 'district': {
      const communes = input.communes;
      if (!communes || communes.length === 0) return missingInput(def.id, 'danh sách xã của huyện', "the district's communes");
      const notRecognised = communes.filter((c) => !c.recognised);
      summaryVi = `${communes.length - notRecognised.length}/${communes.length} xã đạt chuẩn`;
      summaryEn = `${communes.length - notRecognised.length} of ${communes.length} communes recognised`;
      for (const c of notRecognised) {
        reasons.push({
          code: 'TITLE.COMMUNE_NOT_RECOGNISED',
          vi: `Xã ${c.name ?? c.code} chưa được công nhận ${nameVi(definitions, rule.communeTitle)}`,
          en: `Commune ${c.name ?? c.code} is not recognised as ${nameEn(definitions, rule.communeTitle)}`,
        });
      }
      if (!input.evaluation) {
        reasons.push({
          code: 'TITLE.DISTRICT_CRITERIA_NOT_EVALUATED',
          vi: 'Chưa có kết quả đánh giá bộ tiêu chí huyện nông thôn mới',
          en: 'The district criteria have not been evaluated',
        });
      } else {
        const setOk = checkSet(def, input.evaluation);
        if (!setOk.ok) return setOk;
        reasons.push(...criteriaReasons(input.evaluation));
      }
      if (rule.residentSatisfactionMinPct !== undefined) {
        const s = input.residentSatisfactionPct;
        if (s === undefined) {
          reasons.push({
            code: 'TITLE.SATISFACTION_MISSING',
            vi: 'Chưa có kết quả lấy ý kiến sự hài lòng của người dân',
            en: "No residents' satisfaction survey result",
          });
        } else if (s < rule.residentSatisfactionMinPct) {
          reasons.push({
            code: 'TITLE.SATISFACTION_LOW',
            vi: `Tỷ lệ người dân hài lòng ${String(s).replace('.', ',')}%, thấp hơn ngưỡng ${rule.residentSatisfactionMinPct}%`,
            en: `Residents' satisfaction ${s}%, below the threshold of ${rule.residentSatisfactionMinPct}%`,
          });
        }
      }
      break;
    }
    case 'ocop-stars': {
      if (input.ocopScore === undefined) return missingInput(def.id, 'tổng điểm sản phẩm', 'the product score');
      const stars = ocopStars(input.ocopScore);
      if (!stars.ok) return stars;
      summaryVi = `${String(input.ocopScore).replace('.', ',')} điểm: ${stars.value} sao`;
      summaryEn = `${input.ocopScore} points: ${stars.value} stars`;
      if (stars.value < rule.minStars) {
        reasons.push({
          code: 'TITLE.OCOP_BELOW_CERTIFIED',
          vi: `Sản phẩm đạt ${stars.value} sao, chưa đủ ${rule.minStars} sao để được chứng nhận OCOP`,
          en: `The product rates ${stars.value} stars, fewer than the ${rule.minStars} needed for OCOP certification`,
        });
      }
      break;
    }
  }
  return ok({ title: def.id, eligible: reasons.length === 0, reasons, summaryVi, summaryEn });
}

function nameVi(defs: readonly TitleDefinition[], id: TitleId): string {
  return defs.find((d) => d.id === id)?.nameVi ?? id;
}
function nameEn(defs: readonly TitleDefinition[], id: TitleId): string {
  return defs.find((d) => d.id === id)?.nameEn ?? id;
}
