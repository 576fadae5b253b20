import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getCriteriaSet, listCriteriaSets } from '../../domain/criteria';
import type { Application } from '../../app';
import { AppError } from '../../domain/errors';
import { requireUser } from '../auth';
import { errorResponses, PageQuerySchema } from '../schemas';

export const referenceRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const service = application.dossiers;
  r.get(
    '/api/units',
    {
      schema: {
        tags: ['reference'],
        summary: 'Đơn vị hành chính / administrative units',
        querystring: PageQuerySchema.extend({ parent: z.string().optional(), level: z.enum(['province', 'district', 'commune', 'village']).optional() }),
        response: {
          200: z.object({
            page: z.number(),
            pageSize: z.number(),
            total: z.number(),
            items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireUser(req);
      const all = (await service.units())
        .filter((u) => (req.query.parent ? u.parentCode === req.query.parent : true) && (req.query.level ? u.level === req.query.level : true))
        .sort((a, b) => a.code.localeCompare(b.code));
      const { page, pageSize } = req.query;
      return {
        page,
        pageSize,
        total: all.length,
        items: all.slice((page - 1) * pageSize, page * pageSize).map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode })),
      };
    },
  );
  r.get(
    '/api/units/history',
    {
      schema: {
        tags: ['reference'],
        summary: 'Đơn vị theo thời gian: tiền thân, kế thừa, kết quả công nhận và tiêu chí / a unit in time: predecessors, successors, recognitions, marks',
        querystring: z.object({ code: z.string().min(1).max(200) }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (req) => {
      requireUser(req);
      return application.readModels.unitHistory(req.query.code);
    },
  );
  r.get(
    '/api/criteria-sets',
    {
      schema: {
        tags: ['reference'],
        summary: 'Bộ tiêu chí / criteria sets',
        querystring: PageQuerySchema,
        response: {
          200: z.object({
            page: z.number(),
            pageSize: z.number(),
            total: z.number(),
            items: z.array(z.object({ id: z.string(), nameVi: z.string() }).passthrough()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const sets = listCriteriaSets();
      const { page, pageSize } = req.query;
      return {
        page,
        pageSize,
        total: sets.length,
        items: sets
          .slice((page - 1) * pageSize, page * pageSize)
          .map((s) => ({ id: s.id, nameVi: s.nameVi, nameEn: s.nameEn, scope: s.scope, criteria: s.criteria.length })),
      };
    },
  );
  r.get(
    '/api/criteria-sets/:id',
    {
      schema: {
        tags: ['reference'],
        summary: 'Một bộ tiêu chí / one criteria set',
        params: z.object({ id: z.string() }),
        response: { 200: z.unknown(), ...errorResponses },
      },
    },
    async (req) => {
      const s = getCriteriaSet(req.params.id);
      if (!s.ok) throw new AppError(s.error);
      return s.value;
    },
  );
};
