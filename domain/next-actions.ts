/**
 * "What I must do next" (issue 14): for one person, the dossiers in their scope that wait for them, what
 * to do in words, by when, and on what basis that date stands.
 *
 * Who must act is the dossier's own answer (`awaitedActions`), kept to the person's grants by the access
 * rules (`resolveActor`, deny by default — a reviewer only for the criteria of their department). The due
 * date is the earlier of:
 *  - the plan's next open deadline (the first step of the plan year not yet done for the dossier's title),
 *    whose basis is the plan letter and the step as the plan words it;
 *  - the level's review clock (`dossierReviewClock`: working days from receipt, weekends, holidays and Tết
 *    excluded, the days the dossier was back at the commune not counted), whose basis is the time limit
 *    and where it comes from (or that no legal source was found and the plan's placeholder is used).
 * While a dossier is back at the commune the review clock stands still: the commune's item says so, with
 * the working days the reviewers have left. Days are counted in working days up to and including `today`.
 *
 * Pure: the clock comes in as `today` / `now`, the calendar and the plans as data.
 */
import { COMMAND_ACTIONS, resolveActor, type AccessAction, type Principal } from './access';
import {
  deadlinesFor,
  dossierReviewClock,
  formatVnDate,
  reviewStageFor,
  workingDaysBetween,
  type HolidayCalendar,
  type LocalDate,
  type PlanTitle,
  type PlanYear,
} from './calendar';
import { findDepartment } from './departments';
import { accessView, atCommune, awaitedActions, stageDone, statusOf, type AwaitedAction, type DossierState } from './dossier';
import { TITLE_DEFINITIONS } from './titles';

export interface NextActionDossier {
  id: string;
  /** The unit's name as people read it ("Xã Quài Cang"). */
  unitName: string;
  state: DossierState;
  /** The plan year governing the dossier's unit, if there is one. */
  plan?: PlanYear | undefined;
}

export interface NextActionsInput {
  principal: Principal;
  dossiers: readonly NextActionDossier[];
  /** Today in Vietnam (the day counted as the last one passed). */
  today: LocalDate;
  /** The current instant, ISO (grants and delegations are valid at an instant). */
  now: string;
  calendar: HolidayCalendar;
}

export type Countdown = 'ahead' | 'today' | 'overdue' | 'none';

export interface NextAction {
  dossierId: string;
  unitName: string;
  title: string;
  titleVi: string;
  planYear: number;
  /** The awaited command (`commune.submitted`, `criterion.reviewed`, `level.decided`…). */
  action: AwaitedAction['action'];
  actionVi: string;
  actionEn: string;
  /** For a review: the person's department and its criteria still open here; for a supplement: the criteria sent back. */
  department?: string;
  criteria?: string[];
  due?: LocalDate;
  /** dd/mm/yyyy */
  dueVi?: string;
  countdown: Countdown;
  /** Working days left (ahead) or past (overdue); 0 on the due day. */
  workingDays?: number;
  countdownVi: string;
  countdownEn: string;
  basis?: { kind: 'plan' | 'review-limit'; vi: string; en: string };
  /** The review clock stands still while the dossier is back at the commune. */
  suspended?: { since: LocalDate; sinceVi: string; remainingWorkingDays: number; vi: string; en: string };
}

interface Candidate {
  due: LocalDate;
  basis: NonNullable<NextAction['basis']>;
}

const titleVi = (id: string): string => TITLE_DEFINITIONS.find((t) => t.id === id)?.nameVi ?? id;

/** The level's review in words: a district thẩm tra, a province thẩm định. */
function actionWords(a: AwaitedAction, level: string, department: string | undefined, levelName: string): { vi: string; en: string } {
  const dept = department ? findDepartment(department) : undefined;
  const review = level === 'district' ? { vi: 'Thẩm tra', en: 'Review' } : { vi: 'Thẩm định', en: 'Appraise' };
  switch (a.action) {
    case 'commune.submitted':
      return { vi: 'Tự đánh giá và trình hồ sơ', en: 'Self-assess and submit the dossier' };
    case 'commune.resubmitted':
      return { vi: 'Bổ sung hồ sơ theo yêu cầu', en: 'Supplement the dossier as asked' };
    case 'criterion.reviewed':
      return {
        vi: `${review.vi} các tiêu chí của ${dept?.nameVi ?? 'đơn vị mình'}`,
        en: `${review.en} the criteria of ${dept?.nameEn ?? 'your department'}`,
      };
    case 'level.returned':
      return { vi: 'Trả hồ sơ để xã bổ sung', en: 'Return the dossier for supplementation' };
    case 'level.approved':
      return { vi: `Thông qua kết quả ${review.vi.toLowerCase()} của ${levelName}`, en: `Approve the ${review.en.toLowerCase()} at ${levelName}` };
    case 'council.voted':
      return { vi: 'Trình Hội đồng', en: 'Put the dossier to the council' };
    case 'level.forwarded':
      return { vi: 'Trình hồ sơ lên cấp trên', en: 'Forward the dossier to the level above' };
    case 'decision.drafted':
      return { vi: 'Dự thảo quyết định', en: 'Draft the decision' };
    case 'level.decided':
      return { vi: 'Ký quyết định', en: 'Sign the decision' };
    case 'recognition.revoked':
      return { vi: 'Xem xét thu hồi quyết định công nhận', en: 'Consider revoking the recognition' };
    default:
      return { vi: a.action, en: a.action };
  }
}

/** The plan's next open step for the dossier's title, with its basis in words. */
function planCandidate(d: NextActionDossier): Candidate | undefined {
  const plan = d.plan;
  const title = d.state.context.input.title;
  if (!plan || title === 'district.dat-chuan') return undefined;
  const step = deadlinesFor(plan, title as PlanTitle).find((x) => !stageDone(x.stage, d.state));
  if (!step) return undefined;
  const letter = plan.sourceNote ?? `Kế hoạch năm ${plan.year} của ${plan.unitName}`;
  return {
    due: step.due,
    basis: {
      kind: 'plan',
      vi: `${letter} — bước "${step.descriptionVi}", hạn ${formatVnDate(step.due)} (${step.sourceNote})`,
      en: `${plan.unitName}'s plan for ${plan.year} — step "${step.descriptionVi}", due ${formatVnDate(step.due)} (${step.sourceNote})`,
    },
  };
}

/** The level's review clock, while its review stage is not done yet. */
function clockView(d: NextActionDossier, today: LocalDate, cal: HolidayCalendar) {
  const { state, plan } = d;
  if (!plan) return undefined;
  const stage = reviewStageFor(state.context.clock.level, state.context.input.title);
  if (!stage || stageDone(stage, state)) return undefined;
  const r = dossierReviewClock(state.context.clock, state.context.input.title, plan.reviewDays, today, cal);
  return r.ok ? r.value : undefined;
}

function clockCandidate(view: NonNullable<ReturnType<typeof clockView>>, plan: PlanYear): Candidate | undefined {
  if (!view.due) return undefined;
  const limit = plan.reviewDays.find((l) => l.stage === view.stage);
  const paused = view.stops.length > 0;
  const source = view.sourced
    ? { vi: limit?.note ?? '', en: limit?.note ?? '' }
    : {
        vi: 'chưa tìm thấy thời hạn luật định trong nguồn, dùng giá trị tạm của kế hoạch',
        en: "no legal time limit found in a source: the plan's placeholder",
      };
  return {
    due: view.due,
    basis: {
      kind: 'review-limit',
      vi: `Thời hạn ${view.workingDays} ngày làm việc kể từ ngày nhận hồ sơ ${formatVnDate(view.startedOn)}${paused ? ', không tính những ngày hồ sơ trả lại xã' : ''} — ${source.vi}`,
      en: `${view.workingDays} working days from receipt on ${formatVnDate(view.startedOn)}${paused ? ', the days the dossier was back at the commune not counted' : ''} — ${source.en}`,
    },
  };
}

function countdownOf(
  due: LocalDate | undefined,
  today: LocalDate,
  cal: HolidayCalendar,
): Pick<NextAction, 'countdown' | 'workingDays' | 'countdownVi' | 'countdownEn'> {
  if (!due) return { countdown: 'none', countdownVi: 'không có hạn', countdownEn: 'no deadline' };
  if (due === today) return { countdown: 'today', workingDays: 0, countdownVi: 'hạn hôm nay', countdownEn: 'due today' };
  if (due > today) {
    const n = workingDaysBetween(today, due, cal);
    return { countdown: 'ahead', workingDays: n, countdownVi: `còn ${n} ngày làm việc`, countdownEn: `${n} working days left` };
  }
  const n = workingDaysBetween(due, today, cal);
  return n === 0
    ? { countdown: 'overdue', workingDays: 0, countdownVi: `đã quá hạn ${formatVnDate(due)}`, countdownEn: `past its due date ${formatVnDate(due)}` }
    : { countdown: 'overdue', workingDays: n, countdownVi: `quá hạn ${n} ngày làm việc`, countdownEn: `${n} working days overdue` };
}

/** What this person must do next, most urgent first (overdue, then soonest due, then those without a date). */
export function nextActions(input: NextActionsInput): NextAction[] {
  const { principal, today, now, calendar: cal } = input;
  const out: NextAction[] = [];
  for (const d of input.dossiers) {
    const state = d.state;
    const status = statusOf(state);
    const view = accessView(state);
    const seen = new Set<string>();
    for (const a of awaitedActions(state)) {
      if (!(COMMAND_ACTIONS as readonly string[]).includes(a.action)) continue;
      const action = a.action as AccessAction;
      let department: string | undefined;
      let criteria: string[] | undefined;
      if (a.action === 'criterion.reviewed') {
        const mine = status.pendingReviews.filter((slot) => {
          if (slot.department !== a.department) return false;
          const actor = resolveActor(principal, { action, at: now, dossier: view, criterion: slot.criterion });
          return actor.ok && actor.value.department === slot.department;
        });
        if (mine.length === 0) continue;
        department = a.department;
        criteria = [...new Set(mine.map((s) => s.criterion))];
      } else if (!resolveActor(principal, { action, at: now, dossier: view }).ok) {
        continue;
      } else if (a.action === 'commune.resubmitted' && status.lastReturn) {
        // What to supplement: the criteria the level sent back.
        criteria = [...new Set(status.lastReturn.reasons.map((r) => r.criterion))];
      }
      const key = `${a.action}|${department ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);

      const levelSpec = state.context.input.levels[state.context.levelIndex];
      const levelName = levelSpec?.unitName ?? (status.level === 'district' ? 'cấp huyện' : 'cấp tỉnh');
      const words = actionWords(a, status.level, department, levelName);
      const clock = clockView(d, today, cal);
      const candidates = [planCandidate(d), clock && d.plan && !atCommune(state.value) ? clockCandidate(clock, d.plan) : undefined].filter(
        (c): c is Candidate => c !== undefined,
      );
      const chosen = candidates.sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : 0))[0];
      const suspended =
        clock?.suspended && clock.stops.at(-1)
          ? (() => {
              const since = clock.stops.at(-1)!.from;
              return {
                since,
                sinceVi: formatVnDate(since),
                remainingWorkingDays: clock.remainingWorkingDays,
                vi: `Thời hạn thẩm định tạm dừng từ ${formatVnDate(since)} khi hồ sơ trả lại xã (còn ${clock.remainingWorkingDays} ngày làm việc khi nộp lại)`,
                en: `The review clock stands still since ${formatVnDate(since)}, the dossier being back at the commune (${clock.remainingWorkingDays} working days left on resubmission)`,
              };
            })()
          : undefined;
      out.push({
        dossierId: d.id,
        unitName: d.unitName,
        title: state.context.input.title,
        titleVi: titleVi(state.context.input.title),
        planYear: state.context.input.planYear,
        action: a.action,
        actionVi: words.vi,
        actionEn: words.en,
        ...(department ? { department } : {}),
        ...(criteria ? { criteria } : {}),
        ...(chosen ? { due: chosen.due, dueVi: formatVnDate(chosen.due), basis: chosen.basis } : {}),
        ...countdownOf(chosen?.due, today, cal),
        ...(suspended ? { suspended } : {}),
      });
    }
  }
  const rank = (x: NextAction) => (x.countdown === 'overdue' ? 0 : x.countdown === 'none' ? 2 : 1);
  return out.sort(
    (x, y) => rank(x) - rank(y) || (x.due && y.due && x.due !== y.due ? (x.due < y.due ? -1 : 1) : 0) || x.unitName.localeCompare(y.unitName, 'vi'),
  );
}
