/**
 * The dossier lifecycle (xstate v5). One definition for every title and pipeline: the levels a dossier
 * passes (district then province, or province alone since the 2025 two-tier reform) come in as input.
 *
 *   self_assessment ──commune.submitted──▶ review ──level.approved──▶ approved ──level.forwarded──▶ review (next level)
 *                                          │  ▲                        │ (deciding level)
 *                          level.returned  ▼  │ commune.resubmitted    ├─council.voted──▶ appraised
 *                                         returned                     └─decision.drafted──▶ decision_drafted ──level.decided──▶ recognised | refused
 *   recognised ──maintenance.assessed(flagged)──▶ below_standard ──recognition.revoked──▶ revoked
 *
 * Time enters only as events (`deadline.expired`): Temporal owns the timers, so no `after` here.
 * Guards call the pure checks in rules.ts, which also explain refusals to the person who asked.
 */
import { and, assertEvent, assign, setup } from 'xstate';
import { currentLevel, slotKey, type Decision, type DossierContext } from './context';
import * as rules from './rules';
import type { DossierEvent, DossierInput } from './types';

type Ev<T extends DossierEvent['type']> = Extract<DossierEvent, { type: T }>;

/**
 * Groups of stages, as the machine's state tags (read them with `stageIn` / `STAGE_GROUPS` in
 * stages.ts, never with lists of stage names):
 * - atCommune: the dossier is with the commune (self-assessment, returned for supplementation);
 * - underReview: a level's departments are reviewing it;
 * - levelApproved: the current level has approved it (and everything that follows an approval);
 * - decided: a decision has been issued (recognised, refused) and what follows it;
 * - recognisedOrAfter: it was recognised at some point (recognised, below standard, revoked);
 * - maintenance: recognised and kept under annual review (recognised, below standard);
 * - final: nothing more can happen (refused, revoked).
 */
export const STAGE_TAGS = ['atCommune', 'underReview', 'levelApproved', 'decided', 'recognisedOrAfter', 'maintenance', 'final'] as const;
export type StageTag = (typeof STAGE_TAGS)[number];
const stamp = (e: DossierEvent) => ({ by: e.meta.actor.id, role: e.meta.actor.role, at: e.meta.at });

/** A draft or final decision as the context keeps it: who, at which level, number, date, signer, outcome. */
function decisionOf(context: DossierContext, e: Ev<'decision.drafted'> | Ev<'level.decided'>): Decision {
  return {
    ...stamp(e),
    level: currentLevel(context).level,
    number: e.number,
    date: e.date,
    signer: e.signer,
    outcome: e.outcome,
    reasons: e.reasons,
    stars: e.stars,
  };
}

export const dossierMachine = setup({
  types: {
    context: {} as DossierContext,
    events: {} as DossierEvent,
    input: {} as DossierInput,
    tags: {} as StageTag,
  },
  guards: {
    criterionKnown: ({ context, event }) => {
      assertEvent(event, 'self_assessment.recorded');
      return rules.checkSelfAssessment(context, event) === null;
    },
    checklistValid: ({ context, event }) => {
      assertEvent(event, 'self_assessment.batch');
      return rules.checkSelfAssessmentBatch(context, event) === null;
    },
    reviewBatchValid: ({ context, event }) => {
      assertEvent(event, 'review.batch');
      return rules.checkReviewBatch(context, event) === null;
    },
    readyToSubmit: ({ context, event }) => {
      assertEvent(event, 'commune.submitted');
      return rules.checkSubmit(context, event) === null;
    },
    isCriterionOwner: ({ context, event }) => {
      assertEvent(event, 'criterion.reviewed');
      return rules.checkReview(context, event) === null;
    },
    returnReasonsValid: ({ context, event }) => {
      assertEvent(event, 'level.returned');
      return rules.checkReturn(context, event) === null;
    },
    reviewCompleteAndEligible: ({ context, event }) => {
      assertEvent(event, 'level.approved');
      return rules.checkApprove(context, event) === null;
    },
    hasNextLevel: ({ context, event }) => {
      assertEvent(event, 'level.forwarded');
      return rules.checkForward(context, event) === null;
    },
    voteValid: ({ context, event }) => {
      assertEvent(event, 'council.voted');
      return rules.checkVote(context, event) === null;
    },
    draftAllowed: ({ context, event }) => {
      assertEvent(event, 'decision.drafted');
      return rules.checkDraftDecision(context, event) === null;
    },
    decisionAllowed: ({ context, event }) => {
      assertEvent(event, 'level.decided');
      return rules.checkDecide(context, event) === null;
    },
    isRecognition: ({ event }) => {
      assertEvent(event, 'level.decided');
      return event.outcome === 'recognised';
    },
    isFlagged: ({ event }) => {
      assertEvent(event, 'maintenance.assessed');
      return event.flagged;
    },
  },
  actions: {
    count: assign({ seq: ({ context }) => context.seq + 1 }),
    recordSelfAssessment: assign({
      selfAssessment: ({ context, event }) => {
        assertEvent(event, 'self_assessment.recorded');
        const e = event;
        return {
          ...context.selfAssessment,
          [e.criterion]: { ...stamp(e), met: e.met, indicatorValues: e.indicatorValues, evidence: e.evidence, comment: e.comment },
        };
      },
      verification: undefined,
    }),
    recordChecklist: assign({
      selfAssessment: ({ context, event }) => {
        assertEvent(event, 'self_assessment.batch');
        const s = stamp(event);
        const next = { ...context.selfAssessment };
        for (const e of event.entries) next[e.criterion] = { ...s, met: e.met, indicatorValues: e.indicatorValues, evidence: e.evidence, comment: e.comment };
        return next;
      },
      verification: undefined,
    }),
    recordReviewBatch: assign({
      reviews: ({ context, event }) => {
        assertEvent(event, 'review.batch');
        const s = stamp(event);
        const next = { ...context.reviews };
        for (const e of event.entries) {
          next[slotKey({ criterion: e.criterion, department: event.meta.actor.department! })] = { ...s, verdict: e.verdict, comment: e.comment };
        }
        return next;
      },
      verification: undefined,
    }),
    recordConsultation: assign({
      consultation: ({ event }) => {
        assertEvent(event, 'consultation.recorded');
        const e = event;
        return { ...stamp(e), participants: e.participants, satisfactionPct: e.satisfactionPct };
      },
    }),
    recordSubmission: assign({ submittedAt: ({ event }) => event.meta.at }),
    startClock: assign({
      clock: ({ context, event }) => ({ level: currentLevel(context).level, startedAt: event.meta.at, suspensions: [] }),
    }),
    suspendClock: assign({ clock: ({ context, event }) => ({ ...context.clock, suspendedSince: event.meta.at }) }),
    resumeClock: assign({
      clock: ({ context, event }) => {
        const { suspendedSince, ...rest } = context.clock;
        return suspendedSince ? { ...rest, suspensions: [...rest.suspensions, { from: suspendedSince, to: event.meta.at }] } : rest;
      },
    }),
    recordReview: assign({
      reviews: ({ context, event }) => {
        assertEvent(event, 'criterion.reviewed');
        const e = event;
        const key = slotKey({ criterion: e.criterion, department: e.meta.actor.department! });
        return { ...context.reviews, [key]: { ...stamp(e), verdict: e.verdict, comment: e.comment } };
      },
      verification: undefined,
    }),
    recordReturn: assign({
      returns: ({ context, event }) => {
        assertEvent(event, 'level.returned');
        const e = event;
        return [...context.returns, { ...stamp(e), level: currentLevel(context).level, reasons: e.reasons }];
      },
    }),
    reopenReturnedCriteria: assign({
      // Verdicts on the criteria sent back, and any not 'met', are cleared: those slots are reviewed again.
      reviews: ({ context }) => {
        const last = context.returns.at(-1);
        const sentBack = new Set(last?.reasons.map((r) => r.criterion) ?? []);
        return Object.fromEntries(Object.entries(context.reviews).filter(([key, v]) => v.verdict === 'met' && !sentBack.has(key.split('|')[0]!)));
      },
      returns: ({ context, event }) => context.returns.map((r, i) => (i === context.returns.length - 1 ? { ...r, resubmittedAt: event.meta.at } : r)),
      verification: undefined,
    }),
    recordVerification: assign({
      verification: ({ event }) => {
        assertEvent(event, 'criteria.verified');
        const e = event;
        return { eligible: e.eligible, metCount: e.metCount, total: e.total, failing: e.failing, at: e.meta.at };
      },
    }),
    nextLevel: assign({
      reviewHistory: ({ context }) => ({ ...context.reviewHistory, [currentLevel(context).level]: context.reviews }),
      voteHistory: ({ context }) => (context.vote ? { ...context.voteHistory, [currentLevel(context).level]: context.vote } : context.voteHistory),
      levelIndex: ({ context }) => context.levelIndex + 1,
      reviews: () => ({}),
      vote: undefined,
      verification: undefined,
    }),
    recordVote: assign({
      vote: ({ event }) => {
        assertEvent(event, 'council.voted');
        const e = event;
        return { ...stamp(e), members: e.members, inFavour: e.inFavour, against: e.against, abstained: e.abstained };
      },
    }),
    recordDraft: assign({
      decisionDraft: ({ context, event }) => {
        assertEvent(event, 'decision.drafted');
        return decisionOf(context, event);
      },
    }),
    recordDecision: assign({
      decision: ({ context, event }) => {
        assertEvent(event, 'level.decided');
        return decisionOf(context, event);
      },
    }),
    recordMaintenance: assign({
      maintenance: ({ context, event }) => {
        assertEvent(event, 'maintenance.assessed');
        const e = event;
        return [...context.maintenance, { ...stamp(e), flagged: e.flagged, reasons: e.reasons }];
      },
    }),
    recordRevocation: assign({
      revocation: ({ event }) => {
        assertEvent(event, 'recognition.revoked');
        const e = event;
        return { ...stamp(e), number: e.number, date: e.date, signer: e.signer, reasons: e.reasons };
      },
    }),
    markLate: assign({
      late: ({ context, event }) => {
        assertEvent(event, 'deadline.expired');
        const e = event;
        return context.late[e.stage] ? context.late : { ...context.late, [e.stage]: e.deadline };
      },
    }),
  },
}).createMachine({
  id: 'dossier',
  context: ({ input }) => ({
    input,
    levelIndex: 0,
    selfAssessment: {},
    reviews: {},
    reviewHistory: {},
    returns: [],
    maintenance: [],
    late: {},
    clock: { level: input.levels[0]!.level, suspensions: [] },
    seq: 0,
  }),
  initial: 'self_assessment',
  on: {
    // A deadline passing never blocks the dossier: a late submission is accepted and marked late.
    'deadline.expired': { actions: ['markLate', 'count'] },
    // Issue 14: a plan deadline moved; recorded (timeline, audit), nothing else changes in the machine.
    'deadline.changed': { actions: ['count'] },
  },
  states: {
    self_assessment: {
      tags: ['atCommune'],
      on: {
        'self_assessment.recorded': { guard: 'criterionKnown', actions: ['recordSelfAssessment', 'count'] },
        'self_assessment.batch': { guard: 'checklistValid', actions: ['recordChecklist', 'count'] },
        'consultation.recorded': { actions: ['recordConsultation', 'count'] },
        'commune.submitted': { guard: 'readyToSubmit', target: 'review', actions: ['recordSubmission', 'count', 'startClock'] },
      },
    },
    review: {
      tags: ['underReview'],
      on: {
        'criterion.reviewed': { guard: 'isCriterionOwner', actions: ['recordReview', 'count'] },
        'review.batch': { guard: 'reviewBatchValid', actions: ['recordReviewBatch', 'count'] },
        'criteria.verified': { actions: ['recordVerification', 'count'] },
        'level.returned': { guard: 'returnReasonsValid', target: 'returned', actions: ['recordReturn', 'count', 'suspendClock'] },
        'level.approved': { guard: 'reviewCompleteAndEligible', target: 'approved', actions: ['count'] },
      },
    },
    returned: {
      tags: ['atCommune'],
      on: {
        'self_assessment.recorded': { guard: 'criterionKnown', actions: ['recordSelfAssessment', 'count'] },
        'self_assessment.batch': { guard: 'checklistValid', actions: ['recordChecklist', 'count'] },
        'commune.resubmitted': { target: 'review', actions: ['reopenReturnedCriteria', 'count', 'resumeClock'] },
      },
    },
    approved: {
      tags: ['levelApproved'],
      on: {
        'level.forwarded': { guard: 'hasNextLevel', target: 'review', actions: ['nextLevel', 'count', 'startClock'] },
        'council.voted': { guard: 'voteValid', target: 'appraised', actions: ['recordVote', 'count'] },
        'decision.drafted': { guard: 'draftAllowed', target: 'decision_drafted', actions: ['recordDraft', 'count'] },
      },
    },
    appraised: {
      tags: ['levelApproved'],
      on: {
        // A council that does not decide (OCOP at the district) passes the dossier on after its vote.
        'level.forwarded': { guard: 'hasNextLevel', target: 'review', actions: ['nextLevel', 'count', 'startClock'] },
        'decision.drafted': { guard: 'draftAllowed', target: 'decision_drafted', actions: ['recordDraft', 'count'] },
      },
    },
    decision_drafted: {
      tags: ['levelApproved'],
      on: {
        'level.decided': [
          { guard: and(['decisionAllowed', 'isRecognition']), target: 'recognised', actions: ['recordDecision', 'count'] },
          { guard: 'decisionAllowed', target: 'refused', actions: ['recordDecision', 'count'] },
        ],
      },
    },
    recognised: {
      tags: ['levelApproved', 'decided', 'recognisedOrAfter', 'maintenance'],
      on: {
        'maintenance.assessed': [
          { guard: 'isFlagged', target: 'below_standard', actions: ['recordMaintenance', 'count'] },
          { actions: ['recordMaintenance', 'count'] },
        ],
      },
    },
    below_standard: {
      tags: ['levelApproved', 'decided', 'recognisedOrAfter', 'maintenance'],
      on: {
        'maintenance.assessed': [
          { guard: 'isFlagged', actions: ['recordMaintenance', 'count'] },
          { target: 'recognised', actions: ['recordMaintenance', 'count'] },
        ],
        'recognition.revoked': { target: 'revoked', actions: ['recordRevocation', 'count'] },
      },
    },
    refused: { type: 'final', tags: ['levelApproved', 'decided', 'final'] },
    revoked: { type: 'final', tags: ['levelApproved', 'decided', 'recognisedOrAfter', 'final'] },
  },
});
