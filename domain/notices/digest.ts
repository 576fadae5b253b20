/**
 * The daily digest (issue 13): for a person whose e-mail preference is "digest", ONE e-mail a day that
 * lists what is due and what happened, from the notices the engine put in their inbox that day. Pure:
 * the activity reads the inbox rows and sends; this says it in words (Vietnamese first, English below),
 * dates dd/mm/yyyy, names as the notices already say them (never unit codes).
 */
import { formatVnDate, localDateOf, type LocalDate } from '../calendar';
import type { NoticeKind } from './types';

/** One inbox notice of the day, as the digest needs it. */
export interface DigestItem {
  kind: string;
  /** The notice's Vietnamese subject (it names the dossier and unit). */
  subject: string;
  /** The notice's Vietnamese body (the part before the English translation). */
  body: string;
  /** ISO instant the notice's deadline falls on, for reminders. */
  dueAt: string | null;
}

export interface DigestMail {
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  bodyEn: string;
  due: number;
  happened: number;
}

/** Notices about a deadline (reminder kinds, domain/calendar ReminderKind, and campaign reminders): what is due. */
const DUE_KINDS: ReadonlySet<string> = new Set<NoticeKind>(['before', 'due', 'overdue', 'escalation', 'campaign']);
export const isDueNotice = (kind: string): boolean => DUE_KINDS.has(kind);

const firstLine = (s: string): string =>
  s
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? '';

/** A subject inside the digest, without the "[NTM] " every mail subject starts with. */
const plain = (subject: string): string => subject.replace(/^\[NTM\]\s*/, '');

/** The digest of `day` for `personName`, or undefined when the day brought nothing (no mail then). */
export function dailyDigest(personName: string, day: LocalDate, items: readonly DigestItem[]): DigestMail | undefined {
  if (items.length === 0) return undefined;
  const d = formatVnDate(day);
  const due = items.filter((i) => isDueNotice(i.kind)).sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  const happened = items.filter((i) => !isDueNotice(i.kind));
  // The deadline's date, unless the reminder's subject already says it ("… (hạn 30/11/2026) …").
  const dueLine = (i: DigestItem, lang: 'vi' | 'en') => {
    const date = i.dueAt ? formatVnDate(localDateOf(Date.parse(i.dueAt))) : undefined;
    return `- ${plain(i.subject)}${date && !i.subject.includes(date) ? (lang === 'vi' ? ` (hạn ${date})` : ` (due ${date})`) : ''}`;
  };
  const happenedLine = (i: DigestItem) => {
    const detail = firstLine(i.body);
    return `- ${plain(i.subject)}${detail && detail !== i.subject ? `: ${detail}` : ''}`;
  };
  const vi = [
    `Kính gửi ${personName},`,
    '',
    `Tổng hợp thông báo ngày ${d}: ${due.length} việc đến hạn, ${happened.length} việc đã diễn ra.`,
    '',
    'Việc đến hạn:',
    ...(due.length ? due.map((i) => dueLine(i, 'vi')) : ['- Không có']),
    '',
    'Việc đã diễn ra:',
    ...(happened.length ? happened.map(happenedLine) : ['- Không có']),
    '',
    'Chi tiết từng thông báo có trong Hộp thư nhắc việc.',
  ];
  const en = [
    `Dear ${personName},`,
    '',
    `Notices of ${d}: ${due.length} due, ${happened.length} that happened.`,
    '',
    'Due:',
    ...(due.length ? due.map((i) => dueLine(i, 'en')) : ['- None']),
    '',
    'What happened:',
    ...(happened.length ? happened.map(happenedLine) : ['- None']),
    '',
    'Each notice is in full in your inbox.',
  ];
  return {
    subjectVi: `[NTM] Tổng hợp thông báo ngày ${d}`,
    subjectEn: `[NTM] Daily digest of ${d}`,
    bodyVi: vi.join('\n'),
    bodyEn: en.join('\n'),
    due: due.length,
    happened: happened.length,
  };
}
