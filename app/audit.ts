/**
 * Reading the audit trail: a dossier's full trail, what a person approved in a period, every approval
 * of a criterion across a district, the "who approved what" report, and CSV / JSON exports that carry
 * the chain's proof so a reader can re-verify the slice without access to the database.
 *
 * THE PROOF. Each exported record keeps every hashed field exactly as stored (`at` as ISO, `documents`
 * as the stored JSON text), its prevHash and its hash, so anyone can recompute
 *   hash = SHA-256(canonical JSON of { the record's fields…, prevHash })            (store/audit-chain.ts)
 * The export adds `links`: {seq, prevHash, hash} of every record of the chain between the first and the
 * last exported record that is not itself exported (other dossiers' records), so the reader can also
 * check that the exported records are one unbroken piece of the chain, in order, with nothing removed
 * between them. Finally it states the chain's head (seq and hash) and the result of verifying the whole
 * chain at export time: compare that head with `ntm audit verify` later, or with a head published
 * elsewhere, to tie the slice to the database. `verifyExport` does all of this for a parsed export.
 */
import { formatVnDateTime } from '../domain/calendar';
import { ACTION_LABELS, resolveActor, ROLE_LABELS, type Principal } from '../domain/access';
import { accessView } from '../domain/dossier';
import { AppError, appError } from '../domain/errors';
import type { Db } from '../prisma/db';
import type { DossierService } from './dossiers';
import { GENESIS_HASH, hashRecord, verifyAuditChain, type ChainReport, type StoredAudit } from '../store/audit-chain';
import { RoleSchema } from '../domain/dossier/types';
import { auditFacts, type AuditFacts, type AuditRecordLike } from '../domain/audit-view';
import { unitNames } from '../store/units';

/** Decision-bearing actions: what "approved" means in the queries below. */
export const APPROVAL_ACTIONS = [
  'criterion.reviewed',
  'level.approved',
  'level.forwarded',
  'council.voted',
  'decision.drafted',
  'level.decided',
  'recognition.revoked',
] as const;

/**
 * One audit record as exported: the stored fields (hash inputs, unchanged). The fields every reader of a
 * record needs are domain/audit-view's AuditRecordLike; the chain's correlation is added here.
 */
export interface AuditEntry extends AuditRecordLike {
  dossierId: string | null;
  workflowId: string | null;
  runId: string | null;
}

type Row = Omit<AuditEntry, 'at'> & { at: Date };

function entry(r: Row): AuditEntry {
  return { ...r, at: r.at.toISOString() };
}

// ------------------------------------------------------------------------------------------------
// Queries
// ------------------------------------------------------------------------------------------------

/** The full trail of a dossier, in chain order. */
export async function dossierTrail(db: Db, dossierId: string): Promise<AuditEntry[]> {
  return (await db.auditRecord.findMany({ where: { dossierId }, orderBy: { seq: 'asc' } })).map(entry);
}

/** The whole chain verified from its first record (operators: `ntm audit verify`). */
export function verifyChain(db: Db): Promise<ChainReport> {
  return verifyAuditChain(db);
}

/** A stored record and what it says in words (domain/audit-view): the one read model of the API and the page. */
export type AuditView = AuditEntry & AuditFacts;

/**
 * The content of records (issue 13): loads the names of the people and units, the department of each
 * actor's grant and the stored hash of each referenced document of the dossier, then lets
 * domain/audit-view say what each record decided. The stored fields stay as they are (hash inputs).
 */
export async function auditViews(db: Db, dossierId: string, trail: AuditEntry[]): Promise<AuditView[]> {
  const personIds = [...new Set(trail.flatMap((r) => [r.actorId, ...(r.onBehalfOf ? [r.onBehalfOf] : [])]))];
  const [users, grants, units, docs] = await Promise.all([
    db.user.findMany({ where: { id: { in: personIds } }, select: { id: true, displayName: true } }),
    db.roleGrant.findMany({
      where: { userId: { in: personIds }, department: { not: null } },
      select: { userId: true, role: true, unitCode: true, department: true },
    }),
    unitNames(db, [...new Set(trail.flatMap((r) => (r.actorUnit ? [r.actorUnit] : [])))]),
    db.document.findMany({ where: { dossierId, number: { not: null } }, select: { number: true, sha256: true, version: true }, orderBy: { version: 'asc' } }),
  ]);
  const ctx = {
    people: new Map(users.map((u) => [u.id, u.displayName])),
    units,
    departments: new Map(grants.map((g) => [`${g.userId}|${g.role}|${g.unitCode}`, g.department!])),
    // The latest version of a numbered document wins (ordered by version).
    documentHashes: new Map(docs.map((d) => [d.number!, d.sha256])),
  };
  return trail.map((r) => ({ ...r, ...auditFacts(r, ctx) }));
}

/**
 * A dossier's trail for a person: they must be able to read the dossier (404 / 403 otherwise) and hold
 * 'audit.read' on it (the dossier's own unit and the levels it passes). Each record with its content.
 */
export async function readDossierAudit(dossiers: DossierService, db: Db, principal: Principal, dossierId: string, now: Date): Promise<AuditView[]> {
  const { state } = await dossiers.detail(principal, dossierId);
  const allowed = resolveActor(principal, { action: 'audit.read', at: now.toISOString(), dossier: accessView(state) });
  if (!allowed.ok) throw new AppError(allowed.error);
  return auditViews(db, dossierId, await dossierTrail(db, dossierId));
}

/**
 * Everything a person approved in [from, to] (inclusive): approval actions they took themselves, and
 * those a delegate took on their behalf (onBehalfOf = person), in chain order.
 */
export async function approvalsBy(db: Db, q: { personId: string; from: Date; to: Date }): Promise<AuditEntry[]> {
  const rows = await db.auditRecord.findMany({
    where: {
      action: { in: [...APPROVAL_ACTIONS] },
      at: { gte: q.from, lte: q.to },
      OR: [{ actorId: q.personId }, { onBehalfOf: q.personId }],
    },
    orderBy: { seq: 'asc' },
  });
  return rows.map(entry);
}

/**
 * Every review of `criterion` for dossiers of units inside `districtUnitCode` (the district itself, its
 * communes and villages), found through Dossier.unitCode, or among `dossierIds` when given (dossiers not
 * projected into this database). Optionally limited to [from, to].
 */
export async function criterionApprovals(
  db: Db,
  q: { criterion: string; districtUnitCode?: string; dossierIds?: string[]; from?: Date; to?: Date },
): Promise<AuditEntry[]> {
  let ids = q.dossierIds;
  if (!ids) {
    if (!q.districtUnitCode) throw new Error('criterionApprovals needs districtUnitCode or dossierIds');
    const d = q.districtUnitCode;
    const dossiers = await db.dossier.findMany({ where: { OR: [{ unitCode: d }, { unitCode: { startsWith: `${d}/` } }] }, select: { id: true } });
    ids = dossiers.map((x) => x.id);
  }
  if (ids.length === 0) return [];
  const rows = await db.auditRecord.findMany({
    where: {
      action: 'criterion.reviewed',
      criterion: q.criterion,
      dossierId: { in: ids },
      ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
    },
    orderBy: { seq: 'asc' },
  });
  return rows.map(entry);
}

// ------------------------------------------------------------------------------------------------
// "Who approved what"
// ------------------------------------------------------------------------------------------------

export interface ApprovalLine {
  seq: number;
  at: string;
  /** dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh. */
  atVn: string;
  action: string;
  actionVi: string;
  actionEn: string;
  actorId: string;
  actorName: string | null;
  role: string;
  roleVi: string;
  roleEn: string;
  unitCode: string | null;
  onBehalfOf: string | null;
  onBehalfOfName: string | null;
  criterion: string | null;
  /** Verdict of a review, outcome of a decision, tally of a vote, when the record says. */
  outcome: string | null;
  decisionNumber: string | null;
  documents: { number?: string; date?: string; issuer?: string }[];
  comment: string | null;
  hash: string;
}

function parseJson(s: string | null): Record<string, unknown> | null {
  if (!s) return null;
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function outcomeOf(e: AuditEntry): { outcome: string | null; decisionNumber: string | null } {
  const a = parseJson(e.after);
  if (!a) return { outcome: null, decisionNumber: null };
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : null);
  if (e.action === 'council.voted' && typeof a.inFavour === 'number') {
    return {
      outcome: `${String(a.inFavour)} tán thành / in favour, ${String(a.against)} không / against, ${String(a.abstained)} không ý kiến / abstained`,
      decisionNumber: null,
    };
  }
  return { outcome: str('verdict') ?? str('outcome') ?? str('toStage'), decisionNumber: str('number') };
}

function labelOf<T extends string>(table: Readonly<Record<T, { vi: string; en: string }>>, key: string): { vi: string; en: string } {
  return (table as Record<string, { vi: string; en: string }>)[key] ?? { vi: key, en: key };
}

/** Every decision-bearing action on a dossier, in order, naming the person, role, unit and delegation. */
export async function whoApprovedWhat(db: Db, dossierId: string): Promise<ApprovalLine[]> {
  const trail = (await dossierTrail(db, dossierId)).filter((e) => (APPROVAL_ACTIONS as readonly string[]).includes(e.action));
  const ids = [...new Set(trail.flatMap((e) => [e.actorId, e.onBehalfOf].filter((x): x is string => !!x)))];
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  const name = new Map(users.map((u) => [u.id, u.displayName]));
  return trail.map((e) => {
    const role = RoleSchema.safeParse(e.actorRole);
    const roleLabel = role.success ? ROLE_LABELS[role.data] : { vi: e.actorRole, en: e.actorRole };
    const act = labelOf(ACTION_LABELS, e.action);
    const docs = (() => {
      try {
        const v: unknown = JSON.parse(e.documents);
        return Array.isArray(v) ? (v as ApprovalLine['documents']) : [];
      } catch {
        return [];
      }
    })();
    return {
      seq: e.seq,
      at: e.at,
      atVn: formatVnDateTime(Date.parse(e.at)),
      action: e.action,
      actionVi: act.vi,
      actionEn: act.en,
      actorId: e.actorId,
      actorName: name.get(e.actorId) ?? null,
      role: e.actorRole,
      roleVi: roleLabel.vi,
      roleEn: roleLabel.en,
      unitCode: e.actorUnit,
      onBehalfOf: e.onBehalfOf,
      onBehalfOfName: e.onBehalfOf ? (name.get(e.onBehalfOf) ?? null) : null,
      criterion: e.criterion,
      ...outcomeOf(e),
      documents: docs,
      comment: e.comment,
      hash: e.hash,
    };
  });
}

/** The report as text lines (Vietnamese, English in brackets), one per action. */
export function formatWhoApprovedWhat(lines: ApprovalLine[]): string[] {
  return lines.map((l, i) => {
    const who = `${l.actorName ?? l.actorId} (${l.roleVi}${l.unitCode ? `, ${l.unitCode}` : ''})`;
    const behalf = l.onBehalfOf ? ` — thay mặt / on behalf of ${l.onBehalfOfName ?? l.onBehalfOf}` : '';
    const crit = l.criterion ? ` tiêu chí / criterion ${l.criterion}` : '';
    const out = l.outcome ? `: ${l.outcome}` : '';
    const num = l.decisionNumber ? ` [${l.decisionNumber}]` : '';
    const docs =
      l.documents.length > 0 ? ` — văn bản / documents: ${l.documents.map((d) => [d.number, d.date, d.issuer].filter(Boolean).join(', ')).join('; ')}` : '';
    return `${i + 1}. ${l.atVn} ${who}${behalf} — ${l.actionVi} (${l.actionEn})${crit}${out}${num}${docs}`;
  });
}

// ------------------------------------------------------------------------------------------------
// Export with proof
// ------------------------------------------------------------------------------------------------

export const EXPORT_FORMAT = 'ntm-audit-export/1';
export const HASH_ALGORITHM = 'sha256(canonical JSON of the record fields and prevHash, keys sorted; see activities/audit.ts)';

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  /** What was asked for (free form, e.g. {dossierId}). */
  query: Record<string, unknown>;
  records: AuditEntry[];
  proof: {
    algorithm: string;
    genesisHash: string;
    /** Records of the chain between the first and last exported one that are not exported. */
    links: ChainLink[];
    head: { seq: number; hash: string } | null;
    /** Whole-chain verification at export time. */
    verify: ChainReport;
  };
}

export async function buildExport(db: Db, records: AuditEntry[], query: Record<string, unknown>, now: Date): Promise<AuditExport> {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const verify = await verifyAuditChain(db);
  const headRow = await db.auditRecord.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  let links: ChainLink[] = [];
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first && last) {
    const inSlice = new Set(sorted.map((r) => r.seq));
    const span = await db.auditRecord.findMany({
      where: { seq: { gte: first.seq, lte: last.seq } },
      select: { seq: true, prevHash: true, hash: true },
      orderBy: { seq: 'asc' },
    });
    links = span.filter((s) => !inSlice.has(s.seq));
  }
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    query,
    records: sorted,
    proof: { algorithm: HASH_ALGORITHM, genesisHash: GENESIS_HASH, links, head: headRow ?? null, verify },
  };
}

export function exportJson(x: AuditExport): string {
  return `${JSON.stringify(x, null, 2)}\n`;
}

/** CSV columns. Row kinds: 'record' (an exported record), 'link' (seq, prevHash, hash only), 'proof'. */
export const CSV_COLUMNS = [
  'kind',
  'seq',
  'eventId',
  'at',
  'atVN',
  'actorId',
  'actorRole',
  'actorUnit',
  'onBehalfOf',
  'action',
  'dossierId',
  'criterion',
  'before',
  'after',
  'comment',
  'documents',
  'workflowId',
  'runId',
  'prevHash',
  'hash',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A cell that stands for null (an empty cell is the empty string; the distinction matters to the hash). */
export const CSV_NULL = '\\N';

function cell(v: string | number | null): string {
  return v === null ? CSV_NULL : String(v);
}

/**
 * RFC 4180 CSV (CRLF line ends, quoted fields where needed), UTF-8 with a byte-order mark so Excel reads
 * Vietnamese correctly. One header row, then 'record' rows, 'link' rows and one 'proof' row whose `at` is
 * the export time, `seq`/`hash` the chain head, `action` 'audit.verified' or 'audit.broken', `comment`
 * the verification in words and `after` the verification as JSON. Null is written \N.
 */
export function exportCsv(x: AuditExport): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  const blank = (): Record<CsvColumn, string> => Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<CsvColumn, string>;
  for (const r of x.records) {
    const row = blank();
    row.kind = 'record';
    for (const c of CSV_COLUMNS) {
      if (c === 'kind') continue;
      if (c === 'atVN') row.atVN = formatVnDateTime(Date.parse(r.at));
      else row[c] = cell(r[c]);
    }
    rows.push(CSV_COLUMNS.map((c) => row[c]));
  }
  for (const l of x.proof.links) {
    const row = blank();
    Object.assign(row, { kind: 'link', seq: String(l.seq), prevHash: l.prevHash, hash: l.hash });
    rows.push(CSV_COLUMNS.map((c) => row[c]));
  }
  const v = x.proof.verify;
  const proof = blank();
  Object.assign(proof, {
    kind: 'proof',
    seq: x.proof.head ? String(x.proof.head.seq) : CSV_NULL,
    at: x.exportedAt,
    atVN: formatVnDateTime(Date.parse(x.exportedAt)),
    action: v.ok ? 'audit.verified' : 'audit.broken',
    comment: v.ok
      ? `Toàn bộ chuỗi hợp lệ (${v.records} bản ghi) / whole chain verified (${v.records} records)`
      : `Chuỗi bị phá vỡ / chain broken: ${v.firstBreak?.reasonVi ?? ''} / ${v.firstBreak?.reasonEn ?? ''}`,
    after: JSON.stringify({ verify: v, query: x.query, algorithm: x.proof.algorithm, genesisHash: x.proof.genesisHash }),
    hash: x.proof.head?.hash ?? CSV_NULL,
  });
  rows.push(CSV_COLUMNS.map((c) => proof[c]));
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); strips a leading BOM. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Reads a CSV export back into the export structure (for verifyExport). */
export function parseCsvExport(text: string): AuditExport {
  const [header, ...rows] = parseCsv(text);
  if (!header || header.join(',') !== CSV_COLUMNS.join(','))
    throw appError(
      'AUDIT.EXPORT_INVALID',
      'Tệp không phải bản xuất nhật ký kiểm toán NTM (dòng tiêu đề khác)',
      'Not an NTM audit CSV export (the header differs)',
      { path: 'line 1' },
    );
  const col = (r: string[], c: CsvColumn): string => r[CSV_COLUMNS.indexOf(c)] ?? '';
  const nul = (v: string): string | null => (v === CSV_NULL ? null : v);
  const records: AuditEntry[] = [];
  const links: ChainLink[] = [];
  let proofRow: string[] | undefined;
  for (const r of rows) {
    const kind = col(r, 'kind');
    if (kind === 'record') {
      records.push({
        seq: Number(col(r, 'seq')),
        eventId: col(r, 'eventId'),
        at: col(r, 'at'),
        actorId: col(r, 'actorId'),
        actorRole: col(r, 'actorRole'),
        actorUnit: nul(col(r, 'actorUnit')),
        onBehalfOf: nul(col(r, 'onBehalfOf')),
        action: col(r, 'action'),
        dossierId: nul(col(r, 'dossierId')),
        criterion: nul(col(r, 'criterion')),
        before: nul(col(r, 'before')),
        after: nul(col(r, 'after')),
        comment: nul(col(r, 'comment')),
        documents: col(r, 'documents'),
        workflowId: nul(col(r, 'workflowId')),
        runId: nul(col(r, 'runId')),
        prevHash: col(r, 'prevHash'),
        hash: col(r, 'hash'),
      });
    } else if (kind === 'link') {
      links.push({ seq: Number(col(r, 'seq')), prevHash: col(r, 'prevHash'), hash: col(r, 'hash') });
    } else if (kind === 'proof') {
      proofRow = r;
    }
  }
  if (!proofRow) throw appError('AUDIT.EXPORT_INVALID', 'Bản xuất CSV thiếu dòng chứng minh chuỗi băm', 'The CSV export has no proof row');
  const meta = JSON.parse(col(proofRow, 'after')) as { verify: ChainReport; query: Record<string, unknown>; algorithm: string; genesisHash: string };
  const headSeq = nul(col(proofRow, 'seq'));
  const headHash = nul(col(proofRow, 'hash'));
  return {
    format: EXPORT_FORMAT,
    exportedAt: col(proofRow, 'at'),
    query: meta.query,
    records,
    proof: {
      algorithm: meta.algorithm,
      genesisHash: meta.genesisHash,
      links,
      head: headSeq !== null && headHash !== null ? { seq: Number(headSeq), hash: headHash } : null,
      verify: meta.verify,
    },
  };
}

export interface SliceProblem {
  seq: number;
  eventId?: string;
  reasonVi: string;
  reasonEn: string;
}

export interface SliceReport {
  ok: boolean;
  records: number;
  links: number;
  /** The chain was verified whole at export time. */
  chainVerifiedAtExport: boolean;
  headHash: string | null;
  problems: SliceProblem[];
}

/**
 * Re-verifies an export without the database: every record's hash from its content; every record and
 * link between the first and last exported record linked to the one before (nothing removed, inserted
 * or reordered in between); the last one equal to the head when it is the head.
 */
export function verifyExport(x: AuditExport): SliceReport {
  const problems: SliceProblem[] = [];
  for (const r of x.records) {
    const { seq: _seq, hash: _hash, ...content } = r;
    if (hashRecord({ ...content, at: r.at } as unknown as Omit<StoredAudit, 'seq' | 'hash'>) !== r.hash) {
      problems.push({
        seq: r.seq,
        eventId: r.eventId,
        reasonVi: `Nội dung bản ghi #${r.seq} không khớp mã băm (đã bị sửa)`,
        reasonEn: `Record #${r.seq} does not match its hash (altered)`,
      });
    }
  }
  const run: (ChainLink & { eventId?: string })[] = [
    ...x.records.map((r) => ({ seq: r.seq, prevHash: r.prevHash, hash: r.hash, eventId: r.eventId })),
    ...x.proof.links,
  ].sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < run.length; i++) {
    const prev = run[i - 1]!;
    const cur = run[i]!;
    if (cur.seq === prev.seq || cur.prevHash !== prev.hash) {
      problems.push({
        seq: cur.seq,
        ...(cur.eventId ? { eventId: cur.eventId } : {}),
        reasonVi: `Bản ghi #${cur.seq} không nối với bản ghi #${prev.seq} trong bản xuất`,
        reasonEn: `Record #${cur.seq} does not link to record #${prev.seq} in the export`,
      });
    }
  }
  const last = run.at(-1);
  if (last && x.proof.head && last.seq === x.proof.head.seq && last.hash !== x.proof.head.hash) {
    problems.push({ seq: last.seq, reasonVi: 'Bản ghi cuối khác đầu chuỗi đã công bố', reasonEn: 'The last record differs from the stated chain head' });
  }
  if (x.records[0] && x.records[0].seq === run[0]!.seq && run[0]!.seq === 1 && run[0]!.prevHash !== x.proof.genesisHash) {
    problems.push({ seq: 1, reasonVi: 'Bản ghi đầu tiên không nối với gốc chuỗi', reasonEn: 'The first record does not link to the genesis hash' });
  }
  problems.sort((a, b) => a.seq - b.seq);
  return {
    ok: problems.length === 0 && x.proof.verify.ok,
    records: x.records.length,
    links: x.proof.links.length,
    chainVerifiedAtExport: x.proof.verify.ok,
    headHash: x.proof.head?.hash ?? null,
    problems,
  };
}
