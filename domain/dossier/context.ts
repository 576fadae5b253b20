/**
 * What the dossier machine remembers. Plain JSON: the snapshot is persisted, passed through
 * continue-as-new and projected into the database as it is.
 */
import type { DocumentRef, DossierInput, LevelSpec, ReviewerSlot, Verdict } from './types';

export interface Stamp {
  by: string;
  role: string;
  at: string;
}

export interface SelfAssessment extends Stamp {
  met: boolean;
  indicatorValues: Record<string, number>;
  evidence: DocumentRef[];
  comment?: string;
}

export interface ReviewVerdict extends Stamp {
  verdict: Verdict;
  comment?: string;
}

export interface ReturnRecord extends Stamp {
  level: string;
  reasons: { criterion: string; reason: string }[];
  resubmittedAt?: string;
}

export interface Verification {
  eligible: boolean;
  metCount: number;
  total: number;
  failing: { criterion: string; reasonVi: string; reasonEn: string }[];
  at: string;
}

export interface CouncilVote extends Stamp {
  members: { id: string; name: string }[];
  inFavour: number;
  against: number;
  abstained: number;
}

export interface Decision extends Stamp {
  level: string;
  number: string;
  date: string;
  signer: string;
  outcome: 'recognised' | 'refused';
  reasons: string[];
  stars?: number;
}

/**
 * The review clock of the current level: it runs from submission, stops while the dossier is back at
 * the commune for supplementation, and resumes on resubmission (the days returned do not count).
 */
export interface ReviewClock {
  level: string;
  startedAt?: string;
  suspendedSince?: string;
  suspensions: { from: string; to: string }[];
}

export interface DossierContext {
  input: DossierInput;
  levelIndex: number;
  selfAssessment: Record<string, SelfAssessment>;
  consultation?: Stamp & { participants: number; satisfactionPct: number };
  submittedAt?: string;
  /** Current level's verdicts, keyed `criterion|department`. */
  reviews: Record<string, ReviewVerdict>;
  /** Verdicts of the levels already passed, by level name (the province sees what the district found). */
  reviewHistory: Record<string, Record<string, ReviewVerdict>>;
  returns: ReturnRecord[];
  verification?: Verification;
  vote?: CouncilVote;
  /** Votes of councils at levels already passed (OCOP: the district council before the province's). */
  voteHistory?: Record<string, CouncilVote>;
  decisionDraft?: Omit<Decision, 'by' | 'role' | 'at'> & Stamp;
  decision?: Decision;
  maintenance: (Stamp & { flagged: boolean; reasons: string[] })[];
  revocation?: Stamp & { number: string; date: string; signer: string; reasons: string[] };
  /** Deadlines that passed before the stage was done: stage → deadline date. The dossier goes on, marked late. */
  late: Record<string, string>;
  clock: ReviewClock;
  /** Accepted events so far: the timeline's sequence number. */
  seq: number;
}

export const slotKey = (s: ReviewerSlot): string => `${s.criterion}|${s.department}`;

export function currentLevel(ctx: DossierContext): LevelSpec {
  const l = ctx.input.levels[ctx.levelIndex];
  if (!l) throw new Error(`level ${ctx.levelIndex} out of range`);
  return l;
}
