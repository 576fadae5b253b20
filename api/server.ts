/**
 * The HTTP API (Fastify): zod-typed routes, the OpenAPI document generated from those same schemas at
 * /api/openapi.json (browsable at /api/docs), one error body everywhere, pagination on every list.
 * The web UI is served by the same process and goes through these routes.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Principal } from '../domain/access';
import { ApiError } from './errors';
import { registerDossierRoutes } from './routes/dossiers';
import { registerSessionRoutes } from './routes/session';
import { registerReferenceRoutes } from './routes/reference';
import type { DossierService } from './service';

export interface SignedIn {
  userId: string;
  username: string;
  displayName: string;
  principal: Principal;
}

/** How the API learns who is calling: sessions from local accounts (an OIDC verifier fits the same seam). */
export interface Identity {
  login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: SignedIn }>;
  whoami(token: string): Promise<SignedIn | null>;
  logout(token: string): Promise<void>;
}

export interface ApiDeps {
  service: DossierService;
  identity: Identity;
  /** Extra route registrations (reports, audit, UI pages) added by their modules. */
  plugins?: ((app: FastifyInstance) => Promise<void> | void)[];
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    signedIn?: SignedIn;
  }
}

export const SESSION_COOKIE = 'ntm_session';

export function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return req.cookies?.[SESSION_COOKIE];
}

/** Route guard: the signed-in person, or 401 with the bilingual body. */
export function requireUser(req: FastifyRequest): SignedIn {
  if (!req.signedIn) {
    throw new ApiError(401, {
      code: 'AUTH.UNAUTHENTICATED',
      messageVi: 'Chưa đăng nhập hoặc phiên đã hết hạn',
      messageEn: 'Not signed in, or the session has expired',
    });
  }
  return req.signedIn;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
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
    if (token) req.signedIn = (await deps.identity.whoami(token)) ?? undefined;
  });

  app.setErrorHandler((error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) return reply.status(error.statusCode).send({ error: error.body });
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
      return reply.status(e.statusCode).send({ error: { code: 'HTTP.BAD_REQUEST', messageVi: `Yêu cầu không hợp lệ: ${e.message}`, messageEn: `Bad request: ${e.message}` } });
    }
    req.log.error(error);
    return reply.status(500).send({ error: { code: 'INTERNAL', messageVi: 'Lỗi hệ thống, đã ghi nhật ký', messageEn: 'Internal error, logged' } });
  });

  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));
  await registerSessionRoutes(app, deps.identity);
  await registerReferenceRoutes(app, deps.service);
  await registerDossierRoutes(app, deps.service);
  for (const p of deps.plugins ?? []) await p(app);
  return app;
}
