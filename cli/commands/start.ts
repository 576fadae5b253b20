/**
 * `npm start`: the whole engine on one machine, from nothing. Provisions what is missing, applies the
 * migrations, seeds reference data and demo accounts, starts (unless configured to use existing ones) a
 * Temporal dev server with its Web UI and a local SMTP sink, then the worker and the HTTP API + web UI,
 * and the demo campaign: the current plan year of Điện Biên province in the two-tier world. Ctrl-C stops everything; the data stays in .data/.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Command } from 'commander';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../api/app';
import { appError } from '../../domain/errors';
import { codecOptions, documentLimits, documentStore, loadConfig, securityOptions } from '../../infra/config';
import { ensureDailyDigest } from '../../app/digest';
import { ensureInstallation } from '../../app/installation';
import { temporalDataConverter } from '../../app/temporal-codec';
import { demoPlanYear, startCampaign } from '../../app/plans';
import { startSmtpSink } from '../../infra/smtp-sink';
import { isPortFree, portInUseError, startDevServer } from '../../infra/temporal-dev-server';
import { consoleReporter, ensureTemporalCli } from '../../infra/toolchain';
import { createDb } from '../../prisma/db';
import { applyMigrations } from '../../prisma/migrate';
import { DEMO_COMMUNE_GROUP, SEEDED_PLANS, seedDemoAccounts, seedDemoCommuneGroups, seedReferenceData } from '../../app/seed';
import { startWorker } from '../../worker/main';

/** Is `pid` a running `ntm start` (not a dead process, not another program that reuses the number)? */
export function isNtmProcess(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: alive but another user's; it cannot be ours, which runs as us.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Linux: the command line tells an engine from an unrelated process that got the same pid.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return /cli\/main\.ts|\bntm\b|npm start/.test(cmdline) && /\bstart\b/.test(cmdline);
  } catch {
    return true; // no /proc: trust the signal check
  }
}

/**
 * The pid file <DATA_DIR>/ntm.pid: refuses a second engine on the same data, and never lets a stale
 * file (a crash, a kill -9, a reboot, a reused pid, garbage) block or confuse the next start.
 * The file is written exclusively (O_EXCL) so two starts at once cannot both win.
 */
export function acquirePidFile(dataDir: string): { file: string; stale?: number; release: () => void } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'ntm.pid');
  let stale: number | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        // Only remove our own file.
        try {
          if (Number(readFileSync(file, 'utf8').trim()) === process.pid) rmSync(file, { force: true });
        } catch {
          /* already gone */
        }
      };
      return { file, stale, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let pid = NaN;
    try {
      pid = Number(readFileSync(file, 'utf8').trim());
    } catch {
      /* vanished meanwhile: retry */
    }
    if (isNtmProcess(pid)) {
      throw appError(
        'START.ALREADY_RUNNING',
        `NTM đang chạy (pid ${pid}) trên thư mục dữ liệu ${dataDir}: dừng nó trước (Ctrl-C ở cửa sổ của nó, hoặc kill ${pid})`,
        `NTM is already running (pid ${pid}) on ${dataDir}: stop it first (Ctrl-C in its terminal, or kill ${pid})`,
        { path: file },
      );
    }
    stale = Number.isFinite(pid) ? pid : undefined;
    rmSync(file, { force: true });
  }
  throw appError('START.PID_FILE', `Không ghi được ${file}`, `Cannot write ${file}`, { path: file });
}

export interface StopStep {
  name: string;
  run: () => Promise<void>;
}

/**
 * Runs the stop steps (newest first), each bounded by `stepMs`: a step that hangs is reported and
 * left behind, never blocking the ones after it (the pid file is released last, always).
 */
export async function boundedStop(steps: readonly StopStep[], stepMs: number, log: (s: string) => void): Promise<void> {
  for (const step of [...steps].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      step.run().then(
        () => 'ok' as const,
        (e: unknown) => (log(`  (khi dừng / while stopping ${step.name}: ${String(e)})`), 'failed' as const),
      ),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), stepMs))),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') log(`  (${step.name}: không dừng sau / did not stop within ${stepMs / 1000} s, bỏ qua / left behind)`);
  }
}

/** Per step of the stop; the whole stop is bounded by steps × this, and a second Ctrl-C exits at once. */
const STOP_STEP_MS = Number(process.env.NTM_STOP_STEP_MS ?? 10_000);

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Chạy toàn bộ hệ thống / run the whole engine (Temporal dev server, worker, API + web UI, demo campaign)')
    .option('--no-demo', 'không chạy chiến dịch mẫu / do not start the demo campaign')
    .action(async (opts: { demo: boolean }) => {
      const config = loadConfig();
      const reporter = consoleReporter();
      const say = (s: string) => process.stdout.write(`${s}\n`);
      const pidFile = acquirePidFile(config.DATA_DIR);
      if (pidFile.stale !== undefined) say(`  (tệp pid cũ của tiến trình ${pidFile.stale} đã bỏ / stale pid file of process ${pidFile.stale} removed)`);
      // However the process ends (an exception, a second Ctrl-C), the pid file goes with it.
      process.once('exit', pidFile.release);
      const stopSteps: StopStep[] = [{ name: 'pid', run: async () => pidFile.release() }];
      const stops = { push: (run: () => Promise<void>, name = `step ${stopSteps.length}`) => void stopSteps.push({ name, run }) };
      let stopping: Promise<void> | undefined;
      const stopAll = () => (stopping ??= boundedStop(stopSteps, STOP_STEP_MS, (l) => process.stderr.write(`${l}\n`)));
      try {
        if (!(await isPortFree(config.PORT, config.HOST))) throw portInUseError(config.PORT, 'PORT', 'HTTP API');

        say(`• Cơ sở dữ liệu / database: ${config.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}`);
        const m = await applyMigrations(config.DATABASE_URL);
        say(`  migrations: ${m.applied.length} mới / new, ${m.total} tổng / total`);
        const db = createDb(config.DATABASE_URL);
        stops.push(() => db.$disconnect(), 'database');
        const now = new Date();
        const ref = await seedReferenceData(db, now);
        const demo = await seedDemoAccounts(db, config.DATA_DIR, now);
        say(`  ${ref.units} đơn vị / units, ${ref.plans} kế hoạch / plans, ${demo.created} tài khoản mới / new accounts`);

        let address = config.TEMPORAL_ADDRESS;
        let uiUrl: string | undefined;
        const codec = codecOptions(config);
        if (!address) {
          const cli = await ensureTemporalCli({ ...reporter });
          const dev = await startDevServer({
            cliPath: cli,
            dataDir: join(config.DATA_DIR, 'temporal'),
            port: config.TEMPORAL_PORT,
            uiPort: config.TEMPORAL_UI_PORT,
            namespace: config.TEMPORAL_NAMESPACE,
            // The UI shows compressed payloads through the API's codec endpoint (an administrator's session).
            codecEndpoint: `${(config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`).replace(/\/$/, '')}/codec`,
            log: reporter.log,
          });
          stops.push(() => dev.stop(), 'Temporal dev server');
          address = dev.address;
          uiUrl = dev.uiUrl;
        }
        say(`• Temporal: ${address} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TASK_QUEUE})`);

        let smtpUrl = config.SMTP_URL;
        if (!smtpUrl) {
          if (!(await isPortFree(config.SMTP_SINK_PORT))) throw portInUseError(config.SMTP_SINK_PORT, 'SMTP_SINK_PORT', 'SMTP');
          const sink = await startSmtpSink({ port: config.SMTP_SINK_PORT, maildir: join(config.DATA_DIR, 'mail') });
          stops.push(() => sink.close(), 'SMTP sink');
          smtpUrl = sink.url;
          say(`• Thư / mail: SMTP ${sink.url} → ${join(config.DATA_DIR, 'mail')}/*.eml`);
        }

        // The SDK's own log at warnings only: the console stays readable for the people who started it.
        Runtime.install({ logger: new DefaultLogger(process.env.NTM_LOG_LEVEL === 'debug' ? 'INFO' : 'WARN') });
        const connection = await Connection.connect({ address });
        stops.push(() => connection.close(), 'Temporal connection');
        const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(codec.payloadCodec) });
        // The database and the Temporal namespace must be one installation: refuse a mix (issue 17).
        const inst = await ensureInstallation({
          db,
          temporal: client,
          databaseUrl: config.DATABASE_URL,
          temporalAddress: address,
          namespace: config.TEMPORAL_NAMESPACE,
        });
        say(`• Bản cài đặt / installation ${inst.installationId}${inst.outcome === 'new' ? ' (mới / new)' : ''}`);
        const worker = await startWorker(config, address, smtpUrl, { shutdownGraceTime: '5s', shutdownForceTime: '8s' });
        stops.push(() => worker.shutdown(), 'worker');

        const app = await buildApp({
          db,
          temporal: client,
          taskQueue: config.TASK_QUEUE,
          ttlHours: config.SESSION_TTL_HOURS,
          // Issue 15: the document store (fs under <DATA_DIR>/documents, or S3), limits and the submission check.
          documents: { store: documentStore(config), limits: documentLimits(config), requireForSubmission: config.DOCUMENTS_REQUIRED === 'true' },
          ...securityOptions(config),
          codec,
        });
        await app.listen({ host: config.HOST, port: config.PORT });
        stops.push(() => app.close(), 'HTTP API');
        say(`• Thư tổng hợp hằng ngày / daily digest: ${(await ensureDailyDigest(client, config.TASK_QUEUE)).workflowId}`); // issue 13, idempotent by id

        if (opts.demo) {
          // The current campaign year in the two-tier world (Điện Biên's 45 units); 2024 stays as history.
          const plan = demoPlanYear(SEEDED_PLANS, now);
          if (!plan)
            throw appError('START.NO_DEMO_PLAN', 'Không còn kế hoạch mẫu nào có hạn phía trước', 'No seeded plan has deadlines ahead', { path: 'demo' });
          const grouped = await seedDemoCommuneGroups(db);
          const c = await startCampaign(db, client, config.TASK_QUEUE, plan.year, plan.unitCode);
          say(
            `• Chiến dịch mẫu / demo campaign ${c.workflowId}: ${c.started ? 'đã bắt đầu / started' : 'đã có / already exists'} (${c.registrations} hồ sơ / dossiers)`,
          );
          if (grouped > 0) {
            say(
              `  ${grouped} xã mẫu xếp nhóm ${DEMO_COMMUNE_GROUP} để chạy thử (giả định, chưa có nguồn) / demo communes put in group ${DEMO_COMMUNE_GROUP} (an assumption, unsourced)`,
            );
          }
        }

        const base = `http://${config.HOST}:${config.PORT}`;
        say('');
        say(`✓ Giao diện / web UI:   ${base}/`);
        say(`✓ API + OpenAPI:        ${base}/api/docs  (${base}/api/openapi.json)`);
        if (uiUrl) {
          say(`✓ Temporal Web UI:      ${uiUrl}`);
          // Payloads are compressed (TEMPORAL_PAYLOAD_CODEC): the UI reads them through the API's codec endpoint.
          say(
            `    dữ liệu qua ${base}/api/codec: đăng nhập quản trị, bật "Include cross-origin credentials" / payloads via the codec endpoint: sign in as an administrator, tick "Include cross-origin credentials" (README "Payload codec")`,
          );
        }
        say(`✓ Tài khoản mẫu / demo accounts (${demo.file}):`);
        // The people of the running demo campaign first (two-tier: a commune official and its chair, the
        // provincial office, a provincial department, the provincial chair), then the 2024 world's.
        const first = ['xa2.', 'chutich.', 'tinh.vpdp', 'so.so-nn-mt', 'tinh.chutich'];
        const picked = first.map((p) => demo.lines.find((l) => l.startsWith(p))).filter((l): l is string => l !== undefined);
        const shown = [...picked, ...demo.lines.filter((l) => !picked.includes(l))].slice(0, 6);
        for (const l of shown) say(`    ${l.split('\t').slice(0, 2).join('  ')}   ${l.split('\t')[2] ?? ''}`);
        say(`    … ${demo.lines.length} tài khoản / accounts in ${demo.file}`);
        say('Nhấn Ctrl-C để dừng / press Ctrl-C to stop.');

        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        say('\nĐang dừng / stopping… (Ctrl-C lần nữa để thoát ngay / Ctrl-C again to exit at once)');
        const force = () => {
          process.stderr.write('Thoát ngay / exiting now\n');
          pidFile.release();
          process.exit(130);
        };
        process.on('SIGINT', force);
        process.on('SIGTERM', force);
        await stopAll();
        say('Đã dừng; dữ liệu giữ trong / stopped; data kept in ' + config.DATA_DIR);
        // A step left behind (see boundedStop) must not keep the process alive.
        setTimeout(() => process.exit(0), 1000).unref();
      } catch (e) {
        await stopAll();
        throw e;
      }
    });
}
