import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, validateCriteriaSheet, type SheetRecord } from '../../domain/import';
import { DIEN_BIEN_ALIASES, DIEN_BIEN_UNITS } from '../../domain/units';

const CRITERIA = Array.from({ length: 19 }, (_, i) => String(i + 1));
const HEADER = `district,commune,${CRITERIA.map((c) => `c${c}`).join(',')},total`;
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'import', name), 'utf8');

function records(text: string): SheetRecord[] {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}
function sheet(text: string) {
  const r = validateCriteriaSheet({ records: records(text), criteria: CRITERIA, units: DIEN_BIEN_UNITS, aliases: DIEN_BIEN_ALIASES });
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}
const row = (district: string, commune: string, marks: string[], total = '') => [district, commune, ...marks, total].join(',');
const ones = (n: number) => Array.from({ length: 19 }, (_, i) => (i < n ? '1' : ''));
const withCell = (marks: string[], index: number, value: string) => marks.map((m, i) => (i === index ? value : m));

describe('criteria sheet: seed 004, Tuần Giáo', () => {
  const s = sheet(fixture('tuan-giao-2020.csv'));

  it('accepts all 18 communes of Tuần Giáo and matches each to its unit', () => {
    expect(s.rows).toBe(18);
    expect(s.rejected).toEqual([]);
    expect(s.accepted).toHaveLength(18);
    expect(new Set(s.accepted.map((a) => a.districtCode))).toEqual(new Set(['dien-bien/tuan-giao']));
    expect(new Set(s.accepted.map((a) => a.unitCode)).size).toBe(18);
    expect(s.accepted.find((a) => a.line === 8)).toMatchObject({ unitCode: 'dien-bien/tuan-giao/tua-tinh', computed: 12, stated: 12 });
  });

  it('reports exactly the three rows whose printed total disagrees with their marks, and keeps the marks', () => {
    const mismatches = s.warnings.filter((w) => w.code === 'IMPORT.TOTAL_MISMATCH');
    expect(mismatches.map((w) => w.code === 'IMPORT.TOTAL_MISMATCH' && [w.line, w.unitName, w.stated, w.computed])).toEqual([
      [14, 'Phình Sáng', 10, 11],
      [15, 'Ta Ma', 9, 10],
      [19, 'Pú Xi', 6, 7],
    ]);
    expect(s.accepted.find((a) => a.unitName === 'Pú Xi')!.computed).toBe(7);
  });

  it('computes per-criterion sums from the marks, not from the district row the sheet prints', () => {
    const sums = CRITERIA.map((c) => s.accepted.filter((a) => a.marks[c]).length);
    // Seed 004 prints 18 12 18 10 14 12 18 15 12 0 0 18 11 13 2 12 9 11 18 (total 223) for the district.
    expect(sums).toEqual([18, 12, 18, 10, 14, 11, 18, 16, 12, 0, 0, 18, 11, 13, 2, 12, 9, 14, 18]);
    expect(sums.reduce((a, b) => a + b, 0)).toBe(226);
  });
});

describe('criteria sheet: unit names', () => {
  it('reads the abbreviations of seed 004 ("N. Luông", "N. Het") through the alias table', () => {
    const s = sheet(fixture('dien-bien-district-2020.csv'));
    expect(s.rejected).toEqual([]);
    expect(s.accepted.map((a) => a.unitCode)).toEqual(expect.arrayContaining(['dien-bien/dien-bien/noong-luong', 'dien-bien/dien-bien/noong-het']));
    expect(s.warnings.filter((w) => w.code === 'IMPORT.TOTAL_MISMATCH').map((w) => w.line)).toEqual([2]);
  });

  it('matches "Mường Pôn" to Mường Pồn only with a spelling warning', () => {
    const s = sheet(fixture('dien-bien-district-2020.csv'));
    const pon = s.accepted.find((a) => a.unitCode === 'dien-bien/dien-bien/muong-pon');
    expect(pon?.line).toBe(14);
    expect(s.warnings).toContainEqual(expect.objectContaining({ code: 'IMPORT.UNIT_SPELLING', line: 14, column: 'commune', written: 'Mường Pôn' }));
  });

  it('looks the commune up only in the district the row names', () => {
    // "Na Tông" is a commune of Điện Biên district; Tuần Giáo has "Nà Tông". Neither is matched across districts.
    const s = sheet([HEADER, row('Mường Chà', 'Na Tông', ones(3), '3'), row('Điện Biên', 'Na Tông', ones(3), '3')].join('\n'));
    expect(s.rejected).toHaveLength(1);
    expect(s.rejected[0]!.faults[0]).toMatchObject({ code: 'IMPORT.UNKNOWN_UNIT', line: 2, column: 'commune' });
    expect(s.accepted[0]!.unitCode).toBe('dien-bien/dien-bien/na-tong');
  });
});

describe('criteria sheet: bad rows', () => {
  const text = [
    HEADER,
    row('Tuần Giáo', 'Chiềng Đông', ones(13), '13'),
    row('Tuần Giáo', 'Chiềng Sinh', ones(12)) + ',1', // one cell too many
    row('Tuần Giáo', 'Nà Sáy', withCell(ones(17), 3, '2'), '17'), // value 2 in c4
    row('Tuần Giáo', 'Xã Không Có', ones(5), '5'), // unknown commune
    row('Tuần Giáo', 'Quài Cang', ones(16), '16'),
    row('Tuần Giáo', 'quai  cang', ones(16), '16'), // the same commune again
    row('Tuần Giáo', 'Quài Nưa', ones(17), 'mười bảy'), // total not a number
  ].join('\n');
  const s = sheet(text);
  const byLine = (line: number) => s.rejected.find((r) => r.line === line)?.faults;

  it('names the line, column and reason of each fault, in Vietnamese and English', () => {
    expect(byLine(3)).toEqual([expect.objectContaining({ code: 'IMPORT.COLUMN_COUNT', line: 3, column: '*', details: { expected: 22, found: 23 } })]);
    expect(byLine(4)).toEqual([expect.objectContaining({ code: 'IMPORT.BAD_VALUE', line: 4, column: 'c4', details: { value: '2' } })]);
    expect(byLine(4)![0]!.messageVi).toContain('Dòng 4, cột c4');
    expect(byLine(4)![0]!.messageEn).toContain('Line 4, column c4');
    expect(byLine(5)).toEqual([expect.objectContaining({ code: 'IMPORT.UNKNOWN_UNIT', line: 5, column: 'commune' })]);
    expect(byLine(8)).toEqual([expect.objectContaining({ code: 'IMPORT.BAD_VALUE', line: 8, column: 'total' })]);
  });

  it('refuses both rows of a commune named twice, each pointing at the other', () => {
    expect(byLine(6)).toEqual([
      expect.objectContaining({ code: 'IMPORT.DUPLICATE_UNIT', column: 'commune', details: { unitCode: 'dien-bien/tuan-giao/quai-cang', lines: [6, 7] } }),
    ]);
    expect(byLine(7)![0]!.messageEn).toContain('also on line 6');
  });

  it('accepts the one good row and nothing else', () => {
    expect(s.accepted.map((a) => a.line)).toEqual([2]);
    expect(s.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('lists every fault of a row, not only the first', () => {
    const t = sheet([HEADER, row('Huyện Không Có', 'Nà Sáy', withCell(ones(18), 0, 'x'), '')].join('\n'));
    expect(t.rejected[0]!.faults.map((f) => `${f.code}@${f.column}`)).toEqual(['IMPORT.UNKNOWN_UNIT@district', 'IMPORT.BAD_VALUE@c1']);
  });

  it('rejects a misaligned row of the seed (Mường Ảng: total shifted into c19)', () => {
    const t = sheet([HEADER, 'Mường Ảng,Búng Lao,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,19,'].join('\n'));
    expect(t.rejected[0]!.faults).toEqual([expect.objectContaining({ code: 'IMPORT.BAD_VALUE', line: 2, column: 'c19', details: { value: '19' } })]);
  });
});

describe('criteria sheet: header', () => {
  it('accepts the header without a total column and any case or spacing', () => {
    const text = [` District , COMMUNE ,${CRITERIA.map((c) => `C${c}`).join(',')}`, ['Tuần Giáo', 'Pú Xi', ...ones(7)].join(',')].join('\n');
    const s = sheet(text);
    expect(s.hasTotal).toBe(false);
    expect(s.accepted[0]).toMatchObject({ stated: null, computed: 7 });
    expect(s.warnings).toEqual([]);
  });

  it('refuses a header with a misnamed column, naming it', () => {
    const r = validateCriteriaSheet({ records: records(HEADER.replace('c7,', 'c77,')), criteria: CRITERIA, units: DIEN_BIEN_UNITS });
    expect(!r.ok && r.error).toMatchObject({ code: 'IMPORT.BAD_HEADER', details: { column: '9', expected: 'c7', found: 'c77' } });
  });

  it('refuses a header with missing criteria columns', () => {
    const r = validateCriteriaSheet({ records: records('district,commune,c1,c2,total'), criteria: CRITERIA, units: DIEN_BIEN_UNITS });
    expect(!r.ok && r.error.code).toBe('IMPORT.BAD_HEADER');
  });

  it('refuses an empty file', () => {
    const r = validateCriteriaSheet({ records: records('\n\n'), criteria: CRITERIA, units: DIEN_BIEN_UNITS });
    expect(!r.ok && r.error.code).toBe('IMPORT.EMPTY_FILE');
  });
});
