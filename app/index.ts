/**
 * The application layer, assembled once per process: every use case the API, the web UI, the CLI and
 * the campaign start call. Entry points build it from their configuration and pass it down; nothing
 * under api/ or cli/ queries the database or the Temporal client itself.
 */
import type { Client } from '@temporalio/client';
import type { Principal } from '../domain/access';
import type { Db, DbProvider } from '../prisma/db';
import { readDossierAudit } from './audit';
import { DossierService } from './dossiers';
import { obligationsApp } from './obligations';
import { startCampaign } from './plans';
import { ReadModels } from './read-models';
import { readableScopes, readReport, type ReportRequest } from './reports';
import { localIdentity, type Identity } from './sessions';
import { loadUnits } from '../store/units';

export interface AppDeps {
  db: Db;
  provider?: DbProvider;
  temporal: Client;
  taskQueue: string;
  clock?: () => Date;
  /** Sign-in session lifetime. */
  ttlHours?: number;
}

export function createApplication(deps: AppDeps) {
  const clock = deps.clock ?? (() => new Date());
  const dossiers = new DossierService({ db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, clock });
  const readModels = new ReadModels(deps.db);
  const identity: Identity = localIdentity(deps.db, clock, deps.ttlHours ?? 12);
  return {
    clock,
    dossiers,
    readModels,
    identity,
    audit: {
      dossierTrail: (principal: Principal, dossierId: string) => readDossierAudit(dossiers, deps.db, principal, dossierId, clock()),
    },
    reports: {
      read: (principal: Principal, q: ReportRequest) => readReport(deps.db, principal, clock(), q),
      readableScopes: async (principal: Principal) => readableScopes(principal, await loadUnits(deps.db), clock()),
    },
    obligations: obligationsApp({ db: deps.db, clock, temporal: deps.temporal, taskQueue: deps.taskQueue }),
    campaigns: {
      start: (year: number, unitCode: string) => startCampaign(deps.db, deps.temporal, deps.taskQueue, year, unitCode),
    },
  };
}

export type Application = ReturnType<typeof createApplication>;
