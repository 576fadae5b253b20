/**
 * The dossier's notices: deadline reminders (before, on the day, overdue, escalation) and the annual
 * maintenance review — which points a dossier still gets, who hears, and what they read.
 */
import { formatVnDate, formatVnDateTime, instantToIso, type InstantMs, type ReminderKind, type ReminderPoint } from '../calendar';
import { escalationTargets, statusOf, type DossierDeadline, type DossierState } from '../dossier';
import { unitLabel, type Notice, type NoticeRecipient, type UnitRef } from './types';
import { daysFromDeadline, deadlineRecipients, distanceWords, dossierLabel, levelReached, levelWords, recipientNames, responsibleLevel } from './facts';

/** One moment a deadline watcher acts on: a reminder to send, or the deadline's expiry (end of the due day). */
export type DeadlinePoint = { at: InstantMs; kind: 'reminder'; point: ReminderPoint } | { at: InstantMs; kind: 'expiry' };

/**
 * What a deadline watcher still has to do when the dossier is opened at `openedAt`, in time order: a
 * dossier opened after some reminder points gets only the latest of them (one current notice, not a
 * burst of stale ones) and every point still ahead; the expiry is always kept, so a late dossier is
 * marked late.
 */
export function pointsStillDue(deadline: Pick<DossierDeadline, 'schedule' | 'expiresAt'>, openedAt: InstantMs): DeadlinePoint[] {
  const past = deadline.schedule.filter((p) => p.at <= openedAt);
  const kept = [...past.slice(-1), ...deadline.schedule.filter((p) => p.at > openedAt)];
  const points: DeadlinePoint[] = [...kept.map((p): DeadlinePoint => ({ at: p.at, kind: 'reminder', point: p })), { at: deadline.expiresAt, kind: 'expiry' }];
  return points.sort((a, b) => a.at - b.at);
}

const withoutAction = ({ role, unitCode, department }: NoticeRecipient): NoticeRecipient => ({
  role,
  unitCode,
  ...(department !== undefined ? { department } : {}),
});

/**
 * Who hears a reminder: those who must act now; for an escalation, first the office of the level above
 * the one that is late (escalationTargets), then those who must act.
 */
export function reminderRecipients(state: DossierState, kind: ReminderKind): NoticeRecipient[] {
  const awaiting = statusOf(state).awaiting.map(withoutAction);
  return kind === 'escalation' ? [...escalationTargets(state), ...awaiting] : awaiting;
}

/** Who hears the annual maintenance review: the commune and the level above it. */
export function maintenanceRecipients(state: DossierState): NoticeRecipient[] {
  const above = escalationTargets(state);
  return above.length > 0 ? [{ role: 'commune_official', unitCode: state.context.input.unitCode }, ...above] : [];
}

/** The dossier's unit as notices name it. */
export function dossierUnit(state: DossierState): UnitRef {
  return { unitCode: state.context.input.unitCode };
}

function reminderHeadline(kind: ReminderKind, offsetDays: number, due: string): { vi: string; en: string } {
  switch (kind) {
    case 'before':
      return { vi: `Nhắc hạn: còn ${-offsetDays} ngày đến hạn ${due}`, en: `Reminder: ${-offsetDays} days to the deadline ${due}` };
    case 'due':
      return { vi: `Hôm nay là hạn chót ${due}`, en: `Today is the deadline ${due}` };
    case 'overdue':
      return { vi: `Quá hạn ${offsetDays} ngày (hạn ${due})`, en: `${offsetDays} days overdue (deadline ${due})` };
    case 'escalation':
      return { vi: `Báo cáo cấp trên: quá hạn ${offsetDays} ngày (hạn ${due})`, en: `Escalation: ${offsetDays} days overdue (deadline ${due})` };
  }
}

/**
 * The reminder of one schedule point of one deadline, as the dossier stands at `sentAt`. Its
 * recipients may be empty (nobody has to act): then nothing is sent.
 */
export function reminderNotice(args: { state: DossierState; deadline: DossierDeadline; point: ReminderPoint; sentAt: InstantMs; unit?: UnitRef }): Notice {
  const { state, deadline: d, point, sentAt } = args;
  const dossierId = state.context.input.dossierId;
  const status = statusOf(state);
  const unit = unitLabel(args.unit ?? dossierUnit(state));
  const head = reminderHeadline(point.kind, point.offsetDays, formatVnDate(d.due));
  return {
    key: `${dossierId}/${d.id}/${point.key}`,
    kind: point.kind,
    dossierId,
    recipients: reminderRecipients(state, point.kind),
    subjectVi: `[NTM] ${head.vi}: ${d.descriptionVi} — hồ sơ ${dossierId}`,
    subjectEn: `[NTM] ${head.en}: ${d.stage} — dossier ${dossierId}`,
    bodyVi: `${head.vi}.\n${d.descriptionVi}.\nĐơn vị: ${unit}. Bước hiện tại: ${status.stageLabel.vi}.\nGửi lúc ${formatVnDateTime(sentAt)}.`,
    bodyEn: `${head.en}.\nStage: ${d.stage}. Unit: ${unit}. Current step: ${status.stageLabel.en}.`,
    dueAt: instantToIso(d.expiresAt),
  };
}

/** The annual maintenance review reminder of cycle `cycle` (counted over the dossier's whole life). */
export function maintenanceNotice(args: { state: DossierState; cycle: number }): Notice {
  const { state, cycle } = args;
  const dossierId = state.context.input.dossierId;
  return {
    key: `${dossierId}/maintenance/${cycle}`,
    kind: 'maintenance',
    dossierId,
    recipients: maintenanceRecipients(state),
    // Named, not coded (issue 13): the dossier as people read it.
    subjectVi: `[NTM] Rà soát duy trì tiêu chí hằng năm — ${dossierLabel(state).vi}`,
    subjectEn: `[NTM] Annual maintenance review — ${dossierLabel(state).en}`,
    bodyVi: `Đến kỳ rà soát việc duy trì các tiêu chí sau công nhận (chu kỳ ${cycle}).\nHồ sơ: ${dossierLabel(state).vi}.`,
    bodyEn: `The annual review of criteria maintenance after recognition is due (cycle ${cycle}).\nDossier: ${dossierLabel(state).en}.`,
  };
}

/**
 * The reminder of one schedule point of one deadline, stating facts (issue 13): the real number of days
 * before or after the deadline on the day it is sent (working days when the plan counts them), the
 * dossier, unit, responsible office and departments by name (no unit code in the text), and the
 * recipients of the level that owns the stage — a district-level deadline never reaches the commune.
 * The key is the schedule point's, as before, so a retry or a replay sends it once.
 */
export function deadlineReminderNotice(args: { state: DossierState; deadline: DossierDeadline; point: ReminderPoint; sentAt: InstantMs }): Notice {
  const { state, deadline: d, point, sentAt } = args;
  const dossierId = state.context.input.dossierId;
  const counting = d.dayCounting ?? 'calendar';
  const days = daysFromDeadline(d.due, sentAt, counting);
  const words = distanceWords(days, counting);
  const due = formatVnDate(d.due);
  const escalation = point.kind === 'escalation';
  const kind: ReminderKind = escalation ? 'escalation' : days < 0 ? 'before' : days === 0 ? 'due' : 'overdue';
  const recipients = deadlineRecipients(state, d.stage, escalation);
  const label = dossierLabel(state);
  const status = statusOf(state);
  const who = recipientNames(state, recipients).join('; ');
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const { spec } = responsibleLevel(d.stage, state);
  const notYetAt = spec && !d.stage.endsWith('.submit') && !levelReached(state, spec) ? levelWords(spec) : undefined;
  const whereVi = notYetAt ? `Hồ sơ chưa được trình đến ${notYetAt.vi}; đang ở bước: ${status.stageLabel.vi}.` : `Bước hiện tại: ${status.stageLabel.vi}.`;
  const whereEn = notYetAt
    ? `The dossier has not reached ${notYetAt.en} yet; current step: ${status.stageLabel.en}.`
    : `Current step: ${status.stageLabel.en}.`;
  const headVi = `${escalation ? 'Báo cáo cấp trên: ' : 'Nhắc hạn: '}${words.vi} (hạn ${due})`;
  const headEn = `${escalation ? 'Escalation: ' : 'Reminder: '}${words.en} (deadline ${due})`;
  return {
    // A deadline moved by the plan (issue 14) has new points: their own keys, so they are not taken for the old ones.
    key: `${dossierId}/${d.id}${d.revision ? `@r${d.revision}` : ''}/${point.key}`,
    kind,
    dossierId,
    recipients,
    subjectVi: `[NTM] ${headVi} — ${label.vi}`,
    subjectEn: `[NTM] ${headEn} — ${label.en}`,
    bodyVi: [
      `${capital(words.vi)} (hạn ${due}).`,
      `${d.descriptionVi}.`,
      `Hồ sơ: ${label.vi}. ${whereVi}`,
      `Gửi đến: ${who}.`,
      `Gửi lúc ${formatVnDateTime(sentAt)}.`,
    ].join('\n'),
    bodyEn: [`${capital(words.en)} (deadline ${due}).`, `Dossier: ${label.en}. ${whereEn}`, `To: ${who}.`].join('\n'),
    dueAt: instantToIso(d.expiresAt),
  };
}
