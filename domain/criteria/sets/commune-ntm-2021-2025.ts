import type { CriteriaSetInput } from '../schema';
import { frame, NATIONAL_GROUPS, NATIONAL_REVOCATION_KEY_CRITERIA } from './national-commune-19';

/**
 * Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025 (QĐ 318/QĐ-TTg ngày 08/3/2022).
 *
 * Sourced: the decision's number and date, the 19 criteria names and the 5 groups (thuvienphapluat.vn
 * notice of 10/03/2022, which also lists the seven regions), the count of 57 indicators (domain.md,
 * public reporting). Names 3, 11, 13 differ from 2016-2020 ("Thủy lợi và phòng, chống thiên tai",
 * "Nghèo đa chiều", "Tổ chức sản xuất và phát triển kinh tế nông thôn").
 *
 * NOT sourced: the 57 indicators. Only what can be named is encoded: 19.1/19.2 (seed 000) and, for the
 * criteria that two departments share (14, 18), one placeholder indicator per department so reviews
 * can be assigned. Every other criterion carries one placeholder indicator standing for the whole
 * criterion, settled by the reviewer's judgement. Placeholder codes (e.g. "14.1") are provisional:
 * replace them with the codes of Phụ lục I of QĐ 318 when the text is at hand.
 */
const UNSOURCED = { sourced: false, note: 'Mức đạt theo QĐ 318/QĐ-TTg chưa mã hoá' } as const;
const judged = { kind: 'judgement', ...UNSOURCED } as const;

function whole(code: string, nameVi: string, nameEn: string) {
  return {
    code,
    nameVi: `${nameVi} (toàn tiêu chí)`,
    nameEn: `${nameEn} (whole criterion)`,
    threshold: judged,
    placeholder: true,
  };
}

const LEGAL_SOURCE = 'thuvienphapluat.vn, "Ban hành Bộ tiêu chí xã nông thôn mới giai đoạn 2021 - 2025" (10/03/2022): số, ngày, 19 tiêu chí, 5 nhóm';

export const COMMUNE_NTM_2021_2025: CriteriaSetInput = {
  id: 'commune-ntm-2021-2025',
  nameVi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025',
  nameEn: 'National criteria for new-rural communes, 2021-2025',
  scope: 'commune',
  standard: 'dat-chuan',
  period: { from: 2021, to: 2025 },
  legalBasis: [
    {
      decision: '318/QĐ-TTg',
      date: '2022-03-08',
      effectiveFrom: '2022-03-08',
      issuerVi: 'Thủ tướng Chính phủ',
      titleVi: 'Ban hành Bộ tiêu chí quốc gia về xã nông thôn mới và Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao giai đoạn 2021-2025',
      sourced: true,
      source: LEGAL_SOURCE,
    },
  ],
  groups: NATIONAL_GROUPS,
  revocationKeyCriteria: NATIONAL_REVOCATION_KEY_CRITERIA,
  completeness: {
    criteriaInLegalText: 19,
    indicatorsInLegalText: 57,
    noteVi:
      'Đủ 19 tiêu chí; chỉ tiêu: chỉ 19.1, 19.2 có tên theo nguồn, các chỉ tiêu còn lại là chỉ tiêu tạm (placeholder) chờ mã hoá theo Phụ lục I QĐ 318; mọi ngưỡng là giá trị tạm.',
    noteEn:
      'All 19 criteria; indicators: only 19.1 and 19.2 are named from a source, the rest are placeholders awaiting Appendix I of Decision 318; every threshold is a placeholder.',
  },
  criteria: [
    { ...frame('1'), nameVi: 'Quy hoạch', nameEn: 'Planning', indicators: [whole('1', 'Quy hoạch', 'Planning')] },
    { ...frame('2'), nameVi: 'Giao thông', nameEn: 'Transport', indicators: [whole('2', 'Giao thông', 'Transport')] },
    {
      ...frame('3'),
      nameVi: 'Thủy lợi và phòng, chống thiên tai',
      nameEn: 'Irrigation and disaster prevention',
      indicators: [whole('3', 'Thủy lợi và phòng, chống thiên tai', 'Irrigation and disaster prevention')],
    },
    { ...frame('4'), nameVi: 'Điện', nameEn: 'Electricity', indicators: [whole('4', 'Điện', 'Electricity')] },
    { ...frame('5'), nameVi: 'Trường học', nameEn: 'Schools', indicators: [whole('5', 'Trường học', 'Schools')] },
    {
      ...frame('6'),
      nameVi: 'Cơ sở vật chất văn hóa',
      nameEn: 'Cultural facilities',
      indicators: [whole('6', 'Cơ sở vật chất văn hóa', 'Cultural facilities')],
    },
    {
      ...frame('7'),
      nameVi: 'Cơ sở hạ tầng thương mại nông thôn',
      nameEn: 'Rural commerce infrastructure',
      indicators: [whole('7', 'Cơ sở hạ tầng thương mại nông thôn', 'Rural commerce infrastructure')],
    },
    {
      ...frame('8'),
      nameVi: 'Thông tin và Truyền thông',
      nameEn: 'Information and communications',
      indicators: [whole('8', 'Thông tin và Truyền thông', 'Information and communications')],
    },
    { ...frame('9'), nameVi: 'Nhà ở dân cư', nameEn: 'Housing', indicators: [whole('9', 'Nhà ở dân cư', 'Housing')] },
    {
      ...frame('10'),
      nameVi: 'Thu nhập',
      nameEn: 'Income',
      indicators: [
        {
          code: '10',
          nameVi: 'Thu nhập bình quân đầu người khu vực nông thôn',
          nameEn: 'Average rural income per person',
          placeholder: true,
          threshold: {
            kind: 'min',
            unit: 'trieu-dong/nguoi/nam',
            sourced: false,
            note: 'QĐ 318 quy định mức theo năm (2022-2025) và theo vùng; chưa có nguồn: cấu hình mức cho vùng trung du miền núi phía Bắc trước khi dùng',
          },
        },
      ],
    },
    {
      ...frame('11'),
      nameVi: 'Nghèo đa chiều',
      nameEn: 'Multidimensional poverty',
      indicators: [
        {
          code: '11',
          nameVi: 'Tỷ lệ nghèo đa chiều giai đoạn 2021-2025',
          nameEn: 'Multidimensional poverty rate, 2021-2025',
          placeholder: true,
          threshold: { kind: 'max', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    { ...frame('12'), nameVi: 'Lao động', nameEn: 'Employment', indicators: [whole('12', 'Lao động', 'Employment')] },
    {
      ...frame('13'),
      nameVi: 'Tổ chức sản xuất và phát triển kinh tế nông thôn',
      nameEn: 'Production organisation and rural economic development',
      indicators: [whole('13', 'Tổ chức sản xuất và phát triển kinh tế nông thôn', 'Production organisation and rural economic development')],
    },
    {
      ...frame('14'),
      nameVi: 'Giáo dục và Đào tạo',
      nameEn: 'Education and training',
      indicators: [
        {
          code: '14.1',
          nameVi: 'Các chỉ tiêu về giáo dục (phần do Phòng Giáo dục phụ trách)',
          nameEn: 'Education indicators (Education Office part)',
          owner: 'GD_DT',
          threshold: judged,
          placeholder: true,
        },
        {
          code: '14.2',
          nameVi: 'Tỷ lệ lao động có việc làm qua đào tạo (phần do Phòng LĐ-TB&XH phụ trách)',
          nameEn: 'Trained share of employed workers (Labour Office part)',
          owner: 'LD_TBXH',
          threshold: judged,
          placeholder: true,
        },
      ],
    },
    { ...frame('15'), nameVi: 'Y tế', nameEn: 'Health', indicators: [whole('15', 'Y tế', 'Health')] },
    { ...frame('16'), nameVi: 'Văn hóa', nameEn: 'Culture', indicators: [whole('16', 'Văn hóa', 'Culture')] },
    {
      ...frame('17'),
      nameVi: 'Môi trường và an toàn thực phẩm',
      nameEn: 'Environment and food safety',
      indicators: [whole('17', 'Môi trường và an toàn thực phẩm', 'Environment and food safety')],
    },
    {
      ...frame('18'),
      nameVi: 'Hệ thống chính trị và tiếp cận pháp luật',
      nameEn: 'Political system and access to law',
      indicators: [
        {
          code: '18.1',
          nameVi: 'Các chỉ tiêu về hệ thống chính trị',
          nameEn: 'Political-system indicators',
          owner: 'NOI_VU',
          threshold: judged,
          placeholder: true,
        },
        {
          code: '18.2',
          nameVi: 'Các chỉ tiêu về tiếp cận pháp luật',
          nameEn: 'Access-to-law indicators',
          owner: 'TU_PHAP',
          threshold: judged,
          placeholder: true,
        },
      ],
    },
    {
      ...frame('19'),
      nameVi: 'Quốc phòng và An ninh',
      nameEn: 'Defence and security',
      indicators: [
        {
          code: '19.1',
          nameVi: 'Xây dựng lực lượng dân quân "vững mạnh, rộng khắp" và hoàn thành các chỉ tiêu quốc phòng',
          nameEn: 'Militia "strong and widespread"; defence targets met',
          owner: 'BCH_QUAN_SU',
          threshold: judged,
        },
        {
          code: '19.2',
          nameVi: 'Đảm bảo an ninh, trật tự xã hội (phần do Công an phụ trách)',
          nameEn: 'Public security and social order (police part)',
          owner: 'CONG_AN',
          threshold: judged,
        },
      ],
    },
  ],
};
