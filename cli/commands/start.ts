/**
 * `npm start`: the whole engine on one machine, from nothing. Provisions what is missing, applies the
 * migrations, seeds reference data and demo accounts, starts (unless configured to use existing ones) a
 * Temporal dev server with its Web UI and a local SMTP sink, then the worker and the HTTP API + web UI,
 * and the demo campaign: the current plan year of Điện Biên province in the two-tier world. Ctrl-C stops everything; the data stays in .data/.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Command } from 'commander';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../api/app';
import { appError } from '../../domain/errors';
import { loadConfig } from '../../infra/config';
import { demoPlanYear, startCampaign } from '../../app/plans';
import { startSmtpSink } from '../../infra/smtp-sink';
import { isPortFree, portInUseError, startDevServer } from '../../infra/temporal-dev-server';
import { consoleReporter, ensureTemporalCli } from '../../infra/toolchain';
import { createDb } from '../../prisma/db';
import { applyMigrations } from '../../prisma/migrate';
import { SEEDED_PLANS, seedDemoAccounts, seedDemoCommuneGroups, seedReferenceData } from '../../app/seed';
import { startWorker } from '../../worker/main';

function lock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'ntm.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      alive = false;
    }
    if (alive) {
      throw appError(
        'START.ALREADY_RUNNING',
        `NTM đang chạy (pid ${pid}) trên thư mục dữ liệu ${dataDir}: dừng nó trước (Ctrl-C ở cửa sổ của nó)`,
        `NTM is already running (pid ${pid}) on ${dataDir}: stop it first (Ctrl-C in its terminal)`,
      );
    }
  }
  const fd = openSync(file, 'w');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(file, { force: true });
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Chạy toàn bộ hệ thống / run the whole engine (Temporal dev server, worker, API + web UI, demo campaign)')
    .option('--no-demo', 'không chạy chiến dịch mẫu / do not start the demo campaign')
    .action(async (opts: { demo: boolean }) => {
      const config = loadConfig();
      const reporter = consoleReporter();
      const say = (s: string) => process.stdout.write(`${s}\n`);
      const unlock = lock(config.DATA_DIR);
      const stops: (() => Promise<void>)[] = [async () => unlock()];
      const stopAll = async () => {
        for (const s of stops.reverse()) await s().catch((e: unknown) => process.stderr.write(`  (khi dừng / while stopping: ${String(e)})\n`));
      };
      try {
        if (!(await isPortFree(config.PORT, config.HOST))) throw portInUseError(config.PORT, 'PORT', 'HTTP API');

        say(`• Cơ sở dữ liệu / database: ${config.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}`);
        const m = await applyMigrations(config.DATABASE_URL);
        say(`  migrations: ${m.applied.length} mới / new, ${m.total} tổng / total`);
        const db = createDb(config.DATABASE_URL);
        stops.push(() => db.$disconnect());
        const now = new Date();
        const ref = await seedReferenceData(db, now);
        const demo = await seedDemoAccounts(db, config.DATA_DIR, now);
        say(`  ${ref.units} đơn vị / units, ${ref.plans} kế hoạch / plans, ${demo.created} tài khoản mới / new accounts`);

        let address = config.TEMPORAL_ADDRESS;
        let uiUrl: string | undefined;
        if (!address) {
          const cli = await ensureTemporalCli({ ...reporter });
          const dev = await startDevServer({
            cliPath: cli,
            dataDir: join(config.DATA_DIR, 'temporal'),
            port: config.TEMPORAL_PORT,
            uiPort: config.TEMPORAL_UI_PORT,
            namespace: config.TEMPORAL_NAMESPACE,
            log: reporter.log,
          });
          stops.push(() => dev.stop());
          address = dev.address;
          uiUrl = dev.uiUrl;
        }
        say(`• Temporal: ${address} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TASK_QUEUE})`);

        let smtpUrl = config.SMTP_URL;
        if (!smtpUrl) {
          if (!(await isPortFree(config.SMTP_SINK_PORT))) throw portInUseError(config.SMTP_SINK_PORT, 'SMTP_SINK_PORT', 'SMTP');
          const sink = await startSmtpSink({ port: config.SMTP_SINK_PORT, maildir: join(config.DATA_DIR, 'mail') });
          stops.push(() => sink.close());
          smtpUrl = sink.url;
          say(`• Thư / mail: SMTP ${sink.url} → ${join(config.DATA_DIR, 'mail')}/*.eml`);
        }

        // The SDK's own log at warnings only: the console stays readable for the people who started it.
        Runtime.install({ logger: new DefaultLogger(process.env.NTM_LOG_LEVEL === 'debug' ? 'INFO' : 'WARN') });
        const worker = await startWorker(config, address, smtpUrl);
        stops.push(() => worker.shutdown());
        const connection = await Connection.connect({ address });
        stops.push(() => connection.close());
        const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

        const app = await buildApp({ db, temporal: client, taskQueue: config.TASK_QUEUE, ttlHours: config.SESSION_TTL_HOURS });
        await app.listen({ host: config.HOST, port: config.PORT });
        stops.push(() => app.close());

        if (opts.demo) {
          // The current campaign year in the two-tier world (Điện Biên's 45 units); 2024 stays as history.
          const plan = demoPlanYear(SEEDED_PLANS, now);
          if (!plan)
            throw appError('START.NO_DEMO_PLAN', 'Không còn kế hoạch mẫu nào có hạn phía trước', 'No seeded plan has deadlines ahead', { path: 'demo' });
          await seedDemoCommuneGroups(db);
          const c = await startCampaign(db, client, config.TASK_QUEUE, plan.year, plan.unitCode);
          say(
            `• Chiến dịch mẫu / demo campaign ${c.workflowId}: ${c.started ? 'đã bắt đầu / started' : 'đã có / already exists'} (${c.registrations} hồ sơ / dossiers)`,
          );
        }

        const base = `http://${config.HOST}:${config.PORT}`;
        say('');
        say(`✓ Giao diện / web UI:   ${base}/`);
        say(`✓ API + OpenAPI:        ${base}/api/docs  (${base}/api/openapi.json)`);
        if (uiUrl) say(`✓ Temporal Web UI:      ${uiUrl}`);
        say(`✓ Tài khoản mẫu / demo accounts (${demo.file}):`);
        for (const l of demo.lines.slice(0, 6)) say(`    ${l.split('\t').slice(0, 2).join('  ')}`);
        say(`    … ${demo.lines.length} tài khoản / accounts in ${demo.file}`);
        say('Nhấn Ctrl-C để dừng / press Ctrl-C to stop.');

        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        say('\nĐang dừng / stopping…');
        await stopAll();
        say('Đã dừng; dữ liệu giữ trong / stopped; data kept in ' + config.DATA_DIR);
      } catch (e) {
        await stopAll();
        throw e;
      }
    });
}
