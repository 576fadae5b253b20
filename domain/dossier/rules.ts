/**
 * The lifecycle rules, each a pure check that returns why an event is refused (or null). The machine's
 * guards call these same functions, so a refusal shown to an official is exactly the rule the machine
 * enforces — never a second copy of it.
 */
import { domainError, type DomainError } from '../errors';
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
