/**
 * Who may do what, where: roles, jurisdiction and criterion ownership, decided as a pure function.
 *
 * Deny by default. A person (a principal) holds role grants, each for a unit (and, for specialists, a
 * department), possibly delegated and possibly limited in time. A request names an action, the dossier
 * or unit it touches, the criterion where there is one, and the instant it is asked at (the clock is an
 * argument; nothing here reads one). `authorize` returns null when some grant allows the request, else
 * the refusal with a stable code and Vietnamese + English messages naming role, unit and action.
 * `resolveActor` returns the Actor to stamp on the event (and hence on the audit record).
 *
 * Units are compared as paths, never looked up: a unit code is inside another when it equals it or
 * starts with it + '/' ('dien-bien/tuan-giao/quai-cang' is inside 'dien-bien/tuan-giao'). No database.
 *
 * THE MATRIX (the one source of truth; tests/access checks it against an independent table):
 *
 *   role                   | dossier actions                                   | other actions
 *   commune_official       | self_assessment.recorded, consultation.recorded,  | dossier.read, audit.read, report.read
 *                          | commune.submitted, commune.resubmitted [subject]; |
 *                          | every level action [level] (only where the       |
 *                          | commune itself is a level: two-tier village       |
 *                          | pipelines, where the UBND xã recognises)          |
 *                          | (self_assessment.batch: the checklist, as above)  |
 *   commune_chair          | level.decided, recognition.revoked [level] (the   | dossier.read, audit.read, report.read
 *                          | commune as a level: two-tier villages)            |
 *   commune_specialist     | criterion.reviewed, review.batch [level + owner]  | dossier.read, audit.read, report.read
 *                          | (the commune as a level, where a province has it  |
 *                          | review)                                           |
 *   district_specialist    | criterion.reviewed [level + owner]                 | dossier.read, audit.read, report.read
 *   provincial_specialist  | criterion.reviewed [level + owner]                 | dossier.read, audit.read, report.read
 *   district_office        | level.returned, level.approved, level.forwarded,  | dossier.start [level], plan.manage [unit],
 *   provincial_office      | council.voted, decision.drafted,                  | dossier.read, audit.read, report.read
 *                          | maintenance.assessed [level]                      |
 *   district_chair         | level.decided, recognition.revoked [level]        | dossier.read, audit.read, report.read
 *   provincial_chair       |                                                   |
 *   council_member         | none: the provincial office records the council's | dossier.read, audit.read, report.read
 *                          | vote (council.voted carries every member and how  |
 *                          | the vote went); members read what they appraise   |
 *   inspector              | none (never writes)                               | dossier.read, audit.read, report.read
 *   (issue 15) every role with dossier.read also has document.read; document.upload is given to every
 *   role that acts on dossiers (commune official, specialists, offices, chairs), scope as reads
 *   admin                  | none (separation of duties: manages people, does  | user.manage [unit]
 *                          | not approve dossiers)                             |
 *   system                 | none: system events (criteria.verified,           | none
 *                          | deadline.expired) never pass through here         |
 *
 * Scopes:
 *   [subject] the dossier's unit is inside the grant's unit (a commune official acts on the commune's
 *             dossiers and on those of its villages).
 *   [level]   the grant's unit is one of the units of the levels the dossier passes (district office
 *             and chair: the dossier's district level is theirs; provincial roles: the province level).
 *             When the request also gives the level the dossier is at now (`dossier.levelUnitCode`,
 *             from DossierStatus), the grant's unit must be that one (a district cannot act on a
 *             dossier the province holds). dossier.start ignores the current level.
 *   [owner]   (review.batch: the machine checks ownership of every entry; the API authorises each entry
 *             as criterion.reviewed first.) criterion.reviewed also needs the grant's department among the departments that review
 *             that criterion at the current level (`dossier.reviewers`, the level's reviewer slots);
 *             unknown ownership refuses. The dossier machine checks the same thing again.
 *   reads     (dossier.read, audit.read) the dossier's unit is inside the grant's unit, or the grant's
 *             unit is one of its levels; without a dossier, `unitCode` is inside the grant's unit
 *             (an inspector reads everything in their unit's subtree).
 *   [unit]    `unitCode` (or the dossier's unit) is inside the grant's unit.
 *
 * Time: a grant counts only when validFrom <= at <= validTo (either bound may be absent).
 * Delegation (ủy quyền): a grant with delegatedBy carries the delegator's role, unit and department
 * (copied when it is granted); the actor acts in that role and `onBehalfOf` names the delegator, so the
 * audit shows both. A person's own grants are preferred over delegated ones.
 *
 * Refusal chosen when several grants refuse: a grant that would allow but is out of its period gives
 * AUTH.GRANT_EXPIRED; otherwise the grant that got furthest (AUTH.NOT_CRITERION_OWNER, then
 * AUTH.OUT_OF_JURISDICTION, then AUTH.FORBIDDEN_ROLE).
 */
import { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from './errors';
import { parseWith } from './validation';
import { departmentLabel } from './departments';
import { formatVnDate, localDateOf } from './calendar/dates';
import { InstantSchema, RoleSchema, type Actor, type CommandType, type Role } from './dossier/types';

export const COMMAND_ACTIONS = [
  'self_assessment.recorded',
  'self_assessment.batch',
  'consultation.recorded',
  'commune.submitted',
  'criterion.reviewed',
  'review.batch',
  'level.returned',
  'commune.resubmitted',
  'level.approved',
  'level.forwarded',
  'council.voted',
  'decision.drafted',
  'level.decided',
  'maintenance.assessed',
  'recognition.revoked',
] as const satisfies readonly CommandType[];
// Every dossier command must be listed above (compile error otherwise).
type MissingCommand = Exclude<CommandType, (typeof COMMAND_ACTIONS)[number]>;
const everyCommandListed: [MissingCommand] extends [never] ? true : MissingCommand = true;
void everyCommandListed;

export const OTHER_ACTIONS = ['dossier.read', 'dossier.start', 'audit.read', 'report.read', 'user.manage', 'plan.manage'] as const;
/** Issue 15 (documents), additive: reading a dossier's papers, and attaching one (or withdrawing it). */
export const DOCUMENT_ACTIONS = ['document.read', 'document.upload'] as const;
export const ACCESS_ACTIONS = [...COMMAND_ACTIONS, ...OTHER_ACTIONS, ...DOCUMENT_ACTIONS] as const;
export const AccessActionSchema = z.enum(ACCESS_ACTIONS);
export type AccessAction = z.infer<typeof AccessActionSchema>;

/** How an action's target is matched against a grant's unit (see the header). */
export type Scope = 'subject' | 'level' | 'read' | 'unit';

export const ACTION_SCOPE: Readonly<Record<AccessAction, Scope>> = {
  'self_assessment.recorded': 'subject',
  'self_assessment.batch': 'subject',
  'consultation.recorded': 'subject',
  'commune.submitted': 'subject',
  'commune.resubmitted': 'subject',
  'criterion.reviewed': 'level',
  'review.batch': 'level',
  'level.returned': 'level',
  'level.approved': 'level',
  'level.forwarded': 'level',
  'council.voted': 'level',
  'decision.drafted': 'level',
  'level.decided': 'level',
  'maintenance.assessed': 'level',
  'recognition.revoked': 'level',
  'dossier.start': 'level',
  'dossier.read': 'read',
  'audit.read': 'read',
  'report.read': 'unit',
  'plan.manage': 'unit',
  'user.manage': 'unit',
  // Documents: the dossier's own unit (and above) or one of its levels, like reads; who may upload is
  // decided by the role (everyone who acts on dossiers; never inspectors, council members, admins).
  'document.read': 'read',
  'document.upload': 'read',
};

const READS = ['dossier.read', 'audit.read', 'report.read', 'document.read'] as const satisfies readonly AccessAction[];
const UPLOAD = ['document.upload'] as const satisfies readonly AccessAction[];
const OFFICE_LEVEL = ['level.returned', 'level.approved', 'level.forwarded', 'council.voted', 'decision.drafted', 'maintenance.assessed'] as const;
const CHAIR_LEVEL = ['level.decided', 'recognition.revoked'] as const;
const COMMUNE_OWN = ['self_assessment.recorded', 'self_assessment.batch', 'consultation.recorded', 'commune.submitted', 'commune.resubmitted'] as const;

/** The authorization matrix as data: what each role may do (where is decided by the action's scope). */
export const ROLE_ACTIONS: Readonly<Record<Role, readonly AccessAction[]>> = {
  commune_official: [...COMMUNE_OWN, 'criterion.reviewed', 'review.batch', ...OFFICE_LEVEL, ...CHAIR_LEVEL, 'dossier.start', ...READS, ...UPLOAD],
  commune_chair: [...CHAIR_LEVEL, ...READS, ...UPLOAD],
  commune_specialist: ['criterion.reviewed', 'review.batch', ...READS, ...UPLOAD],
  district_specialist: ['criterion.reviewed', 'review.batch', ...READS, ...UPLOAD],
  provincial_specialist: ['criterion.reviewed', 'review.batch', ...READS, ...UPLOAD],
  district_office: [...OFFICE_LEVEL, 'dossier.start', 'plan.manage', ...READS, ...UPLOAD],
  provincial_office: [...OFFICE_LEVEL, 'dossier.start', 'plan.manage', ...READS, ...UPLOAD],
  district_chair: [...CHAIR_LEVEL, ...READS, ...UPLOAD],
  provincial_chair: [...CHAIR_LEVEL, ...READS, ...UPLOAD],
  council_member: [...READS],
  inspector: [...READS],
  admin: ['user.manage'],
  system: [],
};

export const ROLE_LABELS: Readonly<Record<Role, { vi: string; en: string }>> = {
  commune_official: { vi: 'Cán bộ phụ trách NTM xã', en: 'Commune NTM official' },
  commune_chair: { vi: 'Chủ tịch UBND xã', en: "Commune people's committee chair" },
  commune_specialist: { vi: 'Công chức phòng chuyên môn UBND xã', en: 'Commune department official' },
  district_specialist: { vi: 'Chuyên viên phòng, ban huyện', en: 'District department specialist' },
  district_office: { vi: 'Văn phòng điều phối NTM huyện', en: 'District coordination office' },
  district_chair: { vi: 'Chủ tịch UBND huyện', en: "District people's committee chair" },
  provincial_office: { vi: 'Văn phòng điều phối NTM tỉnh', en: 'Provincial coordination office' },
  provincial_specialist: { vi: 'Chuyên viên sở, ngành tỉnh', en: 'Provincial department specialist' },
  council_member: { vi: 'Thành viên Hội đồng thẩm định', en: 'Appraisal council member' },
  provincial_chair: { vi: 'Chủ tịch UBND tỉnh', en: "Provincial people's committee chair" },
  inspector: { vi: 'Thanh tra (chỉ xem)', en: 'Inspector (read-only)' },
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  system: { vi: 'Hệ thống', en: 'System' },
};

export const ACTION_LABELS: Readonly<Record<AccessAction, { vi: string; en: string }>> = {
  'self_assessment.recorded': { vi: 'ghi kết quả tự đánh giá tiêu chí', en: 'record a criterion self-assessment' },
  'self_assessment.batch': { vi: 'ghi bảng tự đánh giá các tiêu chí', en: 'record the self-assessment checklist' },
  'review.batch': { vi: 'gửi kết quả thẩm tra các tiêu chí của phòng', en: "send the department's review" },
  'consultation.recorded': { vi: 'ghi kết quả lấy ý kiến nhân dân', en: "record the residents' consultation" },
  'commune.submitted': { vi: 'nộp hồ sơ', en: 'submit the dossier' },
  'commune.resubmitted': { vi: 'nộp lại hồ sơ sau bổ sung', en: 'resubmit the dossier' },
  'criterion.reviewed': { vi: 'thẩm tra tiêu chí', en: 'review a criterion' },
  'level.returned': { vi: 'trả hồ sơ để bổ sung', en: 'return the dossier for supplementation' },
  'level.approved': { vi: 'thông qua hồ sơ ở cấp này', en: 'approve the dossier at this level' },
  'level.forwarded': { vi: 'chuyển hồ sơ lên cấp trên', en: 'forward the dossier to the next level' },
  'council.voted': { vi: 'ghi kết quả biểu quyết của hội đồng thẩm định', en: "record the appraisal council's vote" },
  'decision.drafted': { vi: 'dự thảo quyết định', en: 'draft the decision' },
  'level.decided': { vi: 'ký quyết định công nhận', en: 'issue the recognition decision' },
  'maintenance.assessed': { vi: 'đánh giá duy trì chuẩn', en: 'assess maintenance of the standard' },
  'recognition.revoked': { vi: 'thu hồi quyết định công nhận', en: 'revoke the recognition' },
  'dossier.start': { vi: 'mở hồ sơ', en: 'open a dossier' },
  'dossier.read': { vi: 'xem hồ sơ', en: 'read the dossier' },
  'audit.read': { vi: 'xem nhật ký kiểm toán', en: 'read the audit trail' },
  'report.read': { vi: 'xem báo cáo', en: 'read reports' },
  'user.manage': { vi: 'quản lý tài khoản và phân quyền', en: 'manage users and role grants' },
  'plan.manage': { vi: 'quản lý kế hoạch năm', en: 'manage plan years' },
  'document.read': { vi: 'xem văn bản của hồ sơ', en: "read the dossier's documents" },
  'document.upload': { vi: 'tải lên hoặc rút văn bản của hồ sơ', en: 'upload or withdraw a dossier document' },
};

const nonEmpty = z.string().trim().min(1);

export const GrantSchema = z.object({
  /** The RoleGrant row id, when the grant comes from the database (echoed back for traceability). */
  id: nonEmpty.optional(),
  role: RoleSchema,
  unitCode: nonEmpty,
  department: nonEmpty.optional(),
  /** User id of the delegator (ủy quyền). The grant then carries the delegator's role and unit. */
  delegatedBy: nonEmpty.optional(),
  /** The unit's name, for what people read in a refusal (filled by the loader; never used to decide). */
  unitName: nonEmpty.optional(),
  validFrom: InstantSchema.optional(),
  validTo: InstantSchema.optional(),
});
export type Grant = z.infer<typeof GrantSchema>;

export const PrincipalSchema = z.object({ userId: nonEmpty, grants: z.array(GrantSchema) });
export type Principal = z.infer<typeof PrincipalSchema>;

export const AccessDossierSchema = z.object({
  /** The unit the dossier is for (commune, village, district). */
  unitCode: nonEmpty,
  /** Units of the levels the dossier passes after its own unit (DossierInput.levels[].unitCode). */
  levelUnitCodes: z.array(nonEmpty),
  /** The unit of the level holding the dossier now (DossierStatus.levelUnitCode), when known. */
  levelUnitCode: nonEmpty.optional(),
  /** The current level's reviewer slots (LevelSpec.reviewers): who owns which criterion here. */
  reviewers: z.array(z.object({ criterion: nonEmpty, department: nonEmpty })).optional(),
  /** Informational (stage rules are the machine's): DossierStatus.stage and .awaiting. */
  stage: z.string().optional(),
  awaiting: z.array(z.object({ role: z.string(), unitCode: z.string(), department: z.string().optional(), action: z.string() })).optional(),
  /** Names of the dossier's unit and level units by code, for what people read in a refusal. */
  unitNames: z.record(z.string(), nonEmpty).optional(),
});
export type AccessDossier = z.infer<typeof AccessDossierSchema>;

export const AccessRequestSchema = z.object({
  action: AccessActionSchema,
  /** The instant the action is asked at (server time, ISO with offset). */
  at: InstantSchema,
  dossier: AccessDossierSchema.optional(),
  /** Target unit for actions without a dossier (reports, plans, users, listings). */
  unitCode: nonEmpty.optional(),
  criterion: nonEmpty.optional(),
  /** Names of units by code, for what people read in a refusal (never used to decide). */
  unitNames: z.record(z.string(), nonEmpty).optional(),
});
export type AccessRequest = z.input<typeof AccessRequestSchema>;

/** `code` is `ancestor` or lies below it in the unit tree (codes are slug paths, parent first). */
export function isWithinUnit(code: string, ancestor: string): boolean {
  return code === ancestor || code.startsWith(`${ancestor}/`);
}

type Parsed = z.infer<typeof AccessRequestSchema>;

const RANK = { 'AUTH.FORBIDDEN_ROLE': 0, 'AUTH.OUT_OF_JURISDICTION': 1, 'AUTH.NOT_CRITERION_OWNER': 2 } as const;
type Refusal = { rank: number; error: DomainError };

function who(g: Grant): { vi: string; en: string } {
  const r = ROLE_LABELS[g.role];
  const dept = g.department ? departmentLabel(g.department) : undefined;
  const unitVi = g.unitName ?? `đơn vị "${g.unitCode}"`;
  const unitEn = g.unitName ?? `unit "${g.unitCode}"`;
  return { vi: `${r.vi}${dept ? ` (${dept.vi})` : ''} của ${unitVi}`, en: `${r.en}${dept ? ` (${dept.en})` : ''} of ${unitEn}` };
}

function nameOrCode(req: Parsed, code: string): string {
  return req.unitNames?.[code] ?? req.dossier?.unitNames?.[code] ?? `"${code}"`;
}

/** A unit by its name when the request gave it, else by its code. */
function unitWords(req: Parsed, code: string): { vi: string; en: string } {
  const name = req.unitNames?.[code] ?? req.dossier?.unitNames?.[code];
  return name ? { vi: name, en: name } : { vi: `đơn vị "${code}"`, en: `unit "${code}"` };
}

function details(g: Grant, req: Parsed, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { role: g.role, unitCode: g.unitCode, department: g.department, action: req.action, ...extra };
}

function forbiddenRole(g: Grant | undefined, req: Parsed): DomainError {
  const a = ACTION_LABELS[req.action];
  if (!g) {
    return domainError('AUTH.FORBIDDEN_ROLE', `Tài khoản chưa được phân vai trò nào để ${a.vi}`, `The account holds no role that may ${a.en}`, {
      details: { action: req.action },
    });
  }
  const w = who(g);
  return domainError('AUTH.FORBIDDEN_ROLE', `${w.vi} không được phép ${a.vi}`, `${w.en} may not ${a.en}`, {
    details: details(g, req),
  });
}

function outOfJurisdiction(g: Grant, req: Parsed, targetVi: string, targetEn: string): DomainError {
  const a = ACTION_LABELS[req.action];
  const w = who(g);
  return domainError(
    'AUTH.OUT_OF_JURISDICTION',
    `${w.vi} không có thẩm quyền ${a.vi} đối với ${targetVi}`,
    `${w.en} has no jurisdiction to ${a.en} for ${targetEn}`,
    { details: details(g, req, { dossierUnit: req.dossier?.unitCode, levelUnitCodes: req.dossier?.levelUnitCodes, targetUnit: req.unitCode }) },
  );
}

function invalidRequest(vi: string, en: string, path: string): DomainError {
  return domainError('AUTH.INVALID_REQUEST', `Yêu cầu phân quyền không hợp lệ: ${vi}`, `Invalid authorization request: ${en}`, { path });
}

/** Whether the grant's role and jurisdiction (ignoring its validity period) allow the request. */
function judge(g: Grant, req: Parsed): Refusal | null {
  if (!ROLE_ACTIONS[g.role].includes(req.action)) return { rank: RANK['AUTH.FORBIDDEN_ROLE'], error: forbiddenRole(g, req) };
  const d = req.dossier;
  const scope = ACTION_SCOPE[req.action];
  const out = (vi: string, en: string): Refusal => ({ rank: RANK['AUTH.OUT_OF_JURISDICTION'], error: outOfJurisdiction(g, req, vi, en) });
  switch (scope) {
    case 'subject':
      if (!d) return out('(không rõ hồ sơ)', '(no dossier given)');
      if (!isWithinUnit(d.unitCode, g.unitCode)) return out(`hồ sơ của ${unitWords(req, d.unitCode).vi}`, `the dossier of ${unitWords(req, d.unitCode).en}`);
      return null;
    case 'level': {
      if (!d) return out('(không rõ hồ sơ)', '(no dossier given)');
      if (!d.levelUnitCodes.includes(g.unitCode)) {
        return out(
          `hồ sơ của ${unitWords(req, d.unitCode).vi} (các cấp xử lý: ${d.levelUnitCodes.map((c) => unitWords(req, c).vi).join(', ') || 'không có'})`,
          `the dossier of ${unitWords(req, d.unitCode).en} (levels: ${d.levelUnitCodes.map((c) => unitWords(req, c).en).join(', ') || 'none'})`,
        );
      }
      if (req.action !== 'dossier.start' && d.levelUnitCode !== undefined && d.levelUnitCode !== g.unitCode) {
        return out(
          `hồ sơ của ${unitWords(req, d.unitCode).vi} đang ở cấp ${nameOrCode(req, d.levelUnitCode)}`,
          `the dossier of ${unitWords(req, d.unitCode).en}, which is now at level ${nameOrCode(req, d.levelUnitCode)}`,
        );
      }
      if (req.action === 'criterion.reviewed') {
        const criterion = req.criterion ?? '';
        const owners = (d.reviewers ?? []).filter((r) => r.criterion === criterion).map((r) => r.department);
        if (!g.department || !owners.includes(g.department)) {
          const w = who(g);
          const list = d.reviewers === undefined ? '(không rõ)' : owners.map((o) => departmentLabel(o).vi).join(', ') || '(không cơ quan nào)';
          const listEn = d.reviewers === undefined ? '(unknown)' : owners.map((o) => departmentLabel(o).en).join(', ') || '(no department)';
          return {
            rank: RANK['AUTH.NOT_CRITERION_OWNER'],
            error: domainError(
              'AUTH.NOT_CRITERION_OWNER',
              `${w.vi} không phụ trách tiêu chí ${criterion} nên không được ${ACTION_LABELS[req.action].vi} này; cơ quan phụ trách: ${list}`,
              `${w.en} does not own criterion ${criterion} and may not ${ACTION_LABELS[req.action].en} of it; owners: ${listEn}`,
              { path: 'criterion', details: details(g, req, { criterion, owners }) },
            ),
          };
        }
      }
      return null;
    }
    case 'read':
      if (d) {
        if (isWithinUnit(d.unitCode, g.unitCode) || d.levelUnitCodes.includes(g.unitCode)) return null;
        return out(`hồ sơ của ${unitWords(req, d.unitCode).vi}`, `the dossier of ${unitWords(req, d.unitCode).en}`);
      }
      if (req.unitCode && isWithinUnit(req.unitCode, g.unitCode)) return null;
      if (!req.unitCode) return out('đơn vị (không rõ)', 'unit (none given)');
      return out(unitWords(req, req.unitCode).vi, unitWords(req, req.unitCode).en);
    case 'unit': {
      const target = req.unitCode ?? d?.unitCode;
      if (target && isWithinUnit(target, g.unitCode)) return null;
      if (!target) return out('đơn vị (không rõ)', 'unit (none given)');
      return out(unitWords(req, target).vi, unitWords(req, target).en);
    }
  }
}

function inForce(g: Grant, at: number): boolean {
  if (g.validFrom !== undefined && at < Date.parse(g.validFrom)) return false;
  if (g.validTo !== undefined && at > Date.parse(g.validTo)) return false;
  return true;
}

function expired(g: Grant, req: Parsed): DomainError {
  const w = who(g);
  const a = ACTION_LABELS[req.action];
  const notYet = g.validFrom !== undefined && Date.parse(req.at) < Date.parse(g.validFrom);
  const day = (iso: string | undefined) => (iso === undefined ? '…' : formatVnDate(localDateOf(Date.parse(iso))));
  const period = `${day(g.validFrom)} – ${day(g.validTo)}`;
  return domainError(
    'AUTH.GRANT_EXPIRED',
    notYet ? `Quyền ${w.vi} chưa có hiệu lực (hiệu lực ${period}), không thể ${a.vi}` : `Quyền ${w.vi} đã hết hiệu lực (hiệu lực ${period}), không thể ${a.vi}`,
    notYet
      ? `The grant of ${w.en} is not yet in force (valid ${period}); cannot ${a.en}`
      : `The grant of ${w.en} has expired (valid ${period}); cannot ${a.en}`,
    { details: details(g, req, { validFrom: g.validFrom, validTo: g.validTo, at: req.at }) },
  );
}

/** The grant that allows the request (own grants before delegated ones), or the refusal. */
export function authorizeGrant(principal: Principal, request: AccessRequest): Result<Grant> {
  const p = parseWith(PrincipalSchema, principal, 'AUTH.INVALID_REQUEST');
  if (!p.ok) return p;
  const r = parseWith(AccessRequestSchema, request, 'AUTH.INVALID_REQUEST');
  if (!r.ok) return r;
  const req = r.value;
  if (req.action === 'criterion.reviewed' && !req.criterion) {
    return err(invalidRequest('thẩm tra tiêu chí phải nêu tiêu chí', 'criterion.reviewed needs the criterion', 'criterion'));
  }
  const at = Date.parse(req.at);
  const ordered = [...p.value.grants.filter((g) => !g.delegatedBy), ...p.value.grants.filter((g) => g.delegatedBy)];
  let best: Refusal | undefined;
  let lapsed: Grant | undefined;
  for (const g of ordered) {
    const refusal = judge(g, req);
    if (refusal) {
      if (!best || refusal.rank > best.rank) best = refusal;
      continue;
    }
    if (inForce(g, at)) return ok(g);
    lapsed ??= g;
  }
  if (lapsed) return err(expired(lapsed, req));
  return err(best?.error ?? forbiddenRole(undefined, req));
}

/** Null when the principal may make the request; otherwise why not (deny by default). */
export function authorize(principal: Principal, request: AccessRequest): DomainError | null {
  const r = authorizeGrant(principal, request);
  return r.ok ? null : r.error;
}

/** The Actor to stamp on the event: the person, in the role, unit and department of the allowing grant. */
export function resolveActor(principal: Principal, request: AccessRequest): Result<Actor> {
  const r = authorizeGrant(principal, request);
  if (!r.ok) return r;
  const g = r.value;
  const actor: Actor = { id: principal.userId, role: g.role, unitCode: g.unitCode };
  if (g.department) actor.department = g.department;
  if (g.delegatedBy) actor.onBehalfOf = g.delegatedBy;
  return ok(actor);
}

/**
 * Positions after the 2025 reform (two-tier government) and the role each is granted. Additive data:
 * the matrix above is unchanged. Commune level: the commune's NTM official and, where the commune
 * recognises villages (two-tier village pipelines), the commune people's committee acts at its own
 * level through `commune_official` grants — see `MISSING_ROLES` for the separation of duties that
 * needs a role of its own. Provincial level: the sở, ngành specialists (department codes from
 * domain/departments PROVINCIAL_DEPARTMENT_CODES), the provincial coordination office, the appraisal
 * council (chaired by a provincial vice-chair, reform-2025.md) and the provincial chair.
 */
export interface ReformPosition {
  readonly id: string;
  readonly nameVi: string;
  readonly nameEn: string;
  /** Level of the unit the grant is for. */
  readonly unitLevel: 'commune' | 'province';
  /** The existing role this position is granted today. */
  readonly role: Role;
  /** Whether the grant carries a department, and of which tier. */
  readonly department?: 'province';
  readonly noteVi?: string;
}

export const TWO_TIER_POSITIONS: readonly ReformPosition[] = [
  {
    id: 'commune-ntm-official',
    nameVi: 'Công chức phụ trách NTM của UBND xã, phường',
    nameEn: 'Commune NTM official',
    unitLevel: 'commune',
    role: 'commune_official',
  },
  {
    id: 'commune-chair',
    nameVi: 'Chủ tịch UBND xã, phường',
    nameEn: "Commune people's committee chair",
    unitLevel: 'commune',
    role: 'commune_chair',
    noteVi: 'Ký quyết định công nhận ở cấp xã khi xã là một cấp xử lý (thôn, bản đạt chuẩn trong mô hình hai cấp)',
  },
  {
    id: 'commune-specialist',
    nameVi: 'Công chức phòng chuyên môn UBND xã, phường',
    nameEn: 'Commune department official',
    unitLevel: 'commune',
    role: 'commune_specialist',
  },
  {
    id: 'provincial-specialist',
    nameVi: 'Chuyên viên sở, ngành tỉnh',
    nameEn: 'Provincial department specialist',
    unitLevel: 'province',
    role: 'provincial_specialist',
    department: 'province',
  },
  {
    id: 'provincial-office',
    nameVi: 'Văn phòng điều phối NTM tỉnh',
    nameEn: 'Provincial NTM coordination office',
    unitLevel: 'province',
    role: 'provincial_office',
  },
  {
    id: 'council-member',
    nameVi: 'Thành viên Hội đồng thẩm định tỉnh',
    nameEn: 'Provincial appraisal council member',
    unitLevel: 'province',
    role: 'council_member',
  },
  {
    id: 'provincial-chair',
    nameVi: 'Chủ tịch (Phó Chủ tịch được ủy quyền) UBND tỉnh',
    nameEn: "Provincial people's committee chair (or delegated vice-chair)",
    unitLevel: 'province',
    role: 'provincial_chair',
  },
];

/**
 * Roles added for the two-tier world (issue 12), with why: each is in ROLES, ROLE_ACTIONS and
 * ROLE_LABELS and in the access tests' table. `commune_official` keeps its level actions, so a
 * commune where one person does both still works; the dossier's "awaiting" list (domain/dossier)
 * still names commune_official for the commune level's decision.
 */
export const REFORM_ROLES: readonly { id: string; nameVi: string; nameEn: string; actions: readonly AccessAction[]; whyVi: string; whyEn: string }[] = [
  {
    id: 'commune_chair',
    nameVi: 'Chủ tịch UBND xã',
    nameEn: "Commune people's committee chair",
    actions: [...CHAIR_LEVEL, ...READS],
    whyVi: 'Hai cấp: UBND xã công nhận thôn, bản; người lập hồ sơ (commune_official) không nên tự ký quyết định công nhận',
    whyEn: "Two-tier: the commune people's committee recognises villages; whoever compiles the dossier (commune_official) should not also sign the recognition",
  },
  {
    id: 'commune_specialist',
    nameVi: 'Công chức phòng chuyên môn UBND xã',
    nameEn: 'Commune department official',
    actions: ['criterion.reviewed', ...READS],
    whyVi: 'Hai cấp: nếu tỉnh giao phòng chuyên môn của xã thẩm tra tiêu chí của thôn, bản (chưa có nguồn)',
    whyEn: "Two-tier: if a province has the commune's departments review village criteria (unsourced)",
  },
];

/** @deprecated The roles once missing are in ROLES now: the same list as REFORM_ROLES. */
export const MISSING_ROLES = REFORM_ROLES;
