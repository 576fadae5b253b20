/**
 * `npm run cluster:prove`: the distributed engine, end to end, on one machine. A private PostgreSQL;
 * the real Temporal server (all four services) on it, provisioned by the project; the app database
 * migrated on the same PostgreSQL; two standalone worker processes and two API processes, exactly as a
 * scale-out deployment starts them. N commune dossiers are driven to recognition through the Temporal
 * client (the `dossier.act` Update), with reminders falling due during the run, and one worker is
 * SIGKILLed mid-run. Then: every dossier recognised (workflow, projection, and read through both APIs),
 * one audit row per event, the audit chain verifies, no reminder twice, worker logs are JSON with
 * workflow ids, worker metrics are served. Prints figures and a verdict; exits 1 on any failure.
 *
 *   npm run cluster:prove                         N=20 pipelines, 5 in flight, bare-workflow comparison
 *   npm run cluster:prove -- --n=50 --concurrency=10
 *   npm run cluster:prove -- --no-compare         skip the bare-workflow cluster vs dev server figures
 *   --kill-at=0.35 (fraction of pipelines done when worker 1 is killed)  --bare-n=20
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporalDataConverter } from '../../app/temporal-codec';
import { createUser, grantRole, type ChangeContext } from '../../app/accounts';
import { verifyAuditChain } from '../../store/audit-chain';
import type { DossierDeadline } from '../../domain/dossier';
import { startLocalPostgres, type LocalPostgres } from '../../infra/postgres';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp-sink';
import { startTemporalCluster, type TemporalCluster } from '../../infra/temporal-cluster';
import { freePort } from '../../infra/temporal-dev-server';
import { consoleReporter, ensureTemporalServer, formatToolchainError, isToolchainError } from '../../infra/toolchain';
import { createDb, type Db } from '../../prisma/db';
import { applyMigrations } from '../../prisma/migrate';
import { seedReferenceData } from '../../app/seed';
import { actUpdate, dossierWorkflowId, statusQuery } from '../../workflows/definitions';
import { seedStaff } from '../../tests/support/people';
import { bareActUpdate, type BareInput } from '../bench/bare-workflow';
import { bundleFor, historyCounts, pool, quietRuntime, round, startBenchTemporal, waitFor } from '../bench/common';
import { runPipeline, type Act } from '../bench/pipeline';
import { communeDossiers } from '../bench/throughput';
import { spawnApiProcess, spawnWorkerProcess, type EngineProcess } from './processes';

interface Args {
  n: number;
  concurrency: number;
  killAt: number;
  compare: boolean;
  bareN: number;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a} (see scripts/cluster/prove.ts)`);
    flags.set(m[1]!, m[2] ?? 'true');
  }
  const num = (k: string, d: number) => {
    const v = flags.get(k);
    if (v === undefined) return d;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`--${k} must be a positive number`);
    return x;
  };
  return {
    n: num('n', 20),
    concurrency: num('concurrency', 5),
    killAt: Math.min(0.9, num('kill-at', 0.35)),
    compare: !flags.has('no-compare'),
    bareN: num('bare-n', 20),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => round(ms / 1000, 1);
const PASSWORD = 'mat-khau-cum-may-chu-2027';

interface Check {
  what: string;
  ok: boolean;
  detail?: string;
}

interface BareResult {
  workflows: number;
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  workflowsPerSecond: number;
}

/** N bare workflows (scripts/bench/bare-workflow.ts) of the dossier's shape through `address`, worker in this process. */
async function runBare(address: string, n: number, concurrency: number, shape: BareInput): Promise<BareResult> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, dataConverter: temporalDataConverter() });
  const native = await NativeConnection.connect({ address });
  const taskQueue = `bare-${randomUUID()}`;
  const worker = await Worker.create({
    connection: native,
    dataConverter: temporalDataConverter(),
    taskQueue,
    workflowBundle: await bundleFor('bare'),
    activities: { noop: async (seq: number) => seq },
  });
  const running = worker.run();
  try {
    const drive = async () => {
      const handle = await client.workflow.start('bareWorkflow', { taskQueue, workflowId: `bare-${randomUUID()}`, args: [shape] });
      for (let s = 1; s <= shape.updates; s++) await handle.executeUpdate(bareActUpdate, { args: [{ seq: s }] });
      await handle.result();
    };
    await pool(2, 2, drive); // warm-up
    const t0 = Date.now();
    await pool(n, concurrency, drive);
    const seconds = (Date.now() - t0) / 1000;
    return {
      workflows: n,
      updates: n * shape.updates,
      seconds: round(seconds, 2),
      updatesPerSecond: round((n * shape.updates) / seconds, 1),
      workflowsPerSecond: round(n / seconds, 2),
    };
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await native.close();
    await connection.close();
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const T0 = Date.now();
  const say = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const reporter = consoleReporter();
  const figures: Record<string, unknown> = {};
  const checks: Check[] = [];
  const check = (what: string, ok: boolean, detail?: string) => {
    checks.push({ what, ok, detail });
    say(`${ok ? '✔' : '✘'} ${what}${detail ? ` — ${detail}` : ''}`);
  };
  const stops: (() => Promise<unknown>)[] = [];
  quietRuntime();

  let pg: LocalPostgres | undefined;
  let cluster: TemporalCluster | undefined;
  let db: Db | undefined;
  let smtp: SmtpSink | undefined;
  const workers: EngineProcess[] = [];
  const apis: EngineProcess[] = [];
  try {
    // 1. Binaries (cached, or one Go build).
    let t = Date.now();
    const binaries = await ensureTemporalServer({ ...reporter });
    figures.serverBinaries = { from: binaries.from, version: binaries.version, seconds: secs(Date.now() - t) };
    say(`Temporal server: ${binaries.server} (${binaries.version}, ${binaries.from}, ${secs(Date.now() - t)} s)`);

    // 2. PostgreSQL, then the Temporal cluster on it.
    t = Date.now();
    pg = await startLocalPostgres({ database: 'ntm_app', log: say });
    stops.push(() => pg!.stop());
    figures.postgresStartSeconds = secs(Date.now() - t);
    t = Date.now();
    cluster = await startTemporalCluster({ pg, binaries, log: say, keepLogs: false });
    stops.push(() => cluster!.stop());
    figures.cluster = {
      address: cluster.address,
      schemaSeconds: secs(cluster.timings.schemaMs),
      serverStartSeconds: secs(cluster.timings.startMs),
      totalSeconds: secs(Date.now() - t),
    };

    // 3. The app database on the same PostgreSQL: migrations, reference data, staff for reminders, an inspector for the API.
    t = Date.now();
    const m = await applyMigrations(pg.url);
    db = createDb(pg.url);
    const now = new Date();
    await seedReferenceData(db, now);
    const all = communeDossiers(args.n);
    await seedStaff(
      db,
      all.map(({ dossier }, i) => ({ username: `xa-${i}`, role: 'commune_official', unitCode: dossier.unitCode, email: `xa-${i}@ntm.local` })),
    );
    const by: ChangeContext = { actor: { id: 'system', role: 'system', unitCode: 'dien-bien' }, at: now, comment: 'cluster:prove' };
    const inspector = await createUser(db, { username: 'thanh-tra', displayName: 'Thanh tra tỉnh', email: 'thanh-tra@ntm.local', password: PASSWORD }, by);
    if (!inspector.ok) throw new Error(`${inspector.error.code}: ${inspector.error.messageEn}`);
    const g = await grantRole(db, { userId: inspector.value.id, role: 'inspector', unitCode: 'dien-bien' }, by);
    if (!g.ok) throw new Error(`${g.error.code}: ${g.error.messageEn}`);
    say(`App database migrated (${m.applied.length} migrations) and seeded in ${secs(Date.now() - t)} s`);

    smtp = await startSmtpSink();
    stops.push(() => smtp!.close());

    // 4. Two workers and two API processes, as separate processes.
    const taskQueue = `cluster-prove-${randomUUID().slice(0, 8)}`;
    const common = { TEMPORAL_ADDRESS: cluster.address, DATABASE_URL: pg.url, TASK_QUEUE: taskQueue, SMTP_URL: smtp.url };
    const metricsPort = await freePort();
    t = Date.now();
    const spawned = await Promise.all([
      spawnWorkerProcess('worker-1', { ...common, LOG_LEVEL: 'DEBUG' }),
      spawnWorkerProcess('worker-2', { ...common, METRICS_PORT: String(metricsPort) }),
    ]);
    workers.push(...spawned);
    for (const w of workers) stops.push(() => w.stop());
    const apiPorts = [await freePort(), await freePort()];
    apis.push(...(await Promise.all(apiPorts.map((port, i) => spawnApiProcess(`api-${i + 1}`, { ...common, HOST: '127.0.0.1', PORT: String(port) })))));
    for (const a of apis) stops.push(() => a.stop());
    figures.processes = {
      workersStartMs: workers.map((w) => w.startMs),
      apisStartMs: apis.map((a) => a.startMs),
      allUpSeconds: secs(Date.now() - t),
      workerRssAtStartMiB: workers.map((w) => round(w.rss().rssMiB)),
    };
    say(`Workers up in ${workers.map((w) => `${w.startMs} ms`).join(', ')} (started together); APIs in ${apis.map((a) => `${a.startMs} ms`).join(', ')}`);

    // 5. N pipelines through the Temporal client, a reminder schedule due during the run, worker 1 killed mid-run.
    const connection = await Connection.connect({ address: cluster.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: cluster.namespace, dataConverter: temporalDataConverter() });
    const tDrive = Date.now();
    const deadline = (): DossierDeadline =>
      ({
        id: 'commune-dossier',
        stage: 'commune.submit',
        descriptionVi: 'Nộp hồ sơ đề nghị xét công nhận xã đạt chuẩn nông thôn mới',
        due: '2027-08-31',
        expiresAt: Date.now() + 12_000,
        schedule: [
          { kind: 'before', offsetDays: -2, date: '2027-08-29', at: Date.now() + 3_000, key: 'before-2' },
          { kind: 'before', offsetDays: -1, date: '2027-08-30', at: Date.now() + 7_000, key: 'before-1' },
        ],
      }) as DossierDeadline;
    const retrying = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await f();
        } catch (e) {
          if (e instanceof WorkflowUpdateFailedError) throw e;
          if (attempt > 240) throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
          await sleep(500);
        }
      }
    };
    let done = 0;
    let updates = 0;
    const killAfter = Math.max(1, Math.ceil(args.n * args.killAt));
    let killedAt: number | undefined;
    const killing: Promise<void>[] = [];
    const runs = await pool(args.n, args.concurrency, async (i) => {
      const { dossier, input } = all[i]!;
      const id = dossierWorkflowId(dossier.dossierId);
      await retrying(`start ${id}`, () =>
        client.workflow.start('dossierWorkflow', { taskQueue, workflowId: id, args: [{ ...input, deadlines: [deadline()] }] }).catch((e: unknown) => {
          if ((e as Error).name === 'WorkflowExecutionAlreadyStartedError') return undefined;
          throw e;
        }),
      );
      let step = 0;
      const act: Act = (actor, command) => {
        const updateId = `${id}#${step++}`;
        return retrying(`${updateId} ${command.type}`, () => client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }], updateId }));
      };
      const run = await runPipeline(act, dossier);
      done += 1;
      updates += run.updates;
      if (done === killAfter && killedAt === undefined) {
        killedAt = Date.now() - tDrive;
        say(`SIGKILL worker-1 (pid ${workers[0]!.pid}) after ${done}/${args.n} pipelines, ${secs(killedAt)} s into the run`);
        killing.push(workers[0]!.kill());
      }
      return run;
    });
    await Promise.all(killing);
    const driveSeconds = (Date.now() - tDrive) / 1000;
    figures.pipelines = {
      n: args.n,
      concurrency: args.concurrency,
      seconds: round(driveSeconds, 2),
      pipelinesPerSecond: round(args.n / driveSeconds, 2),
      updates,
      updatesPerSecond: round(updates / driveSeconds, 1),
      worker1KilledAtSeconds: killedAt !== undefined ? secs(killedAt) : null,
    };
    say(
      `${args.n} pipelines in ${round(driveSeconds, 1)} s: ${round(args.n / driveSeconds, 2)} pipelines/s, ${updates} updates, ${round(updates / driveSeconds, 1)} updates/s`,
    );
    const w1 = await workers[0]!.exited;
    check(
      'worker-1 was SIGKILLed mid-run and the pipelines finished on worker-2',
      w1.signal === 'SIGKILL' && killedAt !== undefined && done === args.n,
      `exit ${w1.signal ?? w1.code}, ${done}/${args.n} done`,
    );

    // 6. Quiet: reminders and expiry done on every dossier.
    const ids = all.map(({ dossier }) => dossierWorkflowId(dossier.dossierId));
    await waitFor('deadlines past', async () => Date.now() > tDrive + 15_000, 30_000);
    await waitFor(
      'every activity done',
      async () =>
        (await Promise.all(ids.map(async (id) => (await client.workflow.getHandle(id).describe()).raw.pendingActivities?.length ?? 0))).every((x) => x === 0),
      120_000,
      500,
    );

    // 7. Checks.
    const statuses = await Promise.all(ids.map((id) => client.workflow.getHandle(id).query(statusQuery)));
    const notRecognised = all.filter((_, i) => statuses[i]!.stage !== 'recognised' || statuses[i]!.decision?.outcome !== 'recognised');
    check(
      `every dossier recognised (${args.n} workflows)`,
      notRecognised.length === 0,
      notRecognised.length ? `not: ${notRecognised.map((d) => d.dossier.dossierId).join(', ')}` : undefined,
    );
    const seqMismatch = all.filter((_, i) => runs[i]!.status.seq !== statuses[i]!.seq);
    check('driver saw every accepted event (status seq)', seqMismatch.length === 0, seqMismatch.length ? `${seqMismatch.length} differ` : undefined);

    const projBad: string[] = [];
    const auditBad: string[] = [];
    for (const [i, { dossier }] of all.entries()) {
      const s = statuses[i]!;
      const row = await db.dossier.findUnique({ where: { id: dossier.dossierId } });
      if (!row || row.stage !== 'recognised' || row.version !== s.seq) projBad.push(`${dossier.dossierId}: ${row?.stage}@${row?.version} vs seq ${s.seq}`);
      const audit = await db.auditRecord.count({ where: { dossierId: dossier.dossierId } });
      const timeline = await db.timelineEntry.count({ where: { dossierId: dossier.dossierId } });
      const startedRows = await db.auditRecord.count({ where: { dossierId: dossier.dossierId, action: 'dossier.started' } });
      if (audit !== s.seq + 1 || timeline !== s.seq || startedRows !== 1)
        auditBad.push(`${dossier.dossierId}: audit ${audit}, timeline ${timeline}, seq ${s.seq}`);
    }
    check('projection at the workflow seq for every dossier (stage recognised)', projBad.length === 0, projBad.slice(0, 3).join('; ') || undefined);
    const allAudit = await db.auditRecord.findMany({ select: { eventId: true } });
    check(
      'one audit row per event (seq + the start), no event id twice',
      auditBad.length === 0 && new Set(allAudit.map((r) => r.eventId)).size === allAudit.length,
      auditBad.slice(0, 3).join('; ') || `${allAudit.length} audit rows`,
    );
    const chain = await verifyAuditChain(db);
    check('audit chain verifies', chain.ok, JSON.stringify(chain).slice(0, 200));

    const notes = await db.notification.findMany();
    const keys = notes.map((n) => n.idempotencyKey);
    const withInbox = all.filter(({ dossier }) => notes.some((n) => n.dossierId === dossier.dossierId && n.channel === 'inbox')).length;
    const emails = notes.filter((n) => n.channel === 'email');
    const delivered = smtp.messages.map((mm) => `${mm.headers['x-ntm-reminder-key']}|${mm.to.join(',')}`);
    const dupDelivered = delivered.filter((k, i) => delivered.indexOf(k) !== i);
    check(
      'no reminder twice (one notification per key, one SMTP message per e-mail row)',
      // Not every dossier is reminded: one submitted before its first reminder fell due (3 s) needs none.
      new Set(keys).size === keys.length && dupDelivered.length === 0 && emails.every((n) => n.sentAt) && withInbox > 0 && delivered.length === emails.length,
      `${notes.length} notifications (${emails.length} e-mails), ${smtp.messages.length} SMTP messages, ${dupDelivered.length} duplicates; ${withInbox}/${args.n} dossiers reminded (the others were submitted before their first reminder fell due)`,
    );

    // Read back through both API processes (one session, shared through the database).
    const login = await fetch(`http://127.0.0.1:${apiPorts[0]}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'thanh-tra', password: PASSWORD }),
    });
    const token = login.ok ? ((await login.json()) as { token: string }).token : undefined;
    let apiOk = 0;
    const apiBad: string[] = [];
    if (token) {
      for (const [i, { dossier }] of all.entries()) {
        const port = apiPorts[i % 2]!;
        const r = await fetch(`http://127.0.0.1:${port}/api/dossiers/${encodeURIComponent(dossier.dossierId)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = r.ok ? ((await r.json()) as { status: { stage: string } }) : undefined;
        if (body?.status.stage === 'recognised') apiOk += 1;
        else apiBad.push(`${dossier.dossierId} on :${port} → ${r.status}`);
      }
    }
    check(
      'both API processes read every dossier as recognised',
      token !== undefined && apiOk === args.n,
      token ? `${apiOk}/${args.n}${apiBad.length ? `; ${apiBad.slice(0, 2).join('; ')}` : ''}` : `login ${login.status}`,
    );

    // Observability of the workers.
    const jsonLines = workers.flatMap((w) => w.lines.filter((l) => l.trim()));
    const parsed = jsonLines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    });
    const withWorkflowId = parsed.filter((p) => p && typeof p.workflowId === 'string' && ids.includes(p.workflowId)).length;
    check(
      'worker logs: one JSON object a line, with workflow ids',
      parsed.every(Boolean) && withWorkflowId > 0,
      `${jsonLines.length} lines, ${withWorkflowId} carry a dossier's workflowId`,
    );
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
      (r) => (r.ok ? r.text() : ''),
      () => '',
    );
    const metricNames = new Set(
      metrics
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split(/[{ ]/)[0]),
    );
    check(
      'worker-2 serves Prometheus metrics (METRICS_PORT)',
      metricNames.size > 0 && metrics.includes('task_queue='),
      `${metricNames.size} series names, e.g. ${[...metricNames].slice(0, 3).join(', ')}`,
    );
    figures.worker2 = { rssMiB: round(workers[1]!.rss().rssMiB), peakRssMiB: round(workers[1]!.rss().peakMiB) };

    // 8. Bare-workflow Updates/s, cluster vs dev server, same shape and driver.
    if (args.compare) {
      const h = await historyCounts(client, ids[0]!);
      const shape: BareInput = { updates: h.workflowExecutionUpdateAccepted ?? 0, timers: h.timerStarted ?? 0, activities: h.activityTaskScheduled ?? 0 };
      say(`bare comparison: shape ${JSON.stringify(shape)}, ${args.bareN} workflows, ${args.concurrency} in flight`);
      // Stop the engine's processes first: the two runs should have the machine alike.
      for (const p of [...apis, ...workers]) await p.stop();
      const onCluster = await runBare(cluster.address, args.bareN, args.concurrency, shape);
      say(`bare on the PostgreSQL cluster: ${onCluster.updatesPerSecond} updates/s (${onCluster.workflowsPerSecond} workflows/s)`);
      const dev = await startBenchTemporal();
      try {
        const onDev = await runBare(dev.server.address, args.bareN, args.concurrency, shape);
        say(`bare on the dev server (SQLite file): ${onDev.updatesPerSecond} updates/s (${onDev.workflowsPerSecond} workflows/s)`);
        figures.bare = { shape, cluster: onCluster, devServer: onDev, ratioClusterToDev: round(onCluster.updatesPerSecond / onDev.updatesPerSecond, 2) };
      } finally {
        await dev.stop();
      }
    }
  } catch (e) {
    check('run completed', false, isToolchainError(e) ? formatToolchainError(e) : e instanceof Error ? (e.stack ?? e.message) : String(e));
    for (const p of [...workers, ...apis]) process.stderr.write(`--- ${p.name} (last output) ---\n${p.tail().slice(-1500)}\n`);
  } finally {
    await db?.$disconnect().catch(() => undefined);
    for (const s of stops.reverse()) await s().catch((e: unknown) => process.stderr.write(`(while stopping: ${String(e)})\n`));
  }

  const failed = checks.filter((c) => !c.ok);
  figures.totalSeconds = secs(Date.now() - T0);
  process.stdout.write(`\nFigures:\n${JSON.stringify(figures, null, 2)}\n\n`);
  process.stdout.write(
    failed.length === 0 && checks.length > 0
      ? `VERDICT: PASS (${checks.length} checks)\n`
      : `VERDICT: FAIL (${failed.length} of ${checks.length} checks failed: ${failed.map((c) => c.what).join('; ')})\n`,
  );
  return failed.length === 0 && checks.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`✗ cluster:prove: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
