import fc from 'fast-check';
import { detectDelimiter, parseCsv } from '../../domain/import';

const cells = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value.map((x) => x.cells);
};

describe('CSV reader (RFC 4180)', () => {
  it('splits records on LF, CRLF and lone CR and keeps empty cells', () => {
    expect(cells('a,b,c\nd,,f\r\ng,h,\ri,j,k')).toEqual([
      ['a', 'b', 'c'],
      ['d', '', 'f'],
      ['g', 'h', ''],
      ['i', 'j', 'k'],
    ]);
  });

  it('drops a leading byte-order mark', () => {
    expect(cells('\uFEFFdistrict,commune\n')).toEqual([['district', 'commune']]);
  });

  it('does not invent a record for the final line break', () => {
    expect(cells('a,b\n')).toHaveLength(1);
    expect(cells('')).toEqual([]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks as data', () => {
    expect(cells('"Xã ""A"", B",2\n"dòng 1\r\ndòng 2",3\n')).toEqual([
      ['Xã "A", B', '2'],
      ['dòng 1\ndòng 2', '3'],
    ]);
  });

  it('numbers each record by the physical line it starts on, across quoted line breaks', () => {
    const r = parseCsv('h1,h2\n"a\nb",1\nc,2\n');
    expect(r.ok && r.value.map((x) => x.line)).toEqual([1, 2, 4]);
  });

  it('refuses an unterminated quote and names the line where it opened', () => {
    const r = parseCsv('a,b\nc,"never closed\nd,e\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('IMPORT.CSV_SYNTAX');
      expect(r.error.details).toMatchObject({ line: 2, column: 2 });
    }
  });

  it('refuses text after a closing quote and a quote inside an unquoted field', () => {
    const after = parseCsv('a,"b"x,c\n');
    const inside = parseCsv('a,b"c\n');
    expect(!after.ok && after.error.code).toBe('IMPORT.CSV_SYNTAX');
    expect(!inside.ok && inside.error.details).toMatchObject({ line: 1, column: 2 });
  });

  it('detects semicolon and tab delimiters from the first line', () => {
    expect(detectDelimiter('district;commune;c1\n')).toBe(';');
    expect(detectDelimiter('district\tcommune\tc1')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(cells('a;b;c\n1;;3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
  });

  it('reads back any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'ư', ',', '"', '\n', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (table) => {
        const width = table[0]!.length;
        const rows = table.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        const r = parseCsv(text, ',');
        expect(r.ok && r.value.map((x) => x.cells)).toEqual(rows);
      }),
    );
  });
});
