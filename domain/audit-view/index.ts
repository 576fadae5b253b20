/**
 * What an audit record SAYS, in words people read (issue 13): the verdicts and reasons, the council's
 * vote, the decision's number, date and signer, the documents with their hashes, the person by name with
 * their role, department and unit, and on whose behalf. Pure: the application layer (app/audit.ts) loads
 * the names and the stored document hashes and passes them in; the API and the audit page both show the
 * result, so they cannot drift.
 *
 * The record's stored fields (the hash inputs) are not touched: `after` is the event's payload as JSON
 * (activities/projection.ts `outcome`), `documents` the JSON of its document references.
 */
import { ACTION_LABELS, ROLE_LABELS } from '../access';
import { formatVnDate, formatVnDateTime, type LocalDate } from '../calendar';
import { findDepartment } from '../departments';
import { STAGE_LABELS, type DossierStage, type Role } from '../dossier';

export interface Bilingual {
  vi: string;
  en: string;
}

/** The stored record's fields a reader needs (app/audit.ts AuditEntry adds the correlation). */
export interface AuditRecordLike {
  seq: number;
  eventId: string;
  /** ISO 8601 (UTC), exactly the instant hashed. */
  at: string;
  actorId: string;
  actorRole: string;
  actorUnit: string | null;
  onBehalfOf: string | null;
  action: string;
  criterion: string | null;
  before: string | null;
  after: string | null;
  comment: string | null;
  /** The stored JSON text of document references (hash input; parse it to read). */
  documents: string;
  prevHash: string;
  hash: string;
}

/** What the application layer knows around the records: names, the actors' departments, stored hashes. */
export interface AuditContext {
  people: ReadonlyMap<string, string>;
  units: ReadonlyMap<string, string>;
  /** `${actorId}|${role}|${unitCode}` → department code (from the person's grant). */
  departments?: ReadonlyMap<string, string>;
  /** A document number in this dossier → SHA-256 of its stored file (the latest version). */
  documentHashes?: ReadonlyMap<string, string>;
}

export interface AuditDocument {
  number: string | null;
  /** dd/mm/yyyy */
  date: string | null;
  issuer: string | null;
  title: string | null;
  fileName: string | null;
  sha256: string | null;
}

export interface AuditFacts {
  /** dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh. */
  atVn: string;
  actionLabel: Bilingual;
  actor: {
    id: string;
    name: string;
    role: string;
    roleLabel: Bilingual;
    department: { code: string; name: Bilingual } | null;
    unit: { code: string; name: string } | null;
  };
  onBehalf: { id: string; name: string } | null;
  stage: { from: { code: string; label: Bilingual } | null; to: { code: string; label: Bilingual } | null };
  verdicts: { criterion: string; verdict: string; label: Bilingual; comment: string | null }[];
  selfAssessment: { criterion: string; met: boolean; label: Bilingual }[];
  reasons: { criterion: string | null; reason: string }[];
  vote: { inFavour: number; against: number; abstained: number; members: string[]; summary: Bilingual } | null;
  decision: { number: string; date: string; signer: string; outcome: string | null; outcomeLabel: Bilingual | null; stars: number | null } | null;
  verification: { eligible: boolean; metCount: number; total: number; summary: Bilingual; failing: { criterion: string; reason: Bilingual }[] } | null;
  documentRefs: AuditDocument[];
  comment: string | null;
}

export const VERDICT_WORDS: Readonly<Record<string, Bilingual>> = {
  met: { vi: 'Đạt', en: 'Met' },
  not_met: { vi: 'Không đạt', en: 'Not met' },
  needs_supplement: { vi: 'Cần bổ sung', en: 'Needs supplement' },
};

const OUTCOME_WORDS: Readonly<Record<string, Bilingual>> = {
  recognised: { vi: 'Công nhận', en: 'Recognised' },
  refused: { vi: 'Không công nhận', en: 'Refused' },
};

const SYSTEM_ACTIONS: Readonly<Record<string, Bilingual>> = {
  'dossier.started': { vi: 'mở hồ sơ', en: 'dossier opened' },
  'criteria.verified': { vi: 'kiểm tra tự động các tiêu chí', en: 'criteria verified automatically' },
  'deadline.expired': { vi: 'quá hạn', en: 'deadline passed' },
  'document.uploaded': { vi: 'tải lên văn bản', en: 'document uploaded' },
  'document.replaced': { vi: 'thay văn bản bằng bản mới', en: 'document replaced' },
  'document.withdrawn': { vi: 'rút văn bản', en: 'document withdrawn' },
  'unit.commune_group_set': { vi: 'ghi nhóm xã (bộ tiêu chí 2026-2030)', en: 'commune group set (2026-2030 criteria)' },
  'user.created': { vi: 'tạo tài khoản', en: 'account created' },
  'user.password_changed': { vi: 'đổi mật khẩu', en: 'password changed' },
  'user.password_reset': { vi: 'quản trị đặt lại mật khẩu', en: 'password reset by an administrator' },
  'role.granted': { vi: 'giao vai trò', en: 'role granted' },
  'role.revoked': { vi: 'thu hồi vai trò', en: 'role revoked' },
  'auth.locked': { vi: 'khoá tài khoản do đăng nhập sai nhiều lần', en: 'account locked after failed sign-ins' },
  'auth.unlocked': { vi: 'mở khoá tài khoản', en: 'account unlocked' },
  'auth.sign_in_failed': { vi: 'đăng nhập sai', en: 'failed sign-in' },
  'obligation.created': { vi: 'tạo nghĩa vụ báo cáo định kỳ', en: 'reporting obligation created' },
  'obligation.changed': { vi: 'sửa nghĩa vụ báo cáo định kỳ', en: 'reporting obligation changed' },
  'obligation.paused': { vi: 'tạm dừng nghĩa vụ báo cáo', en: 'reporting obligation paused' },
  'obligation.resumed': { vi: 'tiếp tục nghĩa vụ báo cáo', en: 'reporting obligation resumed' },
  'obligation.retired': { vi: 'kết thúc nghĩa vụ báo cáo', en: 'reporting obligation retired' },
};

/** An action by name, capitalised ('Trả hồ sơ về xã'), its code when nothing names it. */
export function auditActionLabel(action: string): Bilingual {
  const a = (ACTION_LABELS as Readonly<Record<string, Bilingual>>)[action] ?? SYSTEM_ACTIONS[action];
  if (!a) return { vi: action, en: action };
  return { vi: a.vi.charAt(0).toUpperCase() + a.vi.slice(1), en: a.en.charAt(0).toUpperCase() + a.en.slice(1) };
}

function stageRef(code: string | null | undefined): { code: string; label: Bilingual } | null {
  if (!code) return null;
  return { code, label: STAGE_LABELS[code as DossierStage] ?? { vi: code, en: code } };
}

function obj(s: string | null): Record<string, unknown> {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** `yyyy-mm-dd` → dd/mm/yyyy; anything else as it is. */
function vnDate(d: string | null): string | null {
  return d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? formatVnDate(d as LocalDate) : d;
}

function documentsOf(r: AuditRecordLike, a: Record<string, unknown>, hashes: ReadonlyMap<string, string> | undefined): AuditDocument[] {
  let raw: unknown;
  try {
    raw = JSON.parse(r.documents);
  } catch {
    raw = [];
  }
  // A checklist's evidence sits in its entries (the record's documents column holds the top level only).
  const inEntries = list(a.entries).flatMap((e) => list(e.evidence));
  return [...list(raw), ...inEntries].map((d) => {
    const number = str(d.number);
    return {
      number,
      date: vnDate(str(d.date) ?? str(d.issuedOn)),
      issuer: str(d.issuer),
      title: str(d.title),
      fileName: str(d.fileName),
      sha256: str(d.sha256) ?? (number ? (hashes?.get(number) ?? null) : null),
    };
  });
}

function reasonsOf(a: Record<string, unknown>): AuditFacts['reasons'] {
  if (!Array.isArray(a.reasons)) return [];
  return (a.reasons as unknown[]).flatMap((x) => {
    if (typeof x === 'string') return [{ criterion: null, reason: x }];
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const reason = str(o.reason);
      return reason ? [{ criterion: str(o.criterion), reason }] : [];
    }
    return [];
  });
}

function verdictsOf(r: AuditRecordLike, a: Record<string, unknown>): AuditFacts['verdicts'] {
  const one = (criterion: string | null, verdict: unknown, comment: unknown) => {
    const v = str(verdict);
    return criterion && v ? [{ criterion, verdict: v, label: VERDICT_WORDS[v] ?? { vi: v, en: v }, comment: str(comment) }] : [];
  };
  if (r.action === 'criterion.reviewed') return one(r.criterion ?? str(a.criterion), a.verdict, a.comment);
  if (r.action === 'review.batch') return list(a.entries).flatMap((e) => one(str(e.criterion), e.verdict, e.comment));
  return [];
}

function selfAssessmentOf(r: AuditRecordLike, a: Record<string, unknown>): AuditFacts['selfAssessment'] {
  const entries = r.action === 'self_assessment.recorded' ? [a] : r.action === 'self_assessment.batch' ? list(a.entries) : [];
  return entries.flatMap((e) => {
    const criterion = str(e.criterion) ?? (r.action === 'self_assessment.recorded' ? r.criterion : null);
    if (!criterion || typeof e.met !== 'boolean') return [];
    return [{ criterion, met: e.met, label: e.met ? { vi: 'Đạt', en: 'Met' } : { vi: 'Chưa đạt', en: 'Not met' } }];
  });
}

function voteOf(r: AuditRecordLike, a: Record<string, unknown>): AuditFacts['vote'] {
  if (r.action !== 'council.voted' || typeof a.inFavour !== 'number') return null;
  const members = list(a.members).flatMap((m) => (str(m.name) ? [str(m.name)!] : []));
  const [f, ag, ab] = [num(a.inFavour), num(a.against), num(a.abstained)];
  return {
    inFavour: f,
    against: ag,
    abstained: ab,
    members,
    summary: {
      vi: `${f}/${members.length} thành viên tán thành, ${ag} không tán thành, ${ab} không ý kiến`,
      en: `${f} of ${members.length} members in favour, ${ag} against, ${ab} abstained`,
    },
  };
}

function decisionOf(a: Record<string, unknown>): AuditFacts['decision'] {
  const number = str(a.number);
  const signer = str(a.signer);
  if (!number || !signer) return null;
  const outcome = str(a.outcome);
  return {
    number,
    date: vnDate(str(a.date)) ?? '',
    signer,
    outcome,
    outcomeLabel: outcome ? (OUTCOME_WORDS[outcome] ?? { vi: outcome, en: outcome }) : null,
    stars: typeof a.stars === 'number' ? a.stars : null,
  };
}

function verificationOf(r: AuditRecordLike, a: Record<string, unknown>): AuditFacts['verification'] {
  if (r.action !== 'criteria.verified' || typeof a.metCount !== 'number') return null;
  const [met, total] = [num(a.metCount), num(a.total)];
  const eligible = a.eligible === true;
  return {
    eligible,
    metCount: met,
    total,
    summary: {
      vi: `${met}/${total} tiêu chí đạt${eligible ? ' — đủ điều kiện' : ' — chưa đủ điều kiện'}`,
      en: `${met}/${total} criteria met${eligible ? ' — eligible' : ' — not eligible'}`,
    },
    failing: list(a.failing).map((f) => ({ criterion: str(f.criterion) ?? '', reason: { vi: str(f.reasonVi) ?? '', en: str(f.reasonEn) ?? '' } })),
  };
}

/** The facts of one audit record, given the names around it. */
export function auditFacts(r: AuditRecordLike, ctx: AuditContext): AuditFacts {
  const a = obj(r.after);
  const role = r.actorRole as Role;
  const deptCode = ctx.departments?.get(`${r.actorId}|${r.actorRole}|${r.actorUnit ?? ''}`) ?? null;
  const dept = deptCode ? findDepartment(deptCode) : undefined;
  const beforeStage = r.before && !r.before.startsWith('{') ? r.before : str(obj(r.before).stage);
  const toStage = str(a.toStage) ?? str(a.stage);
  // A system actor has no name in the users table: say so in words.
  const actorName = ctx.people.get(r.actorId) ?? (r.actorRole === 'system' ? 'Hệ thống' : r.actorId);
  return {
    atVn: formatVnDateTime(Date.parse(r.at)),
    actionLabel: auditActionLabel(r.action),
    actor: {
      id: r.actorId,
      name: actorName,
      role: r.actorRole,
      roleLabel: ROLE_LABELS[role] ?? { vi: r.actorRole, en: r.actorRole },
      department: deptCode ? { code: deptCode, name: dept ? { vi: dept.nameVi, en: dept.nameEn } : { vi: deptCode, en: deptCode } } : null,
      unit: r.actorUnit ? { code: r.actorUnit, name: ctx.units.get(r.actorUnit) ?? r.actorUnit } : null,
    },
    onBehalf: r.onBehalfOf ? { id: r.onBehalfOf, name: ctx.people.get(r.onBehalfOf) ?? r.onBehalfOf } : null,
    stage: { from: stageRef(beforeStage), to: stageRef(toStage) },
    verdicts: verdictsOf(r, a),
    selfAssessment: selfAssessmentOf(r, a),
    reasons: reasonsOf(a),
    vote: voteOf(r, a),
    decision: decisionOf(a),
    verification: verificationOf(r, a),
    documentRefs: documentsOf(r, a, ctx.documentHashes),
    comment: r.comment ?? deadlineComment(r, a),
  };
}

/** A passed deadline says which one: "Hạn 31/08/2024 đã qua" — the date people read. */
function deadlineComment(r: AuditRecordLike, a: Record<string, unknown>): string | null {
  if (r.action !== 'deadline.expired') return null;
  const due = str(a.deadline);
  return due && /^\d{4}-\d{2}-\d{2}$/.test(due) ? `Hạn ${formatVnDate(due as LocalDate)} đã qua / deadline ${formatVnDate(due as LocalDate)} passed` : null;
}

/** The names a timeline entry needs (the API's timeline: names, not ids only). */
export function timelineFacts(
  e: { type: string; fromStage: string; toStage: string; actorId: string; actorRole: string; at: string },
  people: ReadonlyMap<string, string>,
): { atVn: string; typeLabel: Bilingual; actorName: string; actorRoleLabel: Bilingual; fromStageLabel: Bilingual; toStageLabel: Bilingual } {
  return {
    atVn: formatVnDateTime(Date.parse(e.at)),
    typeLabel: auditActionLabel(e.type),
    actorName: people.get(e.actorId) ?? (e.actorRole === 'system' ? 'Hệ thống' : e.actorId),
    actorRoleLabel: ROLE_LABELS[e.actorRole as Role] ?? { vi: e.actorRole, en: e.actorRole },
    fromStageLabel: stageRef(e.fromStage)?.label ?? { vi: e.fromStage, en: e.fromStage },
    toStageLabel: stageRef(e.toStage)?.label ?? { vi: e.toStage, en: e.toStage },
  };
}
