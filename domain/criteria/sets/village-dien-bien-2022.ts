import type { CriteriaSetInput } from '../schema';

/**
 * Bộ tiêu chí thôn, bản nông thôn mới và thôn, bản nông thôn mới kiểu mẫu tỉnh Điện Biên đến năm 2025
 * (QĐ 1926/QĐ-UBND ngày 20/10/2022 của UBND tỉnh Điện Biên — seed 002, §III.2.3).
 *
 * The seeds name the decision but not its criteria: each set is one placeholder criterion that the
 * district (the recognising level in three-tier government) judges as a whole. The earlier set, QĐ
 * 135/QĐ-UBND ngày 18/2/2019 (seed 000), is superseded and not encoded.
 */
const BASIS = {
  decision: '1926/QĐ-UBND',
  date: '2022-10-20',
  issuerVi: 'UBND tỉnh Điện Biên',
  titleVi: 'Ban hành Bộ tiêu chí thôn, bản nông thôn mới và Bộ tiêu chí thôn bản nông thôn mới kiểu mẫu trên địa bàn tỉnh Điện Biên đến năm 2025',
  sourced: true,
  source: 'seed 002 (Kế hoạch UBND huyện Tuần Giáo ngày 25/3/2024), mục III.2.3',
};

const PLACEHOLDER = {
  kind: 'judgement',
  sourced: false,
  note: 'Nội dung bộ tiêu chí QĐ 1926/QĐ-UBND không có trong seed; cấu hình khi có văn bản',
} as const;

function placeholderSet(id: string, standard: 'dat-chuan' | 'kieu-mau', nameVi: string, nameEn: string): CriteriaSetInput {
  return {
    id,
    nameVi,
    nameEn,
    scope: 'village',
    standard,
    province: 'dien-bien',
    period: { from: 2022, to: 2025 },
    legalBasis: [BASIS],
    groups: [{ code: 'chung', nameVi: 'Chung', nameEn: 'General' }],
    criteria: [
      {
        code: '1',
        nameVi: `${nameVi} (toàn bộ, chưa mã hoá)`,
        nameEn: `${nameEn} (whole set, not yet encoded)`,
        group: 'chung',
        owners: ['NN_PTNT'],
        indicators: [
          { code: '1', nameVi: 'Đạt toàn bộ tiêu chí của bộ', nameEn: 'Meets every criterion of the set', threshold: PLACEHOLDER, placeholder: true },
        ],
      },
    ],
    completeness: {
      noteVi: 'Tiêu chí cụ thể của QĐ 1926/QĐ-UBND chưa mã hoá.',
      noteEn: 'The criteria of Decision 1926/QĐ-UBND are not yet encoded.',
    },
  };
}

export const VILLAGE_DIEN_BIEN_2022 = placeholderSet(
  'village-dien-bien-2022',
  'dat-chuan',
  'Bộ tiêu chí thôn, bản nông thôn mới tỉnh Điện Biên',
  'Điện Biên new-rural village criteria',
);

export const VILLAGE_KIEU_MAU_DIEN_BIEN_2022 = placeholderSet(
  'village-kieu-mau-dien-bien-2022',
  'kieu-mau',
  'Bộ tiêu chí thôn, bản nông thôn mới kiểu mẫu tỉnh Điện Biên',
  'Điện Biên model new-rural village criteria',
);
