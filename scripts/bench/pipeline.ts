/**
 * Drives a dossier (commune, village or OCOP product) through its whole pipeline to the recognition
 * decision, by the same Updates the offices send: every move is chosen from the status's `awaiting`
 * list (domain/dossier awaitedActions), so the driver follows whatever levels the dossier was planned
 * with. Used by the benchmarks and the fault tests; `act` is any transport (Temporal client, HTTP API).
 */
import type { Actor, Command, DossierInput, DossierStatus } from '../../domain/dossier';

export type Act = (actor: Actor, command: Command) => Promise<DossierStatus>;

/** OCOP self-assessment scores (criteria A, B, C) that make a 4-star product. */
const OCOP_SCORES: Record<string, number> = { A: 22, B: 34, C: 19 };

export const councilMembers = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `hd-${i + 1}`, name: `Thành viên ${i + 1}` }));

/** The person who holds an awaited role (ids are stable per role and unit, as a real office would be). */
export function actorFor(a: { role: Actor['role']; unitCode: string; department?: string }): Actor {
  const id = `${a.role}:${a.unitCode}${a.department ? `#${a.department}` : ''}`;
  return { id, role: a.role, unitCode: a.unitCode, ...(a.department ? { department: a.department } : {}) } as Actor;
}

/** The self-assessment moves of a dossier (every criterion met), in order, before its submission. */
export function selfAssessmentCommands(dossier: DossierInput): Command[] {
  const ocop = dossier.title.startsWith('ocop.');
  const out: Command[] = dossier.criteria.map((c) => ({
    type: 'self_assessment.recorded' as const,
    criterion: c,
    met: true,
    indicatorValues: ocop ? { [c]: OCOP_SCORES[c] ?? 0 } : {},
    evidence: [],
  }));
  if (dossier.title.startsWith('commune.') || dossier.title.startsWith('village.')) {
    out.push({ type: 'consultation.recorded', participants: 300, satisfactionPct: 95, evidence: [] });
  }
  return out;
}

/** The next command for what the status awaits, or undefined once a decision is reached. */
export function nextMove(s: DossierStatus, dossier: DossierInput, decisionDate: string): { actor: Actor; command: Command } | undefined {
  if (s.decision || s.final) return undefined;
  const a = s.awaiting[0];
  if (!a) return undefined;
  const actor = actorFor(a);
  const stars = dossier.title.startsWith('ocop.') ? { stars: 4 } : {};
  const decision = {
    number: `${1000 + (dossier.criteria.length % 9000)}/QĐ-UBND`,
    date: decisionDate,
    signer: `Chủ tịch UBND ${a.unitCode}`,
    outcome: 'recognised' as const,
    reasons: [],
    ...stars,
  };
  switch (a.action) {
    case 'commune.submitted':
      return { actor, command: { type: 'commune.submitted', documents: [] } };
    case 'commune.resubmitted':
      return { actor, command: { type: 'commune.resubmitted', documents: [] } };
    case 'criterion.reviewed': {
      const slot = s.pendingReviews.find((p) => p.department === a.department) ?? s.pendingReviews[0]!;
      return { actor, command: { type: 'criterion.reviewed', criterion: slot.criterion, verdict: 'met', documents: [] } };
    }
    case 'level.approved':
      return { actor, command: { type: 'level.approved', documents: [] } };
    case 'level.forwarded':
      return { actor, command: { type: 'level.forwarded', documents: [] } };
    case 'council.voted':
      return { actor, command: { type: 'council.voted', members: councilMembers(9), inFavour: 9, against: 0, abstained: 0, documents: [] } };
    case 'decision.drafted':
      return { actor, command: { type: 'decision.drafted', ...decision } };
    case 'level.decided':
      return { actor, command: { type: 'level.decided', ...decision, documents: [] } };
    default:
      return undefined;
  }
}

export interface PipelineRun {
  status: DossierStatus;
  /** Updates sent (each accepted). */
  updates: number;
}

/** Self-assessment and submission. */
export async function submit(act: Act, dossier: DossierInput): Promise<PipelineRun> {
  const commune = actorFor({ role: 'commune_official', unitCode: dossier.submitterUnitCode ?? dossier.unitCode });
  let updates = 0;
  let status: DossierStatus | undefined;
  for (const command of selfAssessmentCommands(dossier)) {
    status = await act(commune, command);
    updates += 1;
  }
  status = await act(commune, { type: 'commune.submitted', documents: [] });
  return { status, updates: updates + 1 };
}

/** From a submitted dossier to its recognition decision: every review met, every level approving. */
export async function toDecision(
  act: Act,
  dossier: DossierInput,
  from: DossierStatus,
  decisionDate = `${dossier.planYear}-11-29`,
  maxSteps = 500,
): Promise<PipelineRun> {
  let status = from;
  let updates = 0;
  for (let i = 0; i < maxSteps; i++) {
    const move = nextMove(status, dossier, decisionDate);
    if (!move) return { status, updates };
    status = await act(move.actor, move.command);
    updates += 1;
  }
  throw new Error(`pipeline of ${dossier.dossierId} did not reach a decision in ${maxSteps} steps (stage ${status.stage})`);
}

/** The whole pipeline: self-assessment, submission, reviews, approvals, councils, decision. */
export async function runPipeline(act: Act, dossier: DossierInput, decisionDate?: string): Promise<PipelineRun> {
  const a = await submit(act, dossier);
  const b = await toDecision(act, dossier, a.status, decisionDate);
  return { status: b.status, updates: a.updates + b.updates };
}
