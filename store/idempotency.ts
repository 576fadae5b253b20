/**
 * Idempotency keys (IETF draft-ietf-httpapi-idempotency-key-header): a client's key is remembered with
 * the hash of the request it first came with, per user, for `ttlHours` (IDEMPOTENCY_KEY_TTL_HOURS,
 * default 24 h).
 * - same key, same request  → 'replay': the caller goes on, and the effect happens once (for a dossier
 *   action Temporal deduplicates the Update by its id, derived from user and key);
 * - same key, another request (another body, or another dossier) → AppError IDEMPOTENCY.KEY_REUSED (422);
 * - an action that was refused or failed releases its key (nothing happened, the client may retry or fix
 *   the request under the same key);
 * - after `ttlHours` the key is forgotten and counts as new: clients send a fresh key (a UUID) per action.
 */
import { createHash } from 'node:crypto';
import { AppError, domainError } from '../domain/errors';
import type { Db } from '../prisma/db';
import { canonical } from './audit-chain';

export interface IdempotencyClaim {
  /** 'new': first use, 'replay': the same request again within the key's lifetime. */
  outcome: 'new' | 'replay';
  /** The id the effect is deduplicated by downstream (a Temporal Update id), distinct per user. */
  effectId: string;
  expiresAt: Date;
}

export const requestHash = (request: unknown): string => createHash('sha256').update(canonical(request), 'utf8').digest('hex');

export const effectIdOf = (userId: string, key: string): string =>
  `idem:${createHash('sha256').update(`${userId}\n${key}`, 'utf8').digest('hex').slice(0, 40)}`;

function reused(key: string): AppError {
  return new AppError(
    domainError(
      'IDEMPOTENCY.KEY_REUSED',
      `Khóa Idempotency-Key "${key}" đã dùng cho một yêu cầu khác; mỗi thao tác cần một khóa mới`,
      `Idempotency-Key "${key}" was already used with a different request; send a new key for each action`,
      { path: 'headers.idempotency-key' },
    ),
  );
}

/** Records (user, key) → hash(request), or checks it against the one recorded. Throws KEY_REUSED. */
export async function claimIdempotencyKey(db: Db, userId: string, key: string, request: unknown, now: Date, ttlHours: number): Promise<IdempotencyClaim> {
  const hash = requestHash(request);
  const effectId = effectIdOf(userId, key);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
    if (existing && existing.expiresAt.getTime() > now.getTime()) {
      if (existing.requestHash !== hash) throw reused(key);
      return { outcome: 'replay', effectId, expiresAt: existing.expiresAt };
    }
    const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
    try {
      if (existing) {
        // Expired: taken over only if nobody else did meanwhile.
        const r = await db.idempotencyKey.updateMany({
          where: { userId, key, requestHash: existing.requestHash, createdAt: existing.createdAt },
          data: { requestHash: hash, createdAt: now, expiresAt },
        });
        if (r.count === 0) continue;
      } else {
        await db.idempotencyKey.create({ data: { userId, key, requestHash: hash, createdAt: now, expiresAt } });
      }
      return { outcome: 'new', effectId, expiresAt };
    } catch (e) {
      if ((e as { code?: string }).code === 'P2002') continue; // a parallel first use won: compare with it
      throw e;
    }
  }
  throw reused(key);
}

/** Forgets a key whose action did not happen (refused, failed), so the client may retry under it. */
export async function releaseIdempotencyKey(db: Db, userId: string, key: string, request: unknown): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { userId, key, requestHash: requestHash(request) } });
}

/** Housekeeping: removes keys past their lifetime. Returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  return (await db.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
