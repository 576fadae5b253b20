/**
 * `importCriteriaSetFile` (app/criteria-sets.ts) and the succession-sheet path of `importUnitsFile`
 * against a real database (SQLite half): versions, in-use sets, bad rows refused with their place,
 * nothing written on a refusal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCriteriaSetFile, resolveCriteriaSet } from '../../app/criteria-sets';
import { importUnitsFile } from '../../app/imports';
import { seedReferenceData } from '../../app/seed';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { tempDir, writeTemp } from './db-helpers';

const EXAMPLES = join(__dirname, '..', '..', 'domain', 'criteria', 'examples');
const NOW = new Date('2026-12-01T03:00:00.000Z');
let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, NOW);
  dir = tempDir();
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

async function refusal(p: Promise<unknown>): Promise<{ code: string; path?: string; messageVi: string; messageEn: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('expected a refusal');
}

describe('criteria sets an office loads', () => {
  it('loads the shipped 2026-2030 example JSON: same as the built-in frame, so nothing is written', async () => {
    const o = await importCriteriaSetFile(t.db, { path: join(EXAMPLES, 'commune-ntm-2026-2030.json') });
    expect(o.id).toBe('commune-ntm-2026-2030');
    expect(['unchanged', 'replaced', 'created']).toContain(o.status);
    expect(o.criteria).toBe(10);
    expect(o.sourcedThresholds).toBe(0);
  });

  it('a changed set of an id no dossier uses is stored; loading it again changes nothing; the registry returns it', async () => {
    const set = JSON.parse(readFileSync(join(EXAMPLES, 'commune-ntm-2026-2030.json'), 'utf8')) as { id: string; nameVi: string; version?: number };
    const file = writeTemp(dir, 'office.json', JSON.stringify({ ...set, id: 'office-set', nameVi: 'Bộ của tỉnh', version: 1 }));
    expect((await importCriteriaSetFile(t.db, { path: file })).status).toBe('created');
    expect((await importCriteriaSetFile(t.db, { path: file })).status).toBe('unchanged');
    expect((await resolveCriteriaSet(t.db, 'office-set')).nameVi).toBe('Bộ của tỉnh');
    expect(await t.db.criteriaSetVersion.count({ where: { setId: 'office-set' } })).toBe(1);
  });

  it('never changes a version in use in place: a dossier on it makes a changed file a refusal naming the next version', async () => {
    await t.db.dossier.create({
      data: {
        id: 'd-office',
        unitCode: 'dien-bien/xa-tuan-giao',
        title: 'commune.dat-chuan',
        planYear: 2026,
        criteriaSetId: 'office-set',
        stage: 'self_assessment',
        level: 'commune',
        workflowId: 'w',
        runId: 'r',
        createdAt: NOW,
        updatedAt: NOW,
      },
    });
    const set = JSON.parse(readFileSync(join(EXAMPLES, 'commune-ntm-2026-2030.json'), 'utf8')) as Record<string, unknown>;
    const changed = writeTemp(dir, 'office-2.json', JSON.stringify({ ...set, id: 'office-set', nameVi: 'Bộ của tỉnh (sửa)', version: 1 }));
    const e = await refusal(importCriteriaSetFile(t.db, { path: changed }));
    expect(e).toMatchObject({ code: 'CRITERIA.VERSION_IN_USE', path: 'version' });
    expect((e.details as { next: number }).next).toBe(2);
    const v2 = writeTemp(dir, 'office-3.json', JSON.stringify({ ...set, id: 'office-set', nameVi: 'Bộ của tỉnh (sửa)', version: 2 }));
    expect((await importCriteriaSetFile(t.db, { path: v2 })).status).toBe('new-version');
    expect((await resolveCriteriaSet(t.db, 'office-set')).version).toBe(2);
    expect(await t.db.criteriaSetVersion.findFirst({ where: { setId: 'office-set', version: 1 } })).toMatchObject({ inUse: true });
  });

  it('refuses a JSON syntax error at its line and column, writing nothing', async () => {
    const before = await t.db.criteriaSetVersion.count();
    const file = writeTemp(dir, 'broken.json', '{\n  "id": "x",\n  "nameVi": oops\n}');
    const e = await refusal(importCriteriaSetFile(t.db, { path: file }));
    expect(e.code).toBe('CRITERIA_FILE.JSON_SYNTAX');
    // The position is given when the JSON engine reports one (Node 20 does not for every error).
    if (e.path !== undefined) expect(e.path).toMatch(/^line 3, column \d+$/);
    expect(await t.db.criteriaSetVersion.count()).toBe(before);
  });

  it('refuses annex rows with a threshold for a group the set does not have, and bad rows, each by line and column', async () => {
    const before = await t.db.criteriaSetVersion.count();
    const csv = readFileSync(join(EXAMPLES, 'commune-ntm-2026-2030.csv'), 'utf8').split('\n');
    const header = csv[0]!.replace('group_3', 'group_4');
    const file = writeTemp(dir, 'group4.csv', [header, ...csv.slice(1)].join('\n'));
    const e = await refusal(importCriteriaSetFile(t.db, { path: file, setId: 'commune-ntm-2026-2030' }));
    expect(e.code).toBe('CRITERIA_FILE.INVALID');
    expect(JSON.stringify(e.details)).toContain('CRITERIA_FILE.UNKNOWN_GROUP');
    expect(e.path).toMatch(/^line 1, column /);
    const badRow = writeTemp(dir, 'badrow.csv', [csv[0], '1,Quy hoạch,Planning,,,,,,,,,,,,', '1,,,,Không mã,No code,,judgement,,,,,,false,'].join('\n'));
    const e2 = await refusal(importCriteriaSetFile(t.db, { path: badRow, setId: 'commune-ntm-2026-2030' }));
    expect(e2.code).toBe('CRITERIA_FILE.INVALID');
    expect(e2.path).toMatch(/^line \d+, column /);
    const noFrame = await refusal(importCriteriaSetFile(t.db, { path: badRow }));
    expect(noFrame).toMatchObject({ code: 'IMPORT.SET_REQUIRED', path: 'set' });
    expect(await t.db.criteriaSetVersion.count()).toBe(before);
  });
});

describe('unit list with succession into the database', () => {
  const HEAD = 'level,code,name,parent,validFrom,validTo,predecessors,source';
  it('imports a village of a new commune from 1/7/2025 with its sourced predecessor', async () => {
    const file = writeTemp(
      dir,
      'villages.csv',
      [
        HEAD,
        'village,dien-bien/xa-muong-pon/ban-moi,Bản Mới,dien-bien/xa-muong-pon,2025-07-01,,dien-bien/dien-bien/muong-pon/co-chay-1,Quyết định mẫu của tỉnh',
      ].join('\n'),
    );
    const o = await importUnitsFile({ db: t.db, now: () => NOW }, { path: file });
    expect(o.rejected.flatMap((r) => r.faults.map((f) => f.messageEn))).toEqual([]);
    expect(o).toMatchObject({ status: 'imported', created: 1 });
    expect(await t.db.unitLink.findMany({ where: { unitCode: 'dien-bien/xa-muong-pon/ban-moi' } })).toHaveLength(1);
  });

  it('refuses a succession cycle and an overlapping version, naming the line, writing nothing', async () => {
    const units = await t.db.unit.count();
    const links = await t.db.unitLink.count();
    const file = writeTemp(
      dir,
      'cycle.csv',
      [
        HEAD,
        'commune,dien-bien/xa-a,A,dien-bien,2025-07-01,,dien-bien/xa-b,Nguồn',
        'commune,dien-bien/xa-b,B,dien-bien,2025-07-01,,dien-bien/xa-a,Nguồn',
        'commune,dien-bien/xa-tuan-giao,Tuần Giáo,dien-bien,2026-01-01,,,Nguồn',
      ].join('\n'),
    );
    const o = await importUnitsFile({ db: t.db, now: () => NOW }, { path: file });
    expect(o.status).toBe('rejected');
    const faults = o.rejected.flatMap((r) => r.faults.map((f) => `${f.code} ${f.line}`));
    expect(faults.length).toBeGreaterThan(0);
    expect(faults.join(' ')).toMatch(/ 2| 3| 4/);
    expect(await t.db.unit.count()).toBe(units);
    expect(await t.db.unitLink.count()).toBe(links);
  });
});
