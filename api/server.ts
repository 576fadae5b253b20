/**
 * The HTTP API (Fastify): zod-typed routes, the OpenAPI document generated from those same schemas at
 * /api/openapi.json (browsable at /api/docs), one error body everywhere — unknown routes and framework
 * errors included — and pagination on every list. Routes are Fastify plugins over the application
 * layer (app/); the web UI is one more plugin on the same process.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Application } from '../app';
import { appError } from '../domain/errors';
import { SESSION_COOKIE, tokenOf } from './auth';
import { codedResponse, INTERNAL_ERROR, schemaRefusalBody, type SchemaIssue } from './http-errors';
import { registerMetrics, METRICS_PATH } from './metrics';
import { auditRoutes } from './routes/audit';
import { codecRoutes, type CodecRouteOptions } from './routes/codec';
import { documentRoutes } from './routes/documents';
import { dossierRoutes } from './routes/dossiers';
import { healthRoutes, PROBE_ROUTES } from './routes/health';
import { planRoutes } from './routes/plans';
import { obligationRoutes } from './routes/obligations';
import { referenceRoutes } from './routes/reference';
import { reportRoutes } from './routes/reports';
import { sessionRoutes } from './routes/session';
import { officePlugin } from './ui/office';
import { obligationsUi } from './ui/obligations';
import { uiPlugin } from './ui/plugin';
import { documentsUiPlugin } from './ui/documents';

export interface RateLimitOptions {
  /** Requests per minute per caller: the signed-in account, else the client address (default 600). */
  perMinute?: number;
  /** Sign-in requests (API and web form) per minute per client address (default 30). */
  signInPerMinute?: number;
}

export interface ApiOptions {
  logger?: boolean;
  /** Serve the web UI too (default true). */
  ui?: boolean;
  /** HTTP rate limits (@fastify/rate-limit, in memory per process); false turns them off. */
  rateLimit?: RateLimitOptions | false;
  /** Behind a reverse proxy: Fastify's trustProxy (true, a hop count, or addresses), so req.ip is the client's. */
  trustProxy?: boolean | number | string;
  /** The Temporal Web UI's codec endpoint (/api/codec/*, api/routes/codec.ts); default: zlib, no cross-origin caller. */
  codec?: CodecRouteOptions;
}

const escapeHtml = (t: string): string => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The sign-in routes: a stricter per-address limit on top of the per-account throttle (app/accounts.ts). */
const SIGN_IN_ROUTES = new Set(['POST /api/session', 'POST /ui/sign-in']);

/**
 * Content-Security-Policy for the server-rendered UI: everything from this origin only, no inline script
 * or style (the UI has none: styles are in /ui/assets/style.css, the print button's handler in
 * /ui/assets/ui.js), no plugins, no framing, forms post only here. Swagger UI (/api/docs) sends its own
 * policy with hashes of its inline parts (staticCSP).
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Intranet deployments may serve plain HTTP: do not force https sub-requests.
  upgradeInsecureRequests: null,
};

export async function buildApi(application: Application, options: ApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Dossier ids carry unit paths (percent-encoded, a village's or an OCOP product's id nears Fastify's
    // default of 100): let them through to the route's own schema, which bounds them with a coded error.
    routerOptions: { maxParamLength: 1000 },
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy as boolean } : {}),
    // Errors the framework raises before a route runs (bad URL, over-long parameter, bad content type)
    // get the same coded bilingual body as everything else.
    frameworkErrors: (error, _req, res) => {
      const reply = res as unknown as FastifyReply;
      void reply.status(error.statusCode && error.statusCode < 500 ? error.statusCode : 400).send({
        error: {
          code: `HTTP.${error.code ?? 'BAD_REQUEST'}`,
          messageVi: `Yêu cầu không hợp lệ: ${error.message}`,
          messageEn: `Bad request: ${error.message}`,
        },
      });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(helmet, { contentSecurityPolicy: { directives: CSP_DIRECTIVES }, referrerPolicy: { policy: 'same-origin' } });
  if (options.rateLimit !== false) {
    const limits = { perMinute: 600, signInPerMinute: 30, ...options.rateLimit };
    const limited = (max: number, retryAfterSeconds: number) =>
      appError(
        'HTTP.RATE_LIMITED',
        `Quá nhiều yêu cầu (tối đa ${max} mỗi phút); thử lại sau ${retryAfterSeconds} giây`,
        `Too many requests (at most ${max} a minute); try again in ${retryAfterSeconds} s`,
        { details: { limitPerMinute: max, retryAfterSeconds } },
      );
    // Sign-in routes get their own, stricter limit per client address (set before the plugin reads routes).
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!methods.some((m) => SIGN_IN_ROUTES.has(`${m} ${route.url}`))) return;
      route.config = {
        ...(route.config as object),
        rateLimit: { max: limits.signInPerMinute, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `sign-in:${req.ip}` },
      };
    });
    await app.register(rateLimit, {
      global: true,
      max: limits.perMinute,
      timeWindow: 60_000,
      // Per signed-in account (an office behind one address is many people), else per client address.
      // The session hook below runs first (app-level onRequest hooks precede the route-level one).
      keyGenerator: (req) => (req.signedIn ? `user:${req.signedIn.userId}` : `ip:${req.ip}`),
      errorResponseBuilder: (_req, ctx) => limited(ctx.max, Math.max(1, Math.ceil(ctx.ttl / 1000))),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'NTM Dossier Engine API',
        description: 'Hồ sơ công nhận nông thôn mới / New Rural recognition dossiers. Errors: { error: { code, messageVi, messageEn, path } }.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onRequest', async (req) => {
    // Probes and the metrics scrape need no session and must not depend on the database (issue 18).
    if (req.url === METRICS_PATH || PROBE_ROUTES.has(req.url.split('?')[0] ?? '')) return;
    const token = tokenOf(req);
    if (token) req.signedIn = (await application.identity.whoami(token)) ?? undefined;
  });

  app.setErrorHandler((error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const coded = codedResponse(error);
    if (coded) {
      if (coded.status >= 500) req.log.error(error);
      return reply.status(coded.status).send(coded.body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send(schemaRefusalBody(error.validation as unknown as SchemaIssue[], error.validationContext));
    }
    const e = error as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500) {
      return reply.status(e.statusCode).send({
        error: {
          code: 'HTTP.BAD_REQUEST',
          messageVi: 'Yêu cầu không hợp lệ (định dạng hoặc nội dung không đọc được)',
          messageEn: `Bad request: ${e.message}`,
        },
      });
    }
    req.log.error(error);
    return reply.status(500).send({ error: INTERNAL_ERROR });
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const error = { code: 'HTTP.NOT_FOUND', messageVi: `Không có địa chỉ ${req.method} ${path}`, messageEn: `No route ${req.method} ${path}` };
    // A person who mistypes a page address gets a page; a program gets the coded body.
    if (path.startsWith('/ui') && req.method === 'GET') {
      return reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Không tìm thấy trang / Page not found</title><link rel="stylesheet" href="/ui/assets/style.css"></head><body><main><h1>Không tìm thấy trang <small lang="en">Page not found</small></h1><div class="flash error" role="alert"><p>${escapeHtml(error.messageVi)}</p><p class="gloss" lang="en">${escapeHtml(error.messageEn)}</p></div><p><a href="/ui/">Về bảng theo dõi <span lang="en">Back to the dashboard</span></a></p></main></body></html>`,
        );
    }
    return reply.status(404).send({ error });
  });

  registerMetrics(app);
  await app.register(healthRoutes, { app: application });
  await app.register(sessionRoutes, { app: application });
  await app.register(referenceRoutes, { app: application });
  await app.register(dossierRoutes, { app: application });
  await app.register(auditRoutes, { app: application });
  await app.register(reportRoutes, { app: application });
  await app.register(documentRoutes, { app: application });
  await app.register(codecRoutes, options.codec ?? { payloadCodec: 'zlib', uiOrigins: [] });
  if (options.ui !== false) await app.register(uiPlugin, { app: application });
  if (options.ui !== false) await app.register(documentsUiPlugin, { app: application });
  if (options.ui !== false) await app.register(officePlugin, { app: application });
  await app.register(obligationRoutes, { app: application });
  await app.register(planRoutes, { app: application });
  if (options.ui !== false) await app.register(obligationsUi, { app: application });
  return app;
}
