/**
 * Readiness (issue 18): can this process serve requests now? Three checks, each bounded in time so a
 * load balancer's probe never hangs on a dependency that hangs:
 *   database      one trivial query (`SELECT 1`) within 1 s;
 *   temporal      the frontend's GetSystemInfo within 1 s (a gRPC deadline on the client's connection);
 *   installation  (when both answer) the installation id in the database equals the one in the Temporal
 *                 namespace's marker (app/installation.ts), both read within 1 s — a process pointed at a
 *                 mismatched pair, or at a pair never started together, is not ready.
 * Liveness (`/api/health`) is not here: it does no I/O at all.
 */
import type { Client } from '@temporalio/client';
import { appError, isCoded, type AppError, type DomainError } from '../domain/errors';
import type { Db } from '../prisma/db';
import { databaseInstallation, temporalInstallation } from './installation';

export type Dependency = 'database' | 'temporal' | 'installation';

export interface ReadinessCheck {
  name: Dependency;
  ok: boolean;
  /** How long the check took (ms). */
  ms: number;
  error?: DomainError;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

export const READINESS_TIMEOUT_MS = 1000;

const LABEL: Record<Dependency, { vi: string; en: string }> = {
  database: { vi: 'cơ sở dữ liệu', en: 'the database' },
  temporal: { vi: 'máy chủ quy trình (Temporal)', en: 'the workflow server (Temporal)' },
  installation: { vi: 'mã bản cài đặt', en: 'the installation id' },
};

class Timeout extends Error {}

async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Timeout(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const cause = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);

function unavailable(dep: Dependency, e: unknown, ms: number): AppError {
  if (isCoded(e)) return appError(e.code, e.messageVi, e.messageEn, { path: dep, kind: 'unavailable' });
  // Our own bound, or the gRPC deadline we gave the Temporal call (status 4): both are "no answer in time".
  const timedOut = e instanceof Timeout || /DEADLINE_EXCEEDED/.test(cause(e));
  const code = dep === 'database' ? 'DB.UNREACHABLE' : 'TEMPORAL.UNAVAILABLE';
  const { vi, en } = LABEL[dep];
  return appError(
    code,
    timedOut ? `${vi[0]!.toUpperCase()}${vi.slice(1)} không trả lời trong ${ms} ms` : `Không truy cập được ${vi}: ${cause(e)}`,
    timedOut ? `${en[0]!.toUpperCase()}${en.slice(1)} did not answer within ${ms} ms` : `Cannot reach ${en}: ${cause(e)}`,
    { path: dep, details: { cause: cause(e) }, kind: 'unavailable' },
  );
}

export interface ReadinessDeps {
  db: Db;
  temporal: Client;
  timeoutMs?: number;
}

export function readiness(deps: ReadinessDeps): () => Promise<Readiness> {
  const ms = deps.timeoutMs ?? READINESS_TIMEOUT_MS;
  const deadline = () => Date.now() + ms;
  const timed = async (name: Dependency, work: () => Promise<void>): Promise<ReadinessCheck> => {
    const started = performance.now();
    try {
      await within(ms, work);
      return { name, ok: true, ms: Math.round(performance.now() - started) };
    } catch (e) {
      return { name, ok: false, ms: Math.round(performance.now() - started), error: unavailable(name, e, ms).toJSON() };
    }
  };

  return async () => {
    const checks: ReadinessCheck[] = await Promise.all([
      timed('database', async () => {
        await deps.db.$queryRawUnsafe('SELECT 1');
      }),
      timed('temporal', async () => {
        const connection = deps.temporal.connection;
        await connection.withDeadline(deadline(), () => connection.workflowService.getSystemInfo({}));
      }),
    ]);
    if (checks.every((c) => c.ok)) {
      checks.push(
        await timed('installation', async () => {
          const connection = deps.temporal.connection;
          const [row, marker] = await Promise.all([
            databaseInstallation(deps.db),
            connection.withDeadline(deadline(), () => temporalInstallation(deps.temporal)),
          ]);
          const dbId = row?.installationId;
          const markerId = marker?.installationId;
          if (dbId && dbId === markerId) return;
          throw appError(
            'INSTALLATION.MISMATCH',
            `Cơ sở dữ liệu thuộc bản cài đặt ${dbId ?? '(chưa có)'}, Temporal thuộc bản cài đặt ${markerId ?? '(chưa có)'}`,
            `The database belongs to installation ${dbId ?? '(none)'}, Temporal to installation ${markerId ?? '(none)'}`,
          );
        }),
      );
    }
    return { ready: checks.length === 3 && checks.every((c) => c.ok), checks };
  };
}

/** The coded bilingual 503 for a process that is not ready, naming every dependency that failed. */
export function notReadyError(r: Readiness): AppError {
  const failed = r.checks.filter((c) => !c.ok);
  const vi = failed.map((c) => `${LABEL[c.name].vi}: ${c.error?.messageVi ?? ''}`).join('; ');
  const en = failed.map((c) => `${LABEL[c.name].en}: ${c.error?.messageEn ?? ''}`).join('; ');
  return appError('HEALTH.NOT_READY', `Chưa sẵn sàng — ${vi}`, `Not ready — ${en}`, {
    path: failed.map((c) => c.name).join(','),
    details: { failed: failed.map((c) => c.name), checks: r.checks },
    kind: 'unavailable',
  });
}
