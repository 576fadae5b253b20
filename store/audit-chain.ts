/**
 * The tamper-evident audit trail: one global, append-only hash chain.
 *
 * Each record's hash is SHA-256 over its canonical content and the previous record's hash. One chain
 * for the whole database (not one per dossier) so deleting a dossier's entire trail, or moving records
 * between dossiers, breaks the chain too; appends are serialised by a lock (PostgreSQL advisory lock,
 * SQLite's single writer). Writes are idempotent by event id: a retried activity appends nothing twice.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../prisma/db';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  eventId: string;
  at: Date;
  actorId: string;
  actorRole: string;
  actorUnit?: string | null;
  onBehalfOf?: string | null;
  action: string;
  dossierId?: string | null;
  criterion?: string | null;
  before?: string | null;
  after?: string | null;
  comment?: string | null;
  documents?: unknown[];
  workflowId?: string | null;
  runId?: string | null;
}

export interface StoredAudit extends Required<Omit<AuditInput, 'documents'>> {
  seq: number;
  documents: string;
  prevHash: string;
  hash: string;
}

/** Canonical JSON: keys sorted, no whitespace, dates as ISO; the same record always hashes the same. */
export function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The fields a hash covers: everything but seq (position is covered by prevHash) and the hash itself. */
export function hashedContent(r: Omit<StoredAudit, 'seq' | 'hash'>): Record<string, unknown> {
  return {
    eventId: r.eventId,
    at: r.at,
    actorId: r.actorId,
    actorRole: r.actorRole,
    actorUnit: r.actorUnit,
    onBehalfOf: r.onBehalfOf,
    action: r.action,
    dossierId: r.dossierId,
    criterion: r.criterion,
    before: r.before,
    after: r.after,
    comment: r.comment,
    documents: r.documents,
    workflowId: r.workflowId,
    runId: r.runId,
    prevHash: r.prevHash,
  };
}

export function hashRecord(r: Omit<StoredAudit, 'seq' | 'hash'>): string {
  return createHash('sha256')
    .update(canonical(hashedContent(r)))
    .digest('hex');
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * The provider a client was built for ('sqlite' | 'postgresql'), for callers that hold only a `Db`
 * (appendAudit needs it for the PostgreSQL advisory lock). Reads the generated client's
 * `_activeProvider`, which both generated clients set; tests/identity runs it on both databases.
 */
export function dbProvider(db: Db): 'sqlite' | 'postgresql' {
  const p = (db as unknown as { _activeProvider?: unknown })._activeProvider;
  if (p === 'sqlite' || p === 'postgresql') return p;
  throw new Error(`cannot tell the database provider of this client (got ${String(p)})`);
}

/**
 * Appends one record inside the caller's transaction. Returns the stored row; when the event id is
 * already in the chain, returns that row unchanged (idempotent).
 */
export async function appendAudit(tx: Tx, input: AuditInput, provider: 'sqlite' | 'postgresql'): Promise<{ seq: number; hash: string; created: boolean }> {
  if (provider === 'postgresql') {
    // Serialise appends across workers: one chain head at a time.
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(4206042)');
  }
  const existing = await tx.auditRecord.findUnique({ where: { eventId: input.eventId } });
  if (existing) return { seq: existing.seq, hash: existing.hash, created: false };
  const head = await tx.auditRecord.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const row = {
    eventId: input.eventId,
    at: input.at,
    actorId: input.actorId,
    actorRole: input.actorRole,
    actorUnit: input.actorUnit ?? null,
    onBehalfOf: input.onBehalfOf ?? null,
    action: input.action,
    dossierId: input.dossierId ?? null,
    criterion: input.criterion ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    comment: input.comment ?? null,
    documents: JSON.stringify(input.documents ?? []),
    workflowId: input.workflowId ?? null,
    runId: input.runId ?? null,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = hashRecord(row);
  const created = await tx.auditRecord.create({ data: { ...row, hash } });
  return { seq: created.seq, hash, created: true };
}

export interface ChainBreak {
  seq: number;
  eventId: string;
  reasonVi: string;
  reasonEn: string;
}

export interface ChainReport {
  ok: boolean;
  records: number;
  headHash: string;
  firstBreak?: ChainBreak;
}

/**
 * Walks the whole chain in order and reports the first broken link: a record whose content no longer
 * matches its hash (edited), or whose prevHash is not the previous record's hash (deleted, inserted or
 * reordered). Reads in pages so a national trail does not load into memory at once.
 */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let count = 0;
  let after = 0;
  for (;;) {
    const page = await db.auditRecord.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: pageSize });
    if (page.length === 0) break;
    for (const r of page) {
      count += 1;
      const reason =
        r.prevHash !== prev
          ? {
              vi: `Bản ghi #${r.seq} không nối với bản ghi trước (bị xóa, chèn hoặc đổi thứ tự)`,
              en: `Record #${r.seq} does not link to the previous record (deleted, inserted or reordered)`,
            }
          : hashRecord(r) !== r.hash
            ? { vi: `Nội dung bản ghi #${r.seq} đã bị sửa (mã băm không khớp)`, en: `Record #${r.seq} was altered (hash mismatch)` }
            : undefined;
      if (reason) {
        return { ok: false, records: count, headHash: prev, firstBreak: { seq: r.seq, eventId: r.eventId, reasonVi: reason.vi, reasonEn: reason.en } };
      }
      prev = r.hash;
      after = r.seq;
    }
  }
  return { ok: true, records: count, headHash: prev };
}
