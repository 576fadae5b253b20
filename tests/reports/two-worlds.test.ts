/**
 * The two worlds from one database: the seeds' three-tier world (districts, 115 communes, until
 * 30/6/2025) and the two-tier one (45 commune-level units directly under the province, from
 * 1/7/2025). Reports for a date use that date's units; the planner picks the pipeline, the reviewers
 * and the commune-group rule by the plan year's date. SQLite half only (the queries are the same).
 */
import { randomUUID } from 'node:crypto';
import { criteriaMatrixReport, pipelineReport } from '../../app/reports';
import { unitHistory } from '../../app/unit-history';
import { demoPlanYear, planDossierFor } from '../../app/plans';
import { SEEDED_PLANS, seedReferenceData } from '../../app/seed';
import { findDepartment } from '../../domain/departments';
import { AppError } from '../../domain/errors';
import { predecessorsOf, unitsAt, type Unit } from '../../domain/units';
import { loadUnits } from '../../store/units';
import { createTestDatabase, type TestDatabase } from '../support/databases';

let t: TestDatabase;
let units: Unit[];
const NOW = new Date('2026-12-01T03:00:00.000Z');

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, NOW);
  units = await loadUnits(t.db);
  const mark = (unitCode: string, setId: string, criterion: string, met: boolean, asOf: string) => ({
    id: randomUUID(),
    unitCode,
    setId,
    criterion,
    met,
    asOf,
    batchId: 'test',
    recordedAt: NOW,
  });
  await t.db.criteriaMark.createMany({
    data: [
      mark('dien-bien/tuan-giao/quai-cang', 'commune-ntm-2021-2025', '1', true, '2024-12-31'),
      mark('dien-bien/tuan-giao/quai-nua', 'commune-ntm-2021-2025', '1', false, '2024-12-31'),
      mark('dien-bien/xa-tuan-giao', 'commune-ntm-2026-2030', '1', true, '2026-12-31'),
      mark('dien-bien/xa-quai-to', 'commune-ntm-2026-2030', '1', true, '2026-12-31'),
    ],
  });
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

describe('units in the database', () => {
  it('holds both periods with validity and the sourced links, and seeding again changes nothing', async () => {
    expect(unitsAt(units, '2024-12-31').filter((u) => u.level === 'commune')).toHaveLength(115);
    expect(unitsAt(units, '2024-12-31').filter((u) => u.level === 'district')).toHaveLength(10);
    expect(unitsAt(units, '2026-12-31').filter((u) => u.level === 'commune')).toHaveLength(45);
    expect(unitsAt(units, '2026-12-31').filter((u) => u.level === 'district')).toHaveLength(0);
    const before = await t.db.unit.count();
    const links = await t.db.unitLink.count();
    expect(links).toBe(3 + 3 + 2 + 2 + 2 + 4);
    await seedReferenceData(t.db, NOW);
    expect(await t.db.unit.count()).toBe(before);
    expect(await t.db.unitLink.count()).toBe(links);
    const nhe = predecessorsOf(units, 'dien-bien/xa-muong-nhe').map((e) => e.unit.code);
    expect(nhe).toEqual(['dien-bien/muong-nhe/muong-nhe', 'dien-bien/muong-nhe/nam-vi', 'dien-bien/muong-nhe/chung-chai']);
    expect(units.find((u) => u.code === 'dien-bien/xa-muong-nhe')?.predecessorsComplete).toBe(true);
  });
});

describe('reports for a date use the units of that date', () => {
  it('31/12/2024: the province by its 10 districts and 115 communes', async () => {
    const m = await criteriaMatrixReport(t.db, { asOf: '2024-12-31', setId: 'commune-ntm-2021-2025' });
    expect(m.scope).toEqual({ code: 'dien-bien', name: 'Điện Biên', level: 'province' });
    expect(m.districts).toHaveLength(10);
    expect(m.totals.communesInScope).toBe(115);
    expect(m.totals.communesWithData).toBe(2);
    expect(m.totals.sums[0]).toBe(1);
  });
  it('31/12/2026: the same province as one block of its 45 commune-level units', async () => {
    const m = await criteriaMatrixReport(t.db, { asOf: '2026-12-31', setId: 'commune-ntm-2026-2030' });
    expect(m.scope.level).toBe('province');
    expect(m.districts).toHaveLength(1);
    expect(m.totals.communesInScope).toBe(45);
    expect(m.totals.communesWithData).toBe(2);
    expect(m.districts[0]!.communes.some((c) => c.code === 'dien-bien/tuan-giao/quai-cang')).toBe(false);
  });
  it('a district exists in 2024 and not in 2026', async () => {
    await expect(criteriaMatrixReport(t.db, { asOf: '2024-12-31', setId: 'commune-ntm-2021-2025', district: 'Tuần Giáo' })).resolves.toMatchObject({
      scope: { code: 'dien-bien/tuan-giao' },
    });
    await expect(criteriaMatrixReport(t.db, { asOf: '2026-12-31', setId: 'commune-ntm-2026-2030', district: 'Tuần Giáo' })).rejects.toMatchObject({
      code: 'REPORT.UNKNOWN_SCOPE',
    });
  });
  it('the pipeline: 2024 by district, 2026 as one province block; a dossier of an abolished commune is unplaced in 2026', async () => {
    const row = (id: string, unitCode: string, planYear: number, stage: string, createdAt: string, decisionDate: string | null = null) => ({
      id,
      unitCode,
      title: 'commune.dat-chuan',
      planYear,
      criteriaSetId: planYear >= 2026 ? 'commune-ntm-2026-2030' : 'commune-ntm-2021-2025',
      stage,
      level: planYear >= 2026 ? 'province' : 'district',
      workflowId: `w-${id}`,
      runId: 'r',
      decisionDate,
      createdAt: new Date(createdAt),
      updatedAt: new Date(createdAt),
    });
    await t.db.dossier.createMany({
      data: [
        row('p-2024-quai-cang', 'dien-bien/tuan-giao/quai-cang', 2024, 'recognised', '2024-03-01T00:00:00Z', '2024-11-28'),
        row('p-2024-quai-nua', 'dien-bien/tuan-giao/quai-nua', 2024, 'review', '2024-03-01T00:00:00Z'),
        row('p-2026-tuan-giao', 'dien-bien/xa-tuan-giao', 2026, 'review', '2026-03-01T00:00:00Z'),
        row('p-2026-quai-to', 'dien-bien/xa-quai-to', 2026, 'self_assessment', '2026-03-01T00:00:00Z'),
        row('p-2026-old', 'dien-bien/tuan-giao/chieng-sinh', 2026, 'self_assessment', '2026-03-01T00:00:00Z'),
      ],
    });
    try {
      const old = await pipelineReport(t.db, { asOf: '2024-12-31', year: 2024 });
      expect(old.scope).toMatchObject({ code: 'dien-bien', level: 'province' });
      expect(old.districts).toHaveLength(10);
      const tg = old.districts.find((d) => d.code === 'dien-bien/tuan-giao')!;
      expect(tg).toMatchObject({ name: 'Tuần Giáo', total: 2, recognisedThisYear: { 'commune.dat-chuan': 1 } });
      expect(tg.byStage).toMatchObject({ recognised: 1, review: 1 });
      expect(old.unplaced).toEqual([]);

      const now = await pipelineReport(t.db, { asOf: '2026-12-31', year: 2026 });
      expect(now.scope).toMatchObject({ code: 'dien-bien', level: 'province' });
      expect(now.districts.map((d) => d.code)).toEqual(['dien-bien']);
      expect(now.totals).toMatchObject({ total: 2, byStage: { review: 1, self_assessment: 1 } });
      // Every dossier of a commune abolished on 1/7/2025 (whatever its plan year) is named, none counted.
      expect([...now.unplaced].sort()).toEqual(['p-2024-quai-cang', 'p-2024-quai-nua', 'p-2026-old']);
    } finally {
      await t.db.dossier.deleteMany({ where: { id: { startsWith: 'p-20' } } });
    }
  });
});

describe('the planner by the plan year', () => {
  const unit = (code: string) => units.find((u) => u.code === code)!;
  it('refuses a 2026-2030 commune dossier for a commune without a group, naming it', () => {
    let error: unknown;
    try {
      planDossierFor({ unit: unit('dien-bien/xa-tuan-giao'), units, title: 'commune.dat-chuan', planYear: 2026 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CRITERIA.COMMUNE_GROUP_REQUIRED', path: 'communeGroup' });
    expect((error as AppError).message).toContain('Tuần Giáo');
  });
  it('plans a 2026 commune dossier commune → province, reviewed by provincial departments', () => {
    const withGroup = units.map((u) => (u.code === 'dien-bien/xa-tuan-giao' ? { ...u, communeGroup: 3 as const } : u));
    const { dossier } = planDossierFor({
      unit: withGroup.find((u) => u.code === 'dien-bien/xa-tuan-giao')!,
      units: withGroup,
      title: 'commune.dat-chuan',
      planYear: 2026,
    });
    expect(dossier.criteriaSetId).toBe('commune-ntm-2026-2030');
    expect(dossier.communeGroup).toBe(3);
    expect(dossier.levels.map((l) => [l.level, l.unitCode])).toEqual([['province', 'dien-bien']]);
    const departments = new Set(dossier.levels[0]!.reviewers.map((r) => r.department));
    expect([...departments].every((d) => findTier(d) === 'province')).toBe(true);
  });
  it('plans a 2024 commune dossier through the district with district departments', () => {
    const { dossier } = planDossierFor({ unit: unit('dien-bien/tuan-giao/quai-cang'), units, title: 'commune.dat-chuan', planYear: 2024 });
    expect(dossier.levels.map((l) => l.level)).toEqual(['district', 'province']);
    expect(dossier.levels[0]!.reviewers.every((r) => findTier(r.department) === 'district')).toBe(true);
  });
  it('plans a two-tier village dossier with its commune as the one level', () => {
    const village: Unit = {
      code: 'dien-bien/xa-tuan-giao/ban-thu',
      level: 'village',
      name: 'Bản Thử',
      parentCode: 'dien-bien/xa-tuan-giao',
      validFrom: '2025-07-01',
    };
    const { dossier } = planDossierFor({ unit: village, units: [...units, village], title: 'village.dat-chuan', planYear: 2026 });
    expect(dossier.levels).toEqual([{ level: 'commune', unitCode: 'dien-bien/xa-tuan-giao', reviewers: [], council: true, decides: true }]);
    expect(dossier.submitterUnitCode).toBe('dien-bien/xa-tuan-giao');
  });
  it('the demo campaign is the plan year whose deadlines lie ahead', () => {
    expect(demoPlanYear(SEEDED_PLANS, new Date('2026-03-01T00:00:00Z'))?.year).toBe(2026);
    expect(demoPlanYear(SEEDED_PLANS, NOW)?.year).toBe(2027);
    expect(demoPlanYear(SEEDED_PLANS, NOW)?.pipeline).toBe('commune-province');
    expect(demoPlanYear(SEEDED_PLANS, new Date('2028-01-01T00:00:00Z'))).toBeUndefined();
  });
});

function findTier(code: string): string | undefined {
  return findDepartment(code)?.tier;
}

describe("a new commune's page shows its predecessors' history", () => {
  it('lists the communes Mường Nhé was formed from with their source, recognitions and marks', async () => {
    await t.db.dossier.create({
      data: {
        id: 'd-old-muong-nhe',
        unitCode: 'dien-bien/muong-nhe/nam-vi',
        title: 'commune.dat-chuan',
        planYear: 2024,
        criteriaSetId: 'commune-ntm-2021-2025',
        stage: 'recognised',
        level: 'province',
        workflowId: 'w',
        runId: 'r',
        decisionNumber: '12/QĐ-UBND',
        decisionDate: '2024-12-20',
        createdAt: NOW,
        updatedAt: NOW,
      },
    });
    await t.db.criteriaMark.create({
      data: {
        id: randomUUID(),
        unitCode: 'dien-bien/muong-nhe/chung-chai',
        setId: 'commune-ntm-2021-2025',
        criterion: '2',
        met: true,
        asOf: '2024-12-31',
        batchId: 'b',
        recordedAt: NOW,
      },
    });
    const h = await unitHistory(t.db, 'dien-bien/xa-muong-nhe');
    expect(h.predecessors.map((p) => p.name)).toEqual(['Mường Nhé', 'Nậm Vi', 'Chung Chải']);
    expect(h.predecessors.every((p) => p.source.length > 0 && p.validTo === '2025-06-30')).toBe(true);
    expect(h.recognitions).toEqual([
      {
        unitCode: 'dien-bien/muong-nhe/nam-vi',
        unitName: 'Nậm Vi',
        title: 'commune.dat-chuan',
        planYear: 2024,
        decisionNumber: '12/QĐ-UBND',
        decisionDate: '2024-12-20',
      },
    ]);
    expect(h.marks).toContainEqual({
      unitCode: 'dien-bien/muong-nhe/chung-chai',
      setId: 'commune-ntm-2021-2025',
      asOf: '2024-12-31',
      met: 1,
      of: 1,
      criteria: { '2': true },
    });
    const old = await unitHistory(t.db, 'dien-bien/muong-nhe/nam-vi');
    expect(old.successors.map((s) => s.code)).toEqual(['dien-bien/xa-muong-nhe']);
  });
});
