import type { DepartmentCode } from '../../departments';
import type { CommuneGroups, CriteriaSetInput } from '../schema';

/**
 * Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026-2030 (Phụ lục I, QĐ 51/2025/QĐ-TTg ngày
 * 29/12/2025, hiệu lực 15/2/2026).
 *
 * Sourced (reform-2025.md): number, date, effective date; Phụ lục I is the commune set with 10
 * criteria and 47 indicators, each threshold given for three commune groups; the 10 criteria names
 * in order (vietnamplus 30/12/2025; thoibaotaichinhvietnam; vneconomy); the three group definitions
 * as the final decision has them.
 *
 * NOT sourced: the 47 indicators (names, codes, units, which criterion has how many), every
 * threshold, the recognition conditions of Phụ lục I, which criteria are key for revocation, and
 * which department reviews what. So each criterion keeps ONE indicator slot standing for the whole
 * criterion (placeholder, judged, `sourced: false`, no number): no figure is invented. An office
 * loads the real annex itself (domain/criteria/file.ts; the example in domain/criteria/examples/).
 * English criterion names are our translation.
 */

export const COMMUNE_NTM_2026_2030_CRITERIA: readonly (readonly [code: string, nameVi: string, nameEn: string])[] = [
  ['1', 'Quy hoạch', 'Planning'],
  ['2', 'Hạ tầng kinh tế - xã hội', 'Socio-economic infrastructure'],
  ['3', 'Phát triển kinh tế nông thôn', 'Rural economic development'],
  ['4', 'Đào tạo nguồn nhân lực nông thôn', 'Rural human-resource training'],
  ['5', 'Văn hóa, giáo dục, y tế', 'Culture, education and health'],
  ['6', 'Giảm nghèo và an sinh xã hội', 'Poverty reduction and social security'],
  ['7', 'Khoa học công nghệ và chuyển đổi số', 'Science, technology and digital transformation'],
  ['8', 'Môi trường và cảnh quan nông thôn', 'Environment and rural landscape'],
  ['9', 'Xây dựng hệ thống chính trị và hành chính công', 'Political system and public administration'],
  ['10', 'Tiếp cận pháp luật và an ninh, quốc phòng', 'Access to law, security and defence'],
];

const SOURCE_51 = 'QĐ 51/2025/QĐ-TTg ngày 29/12/2025, Phụ lục I (reform-2025.md: vietnamplus 30/12/2025, thoibaotaichinhvietnam, vneconomy)';

/** Commune groups as data. Group 2 is defined as "all others", so the definitions are exhaustive. */
export const COMMUNE_GROUPS_2026_2030: CommuneGroups = {
  sourced: true,
  source: `${SOURCE_51}: định nghĩa nhóm xã theo bản quyết định chính thức`,
  groups: [
    {
      group: 1,
      nameVi: 'Nhóm 1',
      nameEn: 'Group 1',
      definitionVi:
        'Xã liền kề đô thị hiện hữu và có định hướng lên đô thị, hoặc tỷ trọng nông nghiệp dưới 10% cơ cấu kinh tế, hoặc được xác định là đô thị mới',
      definitionEn:
        'Communes next to an existing urban area and oriented to become urban, or with agriculture below 10% of the economy, or designated a new urban area',
    },
    {
      group: 2,
      nameVi: 'Nhóm 2',
      nameEn: 'Group 2',
      definitionVi: 'Các xã còn lại (không thuộc nhóm 1 và nhóm 3)',
      definitionEn: 'All other communes (neither group 1 nor group 3)',
    },
    {
      group: 3,
      nameVi: 'Nhóm 3',
      nameEn: 'Group 3',
      definitionVi: 'Xã khu vực II và khu vực III vùng đồng bào dân tộc thiểu số và miền núi',
      definitionEn: 'Area II and area III communes of ethnic-minority and mountain regions',
    },
  ],
  warningVi:
    'Dự thảo tháng 7/2025 đánh số nhóm theo thứ tự ngược lại (nhóm 1 ↔ nhóm 3): tài liệu dựa trên dự thảo có nhóm bị đảo. Phân nhóm xã theo quyết định chính thức.',
  warningEn:
    'The July 2025 draft numbered the groups the other way round (group 1 ↔ group 3): material built on the draft has them reversed. Assign groups by the final decision.',
};

/**
 * Who reviews each criterion in two-tier government: NOT SOURCED. Our assignment by the criterion's
 * name and each sở's remit (Decree 45/2025/NĐ-CP names the sở), lead first; the others support.
 * Used as the set's owners and as the default two-tier ownership table (criteria/ownership.ts).
 */
export const COMMUNE_2026_2030_TWO_TIER_OWNERS: readonly { criterion: string; owners: readonly DepartmentCode[]; supporting: readonly DepartmentCode[] }[] = [
  { criterion: '1', owners: ['SO_XD'], supporting: ['SO_NN_MT'] },
  { criterion: '2', owners: ['SO_XD'], supporting: ['SO_NN_MT', 'SO_CT', 'SO_VH_TT_DL', 'SO_GD_DT', 'SO_KH_CN'] },
  { criterion: '3', owners: ['SO_NN_MT'], supporting: ['SO_CT', 'THONG_KE_TINH'] },
  { criterion: '4', owners: ['SO_GD_DT'], supporting: ['SO_NOI_VU'] },
  { criterion: '5', owners: ['SO_VH_TT_DL'], supporting: ['SO_GD_DT', 'SO_Y_TE'] },
  { criterion: '6', owners: ['SO_NN_MT'], supporting: ['SO_Y_TE', 'SO_NOI_VU', 'THONG_KE_TINH'] },
  { criterion: '7', owners: ['SO_KH_CN'], supporting: [] },
  { criterion: '8', owners: ['SO_NN_MT'], supporting: ['SO_XD'] },
  { criterion: '9', owners: ['SO_NOI_VU'], supporting: [] },
  { criterion: '10', owners: ['SO_TU_PHAP'], supporting: ['CONG_AN_TINH', 'BCH_QUAN_SU_TINH'] },
];

const SLOT = {
  kind: 'judgement',
  sourced: false,
  note: 'Các chỉ tiêu (47 chỉ tiêu của cả bộ) và mức đạt theo nhóm xã 1/2/3 của Phụ lục I QĐ 51/2025/QĐ-TTg chưa có nguồn: nạp từ tệp của cơ quan',
} as const;

const criteria = COMMUNE_NTM_2026_2030_CRITERIA.map(([code, nameVi, nameEn]) => {
  const owners = COMMUNE_2026_2030_TWO_TIER_OWNERS.find((o) => o.criterion === code)!;
  return {
    code,
    nameVi,
    nameEn,
    group: 'bo-tieu-chi-xa',
    owners: [...owners.owners],
    supporting: [...owners.supporting],
    indicators: [
      {
        code,
        nameVi: `${nameVi} (toàn tiêu chí; chỉ tiêu chưa mã hoá)`,
        nameEn: `${nameEn} (whole criterion; indicators not encoded)`,
        threshold: SLOT,
        placeholder: true,
      },
    ],
  };
});

export const COMMUNE_NTM_2026_2030: CriteriaSetInput = {
  id: 'commune-ntm-2026-2030',
  version: 1,
  nameVi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026-2030',
  nameEn: 'National criteria for new-rural communes, 2026-2030',
  scope: 'commune',
  standard: 'dat-chuan',
  period: { from: 2026, to: 2030 },
  legalBasis: [
    {
      decision: '51/2025/QĐ-TTg',
      date: '2025-12-29',
      effectiveFrom: '2026-02-15',
      issuerVi: 'Thủ tướng Chính phủ',
      titleVi: 'Ban hành Bộ tiêu chí quốc gia về nông thôn mới giai đoạn 2026-2030',
      sourced: true,
      source:
        'xaydungchinhsach.chinhphu.vn, "TOÀN VĂN: Quyết định 51/2025/QĐ-TTg" (30/12/2025): số, ngày, Phụ lục I; hiệu lực 15/2/2026 và 10 tiêu chí theo reform-2025.md',
    },
  ],
  // The source gives the ten criteria without criterion groups.
  groups: [{ code: 'bo-tieu-chi-xa', nameVi: 'Bộ tiêu chí xã (không chia nhóm tiêu chí)', nameEn: 'Commune criteria (no criterion groups)' }],
  communeGroups: COMMUNE_GROUPS_2026_2030,
  criteria,
  // QĐ 18/2022 names income, environment, living environment, defence and security; which of the ten
  // 2026-2030 criteria carry that role (and whether 18/2022's rule still applies) is not sourced.
  revocationKeyCriteria: [],
  completeness: {
    criteriaInLegalText: 10,
    indicatorsInLegalText: 47,
    noteVi:
      'Đủ 10 tiêu chí (tên, thứ tự) và định nghĩa 3 nhóm xã; 47 chỉ tiêu, ngưỡng theo nhóm, điều kiện công nhận và tiêu chí then chốt cho thu hồi chưa có nguồn: mỗi tiêu chí một ô chỉ tiêu tạm, đánh giá đạt/không đạt. Phân công sở thẩm tra chưa có nguồn.',
    noteEn:
      'All 10 criteria (names, order) and the 3 commune-group definitions; the 47 indicators, group thresholds, recognition conditions and revocation key criteria are unsourced: one placeholder indicator slot per criterion, judged. Which department reviews what is unsourced.',
  },
};
