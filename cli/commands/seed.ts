/**
 * `ntm seed`: reference data (Điện Biên units, the seeded plan years) and the demo accounts with
 * generated passwords (written to <DATA_DIR>/demo-accounts.txt, mode 600). Idempotent.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../infra/config';
import { createDb } from '../../prisma/db';
import { seedDemoAccounts, seedReferenceData } from '../../app/seed';
import { notMigrated } from '../context';

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('Nạp dữ liệu tham chiếu và tài khoản mẫu / reference data (units, plans) and demo accounts')
    .option('--no-demo', 'không tạo tài khoản mẫu / reference data only')
    .action(async (opts: { demo: boolean }) => {
      const config = loadConfig();
      const db = createDb(config.DATABASE_URL);
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'Nạp / seeding [{bar}] {value}/{total} {step}', stream: process.stderr }, Presets.shades_classic)
        : undefined;
      try {
        const now = new Date();
        bar?.start(opts.demo ? 2 : 1, 0, { step: 'units, plans' });
        const ref = await seedReferenceData(db, now);
        bar?.update(1, { step: 'accounts' });
        const demo = opts.demo ? await seedDemoAccounts(db, config.DATA_DIR, now) : undefined;
        bar?.update(opts.demo ? 2 : 1, { step: '' });
        bar?.stop();
        process.stdout.write(`✓ ${ref.units} đơn vị / units, ${ref.plans} kế hoạch / plans\n`);
        if (demo) {
          process.stdout.write(
            `✓ ${demo.created} tài khoản mới / new accounts, ${demo.lines.length} tài khoản mẫu / demo accounts; mật khẩu / passwords: ${demo.file}\n`,
          );
        }
      } catch (e) {
        bar?.stop();
        throw notMigrated(e) ?? e;
      } finally {
        await db.$disconnect();
      }
    });
}
