import { domainError, err, ok, type Result } from '../errors';

/**
 * A small RFC 4180 reader (no CSV package is a declared dependency: `csv-parse` is not installed, and
 * `fast-csv` is present only as exceljs's own dependency and is stream-based).
 *
 * - UTF-8 text in, a leading byte-order mark dropped.
 * - Records end at CRLF, LF or a lone CR; a final line ending is optional.
 * - A field may be quoted with `"`; inside quotes a doubled `""` is one quote and commas and line
 *   breaks are data. A quote anywhere else, or text after a closing quote, is a syntax error: a
 *   reader that guessed would shift every later cell of the row.
 * - The delimiter is `,` unless the first line has more `;` or tabs (Excel in a Vietnamese locale
 *   saves CSV with `;`; text copied from a printed table has tabs).
 * Every record carries the physical line it starts on (1-based), so errors can name it.
 */
export interface SheetRecord {
  /** Line (CSV) or row (worksheet) number where the record starts, 1-based. */
  readonly line: number;
  readonly cells: readonly string[];
}

export type CsvDelimiter = ',' | ';' | '\t';

export function detectDelimiter(text: string): CsvDelimiter {
  const end = text.search(/\r|\n/);
  const first = end === -1 ? text : text.slice(0, end);
  const unquoted = first.replace(/"[^"]*"/g, '');
  const count = (ch: string) => unquoted.split(ch).length - 1;
  const candidates: CsvDelimiter[] = [',', ';', '\t'];
  let best: CsvDelimiter = ',';
  for (const c of candidates) if (count(c) > count(best)) best = c;
  return best;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseCsv(input: string, delimiter?: CsvDelimiter): Result<SheetRecord[]> {
  const text = stripBom(input);
  const sep = delimiter ?? detectDelimiter(text);
  const records: SheetRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // State of the current field: not yet started, unquoted, inside quotes, or after the closing quote.
  let state: 'start' | 'bare' | 'quoted' | 'closed' = 'start';
  let quoteLine = 1;

  const syntax = (vi: string, en: string, at: number) =>
    err(
      domainError(
        'IMPORT.CSV_SYNTAX',
        `Lỗi cú pháp CSV tại dòng ${at}, cột ${cells.length + 1}: ${vi}`,
        `CSV syntax error at line ${at}, column ${cells.length + 1}: ${en}`,
        {
          path: `line ${at}, column ${cells.length + 1}`,
          details: { line: at, column: cells.length + 1 },
        },
      ),
    );
  const endField = () => {
    cells.push(field);
    field = '';
    state = 'start';
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, cells });
    cells = [];
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (state === 'quoted') {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        state = 'closed';
        i += 1;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        // A line break inside quotes is data; normalise CRLF to LF but count the line.
        if (ch === '\r' && text[i + 1] === '\n') i += 1;
        field += '\n';
        line += 1;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === sep) {
      endField();
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      i += 1;
      line += 1;
      recordLine = line;
      continue;
    }
    if (state === 'closed') {
      return syntax(`có ký tự "${ch}" sau dấu ngoặc kép đóng`, `unexpected "${ch}" after a closing quote`, line);
    }
    if (ch === '"') {
      if (state === 'start') {
        state = 'quoted';
        quoteLine = line;
        i += 1;
        continue;
      }
      return syntax('dấu ngoặc kép giữa ô không được bao trong ngoặc kép', 'a quote inside an unquoted field', line);
    }
    state = 'bare';
    field += ch;
    i += 1;
  }
  if (state === 'quoted') {
    return syntax('dấu ngoặc kép mở nhưng không đóng', 'a quoted field is never closed', quoteLine);
  }
  // The last record, unless the text ended with a line break (or is empty).
  if (state !== 'start' || cells.length > 0 || field !== '') endRecord();
  return ok(records);
}

/** True when every cell is empty or blank: spreadsheet exports pad with such rows. */
export function isBlankRecord(r: SheetRecord): boolean {
  return r.cells.every((c) => c.trim() === '');
}
