/**
 * The obligations use cases without Temporal (app/obligations.ts), the same tests on a real SQLite
 * database and a real PostgreSQL one: bad obligations are refused with their code and the exact field
 * and write nothing; a report for a future period, a second report, a report without its document or
 * by someone else are refused; the receiver accepts or returns (with a reason) and the reporter
 * resubmits; the dashboard lists late ones first; the forecast reads each unit's marks over time as
 * full states.
 */
import ExcelJS from 'exceljs';
import { dashboardWorkbook, markHistory, obligationsApp, planYearForecast } from '../../app/obligations';
import { verifyAuditChain } from '../../store/audit-chain';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../support/databases';
import { DISTRICT, monthlyObligation, office, specialist } from '../support/obligations-fixtures';
import { seedUnits } from '../support/people';

describe.each(PROVIDERS)('the obligations use cases on %s', (provider) => {
  let t: TestDatabase;
  let now: Date;

  beforeAll(async () => {
    now = new Date('2026-02-27T03:00:00Z');
    t = await createTestDatabase(provider);
    await seedUnits(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const app = () => obligationsApp({ db: t!.db, clock: () => now });
  const written = async () => ({
    obligations: await t.db.reportingObligation.count(),
    tasks: await t.db.reportingPeriodTask.count(),
    events: await t.db.reportingTaskEvent.count(),
    audit: await t.db.auditRecord.count(),
  });

  describe('bad obligations are refused with the field named, nothing written', () => {
    it.each([
      ['no receiver', (o: Record<string, unknown>) => ({ ...o, receiver: undefined }), 'OBLIGATION.NO_RECEIVER', 'receiver'],
      ['a receiver of null', (o: Record<string, unknown>) => ({ ...o, receiver: null }), 'OBLIGATION.NO_RECEIVER', 'receiver'],
      [
        'a monthly rule on day 32',
        (o: Record<string, unknown>) => ({
          ...o,
          cadences: [{ period: 'month', opens: { anchor: 'period-start' }, due: { kind: 'day-of-month', day: 32, sourced: true } }],
        }),
        'OBLIGATION.DUE_DAY_OUT_OF_RANGE',
        'cadences.0.due.day',
      ],
      ['validTo before validFrom', (o: Record<string, unknown>) => ({ ...o, validTo: '2025-01-01' }), 'OBLIGATION.VALID_TO_BEFORE_FROM', 'validTo'],
      ['a bad id', (o: Record<string, unknown>) => ({ ...o, id: 'Có Dấu' }), 'OBLIGATION.INVALID', 'id'],
      [
        'a month that opens after its due day',
        (o: Record<string, unknown>) => ({ ...o, cadences: [{ period: 'month', due: { kind: 'day-of-month', day: 30, sourced: true } }] }),
        'OBLIGATION.OPENS_AFTER_DUE',
        'cadences.0.opens',
      ],
    ])('%s', async (_name, mutate, code, path) => {
      const before = await written();
      await expect(app().create(office, mutate(monthlyObligation(2026) as unknown as Record<string, unknown>))).rejects.toMatchObject({ code, path });
      expect(await written()).toEqual(before);
    });

    it('a monthly rule on day 31 is accepted with a warning that says what February does', async () => {
      const input = {
        ...monthlyObligation(2026, 'tuan-giao.day-31'),
        cadences: [{ period: 'month' as const, opens: { anchor: 'period-start' as const }, due: { kind: 'day-of-month' as const, day: 31, sourced: true } }],
      };
      const r = await app().create(office, input);
      expect(r.warnings).toEqual([expect.objectContaining({ code: 'OBLIGATION.DUE_DAY_CLAMPED', path: 'cadences.0.due.day' })]);
      expect(r.warnings[0]!.messageVi).toMatch(/tháng 2/);
      expect(r.workflowId).toBeNull();
    });

    it('a district specialist may not create obligations; the same id twice is refused', async () => {
      const before = await written();
      await expect(app().create(specialist('KT_HT'), monthlyObligation(2026, 'tuan-giao.x'))).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(app().create(office, monthlyObligation(2026, 'tuan-giao.day-31'))).rejects.toMatchObject({ code: 'OBLIGATION.EXISTS', path: 'id' });
      expect(await written()).toEqual(before);
    });
  });

  describe('reports', () => {
    const id = 'tuan-giao.test-progress';
    beforeAll(async () => {
      now = new Date('2026-01-05T03:00:00Z');
      await app().create(office, monthlyObligation(2026, id));
    });

    it('refuses a future period, a second report, a report without its document, and a report for someone else — writing nothing', async () => {
      now = new Date('2026-02-02T03:00:00Z'); // 02/02/2026 10:00 in Vietnam: January has ended
      const before = await written();
      const submit = (periodKey: string, reporter = 'KT_HT', documentRef = 'BC 01') =>
        app().submit(specialist('KT_HT'), { obligationId: id, periodKey, reporter, documentRef });
      await expect(submit('2026-02')).rejects.toMatchObject({ code: 'OBLIGATION.PERIOD_NOT_OPEN', path: 'periodKey' });
      await expect(submit('2026-05')).rejects.toMatchObject({ code: 'OBLIGATION.PERIOD_NOT_OPEN', messageVi: expect.stringMatching(/chưa bắt đầu/) });
      await expect(submit('2026-13')).rejects.toMatchObject({ code: 'OBLIGATION.UNKNOWN_PERIOD', path: 'periodKey' });
      await expect(submit('2026-01', 'KT_HT', '  ')).rejects.toMatchObject({ code: 'OBLIGATION.NO_DOCUMENT', path: 'documentRef' });
      await expect(submit('2026-01', 'TN_MT')).rejects.toMatchObject({ kind: 'forbidden', path: 'reporter' });
      await expect(submit('2026-01', 'NOI_VU_X')).rejects.toMatchObject({ code: 'OBLIGATION.NOT_A_REPORTER', path: 'reporter' });
      await expect(app().submit(office, { obligationId: 'nope', periodKey: '2026-01', reporter: 'KT_HT', documentRef: 'x' })).rejects.toMatchObject({
        code: 'OBLIGATION.NOT_FOUND',
      });
      expect(await written()).toEqual(before);

      const task = await submit('2026-01');
      expect(task).toMatchObject({ status: 'submitted', late: false });
      const after = await written();
      await expect(submit('2026-01')).rejects.toMatchObject({ code: 'OBLIGATION.ALREADY_SUBMITTED', path: 'periodKey' });
      expect(await written()).toEqual(after);
    });

    it('the receiver returns with a reason, the reporter resubmits, the receiver accepts; each step audited', async () => {
      const q = { obligationId: id, periodKey: '2026-01', reporter: 'KT_HT' };
      await expect(app().return(specialist('KT_HT'), { ...q, reasonVi: 'x' })).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(app().return(specialist('NN_PTNT'), { ...q, reasonVi: ' ' })).rejects.toMatchObject({ code: 'PERIOD_TASK.RETURN_NEEDS_REASON' });
      now = new Date('2026-02-03T03:00:00Z');
      expect(await app().return(specialist('NN_PTNT'), { ...q, reasonVi: 'Thiếu số liệu tiêu chí 2' })).toMatchObject({ status: 'returned', returns: 1 });
      now = new Date('2026-02-04T03:00:00Z');
      expect(await app().resubmit(specialist('KT_HT'), { ...q, documentRef: 'BC 01 (bổ sung)' })).toMatchObject({ status: 'resubmitted' });
      expect(await app().accept(specialist('NN_PTNT'), q)).toMatchObject({ status: 'accepted' });
      const actions = (await t.db.auditRecord.findMany({ where: { action: { startsWith: 'obligation.period.' } } })).map((a) => a.action);
      expect(actions).toEqual(['obligation.period.submit', 'obligation.period.return', 'obligation.period.resubmit', 'obligation.period.accept']);
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });

    it('the dashboard shows, per period, who has and has not reported — late ones first — and the same in Excel', async () => {
      now = new Date('2026-02-20T03:00:00Z'); // past January's due date (Tết pushed it to the 13th working day of February)
      const d = await app().dashboard(office, DISTRICT);
      const o = d.obligations.find((x) => x.id === id)!;
      const jan = o.periods.find((p) => p.key === '2026-01')!;
      expect(jan).toMatchObject({ reported: 1, total: 2, overdue: true });
      expect(jan.rows.map((r) => [r.name, r.statusVi, r.late])).toEqual([
        ['Phòng Tài nguyên và Môi trường', 'Chưa nộp', true],
        ['Phòng Kinh tế - Hạ tầng', 'Đã tiếp nhận', false],
      ]);
      await expect(app().dashboard(specialist('KT_HT'), 'dien-bien')).rejects.toMatchObject({ kind: 'forbidden' });
      const wb = dashboardWorkbook(d);
      const buf = await wb.xlsx.writeBuffer();
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(buf as ArrayBuffer);
      const ws = back.worksheets[0]!;
      const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
      expect(rows.some((r) => r.includes('Phòng Tài nguyên và Môi trường') && r.includes('Trễ hạn'))).toBe(true);
    });
  });

  describe('forecast inputs', () => {
    it('one point per distinct asOf and set, each the full state as of that date', async () => {
      const unit = 'dien-bien/tuan-giao/quai-cang';
      const rows = [
        ...Array.from({ length: 19 }, (_, i) => ({ criterion: String(i + 1), met: i < 10, asOf: '2023-12-31' })),
        { criterion: '11', met: true, asOf: '2024-12-31' },
        { criterion: '12', met: true, asOf: '2024-12-31' },
        { criterion: '13', met: true, asOf: '2025-12-31' },
      ];
      for (const [i, r] of rows.entries()) {
        await t.db.criteriaMark.create({
          data: {
            id: `m${i}`,
            unitCode: unit,
            setId: 'commune-ntm-2021-2025',
            criterion: r.criterion,
            met: r.met,
            asOf: r.asOf,
            batchId: `b-${r.asOf}`,
            recordedAt: new Date(),
          },
        });
      }
      const h = await markHistory(t.db, [unit], '2026-01-31' as never);
      expect(h[unit]!.map((p) => [p.date, (p.met as string[]).length])).toEqual([
        ['2023-12-31', 10],
        ['2024-12-31', 12],
        ['2025-12-31', 13],
      ]);
      expect(await planYearForecast(t.db, DISTRICT, 2026, '2026-01-31' as never)).toEqual([]);
    });
  });
});
