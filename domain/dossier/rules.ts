/**
 * The lifecycle rules, each a pure check that returns why an event is refused (or null). The machine's
 * guards call these same functions, so a refusal shown to an official is exactly the rule the machine
 * enforces — never a second copy of it.
 */
import { getCriteriaSet } from '../criteria/registry';
import { domainError, type DomainError } from '../errors';
import { resolveThresholdValue } from '../evaluation';
import { currentLevel, slotKey, type DossierContext } from './context';
import type { DossierEvent } from './types';

type Ev<T extends DossierEvent['type']> = Extract<DossierEvent, { type: T }>;
type Check<T extends DossierEvent['type']> = (ctx: DossierContext, e: Ev<T>) => DomainError | null;

const unknownCriterion = (c: string): DomainError =>
  domainError('DOSSIER.UNKNOWN_CRITERION', `Tiêu chí "${c}" không có trong bộ tiêu chí của hồ sơ`, `Criterion "${c}" is not in this dossier's criteria set`, {
    path: 'criterion',
  });

export const checkSelfAssessment: Check<'self_assessment.recorded'> = (ctx, e) =>
  ctx.input.criteria.includes(e.criterion) ? null : unknownCriterion(e.criterion);

export const checkSubmit: Check<'commune.submitted'> = (ctx) => {
  const missing = ctx.input.criteria.filter((c) => !ctx.selfAssessment[c]);
  if (missing.length > 0) {
    return domainError(
      'DOSSIER.SELF_ASSESSMENT_INCOMPLETE',
      `Chưa tự đánh giá tiêu chí: ${missing.join(', ')}`,
      `Self-assessment missing for criteria: ${missing.join(', ')}`,
      { details: { missing } },
    );
  }
  if (ctx.input.title !== 'ocop.sao' && !ctx.consultation) {
    return domainError(
      'DOSSIER.CONSULTATION_MISSING',
      'Chưa có kết quả lấy ý kiến nhân dân (mức độ hài lòng)',
      "The residents' consultation (satisfaction survey) has not been recorded",
    );
  }
  return null;
};

export const checkReview: Check<'criterion.reviewed'> = (ctx, e) => {
  if (!ctx.input.criteria.includes(e.criterion)) return unknownCriterion(e.criterion);
  const level = currentLevel(ctx);
  const dept = e.meta.actor.department;
  const owners = level.reviewers.filter((r) => r.criterion === e.criterion).map((r) => r.department);
  if (!dept || !owners.includes(dept)) {
    return domainError(
      'DOSSIER.NOT_CRITERION_OWNER',
      `Tiêu chí ${e.criterion} do ${owners.join(', ') || '(không phòng nào)'} thẩm tra ở cấp này, không phải ${dept ?? '(không thuộc phòng ban)'}`,
      `Criterion ${e.criterion} is reviewed at this level by ${owners.join(', ') || '(no department)'}, not ${dept ?? '(no department)'}`,
      { path: 'criterion', details: { owners } },
    );
  }
  const prior = ctx.reviews[slotKey({ criterion: e.criterion, department: dept })];
  if (prior) {
    return domainError(
      'DOSSIER.ALREADY_REVIEWED',
      `Tiêu chí ${e.criterion} đã được ${dept} thẩm tra (${prior.verdict}) lúc ${prior.at}`,
      `Criterion ${e.criterion} was already reviewed by ${dept} (${prior.verdict}) at ${prior.at}`,
      { path: 'criterion' },
    );
  }
  return null;
};

export const checkReturn: Check<'level.returned'> = (ctx, e) => {
  const bad = e.reasons.find((r) => !ctx.input.criteria.includes(r.criterion));
  return bad ? unknownCriterion(bad.criterion) : null;
};

/** Review slots of the current level that have no verdict yet, or were sent back for supplementation. */
export function unresolvedSlots(ctx: DossierContext): { criterion: string; department: string; verdict?: string }[] {
  return currentLevel(ctx)
    .reviewers.map((s) => ({ ...s, verdict: ctx.reviews[slotKey(s)]?.verdict }))
    .filter((s) => s.verdict === undefined || s.verdict === 'needs_supplement');
}

function notEligible(ctx: DossierContext): DomainError | null {
  if (!ctx.verification) {
    return domainError(
      'DOSSIER.NOT_VERIFIED',
      'Chưa có kết quả kiểm tra tiêu chí sau lần thẩm tra cuối',
      'The criteria have not been verified since the last review',
    );
  }
  if (!ctx.verification.eligible) {
    const list = ctx.verification.failing.map((f) => `${f.criterion}: ${f.reasonVi}`).join('; ');
    return domainError(
      'DOSSIER.NOT_ELIGIBLE',
      `Hồ sơ chưa đủ điều kiện công nhận (${ctx.verification.metCount}/${ctx.verification.total} tiêu chí đạt). ${list}`,
      `The dossier does not qualify for the title (${ctx.verification.metCount}/${ctx.verification.total} criteria met). ${ctx.verification.failing.map((f) => `${f.criterion}: ${f.reasonEn}`).join('; ')}`,
      { details: { failing: ctx.verification.failing } },
    );
  }
  return null;
}

export const checkApprove: Check<'level.approved'> = (ctx) => {
  const open = unresolvedSlots(ctx);
  if (open.length > 0) {
    const list = open.map((s) => `${s.criterion} (${s.department})`).join(', ');
    return domainError('DOSSIER.REVIEW_INCOMPLETE', `Còn tiêu chí chưa thẩm tra xong: ${list}`, `Criteria still under review: ${list}`, { details: { open } });
  }
  return notEligible(ctx);
};

export const checkForward: Check<'level.forwarded'> = (ctx) => {
  if (ctx.levelIndex >= ctx.input.levels.length - 1) {
    return domainError('DOSSIER.LAST_LEVEL', 'Cấp này là cấp quyết định, không chuyển tiếp được', 'This level decides; there is no next level to forward to');
  }
  if (currentLevel(ctx).council && !ctx.vote) {
    return domainError('DOSSIER.VOTE_MISSING', 'Chưa có kết quả biểu quyết của hội đồng cấp này', "This level's council has not voted");
  }
  return null;
};

export const checkVote: Check<'council.voted'> = (ctx, e) => {
  const level = currentLevel(ctx);
  if (!level.council) {
    return domainError('DOSSIER.NO_COUNCIL', `Cấp ${level.level} không có hội đồng thẩm định`, `Level ${level.level} has no appraisal council`);
  }
  const cast = e.inFavour + e.against + e.abstained;
  if (cast !== e.members.length) {
    return domainError(
      'DOSSIER.VOTE_COUNT_MISMATCH',
      `Tổng phiếu (${cast}) khác số thành viên (${e.members.length})`,
      `Votes cast (${cast}) differ from the number of members (${e.members.length})`,
      { path: 'members' },
    );
  }
  if (new Set(e.members.map((m) => m.id)).size !== e.members.length) {
    return domainError('DOSSIER.DUPLICATE_MEMBER', 'Thành viên hội đồng bị trùng', 'A council member is listed twice', { path: 'members' });
  }
  return null;
};

function checkOutcome(ctx: DossierContext, outcome: 'recognised' | 'refused'): DomainError | null {
  const level = currentLevel(ctx);
  if (!level.decides) {
    return domainError('DOSSIER.NOT_DECIDING_LEVEL', `Cấp ${level.level} không ra quyết định công nhận`, `Level ${level.level} does not issue the decision`);
  }
  if (level.council && !ctx.vote) {
    return domainError('DOSSIER.VOTE_MISSING', 'Chưa có kết quả biểu quyết của hội đồng thẩm định', 'The appraisal council has not voted');
  }
  if (outcome === 'recognised') {
    const e = notEligible(ctx);
    if (e) return e;
    if (ctx.vote && ctx.vote.inFavour * 2 <= ctx.vote.members.length) {
      return domainError(
        'DOSSIER.VOTE_NOT_PASSED',
        `Hội đồng không tán thành (${ctx.vote.inFavour}/${ctx.vote.members.length} phiếu tán thành)`,
        `The council did not approve (${ctx.vote.inFavour}/${ctx.vote.members.length} in favour)`,
      );
    }
  }
  return null;
}

export const checkDraftDecision: Check<'decision.drafted'> = (ctx, e) => {
  if (e.outcome === 'refused' && e.reasons.length === 0) {
    return domainError('DOSSIER.REASONS_REQUIRED', 'Quyết định không công nhận phải nêu lý do', 'A refusal must give reasons', { path: 'reasons' });
  }
  return checkOutcome(ctx, e.outcome);
};

export const checkDecide: Check<'level.decided'> = (ctx, e) => {
  const draft = ctx.decisionDraft;
  if (!draft) return domainError('DOSSIER.DRAFT_MISSING', 'Chưa có dự thảo quyết định', 'No draft decision exists');
  if (draft.outcome !== e.outcome || draft.number !== e.number) {
    return domainError(
      'DOSSIER.DECISION_MISMATCH',
      `Quyết định (${e.number}, ${e.outcome}) khác dự thảo (${draft.number}, ${draft.outcome})`,
      `The decision (${e.number}, ${e.outcome}) differs from the draft (${draft.number}, ${draft.outcome})`,
      { path: 'number' },
    );
  }
  if (e.outcome === 'refused' && e.reasons.length === 0) {
    return domainError('DOSSIER.REASONS_REQUIRED', 'Quyết định không công nhận phải nêu lý do', 'A refusal must give reasons', { path: 'reasons' });
  }
  return checkOutcome(ctx, e.outcome);
};

// ---------------------------------------------------------------------------------------------------
// Batches: the checklist page and the review page send many entries at once. Each entry is checked by
// the same rule as the single event; the first refusal names the entry (`entries.<i>.<field>`) and its
// criterion, and nothing of the batch is recorded.
// ---------------------------------------------------------------------------------------------------

const at = (i: number, e: DomainError, field: string): DomainError => ({ ...e, path: `entries.${i}.${field}`, details: { ...(e.details ?? {}), entry: i } });

function duplicate(entries: readonly { criterion: string }[]): { i: number; criterion: string } | undefined {
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    if (seen.has(e.criterion)) return { i, criterion: e.criterion };
    seen.add(e.criterion);
  }
  return undefined;
}

/**
 * What the criteria set computes for one checklist line: for each indicator value given where the set has
 * a numeric threshold, whether it meets it. Unknown indicators are reported; judgement-only indicators are
 * not computed.
 */
export function computedResult(
  ctx: DossierContext,
  entry: { criterion: string; indicatorValues: Record<string, number> },
): { unknown?: string; failing: { code: string; value: number; limit: number; kind: 'min' | 'max' }[]; computedAll: boolean } {
  const set = getCriteriaSet(ctx.input.criteriaSetId);
  if (!set.ok) return { failing: [], computedAll: false };
  const criterion = set.value.criteria.find((c) => c.code === entry.criterion);
  if (!criterion) return { failing: [], computedAll: false };
  const failing: { code: string; value: number; limit: number; kind: 'min' | 'max' }[] = [];
  let computed = 0;
  for (const [code, value] of Object.entries(entry.indicatorValues)) {
    const ind = criterion.indicators.find((x) => x.code === code);
    if (!ind) return { unknown: code, failing, computedAll: false };
    const t = ind.threshold;
    if (t.kind !== 'min' && t.kind !== 'max') continue;
    const limit = resolveThresholdValue(ind, { communeGroup: ctx.input.communeGroup, region: ctx.input.region });
    if (limit === undefined) continue;
    computed += 1;
    const ok = t.kind === 'min' ? value >= limit : value <= limit;
    if (!ok) failing.push({ code, value, limit, kind: t.kind });
  }
  return { failing, computedAll: computed > 0 && computed === criterion.indicators.length };
}

export const checkSelfAssessmentBatch: Check<'self_assessment.batch'> = (ctx, e) => {
  const dup = duplicate(e.entries);
  if (dup) {
    return domainError(
      'DOSSIER.DUPLICATE_ENTRY',
      `Tiêu chí ${dup.criterion} xuất hiện hai lần trong bảng tự đánh giá`,
      `Criterion ${dup.criterion} appears twice in the self-assessment checklist`,
      { path: `entries.${dup.i}.criterion` },
    );
  }
  for (const [i, entry] of e.entries.entries()) {
    if (!ctx.input.criteria.includes(entry.criterion)) return at(i, unknownCriterion(entry.criterion), 'criterion');
    const r = computedResult(ctx, entry);
    if (r.unknown) {
      return domainError(
        'DOSSIER.UNKNOWN_INDICATOR',
        `Tiêu chí ${entry.criterion}: chỉ tiêu "${r.unknown}" không có trong bộ tiêu chí`,
        `Criterion ${entry.criterion}: indicator "${r.unknown}" is not in the criteria set`,
        { path: `entries.${i}.indicatorValues.${r.unknown}` },
      );
    }
    const hasNote = (entry.comment ?? '').trim().length > 0;
    if (entry.met && r.failing.length > 0 && !hasNote) {
      const f = r.failing[0]!;
      const cmp = f.kind === 'min' ? '≥' : '≤';
      return domainError(
        'DOSSIER.CONTRADICTS_COMPUTED',
        `Tiêu chí ${entry.criterion}: chỉ tiêu ${f.code} = ${String(f.value).replace('.', ',')} không đạt ngưỡng ${cmp} ${String(f.limit).replace('.', ',')}; muốn ghi "Đạt" phải có ghi chú giải thích`,
        `Criterion ${entry.criterion}: indicator ${f.code} = ${f.value} does not meet ${cmp} ${f.limit}; marking it met needs a note`,
        { path: `entries.${i}.comment`, details: { failing: r.failing } },
      );
    }
    if (!entry.met && r.computedAll && r.failing.length === 0 && !hasNote) {
      return domainError(
        'DOSSIER.CONTRADICTS_COMPUTED',
        `Tiêu chí ${entry.criterion}: các giá trị đã nhập đều đạt ngưỡng; muốn ghi "Chưa đạt" phải có ghi chú giải thích`,
        `Criterion ${entry.criterion}: every value entered meets its threshold; marking it not met needs a note`,
        { path: `entries.${i}.comment` },
      );
    }
  }
  return null;
};

export const checkReviewBatch: Check<'review.batch'> = (ctx, e) => {
  const dup = duplicate(e.entries);
  if (dup) {
    return domainError(
      'DOSSIER.DUPLICATE_ENTRY',
      `Tiêu chí ${dup.criterion} xuất hiện hai lần trong phiếu thẩm tra`,
      `Criterion ${dup.criterion} appears twice in the review`,
      { path: `entries.${dup.i}.criterion` },
    );
  }
  for (const [i, entry] of e.entries.entries()) {
    const why = checkReview(ctx, { ...entry, type: 'criterion.reviewed', documents: [], meta: e.meta });
    if (why) return at(i, why, 'criterion');
  }
  return null;
};
