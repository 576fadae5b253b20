/**
 * Shared pieces of the benchmarks and fault tests: a throwaway Temporal dev server and database, workers
 * (the real dossier bundle or the bare one), history counts, percentiles, RSS sampling.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { freePort, startDevServer, type DevServer } from '../../infra/temporal-dev-server';
import { ensureTemporalCli } from '../../infra/toolchain';
import type { Db, DbProvider } from '../../prisma/db';
import { createScratchDatabase, type ScratchDatabase } from '../../prisma/scratch';
import { workflowBundleOptions } from '../../worker/workflow-bundle';

export const ROOT = join(__dirname, '..', '..');
export const DEFAULT_PG_ADMIN = 'postgresql://postgres@127.0.0.1:55432/postgres';

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

export interface BenchTemporal {
  server: DevServer;
  dataDir: string;
  cliPath: string;
  port: number;
  /** Restart on the same SQLite file (fault tests). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A Temporal dev server in a temporary folder, SQLite file persistence, headless, on loopback. */
export async function startBenchTemporal(): Promise<BenchTemporal> {
  const cliPath = process.env.TEMPORAL_CLI_PATH ?? (await ensureTemporalCli());
  const dataDir = mkdtempSync(join(tmpdir(), 'ntm-bench-temporal-'));
  const port = await freePort();
  const start = () => startDevServer({ cliPath, dataDir, port, headless: true, startTimeoutMs: 120_000, stopGraceMs: 15_000 });
  const t: BenchTemporal = {
    server: await start(),
    dataDir,
    cliPath,
    port,
    async restart() {
      await t.server.stop();
      t.server = await start();
    },
    async stop() {
      await t.server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export type BenchDatabase = ScratchDatabase;

export function benchDatabase(provider: DbProvider, adminUrl = process.env.TEST_DATABASE_URL_POSTGRES ?? DEFAULT_PG_ADMIN): Promise<BenchDatabase> {
  return createScratchDatabase(provider, () => adminUrl, 'ntm-bench');
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
/** The dossier workflows (workflows/) or the bare baseline (scripts/bench/bare-workflow.ts), bundled once each. */
export function bundleFor(which: 'dossier' | 'bare'): Promise<WorkflowBundleWithSourceMap> {
  const path = which === 'dossier' ? require.resolve(join(ROOT, 'workflows')) : require.resolve(join(__dirname, 'bare-workflow'));
  let b = bundles.get(path);
  if (!b) {
    b = bundleWorkflowCode({ ...(which === 'dossier' ? workflowBundleOptions(path) : { workflowsPath: path }), logger: new DefaultLogger('ERROR') });
    bundles.set(path, b);
  }
  return b;
}

/** Counts of a workflow history's event types (e.g. TimerStarted, ActivityTaskScheduled). */
export async function historyCounts(client: Client, workflowId: string): Promise<Record<string, number>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const counts: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const key = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k]);
    const name = key ? key.replace(/EventAttributes$/, '') : String(e.eventType);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  counts.total = history.events?.length ?? 0;
  return counts;
}

/**
 * Bulk rows for seeding a benchmark: multi-row INSERTs of `chunk` rows, all of them in one transaction.
 * Prisma's createMany costs ≈ 0.45 ms a row here (100,000 dossiers and villages took 8–9 min on a loaded
 * machine); one raw statement per chunk costs a tenth of that. Values bind as Prisma binds them (a Date
 * as Prisma stores it on each provider), so the rows read back as if Prisma had written them.
 */
export async function insertRows(
  db: Db,
  provider: DbProvider,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  chunk = 500,
): Promise<void> {
  if (rows.length === 0) return;
  const cols = columns.map((c) => `"${c}"`).join(', ');
  await db.$transaction(
    async (tx) => {
      for (let b = 0; b < rows.length; b += chunk) {
        const part = rows.slice(b, b + chunk);
        let k = 0;
        const values = part.map((r) => `(${r.map(() => (provider === 'postgresql' ? `$${++k}` : '?')).join(', ')})`).join(', ');
        await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${cols}) VALUES ${values}`, ...part.flat());
      }
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Peak resident set (VmHWM) and current RSS of a process, in MiB, from /proc (Linux). */
export function rssOf(pid: number): { peakMiB: number; rssMiB: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN);
    return { peakMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024 };
  } catch {
    return { peakMiB: NaN, rssMiB: NaN };
  }
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight; returns their results in order. */
export async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, n) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      out[i] = await task(i);
    }
  });
  await Promise.all(lanes);
  return out;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const ms = (t0: number) => Date.now() - t0;
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
