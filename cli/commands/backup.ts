/**
 * `ntm backup <file>` and `ntm restore <file>`: the database of DATABASE_URL (SQLite or PostgreSQL),
 * checked (app/backup.ts). Temporal's own store is backed up beside it (README "Operations"); the
 * installation id printed here is the one `npm start` checks against the Temporal namespace.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupDatabase, restoreDatabase } from '../../app/backup';
import { appError } from '../../domain/errors';
import { loadConfig } from '../../infra/config';
import { findPostgresBinDir } from '../../infra/toolchain';
import { providerOf } from '../../prisma/db';
import { isNtmProcess } from './start';

async function pgBinDir(url: string): Promise<string | undefined> {
  return providerOf(url) === 'postgresql' ? findPostgresBinDir() : undefined;
}

/** A restore under a running engine would swap the data beneath it: refused. */
function refuseWhileRunning(dataDir: string): void {
  const file = join(dataDir, 'ntm.pid');
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (isNtmProcess(pid)) {
    throw appError(
      'RESTORE.ENGINE_RUNNING',
      `NTM đang chạy (pid ${pid}) trên ${dataDir}: dừng nó trước khi khôi phục`,
      `NTM is running (pid ${pid}) on ${dataDir}: stop it before restoring`,
      { path: file },
    );
  }
}

export function registerBackup(program: Command): void {
  program
    .command('backup <file>')
    .description('Sao lưu cơ sở dữ liệu (SQLite: sao lưu trực tuyến; PostgreSQL: pg_dump) / back up the database, checked')
    .action(async (file: string) => {
      const config = loadConfig();
      const out = resolve(file);
      const r = await backupDatabase(config.DATABASE_URL, out, { pgBinDir: await pgBinDir(config.DATABASE_URL) });
      process.stdout.write(
        `✓ ${r.provider}: ${r.file} (${r.bytes} bytes), ${r.chain.records} bản ghi kiểm toán / audit records, chuỗi / chain ${r.chain.ok ? 'OK' : 'BROKEN'}\n` +
          `  bản cài đặt / installation: ${r.installationId ?? '(chưa có / none yet)'}\n` +
          `  Sao lưu cùng lúc kho Temporal / back up Temporal's store with it (README "Operations").\n`,
      );
    });
  program
    .command('restore <file>')
    .description('Khôi phục cơ sở dữ liệu từ bản sao lưu, kiểm tra chuỗi kiểm toán / restore the database from a backup, verifying the audit chain')
    .action(async (file: string) => {
      const config = loadConfig();
      refuseWhileRunning(config.DATA_DIR);
      const r = await restoreDatabase(resolve(file), config.DATABASE_URL, { pgBinDir: await pgBinDir(config.DATABASE_URL) });
      process.stdout.write(
        `✓ ${r.provider}: đã khôi phục / restored; ${r.chain.records} bản ghi kiểm toán / audit records, chuỗi đã kiểm / chain verified\n` +
          `  bản cài đặt / installation: ${r.installationId ?? '(không có / none)'}: Temporal phải là kho cùng bản sao lưu / Temporal must be the store backed up with it\n`,
      );
    });
}
