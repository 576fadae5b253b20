/**
 * `npm run bench`: the engine measured against its targets (issue 8). Prints every figure with its ratio
 * to the target and writes bench-results/<date>.json and .md (the table for the README).
 *
 *   npm run bench                      default (~15 min on 2 cores): throughput N=50, province at 10 %,
 *                                      national 1k / 3k / 10k (projection rows; live workflows up to 1k)
 *   npm run bench -- --quick           smoke check (~3 min): tiny sizes
 *   npm run bench -- --pg              throughput and national on PostgreSQL too (TEST_DATABASE_URL_POSTGRES or
 *                                      postgresql://postgres@127.0.0.1:55432/postgres)
 *   npm run bench -- --province-scale=1            the full province (1,606 dossiers; long here)
 *   npm run bench -- --national-live=10000         every national dossier as a live workflow (long here)
 *   --n=<dossiers> --concurrency=<k> --national-sizes=1000,3000,10000 --requests=<per route>
 *   --only=throughput,province,national,history,memory   (history: one commune pipeline's history size;
 *                                      memory: worker memory per cached workflow and the cache trade-off — issue 18)
 *   --national-db=sqlite,postgresql    the national bench's databases (default sqlite; both with --pg)
 *   --memory-live=<n>                  memory: live dossier workflows on one in-process worker (default 300)
 *   --record-history=<file.json>       keep that pipeline's history (tests/fixtures/histories: replayed by the tests)
 *   --worker-cache=<n>                 the national worker's maxCachedWorkflows (default: the SDK's, sized from RAM)
 *   Profile: node --cpu-prof --cpu-prof-dir=bench-results/prof --import tsx scripts/bench.ts --only=province --province-scale=0.05
 *            then npx tsx scripts/bench/profile-summary.ts <the largest .cpuprofile> (one file per thread)
 *
 * Ratio vs target: ≥ 1 means the target is met (actual/target where higher is better, target/actual
 * where lower is better).
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, round } from './bench/common';
import { HISTORY_TARGET_BYTES, runHistory, type HistoryResult } from './bench/history';
import { describeHistorySize } from './bench/history-size';
import { MEMORY_TARGET_KIB, runMemory, type MemoryResult } from './bench/memory';
import { runNational, type Latency, type NationalResult } from './bench/national';
import { runProvince, type ProvinceResult } from './bench/province';
import { runThroughput, type ThroughputResult } from './bench/throughput';

interface Args {
  quick: boolean;
  pg: boolean;
  n: number;
  concurrency: number;
  provinceScale: number;
  nationalSizes: number[];
  nationalLive: number;
  requests: number;
  workerCache?: number;
  nationalDb: ('sqlite' | 'postgresql')[];
  recordHistory?: string;
  memoryLive: number;
  only: Set<string>;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a} (see scripts/bench.ts)`);
    flags.set(m[1]!, m[2] ?? 'true');
  }
  const quick = flags.has('quick');
  const num = (k: string, d: number) => {
    const v = flags.get(k);
    if (v === undefined) return d;
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0 || (x === 0 && k !== 'national-live')) throw new Error(`--${k} must be a positive number`);
    return x;
  };
  return {
    quick,
    pg: flags.has('pg'),
    n: num('n', quick ? 6 : 50),
    concurrency: num('concurrency', quick ? 3 : 10),
    provinceScale: Math.min(1, num('province-scale', quick ? 0.02 : 0.1)),
    nationalSizes: (flags.get('national-sizes') ?? (quick ? '100,300' : '1000,3000,10000')).split(',').map(Number),
    nationalLive: num('national-live', quick ? 300 : 1000),
    requests: num('requests', quick ? 50 : 200),
    workerCache: flags.has('worker-cache') ? num('worker-cache', 0) : undefined,
    nationalDb: (flags.get('national-db') ?? (flags.has('pg') ? 'sqlite,postgresql' : 'sqlite')).split(',').map((p) => {
      if (p !== 'sqlite' && p !== 'postgresql') throw new Error('--national-db must list sqlite and/or postgresql');
      return p;
    }),
    recordHistory: flags.get('record-history'),
    memoryLive: num('memory-live', quick ? 50 : 300),
    only: new Set((flags.get('only') ?? 'throughput,province,national,history,memory').split(',')),
  };
}

function sh(cmd: string): string {
  try {
    return execSync(cmd, { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

interface Row {
  benchmark: string;
  figure: string;
  target: string;
  ratio: number;
}

const higher = (actual: number, target: number) => round(actual / target, 2);
const lower = (actual: number, target: number) => round(target / actual, 2);
const ok = (r: number) => (r >= 1 ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const machine = {
    nproc: sh('nproc'),
    cpu: cpus()[0]?.model ?? '?',
    memGiB: round(totalmem() / 2 ** 30, 1),
    freeAtStartGiB: round(freemem() / 2 ** 30, 1),
    freeG: sh('free -g'),
    node: process.version,
    temporalCli: sh(`${join(ROOT, '.tools', 'bin', 'temporal')} --version`),
    loadAvgAtStart: loadavg().map((x) => round(x, 2)),
  };
  log(
    `machine: ${machine.nproc} cores, ${machine.memGiB} GiB, load ${machine.loadAvgAtStart.join(' ')}; args ${JSON.stringify({ ...args, only: [...args.only] })}`,
  );

  const results: {
    throughput?: ThroughputResult[];
    province?: ProvinceResult;
    national?: NationalResult[];
    history?: Omit<HistoryResult, 'json'>;
    memory?: MemoryResult;
    errors: Record<string, string>;
  } = { errors: {} };
  const rows: Row[] = [];
  const attempt = async (name: string, f: () => Promise<void>) => {
    if (!args.only.has(name)) return;
    const t0 = Date.now();
    try {
      await f();
    } catch (e) {
      results.errors[name] = e instanceof Error ? (e.stack ?? e.message) : String(e);
      log(`✗ ${name}: ${results.errors[name]}`);
    }
    log(`${name}: ${round((Date.now() - t0) / 1000)} s`);
  };

  await attempt('history', async () => {
    const { json, ...r } = await runHistory({ log });
    if (args.recordHistory) writeFileSync(args.recordHistory, json);
    results.history = r;
    for (const line of describeHistorySize(r.size)) log(`history: ${line}`);
    const kb = (b: number) => `${Math.round(b / 102.4) / 10} KB`;
    const c = r.size.byCategory;
    rows.push({
      benchmark: `History of one commune pipeline (${r.updates} updates: submit, reviews, a return, resubmit, forward, council, decision; time-skipping)`,
      figure: `${kb(r.size.bytes)} protobuf (${r.size.events} events; JSON ${kb(r.jsonBytes)}): activity inputs ${kb(c.activityInputs ?? 0)}, activity results ${kb(c.activityResults ?? 0)}, Update inputs ${kb(c.updateInputs ?? 0)}, Update results ${kb(c.updateResults ?? 0)}, markers ${kb(c.markers ?? 0)}, timers ${kb(c.timers ?? 0)}, workflow tasks ${kb(c.workflowTasks ?? 0)}; payload codec: ${r.codec.compressed}/${r.codec.payloads} payloads compressed, ${kb(r.codec.plainBytes)} → ${kb(r.codec.storedBytes)}, CPU decode ${r.codec.decodeMs} ms / encode ${r.codec.encodeMs} ms for all`,
      target: '≤ 100 KB',
      ratio: lower(r.size.bytes, HISTORY_TARGET_BYTES),
    });
  });

  await attempt('memory', async () => {
    const r = await runMemory({ live: args.memoryLive, log });
    results.memory = r;
    rows.push(
      {
        benchmark: `Worker memory per cached dossier workflow (${r.live} live, waiting, on one in-process worker, cache ${r.workerCache}; the tenth started first is the warm-up; after full GC)`,
        figure: `${r.perWorkflowKiB.rss} KiB RSS (RSS ${r.baseline.rssMiB} → ${r.loaded.rssMiB} MiB; main-thread heap ${r.baseline.heapMiB} → ${r.loaded.heapMiB} MiB: the workflows run in the SDK's workflow thread, whose heap only RSS shows)`,
        target: `≤ ${MEMORY_TARGET_KIB} KiB`,
        ratio: lower(r.perWorkflowKiB.rss, MEMORY_TARGET_KIB),
      },
      {
        benchmark: `Workflow cache trade-off: one action on each of ${r.live} dossiers (second round)`,
        figure: r.actionRound.map((x) => `cache ${x.cache}: ${x.seconds} s`).join('; '),
        target: '—',
        ratio: NaN,
      },
    );
  });

  await attempt('throughput', async () => {
    results.throughput = [];
    for (const provider of args.pg ? (['sqlite', 'postgresql'] as const) : (['sqlite'] as const)) {
      const r = await runThroughput({ n: args.n, concurrency: args.concurrency, provider, warmup: 2, rounds: args.quick ? 2 : 4, log });
      results.throughput.push(r);
      rows.push(
        {
          benchmark: `Throughput, dossier pipeline on the dev server (${provider}, N=${r.n}, ${r.concurrency} in flight, ${r.rounds} rounds alternating with bare)`,
          figure: `${r.dossier.perSecond} dossiers/s (${r.dossier.updatesPerSecond} updates/s)`,
          target: '—',
          ratio: NaN,
        },
        {
          benchmark: `Throughput, bare Temporal workflow, same shape (${r.shape.updates} updates, each answered after one no-op activity, ${r.shape.timers} timers; the dossier schedules ${r.shape.activities} activities on the server and records each transition with a local activity)`,
          figure: `${r.bare.perSecond} workflows/s (${r.bare.updatesPerSecond} updates/s)`,
          target: '—',
          ratio: NaN,
        },
        { benchmark: `Throughput ratio dossier / bare (${provider})`, figure: `${r.ratio}`, target: '≥ 0.9', ratio: higher(r.ratio, 0.9) },
      );
    }
  });

  await attempt('province', async () => {
    const r = await runProvince({ scale: args.provinceScale, concurrency: 16, log });
    results.province = r;
    const c = r.counted;
    const kinds = Object.entries(c.notificationsByKind)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    rows.push(
      {
        benchmark: `Province year, time-skipping (${r.dossiers.communes} communes, ${r.dossiers.villages} villages, ${r.dossiers.ocop} OCOP = ${Math.round(r.scale * 100)} % of Điện Biên)`,
        figure: `${r.wallSeconds} s wall, ${r.updates} updates`,
        target: r.scale < 1 ? '≤ 300 s (full size)' : '≤ 300 s',
        ratio: r.scale < 1 ? lower(r.projectedFullSeconds!, 300) : lower(r.wallSeconds, 300),
      },
      ...(r.scale < 1
        ? [
            {
              benchmark: 'Province year, full size projected linearly from the fraction run',
              figure: `≈ ${r.projectedFullSeconds} s`,
              target: '≤ 300 s',
              ratio: lower(r.projectedFullSeconds!, 300),
            },
          ]
        : []),
      {
        benchmark: 'Province year, counted',
        figure: `${c.decisions} decisions (${c.recognised} recognised), ${c.lateDossiers} late; notifications: ${kinds}; ${c.deadlineSummaries} deadline summaries; ${c.auditRecords} audit records, chain ${c.auditChainOk ? 'verifies' : 'BROKEN'}; ${c.duplicateNotificationKeys} duplicate reminder keys`,
        target: 'all counted, 0 duplicates',
        ratio: c.auditChainOk && c.duplicateNotificationKeys === 0 ? 1 : 0,
      },
      ...(r.bare
        ? [
            {
              benchmark: `Province year vs bare workflows of its shape, same server, same run (${r.bare.workflows} workflows, ${r.bare.updates} updates)`,
              figure: `bare ${r.bare.seconds} s vs province ${r.bare.provinceSeconds} s (start and action phases)`,
              target: 'ratio bare / province',
              ratio: r.bare.ratio,
            },
          ]
        : []),
    );
  });

  await attempt('national', async () => {
    results.national = [];
    for (const provider of args.nationalDb) {
      const r = await runNational({
        sizes: args.nationalSizes,
        liveCap: args.nationalLive,
        requests: args.requests,
        workerCache: args.workerCache,
        provider,
        log,
      });
      results.national.push(r);
      for (const s of r.steps) {
        const tag = `${s.size.toLocaleString('en')} open, ${provider} (${s.live.toLocaleString('en')} live workflows, worker cache ${r.workerCache})`;
        const p99 = (what: string, l: Latency | undefined) =>
          l ? [{ benchmark: `National ${tag}: ${what}`, figure: `p50 ${l.p50} ms, p99 ${l.p99} ms`, target: 'p99 < 50 ms', ratio: lower(l.p99, 50) }] : [];
        rows.push(
          ...p99('API status GET /api/dossiers/:id (live workflow, Query)', s.api.status),
          ...p99('API status GET /api/dossiers/:id (projection row)', s.api.statusRow),
          ...p99('API list GET /api/dossiers (first page of 20)', s.api.list),
          ...p99('API list, a deep page by offset (?page=N, second half)', s.api.listDeepPage),
          ...p99('API list, a deep page by keyset (?cursor=…, same depths)', s.api.listDeepCursor),
          ...p99('API report: late dossiers of a commune, counted', s.api.report),
          ...p99('API report GET /api/reports/pipeline (whole province)', s.api.pipeline),
          ...(s.fanOut
            ? [
                {
                  benchmark: `National ${tag}: reminder fan-out at one deadline`,
                  figure: `${s.fanOut.reminders.toLocaleString('en')} reminders in ${s.fanOut.seconds} s`,
                  target: '< 60 s (for all open)',
                  ratio: lower(s.fanOut.seconds * (s.size / Math.max(1, s.live)), 60),
                },
              ]
            : []),
          { benchmark: `National ${tag}: worker peak RSS`, figure: `${s.workerPeakRssMiB} MiB`, target: '< 1024 MiB', ratio: lower(s.workerPeakRssMiB, 1024) },
        );
      }
      if (r.bareFanOut) {
        const b = r.bareFanOut;
        rows.push({
          benchmark: `National, ${provider}: fan-out ratio, dossier reminders / bare timer + no-op activity (${b.workflows.toLocaleString('en')} each, same server, same run)`,
          figure: `${b.dossierPerSecond} / ${b.perSecond} per second (bare: ${b.seconds} s) = ${b.ratio}`,
          target: '≥ 0.8',
          ratio: round(b.ratio / 0.8, 2),
        });
      }
    }
  });

  const date = started.toISOString().slice(0, 10);
  const finished = new Date();
  const md = [
    `# NTM Dossier Engine — benchmarks ${date}`,
    '',
    `Machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memGiB} GiB RAM, Node ${machine.node}, ${machine.temporalCli.split('\n')[0]}; load average at start ${machine.loadAvgAtStart.join(' ')}, at end ${loadavg()
      .map((x) => round(x, 2))
      .join(' ')} (a shared machine: other work ran alongside).`,
    `Run: \`npm run bench -- ${process.argv.slice(2).join(' ')}\` — ${round((finished.getTime() - started.getTime()) / 60000, 1)} min.`,
    '',
    '| Benchmark | Figure | Target | Ratio vs target |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.benchmark} | ${r.figure} | ${r.target} | ${Number.isNaN(r.ratio) ? '—' : `${r.ratio} (${ok(r.ratio)})`} |`),
    '',
    ...(Object.keys(results.errors).length > 0 ? ['Errors:', '', ...Object.entries(results.errors).map(([k, v]) => `- ${k}: ${v.split('\n')[0]}`), ''] : []),
    'Ratio ≥ 1 meets the target. National fan-out ratios scale the measured time to all open dossiers when fewer were live.',
    '',
  ].join('\n');
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${date}.json`),
    JSON.stringify({ date: started.toISOString(), finished: finished.toISOString(), machine, args: { ...args, only: [...args.only] }, results, rows }, null, 2),
  );
  writeFileSync(join(dir, `${date}.md`), md);
  process.stdout.write(`\n${md}\nwritten: bench-results/${date}.json, bench-results/${date}.md\n`);
  if (Object.keys(results.errors).length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
