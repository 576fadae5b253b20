/**
 * Issue 13: reminders state facts (real days, working days, names, the responsible level's recipients)
 * and notices on events (who hears what, once per event).
 */
import { dienBienPlan2024, instantAt, localDate, type ReminderPoint } from '../../domain/calendar';
import { applyEvent, dossierDeadlines, startDossier, type DossierEvent, type DossierInput, type DossierState } from '../../domain/dossier';
import { daysFromDeadline, deadlineRecipients, deadlineReminderNotice, distanceWords, eventNotice, responsibleLevel } from '../../domain/notices';
import { actors, cmd, COMMUNE, DISTRICT, ev, PROVINCE, smallInput } from '../support/dossier-fixtures';

const named = (o: Partial<DossierInput> = {}): DossierInput => {
  const base = smallInput(o);
  return {
    ...base,
    unitName: 'Quài Cang',
    levels: base.levels.map((l) => ({ ...l, unitName: l.level === 'district' ? 'Tuần Giáo' : 'Điện Biên' })),
  };
};
const start = (input: DossierInput = named()): DossierState => {
  const r = startDossier(input);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
};
function run(state: DossierState, events: DossierEvent[]): DossierState {
  return events.reduce((s, e) => {
    const r = applyEvent(s, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.error.code}`);
    return r.value;
  }, state);
}
/** Applies events one by one and returns the notice of the last. */
function noticeOf(state: DossierState, e: DossierEvent) {
  const r = applyEvent(state, e);
  if (!r.ok) throw new Error(r.error.code);
  return { after: r.value, notice: eventNotice(state, r.value, e) };
}

const deadlines = dossierDeadlines(dienBienPlan2024, 'commune.dat-chuan');
const submitDeadline = deadlines.find((d) => d.stage === 'commune.submit')!;
const reviewDeadline = deadlines.find((d) => d.stage === 'district.review')!;
const point = (d: typeof submitDeadline, key: string): ReminderPoint => d.schedule.find((p) => p.key === key)!;
const noCodes = (text: string) => {
  for (const code of [COMMUNE, DISTRICT, PROVINCE + '/']) expect(text).not.toContain(code);
};

describe('days from the deadline', () => {
  const due = localDate('2024-08-31'); // a Saturday
  it('counts calendar days on the day sent, before, on and after', () => {
    expect(daysFromDeadline(due, instantAt(localDate('2024-08-24'), '08:00'))).toBe(-7);
    expect(daysFromDeadline(due, instantAt(localDate('2024-08-31'), '23:00'))).toBe(0);
    expect(daysFromDeadline(due, instantAt(localDate('2026-12-01'), '08:00'))).toBe(822);
  });
  it('counts working days when the plan counts them (weekends and 02/09 are not)', () => {
    // After Sat 31/08/2024: Sun 01/09, Mon 02/09 and Tue 03/09 (National Day) are off; Wed 04/09 is the first working day.
    expect(daysFromDeadline(due, instantAt(localDate('2024-09-04'), '08:00'), 'working')).toBe(1);
    expect(daysFromDeadline(due, instantAt(localDate('2024-09-02'), '08:00'), 'working')).toBe(0);
    expect(daysFromDeadline(localDate('2024-08-30'), instantAt(localDate('2024-08-26'), '08:00'), 'working')).toBe(-4);
  });
  it('words the distance', () => {
    expect(distanceWords(-1, 'calendar')).toEqual({ vi: 'còn 1 ngày đến hạn', en: '1 day to the deadline' });
    expect(distanceWords(0, 'working').vi).toBe('hôm nay là hạn chót');
    expect(distanceWords(823, 'calendar')).toEqual({ vi: 'quá hạn 823 ngày', en: '823 days overdue' });
    expect(distanceWords(5, 'working')).toEqual({ vi: 'quá hạn 5 ngày làm việc', en: '5 working days overdue' });
  });
});

describe('deadline reminders state facts', () => {
  it('says the real number of days overdue, not the schedule offset', () => {
    const sentAt = instantAt(localDate('2026-12-01'), '08:00');
    const n = deadlineReminderNotice({ state: start(), deadline: submitDeadline, point: point(submitDeadline, 'overdue-30'), sentAt });
    expect(n.kind).toBe('overdue');
    expect(n.key).toBe('dossier-test-1/commune-dossier/overdue-30');
    expect(n.subjectVi).toContain('quá hạn 822 ngày (hạn 31/08/2024)');
    expect(n.bodyVi.split('\n')[0]).toBe('Quá hạn 822 ngày (hạn 31/08/2024).');
    expect(n.bodyEn.split('\n')[0]).toBe('822 days overdue (deadline 31/08/2024).');
    expect(n.subjectVi).toContain('Xã đạt chuẩn nông thôn mới — Quài Cang — năm 2024');
    noCodes(n.bodyVi);
    noCodes(n.bodyEn);
    noCodes(n.subjectVi);
  });

  it('says the days left before, and words a late-sent before-point as it stands', () => {
    const n = deadlineReminderNotice({
      state: start(),
      deadline: submitDeadline,
      point: point(submitDeadline, 'before-7'),
      sentAt: instantAt(localDate('2024-08-24'), '08:00'),
    });
    expect(n.kind).toBe('before');
    expect(n.bodyVi).toContain('Còn 7 ngày đến hạn (hạn 31/08/2024).');
    expect(n.bodyVi).toContain('Gửi đến: UBND xã Quài Cang.');
    const late = deadlineReminderNotice({
      state: start(),
      deadline: submitDeadline,
      point: point(submitDeadline, 'before-7'),
      sentAt: instantAt(localDate('2024-09-02'), '08:00'),
    });
    expect(late.kind).toBe('overdue');
    expect(late.bodyVi).toContain('Quá hạn 2 ngày');
  });

  it('counts working days where the plan does', () => {
    const working = { ...submitDeadline, dayCounting: 'working' as const };
    const n = deadlineReminderNotice({
      state: start(),
      deadline: working,
      point: point(submitDeadline, 'overdue-3'),
      sentAt: instantAt(localDate('2024-09-05'), '08:00'),
    });
    expect(n.bodyVi).toContain('Quá hạn 2 ngày làm việc');
  });

  it('sends a district-level deadline to the district office and owning departments, never the commune', () => {
    const s = run(start(), [
      ...['1', '2', '17'].map((c) => ev(cmd.assess(c), actors.commune)),
      ev(cmd.consult(), actors.commune),
      ev(cmd.submit(), actors.commune),
    ]);
    expect(responsibleLevel('district.review', s).level).toBe('district');
    const rs = deadlineRecipients(s, 'district.review', false);
    expect(rs).toEqual([
      { role: 'district_office', unitCode: DISTRICT },
      { role: 'district_specialist', unitCode: DISTRICT, department: 'KT_HT' },
      { role: 'district_specialist', unitCode: DISTRICT, department: 'TN_MT' },
    ]);
    const n = deadlineReminderNotice({
      state: s,
      deadline: reviewDeadline,
      point: point(reviewDeadline, 'due'),
      sentAt: reviewDeadline.schedule.find((p) => p.key === 'due')!.at,
    });
    expect(n.recipients.some((r) => r.role === 'commune_official')).toBe(false);
    expect(n.bodyVi).toContain('Phòng Kinh tế - Hạ tầng (Tuần Giáo)');
    expect(n.bodyVi).toContain('Bước hiện tại: Đang thẩm tra');
    noCodes(n.bodyVi);
  });

  it('tells only the office of a level the dossier has not reached, and says where the dossier is', () => {
    const s = start();
    expect(deadlineRecipients(s, 'district.review', false)).toEqual([{ role: 'district_office', unitCode: DISTRICT }]);
    const n = deadlineReminderNotice({
      state: s,
      deadline: reviewDeadline,
      point: point(reviewDeadline, 'due'),
      sentAt: reviewDeadline.schedule.find((p) => p.key === 'due')!.at,
    });
    expect(n.bodyVi).toContain('Hồ sơ chưa được trình đến cấp huyện (Tuần Giáo); đang ở bước: Xã tự đánh giá.');
    expect(n.bodyEn).toContain('The dossier has not reached the district level (Tuần Giáo) yet; current step: Self-assessment.');
    expect(n.bodyVi).not.toContain('Phòng Kinh tế - Hạ tầng');
    noCodes(n.bodyVi);
  });

  it('names only the departments still open while the level reviews', () => {
    const s = run(start(), [
      ...['1', '2', '17'].map((c) => ev(cmd.assess(c), actors.commune)),
      ev(cmd.consult(), actors.commune),
      ev(cmd.submit(), actors.commune),
      ev(cmd.review('1'), actors.kthh),
      ev(cmd.review('2'), actors.kthh),
    ]);
    expect(deadlineRecipients(s, 'district.review', false)).toEqual([
      { role: 'district_office', unitCode: DISTRICT },
      { role: 'district_specialist', unitCode: DISTRICT, department: 'TN_MT' },
    ]);
  });

  it('escalates to the office of the level above the responsible one', () => {
    const s = start();
    expect(deadlineRecipients(s, 'commune.submit', true)).toEqual([
      { role: 'district_office', unitCode: DISTRICT },
      { role: 'commune_official', unitCode: COMMUNE },
    ]);
    expect(deadlineRecipients(s, 'district.review', true)[0]).toEqual({ role: 'provincial_office', unitCode: PROVINCE });
    expect(deadlineRecipients(s, 'province.appraise', true)[0]).toEqual({ role: 'provincial_chair', unitCode: PROVINCE });
  });

  it('names an older dossier without a unit name without its code', () => {
    const n = deadlineReminderNotice({
      state: start(smallInput()),
      deadline: submitDeadline,
      point: point(submitDeadline, 'due'),
      sentAt: instantAt(localDate('2024-08-31'), '08:00'),
    });
    expect(n.kind).toBe('due');
    noCodes(n.bodyVi);
    expect(n.bodyVi).toContain('(chưa rõ tên đơn vị)');
  });
});

describe('notices on events', () => {
  const submitted = () =>
    run(start(), [...['1', '2', '17'].map((c) => ev(cmd.assess(c), actors.commune)), ev(cmd.consult(), actors.commune), ev(cmd.submit(), actors.commune)]);

  it('tells the commune of a return with every reason', () => {
    const s = run(submitted(), [
      ev(cmd.review('1', 'needs_supplement'), actors.kthh),
      ev(cmd.review('2'), actors.kthh),
      ev(cmd.review('17', 'needs_supplement'), actors.tnmt),
      ev(cmd.verified(false), actors.system),
    ]);
    const e = ev(
      {
        type: 'level.returned',
        reasons: [
          { criterion: '1', reason: 'Thiếu biên bản' },
          { criterion: '17', reason: 'Thiếu số liệu rác thải' },
        ],
        documents: [],
      },
      actors.districtOffice,
    );
    const { after, notice } = noticeOf(s, e);
    expect(notice).toMatchObject({
      key: `dossier-test-1/event/${e.meta.eventId}`,
      kind: 'returned',
      recipients: [{ role: 'commune_official', unitCode: COMMUNE }],
    });
    expect(notice!.bodyVi).toContain('- Tiêu chí 1: Thiếu biên bản');
    expect(notice!.bodyVi).toContain('- Tiêu chí 17: Thiếu số liệu rác thải');
    expect(notice!.bodyVi).toContain('cấp huyện (Tuần Giáo)');
    noCodes(notice!.bodyVi);

    // Resubmitted: to the reviewers of the returned criteria and the office.
    const r = noticeOf(after, ev(cmd.resubmit(), actors.commune));
    expect(r.notice).toMatchObject({ kind: 'resubmitted' });
    expect(r.notice!.recipients).toEqual([
      { role: 'district_office', unitCode: DISTRICT },
      { role: 'district_specialist', unitCode: DISTRICT, department: 'KT_HT' },
      { role: 'district_specialist', unitCode: DISTRICT, department: 'TN_MT' },
    ]);
  });

  it('tells of forwarding, the vote and the decision (with its number) to the commune and the office below', () => {
    let s = run(submitted(), [
      ev(cmd.review('1'), actors.kthh),
      ev(cmd.review('2'), actors.kthh),
      ev(cmd.review('17'), actors.tnmt),
      ev(cmd.verified(true), actors.system),
      ev(cmd.approve(), actors.districtOffice),
    ]);
    const fwd = noticeOf(s, ev(cmd.forward(), actors.districtOffice));
    expect(fwd.notice!.kind).toBe('forwarded');
    expect(fwd.notice!.recipients).toEqual([
      { role: 'provincial_office', unitCode: PROVINCE },
      { role: 'commune_official', unitCode: COMMUNE },
    ]);
    s = run(fwd.after, [ev(cmd.verified(true), actors.system), ev(cmd.approve(), actors.provinceOffice)]);
    const vote = noticeOf(s, ev(cmd.vote(25, 0), actors.provinceOffice));
    expect(vote.notice!.kind).toBe('voted');
    expect(vote.notice!.subjectVi).toContain('25/25 tán thành');
    s = run(vote.after, [ev(cmd.draft(), actors.provinceOffice)]);
    const dec = noticeOf(s, ev(cmd.decide(), actors.provinceChair));
    expect(dec.notice!.kind).toBe('decided');
    expect(dec.notice!.recipients).toEqual([
      { role: 'commune_official', unitCode: COMMUNE },
      { role: 'district_office', unitCode: DISTRICT },
      { role: 'provincial_office', unitCode: PROVINCE },
    ]);
    expect(dec.notice!.subjectVi).toContain('Quyết định 1358/QĐ-UBND ngày 29/11/2024: công nhận');
    noCodes(dec.notice!.bodyVi);

    // Maintenance: below standard, then revoked.
    const below = noticeOf(dec.after, ev(cmd.assessMaintenance(true), actors.provinceOffice));
    expect(below.notice!.kind).toBe('below_standard');
    expect(below.notice!.bodyVi).toContain('Tiêu chí 10 không đạt');
    expect(noticeOf(dec.after, ev(cmd.assessMaintenance(false), actors.provinceOffice)).notice).toBeUndefined();
    const rev = noticeOf(below.after, ev(cmd.revoke(), actors.provinceChair));
    expect(rev.notice!.kind).toBe('revoked');
    expect(rev.notice!.subjectVi).toContain('99/QĐ-UBND');
  });

  it('says nothing of assessments, reviews and verification', () => {
    const s = start();
    expect(noticeOf(s, ev(cmd.assess('1'), actors.commune)).notice).toBeUndefined();
  });
});
