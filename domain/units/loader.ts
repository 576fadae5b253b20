import { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from '../errors';
import { parseWith } from '../validation';
import { LEVEL_RANK, UnitAliasSchema, UnitSchema, type Unit, type UnitAlias } from './schema';

const UnitListSchema = z.array(UnitSchema).min(1);

/**
 * Validates a list of administrative units: each by the zod schema, then the hierarchy — unique codes,
 * a province has no parent, every other unit's parent exists one level up and its code extends the
 * parent's. Faults come back as `UNIT.INVALID_DATA` with the path (`3.parentCode`).
 */
export function loadUnits(input: unknown): Result<Unit[]> {
  const parsed = parseWith(UnitListSchema, input, 'UNIT.INVALID_DATA');
  if (!parsed.ok) return parsed;
  const units = parsed.value;
  const byCode = new Map<string, Unit>();
  for (const [i, u] of units.entries()) {
    if (byCode.has(u.code)) return err(invalid(`${i}.code`, `mã "${u.code}" trùng`, `duplicate code "${u.code}"`));
    byCode.set(u.code, u);
  }
  for (const [i, u] of units.entries()) {
    if (u.level === 'province') {
      if (u.parentCode !== null) return err(invalid(`${i}.parentCode`, 'tỉnh không có đơn vị cấp trên', 'a province has no parent'));
      continue;
    }
    if (u.parentCode === null) return err(invalid(`${i}.parentCode`, 'thiếu đơn vị cấp trên', 'missing parent'));
    const parent = byCode.get(u.parentCode);
    if (!parent) {
      return err(invalid(`${i}.parentCode`, `không có đơn vị cấp trên "${u.parentCode}"`, `no parent unit "${u.parentCode}"`));
    }
    if (LEVEL_RANK[parent.level] !== LEVEL_RANK[u.level] + 1) {
      return err(
        invalid(`${i}.parentCode`, `${u.level} không thể trực thuộc ${parent.level}`, `a ${u.level} cannot belong to a ${parent.level}`),
      );
    }
    if (!u.code.startsWith(`${parent.code}/`)) {
      return err(invalid(`${i}.code`, `mã phải bắt đầu bằng "${parent.code}/"`, `code must start with "${parent.code}/"`));
    }
  }
  return ok(units);
}

/** Validates an alias table against the units it points to. */
export function loadUnitAliases(input: unknown, units: readonly Unit[]): Result<UnitAlias[]> {
  const parsed = parseWith(z.array(UnitAliasSchema), input, 'UNIT.INVALID_DATA');
  if (!parsed.ok) return parsed;
  const codes = new Set(units.map((u) => u.code));
  for (const [i, a] of parsed.value.entries()) {
    if (!codes.has(a.code)) return err(invalid(`${i}.code`, `bí danh trỏ tới đơn vị không có "${a.code}"`, `alias points to unknown unit "${a.code}"`));
  }
  return ok(parsed.value);
}

function invalid(path: string, vi: string, en: string): DomainError {
  return domainError('UNIT.INVALID_DATA', `Dữ liệu đơn vị hành chính không hợp lệ tại "${path}": ${vi}`, `Invalid unit data at "${path}": ${en}`, {
    path,
  });
}
