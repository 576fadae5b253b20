/**
 * GET /api/dossiers/:id/audit: a dossier's audit trail (AuditRecord rows in chain order, with their
 * hashes), for people who may read it ('audit.read': the dossier's own unit and the levels it passes).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Application } from '../../app';
import { requireUser } from '../auth';
import { errorResponses, PageQuerySchema } from '../schemas';

export const AuditEntrySchema = z.object({
  seq: z.number(),
  eventId: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorRole: z.string(),
  actorUnit: z.string().nullable(),
  onBehalfOf: z.string().nullable(),
  action: z.string(),
  dossierId: z.string().nullable(),
  criterion: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  comment: z.string().nullable(),
  documents: z.string(),
  workflowId: z.string().nullable(),
  runId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  fastify.withTypeProvider<ZodTypeProvider>().get(
    '/api/dossiers/:id/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký kiểm toán của hồ sơ / the dossier audit trail (hash-chained, in order)',
        params: z.object({ id: z.string().min(1).max(300) }),
        querystring: PageQuerySchema.extend({ pageSize: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ page: z.number(), pageSize: z.number(), total: z.number(), items: z.array(AuditEntrySchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const all = await application.audit.dossierTrail(u.principal, req.params.id);
      const { page, pageSize } = req.query;
      return { page, pageSize, total: all.length, items: all.slice((page - 1) * pageSize, page * pageSize) };
    },
  );
};
