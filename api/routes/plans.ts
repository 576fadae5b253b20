/**
 * Plan years over HTTP (issue 14), thin over app/plan-editing:
 *
 *   GET  /api/plans                 the plans this person may manage (with their version token)
 *   GET  /api/plans/:id             one plan
 *   POST /api/plans                 create a plan year (body: { plan, reasonVi? }; dates yyyy-mm-dd or dd/mm/yyyy)
 *   PUT  /api/plans/:id             change it (body: { plan, version, reasonVi? }); a stale version is 409 PLAN.STALE;
 *                                   moved deadlines reach every running dossier (the answer lists them)
 *   POST /api/plans/:id/import      change it from a spreadsheet (body: { filename, contentBase64, version, reasonVi? })
 *   POST /api/plans/:id/campaign    start the plan's campaign (a second start changes nothing)
 *
 * Plan ids hold "/" ("2027:dien-bien/tuan-giao"): send them URL-encoded.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Application } from '../../app';
import { requireUser } from '../auth';
import { errorResponses } from '../schemas';

const Any = z.object({}).passthrough();
const Params = z.object({ id: z.string().min(1).max(300).meta({ description: 'Mã kế hoạch / plan id, e.g. 2027:dien-bien/tuan-giao (URL-encoded)' }) });
const Version = z.string().min(1).max(40).meta({ description: 'updatedAt of the plan as read (ISO): the version token' });
const Reason = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .optional()
  .meta({ description: 'Lý do thay đổi / reason (required when deadlines of running dossiers move)' });
const Saved = z.object({
  plan: Any,
  replanned: z.array(
    z.object({
      dossierId: z.string(),
      unitCode: z.string(),
      outcome: z.enum(['applying', 'replanned', 'refused']),
      messageVi: z.string().optional(),
      messageEn: z.string().optional(),
    }),
  ),
  /** A deadline change is carried by a workflow (durable); follow it at /api/plans/:id/changes/:changeId. */
  change: z.object({ changeId: z.string(), workflowId: z.string() }).optional(),
});
const savedBody = (saved: { plan: unknown; replanned: z.infer<typeof Saved>['replanned']; change?: { changeId: string; workflowId: string } }) => ({
  plan: saved.plan as Record<string, unknown>,
  replanned: saved.replanned,
  ...(saved.change ? { change: saved.change } : {}),
});

export const planRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const plans = application.plans;
  const tags = ['plans'];

  r.get(
    '/api/plans',
    { schema: { tags, summary: 'Kế hoạch năm / plan years', response: { 200: z.object({ items: z.array(Any) }), ...errorResponses } } },
    async (req) => {
      const u = requireUser(req);
      return { items: (await plans.list(u.principal)) as unknown as Record<string, unknown>[] };
    },
  );

  r.get(
    '/api/plans/:id',
    { schema: { tags, summary: 'Một kế hoạch năm / one plan year', params: Params, response: { 200: Any, ...errorResponses } } },
    async (req) => {
      const u = requireUser(req);
      return (await plans.get(u.principal, req.params.id)) as unknown as Record<string, unknown>;
    },
  );

  r.post(
    '/api/plans',
    {
      schema: {
        tags,
        summary: 'Lập kế hoạch năm / create a plan year',
        body: z.object({ plan: z.unknown(), reasonVi: Reason }),
        response: { 201: Any, ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const created = await plans.create(u.principal, req.body.plan, req.body.reasonVi);
      return reply.status(201).send(created as unknown as Record<string, unknown>);
    },
  );

  r.put(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: 'Sửa kế hoạch năm / change a plan year',
        params: Params,
        body: z.object({ plan: z.unknown(), version: Version, reasonVi: Reason }),
        response: { 200: Saved, ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const saved = await plans.save(u.principal, req.params.id, req.body);
      return savedBody(saved);
    },
  );

  r.post(
    '/api/plans/:id/import',
    {
      schema: {
        tags,
        summary: 'Nhập kế hoạch từ bảng tính / change a plan from a spreadsheet (.xlsx, .csv)',
        params: Params,
        body: z.object({
          filename: z
            .string()
            .trim()
            .min(1)
            .max(300)
            .regex(/\.(xlsx|csv)$/i, 'Tệp phải là .xlsx hoặc .csv (file must be .xlsx or .csv)'),
          contentBase64: z.string().min(1).max(14_000_000),
          version: Version,
          reasonVi: Reason,
        }),
        response: { 200: Saved.extend({ rows: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const saved = await plans.importSheet(u.principal, req.params.id, {
        filename: req.body.filename,
        bytes: Buffer.from(req.body.contentBase64, 'base64'),
        version: req.body.version,
        reasonVi: req.body.reasonVi,
      });
      return { ...savedBody(saved), rows: saved.rows };
    },
  );

  r.get(
    '/api/plans/:id/changes/:changeId',
    {
      schema: {
        tags,
        summary: 'Tiến độ áp dụng một thay đổi hạn / progress of a deadline change',
        params: Params.extend({ changeId: z.string().min(1).max(400) }),
        response: {
          200: z.object({
            changeId: z.string(),
            state: z.enum(['waiting', 'applying', 'applied', 'not-recorded']),
            total: z.number().int(),
            delivered: z.array(z.string()),
            closed: z.array(z.string()),
            campaign: z.enum(['delivered', 'not-running', 'pending']),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return plans.changeStatus(u.principal, req.params.id, req.params.changeId);
    },
  );

  r.post(
    '/api/plans/:id/campaign',
    {
      schema: {
        tags,
        summary: 'Bắt đầu chiến dịch của kế hoạch / start the plan’s campaign',
        params: Params,
        response: { 200: z.object({ planId: z.string(), workflowId: z.string(), started: z.boolean(), registrations: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return plans.startCampaign(u.principal, req.params.id);
    },
  );
};
