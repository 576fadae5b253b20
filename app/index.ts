/**
 * The application layer, assembled once per process: every use case the API, the web UI, the CLI and
 * the campaign start call. Entry points build it from their configuration and pass it down; nothing
 * under api/ or cli/ queries the database or the Temporal client itself.
 */
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { DossierState } from '../domain/dossier';
import { appError } from '../domain/errors';
import type { Principal } from '../domain/access';
import type { Db, DbProvider } from '../prisma/db';
import { readDossierAudit } from './audit';
import { ensureDailyDigest } from './digest';
import { DossierService } from './dossiers';
import { obligationsApp } from './obligations';
import { startCampaign } from './plans';
import { planEditing } from './plan-editing';
import { ReadModels } from './read-models';
import { readableScopes, readReport, type ReportRequest } from './reports';
import { localIdentity, type Identity } from './sessions';
import { loadUnits } from '../store/units';
import { claimIdempotencyKey, releaseIdempotencyKey } from '../store/idempotency';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './accounts';
import { FsBlobStore, type BlobStore } from '../store/blobs';
import { openBlobStore, type BlobStoreConfig } from '../store/blobs-s3';
import { DocumentService } from './documents';
import { buildPackage } from './package';
import type { SizeLimits } from '../domain/documents';
import { readiness } from './readiness';

/** Issue 17: a read-only or full database → DB.READ_ONLY / DB.FULL (store/db-errors.ts), for the edges' one error mapping. */
export { storageError } from '../store/db-errors';

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
  /**
   * Issue 15: where dossier documents are kept. Absent: documents answer DOCUMENT.STORE_UNCONFIGURED and
   * submissions are not checked for required documents (tests that do not exercise documents).
   * `store` (infra/config.ts documentStore: fs or S3) wins over `dataDir` (fs under <dataDir>/documents).
   */
  documents?: { blobs?: BlobStore; store?: BlobStoreConfig; dataDir?: string; limits?: Partial<SizeLimits>; requireForSubmission?: boolean };
}

export function createApplication(deps: AppDeps) {
  const clock = deps.clock ?? (() => new Date());
  // Issue 15: the document store (content-addressed: the configured fs or S3 store, else <dataDir>/documents)
  // and the submission check.
  const d = deps.documents;
  const blobs = d?.blobs ?? (d?.store ? openBlobStore(d.store) : d?.dataDir ? new FsBlobStore(join(d.dataDir, 'documents')) : undefined);
  let documents: DocumentService | undefined;
  const dossiers = new DossierService({
    db: deps.db,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    clock,
    ...(blobs && deps.documents?.requireForSubmission !== false
      ? { requiredDocuments: (action: string, id: string, state: DossierState) => documents!.assertRequired(action, id, state) }
      : {}),
  });
  documents = blobs
    ? new DocumentService({ db: deps.db, provider: deps.provider, blobs, limits: deps.documents?.limits, clock, dossierState: (id) => dossiers.state(id) })
    : undefined;
  const documentsOrThrow = (): DocumentService => {
    if (!documents) {
      throw appError('DOCUMENT.STORE_UNCONFIGURED', 'Chưa cấu hình kho lưu trữ văn bản (DATA_DIR)', 'No document store is configured (DATA_DIR)', {
        kind: 'unavailable',
      });
    }
    return documents;
  };
  const readModels = new ReadModels(deps.db, deps.provider);
  const identity: Identity = localIdentity(deps.db, clock, deps.ttlHours ?? 12, { ...DEFAULT_THROTTLE, ...deps.throttle });
  const idempotencyTtlHours = deps.idempotencyTtlHours ?? 24;
  return {
    clock,
    dossiers,
    readModels,
    identity,
    documents: documentsOrThrow,
    /** Issue 15: the dossier package (ZIP), for whoever may read the dossier's documents. */
    dossierPackage: async (principal: Principal, dossierId: string): Promise<Buffer> => {
      const docs = documentsOrThrow();
      await docs.list(principal, dossierId);
      return buildPackage(deps.db, docs, dossierId, await dossiers.state(dossierId), clock());
    },
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
    obligations: obligationsApp({ db: deps.db, clock, temporal: deps.temporal, taskQueue: deps.taskQueue }),
    /** Issue 18: is this process ready (database, Temporal, installation id), each check bounded (app/readiness.ts). */
    readiness: readiness({ db: deps.db, temporal: deps.temporal }),
    campaigns: {
      start: (year: number, unitCode: string) => startCampaign(deps.db, deps.temporal, deps.taskQueue, year, unitCode),
    },
    /** Issue 13: the daily digest workflow, started once by its id (idempotent). */
    digest: { ensure: () => ensureDailyDigest(deps.temporal, deps.taskQueue) },
    /** Issue 14: plan years as the offices edit them (form, spreadsheet), audited, versioned, re-planning running dossiers. */
    plans: planEditing({ db: deps.db, provider: deps.provider, temporal: deps.temporal, taskQueue: deps.taskQueue, clock }),
  };
}

export type Application = ReturnType<typeof createApplication>;
