/**
 * What a notice states and whom it reaches, from the facts (issue 13): the real number of days before or
 * after a deadline on the day a notice is sent (in working days where the plan counts working days), the
 * level that owns a plan stage (which decides who hears its reminders), and names — never unit codes — for
 * units and departments.
 */
import { calendarDaysBetween, localDateOf, vietnamHolidayCalendar, workingDaysBetween, type InstantMs, type LocalDate, type PlanStage } from '../calendar';
import { findDepartment } from '../departments';
import { atCommune, type DossierState, type LevelName, type LevelSpec, type Role } from '../dossier';
import { getTitleDefinition } from '../titles';
import type { NoticeRecipient } from './types';

export type DayCounting = 'calendar' | 'working';

/**
 * Days from the deadline's day to the day `sentAt` falls on (Vietnam time): negative before the
 * deadline, 0 on the day, positive after. Working days count the holiday calendar's working days
 * stepped onto (so the day after a Friday deadline, a Saturday, is still 0 working days late).
 */
export function daysFromDeadline(due: LocalDate, sentAt: InstantMs, counting: DayCounting = 'calendar'): number {
  const today = localDateOf(sentAt);
  return counting === 'working' ? workingDaysBetween(due, today, vietnamHolidayCalendar) : calendarDaysBetween(due, today);
}

/** "còn 7 ngày" / "quá hạn 823 ngày làm việc": the distance to the deadline in words. */
export function distanceWords(days: number, counting: DayCounting): { vi: string; en: string } {
  const n = Math.abs(days);
  const unitVi = counting === 'working' ? 'ngày làm việc' : 'ngày';
  const unitEn = counting === 'working' ? (n === 1 ? 'working day' : 'working days') : n === 1 ? 'day' : 'days';
  if (days < 0) return { vi: `còn ${n} ${unitVi} đến hạn`, en: `${n} ${unitEn} to the deadline` };
  if (days === 0) return { vi: 'hôm nay là hạn chót', en: 'today is the deadline' };
  return { vi: `quá hạn ${n} ${unitVi}`, en: `${n} ${unitEn} overdue` };
}

const OFFICE: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_office', province: 'provincial_office' };
const SPECIALIST: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_specialist', province: 'provincial_specialist' };
const CHAIR: Record<LevelName, Role> = { commune: 'commune_official', district: 'district_chair', province: 'provincial_chair' };

/** Stages whose work is the owning departments' review (their specialists hear the reminders too). */
const REVIEW_STAGES: ReadonlySet<PlanStage> = new Set(['district.review', 'province.appraise', 'village.recognise']);

/**
 * The level responsible for a plan stage in this dossier: the submission stages are the commune's (the
 * submitting unit's); the district stages the district's; the provincial appraisal the province's; a
 * village's recognition the deciding level's. A pipeline without that level (two-tier) → the deciding level.
 */
export function responsibleLevel(stage: PlanStage, state: DossierState): { level: LevelName; spec?: LevelSpec } {
  if (stage.endsWith('.submit')) return { level: 'commune' };
  const levels = state.context.input.levels;
  const deciding = levels[levels.length - 1]!;
  const wanted: LevelName | undefined = stage.startsWith('district.') ? 'district' : stage.startsWith('province.') ? 'province' : undefined;
  const spec = (wanted && levels.find((l) => l.level === wanted)) || deciding;
  return { level: spec.level, spec };
}

/**
 * Who hears a deadline's reminder: the responsible level (a district-level deadline goes to the district
 * office and, for a review stage, the departments that own criteria there — still open ones while the
 * level reviews — never to the commune); for an escalation, first the office of the level above (or the
 * chair of the deciding level). Nobody when the stage is done (the caller checks) — never an empty office.
 */
export function deadlineRecipients(state: DossierState, stage: PlanStage, escalation: boolean): NoticeRecipient[] {
  const ctx = state.context;
  const { level, spec } = responsibleLevel(stage, state);
  const out: NoticeRecipient[] = [];
  const levels = ctx.input.levels;
  if (escalation) {
    if (!spec) out.push({ role: OFFICE[levels[0]!.level], unitCode: levels[0]!.unitCode });
    else {
      const i = levels.indexOf(spec);
      const above = levels[i + 1];
      out.push(above ? { role: OFFICE[above.level], unitCode: above.unitCode } : { role: CHAIR[spec.level], unitCode: spec.unitCode });
    }
  }
  if (!spec) {
    out.push({ role: 'commune_official', unitCode: ctx.input.submitterUnitCode ?? ctx.input.unitCode });
    return out;
  }
  out.push({ role: OFFICE[level], unitCode: spec.unitCode });
  // A level the dossier has not reached yet: its office hears of the deadline, its departments do not —
  // nothing is in their hands to review (the reminder says where the dossier is).
  if (REVIEW_STAGES.has(stage) && spec.reviewers.length > 0 && levelReached(state, spec)) {
    const here = levels.indexOf(spec) === ctx.levelIndex;
    const open = spec.reviewers.filter((s) => !here || ctx.reviews[`${s.criterion}|${s.department}`] === undefined);
    const departments = [...new Set((open.length > 0 ? open : spec.reviewers).map((s) => s.department))];
    for (const department of departments) out.push({ role: SPECIALIST[level], unitCode: spec.unitCode, department });
  }
  return out;
}

/**
 * Whether the dossier has reached `spec`'s level: it has left the commune (submitted, not returned) and
 * the level under review is this one or one above it.
 */
export function levelReached(state: DossierState, spec: LevelSpec): boolean {
  if (atCommune(state.value)) return false;
  return state.context.input.levels.indexOf(spec) <= state.context.levelIndex;
}

/** A level as people read it: "cấp huyện (Tuần Giáo)" / "the district level (Tuần Giáo)". */
export function levelWords(l: LevelSpec): { vi: string; en: string } {
  const vi = l.level === 'district' ? 'cấp huyện' : l.level === 'province' ? 'cấp tỉnh' : 'cấp xã';
  return { vi: `${vi} (${nameOf(l.unitName)})`, en: `the ${l.level} level (${nameOf(l.unitName)})` };
}

/** A department by its name ("Phòng Kinh tế và Hạ tầng"), its code only when unknown. */
export function departmentName(code: string): string {
  return findDepartment(code)?.nameVi ?? code;
}

/** A unit as people read it: its name, or — for an older dossier that carries none — "(chưa rõ tên)". */
export function nameOf(name: string | undefined): string {
  return name ?? '(chưa rõ tên đơn vị)';
}

/** The dossier as people read it: "Xã đạt chuẩn nông thôn mới — Quài Cang — năm 2024". */
export function dossierLabel(state: DossierState): { vi: string; en: string } {
  const input = state.context.input;
  const title = getTitleDefinition(input.title);
  const titleVi = title.ok ? title.value.nameVi : input.title;
  const titleEn = title.ok ? title.value.nameEn : input.title;
  const product = input.product ? ` — ${input.product.name}` : '';
  const unit = nameOf(input.unitName);
  return { vi: `${titleVi} — ${unit}${product} — năm ${input.planYear}`, en: `${titleEn} — ${unit}${product} — ${input.planYear}` };
}

/** The names of the recipients' places: "Phòng Kinh tế và Hạ tầng (Tuần Giáo)". */
export function recipientNames(state: DossierState, recipients: readonly NoticeRecipient[]): string[] {
  const input = state.context.input;
  const unitNames = new Map<string, string | undefined>([[input.unitCode, input.unitName]]);
  if (input.submitterUnitCode) unitNames.set(input.submitterUnitCode, input.submitterUnitName ?? input.unitName);
  for (const l of input.levels) unitNames.set(l.unitCode, l.unitName);
  return recipients.map((r) => {
    const unit = nameOf(unitNames.get(r.unitCode));
    return r.department ? `${departmentName(r.department)} (${unit})` : `${ROLE_NAMES[r.role] ?? r.role} ${unit}`;
  });
}

export const ROLE_NAMES: Partial<Record<Role, string>> = {
  commune_official: 'UBND xã',
  district_office: 'Văn phòng Điều phối NTM huyện',
  district_chair: 'Chủ tịch UBND huyện',
  district_specialist: 'Phòng chuyên môn huyện',
  provincial_office: 'Văn phòng Điều phối NTM tỉnh',
  provincial_chair: 'Chủ tịch UBND tỉnh',
  provincial_specialist: 'Sở, ngành tỉnh',
  council_member: 'Thành viên Hội đồng thẩm định',
};
