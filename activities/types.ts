/**
 * Activity inputs and outputs: plain JSON shared by activities (I/O) and workflows (callers). Workflows
 * import this file and the activities' *types* only.
 */
import type { AwaitedAction, DossierEvent, DossierInput, DossierStage, DossierState, DossierStatus } from '../domain/dossier';

export interface RegisterDossierInput {
  dossier: DossierInput;
  status: DossierStatus;
  state: DossierState;
  workflowId: string;
  runId: string;
  at: string;
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
  /** Next deadline still open for this dossier (ISO), for the projection's "due next" column. */
  nextDeadline?: string;
}

export interface VerifyRequest {
  criteriaSetId: string;
  state: DossierState;
}

export type NotificationKind = 'before' | 'due' | 'overdue' | 'escalation' | 'campaign' | 'summary' | 'maintenance';

export interface NotifyRequest {
  /** Idempotency key of the reminder: dossier / stage / offset. Recipient and channel are appended per row. */
  key: string;
  kind: NotificationKind;
  dossierId?: string;
  /** Who should hear: roles at units (resolved to people by their grants). */
  recipients: Pick<AwaitedAction, 'role' | 'unitCode' | 'department'>[];
  subjectVi: string;
  bodyVi: string;
  subjectEn: string;
  bodyEn: string;
  dueAt?: string;
}

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
