/**
 * Notices on dossier events (issue 13): who hears that a dossier was returned, resubmitted, forwarded,
 * voted on, decided, flagged below standard or revoked, and what they read — by name, with every reason,
 * the votes, the decision number. One notice per event, keyed by the event id (stable across a retry or a
 * replay: the workflow's ids are deterministic), so nobody hears of an event twice. Escalations are the
 * deadline reminders' `escalation` point (dossier.ts `deadlineReminderNotice`).
 */
import { formatVnDate, formatVnDateTime, instantFromIso, type LocalDate } from '../calendar';
import type { DossierEvent, DossierState, LevelName, LevelSpec, Role } from '../dossier';
import { dossierLabel, levelWords, nameOf, recipientNames } from './facts';
import type { Notice, NoticeKind, NoticeRecipient } from './types';

/** The event kinds that notify, and the notice kind each one is delivered as. */
export const EVENT_NOTICE_KINDS = [
  'level.returned',
  'commune.resubmitted',
  'level.forwarded',
  'council.voted',
  'level.decided',
  'maintenance.assessed',
  'recognition.revoked',
] as const;
export type EventNoticeType = (typeof EVENT_NOTICE_KINDS)[number];

const OFFICE: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_office', province: 'provincial_office' };
const SPECIALIST: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_specialist', province: 'provincial_specialist' };
const CHAIR: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_chair', province: 'provincial_chair' };

const officeOf = (l: LevelSpec): NoticeRecipient => ({ role: OFFICE[l.level], unitCode: l.unitCode });
const levelName = (l: LevelSpec): string => levelWords(l).vi;
const levelNameEn = (l: LevelSpec): string => levelWords(l).en;

function dedupe(rs: NoticeRecipient[]): NoticeRecipient[] {
  const seen = new Set<string>();
  return rs.filter((r) => {
    const k = `${r.role}@${r.unitCode}#${r.department ?? ''}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

const date = (d: LocalDate | string): string => formatVnDate(d as LocalDate);

/**
 * The notice of an accepted event, from the machine state before and after it; undefined for an event
 * nobody needs to hear of (assessments, reviews, verification, drafts, deadline expiry).
 */
export function eventNotice(before: DossierState, after: DossierState, event: DossierEvent): Notice | undefined {
  const input = after.context.input;
  const dossierId = input.dossierId;
  const levels = input.levels;
  const commune: NoticeRecipient = { role: 'commune_official', unitCode: input.submitterUnitCode ?? input.unitCode };
  const here = levels[before.context.levelIndex] ?? levels[0]!;
  const next = levels[after.context.levelIndex] ?? here;
  const deciding = levels[levels.length - 1]!;
  const below = levels[levels.length - 2];
  const label = dossierLabel(after);
  const at = instantFromIso(event.meta.at);
  const when = at.ok ? formatVnDateTime(at.value) : event.meta.at;

  let kind: string;
  let recipients: NoticeRecipient[];
  let headVi: string;
  let headEn: string;
  let lines: { vi: string[]; en: string[] };
  switch (event.type) {
    case 'level.returned': {
      kind = 'returned';
      recipients = [commune];
      headVi = `Hồ sơ bị trả lại để bổ sung (${levelName(here)})`;
      headEn = `Dossier returned for supplementation by ${levelNameEn(here)}`;
      const reasons = event.reasons.map((r) => `- Tiêu chí ${r.criterion}: ${r.reason}`);
      lines = {
        vi: [`Lý do (${event.reasons.length}):`, ...reasons],
        en: [`Reasons (${event.reasons.length}):`, ...event.reasons.map((r) => `- Criterion ${r.criterion}: ${r.reason}`)],
      };
      break;
    }
    case 'commune.resubmitted': {
      kind = 'resubmitted';
      const last = before.context.returns.at(-1);
      const returnedCriteria = new Set(last?.reasons.map((r) => r.criterion) ?? []);
      const depts = [...new Set(next.reviewers.filter((s) => returnedCriteria.size === 0 || returnedCriteria.has(s.criterion)).map((s) => s.department))];
      recipients = [officeOf(next), ...depts.map((department) => ({ role: SPECIALIST[next.level], unitCode: next.unitCode, department }))];
      headVi = `Xã đã nộp lại hồ sơ sau bổ sung`;
      headEn = `The commune resubmitted the dossier`;
      lines = {
        vi: last ? [`Các tiêu chí đã bị trả lại: ${[...returnedCriteria].join(', ')}.`] : [],
        en: last ? [`Criteria returned: ${[...returnedCriteria].join(', ')}.`] : [],
      };
      break;
    }
    case 'level.forwarded': {
      kind = 'forwarded';
      recipients = [officeOf(next), commune];
      headVi = `Hồ sơ đã được ${levelName(here)} chuyển lên ${levelName(next)}`;
      headEn = `Dossier forwarded by ${levelNameEn(here)} to ${levelNameEn(next)}`;
      lines = { vi: [], en: [] };
      break;
    }
    case 'council.voted': {
      kind = 'voted';
      recipients = [officeOf(here), { role: CHAIR[here.level], unitCode: here.unitCode }, commune];
      headVi = `Hội đồng thẩm định đã biểu quyết: ${event.inFavour}/${event.members.length} tán thành`;
      headEn = `The appraisal council voted: ${event.inFavour}/${event.members.length} in favour`;
      lines = {
        vi: [
          `Tán thành ${event.inFavour}, không tán thành ${event.against}, không biểu quyết ${event.abstained}; thành viên ${event.members.length}: ${event.members.map((m) => m.name).join(', ')}.`,
        ],
        en: [
          `For ${event.inFavour}, against ${event.against}, abstained ${event.abstained}; ${event.members.length} members: ${event.members.map((m) => m.name).join(', ')}.`,
        ],
      };
      break;
    }
    case 'level.decided': {
      kind = 'decided';
      recipients = [commune, ...(below ? [officeOf(below)] : []), officeOf(deciding)];
      const outcomeVi = event.outcome === 'recognised' ? 'công nhận' : 'không công nhận';
      headVi = `Quyết định ${event.number} ngày ${date(event.date)}: ${outcomeVi}`;
      headEn = `Decision ${event.number} of ${date(event.date)}: ${event.outcome === 'recognised' ? 'recognised' : 'not recognised'}`;
      lines = {
        vi: [`Người ký: ${event.signer}.`, ...(event.stars ? [`Hạng: ${event.stars} sao.`] : []), ...event.reasons.map((r) => `- ${r}`)],
        en: [`Signed by: ${event.signer}.`, ...(event.stars ? [`Rating: ${event.stars} stars.`] : []), ...event.reasons.map((r) => `- ${r}`)],
      };
      break;
    }
    case 'maintenance.assessed': {
      if (!event.flagged) return undefined;
      kind = 'below_standard';
      recipients = [commune, ...(below ? [officeOf(below)] : []), officeOf(deciding), { role: CHAIR[deciding.level], unitCode: deciding.unitCode }];
      headVi = `Rà soát duy trì: không còn đạt chuẩn`;
      headEn = `Maintenance review: below standard`;
      lines = { vi: event.reasons.map((r) => `- ${r}`), en: event.reasons.map((r) => `- ${r}`) };
      break;
    }
    case 'recognition.revoked': {
      kind = 'revoked';
      recipients = [commune, ...(below ? [officeOf(below)] : []), officeOf(deciding)];
      headVi = `Thu hồi công nhận: Quyết định ${event.number} ngày ${date(event.date)}`;
      headEn = `Recognition revoked: decision ${event.number} of ${date(event.date)}`;
      lines = {
        vi: [`Người ký: ${event.signer}.`, ...event.reasons.map((r) => `- ${r}`)],
        en: [`Signed by: ${event.signer}.`, ...event.reasons.map((r) => `- ${r}`)],
      };
      break;
    }
    default:
      return undefined;
  }
  recipients = dedupe(recipients);
  const who = recipientNames(after, recipients).join('; ');
  return {
    key: `${dossierId}/event/${event.meta.eventId}`,
    kind: kind as NoticeKind,
    dossierId,
    recipients,
    subjectVi: `[NTM] ${headVi} — ${label.vi}`,
    subjectEn: `[NTM] ${headEn} — ${label.en}`,
    bodyVi: [`${headVi}.`, `Hồ sơ: ${label.vi}.`, ...lines.vi, `Gửi đến: ${who}.`, `Thời điểm: ${when}.`].join('\n'),
    bodyEn: [`${headEn}.`, `Dossier: ${label.en}.`, ...lines.en, `To: ${who}.`].join('\n'),
  };
}
