/**
 * Issue 18: the pipeline report counted in SQL (app/reports.ts pipelineReport: GROUP BY the columns the
 * projection keeps, store/report-facts.ts) gives exactly the figures of the report read row by row
 * (pipelineReportByRows: every dossier and its timeline grouped by the units of the day) — for both
 * worlds (three-tier until 30/6/2025, the two-tier province after), for dates before and after events,
 * recognitions, late flags, dossiers of abolished units, of the province itself and of another province;
 * whether the columns were written by the projection's function, by the migration's backfill, or not
 * at all (rows written by other means are rebuilt from their timelines). On SQLite and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineReport, pipelineReportByRows } from '../../app/reports';
import { seedReferenceData } from '../../app/seed';
import { refreshReportFacts } from '../../store/report-facts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../support/databases';

const NOW = new Date('2026-12-01T03:00:00.000Z');

const P = 'dien-bien';
const QUERIES: { asOf: string; year?: number; district?: string; province?: string }[] = [
  { asOf: '2024-02-01', province: P },
  { asOf: '2024-08-25', province: P },
  { asOf: '2024-08-25', district: 'dien-bien/tuan-giao' },
  { asOf: '2024-12-31', province: P },
  { asOf: '2024-12-31', province: P, year: 2025 },
  { asOf: '2024-12-31', district: 'dien-bien/tuan-giao' },
  { asOf: '2024-12-31', province: 'lai-chau' },
  { asOf: '2025-06-30', province: P },
  { asOf: '2025-07-01', province: P },
  { asOf: '2026-03-01', province: P },
  { asOf: '2026-12-31', province: P },
  { asOf: '2026-12-31', province: P, year: 2024 },
  { asOf: '2026-12-31', province: 'lai-chau' },
];

describe.each(PROVIDERS)('pipeline report in SQL against the report read row by row (%s)', (provider) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedReferenceData(t.db, NOW);
    // Another province, so a province report has dossiers outside it to leave unplaced.
    await t.db.unit.create({ data: { code: 'lai-chau', level: 'province', name: 'Lai Châu' } });
    await t.db.unit.create({ data: { code: 'lai-chau/tam-duong', level: 'district', name: 'Tam Đường', parentCode: 'lai-chau' } });
    await t.db.unit.create({ data: { code: 'lai-chau/tam-duong/ban-giang', level: 'commune', name: 'Bản Giang', parentCode: 'lai-chau/tam-duong' } });
    const village = await t.db.unit.findFirst({ where: { level: 'village', validTo: { not: null } }, select: { code: true } });
    const newCommunes = (
      await t.db.unit.findMany({ where: { level: 'commune', validFrom: '2025-07-01' }, select: { code: true }, orderBy: { code: 'asc' }, take: 3 })
    ).map((u) => u.code);
    expect(village).not.toBeNull();
    expect(newCommunes).toHaveLength(3);
    const dossier = (
      id: string,
      unitCode: string,
      stage: string,
      late: boolean,
      createdAt: string,
      decisionDate: string | null = null,
      title = 'commune.dat-chuan',
    ) =>
      t.db.dossier.create({
        data: {
          id,
          unitCode,
          title,
          planYear: Number(createdAt.slice(0, 4)),
          criteriaSetId: 'commune-ntm-2021-2025',
          stage,
          level: 'province',
          late,
          workflowId: `wf-${id}`,
          runId: 'r1',
          decisionDate,
          createdAt: new Date(createdAt),
          updatedAt: new Date(createdAt),
        },
      });
    const entry = (dossierId: string, seq: number, type: string, fromStage: string, toStage: string, when: string) =>
      t.db.timelineEntry.create({
        data: { eventId: `${dossierId}-${seq}`, dossierId, seq, type, fromStage, toStage, actorId: 'u', actorRole: 'system', at: new Date(when) },
      });
    // Three-tier world: recognised with a decision date, late then submitted, no timeline at all, a
    // recognition recorded without a decision date, a village, a district-level and a province-level one.
    await dossier('qc', 'dien-bien/tuan-giao/quai-cang', 'recognised', false, '2024-03-01T01:00:00Z', '2024-11-20');
    await entry('qc', 1, 'commune.submitted', 'self_assessment', 'review', '2024-08-20T03:00:00Z');
    await entry('qc', 2, 'level.approved', 'review', 'approved', '2024-10-01T03:00:00Z');
    await entry('qc', 3, 'level.decided', 'decision_drafted', 'recognised', '2024-11-20T03:00:00Z');
    await dossier('qn', 'dien-bien/tuan-giao/quai-nua', 'review', true, '2024-03-01T01:00:00Z');
    await entry('qn', 1, 'deadline.expired', 'self_assessment', 'self_assessment', '2024-09-01T00:00:00Z');
    await entry('qn', 2, 'commune.submitted', 'self_assessment', 'review', '2024-09-10T03:00:00Z');
    await dossier('mn', 'dien-bien/muong-nhe/muong-nhe', 'self_assessment', true, '2024-04-01T01:00:00Z');
    await dossier('rd', 'dien-bien/tuan-giao/quai-to', 'recognised', false, '2024-04-01T01:00:00Z', '2024-12-05');
    await dossier('rx', 'dien-bien/tuan-giao/chieng-sinh', 'recognised', false, '2024-04-01T01:00:00Z', 'số 12/QĐ-UBND');
    await entry('rx', 1, 'level.decided', 'decision_drafted', 'recognised', '2024-12-30T16:30:00Z');
    await dossier('vl', village!.code, 'review', false, '2024-05-01T01:00:00Z', null, 'village.dat-chuan');
    await entry('vl', 1, 'village.submitted', 'drafting', 'review', '2024-06-01T03:00:00Z');
    await dossier('dt', 'dien-bien/tuan-giao', 'self_assessment', false, '2024-05-01T01:00:00Z', null, 'district.dat-chuan');
    await dossier('pv', 'dien-bien', 'self_assessment', false, '2024-05-01T01:00:00Z', null, 'province.dat-chuan');
    await dossier('lc', 'lai-chau/tam-duong/ban-giang', 'review', false, '2024-05-01T01:00:00Z');
    // Two-tier world: new communes (one recognised in 2026, one late), one opened on an abolished commune.
    await dossier('n1', newCommunes[0]!, 'recognised', false, '2026-02-01T01:00:00Z', '2026-10-15');
    await entry('n1', 1, 'commune.submitted', 'self_assessment', 'review', '2026-05-01T03:00:00Z');
    await entry('n1', 2, 'level.decided', 'decision_drafted', 'recognised', '2026-10-15T03:00:00Z');
    await dossier('n2', newCommunes[1]!, 'review', true, '2026-02-01T01:00:00Z');
    await entry('n2', 1, 'deadline.expired', 'self_assessment', 'self_assessment', '2026-04-01T00:00:00Z');
    await entry('n2', 2, 'commune.submitted', 'self_assessment', 'review', '2026-06-01T03:00:00Z');
    await dossier('n3', newCommunes[2]!, 'self_assessment', false, '2026-11-01T01:00:00Z');
    await dossier('ab', 'dien-bien/tuan-giao/chieng-sinh', 'self_assessment', false, '2026-03-01T01:00:00Z', null, 'commune.nang-cao');
  }, 180_000);

  afterAll(async () => {
    await t?.drop();
  });

  const expectSameFigures = async () => {
    for (const q of QUERIES) {
      const [bySql, byRows] = await Promise.all([pipelineReport(t.db, q), pipelineReportByRows(t.db, q)]);
      const { forecast: _forecast, ...sql } = bySql;
      expect({ q, report: sql }).toEqual({ q, report: byRows });
    }
  };

  it('agrees with the rows when no dossier has its columns worked out (every one rebuilt from its timeline)', async () => {
    expect(await t.db.dossier.count({ where: { reportStage: { not: null } } })).toBe(0);
    await expectSameFigures();
    // The figures the dates call for, so the comparison is not of two empty reports.
    const end2024 = await pipelineReport(t.db, { asOf: '2024-12-31', province: P });
    const tg = end2024.districts.find((d) => d.code === 'dien-bien/tuan-giao')!;
    expect(tg.total).toBeGreaterThanOrEqual(5);
    expect(tg).toMatchObject({ late: 1, recognisedThisYear: { 'commune.dat-chuan': 3 } });
    expect(end2024.unplaced).toEqual(['lc', 'pv']);
  });

  it('agrees with the rows once the projection has worked the columns out (counted by GROUP BY)', async () => {
    for (const d of await t.db.dossier.findMany({ select: { id: true } })) await refreshReportFacts(t.db, d.id);
    expect(await t.db.dossier.count({ where: { reportStage: null } })).toBe(0);
    const vl = await t.db.dossier.findUniqueOrThrow({ where: { id: 'vl' } });
    expect(vl).toMatchObject({ reportStage: 'review', districtCode: vl.unitCode.split('/').slice(0, 2).join('/') });
    expect(await t.db.dossier.findUniqueOrThrow({ where: { id: 'qn' } })).toMatchObject({ reportStage: 'review', reportLate: true });
    expect(await t.db.dossier.findUniqueOrThrow({ where: { id: 'n1' } })).toMatchObject({ reportStage: 'recognised', districtCode: '' });
    await expectSameFigures();
    const now = await pipelineReport(t.db, { asOf: '2026-12-31', province: P });
    // The province's block: the new communes' dossiers and the province's own; the old world's unplaced.
    expect(now.totals).toMatchObject({ total: 4, late: 1, recognisedThisYear: { 'commune.dat-chuan': 1 } });
    expect(now.unplaced).toEqual(['ab', 'dt', 'mn', 'qc', 'qn', 'rd', 'rx', 'vl']);
  });

  it('writes through the migration’s backfill exactly the columns the projection writes', async () => {
    const columns = { id: true, reportStage: true, reportLate: true, recognisedAt: true, lastEventAt: true, districtCode: true } as const;
    const projected = await t.db.dossier.findMany({ select: columns, orderBy: { id: 'asc' } });
    await t.db.dossier.updateMany({ data: { reportStage: null, reportLate: false, recognisedAt: null, lastEventAt: null, districtCode: null } });
    const dir = provider === 'sqlite' ? 'migrations' : 'migrations-postgresql';
    const sql = readFileSync(join(__dirname, '..', '..', 'prisma', dir, '20261202071536_pipeline_report_facts', 'migration.sql'), 'utf8');
    await t.db.$executeRawUnsafe(sql.slice(sql.indexOf('UPDATE "Dossier"')));
    expect(await t.db.dossier.findMany({ select: columns, orderBy: { id: 'asc' } })).toEqual(projected);
    await expectSameFigures();
  });
});
