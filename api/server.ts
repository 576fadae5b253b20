/**
 * The HTTP API (Fastify): zod-typed routes, the OpenAPI document generated from those same schemas at
 * /api/openapi.json (browsable at /api/docs), one error body everywhere — unknown routes and framework
 * errors included — and pagination on every list. Routes are Fastify plugins over the application
 * layer (app/); the web UI is one more plugin on the same process.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Application } from '../app';
import { SESSION_COOKIE, tokenOf } from './auth';
import { codedResponse, INTERNAL_ERROR } from './http-errors';
import { auditRoutes } from './routes/audit';
import { dossierRoutes } from './routes/dossiers';
import { obligationRoutes } from './routes/obligations';
import { referenceRoutes } from './routes/reference';
import { reportRoutes } from './routes/reports';
import { sessionRoutes } from './routes/session';
import { obligationsUi } from './ui/obligations';
import { uiPlugin } from './ui/plugin';

export interface ApiOptions {
  logger?: boolean;
  /** Serve the web UI too (default true). */
  ui?: boolean;
}

export async function buildApi(application: Application, options: ApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Dossier ids carry unit paths (percent-encoded, a village's or an OCOP product's id nears Fastify's
    // default of 100): let them through to the route's own schema, which bounds them with a coded error.
    routerOptions: { maxParamLength: 1000 },
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
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onRequest', async (req) => {
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
      const first = error.validation[0]!;
      const where = `${error.validationContext ?? 'body'}${first.instancePath.replace(/\//g, '.')}`;
      return reply.status(400).send({
        error: {
          code: 'INPUT.INVALID',
          messageVi: `Dữ liệu không hợp lệ tại "${where}": ${first.message}`,
          messageEn: `Invalid input at "${where}": ${first.message}`,
          path: where,
          details: { issues: error.validation.map((v) => ({ path: v.instancePath, message: v.message })) },
        },
      });
    }
    const e = error as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500) {
      return reply
        .status(e.statusCode)
        .send({ error: { code: 'HTTP.BAD_REQUEST', messageVi: `Yêu cầu không hợp lệ: ${e.message}`, messageEn: `Bad request: ${e.message}` } });
    }
    req.log.error(error);
    return reply.status(500).send({ error: INTERNAL_ERROR });
  });

  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({
      error: {
        code: 'HTTP.NOT_FOUND',
        messageVi: `Không có địa chỉ ${req.method} ${req.url.split('?')[0]}`,
        messageEn: `No route ${req.method} ${req.url.split('?')[0]}`,
      },
    }),
  );

  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(sessionRoutes, { app: application });
  await app.register(referenceRoutes, { app: application });
  await app.register(dossierRoutes, { app: application });
  await app.register(auditRoutes, { app: application });
  await app.register(reportRoutes, { app: application });
  await app.register(obligationRoutes, { app: application });
  if (options.ui !== false) await app.register(uiPlugin, { app: application });
  if (options.ui !== false) await app.register(obligationsUi, { app: application });
  return app;
}
