/** The API process's wiring: the application layer (database, Temporal client, identity) into HTTP. */
import type { FastifyInstance } from 'fastify';
import { createApplication, type AppDeps } from '../app';
import { buildApi, type ApiOptions } from './server';

export async function buildApp(deps: AppDeps & Pick<ApiOptions, 'logger' | 'rateLimit' | 'trustProxy' | 'codec'>): Promise<FastifyInstance> {
  return buildApi(createApplication(deps), { logger: deps.logger, rateLimit: deps.rateLimit, trustProxy: deps.trustProxy, codec: deps.codec });
}
