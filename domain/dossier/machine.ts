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
import { and, assign, setup } from 'xstate';
import { currentLevel, slotKey, type Decision, type DossierContext } from './context';
import * as rules from './rules';
import type { DossierEvent, DossierInput } from './types';

type Ev<T extends DossierEvent['type']> = Extract<DossierEvent, { type: T }>;
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
  },
  guards: {
    criterionKnown: ({ context, event }) => rules.checkSelfAssessment(context, event as Ev<'self_assessment.recorded'>) === null,
    readyToSubmit: ({ context, event }) => rules.checkSubmit(context, event as Ev<'commune.submitted'>) === null,
    isCriterionOwner: ({ context, event }) => rules.checkReview(context, event as Ev<'criterion.reviewed'>) === null,
    returnReasonsValid: ({ context, event }) => rules.checkReturn(context, event as Ev<'level.returned'>) === null,
    reviewCompleteAndEligible: ({ context, event }) => rules.checkApprove(context, event as Ev<'level.approved'>) === null,
    hasNextLevel: ({ context, event }) => rules.checkForward(context, event as Ev<'level.forwarded'>) === null,
    voteValid: ({ context, event }) => rules.checkVote(context, event as Ev<'council.voted'>) === null,
    draftAllowed: ({ context, event }) => rules.checkDraftDecision(context, event as Ev<'decision.drafted'>) === null,
    decisionAllowed: ({ context, event }) => rules.checkDecide(context, event as Ev<'level.decided'>) === null,
    isRecognition: ({ event }) => (event as Ev<'level.decided'>).outcome === 'recognised',
    isFlagged: ({ event }) => (event as Ev<'maintenance.assessed'>).flagged,
  },
  actions: {
    count: assign({ seq: ({ context }) => context.seq + 1 }),
    recordSelfAssessment: assign({
      selfAssessment: ({ context, event }) => {
        const e = event as Ev<'self_assessment.recorded'>;
        return {
          ...context.selfAssessment,
          [e.criterion]: { ...stamp(e), met: e.met, indicatorValues: e.indicatorValues, evidence: e.evidence, comment: e.comment },
        };
      },
      verification: undefined,
    }),
    recordConsultation: assign({
      consultation: ({ event }) => {
        const e = event as Ev<'consultation.recorded'>;
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
        const e = event as Ev<'criterion.reviewed'>;
        const key = slotKey({ criterion: e.criterion, department: e.meta.actor.department! });
        return { ...context.reviews, [key]: { ...stamp(e), verdict: e.verdict, comment: e.comment } };
      },
      verification: undefined,
    }),
    recordReturn: assign({
      returns: ({ context, event }) => {
        const e = event as Ev<'level.returned'>;
        return [...context.returns, { ...stamp(e), level: currentLevel(context).level, reasons: e.reasons }];
      },
    }),
    reopenReturnedCriteria: assign({
      // Verdicts on the criteria sent back, and any not 'met', are cleared: those slots are reviewed again.
      reviews: ({ context }) => {
        const last = context.returns.at(-1);
        const sentBack = new Set(last?.reasons.map((r) => r.criterion) ?? []);
        return Object.fromEntries(
          Object.entries(context.reviews).filter(([key, v]) => v.verdict === 'met' && !sentBack.has(key.split('|')[0]!)),
        );
      },
      returns: ({ context, event }) =>
        context.returns.map((r, i) => (i === context.returns.length - 1 ? { ...r, resubmittedAt: event.meta.at } : r)),
      verification: undefined,
    }),
    recordVerification: assign({
      verification: ({ event }) => {
        const e = event as Ev<'criteria.verified'>;
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
        const e = event as Ev<'council.voted'>;
        return { ...stamp(e), members: e.members, inFavour: e.inFavour, against: e.against, abstained: e.abstained };
      },
    }),
    recordDraft: assign({ decisionDraft: ({ context, event }) => decisionOf(context, event as Ev<'decision.drafted'>) }),
    recordDecision: assign({ decision: ({ context, event }) => decisionOf(context, event as Ev<'level.decided'>) }),
    recordMaintenance: assign({
      maintenance: ({ context, event }) => {
        const e = event as Ev<'maintenance.assessed'>;
        return [...context.maintenance, { ...stamp(e), flagged: e.flagged, reasons: e.reasons }];
      },
    }),
    recordRevocation: assign({
      revocation: ({ event }) => {
        const e = event as Ev<'recognition.revoked'>;
        return { ...stamp(e), number: e.number, date: e.date, signer: e.signer, reasons: e.reasons };
      },
    }),
    markLate: assign({
      late: ({ context, event }) => {
        const e = event as Ev<'deadline.expired'>;
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
  },
  states: {
    self_assessment: {
      on: {
        'self_assessment.recorded': { guard: 'criterionKnown', actions: ['recordSelfAssessment', 'count'] },
        'consultation.recorded': { actions: ['recordConsultation', 'count'] },
        'commune.submitted': { guard: 'readyToSubmit', target: 'review', actions: ['recordSubmission', 'count', 'startClock'] },
      },
    },
    review: {
      on: {
        'criterion.reviewed': { guard: 'isCriterionOwner', actions: ['recordReview', 'count'] },
        'criteria.verified': { actions: ['recordVerification', 'count'] },
        'level.returned': { guard: 'returnReasonsValid', target: 'returned', actions: ['recordReturn', 'count', 'suspendClock'] },
        'level.approved': { guard: 'reviewCompleteAndEligible', target: 'approved', actions: ['count'] },
      },
    },
    returned: {
      on: {
        'self_assessment.recorded': { guard: 'criterionKnown', actions: ['recordSelfAssessment', 'count'] },
        'commune.resubmitted': { target: 'review', actions: ['reopenReturnedCriteria', 'count', 'resumeClock'] },
      },
    },
    approved: {
      on: {
        'level.forwarded': { guard: 'hasNextLevel', target: 'review', actions: ['nextLevel', 'count', 'startClock'] },
        'council.voted': { guard: 'voteValid', target: 'appraised', actions: ['recordVote', 'count'] },
        'decision.drafted': { guard: 'draftAllowed', target: 'decision_drafted', actions: ['recordDraft', 'count'] },
      },
    },
    appraised: {
      on: {
        // A council that does not decide (OCOP at the district) passes the dossier on after its vote.
        'level.forwarded': { guard: 'hasNextLevel', target: 'review', actions: ['nextLevel', 'count', 'startClock'] },
        'decision.drafted': { guard: 'draftAllowed', target: 'decision_drafted', actions: ['recordDraft', 'count'] },
      },
    },
    decision_drafted: {
      on: {
        'level.decided': [
          { guard: and(['decisionAllowed', 'isRecognition']), target: 'recognised', actions: ['recordDecision', 'count'] },
          { guard: 'decisionAllowed', target: 'refused', actions: ['recordDecision', 'count'] },
        ],
      },
    },
    recognised: {
      on: {
        'maintenance.assessed': [
          { guard: 'isFlagged', target: 'below_standard', actions: ['recordMaintenance', 'count'] },
          { actions: ['recordMaintenance', 'count'] },
        ],
      },
    },
    below_standard: {
      on: {
        'maintenance.assessed': [
          { guard: 'isFlagged', actions: ['recordMaintenance', 'count'] },
          { target: 'recognised', actions: ['recordMaintenance', 'count'] },
        ],
        'recognition.revoked': { target: 'revoked', actions: ['recordRevocation', 'count'] },
      },
    },
    refused: { type: 'final' },
    revoked: { type: 'final' },
  },
});
