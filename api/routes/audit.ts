/**
 * GET /api/dossiers/:id/audit: a dossier's audit trail (AuditRecord rows in chain order, with their
 * hashes), for people who may read it ('audit.read': the dossier's own unit and the levels it passes).
 * Each record keeps its stored fields (to re-verify the hash) and says what it decided (issue 13,
 * domain/audit-view): verdicts, reasons, votes, the decision, documents with hashes, names not ids.
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

const Bi = z.object({ vi: z.string(), en: z.string() });
const StageRef = z.object({ code: z.string(), label: Bi }).nullable();

/** What a record says in words (domain/audit-view AuditFacts). */
export const AuditFactsSchema = z.object({
  atVn: z.string().describe('dd/mm/yyyy HH:mm, Asia/Ho_Chi_Minh'),
  actionLabel: Bi,
  actor: z.object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    roleLabel: Bi,
    department: z.object({ code: z.string(), name: Bi }).nullable(),
    unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  }),
  onBehalf: z.object({ id: z.string(), name: z.string() }).nullable(),
  stage: z.object({ from: StageRef, to: StageRef }),
  verdicts: z.array(z.object({ criterion: z.string(), verdict: z.string(), label: Bi, comment: z.string().nullable() })),
  selfAssessment: z.array(z.object({ criterion: z.string(), met: z.boolean(), label: Bi })),
  reasons: z.array(z.object({ criterion: z.string().nullable(), reason: z.string() })),
  vote: z.object({ inFavour: z.number(), against: z.number(), abstained: z.number(), members: z.array(z.string()), summary: Bi }).nullable(),
  decision: z
    .object({
      number: z.string(),
      date: z.string().describe('dd/mm/yyyy'),
      signer: z.string(),
      outcome: z.string().nullable(),
      outcomeLabel: Bi.nullable(),
      stars: z.number().nullable(),
    })
    .nullable(),
  verification: z
    .object({
      eligible: z.boolean(),
      metCount: z.number(),
      total: z.number(),
      summary: Bi,
      failing: z.array(z.object({ criterion: z.string(), reason: Bi })),
    })
    .nullable(),
  documentRefs: z.array(
    z.object({
      number: z.string().nullable(),
      date: z.string().nullable(),
      issuer: z.string().nullable(),
      title: z.string().nullable(),
      fileName: z.string().nullable(),
      sha256: z.string().nullable(),
    }),
  ),
  comment: z.string().nullable(),
});

export const AuditViewSchema = AuditEntrySchema.extend(AuditFactsSchema.shape);

export const auditRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  fastify.withTypeProvider<ZodTypeProvider>().get(
    '/api/dossiers/:id/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký kiểm toán của hồ sơ / the dossier audit trail (hash-chained, in order)',
        params: z.object({ id: z.string().min(1).max(300) }),
        querystring: PageQuerySchema.extend({ pageSize: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ page: z.number(), pageSize: z.number(), total: z.number(), items: z.array(AuditViewSchema) }), ...errorResponses },
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
