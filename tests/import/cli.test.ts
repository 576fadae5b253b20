import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ntm as runNtm } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { FIXTURES, HEADER, seedDienBienUnits, tempDir, writeTemp } from './db-helpers';

const ntm = (url: string, ...args: string[]) => runNtm({ DATABASE_URL: url }, ...args);

describe('ntm import / ntm report (SQLite)', () => {
  let t: TestDatabase;
  const dir = tempDir('ntm-cli-');
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await seedDienBienUnits(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('imports the Tuần Giáo sheet with a Vietnamese date and prints each total mismatch', async () => {
    const r = await ntm(t.url, 'import', 'criteria', join(FIXTURES, 'tuan-giao-2020.csv'), '--set', 'commune-ntm-2016-2020', '--as-of', '31/12/2020');
    expect(r.code).toBe(0);
    expect(r.out).toContain('342');
    expect(r.out.match(/IMPORT\.TOTAL_MISMATCH/g)).toHaveLength(3);
  });

  it('exits non-zero and lists line and column when rows are bad', async () => {
    const bad = writeTemp(dir, 'bad.csv', [HEADER, 'Tuần Giáo,Pú Xi,1,2,1,,,,1,,,,,1,1,,,,,1,1,7'].join('\n'));
    const r = await ntm(t.url, 'import', 'criteria', bad, '--set', 'commune-ntm-2016-2020', '--as-of', '30/06/2021');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Dòng 2, cột c2');
    expect(r.out).toContain('Line 2, column c2');
    expect(await t.db.criteriaMark.count({ where: { asOf: '2021-06-30' } })).toBe(0);
  });

  it('refuses a date that does not exist with a coded message', async () => {
    const r = await ntm(t.url, 'report', 'matrix', '--as-of', '31/02/2021');
    expect(r.code).toBe(1);
    expect(r.out).toContain('CALENDAR.INVALID_DATE');
  });

  it('writes the matrix workbook and the chart where asked', async () => {
    const xlsx = join(dir, 'out', 'matrix.xlsx');
    const svg = join(dir, 'out', 'chart.svg');
    expect((await ntm(t.url, 'report', 'matrix', '--as-of', '31/12/2020', '--format', 'xlsx', '--out', xlsx)).code).toBe(0);
    expect((await ntm(t.url, 'report', 'criteria', '--as-of', '31/12/2020', '--format', 'svg', '--out', svg)).code).toBe(0);
    expect(existsSync(xlsx) && existsSync(svg)).toBe(true);
    const json = await ntm(t.url, 'report', 'criteria', '--as-of', '31/12/2020', '--district', 'Tuần Giáo');
    expect(JSON.parse(json.out).rows[1].textVi).toBe('12/18 = 66,66%');
  });
});
