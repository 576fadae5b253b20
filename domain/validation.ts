import { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from './errors';

/**
 * zod's messages in each language: Vietnamese for messageVi (no English parser text in what a Vietnamese
 * reader sees), English for messageEn. A schema's own custom message (e.g. 'only the last level decides')
 * is kept as written.
 */
const viLocale = z.locales.vi().localeError;
const VI_TYPES: Record<string, string> = {
  boolean: 'giá trị có/không',
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  array: 'danh sách',
  object: 'bản ghi',
  date: 'ngày',
  undefined: 'không có giá trị',
  null: 'rỗng',
  nan: 'không phải số',
};
export const viType = (t: unknown): string => VI_TYPES[String(t)] ?? String(t);
const received = (input: unknown): string =>
  input === undefined ? 'undefined' : input === null ? 'null' : Array.isArray(input) ? 'array' : Number.isNaN(input) ? 'nan' : typeof input;

export const VI_ERROR_MAP: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `Thiếu giá trị (cần ${viType(issue.expected)})`;
    return `Cần ${viType(issue.expected)}, nhận được ${viType(received(issue.input))}`;
  }
  if (issue.code === 'invalid_format') {
    const f = (issue as { format?: string }).format;
    if (f === 'date') return 'Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)';
    if (f === 'datetime') return 'Thời điểm không hợp lệ (dd/mm/yyyy HH:mm hoặc ISO 8601)';
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const i = issue as { origin?: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean };
    const small = issue.code === 'too_small';
    const n = String(small ? i.minimum : i.maximum);
    if (i.origin === 'string') return small ? (n === '1' ? 'Không được để trống' : `Cần ít nhất ${n} ký tự`) : `Tối đa ${n} ký tự`;
    if (i.origin === 'array' || i.origin === 'set') return small ? `Cần ít nhất ${n} mục` : `Tối đa ${n} mục`;
    if (i.origin === 'number' || i.origin === 'int' || i.origin === 'bigint') {
      const op = small ? (i.inclusive === false ? '>' : '≥') : i.inclusive === false ? '<' : '≤';
      return `Giá trị phải ${op} ${n.replace('.', ',')}`;
    }
  }
  return viLocale(issue);
};
export const EN_ERROR_MAP = z.locales.en().localeError;

/**
 * Parses `input` with a zod schema and turns the first issues into a DomainError whose path names the
 * offending field, so every edge (API body, Update validator, activity input, file loader) reports bad
 * input the same way, in Vietnamese and English.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, code = 'INPUT.INVALID'): Result<z.infer<S>, DomainError> {
  const r = schema.safeParse(input, { error: VI_ERROR_MAP });
  if (r.success) return ok(r.data);
  const en = schema.safeParse(input, { error: EN_ERROR_MAP });
  const enIssues = en.success ? [] : en.error.issues;
  const issues = r.error.issues.slice(0, 10).map((i, k) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: enIssues[k]?.message ?? i.message,
    messageVi: i.message,
  }));
  const first = issues[0]!;
  return err(
    domainError(code, `Dữ liệu không hợp lệ tại "${first.path}": ${first.messageVi}`, `Invalid input at "${first.path}": ${first.message}`, {
      path: first.path,
      details: { issues },
    }),
  );
}
