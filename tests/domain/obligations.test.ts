import { formatVnDateTime, instantAt, localDate, type LocalDate } from '../../domain/calendar';
import type { DomainError } from '../../domain/errors';
import {
  applyPeriodTaskEvent,
  checkSubmission,
  dueDateFor,
  escalationDue,
  findPeriod,
  findSeededObligation,
  inWorld,
  isOverdue,
  loadObligation,
  nextPeriodDue,
  openPeriodTask,
  parsePeriodKey,
  periodsBetween,
  replayPeriodTask,
  SEEDED_OBLIGATION_INPUTS,
  SEEDED_OBLIGATIONS,
  validateObligation,
  type Obligation,
  type ObligationInput,
  type PeriodTask,
} from '../../domain/obligations';

const d = localDate;
const at = (date: string, time = '10:00') => instantAt(d(date), time);

function seeded(id: string): Obligation {
  const o = findSeededObligation(id);
  if (!o) throw new Error(`no seeded obligation ${id}`);
  return o;
}
const results = seeded('tam-duong.criteria-results');
const planning = seeded('tam-duong.planning-progress');

const base: ObligationInput = {
  id: 'test.monthly',
  ownerUnitCode: 'dien-bien/tuan-giao',
  titleVi: 'Báo cáo tháng',
  titleEn: 'Monthly report',
  contentVi: 'Tiến độ',
  reporter: { kind: 'units', level: 'commune', within: 'dien-bien/tuan-giao' },
  receiver: { kind: 'departments', codes: ['NN_PTNT'], unitCode: 'dien-bien/tuan-giao' },
  cadences: [{ period: 'month', due: { kind: 'day-of-month', day: 31, sourced: false }, opens: { anchor: 'period-start' } }],
  validFrom: '2026-01-01',
  pipelines: ['commune-district-province'],
  source: { document: 'test', quote: 'test', reading: 'verbatim' },
};

function faults(r: ReturnType<typeof validateObligation>): DomainError[] {
  if (r.ok) throw new Error('expected a refusal');
  return (r.error.details?.faults as DomainError[] | undefined) ?? [r.error];
}
function mustLoad(input: ObligationInput): Obligation {
  const r = loadObligation(input);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value.obligation;
}

describe('obligations as data: validation', () => {
  it('seeds the obligations of seeds 001 and 002, each with a quoted source and the world it lives in', () => {
    expect(SEEDED_OBLIGATIONS.map((o) => o.id)).toEqual([
      'tam-duong.criteria-results',
      'tam-duong.planning-progress',
      'tam-duong.commune-reviews',
      'tuan-giao.2024.issues',
    ]);
    for (const o of SEEDED_OBLIGATIONS) {
      expect(o.source.quote.length).toBeGreaterThan(40);
      expect(o.pipelines).toEqual(['commune-district-province']);
    }
    expect(results.source.quote).toContain('định kỳ hàng quý, 6 tháng, 9 tháng và năm');
    expect(results.cadences.map((c) => c.period)).toEqual(['quarter', 'half-year', 'nine-months', 'year']);
    expect(results.adHoc).toBe(true); // "đột xuất và định kỳ"
    expect(planning.source.quote).toContain('trước ngày 30 hàng tháng');
    expect(seeded('tam-duong.commune-reviews').source.reading).toBe('interpreted');
    expect(seeded('tuan-giao.2024.issues').cadences).toEqual([]);
  });

  it('warns, bilingually, that a monthly due day 31 (or 30) becomes the last day of shorter months', () => {
    const r = validateObligation(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.warnings).toHaveLength(1);
    expect(r.value.warnings[0]).toMatchObject({ code: 'OBLIGATION.DUE_DAY_CLAMPED', path: 'cadences.0.due.day' });
    expect(r.value.warnings[0]!.messageVi).toContain('tháng 2 và các tháng 30 ngày');
    expect(r.value.warnings[0]!.messageEn).toContain(
      "February and the 30-day months (April, June, September, November): the due date is the month's last day".split(':')[0],
    );
    const seededWarn = validateObligation(SEEDED_OBLIGATION_INPUTS[1]);
    expect(seededWarn.ok && seededWarn.value.warnings.map((w) => w.code)).toEqual(['OBLIGATION.DUE_DAY_CLAMPED']);
  });

  it.each([0, 32, -1])('refuses due day %d with a coded, bilingual error at its path', (day) => {
    const f = faults(validateObligation({ ...base, cadences: [{ period: 'month', due: { kind: 'day-of-month', day, sourced: false } }] }));
    expect(f[0]).toMatchObject({ code: 'OBLIGATION.DUE_DAY_OUT_OF_RANGE', path: 'cadences.0.due.day' });
    expect(f[0]!.messageVi).toContain(`ngày ${day}`);
    expect(f[0]!.messageEn).toContain(`${day}`);
  });

  it('refuses an obligation with no receiver', () => {
    const { receiver: _omit, ...noReceiver } = base;
    const f = faults(validateObligation(noReceiver));
    expect(f[0]).toMatchObject({ code: 'OBLIGATION.NO_RECEIVER', path: 'receiver' });
    expect(f[0]!.messageVi).toContain('nơi nhận');
    expect(faults(validateObligation({ ...base, receiver: null }))[0]).toMatchObject({ code: 'OBLIGATION.NO_RECEIVER', path: 'receiver' });
    // A malformed receiver is a shape error, not a missing one.
    expect(faults(validateObligation({ ...base, receiver: { kind: 'office' } }))[0]).toMatchObject({ code: 'OBLIGATION.INVALID', path: 'receiver.kind' });
  });

  it('refuses validTo before validFrom, and collects every fault with its path', () => {
    const { receiver: _omit, ...noReceiver } = base;
    const f = faults(
      validateObligation({ ...noReceiver, validTo: '2025-12-31', cadences: [{ period: 'month', due: { kind: 'day-of-month', day: 0, sourced: false } }] }),
    );
    expect(f.map((x) => [x.code, x.path])).toEqual([
      ['OBLIGATION.NO_RECEIVER', 'receiver'],
      ['OBLIGATION.DUE_DAY_OUT_OF_RANGE', 'cadences.0.due.day'],
      ['OBLIGATION.VALID_TO_BEFORE_FROM', 'validTo'],
    ]);
    expect(f[2]!.messageVi).toContain('31/12/2025');
  });

  it('refuses district parties in the two-tier world, duplicate cadences, no cadence and shape errors', () => {
    expect(faults(validateObligation({ ...base, pipelines: ['commune-province'] }))[0]).toMatchObject({
      code: 'OBLIGATION.DISTRICT_IN_TWO_TIER',
      path: 'receiver',
    });
    const dup = { period: 'quarter' as const, due: { kind: 'working-days-after-end' as const, days: 5, sourced: false } };
    expect(faults(validateObligation({ ...base, cadences: [dup, dup] }))[0]).toMatchObject({ code: 'OBLIGATION.DUPLICATE_CADENCE', path: 'cadences.1.period' });
    expect(faults(validateObligation({ ...base, cadences: [] }))[0]).toMatchObject({ code: 'OBLIGATION.NO_CADENCE' });
    expect(validateObligation({ ...base, cadences: [], adHoc: true }).ok).toBe(true);
    expect(faults(validateObligation({ ...base, validFrom: '2026-02-30' }))[0]).toMatchObject({ code: 'OBLIGATION.INVALID', path: 'validFrom' });
    expect(faults(validateObligation({ ...base, receiver: base.reporter }))[0]).toMatchObject({ code: 'OBLIGATION.SELF_REPORT' });
  });

  it('accepts a two-tier obligation (communes → provincial office) and tells the worlds apart', () => {
    const twoTier = mustLoad({
      ...base,
      id: 'test.two-tier',
      reporter: { kind: 'units', level: 'commune', within: 'dien-bien' },
      receiver: { kind: 'role', role: 'provincial_office', unitCode: 'dien-bien', labelVi: 'VPĐP NTM tỉnh', labelEn: 'Provincial coordination office' },
      pipelines: ['commune-province'],
    });
    expect(inWorld(twoTier, 'commune-province')).toBe(true);
    expect(inWorld(twoTier, 'commune-district-province')).toBe(false);
    expect(SEEDED_OBLIGATIONS.filter((o) => inWorld(o, 'commune-province'))).toEqual([]);
  });

  it('refuses a period that would open after it is due', () => {
    const r = loadObligation({
      ...base,
      cadences: [{ period: 'month', due: { kind: 'day-of-month', day: 30, sourced: true }, opens: { anchor: 'period-end' } }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'OBLIGATION.OPENS_AFTER_DUE', path: 'cadences.0.opens' });
    expect(r.error.messageEn).toContain('2023-01');
  });
});

describe('periods', () => {
  it('names periods 2026-03, 2026-Q1, 2026-H1, 2026-9M, 2026-Y and refuses other keys', () => {
    expect(parsePeriodKey('2026-03')).toEqual({ year: 2026, kind: 'month', start: '2026-03-01', end: '2026-03-31' });
    expect(parsePeriodKey('2026-Q1')).toMatchObject({ kind: 'quarter', start: '2026-01-01', end: '2026-03-31' });
    expect(parsePeriodKey('2024-H1')).toMatchObject({ kind: 'half-year', start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriodKey('2026-9M')).toMatchObject({ kind: 'nine-months', start: '2026-01-01', end: '2026-09-30' });
    expect(parsePeriodKey('2026-Y')).toMatchObject({ kind: 'year', start: '2026-01-01', end: '2026-12-31' });
    for (const bad of ['2026-13', '2026-Q5', '2026-H2', '26-Y', '2026-00', '']) expect(parsePeriodKey(bad)).toBeUndefined();
  });

  it('lists a year of "hàng quý, 6 tháng, 9 tháng và năm" as four reports: coinciding periods merge', () => {
    const ps = periodsBetween(results, d('2024-01-01'), d('2024-12-31'));
    expect(ps.map((p) => [p.key, p.start, p.end, p.covers])).toEqual([
      ['2024-Q1', '2024-01-01', '2024-03-31', []],
      ['2024-H1', '2024-01-01', '2024-06-30', ['2024-Q2']],
      ['2024-9M', '2024-01-01', '2024-09-30', ['2024-Q3']],
      ['2024-Y', '2024-01-01', '2024-12-31', ['2024-Q4']],
    ]);
    const separate = periodsBetween({ ...results, coinciding: 'separate' }, d('2024-01-01'), d('2024-12-31'));
    expect(separate.map((p) => p.key)).toEqual(['2024-Q1', '2024-Q2', '2024-H1', '2024-Q3', '2024-9M', '2024-Q4', '2024-Y']);
  });

  it('counts working days after the period end, skipping weekends, holidays and Tết', () => {
    const ps = periodsBetween(results, d('2024-01-01'), d('2024-12-31'));
    // Q1 ends Sun 31/03/2024 → Mon 1 … Fri 5/4 is the 5th working day.
    expect(ps[0]!.due).toBe('2024-04-05');
    // 6 months end Sun 30/06 → 1-5/7.
    expect(ps[1]!.due).toBe('2024-07-05');
    // 9 months end Mon 30/09 → 1-4/10 and Mon 7/10.
    expect(ps[2]!.due).toBe('2024-10-07');
    // The year ends Tue 31/12/2024: 1/1/2025 is a holiday → 2, 3, 6, 7, 8/1/2025.
    expect(ps[3]!.due).toBe('2025-01-08');
    expect(ps[3]!.dueNoteVi).toContain('5 ngày làm việc sau ngày cuối kỳ 31/12/2024');
    // Tết: a rule of 5 working days after 24/01/2025 skips Tết 25/01-02/02/2025 entirely.
    expect(dueDateFor(d('2025-01-24'), { kind: 'working-days-after-end', days: 5, sourced: false })).toMatchObject({ due: '2025-02-07' });
  });

  it('due "trước ngày 30 hàng tháng": the 30th, or the last day of February, Vietnam time', () => {
    const ps = periodsBetween(planning, d('2024-01-01'), d('2024-04-30'));
    expect(ps.map((p) => [p.key, p.opens, p.due])).toEqual([
      ['2024-01', '2024-01-01', '2024-01-30'],
      ['2024-02', '2024-02-01', '2024-02-29'],
      ['2024-03', '2024-03-01', '2024-03-30'],
      ['2024-04', '2024-04-01', '2024-04-30'],
    ]);
    expect(ps[1]!.dueNoteVi).toBe('ngày 30 tháng cuối kỳ (tháng 2/2024 có 29 ngày → 29/02/2024)');
    expect(formatVnDateTime(ps[0]!.dueAt)).toBe('30/01/2024 23:59');
    expect(ps[0]!.dueAt).toBe(Date.UTC(2024, 0, 30, 16, 59, 59, 999));
    expect(periodsBetween(planning, d('2025-02-01'), d('2025-02-28'))[0]!.due).toBe('2025-02-28');
  });

  it('shifts a calendar due date off a weekend or holiday only when the rule says so', () => {
    // 30/03/2024 is a Saturday.
    expect(dueDateFor(d('2024-03-31'), { kind: 'day-of-month', day: 30, month: 'period-last', offDay: 'keep', sourced: true }).due).toBe('2024-03-30');
    expect(dueDateFor(d('2024-03-31'), { kind: 'day-of-month', day: 30, month: 'period-last', offDay: 'previous-working-day', sourced: true }).due).toBe(
      '2024-03-29',
    );
    // Day 10 of the month after the year: 10/02/2024 is Tết (mùng 1) → next working day Thu 15/02.
    expect(dueDateFor(d('2023-12-31'), { kind: 'day-of-month', day: 10, month: 'next', offDay: 'next-working-day', sourced: true }).due).toBe('2024-01-10');
    expect(dueDateFor(d('2024-01-31'), { kind: 'day-of-month', day: 10, month: 'next', offDay: 'next-working-day', sourced: true }).due).toBe('2024-02-15');
  });

  it('gives each period its reminder points (08:00 Vietnam time) and the escalation instant', () => {
    const q1 = periodsBetween(results, d('2024-01-01'), d('2024-03-31'))[0]!;
    const keyed = q1.reminders.map((r) => [r.key, r.date]);
    // Due Fri 5/4: 7 days before = Fri 29/3; 3 before = Tue 2/4; 1 before = Thu 4/4.
    expect(keyed.slice(0, 4)).toEqual([
      ['before-7', '2024-03-29'],
      ['before-3', '2024-04-02'],
      ['before-1', '2024-04-04'],
      ['due', '2024-04-05'],
    ]);
    expect(q1.reminders[0]!.at).toBe(instantAt(d('2024-03-29'), '08:00'));
    // Escalation 5 days after 5/4 = Wed 10/4, 08:00.
    expect(q1.escalationAt).toBe(instantAt(d('2024-04-10'), '08:00'));
    expect(q1.reminders.filter((r) => r.kind === 'overdue')).toHaveLength(5);
    expect(periodsBetween(planning, d('2024-01-01'), d('2024-01-31'))[0]!.escalationAt).toBeNull();
  });

  it('owes only periods that end while the obligation is in force', () => {
    // Valid from 06/04/2023: the first report owed is the 6-month one; Q1 2023 is not.
    expect(periodsBetween(results, d('2023-01-01'), d('2023-06-30')).map((p) => p.key)).toEqual(['2023-H1']);
    expect(periodsBetween(results, d('2025-10-01'), d('2026-12-31')).map((p) => p.key)).toEqual(['2025-Y']);
    expect(periodsBetween(results, d('2024-12-31'), d('2024-01-01'))).toEqual([]);
  });

  it('resolves a covered key to its report and refuses unknown or unowed periods', () => {
    const r = findPeriod(results, '2024-Q2');
    expect(r.ok && r.value.key).toBe('2024-H1');
    const monthly = findPeriod(results, '2024-05');
    expect(!monthly.ok && monthly.error.code).toBe('OBLIGATION.UNKNOWN_PERIOD');
    const bad = findPeriod(results, 'Q2/2024');
    expect(!bad.ok && bad.error).toMatchObject({ code: 'OBLIGATION.UNKNOWN_PERIOD', path: 'periodKey' });
    const early = findPeriod(results, '2023-Q1');
    expect(!early.ok && early.error.code).toBe('OBLIGATION.PERIOD_NOT_OWED');
    expect(!early.ok && early.error.messageVi).toContain('06/04/2023');
  });

  it('finds the next due period for a scheduler', () => {
    expect(nextPeriodDue(results, d('2024-04-06'))?.key).toBe('2024-H1');
    expect(nextPeriodDue(results, d('2024-04-05'))?.key).toBe('2024-Q1');
    expect(nextPeriodDue(results, d('2026-02-01'))).toBeUndefined();
  });
});

describe('submission check', () => {
  const req = (periodKey: string, date: string, existing: { obligationId: string; periodKey: string; reporter: string }[] = [], reporter = 'TN_MT') =>
    checkSubmission({ obligation: results, periodKey, reporter, at: at(date), existing });

  it('accepts an open period and says whether it is late', () => {
    const onTime = req('2024-Q1', '2024-04-05');
    expect(onTime.ok && onTime.value).toMatchObject({ periodKey: '2024-Q1', late: false });
    const late = checkSubmission({ obligation: results, periodKey: '2024-Q1', reporter: 'TN_MT', at: instantAt(d('2024-04-06'), '00:00'), existing: [] });
    expect(late.ok && late.value.late).toBe(true);
    const q2 = req('2024-Q2', '2024-06-30');
    expect(q2.ok && q2.value.periodKey).toBe('2024-H1');
  });

  it('refuses a future period and one not yet ended, bilingually', () => {
    const future = req('2024-9M', '2024-05-02');
    expect(!future.ok && future.error).toMatchObject({ code: 'OBLIGATION.PERIOD_NOT_OPEN', path: 'periodKey' });
    expect(!future.ok && future.error.messageVi).toContain('chưa kết thúc');
    const notBegun = req('2025-Y', '2024-05-02');
    expect(!notBegun.ok && notBegun.error.messageEn).toContain('has not begun');
    // The monthly progress report opens at the start of its month.
    const monthly = checkSubmission({ obligation: planning, periodKey: '2024-05', reporter: 'KT_HT', at: at('2024-05-20'), existing: [] });
    expect(monthly.ok && monthly.value.late).toBe(false);
    const nextMonth = checkSubmission({ obligation: planning, periodKey: '2024-06', reporter: 'KT_HT', at: at('2024-05-20'), existing: [] });
    expect(!nextMonth.ok && nextMonth.error.code).toBe('OBLIGATION.PERIOD_NOT_OPEN');
  });

  it('refuses a second submission of the same period, also through a covered key', () => {
    const existing = [{ obligationId: results.id, periodKey: '2024-H1', reporter: 'TN_MT' }];
    const twice = req('2024-H1', '2024-07-02', existing);
    expect(!twice.ok && twice.error).toMatchObject({ code: 'OBLIGATION.ALREADY_SUBMITTED', path: 'periodKey' });
    const viaQ2 = req('2024-Q2', '2024-07-02', existing);
    expect(!viaQ2.ok && viaQ2.error.code).toBe('OBLIGATION.ALREADY_SUBMITTED');
    // Another department, another obligation, another period: fine.
    expect(req('2024-H1', '2024-07-02', existing, 'KT_HT').ok).toBe(true);
    expect(req('2024-9M', '2024-10-01', existing).ok).toBe(true);
    expect(req('2024-H1', '2024-07-02', [{ ...existing[0]!, obligationId: 'other' }]).ok).toBe(true);
  });

  it('refuses a reporter the obligation does not name', () => {
    const r = req('2024-Q1', '2024-04-02', [], 'TC_KH');
    expect(!r.ok && r.error).toMatchObject({ code: 'OBLIGATION.NOT_A_REPORTER', path: 'reporter' });
    const commune = mustLoad({ ...base, cadences: [{ period: 'quarter', due: { kind: 'working-days-after-end', days: 5, sourced: false } }] });
    const ok1 = checkSubmission({ obligation: commune, periodKey: '2026-Q1', reporter: 'dien-bien/tuan-giao/quai-cang', at: at('2026-04-01'), existing: [] });
    expect(ok1.ok).toBe(true);
    const outside = checkSubmission({
      obligation: commune,
      periodKey: '2026-Q1',
      reporter: 'dien-bien/tua-chua/muong-bang',
      at: at('2026-04-01'),
      existing: [],
    });
    expect(!outside.ok && outside.error.code).toBe('OBLIGATION.NOT_A_REPORTER');
  });
});

describe('period task lifecycle', () => {
  const q1 = periodsBetween(results, d('2024-01-01'), d('2024-03-31'))[0]!;
  const fresh = (): PeriodTask => openPeriodTask(results.id, q1, 'TN_MT');
  const apply = (t: PeriodTask, e: Parameters<typeof applyPeriodTaskEvent>[1]): PeriodTask => {
    const r = applyPeriodTaskEvent(t, e);
    if (!r.ok) throw new Error(r.error.messageEn);
    return r.value;
  };

  it('open → submitted → returned → resubmitted → accepted, late only when first submitted after due', () => {
    let t = apply(fresh(), { type: 'submit', at: at('2024-04-05', '16:00'), by: 'u1' });
    expect(t).toMatchObject({ status: 'submitted', late: false });
    t = apply(t, { type: 'return', at: at('2024-04-08'), by: 'office', reasonVi: 'Thiếu số liệu tiêu chí 17' });
    expect(t).toMatchObject({ status: 'returned', returns: 1 });
    t = apply(t, { type: 'resubmit', at: at('2024-04-09'), by: 'u1' });
    expect(t).toMatchObject({ status: 'resubmitted', late: false, lastSubmittedLate: true });
    t = apply(t, { type: 'accept', at: at('2024-04-10'), by: 'office' });
    expect(t).toMatchObject({ status: 'accepted', acceptedAt: at('2024-04-10') });
    expect(t.history.map((h) => h.type)).toEqual(['submit', 'return', 'resubmit', 'accept']);
    expect(t.history[1]!.reasonVi).toBe('Thiếu số liệu tiêu chí 17');

    const late = apply(fresh(), { type: 'submit', at: instantAt(d('2024-04-06'), '00:00'), by: 'u1' });
    expect(late.late).toBe(true);
  });

  it('refuses illegal moves with coded, bilingual reasons', () => {
    const accepted = replayPeriodTask(fresh(), [
      { type: 'submit', at: at('2024-04-02'), by: 'u1' },
      { type: 'accept', at: at('2024-04-03'), by: 'office' },
    ]);
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    const again = applyPeriodTaskEvent(accepted.value, { type: 'submit', at: at('2024-04-04'), by: 'u1' });
    expect(!again.ok && again.error.code).toBe('PERIOD_TASK.INVALID_TRANSITION');
    expect(!again.ok && again.error.messageVi).toContain('đã tiếp nhận');
    const acceptOpen = applyPeriodTaskEvent(fresh(), { type: 'accept', at: at('2024-04-04'), by: 'office' });
    expect(!acceptOpen.ok && acceptOpen.error.code).toBe('PERIOD_TASK.INVALID_TRANSITION');
    const submitted = apply(fresh(), { type: 'submit', at: at('2024-04-02'), by: 'u1' });
    const noReason = applyPeriodTaskEvent(submitted, { type: 'return', at: at('2024-04-03'), by: 'office', reasonVi: ' ' });
    expect(!noReason.ok && noReason.error.code).toBe('PERIOD_TASK.RETURN_NEEDS_REASON');
    const backwards = applyPeriodTaskEvent(submitted, { type: 'accept', at: at('2024-04-01'), by: 'office' });
    expect(!backwards.ok && backwards.error.code).toBe('PERIOD_TASK.TIME_REVERSED');
    const replay = replayPeriodTask(fresh(), [
      { type: 'submit', at: at('2024-04-02'), by: 'u1' },
      { type: 'resubmit', at: at('2024-04-03'), by: 'u1' },
    ]);
    expect(!replay.ok && replay.error).toMatchObject({ code: 'PERIOD_TASK.INVALID_TRANSITION', index: 1 });
  });

  it('escalates at due + N days when nothing was submitted, once', () => {
    const t = fresh();
    expect(isOverdue(t, at('2024-04-05', '23:00'))).toBe(false);
    expect(isOverdue(t, at('2024-04-06', '00:01'))).toBe(true);
    expect(escalationDue(t, at('2024-04-10', '07:59'))).toBe(false);
    expect(escalationDue(t, at('2024-04-10', '08:00'))).toBe(true);
    const early = applyPeriodTaskEvent(t, { type: 'escalate', at: at('2024-04-09'), by: 'system' });
    expect(!early.ok && early.error.code).toBe('PERIOD_TASK.ESCALATION_NOT_DUE');
    const e = apply(t, { type: 'escalate', at: at('2024-04-10', '08:00'), by: 'system' });
    expect(e.escalatedAt).toBe(at('2024-04-10', '08:00'));
    expect(escalationDue(e, at('2024-04-11'))).toBe(false);
    const twice = applyPeriodTaskEvent(e, { type: 'escalate', at: at('2024-04-11'), by: 'system' });
    expect(!twice.ok && twice.error.code).toBe('PERIOD_TASK.ALREADY_ESCALATED');
    // Still submittable after escalation, and late.
    expect(apply(e, { type: 'submit', at: at('2024-04-12'), by: 'u1' })).toMatchObject({ status: 'submitted', late: true });
    const p = periodsBetween(planning, d('2024-01-01'), d('2024-01-31'))[0]!;
    const never = applyPeriodTaskEvent(openPeriodTask(planning.id, p, 'KT_HT'), { type: 'escalate', at: at('2024-03-01'), by: 'system' });
    expect(!never.ok && never.error.code).toBe('PERIOD_TASK.NO_ESCALATION');
  });
});

// Dates used above, checked once so a calendar change is visible here.
it('uses the weekdays the comments say', () => {
  const wd = (s: string) => new Date(`${s}T00:00:00Z`).getUTCDay();
  const days: [LocalDate, number][] = [
    [d('2024-03-31'), 0],
    [d('2024-04-05'), 5],
    [d('2024-06-30'), 0],
    [d('2024-09-30'), 1],
    [d('2024-12-31'), 2],
    [d('2024-03-30'), 6],
  ];
  for (const [s, n] of days) expect(wd(s)).toBe(n);
});
