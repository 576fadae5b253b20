/** Shared HTTP schemas: the error body and pagination. */
import { z } from 'zod';

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    messageVi: z.string(),
    messageEn: z.string(),
    path: z.string().optional(),
    details: z.unknown().optional(),
  }),
});

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** What a route with no input and no session to require can still answer: the rate limit and an outage. */
export const outageResponses = { 429: ErrorBodySchema, 503: ErrorBodySchema };

/**
 * The error responses every API route can answer, all with the one error body: bad input (400), no or an
 * expired session (401), not allowed (403), unknown (404), a refused move (409), the rate limit or the
 * sign-in throttle (429), the database or Temporal unavailable, read-only or full (503).
 */
export const errorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  ...outageResponses,
};

/** Routes that take an Idempotency-Key add 422: the key reused with another request (IDEMPOTENCY.KEY_REUSED). */
export const keyedErrorResponses = { ...errorResponses, 422: ErrorBodySchema };

const Stamp = { by: z.string(), role: z.string(), at: z.string() };

/** DossierStatus (domain/dossier) as an HTTP schema: the stable status every client reads. */
export const DossierStatusSchema = z.object({
  dossierId: z.string(),
  unitCode: z.string(),
  title: z.string(),
  planYear: z.number(),
  criteriaSetId: z.string(),
  stage: z.string(),
  stageLabel: z.object({ vi: z.string(), en: z.string() }),
  level: z.string(),
  levelUnitCode: z.string(),
  final: z.boolean(),
  awaiting: z.array(z.object({ role: z.string(), unitCode: z.string(), department: z.string().optional(), action: z.string() })),
  pendingReviews: z.array(z.object({ criterion: z.string(), department: z.string() })),
  selfAssessed: z.number(),
  criteriaCount: z.number(),
  late: z.record(z.string(), z.string()),
  lastReturn: z.object({ level: z.string(), at: z.string(), reasons: z.array(z.object({ criterion: z.string(), reason: z.string() })) }).optional(),
  verification: z
    .object({
      eligible: z.boolean(),
      metCount: z.number(),
      total: z.number(),
      failing: z.array(z.object({ criterion: z.string(), reasonVi: z.string(), reasonEn: z.string() })),
      at: z.string(),
    })
    .optional(),
  vote: z.object({ inFavour: z.number(), against: z.number(), abstained: z.number(), members: z.number() }).optional(),
  decision: z
    .object({
      ...Stamp,
      level: z.string(),
      number: z.string(),
      date: z.string(),
      signer: z.string(),
      outcome: z.enum(['recognised', 'refused']),
      reasons: z.array(z.string()),
      stars: z.number().optional(),
    })
    .optional(),
  revocation: z.object({ ...Stamp, number: z.string(), date: z.string(), signer: z.string(), reasons: z.array(z.string()) }).optional(),
  clock: z.object({
    level: z.string(),
    startedAt: z.string().optional(),
    suspendedSince: z.string().optional(),
    suspensions: z.array(z.object({ from: z.string(), to: z.string() })),
  }),
  seq: z.number(),
});
