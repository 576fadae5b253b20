/** One error class: the kind (and so the HTTP status) follows from the code when only the code travels. */
import { appError, errorKind } from '../../domain/errors';

describe('errorKind', () => {
  it.each([
    ['DB.READ_ONLY', 'unavailable'],
    ['DB.FULL', 'unavailable'],
    ['DB.UNREACHABLE', 'unavailable'],
    ['HEALTH.NOT_READY', 'unavailable'],
    ['TEMPORAL.UNREACHABLE', 'unavailable'],
    ['DOSSIER.NOT_FOUND', 'not_found'],
    ['IMPORT.BAD_CELL', 'invalid'],
    ['DOCUMENT.TYPE_REFUSED', 'invalid'],
    ['DOCUMENT.TOO_LARGE', 'invalid'],
    ['INTERNAL', 'internal'],
    ['DOSSIER.ALREADY_OPEN', 'conflict'],
  ])('%s → %s', (code, kind) => {
    expect(errorKind(code)).toBe(kind);
  });

  it('is the kind an AppError built from the code carries', () => {
    expect(appError('DB.READ_ONLY', 'Cơ sở dữ liệu chỉ đọc', 'Database is read-only').kind).toBe('unavailable');
  });
});
