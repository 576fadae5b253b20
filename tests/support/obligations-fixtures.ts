/** A monthly + quarterly obligation of Tuần Giáo and the people who act on it, for the obligations tests. */
import type { Principal } from '../../domain/access';
import { SEEDED_OBLIGATION_INPUTS, type ObligationInput } from '../../domain/obligations';

export const DISTRICT = 'dien-bien/tuan-giao';

export function monthlyObligation(year: number, id = 'tuan-giao.test-progress'): ObligationInput {
  return {
    id,
    ownerUnitCode: DISTRICT,
    titleVi: 'Báo cáo tiến độ thực hiện tiêu chí NTM',
    titleEn: 'Progress report on the NTM criteria',
    contentVi: 'Tiến độ thực hiện các tiêu chí do ngành phụ trách',
    reporter: { kind: 'departments', codes: ['KT_HT', 'TN_MT'], unitCode: DISTRICT },
    receiver: { kind: 'departments', codes: ['NN_PTNT'], unitCode: DISTRICT },
    cadences: [
      { period: 'month', due: { kind: 'working-days-after-end', days: 5, sourced: false } },
      { period: 'quarter', due: { kind: 'working-days-after-end', days: 10, sourced: false } },
    ],
    coinciding: 'merge',
    validFrom: `${year}-01-01`,
    validTo: `${year}-12-31`,
    pipelines: ['commune-district-province'],
    reminderPolicy: {
      daysBefore: [3, 1],
      onTheDay: true,
      overdueEveryDays: 3,
      maxOverdueReminders: 1,
      sendAtLocalTime: '08:00',
      dayCounting: 'working',
      offDayShift: 'adjacentWorkingDay',
    },
    escalation: {
      afterDaysOverdue: 5,
      to: { kind: 'role', role: 'district_chair', unitCode: DISTRICT, labelVi: 'UBND huyện Tuần Giáo', labelEn: "Tuần Giáo district people's committee" },
    },
    source: { document: 'test fixture', quote: 'báo cáo tiến độ hàng tháng, hàng quý', reading: 'interpreted' },
  };
}

export const office: Principal = { userId: 'vpdp-tuan-giao', grants: [{ role: 'district_office', unitCode: DISTRICT }] };
export const specialist = (department: string): Principal => ({
  userId: `cv-${department.toLowerCase()}`,
  grants: [{ role: 'district_specialist', unitCode: DISTRICT, department }],
});

const seed = (id: string): ObligationInput => {
  const s = SEEDED_OBLIGATION_INPUTS.find((o) => o.id === id);
  if (!s) throw new Error(`no seeded obligation ${id}`);
  return s;
};
const chair = {
  kind: 'role',
  role: 'district_chair',
  unitCode: DISTRICT,
  labelVi: 'UBND huyện Tuần Giáo',
  labelEn: "Tuần Giáo district people's committee",
} as const;

/**
 * Seed 001's "báo cáo UBND huyện tiến độ thực hiện trước ngày 30 hàng tháng" (the Tam Đường rule, its
 * due rule, reminders and source unchanged) moved to Tuần Giáo for one year: the units the tests seed.
 */
export function planningProgressObligation(year: number): ObligationInput {
  return {
    ...seed('tam-duong.planning-progress'),
    id: 'tuan-giao.planning-progress',
    ownerUnitCode: DISTRICT,
    reporter: { kind: 'departments', codes: ['KT_HT'], unitCode: DISTRICT },
    receiver: chair,
    validFrom: `${year}-01-01`,
    validTo: `${year}-12-31`,
  };
}

/**
 * Seed 001's "định kỳ hàng quý, 6 tháng, 9 tháng và năm về cơ quan thường trực Phòng Nông nghiệp &
 * PTNT" (its cadences, placeholder due rule, reminders and escalation to UBND huyện unchanged), for
 * three departments of Tuần Giáo for one year.
 */
export function criteriaResultsObligation(year: number): ObligationInput {
  return {
    ...seed('tam-duong.criteria-results'),
    id: 'tuan-giao.criteria-results',
    ownerUnitCode: DISTRICT,
    reporter: { kind: 'departments', codes: ['KT_HT', 'TN_MT', 'VH_TT'], unitCode: DISTRICT },
    receiver: { kind: 'departments', codes: ['NN_PTNT'], unitCode: DISTRICT },
    escalation: { afterDaysOverdue: 5, to: chair },
    validFrom: `${year}-01-01`,
    validTo: `${year}-12-31`,
  };
}
