import type { Unit, UnitLevel } from './schema';

export function findUnit(units: readonly Unit[], code: string): Unit | undefined {
  return units.find((u) => u.code === code);
}

export function childrenOf(units: readonly Unit[], parentCode: string): Unit[] {
  return units.filter((u) => u.parentCode === parentCode);
}

export function unitsAtLevel(units: readonly Unit[], level: UnitLevel): Unit[] {
  return units.filter((u) => u.level === level);
}

/** The chain from the unit up to its province, the unit first. */
export function ancestry(units: readonly Unit[], code: string): Unit[] {
  const out: Unit[] = [];
  let cur = findUnit(units, code);
  while (cur) {
    out.push(cur);
    cur = cur.parentCode === null ? undefined : findUnit(units, cur.parentCode);
  }
  return out;
}

const KIND_PREFIX: Readonly<Record<NonNullable<Unit['kind']>, string>> = {
  tinh: 'Tỉnh',
  huyen: 'Huyện',
  'thi-xa': 'Thị xã',
  'thanh-pho': 'Thành phố',
  xa: 'Xã',
  'thi-tran': 'Thị trấn',
  phuong: 'Phường',
  'thon-ban': '',
};

/** "Xã Quài Cang", "Thị xã Mường Lay"; village names already carry "Bản"/"Thôn". */
export function displayName(unit: Unit): string {
  const prefix = unit.kind ? KIND_PREFIX[unit.kind] : '';
  return prefix ? `${prefix} ${unit.name}` : unit.name;
}
