import { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from '../errors';
import { parseWith } from '../validation';
import { findSuccessionCycle, periodsOverlap } from './history';
import { LEVEL_RANK, UnitAliasSchema, UnitSchema, type Unit, type UnitAlias } from './schema';

const UnitListSchema = z.array(UnitSchema).min(1);

/** The day two-tier local government began (Resolution 202/2025/QH15; reform-2025.md): communes may hang off the province from then. */
export const TWO_TIER_FROM = '2025-07-01';

export interface LoadUnitsOptions {
  /** From this ISO date a commune may belong directly to its province (no district level). */
  readonly twoTierFrom?: string;
}

/**
 * Validates a list of administrative units: each by the zod schema, then the hierarchy and its
 * history. Every fault names its place as a path (`3.parentCode`, `45.predecessors.1.code`):
 * - `UNIT.INVALID_PERIOD`: validTo before validFrom;
 * - `UNIT.OVERLAPPING_VERSIONS`: one code in two versions whose periods overlap (a code may recur
 *   only in periods that do not; `UNIT.OVERLAPPING_GSO_CODE` the same for GSO codes);
 * - `UNIT.INVALID_DATA`: a province with a parent, a missing parent, a parent not one level up (a
 *   commune may belong to its province only when it begins on or after `twoTierFrom`), a code that
 *   does not extend its parent's; `UNIT.PARENT_NOT_VALID`: no version of the parent covers the unit's
 *   start;
 * - `UNIT.UNKNOWN_LINK`: a predecessor code that is in no unit of the list;
 *   `UNIT.INVALID_SUCCESSION`: a predecessor that begins no earlier than its successor (one that
 *   continues after a split is allowed);
 * - `UNIT.SUCCESSION_CYCLE`: A continues B … continues A.
 */
export function loadUnits(input: unknown, options: LoadUnitsOptions = {}): Result<Unit[]> {
  const parsed = parseWith(UnitListSchema, input, 'UNIT.INVALID_DATA');
  if (!parsed.ok) return parsed;
  const units = parsed.value;
  const twoTierFrom = options.twoTierFrom ?? TWO_TIER_FROM;
  const versions = new Map<string, { unit: Unit; index: number }[]>();
  for (const [i, u] of units.entries()) {
    if (u.validFrom !== undefined && u.validTo !== undefined && u.validTo < u.validFrom) {
      return err(
        coded(
          'UNIT.INVALID_PERIOD',
          `${i}.validTo`,
          `ngày hết hiệu lực ${u.validTo} trước ngày có hiệu lực ${u.validFrom}`,
          `validTo ${u.validTo} is before validFrom ${u.validFrom}`,
        ),
      );
    }
    const list = versions.get(u.code) ?? [];
    for (const other of list) {
      if (periodsOverlap(other.unit, u)) {
        return err(
          coded(
            'UNIT.OVERLAPPING_VERSIONS',
            `${i}.code`,
            `mã "${u.code}" đã có ở mục ${other.index} với thời gian hiệu lực chồng lên (${period(other.unit)} và ${period(u)})`,
            `code "${u.code}" is already at item ${other.index} with an overlapping validity (${period(other.unit)} and ${period(u)})`,
            { code: u.code, first: other.index, second: i },
          ),
        );
      }
    }
    list.push({ unit: u, index: i });
    versions.set(u.code, list);
  }
  const gso = new Map<string, { unit: Unit; index: number }[]>();
  for (const [i, u] of units.entries()) {
    if (!u.gsoCode) continue;
    const list = gso.get(u.gsoCode) ?? [];
    const clash = list.find((o) => periodsOverlap(o.unit, u));
    if (clash) {
      return err(
        coded(
          'UNIT.OVERLAPPING_GSO_CODE',
          `${i}.gsoCode`,
          `mã thống kê ${u.gsoCode} đã dùng cho "${clash.unit.code}" (mục ${clash.index}) trong cùng thời gian`,
          `GSO code ${u.gsoCode} is already used by "${clash.unit.code}" (item ${clash.index}) in the same period`,
          { gsoCode: u.gsoCode, first: clash.index, second: i },
        ),
      );
    }
    list.push({ unit: u, index: i });
    gso.set(u.gsoCode, list);
  }
  for (const [i, u] of units.entries()) {
    if (u.level === 'province') {
      if (u.parentCode !== null) return err(invalid(`${i}.parentCode`, 'tỉnh không có đơn vị cấp trên', 'a province has no parent'));
      continue;
    }
    if (u.parentCode === null) return err(invalid(`${i}.parentCode`, 'thiếu đơn vị cấp trên', 'missing parent'));
    const parents = versions.get(u.parentCode);
    if (!parents) {
      return err(invalid(`${i}.parentCode`, `không có đơn vị cấp trên "${u.parentCode}"`, `no parent unit "${u.parentCode}"`));
    }
    const start = { validFrom: u.validFrom, validTo: u.validFrom };
    const parent = parents.find((p) => periodsOverlap(p.unit, u.validFrom === undefined ? u : start))?.unit;
    if (!parent) {
      return err(
        coded(
          'UNIT.PARENT_NOT_VALID',
          `${i}.parentCode`,
          `đơn vị cấp trên "${u.parentCode}" không có hiệu lực khi "${u.code}" bắt đầu (${u.validFrom ?? '…'})`,
          `parent "${u.parentCode}" is not valid when "${u.code}" begins (${u.validFrom ?? '…'})`,
        ),
      );
    }
    const oneUp = LEVEL_RANK[parent.level] === LEVEL_RANK[u.level] + 1;
    const twoTierCommune = u.level === 'commune' && parent.level === 'province' && u.validFrom !== undefined && u.validFrom >= twoTierFrom;
    if (!oneUp && !twoTierCommune) {
      return err(invalid(`${i}.parentCode`, `${u.level} không thể trực thuộc ${parent.level}`, `a ${u.level} cannot belong to a ${parent.level}`));
    }
    if (!u.code.startsWith(`${parent.code}/`)) {
      return err(invalid(`${i}.code`, `mã phải bắt đầu bằng "${parent.code}/"`, `code must start with "${parent.code}/"`));
    }
  }
  for (const [i, u] of units.entries()) {
    const seen = new Set<string>();
    for (const [k, link] of (u.predecessors ?? []).entries()) {
      const at = `${i}.predecessors.${k}.code`;
      if (seen.has(link.code)) return err(invalid(at, `"${link.code}" ghi hai lần`, `"${link.code}" is listed twice`));
      seen.add(link.code);
      const targets = versions.get(link.code);
      if (!targets) {
        return err(
          coded('UNIT.UNKNOWN_LINK', at, `đơn vị tiền thân "${link.code}" không có trong danh sách`, `predecessor "${link.code}" is not in the list`, {
            code: u.code,
            link: link.code,
          }),
        );
      }
      if (link.code === u.code) continue; // a self-link is a cycle, reported below
      // A predecessor may continue after a split, but it cannot begin after the unit it gave rise to.
      const beganBefore = targets.some((t) => u.validFrom === undefined || t.unit.validFrom === undefined || t.unit.validFrom < u.validFrom);
      if (!beganBefore) {
        return err(
          coded(
            'UNIT.INVALID_SUCCESSION',
            at,
            `đơn vị tiền thân "${link.code}" bắt đầu không sớm hơn "${u.code}" (${u.validFrom})`,
            `predecessor "${link.code}" does not begin before "${u.code}" (${u.validFrom})`,
          ),
        );
      }
    }
  }
  const cycle = findSuccessionCycle(units);
  if (cycle) {
    const path = `${cycle.index}.predecessors.${cycle.link}.code`;
    return err(
      coded('UNIT.SUCCESSION_CYCLE', path, `vòng kế thừa: ${cycle.cycle.join(' ← ')}`, `succession cycle: ${cycle.cycle.join(' ← ')}`, {
        cycle: cycle.cycle,
      }),
    );
  }
  return ok(units);
}

function period(u: Unit): string {
  return `${u.validFrom ?? '…'} – ${u.validTo ?? '…'}`;
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
  return coded('UNIT.INVALID_DATA', path, vi, en);
}

function coded(code: string, path: string, vi: string, en: string, details?: Record<string, unknown>): DomainError {
  return domainError(code, `Dữ liệu đơn vị hành chính không hợp lệ tại "${path}": ${vi}`, `Invalid unit data at "${path}": ${en}`, {
    path,
    ...(details ? { details } : {}),
  });
}
