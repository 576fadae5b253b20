/**
 * The Temporal Web UI's codec server (issue 18): with compressed payloads (app/temporal-codec.ts) the UI
 * would show `binary/zlib` bytes; pointed here (`temporal server start-dev --ui-codec-endpoint`, which
 * `npm start` passes, or the UI's own "Codec Server" setting) it shows the JSON.
 *
 *   POST /api/codec/decode  {payloads: [{metadata: {k: base64}, data: base64}]} → the same, uncompressed
 *   POST /codec/encode  the same shape → the payloads as the workers would write them
 *
 * What it decodes is dossier data (names, reasons, votes), so it is not open: the caller must be signed
 * in (session cookie or bearer token) as an administrator ('admin' grant). The UI calls it from the
 * browser with `credentials: include` when told to ("Include cross-origin credentials" in its Codec
 * Server setting), so the session cookie of the NTM UI signed in on the same site goes along. CORS
 * answers only the configured UI origins (TEMPORAL_UI_ORIGINS; default the local dev server's UI).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { codecServer, type PayloadCodecName } from '../../app/temporal-codec';
import { appError } from '../../domain/errors';
import { requireUser } from '../auth';
import { errorResponses } from '../schemas';

export interface CodecRouteOptions {
  /** What /codec/encode writes (TEMPORAL_PAYLOAD_CODEC); /codec/decode always unwraps binary/zlib. */
  payloadCodec: PayloadCodecName;
  /** Browser origins of the Temporal Web UI allowed to call (CORS), e.g. http://127.0.0.1:8233. */
  uiOrigins: string[];
}

const base64 = z
  .string()
  .max(4 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const PayloadSchema = z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() });
const BodySchema = z.object({ payloads: z.array(PayloadSchema).max(10_000) });

const ALLOWED_HEADERS = 'content-type, x-namespace, authorization';

export const codecRoutes: FastifyPluginAsync<CodecRouteOptions> = async (fastify, opts) => {
  const origins = new Set(opts.uiOrigins);
  // CORS for the UI's origins only, on every answer of these routes (errors included: the UI shows them).
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const origin = req.headers.origin;
    void reply.header('vary', 'Origin');
    if (origin && origins.has(origin)) {
      void reply.header('access-control-allow-origin', origin);
      void reply.header('access-control-allow-credentials', 'true');
    }
  });
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  for (const direction of ['decode', 'encode'] as const) {
    r.options(`/api/codec/${direction}`, { schema: { hide: true } }, async (req, reply) => {
      const origin = req.headers.origin;
      if (origin && !origins.has(origin)) {
        throw appError(
          'AUTH.ORIGIN_REFUSED',
          `Nguồn ${origin} không được gọi bộ giải mã (đặt TEMPORAL_UI_ORIGINS)`,
          `Origin ${origin} may not call the codec endpoint (set TEMPORAL_UI_ORIGINS)`,
        );
      }
      return reply
        .status(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send();
    });
    r.post(
      `/api/codec/${direction}`,
      {
        schema: {
          tags: ['operations'],
          summary:
            direction === 'decode'
              ? 'Giải mã dữ liệu Temporal cho Temporal Web UI (quản trị) / decode payloads for the Temporal Web UI (admin)'
              : 'Mã hóa dữ liệu Temporal như worker ghi (quản trị) / encode payloads as the workers write them (admin)',
          body: BodySchema,
          response: { 200: BodySchema, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireUser(req);
        if (!user.principal.grants.some((g) => g.role === 'admin')) {
          throw appError('AUTH.FORBIDDEN', 'Chỉ quản trị hệ thống được giải mã dữ liệu Temporal', 'Only an administrator may decode Temporal payloads');
        }
        return { payloads: await codecServer(direction, req.body.payloads, opts.payloadCodec) };
      },
    );
  }
};
