/**
 * Signing in and out, and who is calling: local accounts (app/accounts.ts) behind the Identity seam the
 * API uses (an OIDC verifier fits the same seam). Only a wrong credential is "wrong username or
 * password"; a database outage is an outage (503), never a refusal of the person.
 */
import type { Principal } from '../domain/access';
import { AppError, appError } from '../domain/errors';
import type { Db } from '../prisma/db';
import { storageError } from '../store/db-errors';
import {
  authenticate,
  changePassword,
  DEFAULT_THROTTLE,
  openSession,
  revokeSession,
  sessionPrincipal,
  type SignInClient,
  type ThrottlePolicy,
} from './accounts';

export interface SignedIn {
  userId: string;
  username: string;
  displayName: string;
  principal: Principal;
}

export interface Identity {
  /** `client.ip`: the caller's address, for the per-address sign-in throttle (app/accounts.ts). */
  login(username: string, password: string, client?: SignInClient): Promise<{ token: string; expiresAt: Date; user: SignedIn }>;
  /** The signed-in person changes their password: every session of theirs ends, a fresh one is issued. */
  changePassword(token: string, currentPassword: string, newPassword: string): Promise<{ token: string; expiresAt: Date; sessionsRevoked: number }>;
  whoami(token: string): Promise<SignedIn | null>;
  logout(token: string): Promise<void>;
}

/** Database failures while signing in are outages: coded, so the edge answers 503 and logs. */
async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A database that answers but refuses to write (read-only, full) says so (store/db-errors.ts).
    const refused = storageError(e);
    if (refused) throw refused;
    throw appError('DB.UNREACHABLE', 'Không truy cập được cơ sở dữ liệu; thử lại sau ít phút', 'The database cannot be reached; try again in a few minutes', {
      details: { cause: e instanceof Error ? e.message : String(e) },
    });
  }
}

export function localIdentity(db: Db, clock: () => Date, ttlHours: number, throttle: ThrottlePolicy = DEFAULT_THROTTLE): Identity {
  async function signedIn(userId: string, principal: Principal): Promise<SignedIn | null> {
    const user = await db.user.findUnique({ where: { id: userId } });
    return user ? { userId, username: user.username, displayName: user.displayName, principal } : null;
  }
  return {
    async login(username, password, client) {
      return guarded(async () => {
        const r = await authenticate(db, username, password, clock(), ttlHours, { client, policy: throttle });
        if (!r.ok) throw new AppError(r.error);
        const principal = await sessionPrincipal(db, r.value.token, clock());
        const user = principal && (await signedIn(r.value.userId, principal));
        if (!user) throw appError('AUTH.ACCOUNT_DISABLED', 'Tài khoản không hoạt động', 'The account is not active');
        return { token: r.value.token, expiresAt: new Date(r.value.expiresAt), user };
      });
    },
    async whoami(token) {
      return guarded(async () => {
        const principal = await sessionPrincipal(db, token, clock());
        if (!principal) return null;
        return signedIn(principal.userId, principal);
      });
    },
    async changePassword(token, currentPassword, newPassword) {
      return guarded(async () => {
        const now = clock();
        const principal = await sessionPrincipal(db, token, now);
        if (!principal) throw appError('AUTH.UNAUTHENTICATED', 'Chưa đăng nhập hoặc phiên đã hết hạn', 'Not signed in, or the session has expired');
        // The audit names the person with their first grant (a person may hold none: then 'system', 'self').
        const g = principal.grants[0];
        const by = {
          actor: { id: principal.userId, role: g?.role ?? ('system' as const), unitCode: g?.unitCode ?? 'self' },
          at: now,
          comment: 'đổi mật khẩu / password change',
        };
        const r = await changePassword(db, principal.userId, currentPassword, newPassword, by);
        if (!r.ok) throw new AppError(r.error);
        const fresh = await openSession(db, principal.userId, now, ttlHours);
        return { token: fresh.token, expiresAt: new Date(fresh.expiresAt), sessionsRevoked: r.value.sessionsRevoked };
      });
    },
    async logout(token) {
      await guarded(() => revokeSession(db, token));
    },
  };
}
