/**
 * `ntm campaign start --year 2024 --unit dien-bien/tuan-giao`: starts a plan year's campaign (one
 * dossier workflow per registered unit) on the configured Temporal; a campaign already running is left
 * as it is. `ntm campaign status <planId>`: what the campaign workflow reports (dossiers started, and
 * at each plan deadline who was on time, late or missing).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { formatVnDate, type LocalDate } from '../../domain/calendar';
import { campaignStatus, startCampaign } from '../../app/plans';
import { loadConfig } from '../../infra/config';
import { createDb } from '../../prisma/db';
import { appError } from '../../domain/errors';
import { notMigrated, withTemporal } from '../context';

function yearOption(value: string): number {
  const y = Number(value);
  if (!Number.isInteger(y) || y < 2010 || y > 2100)
    throw appError('CAMPAIGN.INVALID_YEAR', `--year "${value}" không phải năm kế hoạch`, `--year "${value}" is not a plan year`);
  return y;
}

export function registerCampaign(program: Command): void {
  const campaign = program.command('campaign').description('Chiến dịch năm kế hoạch / plan-year campaigns');

  campaign
    .command('start')
    .description('Bắt đầu chiến dịch của kế hoạch năm / start the campaign of a plan year (one dossier per registered unit)')
    .requiredOption('--year <yyyy>', 'năm kế hoạch / plan year', yearOption)
    .requiredOption('--unit <code>', 'đơn vị lập kế hoạch / the unit whose plan it is, e.g. dien-bien/tuan-giao')
    .action(async (opts: { year: number; unit: string }) => {
      const config = loadConfig();
      const db = createDb(config.DATABASE_URL);
      try {
        const r = await withTemporal(config, (client) => startCampaign(db, client, config.TASK_QUEUE, opts.year, opts.unit)).catch((e: unknown) => {
          throw notMigrated(e) ?? e;
        });
        process.stdout.write(
          r.started
            ? `✓ Đã bắt đầu chiến dịch / campaign started: ${r.workflowId} (${r.registrations} hồ sơ / dossiers)\n`
            : `✓ Chiến dịch đang chạy, không làm gì thêm / already running, nothing changed: ${r.workflowId} (${r.registrations} hồ sơ / dossiers)\n`,
        );
        process.stdout.write(`  ntm campaign status ${r.planId}\n`);
      } finally {
        await db.$disconnect();
      }
    });

  campaign
    .command('status <planId>')
    .description('Tình hình chiến dịch / campaign status (planId as `2024:dien-bien/tuan-giao`)')
    .option('--json', 'in dạng JSON / print JSON', false)
    .action(async (planId: string, opts: { json: boolean }) => {
      const config = loadConfig();
      const status = await withTemporal(config, async (client) => {
        try {
          return await campaignStatus(client, planId);
        } catch (e) {
          if (e instanceof WorkflowNotFoundError) {
            throw appError(
              'CAMPAIGN.NOT_FOUND',
              `Không có chiến dịch "${planId}" (dạng năm:đơn-vị, ví dụ 2024:dien-bien/tuan-giao)`,
              `No campaign "${planId}" (year:unit, e.g. 2024:dien-bien/tuan-giao)`,
            );
          }
          throw e;
        }
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      process.stdout.write(`Chiến dịch / campaign ${status.planId}: ${status.started.length} hồ sơ đã mở / dossiers started\n`);
      for (const id of status.started) process.stdout.write(`  • ${id}\n`);
      if (status.summaries.length === 0) process.stdout.write('  Chưa đến hạn nào / no deadline reached yet\n');
      for (const s of status.summaries) {
        process.stdout.write(
          `  Hạn / deadline ${s.deadlineId} (${formatVnDate(s.due as LocalDate)}): ${s.onTime} đúng hạn / on time, ${s.late} trễ / late, ${s.missing} chưa nộp / missing\n`,
        );
      }
    });
}
