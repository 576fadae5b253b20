/** domain/notices dailyDigest: one mail a day, what is due (soonest first, dd/mm/yyyy) and what happened. */
import type { LocalDate } from '../../domain/calendar';
import { dailyDigest, isDueNotice } from '../../domain/notices';

const DAY = '2026-12-02' as LocalDate;

it('lists what is due, soonest first with its date, and what happened with its first line; says the day in dd/mm/yyyy', () => {
  const mail = dailyDigest('Lò Văn Minh', DAY, [
    { kind: 'returned', subject: '[NTM] Hồ sơ bị trả lại để bổ sung (Cấp huyện) — Xã Quài Cang', body: 'Lý do (1):\n- Tiêu chí 17: Thiếu', dueAt: null },
    { kind: 'overdue', subject: '[NTM] Nhắc hạn: quá hạn 3 ngày (hạn 30/11/2026) — Xã Quài Cang', body: 'Quá hạn 3 ngày', dueAt: '2026-11-30T16:59:59.999Z' },
    { kind: 'before', subject: '[NTM] Nhắc hạn: còn 7 ngày đến hạn 09/12/2026 — Xã Quài Cang', body: 'Còn 7 ngày', dueAt: '2026-12-09T16:59:59.999Z' },
    { kind: 'campaign', subject: '[NTM] Các đơn vị chưa bắt đầu tự đánh giá', body: 'Quài Nưa', dueAt: '2026-12-15T16:59:59.999Z' },
  ])!;
  expect(mail.subjectVi).toBe('[NTM] Tổng hợp thông báo ngày 02/12/2026');
  expect(mail).toMatchObject({ due: 3, happened: 1 });
  const lines = mail.bodyVi.split('\n');
  expect(lines[0]).toBe('Kính gửi Lò Văn Minh,');
  const due = lines.slice(lines.indexOf('Việc đến hạn:') + 1, lines.indexOf('Việc đến hạn:') + 4);
  // the date once: a subject that already states it gets no second "(hạn …)"
  expect(due).toEqual([
    '- Nhắc hạn: quá hạn 3 ngày (hạn 30/11/2026) — Xã Quài Cang',
    '- Nhắc hạn: còn 7 ngày đến hạn 09/12/2026 — Xã Quài Cang',
    '- Các đơn vị chưa bắt đầu tự đánh giá (hạn 15/12/2026)',
  ]);
  expect(lines[lines.indexOf('Việc đã diễn ra:') + 1]).toBe('- Hồ sơ bị trả lại để bổ sung (Cấp huyện) — Xã Quài Cang: Lý do (1):');
  expect(mail.bodyEn).toContain('Notices of 02/12/2026: 3 due, 1 that happened.');
  expect(mail.bodyEn).toContain('- Các đơn vị chưa bắt đầu tự đánh giá (due 15/12/2026)');
});

it('sends nothing on a day without notices, and says "none" for an empty half', () => {
  expect(dailyDigest('A', DAY, [])).toBeUndefined();
  const only = dailyDigest('A', DAY, [{ kind: 'decided', subject: 'Quyết định 1234/QĐ-UBND', body: 'x', dueAt: null }])!;
  expect(only.bodyVi).toContain('Việc đến hạn:\n- Không có');
  expect(isDueNotice('escalation')).toBe(true);
  expect(isDueNotice('decided')).toBe(false);
});
