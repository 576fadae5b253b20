/**
 * The installation id: proof that a database and a Temporal namespace belong together.
 *
 * The database keeps it in the one-row `Installation` table; the Temporal namespace keeps it in the memo
 * of a marker workflow, id `ntm-installation`, started on a task queue no worker polls (so it stays
 * Running forever, costs one history of one event, and needs no workflow code). Why a marker workflow
 * and not a search attribute: a custom search attribute must first be registered on the namespace by an
 * operator (and on the dev server with a start flag), and a search attribute belongs to a workflow anyway;
 * a workflow start needs only the permissions the engine already has, is visible in the Temporal Web UI,
 * lives exactly as long as the Temporal store it is in (a fresh or another store has none), and comes
 * back with that store when it is restored from a backup.
 *
 * `npm start` and every worker call `ensureInstallation` before doing anything else:
 *   neither has an id          → a new installation: the id is written to the database, then the marker.
 *   database only, marker not yet written (a start that stopped in between) → the marker is written.
 *   both, equal                → go.
 *   anything else              → refused (INSTALLATION.MISMATCH), saying which is which and how to fix it.
 * Never a silent mix: the engine does not run dossiers of one database on the workflows of another.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { appError, type AppError } from '../domain/errors';
import type { Db } from '../prisma/db';

export const INSTALLATION_WORKFLOW_ID = 'ntm-installation';
/** Nobody polls it: the marker never runs, it only holds its memo. */
export const INSTALLATION_TASK_QUEUE = 'ntm-installation-marker';
const INSTALLATION_WORKFLOW_TYPE = 'ntmInstallationMarker';

export interface InstallationMarker {
  installationId: string;
  createdAt: string;
  /** The database it was made with, password hidden: for the mismatch message. */
  database: string;
}

export interface InstallationContext {
  db: Db;
  temporal: Client;
  /** For messages and the memo: where the database and Temporal are. */
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  clock?: () => Date;
}

export interface InstallationStatus {
  installationId: string;
  /** new: made now; marked: the marker was written now for an existing id; ok: both agreed already. */
  outcome: 'new' | 'marked' | 'ok';
}

export const redactUrl = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** The id the database holds, if any. */
export async function databaseInstallation(db: Db) {
  return db.installation.findUnique({ where: { id: 1 } });
}

/** The marker in the Temporal namespace, if any (running or closed but still retained). */
export async function temporalInstallation(temporal: Client): Promise<InstallationMarker | undefined> {
  try {
    const d = await temporal.workflow.getHandle(INSTALLATION_WORKFLOW_ID).describe();
    const memo = (d.memo ?? {}) as Partial<InstallationMarker>;
    if (typeof memo.installationId !== 'string') return { installationId: '(không rõ / unknown)', createdAt: '', database: '' };
    return { installationId: memo.installationId, createdAt: String(memo.createdAt ?? ''), database: String(memo.database ?? '') };
  } catch (e) {
    if (e instanceof WorkflowNotFoundError || (e as { name?: string }).name === 'WorkflowNotFoundError') return undefined;
    throw e;
  }
}

async function writeMarker(ctx: InstallationContext, marker: InstallationMarker): Promise<InstallationMarker> {
  try {
    await ctx.temporal.workflow.start(INSTALLATION_WORKFLOW_TYPE, {
      workflowId: INSTALLATION_WORKFLOW_ID,
      taskQueue: INSTALLATION_TASK_QUEUE,
      memo: { ...marker },
      args: [],
    });
    return marker;
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    // Another process wrote it first: take what is there.
    return (await temporalInstallation(ctx.temporal)) ?? marker;
  }
}

function mismatch(ctx: InstallationContext, dbId: string | undefined, marker: InstallationMarker | undefined): AppError {
  const where = `Temporal ${ctx.temporalAddress}, namespace ${ctx.namespace}`;
  const database = redactUrl(ctx.databaseUrl);
  const dbVi = dbId ? `cơ sở dữ liệu ${database} thuộc bản cài đặt ${dbId}` : `cơ sở dữ liệu ${database} chưa thuộc bản cài đặt nào (mới hoặc đã bị thay)`;
  const dbEn = dbId ? `the database ${database} belongs to installation ${dbId}` : `the database ${database} belongs to no installation (new or replaced)`;
  const tVi = marker
    ? `${where} thuộc bản cài đặt ${marker.installationId}${marker.database ? ` (tạo cùng cơ sở dữ liệu ${marker.database}${marker.createdAt ? ` lúc ${marker.createdAt}` : ''})` : ''}`
    : `${where} không có dấu bản cài đặt (kho Temporal mới hoặc của nơi khác)`;
  const tEn = marker
    ? `${where} belongs to installation ${marker.installationId}${marker.database ? ` (made with the database ${marker.database}${marker.createdAt ? ` at ${marker.createdAt}` : ''})` : ''}`
    : `${where} has no installation marker (a new Temporal store, or another one)`;
  return appError(
    'INSTALLATION.MISMATCH',
    `Cơ sở dữ liệu và Temporal không cùng một bản cài đặt: ${dbVi}; ${tVi}. Không chạy để không trộn dữ liệu. ` +
      `Cách sửa: trỏ DATABASE_URL / DATA_DIR và TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE về đúng cặp của nhau, ` +
      `hoặc khôi phục cả hai từ cùng một bản sao lưu (ntm restore và kho Temporal).`,
    `The database and Temporal are not the same installation: ${dbEn}; ${tEn}. Not starting, so nothing is mixed up. ` +
      `To fix: point DATABASE_URL / DATA_DIR and TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE at the pair that belongs together, ` +
      `or restore both from the same backup (ntm restore and Temporal's store).`,
    { path: 'installation' },
  );
}

/** Checks (and on a first start, records) the installation id in both stores; throws INSTALLATION.MISMATCH. */
export async function ensureInstallation(ctx: InstallationContext): Promise<InstallationStatus> {
  const clock = ctx.clock ?? (() => new Date());
  const marker = await temporalInstallation(ctx.temporal);
  let row = await databaseInstallation(ctx.db);
  let created = false;

  if (!row && !marker) {
    try {
      row = await ctx.db.installation.create({ data: { id: 1, installationId: randomUUID(), createdAt: clock() } });
      created = true;
    } catch (e) {
      if ((e as { code?: string }).code !== 'P2002') throw e;
      row = await databaseInstallation(ctx.db);
      if (!row) throw e;
    }
  }
  if (row && !marker && !row.temporalMarkedAt) {
    // The id is in the database but was never written to Temporal (first start, or one that stopped
    // in between): write it now. Once written, a missing marker means another Temporal store.
    const written = await writeMarker(ctx, {
      installationId: row.installationId,
      createdAt: row.createdAt.toISOString(),
      database: redactUrl(ctx.databaseUrl),
    });
    if (written.installationId !== row.installationId) throw mismatch(ctx, row.installationId, written);
    await ctx.db.installation.update({
      where: { id: 1 },
      data: { temporalAddress: ctx.temporalAddress, temporalNamespace: ctx.namespace, temporalMarkedAt: clock() },
    });
    return { installationId: row.installationId, outcome: created ? 'new' : 'marked' };
  }
  if (row && marker && row.installationId === marker.installationId) {
    if (!row.temporalMarkedAt) {
      await ctx.db.installation.update({
        where: { id: 1 },
        data: { temporalAddress: ctx.temporalAddress, temporalNamespace: ctx.namespace, temporalMarkedAt: clock() },
      });
    }
    return { installationId: row.installationId, outcome: 'ok' };
  }
  throw mismatch(ctx, row?.installationId, marker);
}
