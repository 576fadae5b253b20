import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../errors';
import { errorResponses } from '../schemas';
import { requireUser, SESSION_COOKIE, tokenOf, type Identity } from '../server';

export async function registerSessionRoutes(app: FastifyInstance, identity: Identity): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Đăng nhập / sign in',
        body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), username: z.string(), displayName: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await identity.login(req.body.username, req.body.password).catch((e: unknown) => {
        const coded = e as { code?: string; messageVi?: string; messageEn?: string };
        throw new ApiError(401, {
          code: coded.code ?? 'AUTH.BAD_CREDENTIALS',
          messageVi: coded.messageVi ?? 'Sai tên đăng nhập hoặc mật khẩu',
          messageEn: coded.messageEn ?? 'Wrong username or password',
        });
      });
      reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'lax', expires: s.expiresAt });
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), username: s.user.username, displayName: s.user.displayName };
    },
  );
  r.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Người đang đăng nhập / who am I',
        response: {
          200: z.object({
            username: z.string(),
            displayName: z.string(),
            grants: z.array(z.object({ role: z.string(), unitCode: z.string(), department: z.string().optional(), delegatedBy: z.string().optional() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return { username: u.username, displayName: u.displayName, grants: u.principal.grants };
    },
  );
  r.delete('/api/session', { schema: { tags: ['session'], summary: 'Đăng xuất / sign out' } }, async (req, reply) => {
    const token = tokenOf(req);
    if (token) await identity.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
}
