import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { importCriteriaFile } from '../../app/imports';
import {
  chartSvg,
  criteriaAttainmentReport,
  criteriaBandsReport,
  criteriaMatrixReport,
  MATRIX_LAYOUT,
  matrixWorkbook,
  pipelineReport,
  writeText,
  writeWorkbook,
} from '../../app/reports';
import { diffMarks, type CriteriaMatrix, type UnitMarks } from '../../domain/reports';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { FIXTURES, seedDienBienUnits, tempDir, writeTemp } from '../import/db-helpers';

const SET = 'commune-ntm-2016-2020';

/** The matrix's cells back as marks, to compare two dates cell by cell. */
function cellsOf(m: CriteriaMatrix): UnitMarks {
  const out: Record<string, Record<string, boolean>> = {};
  for (const d of m.districts)
    for (const c of d.communes) if (c.hasData) out[c.code] = Object.fromEntries(m.criteria.map((k, i) => [k.code, c.marks[i] === true]));
  return out;
}

describe.each(PROVIDERS)('reports from the database on %s', (provider) => {
  let t: TestDatabase;
  const dir = tempDir('ntm-report-');
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedDienBienUnits(t.db);
    const deps = { db: t.db, now: () => new Date('2021-01-05T02:00:00Z') };
    await importCriteriaFile(deps, { path: join(FIXTURES, 'tuan-giao-2020.csv'), setId: SET, asOf: '2020-12-31' });
    // Six months later: Quài Cang meets 15 (health), Pú Xi meets 2 (transport), Ta Ma loses 5 (schools).
    const later = readFileSync(join(FIXTURES, 'tuan-giao-2020.csv'), 'utf8')
      .replace(/Xã Quài Cang,((?:[^,]*,){14})(?=,)/, (_, first14: string) => `Xã Quài Cang,${first14}1`)
      .replace('Xã Pú Xi,1,,1', 'Xã Pú Xi,1,1,1')
      .replace('Xã Ta Ma,1,,1,,1,', 'Xã Ta Ma,1,,1,,,');
    await importCriteriaFile(deps, { path: writeTemp(dir, 'tuan-giao-2021-06.csv', later), setId: SET, asOf: '2021-06-30' });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('answers for an earlier date from the history, differing from today exactly by the changes recorded since', async () => {
    const before = await criteriaMatrixReport(t.db, { asOf: '2021-03-01' });
    const now = await criteriaMatrixReport(t.db, { asOf: '2021-12-31', setId: SET });
    expect(diffMarks(cellsOf(before), cellsOf(now))).toEqual([
      { unitCode: 'dien-bien/tuan-giao/pu-xi', criterion: '2', from: false, to: true },
      { unitCode: 'dien-bien/tuan-giao/quai-cang', criterion: '15', from: false, to: true },
      { unitCode: 'dien-bien/tuan-giao/ta-ma', criterion: '5', from: true, to: false },
    ]);
    expect(before.totals.total).toBe(226);
    expect(now.totals.total).toBe(227);
    // The changes recorded since, read straight from the history rows.
    const since = await t.db.criteriaMark.findMany({ where: { asOf: { gt: '2021-03-01', lte: '2021-12-31' } } });
    const earlier = new Map((await t.db.criteriaMark.findMany({ where: { asOf: '2020-12-31' } })).map((m) => [`${m.unitCode}|${m.criterion}`, m.met]));
    expect(since.filter((m) => earlier.get(`${m.unitCode}|${m.criterion}`) !== m.met)).toHaveLength(3);
  });

  it('has no data before the first sheet', async () => {
    const m = await criteriaMatrixReport(t.db, { asOf: '2020-06-01', setId: SET });
    expect(m.totals).toMatchObject({ communesWithData: 0, total: 0, communesInScope: 115 });
  });

  it('computes per-criterion attainment and bands from the marks, for a district named loosely', async () => {
    const a = await criteriaAttainmentReport(t.db, { asOf: '2020-12-31', district: 'Huyện TUẦN giao' });
    expect(a.scope.code).toBe('dien-bien/tuan-giao');
    expect(a.rows.map((r) => r.met)).toEqual([18, 12, 18, 10, 14, 11, 18, 16, 12, 0, 0, 18, 11, 13, 2, 12, 9, 14, 18]);
    expect(a.rows[7]!.textVi).toBe('16/18 = 88,88%');
    const b = await criteriaBandsReport(t.db, { asOf: '2020-12-31' });
    expect(b).toMatchObject({ units: 18, totalCriteriaMet: 226, averageVi: '12,56' });
  });

  it('refuses a district it cannot find, with a coded error', async () => {
    await expect(criteriaMatrixReport(t.db, { asOf: '2020-12-31', district: 'Huyện Không Có' })).rejects.toMatchObject({ code: 'REPORT.UNKNOWN_SCOPE' });
  });

  it('exports the matrix as a workbook laid out like the officials’ table, read back cell by cell', async () => {
    const m = await criteriaMatrixReport(t.db, { asOf: '2020-12-31', district: 'Tuần Giáo' });
    const path = join(dir, 'matrix.xlsx');
    await writeWorkbook(matrixWorkbook(m), path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    const L = MATRIX_LAYOUT;
    const c0 = L.firstCriterionColumn;
    expect(ws.getCell(L.titleRow, 1).value).toBe('KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ VỀ XÂY DỰNG NÔNG THÔN MỚI');
    expect(ws.getCell(L.subtitleRow, 1).value).toBe(`(Huyện Tuần Giáo, đến ngày 31/12/2020; bộ tiêu chí ${SET})`);
    expect(ws.getCell(L.groupRow, 1).value).toBe('STT');
    expect(ws.getCell(L.groupRow, c0).value).toBe('Nhóm 1: Quy hoạch');
    expect(ws.getCell(L.groupRow, c0 + 1).value).toBe('Nhóm 2: Hạ tầng kinh tế - xã hội');
    expect(ws.getCell(L.groupRow, c0 + 1).isMerged).toBe(true);
    expect(ws.getCell(L.nameRow, c0 + 1).value).toBe('Giao thông');
    expect(ws.getCell(L.codeRow, c0 + 18).value).toBe(19);
    expect(ws.getCell(L.groupRow, c0 + 19).value).toBe('Tổng số tiêu chí đạt');
    // District subtotal row, then its communes in order.
    const d = ws.getRow(L.firstDataRow);
    expect([d.getCell(1).value, d.getCell(2).value, d.getCell(c0 + 5).value, d.getCell(c0 + 17).value, d.getCell(c0 + 19).value]).toEqual([
      'I',
      'Tuần Giáo',
      11,
      14,
      226,
    ]);
    const communeRows = Array.from({ length: 18 }, (_, i) => ws.getRow(L.firstDataRow + 1 + i));
    const puXi = communeRows.find((r) => r.getCell(2).value === 'Pú Xi')!;
    expect(Array.from({ length: 19 }, (_, k) => puXi.getCell(c0 + k).value ?? null)).toEqual([
      1,
      null,
      1,
      null,
      null,
      null,
      1,
      null,
      null,
      null,
      null,
      1,
      1,
      null,
      null,
      null,
      null,
      1,
      1,
    ]);
    expect(puXi.getCell(c0 + 19).value).toBe(7);
    const totalRow = ws.getRow(L.firstDataRow + 19);
    expect(totalRow.getCell(2).value).toBe('Tổng số tiêu chí (huyện)');
    expect(totalRow.getCell(c0 + 19).value).toBe(226);
    const pct = ws.getRow(L.firstDataRow + 20);
    expect(pct.getCell(c0 + 1).value).toBeCloseTo(0.6666, 10); // 12/18, cut at two decimals of a percent
    expect(pct.getCell(c0 + 1).numFmt).toBe('0.00%');
  });

  it('writes the attainment chart as an SVG file with one bar per criterion', async () => {
    const a = await criteriaAttainmentReport(t.db, { asOf: '2021-06-30' });
    const path = join(dir, 'chart', 'attainment.svg');
    await writeText(chartSvg(a), path);
    expect(existsSync(path)).toBe(true);
    const svg = readFileSync(path, 'utf8');
    expect(svg.match(/class="bar"/g)).toHaveLength(19);
    expect(svg).toContain('Đến ngày 30/06/2021');
  });

  it('refuses to guess the criteria set when marks of two sets exist', async () => {
    await t.db.criteriaMark.create({
      data: {
        id: `x-${provider}`,
        unitCode: 'dien-bien/tuan-giao/pu-xi',
        setId: 'commune-ntm-2021-2025',
        criterion: '1',
        met: true,
        asOf: '2022-01-01',
        batchId: 'manual',
        recordedAt: new Date(),
      },
    });
    await expect(criteriaMatrixReport(t.db, { asOf: '2022-06-30' })).rejects.toMatchObject({ code: 'REPORT.SET_REQUIRED' });
    const m = await criteriaMatrixReport(t.db, { asOf: '2022-06-30', setId: SET });
    expect(m.totals.total).toBe(227);
  });
});

describe.each(PROVIDERS)('dossier pipeline report on %s', (provider) => {
  let t: TestDatabase;
  const at = (iso: string) => new Date(iso);
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedDienBienUnits(t.db);
    const dossier = (id: string, unit: string, stage: string, late: boolean, decisionDate: string | null) =>
      t.db.dossier.create({
        data: {
          id,
          unitCode: unit,
          title: 'commune.dat-chuan',
          planYear: 2024,
          criteriaSetId: 'commune-ntm-2021-2025',
          stage,
          level: 'province',
          late,
          workflowId: `wf-${id}`,
          runId: 'r1',
          decisionDate,
          createdAt: at('2024-03-01T01:00:00Z'),
          updatedAt: at('2024-12-01T01:00:00Z'),
        },
      });
    await dossier('qc', 'dien-bien/tuan-giao/quai-cang', 'recognised', false, '2024-11-20');
    await dossier('qn', 'dien-bien/tuan-giao/quai-nua', 'review', true, null);
    const entry = (id: string, dossierId: string, seq: number, type: string, fromStage: string, toStage: string, when: string) =>
      t.db.timelineEntry.create({ data: { eventId: id, dossierId, seq, type, fromStage, toStage, actorId: 'u', actorRole: 'system', at: at(when) } });
    await entry('qc1', 'qc', 1, 'commune.submitted', 'self_assessment', 'review', '2024-08-20T03:00:00Z');
    await entry('qc2', 'qc', 2, 'level.approved', 'review', 'approved', '2024-10-01T03:00:00Z');
    await entry('qc3', 'qc', 3, 'level.decided', 'decision_drafted', 'recognised', '2024-11-20T03:00:00Z');
    await entry('qn1', 'qn', 1, 'deadline.expired', 'self_assessment', 'self_assessment', '2024-09-01T00:00:00Z');
    await entry('qn2', 'qn', 2, 'commune.submitted', 'self_assessment', 'review', '2024-09-10T03:00:00Z');
    await t.db.plan.create({
      data: {
        id: 'p2024',
        year: 2024,
        unitCode: 'dien-bien/tuan-giao',
        data: JSON.stringify({ targets: [{ title: 'commune.dat-chuan', count: 3, sourceNote: 'seed 002' }] }),
        createdAt: at('2024-01-10T00:00:00Z'),
        updatedAt: at('2024-01-10T00:00:00Z'),
      },
    });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('counts dossiers by stage as they stood on the date, against the plan target', async () => {
    const end = await pipelineReport(t.db, { asOf: '2024-12-31' });
    const tg = end.districts.find((d) => d.code === 'dien-bien/tuan-giao')!;
    expect(tg.byStage).toMatchObject({ recognised: 1, review: 1 });
    expect(tg.late).toBe(1);
    expect(tg.targets).toEqual([{ title: 'commune.dat-chuan', target: 3, recognised: 1, remaining: 2 }]);

    const aug = await pipelineReport(t.db, { asOf: '2024-08-25', district: 'Tuần Giáo' });
    const tgAug = aug.districts[0]!;
    expect(tgAug.byStage).toMatchObject({ review: 1, self_assessment: 1, recognised: 0 });
    expect(tgAug.late).toBe(0);
    expect(tgAug.targets[0]).toMatchObject({ recognised: 0, remaining: 3 });

    const before = await pipelineReport(t.db, { asOf: '2024-02-01' });
    expect(before.totals.total).toBe(0);
  });
});
