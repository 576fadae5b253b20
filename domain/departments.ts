import { z } from 'zod';

/**
 * District departments (phòng, ban) that own NTM criteria, as data.
 *
 * Source: seed 000 (UBND huyện Tuần Giáo, 06/8/2021) section II.2, which names each member of the
 * district steering committee and the criteria it "chủ trì ... hướng dẫn thực hiện"; seed 001 (Tam
 * Đường, 2023) shows the same pattern. The codes are ours and stable; names are as seed 000 spells
 * them, expanded where the seed abbreviates.
 */
export const DEPARTMENT_CODES = [
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

export const DepartmentCodeSchema = z.enum(DEPARTMENT_CODES);
export type DepartmentCode = z.infer<typeof DepartmentCodeSchema>;

export const DepartmentSchema = z
  .object({
    code: DepartmentCodeSchema,
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    /** The standing agency (cơ quan thường trực) of the district steering committee. */
    standingAgency: z.boolean().default(false),
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
    remitVi:
      'Hộ nghèo, Lao động có việc làm và chỉ tiêu tỷ lệ lao động có việc làm qua đào tạo của tiêu chí Giáo dục và đào tạo',
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

export const DEPARTMENTS: readonly Department[] = DEPARTMENT_DATA.map((d) => DepartmentSchema.parse(d));

const BY_CODE = new Map<string, Department>(DEPARTMENTS.map((d) => [d.code, d]));

export function isDepartmentCode(code: string): code is DepartmentCode {
  return BY_CODE.has(code);
}

/** The department with this code, or undefined when the code is not one of ours. */
export function findDepartment(code: string): Department | undefined {
  return BY_CODE.get(code);
}
