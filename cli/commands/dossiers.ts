/**
 * `ntm dossiers list [--overdue] [--unit <code>] [--json]`: dossiers from the status projection; with
 * --overdue, those marked late (a plan deadline passed before the stage was done) or whose next
 * deadline has passed. Pages through the table with a progress bar when it is large.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { formatVnDate, localDateOf, type LocalDate } from '../../domain/calendar';
import { statusOf, type DossierState, type DossierStatus } from '../../domain/dossier';
import { loadConfig } from '../../infra/config';
import { createDb } from '../../prisma/db';
import { CliError } from './import';
import { notMigrated } from './seed';

const BATCH = 200;

export function registerDossiers(program: Command): void {
  const dossiers = program.command('dossiers').description('Hồ sơ / dossiers');
  dossiers
    .command('list')
    .description('Liệt kê hồ sơ / list dossiers (from the status projection)')
    .option('--overdue', 'chỉ hồ sơ quá hạn / only overdue dossiers', false)
    .option('--unit <code>', 'trong đơn vị này / within this unit, e.g. dien-bien/tuan-giao')
    .option('--json', 'in dạng JSON / print JSON', false)
    .action(async (opts: { overdue: boolean; unit?: string; json: boolean }) => {
      const config = loadConfig();
      const db = createDb(config.DATABASE_URL);
      try {
        const now = new Date();
        if (opts.unit) {
          const unit = await db.unit.findUnique({ where: { code: opts.unit } }).catch((e: unknown) => {
            throw notMigrated(e) ?? e;
          });
          if (!unit) throw new CliError('UNIT.UNKNOWN', `Không có đơn vị "${opts.unit}"`, `No unit "${opts.unit}"`);
        }
        const where = {
          AND: [
            opts.unit ? { OR: [{ unitCode: opts.unit }, { unitCode: { startsWith: `${opts.unit}/` } }] } : {},
            opts.overdue ? { OR: [{ late: true }, { nextDeadline: { lt: now } }] } : {},
          ],
        };
        const total = await db.dossier.count({ where }).catch((e: unknown) => {
          throw notMigrated(e) ?? e;
        });
        const bar = process.stderr.isTTY && total > BATCH ? new SingleBar({ format: 'Đọc / reading [{bar}] {value}/{total}', stream: process.stderr }, Presets.shades_classic) : undefined;
        bar?.start(total, 0);
        const rows: { id: string; unitCode: string; unitName: string; stage: string; stageVi: string; late: Record<string, string>; nextDeadline: string | null; awaiting: string[] }[] = [];
        for (let skip = 0; skip < total; skip += BATCH) {
          const batch = await db.dossier.findMany({ where, orderBy: [{ unitCode: 'asc' }, { id: 'asc' }], skip, take: BATCH, include: { unit: true } });
          for (const d of batch) {
            // The status column is current after every event; the state column only at stage changes.
            const s = d.status !== '{}' ? (JSON.parse(d.status) as DossierStatus) : statusOf(JSON.parse(d.state) as DossierState);
            rows.push({
              id: d.id,
              unitCode: d.unitCode,
              unitName: d.unit.name,
              stage: d.stage,
              stageVi: s.stageLabel.vi,
              late: s.late,
              nextDeadline: d.nextDeadline?.toISOString() ?? null,
              awaiting: [...new Set(s.awaiting.map((a) => `${a.role}@${a.unitCode}${a.department ? `#${a.department}` : ''}: ${a.action}`))],
            });
          }
          bar?.update(Math.min(total, skip + batch.length));
        }
        bar?.stop();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ total, items: rows }, null, 2)}\n`);
          return;
        }
        const what = opts.overdue ? 'hồ sơ quá hạn / overdue dossiers' : 'hồ sơ / dossiers';
        process.stdout.write(`${total} ${what}${opts.unit ? ` trong / in ${opts.unit}` : ''}\n`);
        for (const r of rows) {
          const late = Object.entries(r.late).map(([stage, due]) => `${stage} (hạn / due ${formatVnDate(due as LocalDate)})`);
          const next = r.nextDeadline ? formatVnDate(localDateOf(Date.parse(r.nextDeadline))) : undefined;
          process.stdout.write(`• ${r.unitName} — ${r.id}\n    ${r.stageVi} / ${r.stage}${late.length ? ` · trễ / late: ${late.join(', ')}` : ''}${next ? ` · hạn tiếp / next due ${next}` : ''}\n`);
          for (const a of r.awaiting) process.stdout.write(`    chờ / awaiting ${a}\n`);
        }
      } finally {
        await db.$disconnect();
      }
    });
}
