import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseVnDate } from '../../domain/calendar';
import { CommandSchema } from '../../domain/dossier';
import { AppError } from '../../domain/errors';
import { TitleIdSchema } from '../../domain/titles';
import { DossierStatusSchema, errorResponses, keyedErrorResponses, PageQuerySchema } from '../schemas';
import { AsOfSchema } from './reports';
import type { Application } from '../../app';
import { requireUser } from '../auth';

const DATE_KEYS = new Set(['date', 'due', 'opens']);
const VN_LIKE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/;

/**
 * Dates as officials write them: every `date` (and `due`, `opens`) in a body may be dd/mm/yyyy as well as
 * ISO yyyy-mm-dd; it is turned into ISO before the schema validates. A dd/mm/yyyy that does not exist
 * (31/02/2024) is refused with its field named in both languages.
 */
export function isoDates(value: unknown, path: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => isoDates(v, [...path, String(i)]));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (DATE_KEYS.has(k) && typeof v === 'string' && VN_LIKE.test(v.trim())) {
      const r = parseVnDate(v);
      const where = [...path, k].join('.');
      if (!r.ok) {
        throw new AppError(
          { code: r.error.code, messageVi: `${r.error.messageVi} (trường "${where}")`, messageEn: `${r.error.messageEn} (field "${where}")`, path: where },
          'invalid',
        );
      }
      out[k] = r.value;
    } else {
      out[k] = isoDates(v, [...path, k]);
    }
  }
  return out;
}

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
          cursor: z.string().min(1).max(600).optional().meta({
            description:
              'Trang kế tiếp theo con trỏ: giá trị nextCursor của trang trước (không dùng cùng page) / keyset pagination: the previous page’s nextCursor (not with page)',
          }),
          count: z.enum(['true', 'false']).optional().meta({
            description:
              'true: đếm tổng số hồ sơ khớp (total); mặc định không đếm, total = null / true: count the matching dossiers into `total`; by default not counted (null)',
          }),
        }),
        response: {
          200: z.object({
            page: z.number(),
            pageSize: z.number(),
            total: z.number().nullable().describe('dossiers matching, when asked with count=true; null otherwise'),
            hasMore: z.boolean().describe('whether a next page exists (offset or cursor)'),
            nextCursor: z.string().nullable().describe('cursor of the next page (keyset); null on the last page'),
            items: z.array(z.object({ id: z.string() }).passthrough()),
          }),
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
        cursor: q.cursor,
        count: q.count === 'true',
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
        summary: 'Trạng thái và chi tiết hồ sơ / dossier status and detail (asOf: as it stood at the end of that day)',
        params: IdParams,
        querystring: z.object({
          asOf: AsOfSchema.optional().meta({
            description:
              'dd/mm/yyyy hoặc yyyy-mm-dd: hồ sơ như tại cuối ngày đó, dựng lại từ các sự kiện đã ghi / the dossier as it stood at the end of that day, rebuilt from its recorded events',
          }),
        }),
        response: {
          200: z.object({
            status: StatusSchema,
            state: z.unknown(),
            asOf: z.string().optional().describe('yyyy-mm-dd, when asked for'),
            until: z.string().optional().describe('the last instant included (ISO)'),
            applied: z.number().optional().describe('recorded events replayed'),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const principal = requireUser(req).principal;
      return req.query.asOf ? service.detailAsOf(principal, req.params.id, req.query.asOf) : service.detail(principal, req.params.id);
    },
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
        response: { 200: StatusSchema, ...keyedErrorResponses },
      },
      // dd/mm/yyyy accepted beside ISO: normalised before validation.
      preValidation: async (req) => {
        req.body = isoDates(req.body) as typeof req.body;
      },
    },
    async (req) => {
      const u = requireUser(req);
      const key = req.headers['idempotency-key'];
      if (!key) return service.act(u.principal, req.params.id, req.body);
      // The key is remembered with this request (dossier + command) for IDEMPOTENCY_KEY_TTL_HOURS: the
      // same request again is the same action (Temporal deduplicates the Update by the claim's id); another
      // request under the key is 422 IDEMPOTENCY.KEY_REUSED. A refused action releases its key.
      const request = { dossierId: req.params.id, command: req.body };
      const claim = await application.idempotency.claim(u.userId, key, request);
      try {
        return await service.act(u.principal, req.params.id, req.body, claim.effectId);
      } catch (e) {
        if (claim.outcome === 'new') await application.idempotency.release(u.userId, key, request);
        throw e;
      }
    },
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
            items: z.array(
              z
                .object({
                  eventId: z.string(),
                  seq: z.number(),
                  type: z.string(),
                  at: z.string(),
                  atVn: z.string().describe('dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh'),
                  typeLabel: z.object({ vi: z.string(), en: z.string() }),
                  actorId: z.string(),
                  actorName: z.string(),
                  actorRoleLabel: z.object({ vi: z.string(), en: z.string() }),
                  fromStageLabel: z.object({ vi: z.string(), en: z.string() }),
                  toStageLabel: z.object({ vi: z.string(), en: z.string() }),
                })
                .passthrough(),
            ),
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
