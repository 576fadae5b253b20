import { domainError, err, ok, type Result } from './errors';
import type { CriteriaEvaluation, Status } from './evaluation';

/**
 * Revocation of recognition (QĐ 18/2022/QĐ-TTg, as summarised in domain.md):
 * - a commune is flagged when 50% or more of its criteria are not met, or 30% to under 50% are not
 *   met including one of the key criteria (income, environment and food safety, quality of living
 *   environment, defence and security — which codes those are is the criteria set's
 *   `revocationKeyCriteria`);
 * - a district is flagged when 30% or more of its communes lost recognition, or by the same rule on
 *   the district criteria.
 * Flagging starts a revocation review; it does not revoke. Criteria without evidence are not counted
 * as failed, but when counting them would flag the unit the result says so (`inconclusive`).
 */

export interface CriterionStatusLike {
  readonly code: string;
  readonly status: Status;
  readonly nameVi?: string;
  readonly nameEn?: string;
}

export interface Reason {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
}

export interface RevocationAssessment {
  readonly flagged: boolean;
  /** Not flagged on the evidence, but would be if the criteria lacking evidence failed. */
  readonly inconclusive: boolean;
  readonly rule: 'half-or-more' | 'thirty-percent-with-key' | 'communes-lost' | null;
  readonly notMetCount: number;
  readonly missingCount: number;
  readonly total: number;
  readonly keyNotMet: readonly string[];
  readonly reasons: readonly Reason[];
}

const pct = (n: number, d: number) => (d === 0 ? '0' : (Math.round((n / d) * 1000) / 10).toString());
const pctVi = (n: number, d: number) => pct(n, d).replace('.', ',');

interface RuleOutcome {
  readonly rule: 'half-or-more' | 'thirty-percent-with-key' | null;
  readonly keyNotMet: string[];
}

/** The 50% / 30%-with-key rule on counts; integer arithmetic, no rounding at the band edges. */
function applyCriteriaRule(failedCodes: readonly string[], total: number, keyCriteria: readonly string[]): RuleOutcome {
  const failed = failedCodes.length;
  const keyNotMet = failedCodes.filter((c) => keyCriteria.includes(c));
  if (failed * 2 >= total) return { rule: 'half-or-more', keyNotMet };
  if (failed * 10 >= total * 3 && keyNotMet.length > 0) return { rule: 'thirty-percent-with-key', keyNotMet };
  return { rule: null, keyNotMet };
}

function noCriteria(): Result<never> {
  return err(domainError('REVOCATION.NO_CRITERIA', 'Không có tiêu chí nào để xét thu hồi', 'There are no criteria to assess for revocation'));
}

/** Whether a recognised unit's criteria results call for revocation, by the 50% / 30%-with-key rule. */
export function criteriaRevocation(
  statuses: readonly CriterionStatusLike[],
  keyCriteria: readonly string[],
  subject: { vi: string; en: string } = { vi: 'Xã', en: 'The commune' },
): Result<RevocationAssessment> {
  const total = statuses.length;
  if (total === 0) return noCriteria();
  const failed = statuses.filter((s) => s.status === 'not_met').map((s) => s.code);
  const missing = statuses.filter((s) => s.status === 'missing_evidence').map((s) => s.code);
  const outcome = applyCriteriaRule(failed, total, keyCriteria);
  const pessimistic = applyCriteriaRule([...failed, ...missing], total, keyCriteria);
  const reasons: Reason[] = [];
  const n = failed.length;
  if (outcome.rule === 'half-or-more') {
    reasons.push({
      code: 'REVOCATION.HALF_OR_MORE',
      vi: `${subject.vi} không đạt ${n}/${total} tiêu chí (${pctVi(n, total)}%), từ 50% trở lên: ${failed.join(', ')}`,
      en: `${subject.en} fails ${n} of ${total} criteria (${pct(n, total)}%), 50% or more: ${failed.join(', ')}`,
    });
  } else if (outcome.rule === 'thirty-percent-with-key') {
    reasons.push({
      code: 'REVOCATION.THIRTY_PERCENT_WITH_KEY',
      vi: `${subject.vi} không đạt ${n}/${total} tiêu chí (${pctVi(n, total)}%, từ 30% đến dưới 50%), trong đó có tiêu chí then chốt ${outcome.keyNotMet.join(', ')}`,
      en: `${subject.en} fails ${n} of ${total} criteria (${pct(n, total)}%, 30% to under 50%), including key criteria ${outcome.keyNotMet.join(', ')}`,
    });
  }
  const inconclusive = outcome.rule === null && pessimistic.rule !== null;
  if (inconclusive) {
    reasons.push({
      code: 'REVOCATION.INCONCLUSIVE',
      vi: `Chưa đủ căn cứ: ${missing.length} tiêu chí chưa có số liệu (${missing.join(', ')}); nếu không đạt thì thuộc diện thu hồi`,
      en: `Inconclusive: ${missing.length} criteria lack evidence (${missing.join(', ')}); if they fail, recognition is to be revoked`,
    });
  }
  return ok({
    flagged: outcome.rule !== null,
    inconclusive,
    rule: outcome.rule,
    notMetCount: n,
    missingCount: missing.length,
    total,
    keyNotMet: outcome.keyNotMet,
    reasons,
  });
}

/** The commune rule on an evaluation, with the set's key criteria. */
export function communeRevocation(evaluation: CriteriaEvaluation, keyCriteria: readonly string[]): Result<RevocationAssessment> {
  return criteriaRevocation(evaluation.criteria, keyCriteria);
}

export interface DistrictCommuneStatus {
  readonly code: string;
  readonly name?: string;
  /** True when the commune's recognition was lost (revoked). */
  readonly lostRecognition: boolean;
}

/**
 * The district rule: 30% or more of its (recognised) communes lost recognition, or the 50% /
 * 30%-with-key rule on the district's own criteria when they are given.
 */
export interface DistrictRevocationAssessment extends RevocationAssessment {
  readonly communesTotal: number;
  readonly communesLost: number;
}

export function districtRevocation(input: {
  readonly communes: readonly DistrictCommuneStatus[];
  readonly districtCriteria?: { readonly statuses: readonly CriterionStatusLike[]; readonly keyCriteria: readonly string[] };
}): Result<DistrictRevocationAssessment> {
  const total = input.communes.length;
  if (total === 0) {
    return err(domainError('REVOCATION.NO_COMMUNES', 'Huyện không có xã nào để xét', 'The district has no communes to assess'));
  }
  const lost = input.communes.filter((c) => c.lostRecognition);
  const reasons: Reason[] = [];
  let own: RevocationAssessment | undefined;
  if (input.districtCriteria) {
    const r = criteriaRevocation(input.districtCriteria.statuses, input.districtCriteria.keyCriteria, { vi: 'Huyện', en: 'The district' });
    if (!r.ok) return r;
    own = r.value;
  }
  const communesRule = lost.length * 10 >= total * 3;
  if (communesRule) {
    const names = lost.map((c) => c.name ?? c.code).join(', ');
    reasons.push({
      code: 'REVOCATION.COMMUNES_LOST',
      vi: `${lost.length}/${total} xã (${pctVi(lost.length, total)}%) đã bị thu hồi danh hiệu, từ 30% trở lên: ${names}`,
      en: `${lost.length} of ${total} communes (${pct(lost.length, total)}%) lost recognition, 30% or more: ${names}`,
    });
  }
  if (own) reasons.push(...own.reasons);
  const flagged = communesRule || (own?.flagged ?? false);
  return ok({
    flagged,
    inconclusive: !flagged && (own?.inconclusive ?? false),
    rule: communesRule ? 'communes-lost' : (own?.rule ?? null),
    notMetCount: own?.notMetCount ?? 0,
    missingCount: own?.missingCount ?? 0,
    total: own?.total ?? 0,
    keyNotMet: own?.keyNotMet ?? [],
    reasons,
    communesTotal: total,
    communesLost: lost.length,
  });
}
