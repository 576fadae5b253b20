/**
 * Verification: recompute every criterion of the dossier from its evidence against its criteria set,
 * then ask the titles model whether the title is earned. Pure; the verify activity loads the set and
 * calls this, and its answer enters the machine as a `criteria.verified` event.
 *
 * Evidence per indicator, strongest first: the verdict of the department that reviews it at the current
 * level, else at the last level passed; else the commune's measured value; else the commune's own
 * judgement of the criterion. A reviewer's verdict covers the indicators its department owns.
 */
import { reviewAssignments, type CriteriaSet } from '../criteria';
import type { IndicatorEvidence } from '../evaluation';
import { evaluateUnit, type EvaluationContext } from '../evaluation';
import { err, ok, type Result } from '../errors';
import { evaluateTitle, type TitleId, type TitleInput } from '../titles';
import type { ReviewVerdict, SelfAssessment } from './context';
import type { DossierInput, SystemEvent } from './types';

type Verified = Extract<SystemEvent, { type: 'criteria.verified' }>;

export interface VerifyOptions extends EvaluationContext {
  heldTitles?: TitleInput['heldTitles'];
  provincialOptions?: TitleInput['provincialOptions'];
}

type Verdicts = Record<string, Pick<ReviewVerdict, 'verdict' | 'by'>>;

/**
 * What verification reads of a dossier (issue 18): the unit's facts from the input, the commune's own
 * judgement and values, the reviewers' verdicts — without evidence, comments or anything else. A
 * `DossierContext` is one; `verificationFacts` cuts one down to this for the verify activity's input.
 */
export interface VerifyContext {
  input: Pick<DossierInput, 'title' | 'heldTitles' | 'communeGroup' | 'region'>;
  selfAssessment: Record<string, Pick<SelfAssessment, 'met' | 'by' | 'indicatorValues'>>;
  reviews: Verdicts;
  reviewHistory: Record<string, Verdicts>;
}

export function verificationFacts(ctx: VerifyContext): VerifyContext {
  const { title, heldTitles, communeGroup, region } = ctx.input;
  const verdicts = (v: Verdicts): Verdicts => Object.fromEntries(Object.entries(v).map(([k, { verdict, by }]) => [k, { verdict, by }]));
  return {
    input: { title, ...(heldTitles ? { heldTitles } : {}), ...(communeGroup !== undefined ? { communeGroup } : {}), ...(region ? { region } : {}) },
    selfAssessment: Object.fromEntries(Object.entries(ctx.selfAssessment).map(([k, { met, by, indicatorValues }]) => [k, { met, by, indicatorValues }])),
    reviews: verdicts(ctx.reviews),
    reviewHistory: Object.fromEntries(Object.entries(ctx.reviewHistory).map(([level, v]) => [level, verdicts(v)])),
  };
}

function latestVerdicts(ctx: VerifyContext): Verdicts {
  const passed = Object.values(ctx.reviewHistory);
  const merged: Verdicts = {};
  for (const level of passed) Object.assign(merged, level);
  return Object.assign(merged, ctx.reviews);
}

export function buildAssessment(set: CriteriaSet, ctx: VerifyContext): Record<string, IndicatorEvidence> {
  const verdicts = latestVerdicts(ctx);
  const owners = reviewAssignments(set);
  const indicators: Record<string, IndicatorEvidence> = {};
  for (const criterion of set.criteria) {
    const self = ctx.selfAssessment[criterion.code];
    for (const ind of criterion.indicators) {
      const dept = owners.find((a) => a.criterion === criterion.code && a.indicators.includes(ind.code))?.department;
      const reviewed = Object.entries(verdicts).find(([key, v]) => {
        const [c, d] = key.split('|');
        return c === criterion.code && (d === dept || dept === undefined) && v.verdict !== 'needs_supplement';
      });
      if (reviewed) {
        indicators[ind.code] = { met: reviewed[1].verdict === 'met', by: reviewed[1].by };
      } else if (self && self.indicatorValues[ind.code] !== undefined) {
        indicators[ind.code] = { value: self.indicatorValues[ind.code]! };
      } else if (self) {
        indicators[ind.code] = { met: self.met, by: self.by };
      }
    }
  }
  return indicators;
}

/** What the dossier's input says about its unit for verification (held titles, commune group, region). */
export function verifyOptionsOf(ctx: VerifyContext): VerifyOptions {
  const { heldTitles, communeGroup, region } = ctx.input;
  return { ...(heldTitles ? { heldTitles } : {}), ...(communeGroup !== undefined ? { communeGroup } : {}), ...(region ? { region } : {}) };
}

/**
 * Recomputes the dossier's criteria and asks whether its title is earned. The unit's facts come from the
 * dossier input (`verifyOptionsOf`); `opts` overrides them one by one.
 */
export function verifyDossier(set: CriteriaSet, ctx: VerifyContext, overrides: VerifyOptions = {}): Result<Omit<Verified, 'type'>> {
  const opts: VerifyOptions = { ...verifyOptionsOf(ctx), ...overrides };
  const evaluation = evaluateUnit(set, { indicators: buildAssessment(set, ctx) }, opts);
  if (!evaluation.ok) return evaluation;
  const e = evaluation.value;
  const title = ctx.input.title as TitleId;
  const input: TitleInput =
    title === 'ocop.sao'
      ? { ocopScore: Object.values(ctx.selfAssessment).reduce((sum, s) => sum + Object.values(s.indicatorValues).reduce((a, b) => a + b, 0), 0) }
      : { evaluation: e, heldTitles: opts.heldTitles, provincialOptions: opts.provincialOptions };
  const eligibility = evaluateTitle(title, input);
  if (!eligibility.ok) return err(eligibility.error);
  const failing = e.criteria
    .filter((c) => c.status !== 'met')
    .map((c) => {
      const why = [...c.failing, ...c.missing];
      return {
        criterion: c.code,
        reasonVi: why.map((i) => i.reasonVi).join('; ') || `Tiêu chí ${c.code} chưa đạt`,
        reasonEn: why.map((i) => i.reasonEn).join('; ') || `Criterion ${c.code} not met`,
      };
    });
  return ok({ eligible: eligibility.value.eligible, metCount: e.metCount, total: e.total, failing });
}
