/** The API process's wiring: the application layer (database, Temporal client, identity) into HTTP. */
import type { FastifyInstance } from 'fastify';
import { createApplication, type AppDeps } from '../app';
import { buildApi } from './server';

export async function buildApp(deps: AppDeps & { logger?: boolean }): Promise<FastifyInstance> {
  return buildApi(createApplication(deps), { logger: deps.logger });
}
