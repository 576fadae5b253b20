import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CommandSchema } from '../../domain/dossier';
import { TitleIdSchema } from '../../domain/titles';
import { DossierStatusSchema, errorResponses, PageQuerySchema } from '../schemas';
import type { Application } from '../../app';
import { requireUser } from '../auth';

const IdParams = z.object({ id: z.string().min(1).max(300) });
const StatusSchema = DossierStatusSchema;

export const dossierRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const service = application.dossiers;

  r.get(
    '/api/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Hồ sơ trong phạm vi quản lý / dossiers in my jurisdiction',
        querystring: PageQuerySchema.extend({
          stage: z.string().optional(),
          unit: z.string().optional(),
          title: TitleIdSchema.optional(),
          planYear: z.coerce.number().int().min(2000).max(2100).optional(),
          late: z.enum(['true', 'false']).optional(),
        }),
        response: {
          200: z.object({ page: z.number(), pageSize: z.number(), total: z.number(), items: z.array(z.object({ id: z.string() }).passthrough()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const q = req.query;
      return application.readModels.list(u.principal, {
        page: q.page,
        pageSize: q.pageSize,
        stage: q.stage,
        unitPrefix: q.unit,
        title: q.title,
        planYear: q.planYear,
        late: q.late === undefined ? undefined : q.late === 'true',
      });
    },
  );

  r.post(
    '/api/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Mở hồ sơ / open a dossier (one per unit, title and plan year)',
        body: z.object({
          unitCode: z.string().min(1).max(200),
          title: TitleIdSchema,
          planYear: z.number().int().min(2010).max(2100),
          criteriaSetId: z.string().min(1).optional(),
          pipeline: z.enum(['three-tier', 'two-tier']).optional(),
        }),
        response: { 201: StatusSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const status = await service.open(u.principal, req.body);
      return reply.status(201).send(status);
    },
  );

  r.get(
    '/api/dossiers/:id',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Trạng thái và chi tiết hồ sơ / dossier status and detail',
        params: IdParams,
        response: { 200: z.object({ status: StatusSchema, state: z.unknown() }), ...errorResponses },
      },
    },
    async (req) => service.detail(requireUser(req).principal, req.params.id),
  );

  r.post(
    '/api/dossiers/:id/actions',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Thao tác trên hồ sơ / act on a dossier (submit, review, return, approve, forward, vote, decide, revoke)',
        params: IdParams,
        headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }).passthrough(),
        body: CommandSchema,
        response: { 200: StatusSchema, ...errorResponses },
      },
    },
    async (req) => service.act(requireUser(req).principal, req.params.id, req.body, req.headers['idempotency-key']),
  );

  r.get(
    '/api/dossiers/:id/timeline',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Diễn biến hồ sơ, cũ trước / timeline, oldest first, one page at a time',
        params: IdParams,
        querystring: PageQuerySchema,
        response: {
          200: z.object({
            page: z.number(),
            pageSize: z.number(),
            total: z.number(),
            items: z.array(z.object({ eventId: z.string(), seq: z.number(), type: z.string(), at: z.string() }).passthrough()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => service.timelinePage(requireUser(req).principal, req.params.id, req.query.page, req.query.pageSize),
  );

  r.get(
    '/api/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Hộp thư nhắc việc / my reminders and tasks, most urgent first',
        querystring: PageQuerySchema,
        response: {
          200: z.object({ page: z.number(), pageSize: z.number(), total: z.number(), items: z.array(z.object({ id: z.string() }).passthrough()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return application.readModels.inbox(u.principal, u.username, req.query.page, req.query.pageSize);
    },
  );
};
