/**
 * Benchmark a: N commune dossiers through the whole pipeline (self-assessment → recognition decision) on
 * a real Temporal dev server, against the bare workflow with the same number of Updates, timers and
 * (no-op) activities, on the same server, in the same run, with the same concurrency.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporalDataConverter } from '../../app/temporal-codec';
import { createActivities } from '../../activities';
import { DIEN_BIEN_UNITS } from '../../domain/units';
import { dossierDeadlines, type DossierInput } from '../../domain/dossier';
import type { DbProvider } from '../../prisma/db';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { dossierFor, shiftedPlan } from '../../tests/support/plans';
import { bareActUpdate, type BareInput } from './bare-workflow';
import { benchDatabase, bundleFor, historyCounts, ms, pool, quietRuntime, round, startBenchTemporal } from './common';
import { runPipeline } from './pipeline';

export interface ThroughputOptions {
  n: number;
  concurrency: number;
  provider: DbProvider;
  warmup: number;
  /** Alternating rounds of bare and dossier runs (default 4). */
  rounds: number;
  log: (line: string) => void;
}

export interface ThroughputResult {
  n: number;
  rounds: number;
  concurrency: number;
  provider: DbProvider;
  shape: { updates: number; timers: number; activities: number; historyEvents: number; bareHistoryEvents: number };
  dossier: { seconds: number; perSecond: number; updatesPerSecond: number };
  bare: { seconds: number; perSecond: number; updatesPerSecond: number };
  ratio: number;
}

/** N distinct commune dossiers: Điện Biên's communes over successive plan years. */
export function communeDossiers(n: number, firstYear = 2027): { dossier: DossierInput; input: DossierWorkflowInput }[] {
  const communes = DIEN_BIEN_UNITS.filter((u) => u.level === 'commune');
  const plans = new Map<number, ReturnType<typeof shiftedPlan>>();
  return Array.from({ length: n }, (_, i) => {
    const unit = communes[i % communes.length]!;
    const year = firstYear + Math.floor(i / communes.length);
    if (!plans.has(year)) plans.set(year, shiftedPlan(year));
    const dossier = dossierFor(unit.code, 'commune.dat-chuan', 'commune-ntm-2021-2025', year);
    return { dossier, input: { dossier, deadlines: dossierDeadlines(plans.get(year)!, 'commune.dat-chuan'), maintenance: DEFAULT_MAINTENANCE } };
  });
}

export async function runThroughput(o: ThroughputOptions): Promise<ThroughputResult> {
  quietRuntime();
  o.log(`throughput: starting a Temporal dev server (SQLite file) and a ${o.provider} database`);
  const temporal = await startBenchTemporal();
  const database = await benchDatabase(o.provider);
  const connection = await Connection.connect({ address: temporal.server.address });
  const client = new Client({ connection, namespace: 'default', dataConverter: temporalDataConverter() });
  const native = await NativeConnection.connect({ address: temporal.server.address });
  const realQueue = `bench-dossier-${randomUUID()}`;
  const bareQueue = `bench-bare-${randomUUID()}`;
  const realWorker = await Worker.create({
    connection: native,
    dataConverter: temporalDataConverter(),
    taskQueue: realQueue,
    workflowBundle: await bundleFor('dossier'),
    activities: createActivities({ db: database.db, provider: database.provider }),
  });
  const bareWorker = await Worker.create({
    connection: native,
    dataConverter: temporalDataConverter(),
    taskQueue: bareQueue,
    workflowBundle: await bundleFor('bare'),
    activities: { noop: async (seq: number) => seq },
  });
  const running = [realWorker.run(), bareWorker.run()];
  try {
    const all = communeDossiers(o.warmup + o.n);
    const driveReal = async (k: number) => {
      const { dossier, input } = all[k]!;
      const id = dossierWorkflowId(dossier.dossierId);
      const handle = await client.workflow.start('dossierWorkflow', { taskQueue: realQueue, workflowId: id, args: [input] });
      const run = await runPipeline((actor, command) => handle.executeUpdate(actUpdate, { args: [{ actor, command }] }), dossier);
      if (run.status.decision?.outcome !== 'recognised') throw new Error(`${dossier.dossierId} ended at ${run.status.stage}`);
      return run.updates;
    };

    // Shape of one real pipeline, read from its history: what the bare workflow must match.
    o.log('throughput: one dossier pipeline to measure its shape (updates, timers, activities)');
    await driveReal(0);
    const h = await historyCounts(client, dossierWorkflowId(all[0]!.dossier.dossierId));
    const shape: BareInput = {
      updates: h.workflowExecutionUpdateAccepted ?? 0,
      timers: h.timerStarted ?? 0,
      activities: h.activityTaskScheduled ?? 0,
    };
    o.log(`throughput: shape ${JSON.stringify(shape)}, ${h.total} history events`);

    let bareSeq = 0;
    const driveBare = async () => {
      const handle = await client.workflow.start('bareWorkflow', { taskQueue: bareQueue, workflowId: `bare-${bareSeq++}-${randomUUID()}`, args: [shape] });
      for (let s = 1; s <= shape.updates; s++) await handle.executeUpdate(bareActUpdate, { args: [{ seq: s }] });
      return handle;
    };
    const sample = await driveBare();
    await sample.result();
    const bareH = await historyCounts(client, sample.workflowId);

    // Warm-up both (JIT, caches); then rounds alternating bare and dossier, so that whatever else the
    // machine does (and the server database growing) weighs on both alike.
    for (let k = 1; k < o.warmup; k++) {
      await driveReal(k);
      await driveBare();
    }
    const rounds = Math.max(1, Math.min(o.rounds, o.n));
    let bareSeconds = 0;
    let realSeconds = 0;
    let doneReal = 0;
    for (let r = 0; r < rounds; r++) {
      const size = Math.floor(o.n / rounds) + (r < o.n % rounds ? 1 : 0);
      let t0 = Date.now();
      await pool(size, o.concurrency, () => driveBare());
      bareSeconds += ms(t0) / 1000;
      t0 = Date.now();
      const first = o.warmup + doneReal;
      await pool(size, o.concurrency, (i) => driveReal(first + i));
      realSeconds += ms(t0) / 1000;
      doneReal += size;
      o.log(`throughput: round ${r + 1}/${rounds}: ${size} bare, ${size} dossier (cumulative ${round(bareSeconds)} s / ${round(realSeconds)} s)`);
    }

    const per = (s: number) => ({ seconds: round(s, 2), perSecond: round(o.n / s, 2), updatesPerSecond: round((o.n * shape.updates) / s, 1) });
    const result: ThroughputResult = {
      n: o.n,
      rounds: Math.max(1, Math.min(o.rounds, o.n)),
      concurrency: o.concurrency,
      provider: o.provider,
      shape: { ...shape, historyEvents: h.total ?? 0, bareHistoryEvents: bareH.total ?? 0 },
      dossier: per(realSeconds),
      bare: per(bareSeconds),
      ratio: round(bareSeconds / realSeconds, 3),
    };
    o.log(`throughput: dossier ${result.dossier.perSecond}/s, bare ${result.bare.perSecond}/s, ratio ${result.ratio}`);
    return result;
  } finally {
    realWorker.shutdown();
    bareWorker.shutdown();
    await Promise.allSettled(running);
    await native.close();
    await connection.close();
    await temporal.stop();
    await database.drop();
  }
}
