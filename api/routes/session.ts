import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Application } from '../../app';
import { requireUser, SESSION_COOKIE, tokenOf } from '../auth';
import { errorResponses, outageResponses } from '../schemas';
import { localDateOf } from '../../domain/calendar';

/** One item of "what I must do next" (domain/next-actions.ts NextAction). */
const NextActionSchema = z.object({
  dossierId: z.string(),
  unitName: z.string(),
  title: z.string(),
  titleVi: z.string(),
  planYear: z.number(),
  action: z.string().describe('the awaited command, e.g. commune.submitted, criterion.reviewed, level.decided'),
  actionVi: z.string(),
  actionEn: z.string(),
  department: z.string().optional(),
  criteria: z.array(z.string()).optional(),
  due: z.string().optional().describe('yyyy-mm-dd'),
  dueVi: z.string().optional().describe('dd/mm/yyyy'),
  countdown: z.enum(['ahead', 'today', 'overdue', 'none']),
  workingDays: z.number().optional().describe('working days left (ahead) or past (overdue)'),
  countdownVi: z.string(),
  countdownEn: z.string(),
  basis: z.object({ kind: z.enum(['plan', 'review-limit']), vi: z.string(), en: z.string() }).optional(),
  suspended: z.object({ since: z.string(), sinceVi: z.string(), remainingWorkingDays: z.number(), vi: z.string(), en: z.string() }).optional(),
});

export const sessionRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const identity = application.identity;
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
      // A wrong credential is 401 (coded by app/sessions); an outage stays an outage (503).
      // Throttled per account and per client address (app/accounts.ts): AUTH.THROTTLED / AUTH.LOCKED → 429.
      const s = await identity.login(req.body.username, req.body.password, { ip: req.ip });
      reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', expires: s.expiresAt });
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
  r.get(
    '/api/me/next',
    {
      schema: {
        tags: ['session'],
        summary: 'Việc tôi phải làm tiếp / what I must do next (due dates in working days, with their basis)',
        response: { 200: z.object({ today: z.string().describe('yyyy-mm-dd, Asia/Ho_Chi_Minh'), items: z.array(NextActionSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const now = application.clock();
      return { today: localDateOf(now.getTime()), items: await application.readModels.nextActions(u.principal, now) };
    },
  );
  r.put(
    '/api/session/password',
    {
      schema: {
        tags: ['session'],
        summary: 'Đổi mật khẩu / change my password (every session of mine ends; a new one is returned)',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string(), sessionsRevoked: z.number() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      requireUser(req);
      const s = await identity.changePassword(tokenOf(req)!, req.body.currentPassword, req.body.newPassword);
      reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', expires: s.expiresAt });
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), sessionsRevoked: s.sessionsRevoked };
    },
  );
  r.delete(
    '/api/session',
    { schema: { tags: ['session'], summary: 'Đăng xuất / sign out', response: { 200: z.object({ ok: z.boolean() }), ...outageResponses } } },
    async (req, reply) => {
      const token = tokenOf(req);
      if (token) await identity.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );
};
