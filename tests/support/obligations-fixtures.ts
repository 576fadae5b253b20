/** A monthly + quarterly obligation of Tuần Giáo and the people who act on it, for the obligations tests. */
import type { Principal } from '../../domain/access';
import type { ObligationInput } from '../../domain/obligations';

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
