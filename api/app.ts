/** The API process's wiring: database, Temporal client and identity into the HTTP app (and web UI). */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../prisma/db';
import { localIdentity } from './identity';
import { auditRoutes } from './routes/audit';
import { reportRoutes } from './routes/reports';
import { uiPlugin } from './ui/plugin';
import { buildApi } from './server';
import { DossierService } from './service';

export interface AppDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  ttlHours: number;
  clock?: () => Date;
  logger?: boolean;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? (() => new Date());
  const service = new DossierService({ db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, clock });
  const identity = localIdentity(deps.db, clock, deps.ttlHours);
  const plugins = [auditRoutes({ service, db: deps.db, clock }), reportRoutes({ db: deps.db, clock }), uiPlugin({ service, identity, db: deps.db, clock })];
  return buildApi({ service, identity, plugins, logger: deps.logger });
}
