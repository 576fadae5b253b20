/**
 * Backup and restore of the engine's database, checked: `ntm backup <file>` / `ntm restore <file>`.
 *
 *   SQLite      better-sqlite3's online backup API (pages copied while the engine keeps running; the
 *               copy is a consistent snapshot), written to <file>.partial and renamed when complete.
 *               Restore copies the backup into a temporary file beside the database, verifies the audit
 *               chain there, and only then renames it over the database: nothing half-restored.
 *   PostgreSQL  pg_dump --format=custom (a consistent snapshot in one transaction) and
 *               pg_restore --clean --if-exists --no-owner --single-transaction (all or nothing), from
 *               Debian's postgresql package (found like infra/postgres.ts finds them; the caller passes
 *               the folder).
 * After a restore the audit chain is verified (store/audit-chain.ts) and the installation id read, so
 * the operator can check the Temporal store restored with it is the same installation (`npm start`
 * refuses otherwise).
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import Database from 'better-sqlite3';
import { appError } from '../domain/errors';
import { createDb, parseDatabaseUrl } from '../prisma/db';
import { verifyAuditChain, type ChainReport } from '../store/audit-chain';

export interface BackupResult {
  provider: 'sqlite' | 'postgresql';
  file: string;
  bytes: number;
  /** SQLite: the copy's audit chain, verified on the copy. PostgreSQL: the live chain when dumped. */
  chain: ChainReport;
  installationId?: string;
}

export interface RestoreResult {
  provider: 'sqlite' | 'postgresql';
  chain: ChainReport;
  installationId?: string;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            appError('BACKUP.TOOL_FAILED', `${basename(cmd)} thất bại (mã ${code}): ${err.trim()}`, `${basename(cmd)} failed (exit ${code}): ${err.trim()}`, {
              path: basename(cmd),
            }),
          ),
    );
  });
}

/** Audit chain and installation id of the database at `url`. */
export async function inspect(url: string): Promise<{ chain: ChainReport; installationId?: string }> {
  const db = createDb(url);
  try {
    const chain = await verifyAuditChain(db);
    const row = await db.installation.findUnique({ where: { id: 1 } }).catch(() => null);
    return { chain, installationId: row?.installationId };
  } finally {
    await db.$disconnect();
  }
}

function brokenChain(chain: ChainReport, where: string) {
  const b = chain.firstBreak;
  return appError(
    'BACKUP.CHAIN_BROKEN',
    `Chuỗi nhật ký kiểm toán của ${where} bị đứt${b ? ` tại bản ghi ${b.seq}: ${b.reasonVi}` : ''}`,
    `The audit chain of ${where} is broken${b ? ` at record ${b.seq}: ${b.reasonEn}` : ''}`,
    { path: where },
  );
}

export async function backupDatabase(databaseUrl: string, file: string, opts: { pgBinDir?: string } = {}): Promise<BackupResult> {
  const target = parseDatabaseUrl(databaseUrl);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    if (target.provider === 'sqlite') {
      if (!existsSync(target.file!)) {
        throw appError('BACKUP.NO_DATABASE', `Không có cơ sở dữ liệu ${target.file}`, `No database at ${target.file}`, { path: 'DATABASE_URL' });
      }
      const src = new Database(target.file!, { readonly: true, fileMustExist: true });
      try {
        await src.backup(partial);
      } finally {
        src.close();
      }
      const checked = await inspect(`file:${partial}`);
      if (!checked.chain.ok) throw brokenChain(checked.chain, file);
      renameSync(partial, file);
      return { provider: 'sqlite', file, bytes: statSync(file).size, ...checked };
    }
    if (!opts.pgBinDir)
      throw appError('BACKUP.PG_TOOLS_MISSING', 'Không tìm thấy pg_dump (cài gói postgresql)', 'pg_dump not found (install the postgresql package)');
    const before = await inspect(databaseUrl);
    await run(join(opts.pgBinDir, 'pg_dump'), ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${databaseUrl}`]);
    renameSync(partial, file);
    return { provider: 'postgresql', file, bytes: statSync(file).size, ...before };
  } finally {
    rmSync(partial, { force: true });
  }
}

export async function restoreDatabase(file: string, databaseUrl: string, opts: { pgBinDir?: string } = {}): Promise<RestoreResult> {
  if (!existsSync(file)) throw appError('BACKUP.NO_FILE', `Không có tệp sao lưu ${file}`, `No backup file ${file}`, { path: file });
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === 'sqlite') {
    const dest = target.file!;
    const tmp = join(dirname(dest), `.${basename(dest)}.restore-${process.pid}`);
    rmSync(tmp, { force: true });
    try {
      let src: Database.Database;
      try {
        src = new Database(file, { readonly: true, fileMustExist: true });
        src.pragma('schema_version');
      } catch (e) {
        throw appError(
          'BACKUP.NOT_A_BACKUP',
          `${file} không phải bản sao lưu SQLite: ${(e as Error).message}`,
          `${file} is not a SQLite backup: ${(e as Error).message}`,
          {
            path: file,
          },
        );
      }
      try {
        await src.backup(tmp);
      } finally {
        src.close();
      }
      const checked = await inspect(`file:${tmp}`);
      if (!checked.chain.ok) throw brokenChain(checked.chain, file);
      for (const side of ['-wal', '-shm', '-journal']) rmSync(`${dest}${side}`, { force: true });
      renameSync(tmp, dest);
      return { provider: 'sqlite', ...checked };
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  if (!opts.pgBinDir)
    throw appError('BACKUP.PG_TOOLS_MISSING', 'Không tìm thấy pg_restore (cài gói postgresql)', 'pg_restore not found (install the postgresql package)');
  await run(join(opts.pgBinDir, 'pg_restore'), [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${databaseUrl}`,
    file,
  ]);
  const checked = await inspect(databaseUrl);
  if (!checked.chain.ok) throw brokenChain(checked.chain, databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'));
  return { provider: 'postgresql', ...checked };
}
