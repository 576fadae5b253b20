/**
 * Identities: local accounts, sessions and role grants (I/O). Authorization itself is pure
 * (domain/access.ts); this module turns a session token into the Principal it needs.
 *
 * - Passwords: argon2id through @node-rs/argon2 (OWASP parameters: 19 MiB, 2 passes, 1 lane), PHC
 *   string stored; never the password, never logged. Policy: at least 10 characters.
 * - Sessions: a random 32-byte token (base64url) goes to the client; only its SHA-256 is stored, so a
 *   leaked Session table gives no usable token. Each session expires (ttl in hours, from config).
 * - Grants: role × unit (× department) with an optional validity period; a delegation (ủy quyền) is a
 *   grant with delegatedBy = the delegator's user id, carrying the delegator's role, unit and department,
 *   for a bounded period. Every user creation, grant and revocation writes an audit record in the same
 *   transaction (actions 'user.created', 'role.granted', 'role.revoked').
 * - Who may call createUser/grantRole/revokeGrant is the caller's check (API: authorize 'user.manage'
 *   for the grant's unit; CLI: whoever holds the database). These functions record who did it.
 *
 * OIDC-READY SEAMS (where an external identity provider plugs in; nothing else changes):
 *   1. Authentication: `authenticate` (username + password → session) is the only place that checks a
 *      credential. An OIDC login replaces it with a callback handler that verifies the ID token (issuer,
 *      audience, signature against the provider's JWKS, expiry, nonce) and maps its `sub` to a User —
 *      e.g. a User row with username = `oidc:<issuer>#<sub>` and an unusable passwordHash ('!') — then
 *      calls `openSession(db, userId, now, ttl)` below to issue the same kind of session.
 *   2. Principal resolution: `sessionPrincipal` (token → Principal) is what the API calls per request.
 *      A bearer-token deployment instead resolves the Principal from a verified access/ID token:
 *      `principalFor(db, userId, now)` below is the piece it reuses (grants always come from our
 *      RoleGrant table: roles and jurisdiction are NTM business data, not IdP claims).
 *   3. Nothing downstream (domain/access, workflows, audit) knows how the person signed in: they see
 *      a Principal and an Actor.
 */
import type { Algorithm } from '@node-rs/argon2';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Grant, Principal } from '../domain/access';
import { DepartmentCodeSchema } from '../domain/departments';
import { ActorSchema, RoleSchema, type Actor, type Role } from '../domain/dossier/types';
import { domainError, err, ok, type DomainError, type Result } from '../domain/errors';
import { UnitCodeSchema } from '../domain/units/schema';
import { parseWith } from '../domain/validation';
import type { Db } from '../prisma/db';
import { appendAudit, dbProvider } from '../store/audit-chain';

export const PASSWORD_MIN_LENGTH = 10;
const ARGON2ID = 2 as Algorithm;
/** OWASP Password Storage Cheat Sheet, argon2id minimum: m = 19 MiB, t = 2, p = 1. */
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
/** Verified against when the username is unknown, so both refusals take the same time. */
let dummyHash: Promise<string> | undefined;

/** Who performs an identity change, and when (server time): what the audit record says. */
export interface ChangeContext {
  actor: Actor;
  at: Date;
  comment?: string;
}

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'tên đăng nhập 3-64 ký tự a-z, 0-9, . _ - / username: 3-64 characters a-z, 0-9, . _ -');

export const NewUserSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(200),
  email: z.email().optional(),
  password: z.string(),
});
export type NewUser = z.input<typeof NewUserSchema>;

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  createdAt: string;
}

export interface GrantView {
  id: string;
  userId: string;
  username?: string;
  role: Role;
  unitCode: string;
  department: string | null;
  delegatedBy: string | null;
  validFrom: string | null;
  validTo: string | null;
  createdAt: string;
}

// ------------------------------------------------------------------------------------------------
// Passwords
// ------------------------------------------------------------------------------------------------

/** Why a password is refused, or null. Length only: long passphrases beat composition rules (NIST 800-63B). */
export function checkPasswordPolicy(password: string): DomainError | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return domainError(
      'AUTH.WEAK_PASSWORD',
      `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự`,
      `The password must be at least ${PASSWORD_MIN_LENGTH} characters long`,
      { path: 'password' },
    );
  }
  if (password.trim().length === 0) {
    return domainError('AUTH.WEAK_PASSWORD', 'Mật khẩu không được chỉ gồm khoảng trắng', 'The password cannot be only spaces', { path: 'password' });
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argonHash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(stored, password);
  } catch {
    return false; // malformed or unusable hash (e.g. '!' for an OIDC-only account)
  }
}

/** A random password for `users create --generate-password`: 20 characters of base64url (120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

// ------------------------------------------------------------------------------------------------
// Users
// ------------------------------------------------------------------------------------------------

function view(u: { id: string; username: string; displayName: string; email: string | null; active: boolean; createdAt: Date }): UserView {
  return { id: u.id, username: u.username, displayName: u.displayName, email: u.email, active: u.active, createdAt: u.createdAt.toISOString() };
}

function actorFields(by: ChangeContext) {
  const a = ActorSchema.parse(by.actor);
  return { actorId: a.id, actorRole: a.role, actorUnit: a.unitCode, onBehalfOf: a.onBehalfOf ?? null };
}

export async function createUser(db: Db, input: NewUser, by: ChangeContext): Promise<Result<UserView>> {
  const parsed = parseWith(NewUserSchema, input, 'USER.INVALID_INPUT');
  if (!parsed.ok) return parsed;
  const u = parsed.value;
  const weak = checkPasswordPolicy(u.password);
  if (weak) return err(weak);
  if (await db.user.findUnique({ where: { username: u.username } })) {
    return err(domainError('USER.USERNAME_TAKEN', `Tên đăng nhập "${u.username}" đã có`, `Username "${u.username}" is already taken`, { path: 'username' }));
  }
  const passwordHash = await hashPassword(u.password);
  const id = randomUUID();
  const provider = dbProvider(db);
  const created = await db.$transaction(async (tx) => {
    const row = await tx.user.create({
      data: { id, username: u.username, displayName: u.displayName, email: u.email ?? null, passwordHash, active: true, createdAt: by.at },
    });
    await appendAudit(
      tx,
      {
        eventId: `user.created/${id}`,
        at: by.at,
        ...actorFields(by),
        action: 'user.created',
        // Never the password or its hash.
        after: JSON.stringify({ userId: id, username: u.username, displayName: u.displayName, email: u.email ?? null }),
        comment: by.comment ?? null,
      },
      provider,
    );
    return row;
  });
  return ok(view(created));
}

/** A user by username or id, or null. */
export async function findUser(db: Db, ref: string): Promise<UserView | null> {
  const u = (await db.user.findUnique({ where: { username: ref.trim().toLowerCase() } })) ?? (await db.user.findUnique({ where: { id: ref } }));
  return u ? view(u) : null;
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await db.user.findMany({ orderBy: { username: 'asc' } })).map(view);
}

// ------------------------------------------------------------------------------------------------
// Sessions
// ------------------------------------------------------------------------------------------------

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface SessionTicket {
  /** Give this to the client (cookie or bearer); it is not stored anywhere. */
  token: string;
  userId: string;
  expiresAt: string;
}

const badCredentials = (): DomainError => domainError('AUTH.INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng', 'Wrong username or password');

/** Issues a session for an already-authenticated user (also the seam an OIDC callback uses). */
export async function openSession(db: Db, userId: string, now: Date, ttlHours: number): Promise<SessionTicket> {
  if (!(ttlHours > 0)) throw new RangeError(`ttlHours must be positive, got ${ttlHours}`);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await db.session.create({ data: { tokenHash: tokenHash(token), userId, createdAt: now, expiresAt } });
  return { token, userId, expiresAt: expiresAt.toISOString() };
}

// ------------------------------------------------------------------------------------------------
// Sign-in throttling and lockout (OWASP ASVS V2.2)
// ------------------------------------------------------------------------------------------------

/**
 * How failed sign-ins are slowed down (infra/config.ts SIGNIN_*). Counted per account name — known or
 * not, so a lockout says nothing about whether the account exists — and per client address:
 * - the first `freeFailures` failures of an account (`ipFreeFailures` of an address) are answered at
 *   once; after each further one the next attempt must wait `delayBaseSeconds`, doubling, at most
 *   `delayMaxSeconds` (an attempt made earlier is refused with AUTH.THROTTLED and `retryAfterSeconds`,
 *   without looking at the password);
 * - after `lockoutFailures` consecutive failures the account is locked (AUTH.LOCKED) until an
 *   administrator unlocks it (`ntm users unlock <username>`); an address is never locked, only delayed;
 * - a count with no failure for `windowMinutes` starts again; a successful sign-in clears the account's.
 * Each attempt is counted *before* the password is checked (a compare-and-set on the count), so parallel
 * guesses cannot slip through together. Every failure, lockout and unlock is an audit record.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  ipFreeFailures: number;
  lockoutFailures: number;
  delayBaseSeconds: number;
  delayMaxSeconds: number;
  windowMinutes: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 3,
  ipFreeFailures: 20,
  lockoutFailures: 10,
  delayBaseSeconds: 1,
  delayMaxSeconds: 900,
  windowMinutes: 60,
};

/** The wait before the next attempt after `failures` failures (ms). */
export function throttleDelayMs(failures: number, free: number, p: Pick<ThrottlePolicy, 'delayBaseSeconds' | 'delayMaxSeconds'>): number {
  if (failures <= free) return 0;
  return Math.min(p.delayBaseSeconds * 2 ** Math.min(failures - free - 1, 40), p.delayMaxSeconds) * 1000;
}

/** How a typed username is counted: trimmed, lower-case, bounded (whether or not it names an account). */
export const signInName = (username: string): string => username.trim().toLowerCase().slice(0, 100);
const accountKey = (name: string) => `user:${name}`;
const addressKey = (ip: string) => `ip:${ip}`;

export interface SignInClient {
  /** The client's address as the edge sees it (Fastify req.ip, behind TRUST_PROXY). */
  ip?: string;
}

function throttled(retryAfterMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return domainError('AUTH.THROTTLED', `Đăng nhập sai quá nhiều lần; thử lại sau ${seconds} giây`, `Too many failed sign-ins; try again in ${seconds} s`, {
    details: { retryAfterSeconds: seconds },
  });
}

const locked = (): DomainError =>
  domainError(
    'AUTH.LOCKED',
    'Tài khoản tạm khóa do đăng nhập sai quá nhiều lần; liên hệ quản trị viên để mở khóa',
    'The account is locked after too many failed sign-ins; ask an administrator to unlock it',
  );

class LostRace extends Error {}

type ThrottleRow = { key: string; failures: number; lastFailureAt: Date | null; nextAttemptAt: Date | null; lockedAt: Date | null };

const stale = (row: ThrottleRow, now: Date, p: ThrottlePolicy) =>
  !row.lockedAt && (!row.lastFailureAt || now.getTime() - row.lastFailureAt.getTime() > p.windowMinutes * 60_000);

/** Counts this attempt as a failure in advance, or refuses it (locked, or too early). */
async function reserveAttempt(db: Db, keys: { key: string; free: number; account: boolean }[], now: Date, p: ThrottlePolicy): Promise<Result<void>> {
  try {
    return await db.$transaction(async (tx) => {
      const rows = await tx.signInThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
      const rowOf = (key: string) => rows.find((r) => r.key === key);
      for (const k of keys) {
        const row = rowOf(k.key);
        if (!row) continue;
        if (k.account && (row.lockedAt || row.failures >= p.lockoutFailures)) return err(locked());
        if (!stale(row, now, p) && row.nextAttemptAt && row.nextAttemptAt.getTime() > now.getTime()) {
          return err(throttled(row.nextAttemptAt.getTime() - now.getTime()));
        }
      }
      for (const k of keys) {
        const row = rowOf(k.key);
        const failures = (row && !stale(row, now, p) ? row.failures : 0) + 1;
        const data = { failures, lastFailureAt: now, nextAttemptAt: new Date(now.getTime() + throttleDelayMs(failures, k.free, p)) };
        if (!row) {
          await tx.signInThrottle.create({ data: { key: k.key, ...data } });
        } else {
          // Compare-and-set: a parallel attempt that counted first makes this one lose (→ AUTH.THROTTLED).
          const r = await tx.signInThrottle.updateMany({ where: { key: k.key, failures: row.failures, lockedAt: null }, data });
          if (r.count === 0) throw new LostRace();
        }
      }
      return ok(undefined);
    });
  } catch (e) {
    const unique = (e as { code?: string }).code === 'P2002';
    if (e instanceof LostRace || unique) return err(throttled(1000));
    throw e;
  }
}

function signInAudit(action: string, at: Date, ip: string | undefined, after: Record<string, unknown>) {
  return {
    eventId: `${action}/${String(after.username)}/${at.toISOString()}/${randomUUID()}`,
    at,
    actorId: ip ? `client:${ip}` : 'client:unknown',
    actorRole: 'system',
    actorUnit: null,
    onBehalfOf: null,
    action,
    after: JSON.stringify(after),
    comment: null,
  };
}

/** A failed sign-in: already counted; audited, and the account locked when it reached the limit. */
async function recordFailure(db: Db, name: string, ip: string | undefined, now: Date, p: ThrottlePolicy): Promise<void> {
  const provider = dbProvider(db);
  await db.$transaction(async (tx) => {
    const row = await tx.signInThrottle.findUnique({ where: { key: accountKey(name) } });
    const failures = row?.failures ?? 1;
    await appendAudit(tx, signInAudit('auth.sign_in_failed', now, ip, { username: name, ip: ip ?? null, failures }), provider);
    if (row && !row.lockedAt && failures >= p.lockoutFailures) {
      await tx.signInThrottle.update({ where: { key: row.key }, data: { lockedAt: now } });
      await appendAudit(tx, signInAudit('auth.locked', now, ip, { username: name, ip: ip ?? null, failures }), provider);
    }
  });
}

/** The right password: the account's count is cleared, the address's provisional count taken back. */
async function recordSuccess(db: Db, name: string, ip: string | undefined): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.signInThrottle.deleteMany({ where: { key: accountKey(name) } });
    if (ip) await tx.signInThrottle.updateMany({ where: { key: addressKey(ip), failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
  });
}

/**
 * Checks username and password; on success opens a session of `ttlHours`. One refusal for both faults.
 * Throttled per account name and per client address (see ThrottlePolicy).
 */
export async function authenticate(
  db: Db,
  username: string,
  password: string,
  now: Date,
  ttlHours: number,
  options: { client?: SignInClient; policy?: ThrottlePolicy } = {},
): Promise<Result<SessionTicket>> {
  const policy = options.policy ?? DEFAULT_THROTTLE;
  const ip = options.client?.ip;
  const name = signInName(username);
  const gate = await reserveAttempt(
    db,
    [
      { key: accountKey(name), free: policy.freeFailures, account: true },
      ...(ip ? [{ key: addressKey(ip), free: policy.ipFreeFailures, account: false }] : []),
    ],
    now,
    policy,
  );
  if (!gate.ok) return gate;
  const parsed = UsernameSchema.safeParse(username);
  const user = parsed.success ? await db.user.findUnique({ where: { username: parsed.data } }) : null;
  if (!user) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(await dummyHash, password);
    await recordFailure(db, name, ip, now, policy);
    return err(badCredentials());
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordFailure(db, name, ip, now, policy);
    return err(badCredentials());
  }
  await recordSuccess(db, name, ip);
  if (!user.active) {
    return err(domainError('AUTH.ACCOUNT_DISABLED', 'Tài khoản đã bị khóa', 'The account is disabled'));
  }
  return ok(await openSession(db, user.id, now, ttlHours));
}

export interface LockView {
  username: string;
  failures: number;
  lockedAt: string | null;
}

/** The sign-in lock state of an account name (null: no failures counted). */
export async function signInLock(db: Db, username: string): Promise<LockView | null> {
  const name = signInName(username);
  const row = await db.signInThrottle.findUnique({ where: { key: accountKey(name) } });
  return row ? { username: name, failures: row.failures, lockedAt: row.lockedAt?.toISOString() ?? null } : null;
}

/** An administrator unlocks an account (clears its failure count and delay). Audited as 'auth.unlocked'. */
export async function unlockAccount(db: Db, username: string, by: ChangeContext): Promise<Result<{ username: string; wasLocked: boolean; failures: number }>> {
  const name = signInName(username);
  const user = await db.user.findUnique({ where: { username: name } });
  if (!user) return err(domainError('USER.NOT_FOUND', `Không có người dùng "${name}"`, `No user "${name}"`, { path: 'username' }));
  const provider = dbProvider(db);
  return db.$transaction(async (tx) => {
    const row = await tx.signInThrottle.findUnique({ where: { key: accountKey(name) } });
    await tx.signInThrottle.deleteMany({ where: { key: accountKey(name) } });
    await appendAudit(
      tx,
      {
        eventId: `auth.unlocked/${user.id}/${by.at.toISOString()}/${randomUUID()}`,
        at: by.at,
        ...actorFields(by),
        action: 'auth.unlocked',
        before: JSON.stringify({ userId: user.id, username: name, failures: row?.failures ?? 0, lockedAt: row?.lockedAt?.toISOString() ?? null }),
        after: JSON.stringify({ userId: user.id, username: name, failures: 0, lockedAt: null }),
        comment: by.comment ?? null,
      },
      provider,
    );
    return ok({ username: name, wasLocked: !!row?.lockedAt, failures: row?.failures ?? 0 });
  });
}

// ------------------------------------------------------------------------------------------------
// Password change (by the person) and reset (by an administrator): every session of the account ends
// ------------------------------------------------------------------------------------------------

async function setPassword(
  db: Db,
  userId: string,
  password: string,
  by: ChangeContext,
  action: 'user.password_changed' | 'user.password_reset',
): Promise<Result<{ userId: string; sessionsRevoked: number }>> {
  const weak = checkPasswordPolicy(password);
  if (weak) return err(weak);
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) return err(domainError('USER.NOT_FOUND', `Không có người dùng "${userId}"`, `No user "${userId}"`, { path: 'userId' }));
  const passwordHash = await hashPassword(password);
  const provider = dbProvider(db);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const revoked = (await tx.session.deleteMany({ where: { userId } })).count;
    // A reset by an administrator also lifts a sign-in lock (the usual reason for a reset).
    const lock = action === 'user.password_reset' ? await tx.signInThrottle.deleteMany({ where: { key: accountKey(user.username) } }) : { count: 0 };
    await appendAudit(
      tx,
      {
        eventId: `${action}/${userId}/${by.at.toISOString()}/${randomUUID()}`,
        at: by.at,
        ...actorFields(by),
        action,
        // Never the password or its hash.
        after: JSON.stringify({
          userId,
          username: user.username,
          sessionsRevoked: revoked,
          ...(action === 'user.password_reset' ? { unlocked: lock.count > 0 } : {}),
        }),
        comment: by.comment ?? null,
      },
      provider,
    );
    return ok({ userId, sessionsRevoked: revoked });
  });
}

/** The person changes their own password (the current one is checked). Every session of theirs ends. */
export async function changePassword(
  db: Db,
  userId: string,
  currentPassword: string,
  newPassword: string,
  by: ChangeContext,
): Promise<Result<{ userId: string; sessionsRevoked: number }>> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return err(domainError('AUTH.INVALID_CREDENTIALS', 'Mật khẩu hiện tại không đúng', 'The current password is wrong', { path: 'currentPassword' }));
  }
  if (currentPassword === newPassword) {
    return err(
      domainError('AUTH.WEAK_PASSWORD', 'Mật khẩu mới phải khác mật khẩu cũ', 'The new password must differ from the current one', { path: 'newPassword' }),
    );
  }
  return setPassword(db, userId, newPassword, by, 'user.password_changed');
}

/** An administrator sets a new password (`ntm users reset-password`). Audited; every session ends. */
export async function resetPassword(
  db: Db,
  userId: string,
  newPassword: string,
  by: ChangeContext,
): Promise<Result<{ userId: string; sessionsRevoked: number }>> {
  return setPassword(db, userId, newPassword, by, 'user.password_reset');
}

function grantOf(g: {
  id: string;
  role: string;
  unitCode: string;
  department: string | null;
  delegatedBy: string | null;
  validFrom: Date | null;
  validTo: Date | null;
}): Grant {
  const out: Grant = { id: g.id, role: RoleSchema.parse(g.role), unitCode: g.unitCode };
  if (g.department) out.department = g.department;
  if (g.delegatedBy) out.delegatedBy = g.delegatedBy;
  if (g.validFrom) out.validFrom = g.validFrom.toISOString();
  if (g.validTo) out.validTo = g.validTo.toISOString();
  return out;
}

/**
 * The Principal of an active user: all their grants, including ones outside their period (authorize
 * then says "expired" rather than "no role"). Grants ended more than a year before `now` are left out.
 */
export async function principalFor(db: Db, userId: string, now: Date): Promise<Principal | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || !user.active) return null;
  const horizon = new Date(now.getTime() - 366 * 86_400_000);
  const grants = await db.roleGrant.findMany({
    where: { userId, OR: [{ validTo: null }, { validTo: { gte: horizon } }] },
    orderBy: { createdAt: 'asc' },
  });
  const units = await db.unit.findMany({ where: { code: { in: [...new Set(grants.map((g) => g.unitCode))] } }, select: { code: true, name: true } });
  const names = new Map(units.map((u) => [u.code, u.name]));
  return { userId, grants: grants.map((g) => ({ ...grantOf(g), ...(names.has(g.unitCode) ? { unitName: names.get(g.unitCode)! } : {}) })) };
}

/** The Principal behind a session token, or null (unknown, expired, or the user is disabled). */
export async function sessionPrincipal(db: Db, token: string, now: Date): Promise<Principal | null> {
  if (!token) return null;
  const s = await db.session.findUnique({ where: { tokenHash: tokenHash(token) } });
  if (!s || s.expiresAt.getTime() <= now.getTime()) return null;
  return principalFor(db, s.userId, now);
}

/** Ends a session (sign-out). True when there was one. */
export async function revokeSession(db: Db, token: string): Promise<boolean> {
  const r = await db.session.deleteMany({ where: { tokenHash: tokenHash(token) } });
  return r.count > 0;
}

/** Housekeeping: removes sessions expired before `now`. Returns how many. */
export async function purgeExpiredSessions(db: Db, now: Date): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

// ------------------------------------------------------------------------------------------------
// Grants
// ------------------------------------------------------------------------------------------------

const SPECIALISTS: readonly Role[] = ['district_specialist', 'provincial_specialist'];

export const GrantInputSchema = z
  .object({
    userId: z.string().min(1),
    role: RoleSchema,
    unitCode: UnitCodeSchema,
    department: DepartmentCodeSchema.optional(),
    validFrom: z.coerce.date().optional(),
    validTo: z.coerce.date().optional(),
    /** User id of the delegator (ủy quyền). */
    delegatedBy: z.string().min(1).optional(),
  })
  .superRefine((g, ctx) => {
    if (g.role === 'system') {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'vai trò "system" không cấp cho người / the "system" role is not granted to people' });
    }
    if (SPECIALISTS.includes(g.role) && !g.department) {
      ctx.addIssue({ code: 'custom', path: ['department'], message: 'chuyên viên phải thuộc một phòng, ban / a specialist needs a department' });
    }
    if (!SPECIALISTS.includes(g.role) && g.department) {
      ctx.addIssue({ code: 'custom', path: ['department'], message: `vai trò ${g.role} không gắn với phòng, ban / role ${g.role} takes no department` });
    }
    if (g.validFrom && g.validTo && g.validTo.getTime() <= g.validFrom.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'ngày hết hiệu lực phải sau ngày bắt đầu / validTo must be after validFrom' });
    }
    if (g.delegatedBy && !g.validTo) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'ủy quyền phải có thời hạn / a delegation needs an end (validTo)' });
    }
    if (g.delegatedBy && g.delegatedBy === g.userId) {
      ctx.addIssue({ code: 'custom', path: ['delegatedBy'], message: 'không tự ủy quyền cho mình / one cannot delegate to oneself' });
    }
  });
export type GrantInput = z.input<typeof GrantInputSchema>;

type GrantRow = Awaited<ReturnType<Db['roleGrant']['create']>>;

function grantView(g: GrantRow, username?: string): GrantView {
  return {
    id: g.id,
    userId: g.userId,
    ...(username ? { username } : {}),
    role: RoleSchema.parse(g.role),
    unitCode: g.unitCode,
    department: g.department,
    delegatedBy: g.delegatedBy,
    validFrom: g.validFrom?.toISOString() ?? null,
    validTo: g.validTo?.toISOString() ?? null,
    createdAt: g.createdAt.toISOString(),
  };
}

function grantJson(g: GrantRow): string {
  const { createdAt: _c, ...rest } = grantView(g);
  return JSON.stringify(rest);
}

const within = (t: Date | undefined, from: Date | null, to: Date | null) =>
  t === undefined ? from === null && to === null : (from === null || from.getTime() <= t.getTime()) && (to === null || t.getTime() <= to.getTime());

/**
 * Grants a role. A delegation (delegatedBy set) must copy a grant the delegator holds in their own
 * right (same role, unit and department, not itself delegated) whose period covers the delegation's.
 */
export async function grantRole(db: Db, input: GrantInput, by: ChangeContext): Promise<Result<GrantView>> {
  const parsed = parseWith(GrantInputSchema, input, 'USER.INVALID_GRANT');
  if (!parsed.ok) return parsed;
  const g = parsed.value;
  const user = await db.user.findUnique({ where: { id: g.userId } });
  if (!user) return err(domainError('USER.NOT_FOUND', `Không có người dùng "${g.userId}"`, `No user "${g.userId}"`, { path: 'userId' }));
  if (g.delegatedBy) {
    const source = await db.roleGrant.findMany({
      where: { userId: g.delegatedBy, role: g.role, unitCode: g.unitCode, department: g.department ?? null, delegatedBy: null },
    });
    const covering = source.find((s) => within(g.validFrom ?? by.at, s.validFrom, s.validTo) && within(g.validTo, s.validFrom, s.validTo));
    if (!covering) {
      return err(
        domainError(
          'USER.DELEGATION_NOT_HELD',
          `Người ủy quyền "${g.delegatedBy}" không giữ vai trò ${g.role} của "${g.unitCode}"${g.department ? ` (${g.department})` : ''} trong suốt thời hạn ủy quyền`,
          `The delegator "${g.delegatedBy}" does not hold role ${g.role} for "${g.unitCode}"${g.department ? ` (${g.department})` : ''} throughout the delegation period`,
          { path: 'delegatedBy' },
        ),
      );
    }
  }
  const provider = dbProvider(db);
  const id = randomUUID();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.roleGrant.create({
      data: {
        id,
        userId: g.userId,
        role: g.role,
        unitCode: g.unitCode,
        department: g.department ?? null,
        delegatedBy: g.delegatedBy ?? null,
        validFrom: g.validFrom ?? (g.delegatedBy ? by.at : null),
        validTo: g.validTo ?? null,
        createdAt: by.at,
      },
    });
    await appendAudit(
      tx,
      { eventId: `role.granted/${id}`, at: by.at, ...actorFields(by), action: 'role.granted', after: grantJson(created), comment: by.comment ?? null },
      provider,
    );
    return created;
  });
  return ok(grantView(row, user.username));
}

/**
 * Ends a grant now (validTo = `by.at`, or earlier if it already ended): the row stays, so the grant's
 * history reads from the table and from the audit trail alike.
 */
export async function revokeGrant(db: Db, grantId: string, by: ChangeContext): Promise<Result<GrantView>> {
  const existing = await db.roleGrant.findUnique({ where: { id: grantId } });
  if (!existing) return err(domainError('USER.GRANT_NOT_FOUND', `Không có quyền "${grantId}"`, `No grant "${grantId}"`, { path: 'grantId' }));
  const end = existing.validTo && existing.validTo.getTime() < by.at.getTime() ? existing.validTo : by.at;
  const provider = dbProvider(db);
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.roleGrant.update({ where: { id: grantId }, data: { validTo: end } });
    await appendAudit(
      tx,
      {
        eventId: `role.revoked/${grantId}/${by.at.toISOString()}`,
        at: by.at,
        ...actorFields(by),
        action: 'role.revoked',
        before: grantJson(existing),
        after: grantJson(updated),
        comment: by.comment ?? null,
      },
      provider,
    );
    return updated;
  });
  return ok(grantView(row));
}

/** Grants, newest first; of one user, and/or only those in force at `activeAt`. */
export async function listGrants(db: Db, filter: { userId?: string; activeAt?: Date } = {}): Promise<GrantView[]> {
  const t = filter.activeAt;
  const rows = await db.roleGrant.findMany({
    where: {
      ...(filter.userId ? { userId: filter.userId } : {}),
      ...(t ? { AND: [{ OR: [{ validFrom: null }, { validFrom: { lte: t } }] }, { OR: [{ validTo: null }, { validTo: { gte: t } }] }] } : {}),
    },
    include: { user: { select: { username: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map((r) => grantView(r, r.user.username));
}
