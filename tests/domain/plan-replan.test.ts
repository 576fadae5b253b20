/** Issue 14, pure: what a plan change means to a running dossier (domain/plan/replan.ts). */
import { endOfDay, type LocalDate } from '../../domain/calendar';
import { applyEvent, dossierDeadlines, startDossier } from '../../domain/dossier';
import { deadlineChanges, describeChange, pointsAfterReplan, replannedDeadlines, replanRefusal } from '../../domain/plan';
import { actors, ev, smallInput } from '../support/dossier-fixtures';
import { shiftedPlan } from '../support/plans';

const plan = shiftedPlan(2027);
const extended = structuredClone(plan);
extended.deadlines[0]!.due = '2027-09-30' as never;
const before = dossierDeadlines(plan, 'commune.dat-chuan');
const after = dossierDeadlines(extended, 'commune.dat-chuan');
const state = (() => {
  const s = startDossier(smallInput());
  if (!s.ok) throw new Error(s.error.messageEn);
  return s.value;
})();

it('names only the deadlines that moved, with their dates', () => {
  expect(deadlineChanges(before, after)).toEqual([
    {
      deadlineId: 'commune-dossier',
      descriptionVi: before[0]!.descriptionVi,
      stage: 'commune.submit',
      from: '2027-08-31',
      to: '2027-09-30',
      scheduleChanged: true,
    },
  ]);
  expect(deadlineChanges(before, before)).toEqual([]);
  const next = replannedDeadlines(before, after);
  expect(next[0]).toMatchObject({ id: 'commune-dossier', due: '2027-09-30', revision: 1 });
  expect(next.slice(1)).toEqual(before.slice(1));
  expect(replannedDeadlines(next, dossierDeadlines(shiftedPlan(2027), 'commune.dat-chuan'))[0]).toMatchObject({ due: '2027-08-31', revision: 2 });
});

it('after a change only the points still ahead are kept; the expiry only if not already late', () => {
  const d = after[0]!;
  const now = Date.parse('2027-09-20T12:00:00+07:00');
  const pts = pointsAfterReplan(d, now, false);
  expect(pts.every((p) => p.at > now)).toBe(true);
  expect(pts.filter((p) => p.kind === 'reminder').map((p) => (p.kind === 'reminder' ? p.point.key : ''))[0]).toBe('before-7');
  expect(pts.some((p) => p.kind === 'expiry')).toBe(true);
  expect(pointsAfterReplan(d, now, true).some((p) => p.kind === 'expiry')).toBe(false);
});

it('refuses a finished dossier, and a running stage moved to a day already over, naming the field', () => {
  expect(replanRefusal(state, true, before, after, Date.parse('2027-08-20T00:00:00+07:00'))).toMatchObject({
    code: 'PLAN.DOSSIER_FINISHED',
    path: 'deadlines',
  });
  const past = structuredClone(plan);
  past.deadlines[0]!.due = '2027-08-10' as never;
  const refusal = replanRefusal(state, false, before, dossierDeadlines(past, 'commune.dat-chuan'), endOfDay('2027-08-20' as LocalDate));
  expect(refusal).toMatchObject({ code: 'PLAN.DEADLINE_IN_PAST', path: 'deadlines.0.due' });
  expect(refusal!.messageVi).toContain('10/08/2027');
  expect(replanRefusal(state, false, before, after, endOfDay('2027-08-20' as LocalDate))).toBeNull();
});

it('the machine records deadline.changed in every open stage and counts it as an event', () => {
  const changes = deadlineChanges(before, after);
  const r = applyEvent(state, ev({ type: 'deadline.changed', changes, comment: describeChange(changes, 'Gia hạn') }, actors.districtOffice));
  expect(r.ok).toBe(true);
  if (r.ok) expect(r.value.context.seq).toBe(state.context.seq + 1);
  expect(describeChange(changes, 'Gia hạn')).toContain('31/08/2027 → 30/09/2027');
});
