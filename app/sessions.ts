/**
 * Signing in and out, and who is calling: local accounts (app/accounts.ts) behind the Identity seam the
 * API uses (an OIDC verifier fits the same seam). Only a wrong credential is "wrong username or
 * password"; a database outage is an outage (503), never a refusal of the person.
 */
import type { Principal } from '../domain/access';
import { AppError, appError } from '../domain/errors';
import type { Db } from '../prisma/db';
import { authenticate, revokeSession, sessionPrincipal } from './accounts';

export interface SignedIn {
  userId: string;
  username: string;
  displayName: string;
  principal: Principal;
}

export interface Identity {
  login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: SignedIn }>;
  whoami(token: string): Promise<SignedIn | null>;
  logout(token: string): Promise<void>;
}

/** Database failures while signing in are outages: coded, so the edge answers 503 and logs. */
async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw appError('DB.UNREACHABLE', 'Không truy cập được cơ sở dữ liệu; thử lại sau ít phút', 'The database cannot be reached; try again in a few minutes', {
      details: { cause: e instanceof Error ? e.message : String(e) },
    });
  }
}

export function localIdentity(db: Db, clock: () => Date, ttlHours: number): Identity {
  async function signedIn(userId: string, principal: Principal): Promise<SignedIn | null> {
    const user = await db.user.findUnique({ where: { id: userId } });
    return user ? { userId, username: user.username, displayName: user.displayName, principal } : null;
  }
  return {
    async login(username, password) {
      return guarded(async () => {
        const r = await authenticate(db, username, password, clock(), ttlHours);
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
    async logout(token) {
      await guarded(() => revokeSession(db, token));
    },
  };
}
