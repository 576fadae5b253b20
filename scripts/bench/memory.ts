/**
 * Issue 18: the worker's memory per cached dossier workflow. One worker in this process (its workflow
 * cache set explicitly), the time-skipping test server apart: heap and RSS after a full GC with none,
 * then with N live dossier workflows (each registered, waiting for its first action: its state, handlers
 * and timers held in the cache), the difference divided by N. Then the trade-off of a smaller cache:
 * one action on every dossier, twice, with the cache holding all of them and a tenth of them (an evicted
 * workflow replays its history on its next task).
 */
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from '@temporalio/worker';
import { temporalDataConverter } from '../../app/temporal-codec';
import { createActivities } from '../../activities';
import { getCriteriaSet } from '../../domain/criteria';
import { dossierDeadlines, planDossier, type DossierInput } from '../../domain/dossier';
import { DIEN_BIEN_UNITS, getPipelineConfig } from '../../domain/units';
import { timeSkippingEnv } from '../../tests/support/temporal';
import { actBriefUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { benchDatabase, bundleFor, ms, pool, round, waitFor } from './common';
import { actorFor } from './pipeline';
import { must, planFor } from './province';

export const MEMORY_TARGET_KIB = 300;

export interface MemoryResult {
  live: number;
  workerCache: number;
  baseline: { heapMiB: number; rssMiB: number };
  loaded: { heapMiB: number; rssMiB: number };
  perWorkflowKiB: { heap: number; rss: number };
  /** Seconds for one action on every dossier (second round), by cache size. */
  actionRound: { cache: number; seconds: number }[];
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function memory(): { heapMiB: number; rssMiB: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heapMiB: round(m.heapUsed / 2 ** 20, 1), rssMiB: round(m.rss / 2 ** 20, 1) };
}

export async function runMemory(o: { live: number; log: (line: string) => void }): Promise<MemoryResult> {
  // The project's start of the test server (its own start timeout: the SDK's 5 s fail on a loaded machine).
  const env = await timeSkippingEnv();
  const database = await benchDatabase('sqlite');
  const db = database.db;
  const bundle = await bundleFor('dossier');
  const activities = createActivities({ db, provider: 'sqlite' });
  const worker = (taskQueue: string, maxCachedWorkflows: number) =>
    Worker.create({
      connection: env.nativeConnection,
      dataConverter: temporalDataConverter(),
      taskQueue,
      workflowBundle: bundle,
      activities,
      maxCachedWorkflows,
    });
  try {
    const units = DIEN_BIEN_UNITS;
    await db.unit.createMany({ data: units.map((u) => ({ code: u.code, level: u.level, name: u.name, parentCode: u.parentCode })) });
    const communes = units.filter((u) => u.level === 'commune');
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const set = must(getCriteriaSet('commune-ntm-2021-2025'));
    const pipeline = must(getPipelineConfig('three-tier'));
    // N commune dossiers (the communes repeat with distinct ids beyond the province's count).
    const dossiers: DossierInput[] = Array.from({ length: o.live }, (_, i) => {
      const unit = communes[i % communes.length]!;
      const d = must(planDossier({ unit, units, title: 'commune.dat-chuan', planYear: year, set, pipeline }));
      return { ...d, dossierId: `${d.dossierId}#${i}` };
    });
    const input = (d: DossierInput): DossierWorkflowInput => ({
      dossier: d,
      deadlines: dossierDeadlines(planFor(year, units.find((u) => u.code === d.unitCode)!.parentCode!), 'commune.dat-chuan'),
      maintenance: DEFAULT_MAINTENANCE,
    });
    const actRound = (cache: number, ids: readonly DossierInput[]) => async () => {
      const t = Date.now();
      await pool(ids.length, 16, async (i) => {
        const d = ids[i]!;
        const criterion = d.criteria[(Date.now() + i) % d.criteria.length]!;
        await env.client.workflow.getHandle(dossierWorkflowId(d.dossierId)).executeUpdate(actBriefUpdate, {
          args: [
            {
              actor: actorFor({ role: 'commune_official', unitCode: d.unitCode }),
              command: { type: 'self_assessment.recorded', criterion, met: true, indicatorValues: {}, evidence: [] },
              reply: 'brief',
            },
          ],
        });
      });
      return { cache, seconds: round(ms(t) / 1000, 1) };
    };
    const startAll = async (queue: string, ids: readonly DossierInput[], from: number, to: number, registered: number) => {
      await pool(to - from, 16, (k) =>
        env.client.workflow.start('dossierWorkflow', {
          taskQueue: queue,
          workflowId: dossierWorkflowId(ids[from + k]!.dossierId),
          args: [input(ids[from + k]!)],
        }),
      );
      await waitFor(`${registered} dossiers registered`, async () => (await db.dossier.count()) >= registered, 60 * 60_000, 500);
    };

    const cache = o.live + 10;
    const taskQueue = `memory-${randomUUID()}`;
    const w = await worker(taskQueue, cache);
    const result = await w.runUntil(async () => {
      const empty = memory();
      // The first workflows pay once for what every later one shares (the bundle's code compiled, the
      // shared modules, the SDK's and the database's warm-up): measured apart, then the marginal cost.
      const warm = Math.max(1, Math.floor(o.live / 10));
      await startAll(taskQueue, dossiers, 0, warm, warm);
      const baseline = memory();
      const t0 = Date.now();
      await startAll(taskQueue, dossiers, warm, o.live, o.live);
      o.log(`memory: ${o.live - warm} more dossier workflows live in ${round(ms(t0) / 1000, 1)} s (after ${warm} to warm up)`);
      const loaded = memory();
      const n = o.live - warm;
      const perWorkflowKiB = {
        heap: round(((loaded.heapMiB - baseline.heapMiB) * 1024) / n, 0),
        rss: round(((loaded.rssMiB - baseline.rssMiB) * 1024) / n, 0),
      };
      o.log(
        `memory: no workflow: heap ${empty.heapMiB} MiB, RSS ${empty.rssMiB} MiB; ${warm} workflows: ${baseline.heapMiB} / ${baseline.rssMiB} MiB; ${o.live}: ${loaded.heapMiB} / ${loaded.rssMiB} MiB → ${perWorkflowKiB.rss} KiB RSS per further cached workflow (main-thread heap only: the workflows' own heap is in the SDK's workflow thread, in RSS)`,
      );
      await actRound(cache, dossiers)(); // warm
      return { baseline, loaded, perWorkflowKiB, full: await actRound(cache, dossiers)() };
    });
    // As many other dossiers on a worker whose cache holds a tenth of them, on a task queue of their own
    // (handing the first worker's sticky workflows to a new worker stalls the time-skipping server).
    const small = Math.max(1, Math.floor(o.live / 10));
    const rounds = [result.full];
    const others = dossiers.map((d) => ({ ...d, dossierId: `${d.dossierId}#small` }));
    const smallQueue = `memory-small-${randomUUID()}`;
    const w2 = await worker(smallQueue, small);
    rounds.push(
      await w2.runUntil(async () => {
        await startAll(smallQueue, others, 0, others.length, 2 * o.live);
        await actRound(small, others)(); // warm
        return actRound(small, others)();
      }),
    );
    for (const r of rounds) o.log(`memory: one action on each of ${o.live} dossiers with cache ${r.cache}: ${r.seconds} s`);
    return { live: o.live, workerCache: cache, baseline: result.baseline, loaded: result.loaded, perWorkflowKiB: result.perWorkflowKiB, actionRound: rounds };
  } finally {
    await env.teardown();
    await database.drop();
  }
}
