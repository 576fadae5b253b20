/** Local accounts (activities/identity.ts) behind the API's Identity seam. */
import { authenticate, revokeSession, sessionPrincipal } from '../activities/identity';
import type { Db } from '../prisma/db';
import type { Identity, SignedIn } from './server';

export function localIdentity(db: Db, clock: () => Date, ttlHours: number): Identity {
  async function signedIn(userId: string, principal: SignedIn['principal']): Promise<SignedIn | null> {
    const user = await db.user.findUnique({ where: { id: userId } });
    return user ? { userId, username: user.username, displayName: user.displayName, principal } : null;
  }
  return {
    async login(username, password) {
      const r = await authenticate(db, username, password, clock(), ttlHours);
      if (!r.ok) throw r.error;
      const principal = await sessionPrincipal(db, r.value.token, clock());
      const user = principal && (await signedIn(r.value.userId, principal));
      if (!user) throw { code: 'AUTH.BAD_CREDENTIALS', messageVi: 'Tài khoản không hoạt động', messageEn: 'Account inactive' };
      return { token: r.value.token, expiresAt: new Date(r.value.expiresAt), user };
    },
    async whoami(token) {
      const principal = await sessionPrincipal(db, token, clock());
      if (!principal) return null;
      return signedIn(principal.userId, principal);
    },
    async logout(token) {
      await revokeSession(db, token);
    },
  };
}
