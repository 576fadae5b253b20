/**
 * Who is calling, per request: the session cookie or a bearer token, resolved once by an onRequest hook
 * (api/server.ts) into `req.signedIn`. Routes call `requireUser`.
 */
import type { FastifyRequest } from 'fastify';
import type { SignedIn } from '../app/sessions';
import { appError } from '../domain/errors';

declare module 'fastify' {
  interface FastifyRequest {
    signedIn?: SignedIn;
  }
}

export const SESSION_COOKIE = 'ntm_session';

export function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return req.cookies?.[SESSION_COOKIE];
}

/** Route guard: the signed-in person, or 401 with the bilingual body. */
export function requireUser(req: FastifyRequest): SignedIn {
  if (!req.signedIn) {
    throw appError('AUTH.UNAUTHENTICATED', 'Chưa đăng nhập hoặc phiên đã hết hạn', 'Not signed in, or the session has expired');
  }
  return req.signedIn;
}
