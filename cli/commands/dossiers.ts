/**
 * `ntm dossiers list [--overdue] [--unit <code>] [--json]`: dossiers from the status projection; with
 * --overdue, those marked late (a plan deadline passed before the stage was done) or whose next
 * deadline has passed. Pages through the table with a progress bar when it is large.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ReadModels } from '../../app/read-models';
import { formatVnDate, localDateOf, type LocalDate } from '../../domain/calendar';
import { withDb } from '../context';

export function registerDossiers(program: Command): void {
  const dossiers = program.command('dossiers').description('Hồ sơ / dossiers');
  dossiers
    .command('list')
    .description('Liệt kê hồ sơ / list dossiers (from the status projection)')
    .option('--overdue', 'chỉ hồ sơ quá hạn / only overdue dossiers', false)
    .option('--unit <code>', 'trong đơn vị này / within this unit, e.g. dien-bien/tuan-giao')
    .option('--json', 'in dạng JSON / print JSON', false)
    .action(async (opts: { overdue: boolean; unit?: string; json: boolean }) => {
      const rows = await withDb(async (db) => {
        let bar: SingleBar | undefined;
        try {
          return await new ReadModels(db).operatorList({ unitPrefix: opts.unit, overdue: opts.overdue, now: new Date() }, (done, total) => {
            if (!process.stderr.isTTY || total <= 200) return;
            bar ??= new SingleBar({ format: 'Đọc / reading [{bar}] {value}/{total}', stream: process.stderr }, Presets.shades_classic);
            if (done === 0) bar.start(total, 0);
            else bar.update(done);
          });
        } finally {
          bar?.stop();
        }
      });
      const total = rows.length;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ total, items: rows }, null, 2)}\n`);
        return;
      }
      const what = opts.overdue ? 'hồ sơ quá hạn / overdue dossiers' : 'hồ sơ / dossiers';
      process.stdout.write(`${total} ${what}${opts.unit ? ` trong / in ${opts.unit}` : ''}\n`);
      for (const r of rows) {
        const late = Object.entries(r.late).map(([stage, due]) => `${stage} (hạn / due ${formatVnDate(due as LocalDate)})`);
        const next = r.nextDeadline ? formatVnDate(localDateOf(Date.parse(r.nextDeadline))) : undefined;
        process.stdout.write(
          `• ${r.unitName} — ${r.id}\n    ${r.stageVi} / ${r.stage}${late.length ? ` · trễ / late: ${late.join(', ')}` : ''}${next ? ` · hạn tiếp / next due ${next}` : ''}\n`,
        );
        for (const a of r.awaiting) process.stdout.write(`    chờ / awaiting ${a}\n`);
      }
    });
}
