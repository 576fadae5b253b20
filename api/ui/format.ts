/**
 * Display helpers for the web UI: bilingual labels (Vietnamese first, English as a grey gloss; `?lang=en`
 * swaps them), Vietnamese dates (dd/mm/yyyy, Asia/Ho_Chi_Minh) and deadline countdowns. UI-only: the
 * domain stays free of presentation.
 */
import { ACTION_LABELS, ROLE_LABELS, type AccessAction } from '../../domain/access';
import { calendarDaysBetween, formatVnDate, formatVnDateTime, localDateOf, type LocalDate } from '../../domain/calendar';
import { STAGE_LABELS, type DossierStage, type Role } from '../../domain/dossier';
import { TITLE_DEFINITIONS } from '../../domain/titles';
import { html, type Html } from './html';

export type Lang = 'vi' | 'en';

export interface Bilingual {
  vi: string;
  en: string;
}

/** The label in the reader's language, the other one as a small gloss. */
export function bi(lang: Lang, label: Bilingual): Html {
  const [main, gloss, glossLang] = lang === 'en' ? [label.en, label.vi, 'vi'] : [label.vi, label.en, 'en'];
  if (main === gloss) return html`${main}`;
  return html`${main} <span class="gloss" lang="${glossLang}">${gloss}</span>`;
}

/** Plain text in the reader's language (attributes, titles, option text). */
export const txt = (lang: Lang, label: Bilingual): string => (lang === 'en' ? label.en : label.vi);

export const L = (vi: string, en: string): Bilingual => ({ vi, en });

export function stageLabel(stage: string): Bilingual {
  return STAGE_LABELS[stage as DossierStage] ?? { vi: stage, en: stage };
}

export function roleLabel(role: string): Bilingual {
  return ROLE_LABELS[role as Role] ?? { vi: role, en: role };
}

const EXTRA_ACTIONS: Record<string, Bilingual> = {
  'dossier.started': L('mở hồ sơ', 'dossier opened'),
  'criteria.verified': L('kiểm tra tự động các tiêu chí', 'criteria verified automatically'),
  'deadline.expired': L('quá hạn', 'deadline passed'),
  'deadline.changed': L('đổi hạn theo kế hoạch', 'plan deadline changed'),
};

export function actionLabel(action: string): Bilingual {
  const a = ACTION_LABELS[action as AccessAction] ?? EXTRA_ACTIONS[action];
  if (!a) return { vi: action, en: action };
  // Labels are verb phrases ("nộp hồ sơ"): capitalise for headings and buttons.
  return { vi: a.vi.charAt(0).toUpperCase() + a.vi.slice(1), en: a.en.charAt(0).toUpperCase() + a.en.slice(1) };
}

const NOTICE_KINDS: Record<string, Bilingual> = {
  before: L('nhắc trước hạn', 'before the deadline'),
  due: L('đến hạn', 'due today'),
  overdue: L('quá hạn', 'overdue'),
  escalation: L('báo cấp trên', 'escalated'),
  expiry: L('hết hạn', 'deadline passed'),
  campaign: L('chiến dịch', 'campaign'),
  summary: L('tổng hợp hạn', 'deadline summary'),
  maintenance: L('duy trì chuẩn', 'maintenance'),
  digest: L('thư tổng hợp ngày', 'daily digest'),
  returned: L('trả hồ sơ', 'returned'),
  resubmitted: L('nộp lại', 'resubmitted'),
  forwarded: L('trình lên', 'forwarded'),
  voted: L('hội đồng biểu quyết', 'council vote'),
  decided: L('quyết định', 'decision'),
  below_standard: L('không còn đạt chuẩn', 'below standard'),
  revoked: L('thu hồi', 'revoked'),
};

/** A notice's kind in words (the inbox and the dossier's reminders), never its code. */
export function noticeKindLabel(kind: string): Bilingual {
  return NOTICE_KINDS[kind] ?? { vi: kind, en: kind };
}

export { departmentLabel } from '../../domain/departments';

export function titleLabel(id: string): Bilingual {
  const t = TITLE_DEFINITIONS.find((d) => d.id === id);
  return t ? { vi: t.nameVi, en: t.nameEn } : { vi: id, en: id };
}

/** A level of government by name ('Cấp huyện'), never by its code ('district'). */
export function levelName(level: string): Bilingual {
  const names: Record<string, Bilingual> = {
    village: L('Cấp thôn, bản', 'Village level'),
    commune: L('Cấp xã', 'Commune level'),
    district: L('Cấp huyện', 'District level'),
    province: L('Cấp tỉnh', 'Province level'),
  };
  return names[level] ?? L(`Cấp ${level}`, `Level ${level}`);
}

export const VERDICT_LABELS: Record<string, Bilingual> = {
  met: L('Đạt', 'Met'),
  not_met: L('Không đạt', 'Not met'),
  needs_supplement: L('Cần bổ sung', 'Needs supplement'),
};

/** `dd/mm/yyyy` for an ISO date (`2024-08-31`) or an ISO instant (its date in Vietnam). */
export function vnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return formatVnDate(iso as LocalDate);
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatVnDate(localDateOf(ms));
}

/** `dd/mm/yyyy HH:mm` in Vietnam for an ISO instant. */
export function vnDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const ms = iso instanceof Date ? iso.getTime() : Date.parse(iso);
  return Number.isNaN(ms) ? String(iso) : formatVnDateTime(ms);
}

export function todayVn(now: Date): LocalDate {
  return localDateOf(now.getTime());
}

/** Days from today (Vietnam) to `due`: negative when overdue. */
export function daysUntil(due: LocalDate, now: Date): number {
  return calendarDaysBetween(todayVn(now), due);
}

/** "còn 3 ngày" / "hôm nay" / "quá hạn 5 ngày", with a CSS class for the urgency. */
export function countdown(due: LocalDate, now: Date): { label: Bilingual; cls: 'late' | 'soon' | 'ok' } {
  const d = daysUntil(due, now);
  if (d < 0) return { label: L(`quá hạn ${-d} ngày`, `${-d} days overdue`), cls: 'late' };
  if (d === 0) return { label: L('hạn hôm nay', 'due today'), cls: 'soon' };
  return { label: L(`còn ${d} ngày`, `${d} days left`), cls: d <= 7 ? 'soon' : 'ok' };
}

/** The URL of the same page in the other language. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return q ? `${path}?${q}` : path;
}

export const dossierPath = (id: string): string => `/ui/dossiers/${encodeURIComponent(id)}`;
