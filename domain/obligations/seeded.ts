import { formatError, InvariantError } from '../errors';
import { loadObligation } from './periods';
import type { Obligation, ObligationInput } from './schema';

/**
 * The reporting obligations the seed documents name, each with its source line quoted exactly.
 *
 * Seed 001 is UBND huyện Tam Đường (tỉnh Lai Châu), 2023 — the letter is undated ("ngày tháng năm
 * 2023") and cites Kế hoạch 454/KH-UBND of 06/04/2023, so it cannot be older: `validFrom` is
 * 06/04/2023 (the earliest it can apply), `validTo` the end of the 2021-2025 programme period it
 * serves. Tam Đường is not in domain/units (Điện Biên only): its slug `lai-chau/tam-duong` follows the
 * same convention and must be added there before these obligations are wired.
 *
 * Seed 002 (Tuần Giáo 2024 plan) names no periodic report: only problems are to be reported as they
 * arise (an ad hoc obligation, no cadence). Its yearly targets feed domain/forecast instead.
 *
 * No seed gives a due date for the quarterly / 6-month / 9-month / yearly reports, nor for communes'
 * reviews: those rules are placeholders (`sourced: false`), 5 working days after the period's last
 * day, to be replaced by the district's or province's reporting regime. "trước ngày 30" is read as
 * due ON the 30th, as domain/calendar/seeded-plans reads "trước ngày X".
 */

const TAM_DUONG = 'lai-chau/tam-duong';
const TUAN_GIAO = 'dien-bien/tuan-giao';
const SEED_001 =
  'seed 001 (001_9704b2c1c5ee55f1.txt): Công văn UBND huyện Tam Đường, tỉnh Lai Châu, 2023, V/v tăng cường lãnh đạo, chỉ đạo ... Chương trình MTQG xây dựng NTM';
const SEED_002 =
  'seed 002 (002_1010668480271639.txt): Kế hoạch UBND huyện Tuần Giáo, tỉnh Điện Biên, ngày 25/03/2024, thực hiện Chương trình MTQG xây dựng NTM năm 2024';

/** Departments that own criteria (domain/departments, from seed 000): a stand-in for Kế hoạch 454's list, which is not among the seeds. */
const CRITERIA_OWNERS = ['KT_HT', 'TN_MT', 'VH_TT', 'GD_DT', 'LD_TBXH', 'VP_HDND_UBND', 'NOI_VU', 'TU_PHAP', 'BCH_QUAN_SU', 'CONG_AN'] as const;

const PLACEHOLDER_DUE = { kind: 'working-days-after-end', days: 5, sourced: false } as const;

const reminderPolicy: ObligationInput['reminderPolicy'] = {
  daysBefore: [7, 3, 1],
  onTheDay: true,
  overdueEveryDays: 3,
  maxOverdueReminders: 5,
  sendAtLocalTime: '08:00',
  dayCounting: 'calendar',
  offDayShift: 'adjacentWorkingDay',
};

const tamDuongCommittee = {
  kind: 'role',
  role: 'district_chair',
  unitCode: TAM_DUONG,
  labelVi: 'UBND huyện Tam Đường',
  labelEn: "Tam Đường district people's committee",
} as const;

export const SEEDED_OBLIGATION_INPUTS: readonly ObligationInput[] = [
  {
    id: 'tam-duong.criteria-results',
    ownerUnitCode: TAM_DUONG,
    titleVi: 'Báo cáo kết quả thực hiện các chỉ tiêu, tiêu chí NTM do ngành phụ trách',
    titleEn: 'Report on the NTM criteria and indicators each department is in charge of',
    contentVi: 'Kết quả kiểm tra, đôn đốc, hướng dẫn, giám sát tiến độ thực hiện tại các xã; rà soát, đánh giá hiện trạng tiêu chí do ngành phụ trách',
    reporter: { kind: 'departments', codes: [...CRITERIA_OWNERS], unitCode: TAM_DUONG },
    receiver: { kind: 'departments', codes: ['NN_PTNT'], unitCode: TAM_DUONG },
    cadences: [
      { period: 'quarter', due: PLACEHOLDER_DUE },
      { period: 'half-year', due: PLACEHOLDER_DUE },
      { period: 'nine-months', due: PLACEHOLDER_DUE },
      { period: 'year', due: PLACEHOLDER_DUE },
    ],
    coinciding: 'merge',
    adHoc: true,
    validFrom: '2023-04-06',
    validTo: '2025-12-31',
    pipelines: ['commune-district-province'],
    reminderPolicy,
    escalation: { afterDaysOverdue: 5, to: tamDuongCommittee },
    source: {
      document: SEED_001,
      quote:
        'báo cáo kết quả thực hiện đột xuất và định kỳ hàng quý, 6 tháng, 9 tháng và năm về cơ quan thường trực Phòng Nông nghiệp & PTNT huyện để tổng hợp, báo cáo UBND huyện.',
      reading: 'verbatim',
      noteVi:
        'Mục 1.6: "Các Cơ quan, ban, ngành huyện được giao phụ trách các chỉ tiêu, tiêu chí nông thôn mới tại Kế hoạch số 454/KH-UBND ngày 06/4/2023". Danh sách phòng ban lấy theo phân công của seed 000 (Kế hoạch 454 không có trong nguồn). Hạn nộp (5 ngày làm việc sau kỳ) và bước báo cáo UBND huyện sau 5 ngày quá hạn là giá trị tạm.',
      noteEn:
        "Section 1.6. The department list follows seed 000's assignment (plan 454 is not among the seeds). The due rule (5 working days after the period) and escalation to the district committee after 5 days overdue are placeholders.",
    },
  },
  {
    id: 'tam-duong.planning-progress',
    ownerUnitCode: TAM_DUONG,
    titleVi: 'Báo cáo tiến độ quy hoạch chung xây dựng xã NTM, xã NTM nâng cao, quy hoạch vùng huyện',
    titleEn: 'Monthly progress report on commune NTM master plans and the district regional plan',
    contentVi: 'Tiến độ hoàn thành quy hoạch chung xây dựng xã nông thôn mới, xã nông thôn mới nâng cao, quy hoạch vùng huyện; giải pháp tháo gỡ khó khăn',
    reporter: { kind: 'departments', codes: ['KT_HT'], unitCode: TAM_DUONG },
    receiver: tamDuongCommittee,
    cadences: [
      {
        period: 'month',
        due: { kind: 'day-of-month', day: 30, month: 'period-last', offDay: 'keep', sourced: true },
        opens: { anchor: 'period-start', offsetDays: 0 },
      },
    ],
    validFrom: '2023-04-06',
    validTo: '2025-12-31',
    pipelines: ['commune-district-province'],
    reminderPolicy,
    escalation: null,
    source: {
      document: SEED_001,
      quote:
        '1.2. Phòng Kinh tế và Hạ tầng: Phối hợp với UBND các xã đẩy nhanh tiến độ hoàn thành quy hoạch chung xây dựng xã nông thôn mới, xã nông thôn mới nâng cao, quy hoạch vùng huyện; báo cáo UBND huyện tiến độ thực hiện trước ngày 30 hàng tháng',
      reading: 'verbatim',
      noteVi:
        '"trước ngày 30" đọc là hạn ngày 30 (như seeded-plans); tháng 2 hạn là ngày cuối tháng. Không có bước báo cáo cấp trên: nơi nhận đã là UBND huyện.',
      noteEn:
        '"before the 30th" read as due on the 30th (as seeded-plans); in February the last day. No escalation: the receiver is the district committee itself.',
    },
  },
  {
    id: 'tam-duong.commune-reviews',
    ownerUnitCode: TAM_DUONG,
    titleVi: 'Báo cáo sơ kết, tổng kết, đánh giá kết quả thực hiện kế hoạch NTM của xã',
    titleEn: "Communes' mid-year and year-end reviews of their NTM plan",
    contentVi: 'Sơ kết, tổng kết, đánh giá kết quả thực hiện kế hoạch xây dựng NTM trên địa bàn xã',
    reporter: { kind: 'units', level: 'commune', within: TAM_DUONG },
    receiver: tamDuongCommittee,
    cadences: [
      { period: 'half-year', due: PLACEHOLDER_DUE },
      { period: 'year', due: PLACEHOLDER_DUE },
    ],
    validFrom: '2023-04-06',
    validTo: '2025-12-31',
    pipelines: ['commune-district-province'],
    reminderPolicy,
    escalation: { afterDaysOverdue: 5, to: { kind: 'departments', codes: ['NN_PTNT'], unitCode: TAM_DUONG } },
    source: {
      document: SEED_001,
      quote:
        '- Tăng cường công tác kiểm tra, giám sát thực hiện Chương trình trên địa bàn; định kỳ sơ kết, tổng kết, đánh giá kết quả thực hiện kế hoạch, báo cáo UBND huyện theo quy định.',
      reading: 'interpreted',
      noteVi:
        'Mục 3 (UBND các xã). Văn bản không nêu kỳ ("theo quy định"): sơ kết đọc là 6 tháng, tổng kết là năm; hạn và bước báo cáo cấp trên (cơ quan thường trực) là giá trị tạm.',
      noteEn:
        'Section 3 (communes). The letter names no cadence ("as regulated"): sơ kết read as the 6-month review, tổng kết as the yearly one; due rule and escalation (to the standing agency) are placeholders.',
    },
  },
  {
    id: 'tuan-giao.2024.issues',
    ownerUnitCode: TUAN_GIAO,
    titleVi: 'Báo cáo vướng mắc trong thực hiện Chương trình NTM năm 2024',
    titleEn: 'Reports of problems met while carrying out the 2024 NTM plan',
    contentVi: 'Vướng mắc trong quá trình triển khai thực hiện, để Ban Chỉ đạo xem xét giải quyết hoặc tổng hợp báo cáo UBND huyện',
    reporter: {
      kind: 'departments',
      codes: ['NN_PTNT', 'KT_HT', 'TN_MT', 'VH_TT', 'GD_DT', 'LD_TBXH', 'VP_HDND_UBND', 'NOI_VU', 'TU_PHAP', 'BCH_QUAN_SU', 'CONG_AN', 'THONG_KE', 'TC_KH'],
      unitCode: TUAN_GIAO,
    },
    receiver: {
      kind: 'role',
      role: 'district_office',
      unitCode: TUAN_GIAO,
      labelVi: 'Ban Chỉ đạo huyện (qua Cơ quan Thường trực - Phòng NN&PTNT)',
      labelEn: 'District steering committee (through the standing agency, Agriculture office)',
    },
    cadences: [],
    adHoc: true,
    validFrom: '2024-03-25',
    validTo: '2024-12-31',
    pipelines: ['commune-district-province'],
    reminderPolicy,
    escalation: null,
    source: {
      document: SEED_002,
      quote:
        'Trong quá trình triển khai thực hiện, nếu có vướng mắc đề nghị các cơ quan, đơn vị báo cáo về Ban chỉ đạo Chương trình MTQG xây dựng nông thôn mới huyện (qua Cơ quan Thường trực - Phòng Nông nghiệp và Phát triển nông thôn)',
      reading: 'verbatim',
      noteVi: 'Mục V. Báo cáo đột xuất, không có kỳ và hạn. Seed 002 không nêu báo cáo định kỳ nào.',
      noteEn: 'Section V. Ad hoc, no period and no due date. Seed 002 names no periodic report.',
    },
  },
];

function build(input: ObligationInput): Obligation {
  const r = loadObligation(input);
  if (!r.ok) throw new InvariantError(`Seeded obligation ${input.id} is invalid: ${formatError(r.error)}`);
  return r.value.obligation;
}

export const SEEDED_OBLIGATIONS: readonly Obligation[] = SEEDED_OBLIGATION_INPUTS.map(build);

export function findSeededObligation(id: string): Obligation | undefined {
  return SEEDED_OBLIGATIONS.find((o) => o.id === id);
}
