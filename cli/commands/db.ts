import type { Command } from 'commander';
import { loadConfig } from '../../infra/config';
import { applyMigrations } from '../../prisma/migrate';

export function registerDb(program: Command): void {
  const db = program.command('db').description('Cơ sở dữ liệu / database');
  db.command('migrate')
    .description('Áp dụng các migration đã commit / apply the committed migrations (SQLite or PostgreSQL by DATABASE_URL)')
    .action(async () => {
      const { DATABASE_URL } = loadConfig();
      const r = await applyMigrations(DATABASE_URL);
      process.stdout.write(
        r.applied.length > 0
          ? `✓ ${r.provider}: đã áp dụng / applied ${r.applied.length}: ${r.applied.join(', ')}\n`
          : `✓ ${r.provider}: đã cập nhật / up to date (${r.total} migrations)\n`,
      );
    });
}
