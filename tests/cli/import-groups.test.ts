/**
 * `ntm import commune-groups <file> --as-of dd/mm/yyyy`, run in-process (cli/main.ts) against a real
 * SQLite database seeded as `ntm seed` does: the help shows the group definitions and the warning about
 * the draft's reversed numbering; a good file prints what it set and exits 0; a bad file exits 1 with
 * each fault's line and column in both languages and writes nothing.
 */
import { seedReferenceData } from '../../app/seed';
import { ntm as runNtm } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { tempDir, writeTemp } from '../import/db-helpers';

let t: TestDatabase;
const dir = tempDir('ntm-cli-groups-');
const ntm = (...args: string[]) => runNtm({ DATABASE_URL: t.url }, ...args);

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date('2026-01-05T00:00:00Z'));
}, 180_000);
afterAll(async () => {
  await t?.drop();
});

describe('ntm import commune-groups', () => {
  it('shows the three group definitions of the final decision and the reversed-draft warning in its help', async () => {
    const r = await ntm('import', 'commune-groups', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--as-of <dd/mm/yyyy>');
    expect(r.out).toContain('Nhóm 1: Xã liền kề đô thị hiện hữu');
    expect(r.out).toContain('Nhóm 3: Xã khu vực II và khu vực III');
    expect(r.out).toContain('Group 2: All other communes');
    expect(r.out).toContain('Dự thảo tháng 7/2025 đánh số nhóm theo thứ tự ngược lại');
    expect(r.out).toContain('The July 2025 draft numbered the groups the other way round');
  });

  it('exits 1 on a bad file, listing each fault with line and column in Vietnamese and English, and writes nothing', async () => {
    const file = writeTemp(dir, 'bad.csv', ['unit,group,source', 'Mường Nhé,5,QĐ 1/QĐ-UBND', 'Xã Ma,1,QĐ 1/QĐ-UBND'].join('\n'));
    const r = await ntm('import', 'commune-groups', file, '--as-of', '10/01/2026');
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ Không nhập gì / nothing imported');
    expect(r.out).toContain('IMPORT.BAD_GROUP: Dòng 2, cột group: nhóm xã "5" không hợp lệ');
    expect(r.out).toContain('Line 2, column group: commune group "5" is not valid');
    expect(r.out).toContain('IMPORT.UNKNOWN_UNIT: Dòng 3, cột unit: không có xã nào mã hoặc tên "Xã Ma"');
    expect(r.out).toContain('Line 3, column unit: no commune has the code or name "Xã Ma"');
    expect(await t.db.unit.count({ where: { communeGroup: { not: null } } })).toBe(0);
    expect(await t.db.importBatch.count()).toBe(0);
  });

  it('imports a good file (exit 0), prints each commune set with its source and the definitions; again: already imported', async () => {
    const file = writeTemp(dir, 'nhom-xa.csv', ['unit,group,source', 'Mường Nhé,Nhóm 3,QĐ 9/QĐ-UBND (ví dụ)', 'Quài Tở,2,QĐ 9/QĐ-UBND (ví dụ)'].join('\n'));
    const r = await ntm('import', 'commune-groups', file, '--as-of', '10/01/2026', '--actor', 'vpdp');
    expect(r.code).toBe(0);
    expect(r.out).toContain('✓ Đã nhập nhóm xã / commune groups imported: nhom-xa.csv (10/01/2026)');
    expect(r.out).toContain('2 dòng / rows · 2 xã được xếp nhóm / communes grouped');
    expect(r.out).toContain('Mường Nhé: nhóm / group 3 — QĐ 9/QĐ-UBND (ví dụ)');
    expect(r.out).toContain('Quài Tở: nhóm / group 2 — QĐ 9/QĐ-UBND (ví dụ)');
    expect(r.out).toContain('The July 2025 draft numbered the groups the other way round');
    expect(await t.db.unit.findUnique({ where: { code: 'dien-bien/xa-muong-nhe' }, select: { communeGroup: true } })).toEqual({ communeGroup: 3 });
    expect(await t.db.auditRecord.count({ where: { action: 'unit.commune_group_set', actorId: 'vpdp' } })).toBe(2);

    const again = await ntm('import', 'commune-groups', file, '--as-of', '10/01/2026');
    expect(again.code).toBe(0);
    expect(again.out).toContain('already imported, nothing changed');
    expect(await t.db.auditRecord.count({ where: { action: 'unit.commune_group_set' } })).toBe(2);
  });

  it('refuses a date that does not exist with a coded message', async () => {
    const file = writeTemp(dir, 'any.csv', 'unit,group,source\nMường Nhé,3,QĐ 9\n');
    const r = await ntm('import', 'commune-groups', file, '--as-of', '31/02/2026');
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('CALENDAR.INVALID_DATE');
  });
});
