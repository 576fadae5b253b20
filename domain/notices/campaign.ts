/**
 * The campaign's rules and notices: the office that runs it, which dossiers a plan deadline concerns,
 * when units that have not begun are reminded, and the on time / late / missing summary.
 */
import { endOfDay, formatVnDate, instantToIso, reminderSchedule, type InstantMs, type PlanDeadline, type PlanYear, type ReminderPoint } from '../calendar';
import type { Role } from '../dossier';
import { unitLabel, type Notice, type UnitRef } from './types';

export interface CampaignOffice {
  role: Extract<Role, 'district_office' | 'provincial_office'>;
  unitCode: string;
}

/** The office that runs a plan's campaign: the district's, or the province's in two-tier mode. */
export function campaignOffice(plan: Pick<PlanYear, 'unitLevel' | 'unitCode'>): CampaignOffice {
  return { role: plan.unitLevel === 'district' ? 'district_office' : 'provincial_office', unitCode: plan.unitCode };
}

/** The plan's deadlines in date order (the campaign follows them one after the other). */
export function deadlinesInOrder(plan: Pick<PlanYear, 'deadlines'>): PlanDeadline[] {
  return [...plan.deadlines].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** The dossiers a deadline concerns: those registered for one of its titles. */
export function dossiersConcerned(
  deadline: Pick<PlanDeadline, 'titles'>,
  registrations: readonly { title: string; dossier: { dossierId: string } }[],
): string[] {
  return registrations.filter((r) => (deadline.titles as readonly string[]).includes(r.title)).map((r) => r.dossier.dossierId);
}

/**
 * When units that have not begun are reminded of a deadline: at the policy's before-points still ahead
 * of `now`, and only for the submission stages (the later stages are the offices' own work).
 */
export function notStartedPoints(deadline: Pick<PlanDeadline, 'stage' | 'due'>, policy: PlanYear['reminderPolicy'], now: InstantMs): ReminderPoint[] {
  if (!deadline.stage.endsWith('.submit')) return [];
  return reminderSchedule(deadline.due, policy).filter((p) => p.kind === 'before' && p.at > now);
}

/** To the units that have not begun (and the office), at a before-point of a submission deadline. */
export function notStartedNotice(args: {
  planId: string;
  deadline: PlanDeadline;
  point: ReminderPoint;
  idle: readonly UnitRef[];
  office: CampaignOffice;
}): Notice {
  const { planId, deadline: d, point, idle, office } = args;
  const days = -point.offsetDays;
  const due = formatVnDate(d.due);
  const units = idle.map(unitLabel).join(', ');
  return {
    key: `${planId}/${d.id}/not-started/${point.key}`,
    kind: 'campaign',
    recipients: [...idle.map((i) => ({ role: 'commune_official' as const, unitCode: i.unitCode })), office],
    subjectVi: `[NTM] Chưa bắt đầu hồ sơ: còn ${days} ngày đến hạn ${due}`,
    subjectEn: `[NTM] Dossier not started: ${days} days to ${due}`,
    bodyVi: `${d.descriptionVi}.\nCác đơn vị chưa bắt đầu: ${units}.`,
    bodyEn: `Units that have not begun: ${units}.`,
    dueAt: instantToIso(endOfDay(d.due)),
  };
}

export interface DeadlineSummary {
  onTime: readonly string[];
  late: readonly string[];
  missing: readonly string[];
}

/** To the office at the end of a deadline's day: which dossiers did the stage on time, late, or not yet. */
export function deadlineSummaryNotice(args: { planId: string; deadline: PlanDeadline; summary: DeadlineSummary; office: CampaignOffice }): Notice {
  const { planId, deadline: d, summary: s, office } = args;
  const due = formatVnDate(d.due);
  const list = (ids: readonly string[]) => ids.join(', ') || '—';
  return {
    key: `${planId}/${d.id}/summary`,
    kind: 'summary',
    recipients: [office],
    subjectVi: `[NTM] Tổng hợp hạn ${due}: ${s.onTime.length} đúng hạn, ${s.late.length} trễ, ${s.missing.length} chưa nộp`,
    subjectEn: `[NTM] Deadline ${due} summary: ${s.onTime.length} on time, ${s.late.length} late, ${s.missing.length} missing`,
    bodyVi: `${d.descriptionVi}.\nĐúng hạn: ${list(s.onTime)}\nTrễ hạn: ${list(s.late)}\nChưa thực hiện: ${list(s.missing)}`,
    bodyEn: `On time: ${list(s.onTime)}\nLate: ${list(s.late)}\nMissing: ${list(s.missing)}`,
  };
}
