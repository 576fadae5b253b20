import { formatError, InvariantError } from '../errors';
import { loadPlanYear, type PlanYear, type PlanYearInput } from './plan';

/**
 * Plan years taken from the seed documents (shared/seeds). Unit codes follow the slugs of
 * `domain/units` (`dien-bien/tuan-giao/quai-cang`; Tỏa Tình is `tua-tinh` there).
 *
 * Reading of "trước ngày X" ("before X"): the plan records X as the due date, as the district's
 * own letters are read in practice. A strict reading (due X − 1) is a one-line change per deadline.
 */

const PLACEHOLDER_REVIEW_NOTE =
  'Chưa tìm thấy thời hạn luật định trong nguồn: giá trị tạm, cấu hình được. (No legal time limit found in a source: configurable placeholder.)';

const reviewDays: PlanYearInput['reviewDays'] = [
  { stage: 'district.review', workingDays: 20, sourced: false, note: PLACEHOLDER_REVIEW_NOTE },
  { stage: 'province.appraise', workingDays: 20, sourced: false, note: PLACEHOLDER_REVIEW_NOTE },
  { stage: 'village.recognise', workingDays: 10, sourced: false, note: PLACEHOLDER_REVIEW_NOTE },
];

const reminderPolicy: PlanYearInput['reminderPolicy'] = {
  daysBefore: [14, 7, 3, 1],
  onTheDay: true,
  overdueEveryDays: 3,
  maxOverdueReminders: 10,
  escalateAfterDaysOverdue: 5,
  sendAtLocalTime: '08:00',
  dayCounting: 'calendar',
  offDayShift: 'none',
};

const COMMUNE_TITLES = ['commune.dat-chuan', 'commune.co-ban-dat-chuan'] as const;

/** Tuần Giáo district (Điện Biên), plan 2024: seed 002, Kế hoạch UBND huyện Tuần Giáo ngày 25/03/2024. */
export const dienBienPlan2024Input: PlanYearInput = {
  year: 2024,
  unitCode: 'dien-bien/tuan-giao',
  unitName: 'Huyện Tuần Giáo, tỉnh Điện Biên',
  unitLevel: 'district',
  pipeline: 'commune-district-province',
  sourceNote: 'seed 002: Kế hoạch thực hiện Chương trình MTQG xây dựng NTM huyện Tuần Giáo năm 2024 (25/03/2024)',
  targets: [
    { title: 'commune.dat-chuan', count: 3, sourceNote: 'seed 002 mục II.2: "03 xã đạt chuẩn Nông thôn mới (xã Quài Cang, Quài Nưa, Chiềng Sinh)"' },
    {
      title: 'commune.co-ban-dat-chuan',
      count: 13,
      sourceNote: 'seed 002 mục II.2: "13 xã cơ bản đạt chuẩn Nông thôn mới (đạt từ 15 tiêu chí trở lên)" — các xã không được nêu tên',
    },
    {
      title: 'village.dat-chuan',
      count: 12,
      sourceNote: 'seed 002 mục II.2: "xây dựng thêm 12 bản đạt chuẩn nông thôn mới trong năm 2024" (tổng 30, duy trì 18) — các bản không được nêu tên',
    },
  ],
  registrations: [
    { unitCode: 'dien-bien/tuan-giao/quai-cang', unitName: 'Xã Quài Cang', title: 'commune.dat-chuan', sourceNote: 'seed 002 mục II.2, III.2.2' },
    { unitCode: 'dien-bien/tuan-giao/quai-nua', unitName: 'Xã Quài Nưa', title: 'commune.dat-chuan', sourceNote: 'seed 002 mục II.2, III.2.2' },
    { unitCode: 'dien-bien/tuan-giao/chieng-sinh', unitName: 'Xã Chiềng Sinh', title: 'commune.dat-chuan', sourceNote: 'seed 002 mục II.2, III.2.2' },
  ],
  deadlines: [
    {
      id: 'commune-dossier',
      stage: 'commune.submit',
      titles: [...COMMUNE_TITLES],
      descriptionVi: 'Cấp xã tổ chức đánh giá, hoàn thiện hồ sơ xã đạt chuẩn, cơ bản đạt chuẩn NTM trình UBND cấp huyện',
      due: '2024-08-31',
      sourceNote: 'seed 002 mục III.2.2: "Cấp xã đến hết tháng 8/2024 ... trình UBND cấp huyện"',
    },
    {
      id: 'district-review',
      stage: 'district.review',
      titles: [...COMMUNE_TITLES],
      descriptionVi: 'Cấp huyện tổ chức thẩm tra, hoàn thiện hồ sơ các xã',
      opens: '2024-09-01',
      due: '2024-10-31',
      sourceNote: 'seed 002 mục III.2.2: "cấp huyện tháng 9-10/2024, tổ chức thẩm tra, hoàn thiện hồ sơ"',
    },
    {
      id: 'district-to-province',
      stage: 'district.submit_to_province',
      titles: [...COMMUNE_TITLES],
      descriptionVi: 'UBND huyện gửi hồ sơ đề nghị thẩm định, công nhận về UBND tỉnh (qua VPĐP NTM tỉnh)',
      due: '2024-11-15',
      sourceNote:
        'Không ghi ngày trong seed 002 ("gửi hồ sơ trình UBND tỉnh" sau thẩm tra tháng 9-10/2024); 15/11 theo tiền lệ seed 004 (trước ngày 15/11/2021) — tạm, cần tỉnh xác nhận. (Placeholder by analogy with seed 004.)',
    },
    {
      id: 'village-dossier',
      stage: 'village.submit',
      titles: ['village.dat-chuan'],
      descriptionVi: 'Các xã có bản đề xuất công nhận: đánh giá, hoàn thiện hồ sơ bản đạt chuẩn NTM trình UBND cấp huyện',
      due: '2024-10-31',
      sourceNote: 'seed 002 mục III.2.3: "hết tháng 10/2024 tổ chức đánh giá, hoàn thiện hồ sơ bản đạt chuẩn nông thôn mới trình UBND cấp huyện"',
    },
    {
      id: 'village-recognition',
      stage: 'village.recognise',
      titles: ['village.dat-chuan'],
      descriptionVi: 'Cấp huyện thẩm định, xem xét, công nhận bản đạt chuẩn NTM năm 2024',
      opens: '2024-11-01',
      due: '2024-11-30',
      sourceNote: 'seed 002 mục III.2.3: "cấp huyện tháng 11/2024, tổ chức thẩm định, xem xét, công nhận"',
    },
  ],
  reviewDays,
  reminderPolicy,
};

/** Tuần Giáo district (Điện Biên), 2021 deadlines: seed 000 (UBND huyện, 06/08/2021) and seed 004 (BCĐ tỉnh, 15/06/2021). */
export const dienBienPlan2021Input: PlanYearInput = {
  year: 2021,
  unitCode: 'dien-bien/tuan-giao',
  unitName: 'Huyện Tuần Giáo, tỉnh Điện Biên',
  unitLevel: 'district',
  pipeline: 'commune-district-province',
  sourceNote: 'seed 000 (văn bản UBND huyện Tuần Giáo 06/08/2021) và seed 004 (báo cáo BCĐ các Chương trình MTQG tỉnh Điện Biên 15/06/2021)',
  registrations: [
    {
      unitCode: 'dien-bien/tuan-giao/mun-chung',
      unitName: 'Xã Mùn Chung',
      title: 'commune.dat-chuan',
      sourceNote: 'seed 004: nhóm xã phấn đấu đạt chuẩn NTM năm 2021 (seed 000 chú thích 1 lại xếp Mùn Chung vào nhóm cơ bản đạt chuẩn)',
    },
    {
      unitCode: 'dien-bien/tuan-giao/rang-dong',
      unitName: 'Xã Rạng Đông',
      title: 'commune.co-ban-dat-chuan',
      targetCriteria: 15,
      sourceNote: 'seed 000 chú thích 1',
    },
    {
      unitCode: 'dien-bien/tuan-giao/muong-mun',
      unitName: 'Xã Mường Mùn',
      title: 'commune.co-ban-dat-chuan',
      targetCriteria: 15,
      sourceNote: 'seed 000 chú thích 1',
    },
    {
      unitCode: 'dien-bien/tuan-giao/pu-nhung',
      unitName: 'Xã Pú Nhung',
      title: 'commune.co-ban-dat-chuan',
      targetCriteria: 15,
      sourceNote: 'seed 000 chú thích 1',
    },
    {
      unitCode: 'dien-bien/tuan-giao/chieng-dong',
      unitName: 'Xã Chiềng Đông',
      title: 'commune.co-ban-dat-chuan',
      targetCriteria: 15,
      sourceNote: 'seed 000 chú thích 1',
    },
    {
      unitCode: 'dien-bien/tuan-giao/tua-tinh',
      unitName: 'Xã Tỏa Tình',
      title: 'commune.co-ban-dat-chuan',
      targetCriteria: 15,
      sourceNote: 'seed 000 chú thích 1 (in là "Tòà tình")',
    },
    {
      unitCode: 'dien-bien/tuan-giao/quai-nua/minh-thang',
      unitName: 'Bản Minh Thắng (xã Quài Nưa)',
      title: 'village.dat-chuan',
      sourceNote: 'seed 000 chú thích 2',
    },
    {
      unitCode: 'dien-bien/tuan-giao/quai-cang/sai-ngoai',
      unitName: 'Bản Sái Ngoài (xã Quài Cang)',
      title: 'village.dat-chuan',
      sourceNote: 'seed 000 chú thích 2',
    },
  ],
  deadlines: [
    {
      id: 'ocop-dossier',
      stage: 'ocop.submit',
      titles: ['ocop.sao'],
      descriptionVi: 'Giúp các chủ thể hoàn thiện hồ sơ sản phẩm OCOP năm 2021 trình UBND huyện',
      due: '2021-08-30',
      sourceNote: 'seed 000 mục I.2: "hoàn thiện hồ sơ trình UBND huyện trước ngày 30/8/2021"',
    },
    {
      id: 'village-dossier',
      stage: 'village.submit',
      titles: ['village.dat-chuan'],
      descriptionVi: 'Hồ sơ xét công nhận bản đạt chuẩn NTM gửi UBND huyện (qua VPĐP – Phòng NN&PTNT)',
      due: '2021-09-20',
      sourceNote: 'seed 000 mục I.1: "hồ sơ gửi về UBND huyện ... trước ngày 20/9/2021"',
    },
    {
      id: 'commune-dossier',
      stage: 'commune.submit',
      titles: [...COMMUNE_TITLES],
      descriptionVi: 'Xã rà soát, đánh giá các tiêu chí và hoàn thiện hồ sơ đề nghị UBND cấp huyện thẩm tra',
      due: '2021-10-15',
      sourceNote:
        'seed 004: "hoàn thiện hồ sơ đề nghị UBND cấp huyện thẩm tra trước ngày 15/10/2020" — báo cáo ngày 15/06/2021 về các xã phấn đấu năm 2021, nên đọc là 15/10/2021 (lỗi in năm). (Printed 2020; read as 2021.)',
    },
    {
      id: 'district-to-province',
      stage: 'district.submit_to_province',
      titles: [...COMMUNE_TITLES],
      descriptionVi: 'UBND huyện thẩm tra và lập hồ sơ đề nghị thẩm định, công nhận xã đạt chuẩn NTM gửi VPĐP NTM tỉnh',
      due: '2021-11-15',
      sourceNote: 'seed 004: "gửi về Văn phòng điều phối nông thôn mới tỉnh trước ngày 15/11/2021"',
    },
  ],
  reviewDays,
  reminderPolicy,
};

function build(input: PlanYearInput, name: string): PlanYear {
  const r = loadPlanYear(input);
  if (!r.ok) throw new InvariantError(`Seeded plan ${name} is invalid: ${formatError(r.error)}`);
  return r.value;
}

export const dienBienPlan2024: PlanYear = build(dienBienPlan2024Input, 'dienBienPlan2024');
export const dienBienPlan2021: PlanYear = build(dienBienPlan2021Input, 'dienBienPlan2021');

// ---- the two-tier world (from 1/7/2025): Điện Biên province plans its communes itself ----------------

const UNSOURCED_DATE =
  "Chưa có nguồn: ngày suy ra từ lịch của seed 002 (năm 2024) cho mô hình hai cấp, không có văn bản của tỉnh; tỉnh sửa theo kế hoạch của mình. (Unsourced: derived from seed 002's 2024 calendar.)";

const twoTierReviewDays: PlanYearInput['reviewDays'] = [
  {
    stage: 'province.appraise',
    workingDays: 45,
    sourced: false,
    note: `${PLACEHOLDER_REVIEW_NOTE} Thẩm tra 20 + thẩm định 15 + quyết định 10 ngày làm việc (domain/units TWO_TIER_PIPELINE).`,
  },
  { stage: 'village.recognise', workingDays: 15, sourced: false, note: `${PLACEHOLDER_REVIEW_NOTE} UBND xã thẩm định 10 + công nhận 5 ngày làm việc.` },
];

/** Demo communes of the two-tier plans (domain/units dien-bien-2025 codes). Which communes register is not sourced. */
const TWO_TIER_REGISTRATIONS: PlanYearInput['registrations'] = [
  {
    unitCode: 'dien-bien/xa-tuan-giao',
    unitName: 'Xã Tuần Giáo',
    title: 'commune.dat-chuan',
    sourceNote: 'Đăng ký mẫu cho bản trình diễn, chưa có nguồn (demo registration, unsourced)',
  },
  {
    unitCode: 'dien-bien/xa-quai-to',
    unitName: 'Xã Quài Tở',
    title: 'commune.dat-chuan',
    sourceNote: 'Đăng ký mẫu cho bản trình diễn, chưa có nguồn (demo registration, unsourced)',
  },
  {
    unitCode: 'dien-bien/xa-chieng-sinh',
    unitName: 'Xã Chiềng Sinh',
    title: 'commune.dat-chuan',
    sourceNote: 'Đăng ký mẫu cho bản trình diễn, chưa có nguồn (demo registration, unsourced)',
  },
];

/**
 * A two-tier plan year of Điện Biên province: communes submit to the province (no district), the
 * province's departments review and its council appraises; villages are recognised by their commune.
 * Every date is derived from the 2024 calendar (seed 002) and marked unsourced: no 2026/2027 plan of
 * the province was found.
 */
function twoTierPlanInput(year: number): PlanYearInput {
  return {
    year,
    unitCode: 'dien-bien',
    unitName: 'Tỉnh Điện Biên',
    unitLevel: 'province',
    pipeline: 'commune-province',
    sourceNote: `Kế hoạch năm ${year} mẫu (mô hình hai cấp, 45 đơn vị cấp xã từ 1/7/2025): chưa có nguồn; thời hạn suy ra từ seed 002`,
    registrations: TWO_TIER_REGISTRATIONS,
    deadlines: [
      {
        id: 'commune-dossier',
        stage: 'commune.submit',
        titles: [...COMMUNE_TITLES],
        descriptionVi: 'Cấp xã tổ chức tự đánh giá, hoàn thiện hồ sơ đề nghị xét công nhận xã đạt chuẩn NTM trình UBND tỉnh (qua VPĐP NTM tỉnh)',
        due: `${year}-08-31`,
        sourceNote: `${UNSOURCED_DATE} seed 002: "Cấp xã đến hết tháng 8"`,
      },
      {
        id: 'province-appraisal',
        stage: 'province.appraise',
        titles: [...COMMUNE_TITLES],
        descriptionVi: 'Sở, ngành tỉnh thẩm tra; Hội đồng thẩm định tỉnh thẩm định; UBND tỉnh xem xét công nhận',
        opens: `${year}-09-01`,
        due: `${year}-12-15`,
        sourceNote: `${UNSOURCED_DATE} Cấp huyện (tháng 9-10) và gửi tỉnh (15/11) của năm 2024 gộp vào cấp tỉnh, cộng thời gian thẩm định.`,
      },
      {
        id: 'village-dossier',
        stage: 'village.submit',
        titles: ['village.dat-chuan'],
        descriptionVi: 'Thôn, bản hoàn thiện hồ sơ đề nghị công nhận thôn, bản đạt chuẩn NTM trình UBND xã',
        due: `${year}-10-31`,
        sourceNote: `${UNSOURCED_DATE} seed 002 mục III.2.3: "hết tháng 10"`,
      },
      {
        id: 'village-recognition',
        stage: 'village.recognise',
        titles: ['village.dat-chuan'],
        descriptionVi: 'UBND xã thẩm định, xem xét, công nhận thôn, bản đạt chuẩn NTM',
        opens: `${year}-11-01`,
        due: `${year}-12-15`,
        sourceNote: `${UNSOURCED_DATE} seed 002 mục III.2.3: cấp huyện tháng 11 — nay là UBND xã.`,
      },
    ],
    reviewDays: twoTierReviewDays,
    reminderPolicy,
  };
}

export const dienBienPlan2026Input: PlanYearInput = twoTierPlanInput(2026);
export const dienBienPlan2027Input: PlanYearInput = twoTierPlanInput(2027);
export const dienBienPlan2026: PlanYear = build(dienBienPlan2026Input, 'dienBienPlan2026');
export const dienBienPlan2027: PlanYear = build(dienBienPlan2027Input, 'dienBienPlan2027');

/** The seeded two-tier plan years, by year. */
export const TWO_TIER_SEEDED_PLANS: readonly PlanYear[] = [dienBienPlan2026, dienBienPlan2027];
