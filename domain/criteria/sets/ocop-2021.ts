import type { CriteriaSetInput } from '../schema';

/**
 * OCOP product rating ("Mỗi xã một sản phẩm"): a product is scored out of 100 and rated 1-5 stars
 * (bands in domain/ocop.ts, from domain.md). The scoring sheet has three parts; their names and
 * maximum points, and the decision that issued the 2021 sheet, were not found in a source here: all
 * unsourced, maxPoints left for configuration. Reviewing department: Phòng Nông nghiệp & PTNT, which
 * seed 001 (§1.1) charges with the OCOP programme.
 */
const UNSOURCED = { kind: 'score', sourced: false, note: 'Điểm tối đa của phần chưa có nguồn' } as const;

export const OCOP_2021: CriteriaSetInput = {
  id: 'ocop-2021',
  nameVi: 'Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP',
  nameEn: 'OCOP product assessment and rating criteria',
  scope: 'ocop',
  standard: 'ocop',
  period: { from: 2021, to: 2025 },
  legalBasis: [
    {
      decision: 'Bộ tiêu chí OCOP (số quyết định chưa xác minh)',
      sourced: false,
    },
  ],
  groups: [{ code: 'ocop', nameVi: 'Phiếu chấm điểm sản phẩm', nameEn: 'Product score sheet' }],
  criteria: [
    {
      code: 'A',
      nameVi: 'Phần A: Sản phẩm và sức mạnh cộng đồng',
      nameEn: 'Part A: product and community strength',
      group: 'ocop',
      owners: ['NN_PTNT'],
      indicators: [{ code: 'A', nameVi: 'Điểm phần A', nameEn: 'Part A score', threshold: UNSOURCED }],
    },
    {
      code: 'B',
      nameVi: 'Phần B: Khả năng tiếp thị',
      nameEn: 'Part B: marketability',
      group: 'ocop',
      owners: ['NN_PTNT'],
      indicators: [{ code: 'B', nameVi: 'Điểm phần B', nameEn: 'Part B score', threshold: UNSOURCED }],
    },
    {
      code: 'C',
      nameVi: 'Phần C: Chất lượng sản phẩm',
      nameEn: 'Part C: product quality',
      group: 'ocop',
      owners: ['NN_PTNT'],
      indicators: [{ code: 'C', nameVi: 'Điểm phần C', nameEn: 'Part C score', threshold: UNSOURCED }],
    },
  ],
  completeness: {
    noteVi: 'Tên ba phần và điểm tối đa từng phần chưa có nguồn; tổng điểm 100 và thang sao theo domain.md.',
    noteEn: 'Part names and maxima unsourced; the 100-point total and star bands are from domain.md.',
  },
};
