/**
 * Activity inputs and outputs: plain JSON shared by activities (I/O) and workflows (callers). Workflows
 * import this file and the activities' *types* only.
 */
import type { AwaitedAction, DossierEvent, DossierInput, DossierStage, DossierState, DossierStatus } from '../domain/dossier';
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

export interface VerifyRequest {
  criteriaSetId: string;
  state: DossierState;
}

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
