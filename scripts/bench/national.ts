/**
 * Benchmark c: national scale. Open dossiers grow through the sizes asked (default 1k, 3k, 10k); at each:
 *   - the API (real Fastify app, real session, loopback HTTP): status of one dossier (GET /api/dossiers/:id,
 *     a workflow Query), the jurisdiction list (GET /api/dossiers, page 1..N of 20) and a report query
 *     (late village dossiers, filtered and counted) — p50/p99 over sequential requests;
 *   - reminder fan-out: every live dossier workflow holds a reminder at the same instant; the time-skipping
 *     server jumps to it and we time until every inbox row is written;
 *   - the worker's peak RSS (VmHWM of the worker child process).
 * Projection rows make up the size; live workflows are all of them unless `liveCap` limits them (then the
 * report says how many were live).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createUser, grantRole } from '../../app/accounts';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { encodeListCursor } from '../../app/read-models';
import type { DbProvider } from '../../prisma/db';
import { getCriteriaSet } from '../../domain/criteria';
import { planDossier, startDossier, statusOf, type DossierDeadline, type DossierInput } from '../../domain/dossier';
import { getPipelineConfig, type Unit } from '../../domain/units';
import { ensureTestServer } from '../../infra/toolchain';
import { DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { bareTimerWorkflow } from './bare-workflow';
import { spawnWorker } from './child-worker';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../../worker/main';
import { benchDatabase, insertRows, ms, percentile, pool, quietRuntime, round, rssOf, waitFor } from './common';
import { provinceUnits } from './province';

export interface NationalOptions {
  sizes: number[];
  /** At most this many live workflows (the rest are projection rows only). */
  liveCap: number;
  requests: number;
  /** The worker's workflow cache (maxCachedWorkflows); default: the product's (worker/main.ts DEFAULT_MAX_CACHED_WORKFLOWS). */
  workerCache?: number;
  /** The application database (default SQLite). */
  provider?: DbProvider;
  log: (line: string) => void;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export interface NationalApi {
  /** GET /api/dossiers/:id of a live dossier (a workflow Query). */
  status?: Latency;
  /** GET /api/dossiers/:id of a dossier read from its projection row (no workflow behind it). */
  statusRow?: Latency;
  /** GET /api/dossiers first page of 20. */
  list: Latency;
  /** GET /api/dossiers?page=N (offset) deep in the list (the second half). */
  listDeepPage: Latency;
  /** GET /api/dossiers?cursor=… (keyset) at the same depths. */
  listDeepCursor: Latency;
  /** Late village dossiers of a commune, filtered and counted (GET /api/dossiers?late=true&unit=…). */
  report: Latency;
  /** GET /api/reports/pipeline for the whole province as of the run's day (counts by stage and district). */
  pipeline: Latency;
  errors: number;
}

export interface NationalStep {
  size: number;
  live: number;
  startSeconds: number;
  api: NationalApi;
  fanOut?: { reminders: number; seconds: number };
  workerPeakRssMiB: number;
  workerRssMiB: number;
}

export interface NationalResult {
  provider: DbProvider;
  liveCap: number;
  workerCache: number;
  steps: NationalStep[];
  /**
   * The fan-out's baseline, same server binary, same run, after the steps: as many bare workflows as the
   * last step had live dossiers (scripts/bench/bare-workflow.ts bareTimerWorkflow: one activity at start,
   * a timer to one shared instant, one no-op activity), on a worker child with the same cache, on a fresh
   * time-skipping server of its own (as the dossiers had theirs: one holding both 20,000 workflows ran out
   * of heap and slowed the second half).
   */
  bareFanOut?: { workflows: number; seconds: number; perSecond: number; dossierPerSecond: number; ratio: number };
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; messageEn: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.messageEn}`);
  return r.value;
}

const DAY = 86_400_000;

export async function runNational(o: NationalOptions): Promise<NationalResult> {
  quietRuntime();
  const maxSize = Math.max(...o.sizes);
  const cache = o.workerCache ?? DEFAULT_MAX_CACHED_WORKFLOWS;
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? (await ensureTestServer());
  const timeSkipping = () =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path } },
      client: { dataConverter: temporalDataConverter() },
    });
  const env = await timeSkipping();
  const provider = o.provider ?? 'sqlite';
  const database = await benchDatabase(provider);
  const db = database.db;
  const taskQueue = `national-${randomUUID()}`;
  const worker = await spawnWorker({
    TEMPORAL_ADDRESS: env.address,
    TASK_QUEUE: taskQueue,
    DATABASE_URL: database.url,
    MAX_CACHED_WORKFLOWS: String(cache),
  });
  let serverUp = true;
  // No rate limit: the bench measures the routes (≈ 1,300 requests a minute from one client would meet the
  // 600-a-minute limit and time 429s).
  const app = await buildApp({ db, temporal: env.client, taskQueue, ttlHours: 12, rateLimit: false });

  /** The bare baseline of the last fan-out (see NationalResult.bareFanOut); the dossier worker stops first. */
  const runBareFanOut = async (dossierFanOut: { reminders: number; seconds: number }, n: number) => {
    await worker.stop();
    await env.teardown();
    serverUp = false;
    const bareEnv = await timeSkipping();
    const bareQueue = `national-bare-${randomUUID()}`;
    const bare = await spawnWorker(
      { TEMPORAL_ADDRESS: bareEnv.address, TASK_QUEUE: bareQueue, DATABASE_URL: database.url, MAX_CACHED_WORKFLOWS: String(cache) },
      60_000,
      'bare',
    );
    try {
      // An hour ahead of this server's clock (its own: no dossier lives on it).
      await db.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS bench_bare_mark (key TEXT PRIMARY KEY)');
      const marks = async (prefix: string) =>
        Number((await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM bench_bare_mark WHERE key LIKE '${prefix}/%'`))[0]!.n);
      const wakeAtMs = (await bareEnv.currentTimeMs()) + 3_600_000;
      const run = randomUUID();
      await pool(n, 32, (i) =>
        bareEnv.client.workflow.start(bareTimerWorkflow, {
          taskQueue: bareQueue,
          workflowId: `bare-fanout-${run}-${i}`,
          args: [{ key: `${run}-${i}`, wakeAtMs }],
        }),
      );
      // Every one has run its first activity (it waits on its timer) before the jump.
      await waitFor(`${n} bare workflows waiting`, async () => (await marks('start')) >= n, 60 * 60_000, 250);
      const t = Date.now();
      const sleeping = bareEnv.sleep(Math.max(0, wakeAtMs + 60_000 - (await bareEnv.currentTimeMs())));
      await waitFor(`${n} bare workflows woken`, async () => (await marks('done')) >= n, 60 * 60_000, 250);
      const seconds = ms(t) / 1000;
      // The jump ends when the server has nothing left to run; bounded, the count above is what is measured.
      await Promise.race([sleeping.catch(() => undefined), new Promise((r) => setTimeout(r, 120_000).unref())]);
      const perSecond = n / seconds;
      const dossierPerSecond = dossierFanOut.reminders / dossierFanOut.seconds;
      o.log(
        `national: bare fan-out of ${n} timers + activities in ${round(seconds, 1)} s (${round(perSecond, 1)}/s); dossier reminders ${round(dossierPerSecond, 1)}/s → ratio ${round(dossierPerSecond / perSecond, 2)}`,
      );
      return {
        workflows: n,
        seconds: round(seconds, 2),
        perSecond: round(perSecond, 1),
        dossierPerSecond: round(dossierPerSecond, 1),
        ratio: round(dossierPerSecond / perSecond, 2),
      };
    } finally {
      await bare.stop();
      await bareEnv.teardown();
    }
  };
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    // Units: Điện Biên's tree with villages synthesised under its real communes, one dossier per village.
    const units = provinceUnits(maxSize);
    await insertRows(
      db,
      provider,
      'Unit',
      ['code', 'level', 'name', 'parentCode'],
      units.map((u) => [u.code, u.level, u.name, u.parentCode]),
    );
    const villages = units.filter((u): u is Unit => u.level === 'village').slice(0, maxSize);
    // Each village's district (its commune's parent), as the projection works it out.
    const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
    const districtOf = new Map(villages.map((v) => [v.code, parentOf.get(v.parentCode ?? '') ?? '']));
    const set = must(getCriteriaSet('village-dien-bien-2022'));
    const pipeline = must(getPipelineConfig('three-tier'));
    const now0 = await env.currentTimeMs();
    const year = new Date(now0).getUTCFullYear() + 1;
    // Each village's ancestry is read from the units above villages (a linear search over 100k would be quadratic).
    const above = units.filter((u) => u.level !== 'village');
    const inputs: DossierInput[] = villages.map((unit) =>
      must(planDossier({ unit, units: [unit, ...above], title: 'village.dat-chuan', planYear: year, set, pipeline })),
    );

    // One deadline per dossier; a reminder point per growth step, at the same instant for every dossier.
    const fireAt = o.sizes.map((_, k) => now0 + (k + 1) * 30 * DAY);
    const deadline: DossierDeadline = {
      id: 'national',
      stage: 'village.submit',
      descriptionVi: 'Nộp hồ sơ đề nghị công nhận thôn, bản đạt chuẩn',
      due: `${year + 1}-12-31`,
      expiresAt: now0 + 400 * DAY,
      schedule: fireAt.map((at, k) => ({ kind: 'before' as const, offsetDays: -1, date: new Date(at).toISOString().slice(0, 10), at, key: `fanout-${k + 1}` })),
    } as DossierDeadline;

    // Signed in as the provincial office: the whole province is its jurisdiction.
    const by = { actor: { id: 'bench', role: 'system' as const, unitCode: 'system' }, at: new Date() };
    const password = `bench-${randomUUID()}`;
    const user = must(await createUser(db, { username: 'vpdp-dien-bien', displayName: 'VPĐP tỉnh Điện Biên', password }, by));
    must(await grantRole(db, { userId: user.id, role: 'provincial_office', unitCode: 'dien-bien' }, by));
    const login = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vpdp-dien-bien', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };

    const template = must(startDossier(inputs[0]!));
    const templateStatus = statusOf(template);
    let live = 0;
    let rows = 0;
    const steps: NationalStep[] = [];
    for (const [k, size] of o.sizes.entries()) {
      const t0 = Date.now();
      // Live workflows first (they write their own projection rows), then plain rows up to the size.
      const liveTarget = Math.min(size, o.liveCap);
      const from = live;
      await pool(Math.max(0, liveTarget - from), 32, async (i) => {
        const d = inputs[from + i]!;
        const input: DossierWorkflowInput = { dossier: d, deadlines: [deadline], maintenance: DEFAULT_MAINTENANCE };
        await env.client.workflow.start('dossierWorkflow', { taskQueue, workflowId: dossierWorkflowId(d.dossierId), args: [input] });
      });
      live = Math.max(live, liveTarget);
      await waitFor(`${live} live dossiers registered`, async () => (await db.dossier.count({ where: { runId: { not: '' } } })) >= live, 60 * 60_000, 500);
      rows = Math.max(rows, live);
      const extra = inputs.slice(rows, size);
      const first = rows;
      // One multi-row INSERT per 500 rows, all in one transaction (scripts/bench/common.ts insertRows).
      await insertRows(
        db,
        provider,
        'Dossier',
        [
          'id',
          'unitCode',
          'title',
          'planYear',
          'criteriaSetId',
          'stage',
          'level',
          'late',
          'state',
          'status',
          'version',
          'workflowId',
          'runId',
          'createdAt',
          'updatedAt',
          // What the projection writes for the pipeline report (store/report-facts.ts): no timeline yet.
          'reportStage',
          'reportLate',
          'districtCode',
        ],
        extra.map((d, j) => {
          const i = first + j;
          const state = { ...template, context: { ...template.context, input: d } };
          const status = { ...templateStatus, dossierId: d.dossierId, unitCode: d.unitCode };
          return [
            d.dossierId,
            d.unitCode,
            d.title,
            d.planYear,
            d.criteriaSetId,
            state.value,
            templateStatus.level,
            i % 7 === 0,
            JSON.stringify(state),
            JSON.stringify(status),
            0,
            // Projection only: no workflow behind it (the API falls back to this row).
            dossierWorkflowId(d.dossierId),
            '',
            new Date(now0),
            // Distinct instants, and a run of equal ones every 100 rows (ties broken by id).
            new Date(now0 + i - (i % 100 < 5 ? i % 100 : 0)),
            state.value,
            i % 7 === 0,
            districtOf.get(d.unitCode) ?? '',
          ];
        }),
      );
      rows = Math.max(rows, size);
      // Statistics as a running database keeps them (autovacuum / PRAGMA optimize), for the planner.
      // On PostgreSQL, until the visibility map covers the table (a VACUUM right after a bulk load can leave
      // it unset), as autovacuum would have by the time anyone asks: index-only scans depend on it.
      if (provider === 'postgresql') {
        for (let pass = 1; pass <= 5; pass++) {
          await db.$executeRawUnsafe('VACUUM ANALYZE "Dossier"');
          const [v] = await db.$queryRawUnsafe<{ pages: number; visible: number }[]>(
            `SELECT relpages::int AS pages, relallvisible::int AS visible FROM pg_class WHERE relname = 'Dossier'`,
          );
          o.log(`national ${size} (postgresql): VACUUM pass ${pass}: ${v?.visible ?? '?'} of ${v?.pages ?? '?'} pages all-visible`);
          if (!v || v.visible >= 0.9 * v.pages) break;
          await new Promise((r) => setTimeout(r, 2000));
        }
      } else await db.$executeRawUnsafe('ANALYZE');
      const startSeconds = ms(t0) / 1000;
      o.log(`national ${size}: ${live} live workflows, ${rows} projection rows (${round(startSeconds)} s)`);

      // API latencies, sequential requests from one client.
      let errors = 0;
      const timed = async (url: string): Promise<number> => {
        const t = performance.now();
        const r = await fetch(url, { headers });
        await r.arrayBuffer();
        if (r.status !== 200) errors += 1;
        return performance.now() - t;
      };
      const lat = async (label: string, f: (i: number) => string, n = o.requests, warm = 10): Promise<Latency> => {
        for (let i = 0; i < warm; i++) await timed(f(i)); // warm-up
        const xs: number[] = [];
        for (let i = 0; i < n; i++) xs.push(await timed(f(i)));
        xs.sort((a, b) => a - b);
        const l = { p50: round(percentile(xs, 50), 1), p99: round(percentile(xs, 99), 1), max: round(xs.at(-1)!, 1), n: xs.length };
        o.log(`national ${size} (${provider}): ${label} p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms (n=${l.n})`);
        return l;
      };
      const pick = (i: number, n: number) => (i * 7919) % n;
      const statusLive =
        live > 0 ? await lat('status (live)', (i) => `${base}/api/dossiers/${encodeURIComponent(inputs[pick(i, live)]!.dossierId)}`) : undefined;
      // (only when some rows have no workflow behind them)
      const statusRow =
        rows > live
          ? await lat('status (row)', (i) => `${base}/api/dossiers/${encodeURIComponent(inputs[live + pick(i, rows - live)]!.dossierId)}`)
          : undefined;
      const list = await lat('list first page', () => `${base}/api/dossiers?pageSize=20`);
      // Deep in the list: pages in its second half, by offset (page=N) and by keyset (the cursor of the
      // row just before that page, as a client walking the list would hold it).
      const pages = Math.max(1, Math.floor(rows / 20));
      const deep = Array.from({ length: 16 }, (_, i) => Math.floor(pages / 2) + pick(i + 1, Math.max(1, Math.ceil(pages / 2))));
      const cursors: string[] = [];
      for (const p of deep) {
        const before = await db.dossier.findMany({
          orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
          skip: Math.max(0, (p - 1) * 20 - 1),
          take: 1,
          select: { updatedAt: true, id: true },
        });
        cursors.push(encodeListCursor(before[0]!));
      }
      const listDeepPage = await lat('list deep page (offset)', (i) => `${base}/api/dossiers?page=${deep[i % deep.length]!}&pageSize=20`);
      const listDeepCursor = await lat(
        'list deep page (cursor)',
        (i) => `${base}/api/dossiers?cursor=${encodeURIComponent(cursors[i % cursors.length]!)}&pageSize=20`,
      );
      const report = await lat(
        'late of a commune',
        (i) => `${base}/api/dossiers?late=true&title=village.dat-chuan&unit=${encodeURIComponent(villages[pick(i, rows)]!.parentCode!)}&page=1&pageSize=50`,
      );
      const asOf = new Date(now0 + DAY).toISOString().slice(0, 10);
      const pipelineReport = await lat(
        'pipeline report',
        () => `${base}/api/reports/pipeline?asOf=${asOf}&year=${year}`,
        Math.max(5, Math.floor(o.requests / 10)),
        2,
      );
      const api: NationalApi = {
        ...(statusLive ? { status: statusLive } : {}),
        ...(statusRow ? { statusRow } : {}),
        list,
        listDeepPage,
        listDeepCursor,
        report,
        pipeline: pipelineReport,
        errors,
      };
      o.log(
        `national ${size} (${provider}): p99 ms — status ${statusLive?.p99 ?? '—'} (live), ${statusRow?.p99 ?? '—'} (row); list ${list.p99}, deep page ${listDeepPage.p99}, deep cursor ${listDeepCursor.p99}; late-of-commune ${report.p99}; pipeline report ${pipelineReport.p99} (${errors} non-200)`,
      );
      if (live === 0) {
        steps.push({
          size,
          live,
          startSeconds: round(startSeconds, 1),
          api,
          workerPeakRssMiB: round(rssOf(worker.pid).peakMiB, 0),
          workerRssMiB: round(rssOf(worker.pid).rssMiB, 0),
        });
        continue;
      }

      // Fan-out: jump to this step's reminder instant; time until every live dossier's inbox row exists.
      const key = `fanout-${k + 1}`;
      const t1 = Date.now();
      const target = fireAt[k]! + 60_000;
      const skip = Math.max(0, target - (await env.currentTimeMs()));
      const sleeping = env.sleep(skip);
      await waitFor(
        `${live} reminders ${key}`,
        async () => (await db.notification.count({ where: { idempotencyKey: { contains: `/national/${key}/` } } })) >= live,
        60 * 60_000,
        250,
      );
      const fanOutSeconds = ms(t1) / 1000;
      await sleeping;
      const rss = rssOf(worker.pid);
      o.log(`national ${size}: fan-out of ${live} reminders in ${round(fanOutSeconds, 1)} s; worker peak RSS ${round(rss.peakMiB, 0)} MiB`);
      steps.push({
        size,
        live,
        startSeconds: round(startSeconds, 1),
        api,
        fanOut: { reminders: live, seconds: round(fanOutSeconds, 2) },
        workerPeakRssMiB: round(rss.peakMiB, 0),
        workerRssMiB: round(rss.rssMiB, 0),
      });
    }
    const last = steps.at(-1);
    const bareFanOut = last?.fanOut ? await runBareFanOut(last.fanOut, last.live) : undefined;
    return { provider, liveCap: o.liveCap, workerCache: cache, steps, ...(bareFanOut ? { bareFanOut } : {}) };
  } finally {
    await app.close();
    await worker.stop();
    if (serverUp) await env.teardown();
    await database.drop();
  }
}
