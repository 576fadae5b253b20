/**
 * Worker start time and steady RSS, with the prebuilt workflow bundle (npm run workflow-bundle) and
 * without it (WORKFLOW_BUNDLE=off: webpack at every start, as before). Standalone worker processes
 * (worker/main.ts) against a throwaway dev server and SQLite database, alternating the two ways.
 *
 *   npx tsx scripts/cluster/worker-start.ts [--runs=3] [--settle=10]
 *
 * start = spawn to the worker's ready line (Worker.create done, polling); RSS after `settle` seconds
 * idle (VmRSS), and the peak (VmHWM, the start's high-water mark).
 */
import { randomUUID } from 'node:crypto';
import { round, startBenchTemporal } from '../bench/common';
import { createScratchDatabase } from '../../prisma/scratch';
import { buildWorkflowBundle } from '../../worker/workflow-bundle';
import { spawnWorkerProcess } from './processes';

async function main(): Promise<void> {
  const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d);
  const runs = arg('runs', 3);
  const settle = arg('settle', 10);
  const b = await buildWorkflowBundle();
  process.stdout.write(`bundle ${b.built ? `built in ${round(b.ms / 1000)} s` : `up to date (${b.ms} ms check)`}\n`);
  const temporal = await startBenchTemporal();
  const db = await createScratchDatabase('sqlite', () => '', 'ntm-worker-start');
  const rows: { mode: string; startMs: number; rssMiB: number; peakMiB: number }[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      for (const mode of ['prebuilt', 'off'] as const) {
        const w = await spawnWorkerProcess(`worker-${mode}-${r}`, {
          TEMPORAL_ADDRESS: temporal.server.address,
          DATABASE_URL: db.url,
          TASK_QUEUE: `start-${randomUUID().slice(0, 8)}`,
          ...(mode === 'off' ? { WORKFLOW_BUNDLE: 'off' } : {}),
        });
        await new Promise((res) => setTimeout(res, settle * 1000));
        const m = w.rss();
        rows.push({ mode, startMs: w.startMs, rssMiB: round(m.rssMiB), peakMiB: round(m.peakMiB) });
        process.stdout.write(
          `${mode.padEnd(9)} run ${r + 1}: start ${w.startMs} ms, RSS ${round(m.rssMiB)} MiB after ${settle} s (peak ${round(m.peakMiB)} MiB)\n`,
        );
        await w.stop();
      }
    }
  } finally {
    await temporal.stop();
    await db.drop();
  }
  const summary = (mode: string) => {
    const xs = rows.filter((x) => x.mode === mode);
    const med = (k: 'startMs' | 'rssMiB' | 'peakMiB') => xs.map((x) => x[k]).sort((a, c) => a - c)[Math.floor(xs.length / 2)]!;
    return { mode, runs: xs.length, medianStartMs: med('startMs'), medianRssMiB: med('rssMiB'), medianPeakMiB: med('peakMiB') };
  };
  process.stdout.write(`\n${JSON.stringify([summary('prebuilt'), summary('off')], null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`worker-start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
