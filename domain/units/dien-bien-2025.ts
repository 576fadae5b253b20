import { formatError, InvariantError } from '../errors';
import { ALIAS_DATA, buildUnitData } from './dien-bien';
import { loadUnitAliases, loadUnits } from './loader';
import { slugifyUnitName } from './normalize';
import type { Unit, UnitAlias, UnitInput, UnitLink } from './schema';

/**
 * Điện Biên from 1 July 2025: 45 commune-level units (42 xã, 3 phường) directly under the province,
 * under Resolution 1661/NQ-UBTVQH15 of 16/6/2025 (reform-2025.md). GSO codes and names exactly as
 * reform-2025.md lists them (its source: the public dataset thanglequoc/vietnamese-provinces-database,
 * manual_seeds/wards/11_DienBien.sql). Điện Biên was not merged with another province.
 *
 * Codes: `dien-bien/xa-<name>` and `dien-bien/phuong-<name>`. The kind is part of the code because
 * six new communes carry the name of an abolished district (Mường Nhé, Mường Chà, Tủa Chùa, Tuần
 * Giáo, Mường Ảng, Mường Lay), whose codes are `dien-bien/<name>`; a code never changes meaning.
 *
 * Succession (old → new): only the six compositions the Ministry of Home Affairs page gives
 * (reform-2025.md) are linked, each with that source and marked complete. The other 39 new units
 * have no predecessors recorded: the full mapping is in Resolution 1661, which is not at hand, and a
 * link is never guessed (a shared name or GSO code is not evidence of the composition).
 * Commune groups (1/2/3 for 2026-2030) are not assigned: which communes are area II/III is not sourced.
 */

export const NEW_WORLD_FROM = '2025-07-01';
const VALIDITY_SOURCE = 'NQ 1661/NQ-UBTVQH15 ngày 16/6/2025 về sắp xếp đơn vị hành chính cấp xã tỉnh Điện Biên, hiệu lực 1/7/2025 (reform-2025.md)';
const LIST_SOURCE = 'reform-2025.md: danh sách 45 đơn vị (mã GSO, tên) theo thanglequoc/vietnamese-provinces-database, 11_DienBien.sql';
const MOHA_SOURCE = 'Bộ Nội vụ, "Điện Biên sau sắp xếp dự kiến còn 45 đơn vị hành chính cấp xã" (theo NQ 1661/NQ-UBTVQH15), qua reform-2025.md';

/** [GSO code, name, phường?] in the order reform-2025.md lists them. */
const NEW_UNITS: readonly (readonly [gso: string, name: string, ward?: true])[] = [
  ['03127', 'Điện Biên Phủ', true],
  ['03151', 'Mường Lay', true],
  ['03334', 'Mường Thanh', true],
  ['03158', 'Sín Thầu'],
  ['03160', 'Mường Nhé'],
  ['03162', 'Nậm Kè'],
  ['03163', 'Mường Toong'],
  ['03164', 'Quảng Lâm'],
  ['03166', 'Mường Chà'],
  ['03169', 'Nà Hỳ'],
  ['03172', 'Na Sang'],
  ['03175', 'Chà Tở'],
  ['03176', 'Nà Bủng'],
  ['03181', 'Mường Tùng'],
  ['03193', 'Pa Ham'],
  ['03194', 'Nậm Nèn'],
  ['03199', 'Si Pa Phìn'],
  ['03202', 'Mường Pồn'],
  ['03203', 'Na Son'],
  ['03208', 'Xa Dung'],
  ['03214', 'Mường Luân'],
  ['03217', 'Tủa Chùa'],
  ['03220', 'Tủa Thàng'],
  ['03226', 'Sín Chải'],
  ['03241', 'Sính Phình'],
  ['03244', 'Sáng Nhè'],
  ['03253', 'Tuần Giáo'],
  ['03256', 'Mường Ảng'],
  ['03260', 'Pú Nhung'],
  ['03268', 'Mường Mùn'],
  ['03283', 'Chiềng Sinh'],
  ['03295', 'Quài Tở'],
  ['03301', 'Búng Lao'],
  ['03313', 'Mường Lạn'],
  ['03316', 'Nà Tấu'],
  ['03325', 'Mường Phăng'],
  ['03328', 'Thanh Nưa'],
  ['03349', 'Thanh Yên'],
  ['03352', 'Thanh An'],
  ['03356', 'Sam Mứn'],
  ['03358', 'Núa Ngam'],
  ['03368', 'Mường Nhà'],
  ['03370', 'Pu Nhi'],
  ['03382', 'Phình Giàng'],
  ['03385', 'Tìa Dình'],
];

/** New unit (by GSO code) → the old communes it was formed from, as the MoHA page lists them. */
const SOURCED_COMPOSITIONS: Readonly<Record<string, readonly string[]>> = {
  // Mường Nhé = Mường Nhé + Nậm Vì + Chung Chải
  '03160': ['dien-bien/muong-nhe/muong-nhe', 'dien-bien/muong-nhe/nam-vi', 'dien-bien/muong-nhe/chung-chai'],
  // Sín Thầu = Sín Thầu + Sen Thượng + Leng Su Sìn
  '03158': ['dien-bien/muong-nhe/sin-thau', 'dien-bien/muong-nhe/sen-thuong', 'dien-bien/muong-nhe/leng-su-sin'],
  // Mường Toong = Mường Toong + Huổi Lếch
  '03163': ['dien-bien/muong-nhe/muong-toong', 'dien-bien/muong-nhe/huoi-lech'],
  // Nậm Kè = Nậm Kè + Pá Mỳ
  '03162': ['dien-bien/muong-nhe/nam-ke', 'dien-bien/muong-nhe/pa-my'],
  // Quảng Lâm = Quảng Lâm + Na Cô Sa
  '03164': ['dien-bien/muong-nhe/quang-lam', 'dien-bien/nam-po/na-co-sa'],
  // Nà Hỳ = Nà Hỳ + Nà Khoa + Nậm Nhừ + Nậm Chua
  '03169': ['dien-bien/nam-po/na-hy', 'dien-bien/nam-po/na-khoa', 'dien-bien/nam-po/nam-nhu', 'dien-bien/nam-po/nam-chua'],
};

export function newUnitCode(name: string, ward = false): string {
  return `dien-bien/${ward ? 'phuong' : 'xa'}-${slugifyUnitName(name)}`;
}

function buildNewUnits(): UnitInput[] {
  return NEW_UNITS.map(([gsoCode, name, ward]) => {
    const composition = SOURCED_COMPOSITIONS[gsoCode];
    const predecessors: UnitLink[] | undefined = composition?.map((code) => ({ code, source: MOHA_SOURCE }));
    return {
      code: newUnitCode(name, ward === true),
      level: 'commune',
      kind: ward ? 'phuong' : 'xa',
      name,
      parentCode: 'dien-bien',
      gsoCode,
      gsoName: `${ward ? 'Phường' : 'Xã'} ${name}`,
      nameSource: 'reform-2025',
      validFrom: NEW_WORLD_FROM,
      validitySource: `${VALIDITY_SOURCE}; ${LIST_SOURCE}`,
      ...(predecessors ? { predecessors, predecessorsComplete: true } : {}),
    };
  });
}

function load(): { history: Unit[]; aliases: UnitAlias[] } {
  const history = loadUnits([...buildUnitData(), ...buildNewUnits()]);
  if (!history.ok) throw new InvariantError(`Điện Biên unit history is invalid: ${formatError(history.error)}`);
  const aliases = loadUnitAliases(ALIAS_DATA, history.value);
  if (!aliases.ok) throw new InvariantError(`Điện Biên aliases are invalid: ${formatError(aliases.error)}`);
  return { history: history.value, aliases: aliases.value };
}

const LOADED = load();

/**
 * Điện Biên's whole unit history: the province, the pre-reform districts, communes and villages
 * (valid until 30/6/2025) and the 45 commune-level units from 1/7/2025, with the sourced succession
 * links. `unitsAt(DIEN_BIEN_UNIT_HISTORY, date)` gives the units of a day.
 */
export const DIEN_BIEN_UNIT_HISTORY: readonly Unit[] = LOADED.history;

/** The province and its 45 commune-level units from 1/7/2025. */
export const DIEN_BIEN_UNITS_2025: readonly Unit[] = LOADED.history.filter((u) => u.level === 'province' || u.validFrom === NEW_WORLD_FROM);

/** The aliases (of pre-reform units), valid against the history. */
export const DIEN_BIEN_HISTORY_ALIASES: readonly UnitAlias[] = LOADED.aliases;
