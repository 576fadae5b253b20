import { formatError, InvariantError } from '../errors';
import { loadUnitAliases, loadUnits } from './loader';
import type { Unit, UnitAlias, UnitInput, UnitKind } from './schema';

/**
 * Điện Biên province as of 2021 (seed 004: "10/10 huyện, thị xã, thành phố", "115/115 xã"), before the
 * two-tier reform of 1 July 2025.
 *
 * Names: as seed 004 spells them. Where seed 004 itself spells a unit two ways, the spelling that
 * agrees with the official list wins (body text "Mường Pồn" over appendix "Mường Pôn"; appendix
 * "Quài Tở" over body "Quài Tờ"; Biểu 02 "Noong Luống"/"Noong Hẹt" over the appendix's "N. Luông"/
 * "N. Het"). Misprints the seed alone gives are kept as the name and the official spelling is kept
 * beside it (`gsoName`), e.g. "Thanh Nua" (Thanh Nưa), "Pa Thon" (Pa Thơm), "Na Ủ" (Na Ư).
 *
 * Seed 004's appendix is truncated: after three of Tủa Chùa's rows it jumps to seven rows of Mường
 * Ảng (without that district's header row), and has no rows at all for Điện Biên Phủ, Mường Lay,
 * Điện Biên Đông and Nậm Pồ. Communes the seeds never name are taken from the official GSO list
 * (administrative-unit codes as mirrored in the public dataset daohoangson/dvhcvn, data date
 * 01/03/2025, which counts 115 communes in these 10 districts) and marked `nameSource: 'gso'`. The
 * seeds cannot confirm those 32: 4 communes of Điện Biên Phủ (all but Nà Tấu), 8 of Tủa Chùa, 1 of
 * Mường Ảng (Ẳng Nưa), 8 of Điện Biên Đông and 11 of Nậm Pồ (all marked nameSource 'gso').
 * Where two public GSO mirrors disagree (Xín/Sín Chải, Sáng/Xá Nhè, Huổi Lếnh/Lếch, Xá/Sá Tổng) the
 * other spelling is an alias. Tủa Chùa's "Xã Nhè" in seed 004 is read as "Xá Nhè" (unconfirmed).
 *
 * Codes: ASCII slug paths of the name as first written here; kept stable if a name is corrected.
 * Commune groups (1/2/3, 2026-2030) are not assigned: no source gives them.
 *
 * Validity: every district, commune and village here is the pre-reform version, valid until
 * 30/6/2025 (two-tier government from 1/7/2025; Điện Biên's communes rearranged by NQ
 * 1661/NQ-UBTVQH15). The province continues. Villages (thôn, bản) did not cease to exist, but the
 * commune each now belongs to is not sourced here, so only their pre-reform version is recorded.
 * The units from 1/7/2025 are in `dien-bien-2025.ts`.
 */

export const OLD_WORLD_UNTIL = '2025-06-30';
export const OLD_WORLD_SOURCE =
  'Chính quyền địa phương hai cấp từ 1/7/2025 (NQ 202/2025/QH15); sắp xếp cấp xã tỉnh Điện Biên theo NQ 1661/NQ-UBTVQH15 ngày 16/6/2025 (reform-2025.md)';
const ENDED = { validTo: OLD_WORLD_UNTIL, validitySource: OLD_WORLD_SOURCE } as const;

type DistrictRow = readonly [slug: string, name: string, kind: UnitKind, gsoCode: string, gsoName: string];
/** [slug, name, gsoCode, gsoName (when it differs from name), source of name] */
type CommuneRow = readonly [slug: string, name: string, gsoCode: string, gsoName: string | null, source: 'seed-004' | 'gso'];

const S = 'seed-004' as const;
const G = 'gso' as const;

const DISTRICTS: readonly (readonly [DistrictRow, readonly CommuneRow[]])[] = [
  [
    ['dien-bien-phu', 'Điện Biên Phủ', 'thanh-pho', '094', 'Thành phố Điện Biên Phủ'],
    [
      ['thanh-minh', 'Thanh Minh', '03145', null, G],
      ['na-tau', 'Nà Tấu', '03316', null, S],
      ['na-nhan', 'Nà Nhạn', '03317', null, G],
      ['muong-phang', 'Mường Phăng', '03325', null, G],
      ['pa-khoang', 'Pá Khoang', '03326', null, G],
    ],
  ],
  [['muong-lay', 'Mường Lay', 'thi-xa', '095', 'Thị xã Mường Lay'], [['lay-nua', 'Lay Nưa', '03184', null, S]]],
  [
    ['muong-nhe', 'Mường Nhé', 'huyen', '096', 'Huyện Mường Nhé'],
    [
      ['sin-thau', 'Sín Thầu', '03154', null, S],
      ['sen-thuong', 'Sen Thượng', '03155', null, S],
      ['chung-chai', 'Chung Chải', '03157', null, S],
      ['leng-su-sin', 'Leng Su Sìn', '03158', null, S],
      ['pa-my', 'Pá Mý', '03159', 'Pá Mỳ', S],
      ['muong-nhe', 'Mường Nhé', '03160', null, S],
      ['nam-vi', 'Nậm Vi', '03161', 'Nậm Vì', S],
      ['nam-ke', 'Nậm Kè', '03162', null, S],
      ['muong-toong', 'Mường Toong', '03163', null, S],
      ['quang-lam', 'Quảng Lâm', '03164', null, S],
      ['huoi-lech', 'Huổi Lếch', '03177', 'Huổi Lếnh', S],
    ],
  ],
  [
    ['muong-cha', 'Mường Chà', 'huyen', '097', 'Huyện Mường Chà'],
    [
      ['sa-tong', 'Sá Tổng', '03178', 'Xá Tổng', S],
      ['muong-tung', 'Mường Tùng', '03181', null, S],
      ['hua-ngai', 'Hừa Ngải', '03190', 'Hừa Ngài', S],
      ['huoi-mi', 'Huổi Mí', '03191', null, S],
      ['pa-ham', 'Pa Ham', '03193', null, S],
      ['nam-nen', 'Nậm Nèn', '03194', null, S],
      ['huoi-leng', 'Huổi Lèng', '03196', null, S],
      ['sa-long', 'Sa Lông', '03197', null, S],
      ['ma-thi-ho', 'Ma Thi Hồ', '03200', 'Ma Thì Hồ', S],
      ['na-sang', 'Na Sang', '03201', null, S],
      ['muong-muon', 'Mường Mươn', '03202', null, S],
    ],
  ],
  [
    ['tua-chua', 'Tủa Chùa', 'huyen', '098', 'Huyện Tủa Chùa'],
    [
      ['huoi-so', 'Huổi Só', '03220', null, G],
      ['xin-chai', 'Xín Chải', '03223', null, G],
      ['ta-sin-thang', 'Tả Sìn Thàng', '03226', null, G],
      ['lao-xa-phinh', 'Lao Xả Phình', '03229', null, G],
      ['ta-phin', 'Tả Phìn', '03232', null, G],
      ['tua-thang', 'Tủa Thàng', '03235', null, G],
      ['trung-thu', 'Trung Thu', '03238', null, G],
      ['sinh-phinh', 'Sính Phình', '03241', null, G],
      ['xa-nhe', 'Xá Nhè', '03244', 'Sáng Nhè', S],
      ['muong-dun', 'Mường Đun', '03247', null, S],
      ['muong-bang', 'Mường Báng', '03250', null, S],
    ],
  ],
  [
    ['tuan-giao', 'Tuần Giáo', 'huyen', '099', 'Huyện Tuần Giáo'],
    [
      ['phinh-sang', 'Phình Sáng', '03259', null, S],
      ['rang-dong', 'Rạng Đông', '03260', null, S],
      ['mun-chung', 'Mùn Chung', '03262', null, S],
      ['na-tong', 'Nà Tông', '03263', 'Nà Tòng', S],
      ['ta-ma', 'Ta Ma', '03265', null, S],
      ['muong-mun', 'Mường Mùn', '03268', null, S],
      ['pu-xi', 'Pú Xi', '03269', null, S],
      ['pu-nhung', 'Pú Nhung', '03271', null, S],
      ['quai-nua', 'Quài Nưa', '03274', null, S],
      ['muong-thin', 'Mường Thín', '03277', null, S],
      ['tua-tinh', 'Tủa Tinh', '03280', 'Tỏa Tình', S],
      ['na-say', 'Nà Sáy', '03283', null, S],
      ['muong-khong', 'Mường Khong', '03284', null, S],
      ['quai-cang', 'Quài Cang', '03289', null, S],
      ['quai-to', 'Quài Tở', '03295', null, S],
      ['chieng-sinh', 'Chiềng Sinh', '03298', null, S],
      ['chieng-dong', 'Chiềng Đông', '03299', null, S],
      ['tenh-phong', 'Tênh Phong', '03304', 'Tênh Phông', S],
    ],
  ],
  [
    ['dien-bien', 'Điện Biên', 'huyen', '100', 'Huyện Điện Biên'],
    [
      ['muong-pon', 'Mường Pồn', '03319', null, S],
      ['thanh-nua', 'Thanh Nua', '03322', 'Thanh Nưa', S],
      ['hua-thanh', 'Hua Thanh', '03323', null, S],
      ['thanh-luong', 'Thanh Luông', '03328', null, S],
      ['thanh-hung', 'Thanh Hưng', '03331', null, S],
      ['thanh-xuong', 'Thanh Xương', '03334', null, S],
      ['thanh-chan', 'Thanh Chăn', '03337', null, S],
      ['pa-thon', 'Pa Thon', '03340', 'Pa Thơm', S],
      ['thanh-an', 'Thanh An', '03343', null, S],
      ['thanh-yen', 'Thanh Yên', '03346', null, S],
      ['noong-luong', 'Noong Luống', '03349', null, S],
      ['noong-het', 'Noong Hẹt', '03352', 'Noọng Hẹt', S],
      ['sam-mun', 'Sam Mứn', '03355', null, S],
      ['pom-lot', 'Pom Lót', '03356', null, S],
      ['nua-ngam', 'Núa Ngam', '03358', null, S],
      ['he-muong', 'Hẹ Muông', '03359', null, S],
      ['na-u', 'Na Ủ', '03361', 'Na Ư', S],
      ['muong-nha', 'Mường Nhà', '03364', null, S],
      ['na-tong', 'Na Tông', '03365', null, S],
      ['muong-loi', 'Mường Lói', '03367', null, S],
      ['phu-luong', 'Phu Luông', '03368', null, S],
    ],
  ],
  [
    ['dien-bien-dong', 'Điện Biên Đông', 'huyen', '101', 'Huyện Điện Biên Đông'],
    [
      ['na-son', 'Na Son', '03205', null, S],
      ['phi-nhu', 'Phì Nhừ', '03208', null, G],
      ['chieng-so', 'Chiềng Sơ', '03211', null, G],
      ['muong-luan', 'Mường Luân', '03214', null, S],
      ['pu-nhi', 'Pú Nhi', '03370', null, S],
      ['noong-u', 'Noong U', '03371', 'Nong U', S],
      ['xa-dung', 'Xa Dung', '03373', null, G],
      ['keo-lom', 'Keo Lôm', '03376', null, G],
      ['luan-gioi', 'Luân Giới', '03379', null, S],
      ['phinh-giang', 'Phình Giàng', '03382', null, G],
      ['pu-hong', 'Pú Hồng', '03383', null, G],
      ['tia-dinh', 'Tìa Dình', '03384', null, G],
      ['hang-lia', 'Háng Lìa', '03385', null, G],
    ],
  ],
  [
    ['muong-ang', 'Mường Ảng', 'huyen', '102', 'Huyện Mường Ảng'],
    [
      ['muong-dang', 'Mường Đăng', '03286', null, S],
      ['ngoi-cay', 'Ngôi Cây', '03287', 'Ngối Cáy', S],
      ['ang-to', 'Áng Tờ', '03292', 'Ẳng Tở', S],
      ['bung-lao', 'Búng Lao', '03301', null, S],
      ['xuan-lao', 'Xuân Lao', '03302', null, S],
      ['ang-nua', 'Ẳng Nưa', '03307', null, G],
      ['ang-cang', 'Ảng Cang', '03310', 'Ẳng Cang', S],
      ['nam-lich', 'Năm Lịch', '03312', 'Nặm Lịch', S],
      ['muong-lan', 'Mường Lan', '03313', 'Mường Lạn', S],
    ],
  ],
  [
    ['nam-po', 'Nậm Pồ', 'huyen', '103', 'Huyện Nậm Pồ'],
    [
      ['nam-tin', 'Nậm Tin', '03156', null, G],
      ['pa-tan', 'Pa Tần', '03165', null, G],
      ['cha-cang', 'Chà Cang', '03166', null, S],
      ['na-co-sa', 'Na Cô Sa', '03167', null, G],
      ['na-khoa', 'Nà Khoa', '03168', null, G],
      ['na-hy', 'Nà Hỳ', '03169', null, S],
      ['na-bung', 'Nà Bủng', '03170', null, G],
      ['nam-nhu', 'Nậm Nhừ', '03171', null, G],
      ['nam-chua', 'Nậm Chua', '03173', null, G],
      ['nam-khan', 'Nậm Khăn', '03174', null, G],
      ['cha-to', 'Chà Tở', '03175', null, G],
      ['vang-dan', 'Vàng Đán', '03176', null, G],
      ['cha-nua', 'Chà Nưa', '03187', null, S],
      ['phin-ho', 'Phìn Hồ', '03198', null, G],
      ['si-pa-phin', 'Si Pa Phìn', '03199', null, S],
    ],
  ],
];

/**
 * Villages recognised by 2020 (seed 004, Biểu 02: 16 "bản đạt chuẩn NTM", 10 "NTM kiểu mẫu"), names as
 * Biểu 02 spells them. Not the province's 1,441 villages: only those the seeds name.
 */
const VILLAGES: readonly (readonly [communeCode: string, villages: readonly (readonly [slug: string, name: string])[]])[] = [
  [
    'dien-bien/dien-bien/muong-pon',
    [
      ['co-chay-1', 'Bản Cò Chạy 1'],
      ['co-chay-2', 'Bản Cò Chạy 2'],
      ['muong-pon-1', 'Bản Mường Pồn 1'],
      ['muong-pon-2', 'Bản Mường Pồn 2'],
    ],
  ],
  [
    'dien-bien/dien-bien/hua-thanh',
    [
      ['ten', 'Bản Ten'],
      ['tau-3', 'Bản Tâu 3'],
    ],
  ],
  [
    'dien-bien/dien-bien/muong-nha',
    [
      ['na-khoang', 'Bản Nà Khoang'],
      ['trung-tam', 'Bản Trung Tâm'],
      ['na-phay-2', 'Bản Na Phay 2'],
    ],
  ],
  [
    'dien-bien/nam-po/cha-cang',
    [
      ['moi-1', 'Bản Mới 1'],
      ['moi-2', 'Bản Mới 2'],
    ],
  ],
  [
    'dien-bien/nam-po/cha-nua',
    [
      ['co', 'Bản Có'],
      ['na-su', 'Bản Nà Sự'],
      ['cau', 'Bản Cầu'],
      ['na-cang', 'Bản Nà Cang'],
      ['na-in', 'Bản Nà Ín'],
    ],
  ],
  ['dien-bien/dien-bien/thanh-luong', [['cong-hoa', 'Thôn Cộng Hòa']]],
  ['dien-bien/dien-bien/thanh-yen', [['viet-yen-4', 'Thôn Việt Yên 4']]],
  ['dien-bien/dien-bien/noong-luong', [['a1', 'Thôn A1']]],
  ['dien-bien/dien-bien/sam-mun', [['thon-10', 'Thôn 10']]],
  ['dien-bien/dien-bien/noong-het', [['hop-thanh', 'Thôn Hợp Thành']]],
  [
    'dien-bien/dien-bien/thanh-an',
    [
      ['hoang-cong-chat', 'Thôn Hoàng Công Chất'],
      ['chieng-an', 'Bản Chiềng An'],
    ],
  ],
  [
    'dien-bien/dien-bien/thanh-xuong',
    [
      ['doi-5', 'Thôn Đội 5'],
      ['doi-7', 'Thôn Đội 7'],
      ['c9', 'Thôn C9'],
    ],
  ],
];

export function buildUnitData(): UnitInput[] {
  const out: UnitInput[] = [
    {
      code: 'dien-bien',
      level: 'province',
      kind: 'tinh',
      name: 'Điện Biên',
      parentCode: null,
      region: 'trung-du-mien-nui-phia-bac',
      gsoCode: '11',
      gsoName: 'Tỉnh Điện Biên',
      nameSource: 'seed-004',
    },
  ];
  for (const [[slug, name, kind, gsoCode, gsoName], communes] of DISTRICTS) {
    const code = `dien-bien/${slug}`;
    out.push({ code, level: 'district', kind, name, parentCode: 'dien-bien', gsoCode, gsoName, nameSource: 'seed-004', ...ENDED });
    for (const [cslug, cname, cgso, cgsoName, source] of communes) {
      out.push({
        code: `${code}/${cslug}`,
        level: 'commune',
        kind: 'xa',
        name: cname,
        parentCode: code,
        gsoCode: cgso,
        gsoName: `Xã ${cgsoName ?? cname}`,
        nameSource: source,
        ...ENDED,
      });
    }
  }
  for (const [communeCode, villages] of VILLAGES) {
    for (const [slug, name] of villages) {
      out.push({ code: `${communeCode}/${slug}`, level: 'village', kind: 'thon-ban', name, parentCode: communeCode, nameSource: 'seed-004', ...ENDED });
    }
  }
  return out;
}

/** Spellings that fold differently from the name, and the seeds' abbreviations. */
export const ALIAS_DATA: readonly UnitAlias[] = [
  { alias: 'N. Luông', code: 'dien-bien/dien-bien/noong-luong', note: 'seed 004, phụ lục' },
  { alias: 'N. Het', code: 'dien-bien/dien-bien/noong-het', note: 'seed 004, phụ lục' },
  { alias: 'Noọng Hẹt', code: 'dien-bien/dien-bien/noong-het', note: 'GSO' },
  { alias: 'Pa Thơm', code: 'dien-bien/dien-bien/pa-thon', note: 'GSO' },
  { alias: 'Nà Tòng', code: 'dien-bien/tuan-giao/na-tong', note: 'GSO' },
  { alias: 'Tỏa Tình', code: 'dien-bien/tuan-giao/tua-tinh', note: 'GSO' },
  { alias: 'Toả Tình', code: 'dien-bien/tuan-giao/tua-tinh', note: 'GSO, dấu kiểu cũ' },
  { alias: 'Tòà tình', code: 'dien-bien/tuan-giao/tua-tinh', note: 'seed 000, chú thích 1' },
  { alias: 'Xá Tổng', code: 'dien-bien/muong-cha/sa-tong', note: 'GSO (daohoangson/dvhcvn)' },
  { alias: 'Huổi Lếnh', code: 'dien-bien/muong-nhe/huoi-lech', note: 'GSO (daohoangson/dvhcvn)' },
  { alias: 'Sáng Nhè', code: 'dien-bien/tua-chua/xa-nhe', note: 'GSO (daohoangson/dvhcvn, 2025)' },
  { alias: 'Nhè', code: 'dien-bien/tua-chua/xa-nhe', note: 'seed 004 in "Xã Nhè": tiền tố "Xã" bị bỏ khi chuẩn hoá' },
  { alias: 'Sín Chải', code: 'dien-bien/tua-chua/xin-chai', note: 'một bản danh mục GSO khác' },
  { alias: 'Nong U', code: 'dien-bien/dien-bien-dong/noong-u', note: 'GSO' },
];

function loadReference(): { units: Unit[]; aliases: UnitAlias[] } {
  const units = loadUnits(buildUnitData());
  if (!units.ok) throw new InvariantError(`Điện Biên reference units are invalid: ${formatError(units.error)}`);
  const aliases = loadUnitAliases(ALIAS_DATA, units.value);
  if (!aliases.ok) throw new InvariantError(`Điện Biên aliases are invalid: ${formatError(aliases.error)}`);
  return { units: units.value, aliases: aliases.value };
}

const REFERENCE = loadReference();

/**
 * Điện Biên before the reform: the province, its 10 district-level units, 115 communes and the 26
 * villages the seeds name (all but the province valid until 30/6/2025). The whole history, with the
 * 45 units from 1/7/2025, is `DIEN_BIEN_UNIT_HISTORY` (dien-bien-2025.ts).
 */
export const DIEN_BIEN_UNITS: readonly Unit[] = REFERENCE.units;
export const DIEN_BIEN_ALIASES: readonly UnitAlias[] = REFERENCE.aliases;
