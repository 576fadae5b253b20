/**
 * The notices the engine sends, as pure functions: which reminder points a dossier still gets, who
 * hears each, and the bilingual texts (deadline reminders, maintenance, campaign not-started, summary).
 */
import { dienBienPlan2024, endOfDay, instantAt, localDate, type ReminderPoint } from '../../domain/calendar';
import { applyEvent, dossierDeadlines, startDossier, type DossierEvent, type DossierState } from '../../domain/dossier';
import {
  campaignOffice,
  deadlineSummaryNotice,
  deadlinesInOrder,
  dossiersConcerned,
  maintenanceNotice,
  maintenanceRecipients,
  notStartedNotice,
  notStartedPoints,
  pointsStillDue,
  reminderNotice,
  reminderRecipients,
} from '../../domain/notices';
import { actors, cmd, ev, smallInput } from '../support/dossier-fixtures';

function run(state: DossierState, events: DossierEvent[]): DossierState {
  return events.reduce((s, e) => {
    const r = applyEvent(s, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.error.code} ${r.error.messageEn}`);
    return r.value;
  }, state);
}
const start = (): DossierState => {
  const r = startDossier(smallInput());
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
};

const deadline = dossierDeadlines(dienBienPlan2024, 'commune.dat-chuan').find((d) => d.id === 'commune-dossier')!;
const point = (key: string): ReminderPoint => deadline.schedule.find((p) => p.key === key)!;

describe('pointsStillDue', () => {
  it('keeps the whole schedule and then the expiry for a dossier opened before it', () => {
    const points = pointsStillDue(deadline, instantAt(localDate('2024-08-01'), '00:00'));
    expect(points.filter((p) => p.kind === 'reminder')).toHaveLength(deadline.schedule.length);
    expect(points.find((p) => p.kind === 'expiry')).toEqual({ at: endOfDay(localDate('2024-08-31')), kind: 'expiry' });
    expect(points.map((p) => p.at)).toEqual([...points.map((p) => p.at)].sort((a, b) => a - b));
  });

  it('gives a dossier opened late only the latest passed point, then those ahead', () => {
    const points = pointsStillDue(deadline, instantAt(localDate('2024-08-28'), '12:00'));
    const keys = points.map((p) => (p.kind === 'reminder' ? p.point.key : 'expiry'));
    // Opened at noon on 28/08: before-3 (08:00 that day) is the latest passed point.
    expect(keys.slice(0, 4)).toEqual(['before-3', 'before-1', 'due', 'expiry']);
    expect(keys).not.toContain('before-7');
  });

  it('still processes the expiry for a dossier opened after it', () => {
    const points = pointsStillDue(deadline, instantAt(localDate('2024-09-02'), '12:00'));
    // Opened on 02/09: the due-day notice (the latest passed point), the expiry, then the overdue ones.
    expect(points.map((p) => (p.kind === 'reminder' ? p.point.key : 'expiry')).slice(0, 3)).toEqual(['due', 'expiry', 'overdue-3']);
  });
});

describe('dossier reminders', () => {
  it('reach those who must act, and for an escalation the office above first', () => {
    const s = start();
    expect(reminderRecipients(s, 'before')).toEqual([{ role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang' }]);
    expect(reminderRecipients(s, 'escalation')).toEqual([
      { role: 'district_office', unitCode: 'dien-bien/tuan-giao' },
      { role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang' },
    ]);
  });

  it('writes the reminder in Vietnamese and English with the days, the deadline, the unit and the step', () => {
    const n = reminderNotice({ state: start(), deadline, point: point('before-7'), sentAt: instantAt(localDate('2024-08-24'), '08:00') });
    expect(n).toMatchObject({
      key: 'dossier-test-1/commune-dossier/before-7',
      kind: 'before',
      dossierId: 'dossier-test-1',
      dueAt: new Date(endOfDay(localDate('2024-08-31'))).toISOString(),
    });
    expect(n.subjectVi).toBe(`[NTM] Nhắc hạn: còn 7 ngày đến hạn 31/08/2024: ${deadline.descriptionVi} — hồ sơ dossier-test-1`);
    expect(n.subjectEn).toBe('[NTM] Reminder: 7 days to the deadline 31/08/2024: commune.submit — dossier dossier-test-1');
    expect(n.bodyVi).toBe(
      `Nhắc hạn: còn 7 ngày đến hạn 31/08/2024.\n${deadline.descriptionVi}.\nĐơn vị: dien-bien/tuan-giao/quai-cang. Bước hiện tại: Xã tự đánh giá.\nGửi lúc 24/08/2024 08:00.`,
    );
    expect(n.bodyEn).toBe(
      'Reminder: 7 days to the deadline 31/08/2024.\nStage: commune.submit. Unit: dien-bien/tuan-giao/quai-cang. Current step: Self-assessment.',
    );
  });

  it('names the unit when the facts carry its name, and words each kind', () => {
    const s = start();
    const at = instantAt(localDate('2024-09-05'), '08:00');
    expect(reminderNotice({ state: s, deadline, point: point('due'), sentAt: at }).subjectEn).toContain('Today is the deadline 31/08/2024');
    expect(reminderNotice({ state: s, deadline, point: point('overdue-3'), sentAt: at }).subjectVi).toContain('Quá hạn 3 ngày (hạn 31/08/2024)');
    const esc = reminderNotice({
      state: s,
      deadline,
      point: point('escalation-5'),
      sentAt: at,
      unit: { unitCode: 'dien-bien/tuan-giao/quai-cang', unitName: 'Quài Cang' },
    });
    expect(esc.kind).toBe('escalation');
    expect(esc.subjectEn).toContain('Escalation: 5 days overdue (deadline 31/08/2024)');
    expect(esc.bodyVi).toContain('Đơn vị: Quài Cang.');
    expect(esc.recipients[0]).toEqual({ role: 'district_office', unitCode: 'dien-bien/tuan-giao' });
  });

  it('has nobody to remind once nobody has to act', () => {
    const recognised = run(start(), [
      ...['1', '2', '17'].map((c) => ev(cmd.assess(c), actors.commune)),
      ev(cmd.consult(), actors.commune),
      ev(cmd.submit(), actors.commune),
      ev(cmd.review('1'), actors.kthh),
      ev(cmd.review('2'), actors.kthh),
      ev(cmd.review('17'), actors.tnmt),
      ev(cmd.verified(true), actors.system),
      ev(cmd.approve(), actors.districtOffice),
      ev(cmd.forward(), actors.districtOffice),
      ev(cmd.verified(true), actors.system),
      ev(cmd.approve(), actors.provinceOffice),
      ev(cmd.vote(), actors.provinceOffice),
      ev(cmd.draft(), actors.provinceOffice),
      ev(cmd.decide(), actors.provinceChair),
    ]);
    expect(reminderNotice({ state: recognised, deadline, point: point('due'), sentAt: 0 }).recipients).toEqual([]);
    // The annual maintenance review goes to the commune and the level above it.
    expect(maintenanceRecipients(recognised)).toEqual([
      { role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang' },
      { role: 'provincial_chair', unitCode: 'dien-bien' },
    ]);
    expect(maintenanceNotice({ state: recognised, cycle: 2 })).toMatchObject({
      key: 'dossier-test-1/maintenance/2',
      kind: 'maintenance',
      subjectVi: '[NTM] Rà soát duy trì tiêu chí hằng năm — Xã đạt chuẩn nông thôn mới — (chưa rõ tên đơn vị) — năm 2024',
      bodyEn:
        'The annual review of criteria maintenance after recognition is due (cycle 2).\nDossier: Commune meeting the new-rural standard — (chưa rõ tên đơn vị) — 2024.',
    });
  });
});

describe('campaign notices', () => {
  const plan = dienBienPlan2024;
  const office = campaignOffice(plan);
  const submit = plan.deadlines.find((d) => d.id === 'commune-dossier')!;

  it('is run by the district office, or the province office for a provincial plan', () => {
    expect(office).toEqual({ role: 'district_office', unitCode: 'dien-bien/tuan-giao' });
    expect(campaignOffice({ unitLevel: 'province', unitCode: 'dien-bien' })).toEqual({ role: 'provincial_office', unitCode: 'dien-bien' });
  });

  it('follows the deadlines in date order, each for the dossiers of its titles', () => {
    const dues = deadlinesInOrder(plan).map((d) => d.due);
    expect(dues).toEqual([...dues].sort());
    const regs = [
      { title: 'commune.dat-chuan', dossier: { dossierId: 'a' } },
      { title: 'village.dat-chuan', dossier: { dossierId: 'b' } },
    ];
    expect(dossiersConcerned(submit, regs)).toEqual(['a']);
  });

  it('reminds units that have not begun only before submission deadlines, at the points still ahead', () => {
    const ahead = notStartedPoints(submit, plan.reminderPolicy, instantAt(localDate('2024-08-20'), '00:00'));
    expect(ahead.map((p) => p.key)).toEqual(['before-7', 'before-3', 'before-1']);
    const review = plan.deadlines.find((d) => d.stage === 'district.review')!;
    expect(notStartedPoints(review, plan.reminderPolicy, 0)).toEqual([]);
    const n = notStartedNotice({
      planId: '2024:x',
      deadline: submit,
      point: ahead[0]!,
      idle: [{ unitCode: 'dien-bien/tuan-giao/ta-ma', unitName: 'Tà Ma' }, { unitCode: 'dien-bien/tuan-giao/mun-chung' }],
      office,
    });
    expect(n).toMatchObject({
      key: '2024:x/commune-dossier/not-started/before-7',
      kind: 'campaign',
      recipients: [
        { role: 'commune_official', unitCode: 'dien-bien/tuan-giao/ta-ma' },
        { role: 'commune_official', unitCode: 'dien-bien/tuan-giao/mun-chung' },
        office,
      ],
      subjectVi: '[NTM] Chưa bắt đầu hồ sơ: còn 7 ngày đến hạn 31/08/2024',
      bodyEn: 'Units that have not begun: Tà Ma, dien-bien/tuan-giao/mun-chung.',
      dueAt: new Date(endOfDay(localDate('2024-08-31'))).toISOString(),
    });
  });

  it('summarises a deadline for the office: on time, late, missing', () => {
    const n = deadlineSummaryNotice({ planId: '2024:x', deadline: submit, summary: { onTime: ['a'], late: [], missing: ['b', 'c'] }, office });
    expect(n).toMatchObject({
      key: '2024:x/commune-dossier/summary',
      kind: 'summary',
      recipients: [office],
      subjectVi: '[NTM] Tổng hợp hạn 31/08/2024: 1 đúng hạn, 0 trễ, 2 chưa nộp',
      subjectEn: '[NTM] Deadline 31/08/2024 summary: 1 on time, 0 late, 2 missing',
      bodyEn: 'On time: a\nLate: —\nMissing: b, c',
    });
  });
});
