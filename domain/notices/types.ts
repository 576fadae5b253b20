/**
 * A notice: what the engine tells people (inbox row + e-mail), in Vietnamese and English, with who
 * should hear it and the idempotency key that makes a retry or a replay send it once. Built by the pure
 * functions of this folder from facts; the notify activity only delivers it.
 */
import type { ReminderKind } from '../calendar';
import type { Role } from '../dossier';

export type NoticeKind =
  | ReminderKind
  | 'campaign'
  | 'summary'
  | 'maintenance'
  // Notices on dossier events (issue 13, domain/notices/events.ts).
  | 'returned'
  | 'resubmitted'
  | 'forwarded'
  | 'voted'
  | 'decided'
  | 'below_standard'
  | 'revoked';

/** A role at a unit (resolved to people by their grants when delivered). */
export interface NoticeRecipient {
  role: Role;
  unitCode: string;
  department?: string;
}

/** A unit as a notice names it: by its name when the facts carry one, else by its code. */
export interface UnitRef {
  unitCode: string;
  unitName?: string;
}

export const unitLabel = (u: UnitRef): string => u.unitName ?? u.unitCode;

export interface Notice {
  /** Idempotency key: dossier or plan / deadline / point. Recipient and channel are appended per row. */
  key: string;
  kind: NoticeKind;
  dossierId?: string;
  recipients: NoticeRecipient[];
  subjectVi: string;
  bodyVi: string;
  subjectEn: string;
  bodyEn: string;
  /** ISO instant of the deadline the notice is about. */
  dueAt?: string;
}
