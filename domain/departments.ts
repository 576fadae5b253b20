import { z } from 'zod';

/**
 * Departments that own NTM criteria, as data: district departments (phòng, ban; three-tier world)
 * and provincial departments (sở, ngành; two-tier world since 1/7/2025).
 *
 * Source: seed 000 (UBND huyện Tuần Giáo, 06/8/2021) section II.2, which names each member of the
 * district steering committee and the criteria it "chủ trì ... hướng dẫn thực hiện"; seed 001 (Tam
 * Đường, 2023) shows the same pattern. The codes are ours and stable; names are as seed 000 spells
 * them, expanded where the seed abbreviates.
 */
export const DISTRICT_DEPARTMENT_CODES = [
  'NN_PTNT',
  'KT_HT',
  'TN_MT',
  'VH_TT',
  'GD_DT',
  'LD_TBXH',
  'VP_HDND_UBND',
  'NOI_VU',
  'TU_PHAP',
  'BCH_QUAN_SU',
  'CONG_AN',
  'THONG_KE',
  'TC_KH',
] as const;

/**
 * Provincial departments (sở, ngành) that review criteria in two-tier government. The twelve sở
 * every province has since 1/3/2025 are named by Decree 45/2025/NĐ-CP of 28/2/2025 (Sở Nông nghiệp
 * và Môi trường merges agriculture and natural resources & environment); Công an tỉnh and Bộ Chỉ huy
 * Quân sự tỉnh are not UBND departments but review the security and defence parts, as their
 * district counterparts did. Statistics at provincial level: name not verified (see its entry).
 */
export const PROVINCIAL_DEPARTMENT_CODES = [
  'SO_NN_MT',
  'SO_XD',
  'SO_CT',
  'SO_VH_TT_DL',
  'SO_GD_DT',
  'SO_Y_TE',
  'SO_NOI_VU',
  'SO_TU_PHAP',
  'SO_TAI_CHINH',
  'SO_KH_CN',
  'CONG_AN_TINH',
  'BCH_QUAN_SU_TINH',
  'THONG_KE_TINH',
] as const;

export const DEPARTMENT_CODES = [...DISTRICT_DEPARTMENT_CODES, ...PROVINCIAL_DEPARTMENT_CODES] as const;

export const DepartmentCodeSchema = z.enum(DEPARTMENT_CODES);
export type DepartmentCode = z.infer<typeof DepartmentCodeSchema>;

export const DepartmentSchema = z
  .object({
    code: DepartmentCodeSchema,
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    /** The standing agency (cơ quan thường trực) of the district steering committee. */
    standingAgency: z.boolean().default(false),
    /** The level of government it belongs to. */
    tier: z.enum(['district', 'province']).default('district'),
    /** Where the department's existence and name come from. */
    source: z.string().min(1).optional(),
    /** Seed wording of its remit, for the reviewer who wonders why it owns a criterion. */
    remitVi: z.string().optional(),
  })
  .strict();
export type Department = z.infer<typeof DepartmentSchema>;

const DEPARTMENT_DATA: readonly z.input<typeof DepartmentSchema>[] = [
  {
    code: 'NN_PTNT',
    nameVi: 'Phòng Nông nghiệp và Phát triển nông thôn',
    nameEn: 'Agriculture and Rural Development Office',
    standingAgency: true,
    remitVi: 'Cơ quan thường trực; tiêu chí Thủy lợi, tiêu chí về mô hình, tổ chức sản xuất',
  },
  {
    code: 'KT_HT',
    nameVi: 'Phòng Kinh tế - Hạ tầng',
    nameEn: 'Economy and Infrastructure Office',
    remitVi: 'Quy hoạch, Giao thông, Điện, Nhà ở dân cư, Cơ sở hạ tầng thương mại nông thôn',
  },
  {
    code: 'TN_MT',
    nameVi: 'Phòng Tài nguyên và Môi trường',
    nameEn: 'Natural Resources and Environment Office',
    remitVi: 'Môi trường và an toàn thực phẩm',
  },
  {
    code: 'VH_TT',
    nameVi: 'Phòng Văn hóa - Thông tin',
    nameEn: 'Culture and Information Office',
    remitVi: 'Cơ sở vật chất văn hóa, Văn hóa, Thông tin và Truyền thông',
  },
  {
    code: 'GD_DT',
    nameVi: 'Phòng Giáo dục và Đào tạo',
    nameEn: 'Education and Training Office',
    remitVi: 'Trường học và chỉ tiêu liên quan trong tiêu chí Giáo dục và đào tạo',
  },
  {
    code: 'LD_TBXH',
    nameVi: 'Phòng Lao động - Thương binh và Xã hội',
    nameEn: 'Labour, Invalids and Social Affairs Office',
    remitVi: 'Hộ nghèo, Lao động có việc làm và chỉ tiêu tỷ lệ lao động có việc làm qua đào tạo của tiêu chí Giáo dục và đào tạo',
  },
  {
    code: 'VP_HDND_UBND',
    nameVi: 'Văn phòng HĐND và UBND huyện',
    nameEn: "Office of the District People's Council and People's Committee",
    remitVi: 'Y tế',
  },
  {
    code: 'NOI_VU',
    nameVi: 'Phòng Nội vụ',
    nameEn: 'Home Affairs Office',
    remitVi: 'Chỉ tiêu về Hệ thống chính trị của tiêu chí Hệ thống chính trị và tiếp cận pháp luật',
  },
  {
    code: 'TU_PHAP',
    nameVi: 'Phòng Tư pháp',
    nameEn: 'Justice Office',
    remitVi: 'Nội dung tiếp cận pháp luật trong tiêu chí Hệ thống chính trị và tiếp cận pháp luật',
  },
  {
    code: 'BCH_QUAN_SU',
    nameVi: 'Ban Chỉ huy Quân sự huyện',
    nameEn: 'District Military Command',
    remitVi: 'Nội dung 19.1: lực lượng dân quân "vững mạnh, rộng khắp", chỉ tiêu quốc phòng',
  },
  {
    code: 'CONG_AN',
    nameVi: 'Công an huyện',
    nameEn: 'District Police',
    remitVi: 'Tiêu chí số 19.2 (an ninh, trật tự)',
  },
  {
    code: 'THONG_KE',
    nameVi: 'Chi cục Thống kê huyện',
    nameEn: 'District Statistics Office',
    remitVi: 'Thống kê, đánh giá các tiêu chí về Hộ nghèo, thu nhập, tỷ lệ lao động có việc làm',
  },
  {
    code: 'TC_KH',
    nameVi: 'Phòng Tài chính - Kế hoạch',
    nameEn: 'Finance and Planning Office',
    remitVi: 'Tổng hợp nhu cầu vốn, phân bổ, lồng ghép nguồn vốn (không phụ trách tiêu chí)',
  },
];

const DECREE_45 =
  'NĐ 45/2025/NĐ-CP ngày 28/2/2025: 12 sở tổ chức thống nhất ở các địa phương (hdnd.dongnai.gov.vn, "Quy định mới về cơ quan chuyên môn thuộc UBND")';
const PROV = { tier: 'province', source: DECREE_45 } as const;

const PROVINCIAL_DATA: readonly z.input<typeof DepartmentSchema>[] = [
  {
    code: 'SO_NN_MT',
    nameVi: 'Sở Nông nghiệp và Môi trường',
    nameEn: 'Department of Agriculture and Environment',
    standingAgency: true,
    ...PROV,
    remitVi: 'Hợp nhất Sở NN&PTNT và Sở TN&MT (từ 1/3/2025); cơ quan thường trực NTM tỉnh (giả định, chưa có nguồn)',
  },
  { code: 'SO_XD', nameVi: 'Sở Xây dựng', nameEn: 'Department of Construction', ...PROV, remitVi: 'Hợp nhất Sở Xây dựng và Sở GTVT' },
  { code: 'SO_CT', nameVi: 'Sở Công Thương', nameEn: 'Department of Industry and Trade', ...PROV },
  { code: 'SO_VH_TT_DL', nameVi: 'Sở Văn hóa, Thể thao và Du lịch', nameEn: 'Department of Culture, Sports and Tourism', ...PROV },
  { code: 'SO_GD_DT', nameVi: 'Sở Giáo dục và Đào tạo', nameEn: 'Department of Education and Training', ...PROV },
  { code: 'SO_Y_TE', nameVi: 'Sở Y tế', nameEn: 'Department of Health', ...PROV },
  { code: 'SO_NOI_VU', nameVi: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', ...PROV, remitVi: 'Hợp nhất Sở Nội vụ và Sở LĐ-TB&XH' },
  { code: 'SO_TU_PHAP', nameVi: 'Sở Tư pháp', nameEn: 'Department of Justice', ...PROV },
  {
    code: 'SO_TAI_CHINH',
    nameVi: 'Sở Tài chính',
    nameEn: 'Department of Finance',
    ...PROV,
    remitVi: 'Hợp nhất Sở KH&ĐT và Sở Tài chính (không phụ trách tiêu chí)',
  },
  { code: 'SO_KH_CN', nameVi: 'Sở Khoa học và Công nghệ', nameEn: 'Department of Science and Technology', ...PROV, remitVi: 'Hợp nhất Sở KH&CN và Sở TT&TT' },
  {
    code: 'CONG_AN_TINH',
    nameVi: 'Công an tỉnh',
    nameEn: 'Provincial Police',
    tier: 'province',
    source: 'reform-2025 brief (ngành dọc, không thuộc NĐ 45/2025)',
  },
  {
    code: 'BCH_QUAN_SU_TINH',
    nameVi: 'Bộ Chỉ huy Quân sự tỉnh',
    nameEn: 'Provincial Military Command',
    tier: 'province',
    source: 'reform-2025 brief (ngành dọc, không thuộc NĐ 45/2025)',
  },
  {
    code: 'THONG_KE_TINH',
    nameVi: 'Cơ quan thống kê cấp tỉnh',
    nameEn: 'Provincial statistics office',
    tier: 'province',
    remitVi: 'Tên chính thức sau sắp xếp 2025 chưa kiểm chứng; thay bằng tên đúng khi có nguồn',
  },
];

/** District departments (the seeds' world). The seed's demo district specialists are made from this list. */
export const DEPARTMENTS: readonly Department[] = DEPARTMENT_DATA.map((d) => DepartmentSchema.parse(d));

/** Provincial departments that review criteria in two-tier government. */
export const PROVINCIAL_DEPARTMENTS: readonly Department[] = PROVINCIAL_DATA.map((d) => DepartmentSchema.parse(d));

export const ALL_DEPARTMENTS: readonly Department[] = [...DEPARTMENTS, ...PROVINCIAL_DEPARTMENTS];

const BY_CODE = new Map<string, Department>(ALL_DEPARTMENTS.map((d) => [d.code, d]));

export function isDepartmentCode(code: string): code is DepartmentCode {
  return BY_CODE.has(code);
}

/** The department with this code (district or provincial), or undefined when the code is not one of ours. */
export function findDepartment(code: string): Department | undefined {
  return BY_CODE.get(code);
}

/** A department's name in both languages; its code only when unknown. */
export function departmentLabel(code: string): { vi: string; en: string } {
  const d = findDepartment(code);
  return d ? { vi: d.nameVi, en: d.nameEn } : { vi: code, en: code };
}
