import type { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from './errors';

/**
 * Parses `input` with a zod schema and turns the first issues into a DomainError whose path names the
 * offending field, so every edge (API body, Update validator, activity input, file loader) reports bad
 * input the same way, in Vietnamese and English.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, code = 'INPUT.INVALID'): Result<z.infer<S>, DomainError> {
  const r = schema.safeParse(input);
  if (r.success) return ok(r.data);
  const issues = r.error.issues.slice(0, 10).map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  const first = issues[0]!;
  return err(
    domainError(code, `Dữ liệu không hợp lệ tại "${first.path}": ${first.message}`, `Invalid input at "${first.path}": ${first.message}`, {
      path: first.path,
      details: { issues },
    }),
  );
}
