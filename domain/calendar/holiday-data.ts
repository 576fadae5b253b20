import { InvariantError } from '../errors';
import { formatError } from '../errors';
import { loadHolidayCalendar, type HolidayCalendar, type HolidayCalendarInput } from './holidays';

/**
 * Vietnam's announced holiday arrangements for civil servants (cán bộ, công chức, viên chức), per year.
 *
 * Only what the government decides each year is here; the statutory days and the Art. 111(3)
 * compensation are computed by `holidays.ts`. Each year says how it was sourced. The sources are
 * government letters as reported by the press; re-check against the official text before relying on
 * a year for a legal time limit.
 */
export const VIETNAM_HOLIDAY_YEARS: HolidayCalendarInput['years'] = [
  {
    year: 2021,
    status: 'unsourced',
    notes: [
      'Năm của các văn bản mẫu (seed 000, 004). Ngày liền kề Quốc khánh 03/09/2021 ghi theo trí nhớ, chưa đối chiếu văn bản.',
      'Seed year. The 3/9/2021 adjacent National Day is from memory, not checked against a source.',
    ],
    nationalDayAdjacent: '2021-09-03',
  },
  {
    year: 2024,
    status: 'sourced',
    sources: [
      'Thông báo của Bộ LĐ-TB&XH về nghỉ Tết Âm lịch và Quốc khánh 2024: Tết từ 08/02 (29 tháng Chạp Quý Mão) đến hết 14/02/2024 (mùng 5), gồm 5 ngày Tết và 2 ngày nghỉ bù theo khoản 3 Điều 111; Quốc khánh từ 31/8 đến hết 03/9/2024.',
      'Văn bản 2450/VPCP-KGVX ngày 12/4/2024: hoán đổi, nghỉ liên tục 27/4 - 01/5/2024, làm bù thứ Bảy 04/5/2024.',
    ],
    // 5 Tết days = 2 before mùng 1 (10/02) and 3 from it; 10-11/02 fall on the weekend → nghỉ bù 13-14/02 (computed).
    tetDays: ['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12'],
    nationalDayAdjacent: '2024-09-03',
    extraDaysOff: [
      {
        date: '2024-04-29',
        reasonVi: 'Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 04/5/2024)',
        reasonEn: 'Swapped day off around 30/4-1/5 (made up on Saturday 4/5/2024)',
      },
    ],
    extraWorkingDays: [{ date: '2024-05-04', reasonVi: 'Làm bù cho ngày nghỉ hoán đổi 29/4/2024', reasonEn: 'Make-up working day for the 29/4/2024 swap' }],
  },
  {
    year: 2025,
    status: 'sourced',
    sources: [
      'Văn bản 8726/VPCP-KGVX ngày 26/11/2024 (ý kiến Thủ tướng): Tết nghỉ 5 ngày từ thứ Hai 27/01/2025 (28 tháng Chạp Giáp Thìn) đến hết thứ Sáu 31/01/2025 (mùng 3), cùng 4 ngày nghỉ hằng tuần: 25/01 - 02/02/2025; Quốc khánh 30/8 - 02/9/2025; hoán đổi dịp 30/4 - 1/5.',
      'Hoán đổi ngày làm việc thứ Sáu 02/5/2025 sang thứ Bảy 26/4/2025: nghỉ 30/4 - 04/5/2025.',
    ],
    tetDays: ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'],
    nationalDayAdjacent: '2025-09-01',
    extraDaysOff: [
      {
        date: '2025-05-02',
        reasonVi: 'Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 26/4/2025)',
        reasonEn: 'Swapped day off around 30/4-1/5 (made up on Saturday 26/4/2025)',
      },
    ],
    extraWorkingDays: [{ date: '2025-04-26', reasonVi: 'Làm bù cho ngày nghỉ hoán đổi 02/5/2025', reasonEn: 'Make-up working day for the 2/5/2025 swap' }],
  },
  {
    year: 2026,
    status: 'partial',
    sources: [
      'Văn bản 12729/VPCP-KGVX ngày 25/12/2025: Tết Dương lịch nghỉ 01/01 - 04/01/2026, hoán đổi thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026.',
      'Phương án Tết Âm lịch 2026 đã chốt: nghỉ từ thứ Bảy 14/02/2026 (27 tháng Chạp Ất Tỵ) đến hết Chủ nhật 22/02/2026 (mùng 6), tức 5 ngày 16-20/02 (trùng quy tắc mặc định) và 4 ngày nghỉ hằng tuần.',
    ],
    notes: [
      'Quốc khánh 2026: chưa tìm được văn bản chốt (Bộ Nội vụ đề xuất 5 ngày) — dùng quy tắc mặc định 01/09. Cần cập nhật.',
      'National Day 2026: no final decision found (the Ministry of Home Affairs proposed 5 days); the default 1/9 applies until updated.',
      'Ngày Văn hóa Việt Nam 24/11 (Nghị quyết 80-NQ/TW): chủ trương là ngày nghỉ, nhưng Bộ luật Lao động chưa sửa — chưa đưa vào.',
      'Vietnam Culture Day 24/11 (Resolution 80-NQ/TW) is a day off in principle, but the Labour Code is not yet amended: not encoded.',
    ],
    tetDays: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
    extraDaysOff: [
      {
        date: '2026-01-02',
        reasonVi: 'Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/01/2026)',
        reasonEn: "Swapped day off after New Year's Day (made up on Saturday 10/1/2026)",
      },
    ],
    extraWorkingDays: [{ date: '2026-01-10', reasonVi: 'Làm bù cho ngày nghỉ hoán đổi 02/01/2026', reasonEn: 'Make-up working day for the 2/1/2026 swap' }],
  },
];

function build(): HolidayCalendar {
  const r = loadHolidayCalendar({ years: VIETNAM_HOLIDAY_YEARS });
  if (!r.ok) throw new InvariantError(`Built-in holiday data is invalid: ${formatError(r.error)}`);
  return r.value;
}

/**
 * The national calendar for civil servants: Saturday and Sunday off, Labour Code holidays,
 * compensation, and the announced years above. Years without data follow the default rules.
 */
export const vietnamHolidayCalendar: HolidayCalendar = build();
