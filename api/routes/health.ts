/**
 * Liveness and readiness for load balancers and orchestrators (issue 18). Neither needs a session, and
 * neither is rate limited (a probe every second from several balancers must not lock itself out).
 *   GET /api/health  the process is alive and its event loop answers: no I/O at all, always 200.
 *   GET /api/ready   the database, Temporal and the installation id (app/readiness.ts), each bounded
 *                    to 1 s: 200 with the checks, or 503 with the coded bilingual body naming which failed.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Application } from '../../app';
import { notReadyError } from '../../app/readiness';
import { ErrorBodySchema } from '../schemas';

/** Routes the session hook and the rate limit leave alone. */
export const PROBE_ROUTES = new Set(['/api/health', '/api/ready']);

const CheckSchema = z.object({ name: z.enum(['database', 'temporal', 'installation']), ok: z.boolean(), ms: z.number() });

export const healthRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['operations'],
        summary: 'Tiến trình còn sống (không truy cập gì) / liveness: the process answers, no I/O',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );
  r.get(
    '/api/ready',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['operations'],
        summary: 'Sẵn sàng phục vụ: cơ sở dữ liệu, Temporal, mã bản cài đặt / readiness: database, Temporal, installation id',
        security: [],
        response: { 200: z.object({ status: z.literal('ready'), checks: z.array(CheckSchema) }), 503: ErrorBodySchema },
      },
    },
    async (_req, reply) => {
      const ready = await application.readiness();
      if (!ready.ready) throw notReadyError(ready);
      return reply.send({ status: 'ready' as const, checks: ready.checks.map(({ name, ok, ms }) => ({ name, ok, ms })) });
    },
  );
};
