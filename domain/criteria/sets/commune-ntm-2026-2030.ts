import type { CriteriaSetInput } from '../schema';

/**
 * Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026-2030 (Phụ lục I, QĐ 51/2025/QĐ-TTg ngày
 * 29/12/2025, hiệu lực 15/2/2026).
 *
 * Sourced: number, date and that Phụ lục I is the commune set (full text published on
 * xaydungchinhsach.chinhphu.vn, 30/12/2025); 10 criteria, 47 indicators and thresholds per commune
 * group 1/2/3, effective date (domain.md, public reporting).
 *
 * NOT sourced: the names of the 10 criteria, the 47 indicators, every group threshold, and which
 * department reviews what in two-tier government. The structure loads the same way as the other
 * sets: ten placeholder criteria, each with one whole-criterion indicator settled by judgement. When
 * the text is at hand, replace each placeholder with its indicators and write thresholds as
 * `{ kind: 'min', unit, byGroup: { '1': …, '2': …, '3': … }, sourced: true, source }`.
 */
const PLACEHOLDER = {
  kind: 'judgement',
  sourced: false,
  note: 'Chỉ tiêu và mức đạt theo nhóm xã 1/2/3 của QĐ 51/2025/QĐ-TTg chưa mã hoá',
} as const;

const criteria = Array.from({ length: 10 }, (_, i) => {
  const code = String(i + 1);
  return {
    code,
    nameVi: `Tiêu chí ${code} (chưa mã hoá tên theo QĐ 51/2025/QĐ-TTg)`,
    nameEn: `Criterion ${code} (name not yet encoded from Decision 51/2025)`,
    group: 'chua-phan-nhom',
    owners: ['NN_PTNT' as const],
    indicators: [
      {
        code,
        nameVi: `Tiêu chí ${code} (toàn tiêu chí)`,
        nameEn: `Criterion ${code} (whole criterion)`,
        threshold: PLACEHOLDER,
        placeholder: true,
      },
    ],
  };
});

export const COMMUNE_NTM_2026_2030: CriteriaSetInput = {
  id: 'commune-ntm-2026-2030',
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
        'xaydungchinhsach.chinhphu.vn, "TOÀN VĂN: Quyết định 51/2025/QĐ-TTg" (30/12/2025): số, ngày, Phụ lục I; hiệu lực 15/2/2026 theo domain.md',
    },
  ],
  groups: [{ code: 'chua-phan-nhom', nameVi: 'Chưa phân nhóm (chưa mã hoá)', nameEn: 'Ungrouped (not yet encoded)' }],
  criteria,
  // QĐ 18/2022 names income, environment, living environment, defence and security; which of the ten
  // 2026-2030 criteria those are is not encoded yet, so the 30%-50% band cannot apply until it is.
  revocationKeyCriteria: [],
  completeness: {
    criteriaInLegalText: 10,
    indicatorsInLegalText: 47,
    noteVi:
      'Khung 10 tiêu chí tạm; tên tiêu chí, 47 chỉ tiêu, ngưỡng theo nhóm xã 1/2/3 và tiêu chí then chốt cho thu hồi chưa mã hoá.',
    noteEn:
      'Ten placeholder criteria; criterion names, the 47 indicators, group 1/2/3 thresholds and the revocation key criteria are not yet encoded.',
  },
};
