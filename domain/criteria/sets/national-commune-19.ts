import type { DepartmentCode } from '../../departments';
import { InvariantError } from '../../errors';

/**
 * What the two national commune sets of 19 criteria share: the five groups and who owns each
 * criterion at district level.
 *
 * Groups: as printed in the header of seed 004's appendix "Kết quả thực hiện bộ tiêu chí" (Nhóm 1 … Nhóm 5).
 * Owners: seed 000 (UBND huyện Tuần Giáo, 06/8/2021), section II.2 — the table in domain.md. The seed
 * names no owner for 10 (income) other than "Chi cục Thống kê huyện: ... đánh giá các tiêu chí về Hộ
 * nghèo, thu nhập, tỷ lệ lao động có việc làm", so Statistics leads 10 and supports 11 and 12.
 * Ownership is a district's choice: a district that assigns differently edits this data, not code.
 */
export const NATIONAL_GROUPS = [
  { code: '1', nameVi: 'Quy hoạch', nameEn: 'Planning' },
  { code: '2', nameVi: 'Hạ tầng kinh tế - xã hội', nameEn: 'Socio-economic infrastructure' },
  { code: '3', nameVi: 'Kinh tế và tổ chức sản xuất', nameEn: 'Economy and production organisation' },
  { code: '4', nameVi: 'Văn hóa - xã hội - môi trường', nameEn: 'Culture, society and environment' },
  { code: '5', nameVi: 'Hệ thống chính trị', nameEn: 'Political system' },
];

export interface NationalCriterionFrame {
  readonly code: string;
  readonly group: string;
  readonly owners: readonly DepartmentCode[];
  readonly supporting?: readonly DepartmentCode[];
}

/** Criterion code → group and owners (seed 000). */
export const TUAN_GIAO_2021_OWNERSHIP: Readonly<Record<string, NationalCriterionFrame>> = {
  '1': { code: '1', group: '1', owners: ['KT_HT'] },
  '2': { code: '2', group: '2', owners: ['KT_HT'] },
  '3': { code: '3', group: '2', owners: ['NN_PTNT'] },
  '4': { code: '4', group: '2', owners: ['KT_HT'] },
  '5': { code: '5', group: '2', owners: ['GD_DT'] },
  '6': { code: '6', group: '2', owners: ['VH_TT'] },
  '7': { code: '7', group: '2', owners: ['KT_HT'] },
  '8': { code: '8', group: '2', owners: ['VH_TT'] },
  '9': { code: '9', group: '2', owners: ['KT_HT'] },
  '10': { code: '10', group: '3', owners: ['THONG_KE'] },
  '11': { code: '11', group: '3', owners: ['LD_TBXH'], supporting: ['THONG_KE'] },
  '12': { code: '12', group: '3', owners: ['LD_TBXH'], supporting: ['THONG_KE'] },
  '13': { code: '13', group: '3', owners: ['NN_PTNT'] },
  '14': { code: '14', group: '4', owners: ['GD_DT', 'LD_TBXH'] },
  '15': { code: '15', group: '4', owners: ['VP_HDND_UBND'] },
  '16': { code: '16', group: '4', owners: ['VH_TT'] },
  '17': { code: '17', group: '4', owners: ['TN_MT'] },
  '18': { code: '18', group: '5', owners: ['NOI_VU', 'TU_PHAP'] },
  '19': { code: '19', group: '5', owners: ['BCH_QUAN_SU', 'CONG_AN'] },
};

/** The frame of one criterion, as a fresh mutable object for a set's data. */
export function frame(code: string): { code: string; group: string; owners: DepartmentCode[]; supporting: DepartmentCode[] } {
  const f = TUAN_GIAO_2021_OWNERSHIP[code];
  if (!f) throw new InvariantError(`no national frame for criterion ${code}`);
  return { code: f.code, group: f.group, owners: [...f.owners], supporting: [...(f.supporting ?? [])] };
}

/** Income (10), environment and food safety (17), defence and security (19): QĐ 18/2022 revocation band. */
export const NATIONAL_REVOCATION_KEY_CRITERIA = ['10', '17', '19'];
