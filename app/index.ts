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
import { startCampaign } from './plans';
import { ReadModels } from './read-models';
import { readableScopes, readReport, type ReportRequest } from './reports';
import { localIdentity, type Identity } from './sessions';
import { loadUnits } from '../store/units';
import { claimIdempotencyKey, releaseIdempotencyKey } from '../store/idempotency';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './accounts';

export interface AppDeps {
  db: Db;
  provider?: DbProvider;
  temporal: Client;
  taskQueue: string;
  clock?: () => Date;
  /** Sign-in session lifetime. */
  ttlHours?: number;
  /** Sign-in throttling and lockout (infra/config.ts SIGNIN_*); defaults: DEFAULT_THROTTLE. */
  throttle?: Partial<ThrottlePolicy>;
  /** How long an Idempotency-Key is remembered (hours, default 24). */
  idempotencyTtlHours?: number;
}

export function createApplication(deps: AppDeps) {
  const clock = deps.clock ?? (() => new Date());
  const dossiers = new DossierService({ db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, clock });
  const readModels = new ReadModels(deps.db);
  const identity: Identity = localIdentity(deps.db, clock, deps.ttlHours ?? 12, { ...DEFAULT_THROTTLE, ...deps.throttle });
  const idempotencyTtlHours = deps.idempotencyTtlHours ?? 24;
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
      units: () => loadUnits(deps.db),
    },
    /** Idempotency-Key → request hash (store/idempotency.ts): a key reused with another request is 422. */
    idempotency: {
      claim: (userId: string, key: string, request: unknown) => claimIdempotencyKey(deps.db, userId, key, request, clock(), idempotencyTtlHours),
      release: (userId: string, key: string, request: unknown) => releaseIdempotencyKey(deps.db, userId, key, request),
    },
    campaigns: {
      start: (year: number, unitCode: string) => startCampaign(deps.db, deps.temporal, deps.taskQueue, year, unitCode),
    },
  };
}

export type Application = ReturnType<typeof createApplication>;
