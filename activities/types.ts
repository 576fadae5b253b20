/**
 * Activity inputs and outputs: plain JSON shared by activities (I/O) and workflows (callers). Workflows
 * import this file and the activities' *types* only.
 */
import type { AwaitedAction, DossierEvent, DossierInput, DossierStage, DossierState, DossierStatus, VerifyContext } from '../domain/dossier';
import type { Notice, NoticeKind } from '../domain/notices';

export interface RegisterDossierInput {
  dossier: DossierInput;
  status: DossierStatus;
  state: DossierState;
  workflowId: string;
  runId: string;
  at: string;
  /** The deadline the dossier must meet next (ISO, end of its due day), for the projection's "due next" column. */
  nextDeadline?: string | null;
}

export interface TransitionRecord {
  event: DossierEvent;
  fromStage: DossierStage;
  toStage: DossierStage;
  seq: number;
  status: DossierStatus;
  /**
   * The machine state, sent only when the stage changes: it grows with every event, and sending it each
   * time made a dossier's history ~1 MB. The projection replays the event on its own copy in between.
   */
  state?: DossierState;
  workflowId: string;
  runId: string;
  /**
   * The deadline the dossier must meet next (ISO, end of its due day; domain `nextOpenDeadline`), for the
   * projection's "due next" column; null when none is open. Absent (older workflow code): left as it is.
   */
  nextDeadline?: string | null;
}

/**
 * Issue 18 (workflows past patch '18-transition-delta'): the event and ids only. The projection applies
 * the event to its own copy of the state (which must be exactly one event behind) and derives the
 * status; when its copy is not, it writes nothing and answers `resync`, and the workflow sends the full
 * `TransitionRecord` (state included). Full records (older workflows) are still accepted.
 */
export interface TransitionDelta {
  delta: true;
  dossierId: string;
  event: DossierEvent;
  /** The dossier's sequence after the event (the stages before and after come from the projection's copy). */
  seq: number;
  /** Default: the calling workflow's (the activity's own info). */
  workflowId?: string;
  runId?: string;
  nextDeadline?: string | null;
}

export interface TransitionResult {
  /** The projection's copy was not one event behind: nothing was written; send the full record. */
  resync?: boolean;
}

/**
 * Issue 18: the verify activity takes what verification reads (`facts`, domain verificationFacts) from
 * workflows past patch '18-verify-facts', the whole `state` from those before it (still running, or
 * replaying): both are accepted.
 */
export type VerifyRequest = { criteriaSetId: string } & ({ facts: VerifyContext; state?: undefined } | { state: DossierState; facts?: undefined });

export type NotificationKind = NoticeKind;

/** A notice to deliver (built by domain/notices). */
export type NotifyRequest = Notice;

export interface NotifyResult {
  /** Rows newly written (inbox + e-mail); zero when every row already existed (a retry or replay). */
  created: number;
  emailed: number;
  recipients: string[];
}

export interface DeadlineSummaryRequest {
  planId: string;
  deadlineId: string;
  stage: string;
  due: string;
  dossierIds: string[];
  officeUnitCode: string;
  officeRole: AwaitedAction['role'];
}

export interface DeadlineSummaryResult {
  onTime: string[];
  late: string[];
  missing: string[];
}
