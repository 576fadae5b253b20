import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCriteriaSet } from '../../domain/criteria';
import { parseCsv, validateCriteriaSheet } from '../../domain/import';
import {
  bandSpecs,
  buildCriteriaMatrix,
  buildPipelineReport,
  CriteriaMatrixSchema,
  criteriaAttainment,
  criteriaBands,
  diffMarks,
  formatHundredthsVi,
  formatRatioVi,
  marksAsOf,
  percentHundredths,
  renderAttainmentSvg,
  type CriteriaMatrix,
  type MarkRow,
  type UnitMarks,
} from '../../domain/reports';
import { DIEN_BIEN_ALIASES, DIEN_BIEN_UNITS } from '../../domain/units';

const SET = getCriteriaSet('commune-ntm-2016-2020');
if (!SET.ok) throw new Error('set');
const CRITERIA = SET.value.criteria;
const CODES = CRITERIA.map((c) => c.code);

function tuanGiaoMarks(): UnitMarks {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'import', 'tuan-giao-2020.csv'), 'utf8');
  const recs = parseCsv(text);
  if (!recs.ok) throw new Error('csv');
  const s = validateCriteriaSheet({ records: recs.value, criteria: CODES, units: DIEN_BIEN_UNITS, aliases: DIEN_BIEN_ALIASES });
  if (!s.ok) throw new Error('sheet');
  return Object.fromEntries(s.value.accepted.map((a) => [a.unitCode, a.marks]));
}

function matrix(marks: UnitMarks, scope = 'dien-bien'): CriteriaMatrix {
  const r = buildCriteriaMatrix({
    setId: SET.ok ? SET.value.id : '',
    asOf: '2021-06-15',
    criteria: CRITERIA,
    groups: SET.ok ? SET.value.groups : [],
    units: DIEN_BIEN_UNITS,
    marks,
    scope,
  });
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

describe('Vietnamese number format', () => {
  it('prints the ratios of seed 004 as the officials do, percentages cut at two decimals', () => {
    expect(formatRatioVi(55, 115)).toBe('55/115 = 47,82%');
    expect(formatRatioVi(111, 115)).toBe('111/115 = 96,52%');
    expect(formatRatioVi(24, 115)).toBe('24/115 = 20,86%');
    expect(formatRatioVi(102, 115)).toBe('102/115 = 88,69%');
    expect(formatRatioVi(69, 115)).toBe('69/115 = 60,00%');
    expect(formatRatioVi(55, 115, 'half-up')).toBe('55/115 = 47,83%');
  });

  it('groups thousands with a dot and never divides by zero', () => {
    expect(formatHundredthsVi(139000)).toBe('1.390,00');
    expect(formatRatioVi(0, 0)).toBe('0/0 = 0,00%');
  });

  it('never reports a truncated percentage above the exact one, nor more than a hundredth below', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (of, m) => {
        const met = m % (of + 1);
        const h = percentHundredths(met, of);
        expect(h * of).toBeLessThanOrEqual(met * 10000);
        expect((h + 1) * of).toBeGreaterThan(met * 10000);
      }),
    );
  });
});

describe('criteria matrix', () => {
  const m = matrix(tuanGiaoMarks());
  const tg = m.districts.find((d) => d.code === 'dien-bien/tuan-giao')!;

  it('has the documented JSON shape', () => {
    expect(CriteriaMatrixSchema.safeParse(m).success).toBe(true);
    expect(m.groups.map((g) => g.code)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('sums Tuần Giáo by criterion from the marks (226, not the printed 223)', () => {
    expect(tg.sums).toEqual([18, 12, 18, 10, 14, 11, 18, 16, 12, 0, 0, 18, 11, 13, 2, 12, 9, 14, 18]);
    expect(tg.total).toBe(226);
    expect(tg.communesWithData).toBe(18);
    expect(tg.communes.find((c) => c.code === 'dien-bien/tuan-giao/pu-xi')).toMatchObject({ total: 7, hasData: true });
  });

  it('lists communes without data but leaves them out of every count', () => {
    expect(m.districts).toHaveLength(10);
    expect(m.totals).toMatchObject({ communesWithData: 18, communesInScope: 115, total: 226 });
    const other = m.districts.find((d) => d.code === 'dien-bien/muong-cha')!;
    expect(other.communes.every((c) => !c.hasData && c.marks.every((x) => x === null))).toBe(true);
  });

  it('narrows to one district', () => {
    const d = matrix(tuanGiaoMarks(), 'dien-bien/tuan-giao');
    expect(d.scope).toEqual({ code: 'dien-bien/tuan-giao', name: 'Tuần Giáo', level: 'district' });
    expect(d.districts).toHaveLength(1);
    expect(d.totals.total).toBe(226);
  });

  it('refuses an unknown scope', () => {
    const r = buildCriteriaMatrix({ setId: 's', asOf: '2021-06-15', criteria: CRITERIA, units: DIEN_BIEN_UNITS, marks: {}, scope: 'dien-bien/nowhere' });
    expect(!r.ok && r.error.code).toBe('REPORT.UNKNOWN_SCOPE');
  });

  it('keeps row totals, column sums and the grand total consistent for any marks', () => {
    const communes = DIEN_BIEN_UNITS.filter((u) => u.level === 'commune').map((u) => u.code);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...communes), fc.constantFrom(...CODES), fc.boolean()), { maxLength: 300 }), (cells) => {
        const marks: Record<string, Record<string, boolean>> = {};
        for (const [u, c, met] of cells) (marks[u] ??= {})[c] = met;
        const mm = matrix(marks);
        const rowSum = mm.districts.flatMap((d) => d.communes).reduce((s, c) => s + c.total, 0);
        expect(mm.totals.total).toBe(rowSum);
        expect(mm.totals.sums.reduce((a, b) => a + b, 0)).toBe(rowSum);
        expect(mm.totals.communesWithData).toBe(Object.keys(marks).length);
      }),
    );
  });
});

describe('attainment and bands', () => {
  const m = matrix(tuanGiaoMarks());

  it('gives per criterion the communes meeting it out of the communes with data', () => {
    const a = criteriaAttainment(m);
    expect(a.units).toBe(18);
    expect(a.rows.find((r) => r.code === '2')).toMatchObject({ met: 12, of: 18, percent: 66.66, textVi: '12/18 = 66,66%' });
    expect(a.rows.find((r) => r.code === '15')).toMatchObject({ met: 2, textVi: '2/18 = 11,11%' });
  });

  it('puts each Tuần Giáo commune in its band and averages the criteria met', () => {
    const b = criteriaBands(m);
    expect(Object.fromEntries(b.bands.map((x) => [x.id, x.count]))).toEqual({ all: 0, '15-18': 5, '10-14': 9, '5-9': 4, 'below-5': 0 });
    // Ta Ma prints 9 but its marks give 10: the marks decide its band.
    expect(b.bands.find((x) => x.id === '10-14')!.unitCodes).toContain('dien-bien/tuan-giao/ta-ma');
    expect(b.bands.find((x) => x.id === '15-18')!.unitCodes).toContain('dien-bien/tuan-giao/quai-nua');
    expect(b.totalCriteriaMet).toBe(226);
    expect(b.averageVi).toBe('12,56'); // 226 / 18 = 12,555…
    expect(b.average).toBe(12.56);
  });

  it('rounds the average as seed 004 does (1390 criteria over 115 communes = 12,09)', () => {
    // 21 communes with all 19 criteria, the rest spread to a total of 1390 over 115 communes.
    const communes = DIEN_BIEN_UNITS.filter((u) => u.level === 'commune').map((u) => u.code);
    const marks: Record<string, Record<string, boolean>> = {};
    let left = 1390;
    communes.forEach((code, i) => {
      const n = Math.min(19, left - (communes.length - 1 - i) * 5, i < 21 ? 19 : 11);
      left -= n;
      marks[code] = Object.fromEntries(CODES.map((c, k) => [c, k < n]));
    });
    const b = criteriaBands(matrix(marks));
    expect(b.totalCriteriaMet).toBe(1390);
    expect(b.units).toBe(115);
    expect(b.averageVi).toBe('12,09');
    expect(b.bands[0]).toMatchObject({ id: 'all', count: 21, textVi: '21/115 = 18,26%' });
  });

  it('derives bands for a set with fewer criteria', () => {
    expect(bandSpecs(10).map((b) => b.id)).toEqual(['all', '5-9', 'below-5']);
    expect(bandSpecs(19).map((b) => [b.min, b.max])).toEqual([
      [19, 19],
      [15, 18],
      [10, 14],
      [5, 9],
      [0, 4],
    ]);
  });

  it('draws one bar per criterion with its percentage', () => {
    const svg = renderAttainmentSvg(criteriaAttainment(m));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/class="bar"/g)).toHaveLength(19);
    expect(svg).toContain('data-label="TC2" data-value="6666"');
    expect(svg).toContain('66,66%');
  });
});

describe('point in time', () => {
  const history: MarkRow[] = [
    { unitCode: 'a', criterion: '2', met: false, asOf: '2020-12-31' },
    { unitCode: 'a', criterion: '2', met: true, asOf: '2021-06-30' },
    { unitCode: 'a', criterion: '3', met: true, asOf: '2020-12-31' },
    { unitCode: 'b', criterion: '2', met: true, asOf: '2021-06-30' },
  ];

  it('takes per unit and criterion the newest mark dated on or before the date', () => {
    expect(marksAsOf(history, '2020-12-31')).toEqual({ a: { '2': false, '3': true } });
    expect(marksAsOf(history, '2021-06-29')).toEqual({ a: { '2': false, '3': true } });
    expect(marksAsOf(history, '2021-06-30')).toEqual({ a: { '2': true, '3': true }, b: { '2': true } });
    expect(marksAsOf(history, '2019-01-01')).toEqual({});
  });

  it('lists exactly the cells that changed between two dates', () => {
    expect(diffMarks(marksAsOf(history, '2020-12-31'), marksAsOf(history, '2021-12-31'))).toEqual([
      { unitCode: 'a', criterion: '2', from: false, to: true },
      { unitCode: 'b', criterion: '2', from: null, to: true },
    ]);
  });
});

describe('dossier pipeline report', () => {
  const dossiers = [
    { id: 'd1', unitCode: 'dien-bien/tuan-giao/quai-cang', title: 'commune.dat-chuan', stage: 'recognised', late: false, recognisedOn: '2024-11-20' },
    { id: 'd2', unitCode: 'dien-bien/tuan-giao/quai-nua', title: 'commune.dat-chuan', stage: 'review', late: true, recognisedOn: null },
    { id: 'd3', unitCode: 'dien-bien/tuan-giao/chieng-sinh', title: 'commune.dat-chuan', stage: 'recognised', late: false, recognisedOn: '2023-10-01' },
    {
      id: 'd4',
      unitCode: 'dien-bien/dien-bien/muong-pon/muong-pon-1',
      title: 'village.dat-chuan',
      stage: 'recognised',
      late: false,
      recognisedOn: '2024-10-30',
    },
    { id: 'd5', unitCode: 'lai-chau/tam-duong/ban-bo', title: 'commune.dat-chuan', stage: 'review', late: false, recognisedOn: null },
  ];
  const plans = [
    {
      unitCode: 'dien-bien/tuan-giao',
      year: 2024,
      targets: [
        { title: 'commune.dat-chuan', count: 3 },
        { title: 'village.dat-chuan', count: 12 },
      ],
    },
    { unitCode: 'dien-bien/tuan-giao', year: 2023, targets: [{ title: 'commune.dat-chuan', count: 9 }] },
  ];
  const r = buildPipelineReport({ asOf: '2024-12-31', year: 2024, scope: 'dien-bien', units: DIEN_BIEN_UNITS, dossiers, plans });
  if (!r.ok) throw new Error(r.error.messageEn);
  const tg = r.value.districts.find((d) => d.code === 'dien-bien/tuan-giao')!;

  it('counts Tuần Giáo dossiers by stage and late ones', () => {
    expect(tg.total).toBe(3);
    expect(tg.byStage).toMatchObject({ recognised: 2, review: 1, self_assessment: 0 });
    expect(tg.late).toBe(1);
  });

  it('sets recognitions of the year against the plan target ("03 xã đạt chuẩn")', () => {
    expect(tg.recognisedThisYear).toEqual({ 'commune.dat-chuan': 1 });
    expect(tg.targets).toEqual([
      { title: 'commune.dat-chuan', target: 3, recognised: 1, remaining: 2 },
      { title: 'village.dat-chuan', target: 12, recognised: 0, remaining: 12 },
    ]);
  });

  it('places a village dossier under its district, and lists dossiers outside the province', () => {
    const db = r.ok ? r.value.districts.find((d) => d.code === 'dien-bien/dien-bien')! : undefined;
    expect(db?.recognisedThisYear).toEqual({ 'village.dat-chuan': 1 });
    expect(r.ok && r.value.unplaced).toEqual(['d5']);
    expect(r.ok && r.value.totals.total).toBe(4);
  });
});
