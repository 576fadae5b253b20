import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { importCriteriaFile, importUnitsFile } from '../../app/imports';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { counts, FIXTURES, HEADER, seedDienBienUnits, tempDir, writeTemp } from './db-helpers';

const SET = 'commune-ntm-2016-2020';
const fixed = () => new Date('2021-06-15T03:00:00Z');

describe.each(PROVIDERS)('criteria import on %s', (provider) => {
  let t: TestDatabase;
  const dir = tempDir();
  const tuanGiao = join(FIXTURES, 'tuan-giao-2020.csv');
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedDienBienUnits(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });
  const deps = () => ({ db: t.db, now: fixed });

  it("imports seed 004's Tuần Giáo rows and reports every stated total that disagrees", async () => {
    const out = await importCriteriaFile(deps(), { path: tuanGiao, setId: SET, asOf: '2020-12-31' });
    expect(out).toMatchObject({ status: 'imported', rows: 18, accepted: 18, written: 18 * 19, unchanged: 0, rejected: [] });
    expect(out.warnings.map((w) => w.code === 'IMPORT.TOTAL_MISMATCH' && `${w.unitName}:${w.stated}->${w.computed}`)).toEqual([
      'Phình Sáng:10->11',
      'Ta Ma:9->10',
      'Pú Xi:6->7',
    ]);
    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id: out.batchId! } });
    expect(batch).toMatchObject({ kind: 'criteria', fileName: 'tuan-giao-2020.csv', setId: SET, asOf: '2020-12-31', rows: 18, written: 342 });
    expect(JSON.parse(batch.warnings)).toHaveLength(3);
    const met = await t.db.criteriaMark.count({ where: { criterion: '18', met: true } });
    expect(met).toBe(14); // the sheet prints 11 for Tuần Giáo's criterion 18
  });

  it('changes nothing when the same file is imported a second time', async () => {
    const before = await counts(t.db);
    const again = await importCriteriaFile(deps(), { path: tuanGiao, setId: SET, asOf: '2020-12-31' });
    expect(again.status).toBe('already-imported');
    expect(await counts(t.db)).toEqual(before);
  });

  it('writes no mark twice when the same content comes in another file for the same date', async () => {
    const copy = writeTemp(dir, 'copy.csv', `${readFileSync(tuanGiao, 'utf8')}\n\n`);
    const before = await counts(t.db);
    const out = await importCriteriaFile(deps(), { path: copy, setId: SET, asOf: '2020-12-31' });
    expect(out).toMatchObject({ status: 'imported', written: 0, unchanged: 342 });
    expect((await counts(t.db)).marks).toBe(before.marks);
  });

  it('refuses a sheet that contradicts marks already recorded for that date, writing nothing', async () => {
    const text = readFileSync(tuanGiao, 'utf8').replace('Tuần Giáo,Xã Pú Xi,1,,1', 'Tuần Giáo,Xã Pú Xi,1,1,1');
    const before = await counts(t.db);
    const out = await importCriteriaFile(deps(), { path: writeTemp(dir, 'contradicts.csv', text), setId: SET, asOf: '2020-12-31' });
    expect(out.status).toBe('rejected');
    expect(out.rejected).toEqual([{ line: 19, cells: [], faults: [expect.objectContaining({ code: 'IMPORT.CONFLICT', line: 19, column: 'c2' })] }]);
    expect(await counts(t.db)).toEqual(before);
  });

  const bad = [
    HEADER,
    'Mường Nhé,Xã Nậm Vi,1,,1,,,,1,,,,,1,,,,,,,1,5',
    'Mường Nhé,Xã Chung Chải,1,,1,,,,1,,,,,1,,1,1,,,,1,7,', // one column too many
    'Mường Nhé,Xã Nậm Kè,1,,1,2,1,,1,,,,,1,,,,,,1,1,8', // value 2 in c4
    'Mường Nhé,Xã Không Tên,1,,1,,,,1,,,,,1,,,,,,,1,5', // unknown commune
    'Mường Nhé,Xã Pá Mý,1,,1,,,,1,,,,,1,,,1,,,,1,6',
    'Mường Nhé,Pa My,1,,1,,,,1,,,,,1,,,1,,,,1,6', // the same commune again
  ].join('\n');

  it('reports each bad row precisely and writes nothing', async () => {
    const before = await counts(t.db);
    const out = await importCriteriaFile(deps(), { path: writeTemp(dir, 'bad.csv', bad), setId: SET, asOf: '2021-06-30' });
    expect(out.status).toBe('rejected');
    expect(out.batchId).toBeNull();
    expect(out.rejected.flatMap((r) => r.faults.map((f) => [f.line, f.column, f.code]))).toEqual([
      [3, '*', 'IMPORT.COLUMN_COUNT'],
      [4, 'c4', 'IMPORT.BAD_VALUE'],
      [5, 'commune', 'IMPORT.UNKNOWN_UNIT'],
      [6, 'commune', 'IMPORT.DUPLICATE_UNIT'],
      [7, 'commune', 'IMPORT.DUPLICATE_UNIT'],
    ]);
    expect(out.rejected[1]!.faults[0]!.messageVi).toBe('Dòng 4, cột c4: giá trị "2" không hợp lệ: chỉ được 1 (đạt), 0 hoặc để trống (chưa đạt)');
    expect(await counts(t.db)).toEqual(before);
  });

  it('writes only the good rows with the partial flag and keeps the rejected ones in the batch', async () => {
    const before = await counts(t.db);
    const out = await importCriteriaFile(deps(), { path: writeTemp(dir, 'bad-partial.csv', bad), setId: SET, asOf: '2021-06-30', partial: true });
    expect(out).toMatchObject({ status: 'partial', accepted: 1, written: 19 });
    expect(await t.db.criteriaMark.count({ where: { unitCode: 'dien-bien/muong-nhe/nam-vi', asOf: '2021-06-30' } })).toBe(19);
    expect(await counts(t.db)).toEqual({ marks: before.marks + 19, batches: before.batches + 1 });
    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id: out.batchId! } });
    expect(JSON.parse(batch.rejected).map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6, 7]);
  });

  it('imports the first worksheet of an .xlsx with the same columns, numbers as cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Mường Nhé');
    const lines = readFileSync(join(FIXTURES, 'muong-nhe-2020.csv'), 'utf8').trim().split('\n');
    lines.forEach((l, i) => {
      ws.getRow(i + 1).values = l.split(',').map((c) => (i > 0 && /^\d+$/.test(c) ? Number(c) : c === '' ? null : c));
    });
    wb.addWorksheet('ignored').getCell('A1').value = 'not read';
    const path = join(dir, 'muong-nhe.xlsx');
    await wb.xlsx.writeFile(path);
    const out = await importCriteriaFile(deps(), { path, setId: SET, asOf: '2020-12-31' });
    expect(out).toMatchObject({ status: 'imported', rows: 11, written: 11 * 19, rejected: [] });
    expect(
      out.warnings.filter((w) => w.code === 'IMPORT.UNIT_SPELLING').map((w) => w.code === 'IMPORT.UNIT_SPELLING' && `${w.line}:${w.written}->${w.unitName}`),
    ).toEqual(['2:Xã Sìn Thầu->Sín Thầu', '3:Xã Sen Thương->Sen Thượng']);
  });

  it('refuses a file-level fault with a coded bilingual error: unknown set, bad header, not UTF-8', async () => {
    await expect(importCriteriaFile(deps(), { path: tuanGiao, setId: 'no-such-set', asOf: '2020-12-31' })).rejects.toMatchObject({
      code: 'CRITERIA.UNKNOWN_SET',
    });
    await expect(importCriteriaFile(deps(), { path: writeTemp(dir, 'h.csv', 'huyen,xa,c1\n'), setId: SET, asOf: '2020-12-31' })).rejects.toMatchObject({
      code: 'IMPORT.BAD_HEADER',
    });
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from([0x64, 0x2c, 0xe0, 0x0a]));
    await expect(importCriteriaFile(deps(), { path: latin1, setId: SET, asOf: '2020-12-31' })).rejects.toMatchObject({
      code: 'IMPORT.ENCODING',
      name: 'AppError',
    });
    await expect(importCriteriaFile(deps(), { path: tuanGiao, setId: SET, asOf: '31/12/2020' })).rejects.toMatchObject({ code: 'IMPORT.INVALID_INPUT' });
  });
});

describe.each(PROVIDERS)('units import on %s', (provider) => {
  let t: TestDatabase;
  const dir = tempDir();
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('creates the units of a sheet, parents before children, and changes nothing the second time', async () => {
    const path = writeTemp(dir, 'units.csv', ['level,name,parent', 'xã,Bản Bo,Tam Đường', 'tỉnh,Lai Châu,', 'huyện,Tam Đường,Lai Châu'].join('\n'));
    // A commune before its district is refused: parents are looked up among earlier rows.
    const first = await importUnitsFile({ db: t.db }, { path });
    expect(first.status).toBe('rejected');
    expect(first.rejected[0]).toMatchObject({ line: 2, faults: [expect.objectContaining({ code: 'IMPORT.UNKNOWN_UNIT', column: 'parent' })] });
    expect(await t.db.unit.count()).toBe(0);

    const ordered = writeTemp(dir, 'units-ordered.csv', ['level,name,parent', 'tỉnh,Lai Châu,', 'huyện,Tam Đường,Lai Châu', 'xã,Bản Bo,Tam Đường'].join('\n'));
    const ok = await importUnitsFile({ db: t.db }, { path: ordered });
    expect(ok).toMatchObject({ status: 'imported', created: 3 });
    expect(await t.db.unit.findUnique({ where: { code: 'lai-chau/tam-duong/ban-bo' } })).toMatchObject({
      level: 'commune',
      parentCode: 'lai-chau/tam-duong',
      name: 'Bản Bo',
    });
    const again = await importUnitsFile({ db: t.db }, { path: ordered });
    expect(again.status).toBe('already-imported');
    expect(await t.db.unit.count()).toBe(3);
  });
});
