/**
 * The dossier's pure API: start, apply an event, explain a refusal, and read a stable status.
 * Workflows, the API and tests use these; none of them touches xstate snapshots directly.
 */
import { transition, initialTransition } from 'xstate';
import { domainError, err, ok, type DomainError, type Result } from '../errors';
import { parseWith } from '../validation';
import { currentLevel, slotKey, type DossierContext } from './context';
import { dossierMachine } from './machine';
import * as rules from './rules';
import { atCommune, isFinal, STAGE_LABELS, stageIn, stageTags, type DossierStage, type StageTag } from './stages';
import { DossierInputSchema, type DossierEvent, type DossierInput, type LevelName, type Role } from './types';

export * from './types';
export type { DossierContext } from './context';
export { dossierMachine } from './machine';
export * from './stages';

/** The persisted form of a dossier: plain JSON, restorable after continue-as-new or from the database. */
export interface DossierState {
  value: DossierStage;
  context: DossierContext;
}

type Snapshot = ReturnType<typeof dossierMachine.resolveState>;

function toState(s: Snapshot): DossierState {
  return { value: s.value as DossierStage, context: s.context };
}

function restore(state: DossierState): Snapshot {
  return dossierMachine.resolveState({ value: state.value, context: state.context });
}

export function startDossier(input: unknown): Result<DossierState> {
  const parsed = parseWith(DossierInputSchema, input, 'DOSSIER.INVALID_INPUT');
  if (!parsed.ok) return parsed;
  const [snapshot] = initialTransition(dossierMachine, parsed.value);
  return ok(toState(snapshot));
}

/** Event types each stage accepts (what the UI may offer and what an Update may ask). */
export function acceptedEvents(stage: DossierStage): DossierEvent['type'][] {
  const node = dossierMachine.states[stage];
  const own = node ? Object.keys(node.on ?? {}) : [];
  return (isFinal(stage) ? own : [...own, 'deadline.expired', 'deadline.changed']) as DossierEvent['type'][];
}

const CHECKS: Partial<Record<DossierEvent['type'], (ctx: DossierContext, e: never) => DomainError | null>> = {
  'self_assessment.recorded': rules.checkSelfAssessment,
  'commune.submitted': rules.checkSubmit,
  'self_assessment.batch': rules.checkSelfAssessmentBatch,
  'criterion.reviewed': rules.checkReview,
  'review.batch': rules.checkReviewBatch,
  'level.returned': rules.checkReturn,
  'level.approved': rules.checkApprove,
  'level.forwarded': rules.checkForward,
  'council.voted': rules.checkVote,
  'decision.drafted': rules.checkDraftDecision,
  'level.decided': rules.checkDecide,
};

/** Why `event` is not accepted in `state`, or null when it is. */
export function explainRefusal(state: DossierState, event: DossierEvent): DomainError | null {
  if (!acceptedEvents(state.value).includes(event.type)) {
    return domainError(
      'DOSSIER.INVALID_TRANSITION',
      `Không thể thực hiện "${event.type}" khi hồ sơ ở bước "${STAGE_LABELS[state.value].vi}"`,
      `"${event.type}" is not allowed while the dossier is at "${STAGE_LABELS[state.value].en}"`,
      { details: { stage: state.value, accepted: acceptedEvents(state.value) } },
    );
  }
  const check = CHECKS[event.type];
  const e = check ? check(state.context, event as never) : null;
  if (e) return e;
  return restore(state).can(event)
    ? null
    : domainError('DOSSIER.INVALID_TRANSITION', `Không thể thực hiện "${event.type}" lúc này`, `"${event.type}" is not allowed now`);
}

/** Applies one event: the next state, or the reason it is refused (nothing changes then). */
export function applyEvent(state: DossierState, event: DossierEvent): Result<DossierState> {
  const why = explainRefusal(state, event);
  if (why) return err(why);
  const [next] = transition(dossierMachine, restore(state), event);
  return ok(toState(next));
}

export interface AwaitedAction {
  role: Role;
  unitCode: string;
  department?: string;
  action: DossierEvent['type'];
}

export interface DossierStatus {
  dossierId: string;
  unitCode: string;
  title: DossierInput['title'];
  planYear: number;
  criteriaSetId: string;
  stage: DossierStage;
  stageLabel: { vi: string; en: string };
  level: LevelName;
  levelUnitCode: string;
  final: boolean;
  /** The stage's groups (machine tags): 'atCommune', 'underReview', 'decided', 'recognisedOrAfter'… */
  tags: StageTag[];
  /** Who must act next, and how. */
  awaiting: AwaitedAction[];
  pendingReviews: { criterion: string; department: string }[];
  selfAssessed: number;
  criteriaCount: number;
  late: Record<string, string>;
  lastReturn?: { level: string; at: string; reasons: { criterion: string; reason: string }[] };
  verification?: DossierContext['verification'];
  vote?: { inFavour: number; against: number; abstained: number; members: number };
  decision?: DossierContext['decision'];
  revocation?: DossierContext['revocation'];
  clock: DossierContext['clock'];
  seq: number;
}

const OFFICE: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_office', province: 'provincial_office' };
const CHAIR: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_chair', province: 'provincial_chair' };
const SPECIALIST: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_specialist', province: 'provincial_specialist' };

export function awaitedActions(state: DossierState): AwaitedAction[] {
  const ctx = state.context;
  const level = currentLevel(ctx);
  const office = { role: OFFICE[level.level], unitCode: level.unitCode };
  const commune = { role: 'commune_official' as const, unitCode: ctx.input.submitterUnitCode ?? ctx.input.unitCode };
  switch (state.value) {
    case 'self_assessment':
      return [{ ...commune, action: 'commune.submitted' }];
    case 'returned':
      return [{ ...commune, action: 'commune.resubmitted' }];
    case 'review': {
      const open = rules.unresolvedSlots(ctx).filter((s) => s.verdict === undefined);
      if (open.length > 0) {
        return open.map((s) => ({ role: SPECIALIST[level.level], unitCode: level.unitCode, department: s.department, action: 'criterion.reviewed' as const }));
      }
      return rules.unresolvedSlots(ctx).length > 0 ? [{ ...office, action: 'level.returned' }] : [{ ...office, action: 'level.approved' }];
    }
    case 'approved':
      if (level.council) return [{ ...office, action: 'council.voted' }];
      return level.decides ? [{ ...office, action: 'decision.drafted' }] : [{ ...office, action: 'level.forwarded' }];
    case 'appraised':
      return level.decides ? [{ ...office, action: 'decision.drafted' }] : [{ ...office, action: 'level.forwarded' }];
    case 'decision_drafted':
      return [{ role: CHAIR[level.level], unitCode: level.unitCode, action: 'level.decided' }];
    case 'below_standard':
      return [{ role: CHAIR[level.level], unitCode: level.unitCode, action: 'recognition.revoked' }];
    default:
      return [];
  }
}

export function statusOf(state: DossierState): DossierStatus {
  const ctx = state.context;
  const level = currentLevel(ctx);
  const last = ctx.returns.at(-1);
  return {
    dossierId: ctx.input.dossierId,
    unitCode: ctx.input.unitCode,
    title: ctx.input.title,
    planYear: ctx.input.planYear,
    criteriaSetId: ctx.input.criteriaSetId,
    stage: state.value,
    stageLabel: STAGE_LABELS[state.value],
    level: atCommune(state.value) ? 'commune' : level.level,
    levelUnitCode: atCommune(state.value) ? ctx.input.unitCode : level.unitCode,
    final: isFinal(state.value),
    tags: [...stageTags(state.value)],
    awaiting: awaitedActions(state),
    pendingReviews: state.value === 'review' ? level.reviewers.filter((s) => ctx.reviews[slotKey(s)] === undefined) : [],
    selfAssessed: Object.keys(ctx.selfAssessment).length,
    criteriaCount: ctx.input.criteria.length,
    late: ctx.late,
    lastReturn: last && !last.resubmittedAt ? { level: last.level, at: last.at, reasons: last.reasons } : undefined,
    verification: ctx.verification,
    vote: ctx.vote && { inFavour: ctx.vote.inFavour, against: ctx.vote.against, abstained: ctx.vote.abstained, members: ctx.vote.members.length },
    decision: ctx.decision,
    revocation: ctx.revocation,
    clock: ctx.clock,
    seq: ctx.seq,
  };
}

/**
 * Whether the criteria must be recomputed now: the dossier is under review, every review slot of the
 * level is resolved, and no verification has been recorded since (the workflow then calls verify and
 * feeds `criteria.verified` back).
 */
export function needsVerification(state: DossierState): boolean {
  return stageIn(state.value, 'underReview') && !state.context.verification && rules.unresolvedSlots(state.context).length === 0;
}

export * from './plan-dossier';
export { verifyDossier, verifyOptionsOf, buildAssessment, verificationFacts, type VerifyContext, type VerifyOptions } from './verify';
export { unresolvedSlots, computedResult } from './rules';

/** What authorization needs to know of a dossier (domain/access.ts AccessDossier). */
export function accessView(state: DossierState): {
  unitCode: string;
  levelUnitCodes: string[];
  levelUnitCode: string;
  reviewers: { criterion: string; department: string }[];
  stage: string;
  unitNames: Record<string, string>;
} {
  const st = statusOf(state);
  const input = state.context.input;
  const unitNames: Record<string, string> = {};
  if (input.unitName) unitNames[input.unitCode] = input.unitName;
  for (const l of input.levels) if (l.unitName) unitNames[l.unitCode] = l.unitName;
  return {
    unitCode: state.context.input.unitCode,
    levelUnitCodes: state.context.input.levels.map((l) => l.unitCode),
    levelUnitCode: st.levelUnitCode,
    reviewers: currentLevel(state.context).reviewers,
    stage: st.stage,
    unitNames,
  };
}
