/**
 * Periodic reporting obligations over HTTP (issue 16), thin over app/obligations:
 *
 *   GET  /api/obligations?unit=                      obligations owned by a unit (and below)
 *   POST /api/obligations                             create one (body: the obligation as data; refused with its code and field)
 *   POST /api/obligations/:id/control                 pause | resume | change | retire (audited by the workflow)
 *   POST /api/obligations/:id/periods/:period/reports submit (body: reporter, documentRef)
 *   POST /api/obligations/:id/periods/:period/reports/:reporter/{accept,return,resubmit}
 *   GET  /api/obligations/dashboard?office=&format=json|xlsx   who has and has not reported, late ones first
 *   GET  /api/obligations/forecast?office=&year=      the plan-year forecast of the office's registered units
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Application } from '../../app';
import { dashboardWorkbook } from '../../app/obligations';
import { requireUser } from '../auth';
import { errorResponses } from '../schemas';

const Any = z.object({}).passthrough();
const Params = z.object({ id: z.string().min(1).max(200) });
const PeriodParams = Params.extend({ period: z.string().min(1).max(20) });
const ReporterParams = PeriodParams.extend({ reporter: z.string().min(1).max(300) });
const OfficeQuery = z.object({ office: z.string().trim().min(1).max(200).meta({ description: 'Mã đơn vị / the office unit code (dien-bien/tuan-giao)' }) });

export const obligationRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const ob = application.obligations;
  const tags = ['obligations'];

  r.get(
    '/api/obligations',
    {
      schema: {
        tags,
        summary: 'Nghĩa vụ báo cáo định kỳ / reporting obligations',
        querystring: z.object({ unit: z.string().optional() }),
        response: { 200: z.object({ items: z.array(Any) }), ...errorResponses },
      },
    },
    async (req) => {
      requireUser(req);
      return { items: (await ob.list(req.query.unit)) as unknown as Record<string, unknown>[] };
    },
  );

  r.post(
    '/api/obligations',
    { schema: { tags, summary: 'Tạo nghĩa vụ báo cáo / create an obligation', body: z.unknown(), response: { 201: Any, ...errorResponses } } },
    async (req, reply) => {
      const u = requireUser(req);
      const created = await ob.create(u.principal, req.body);
      return reply.status(201).send(created as unknown as Record<string, unknown>);
    },
  );

  r.post(
    '/api/obligations/:id/control',
    {
      schema: {
        tags,
        summary: 'Tạm dừng / tiếp tục / sửa / chấm dứt — pause, resume, change, retire',
        params: Params,
        body: z.object({
          action: z.enum(['pause', 'resume', 'change', 'retire']),
          reasonVi: z.string().trim().min(1).max(2000).optional(),
          definition: z.unknown().optional(),
          requestId: z.string().min(1).max(200).optional(),
        }),
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return (await ob.control(u.principal, req.params.id, req.body)) as unknown as Record<string, unknown>;
    },
  );

  r.post(
    '/api/obligations/:id/periods/:period/reports',
    {
      schema: {
        tags,
        summary: 'Nộp báo cáo kỳ / submit a period report',
        params: PeriodParams,
        body: z.object({ reporter: z.string().min(1).max(300), documentRef: z.string().max(500), requestId: z.string().min(1).max(200).optional() }),
        response: { 201: Any, ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const task = await ob.submit(u.principal, { obligationId: req.params.id, periodKey: req.params.period, ...req.body });
      return reply.status(201).send(task as unknown as Record<string, unknown>);
    },
  );

  for (const action of ['accept', 'return', 'resubmit'] as const) {
    r.post(
      `/api/obligations/:id/periods/:period/reports/:reporter/${action}`,
      {
        schema: {
          tags,
          summary: { accept: 'Tiếp nhận / accept', return: 'Trả lại (nêu lý do) / return with a reason', resubmit: 'Nộp lại / resubmit' }[action],
          params: ReporterParams,
          body: z.object({
            reasonVi: z.string().max(2000).optional(),
            documentRef: z.string().max(500).optional(),
            requestId: z.string().min(1).max(200).optional(),
          }),
          response: { 200: Any, ...errorResponses },
        },
      },
      async (req) => {
        const u = requireUser(req);
        const q = {
          obligationId: req.params.id,
          periodKey: req.params.period,
          reporter: req.params.reporter,
          ...(req.body.requestId ? { requestId: req.body.requestId } : {}),
        };
        const task =
          action === 'accept'
            ? await ob.accept(u.principal, q)
            : action === 'return'
              ? await ob.return(u.principal, { ...q, reasonVi: req.body.reasonVi ?? '' })
              : await ob.resubmit(u.principal, { ...q, documentRef: req.body.documentRef ?? '' });
        return task as unknown as Record<string, unknown>;
      },
    );
  }

  r.get(
    '/api/obligations/dashboard',
    {
      schema: {
        tags,
        summary: 'Ai đã / chưa báo cáo từng kỳ, trễ hạn trước / who has and has not reported, late first',
        querystring: OfficeQuery.extend({ format: z.enum(['json', 'xlsx']).default('json') }),
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const d = await ob.dashboard(u.principal, req.query.office);
      if (req.query.format === 'json') return d as unknown as Record<string, unknown>;
      const buffer = Buffer.from(await dashboardWorkbook(d).xlsx.writeBuffer());
      const ascii = `bao-cao-dinh-ky_${d.office.code.replace(/[^a-z0-9-]+/gi, '-')}_${d.asOf}.xlsx`;
      return reply
        .header('content-disposition', `attachment; filename="${ascii}"`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(buffer as never);
    },
  );

  r.get(
    '/api/obligations/forecast',
    {
      schema: {
        tags,
        summary: 'Dự báo đạt chuẩn của các đơn vị đăng ký / will each registered unit meet its target',
        querystring: OfficeQuery.extend({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: z.object({ plans: z.array(Any) }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return { plans: (await ob.forecast(u.principal, req.query.office, req.query.year)) as unknown as Record<string, unknown>[] };
    },
  );
};
