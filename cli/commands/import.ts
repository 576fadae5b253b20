import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { importCriteriaFile, importUnitsFile, type CriteriaImportOutcome, type UnitsImportOutcome } from '../../app/imports';
import type { RejectedRow } from '../../domain/import';
import { vnDateOption, withDb } from '../context';

/** A progress bar on a terminal, for files with many marks; nothing otherwise. */
function progress(): { onProgress: (done: number, total: number) => void; stop: () => void } {
  let bar: SingleBar | undefined;
  return {
    onProgress(done, total) {
      if (!process.stderr.isTTY || total < 1000) return;
      if (!bar) {
        bar = new SingleBar({ format: 'Ghi / writing [{bar}] {value}/{total}', stream: process.stderr }, Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

function printRejected(rows: readonly RejectedRow[]): void {
  for (const r of rows) for (const f of r.faults) process.stdout.write(`  ✗ ${f.code}: ${f.messageVi}\n      ${f.messageEn}\n`);
}

const STATUS: Record<CriteriaImportOutcome['status'], string> = {
  imported: '✓ Đã nhập / imported',
  partial: '⚠ Đã nhập một phần / partially imported',
  rejected: '✗ Không nhập gì / nothing imported',
  'already-imported': '✓ Tệp này đã được nhập trước đó, không thay đổi gì / already imported, nothing changed',
};

function reportCriteria(o: CriteriaImportOutcome, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
  } else {
    process.stdout.write(`${STATUS[o.status]}: ${o.fileName} (${o.setId}, ${o.asOf})${o.batchId ? ` lô / batch ${o.batchId}` : ''}\n`);
    process.stdout.write(
      `  ${o.rows} dòng / rows · ${o.accepted} nhận / accepted · ${o.rejected.length} bị từ chối / rejected · ${o.written} kết quả ghi mới / marks written · ${o.unchanged} đã có / already recorded\n`,
    );
    for (const w of o.warnings) process.stdout.write(`  ⚠ ${w.code}: ${w.messageVi}\n      ${w.messageEn}\n`);
    printRejected(o.rejected);
    if (o.status === 'rejected' && o.rejected.length > 0) {
      process.stdout.write(
        '  Sửa các dòng trên rồi nhập lại, hoặc dùng --partial để chỉ nhập các dòng hợp lệ / fix the rows above and import again, or use --partial to import only the good rows\n',
      );
    }
  }
  if (o.status === 'rejected') process.exitCode = 1;
}

function reportUnits(o: UnitsImportOutcome, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
  else {
    process.stdout.write(
      `${STATUS[o.status]}: ${o.fileName}\n  ${o.rows} dòng / rows · ${o.created} tạo mới / created · ${o.renamed} đổi tên / renamed · ${o.unchanged} không đổi / unchanged · ${o.rejected.length} bị từ chối / rejected\n`,
    );
    printRejected(o.rejected);
  }
  if (o.status === 'rejected') process.exitCode = 1;
}

export function registerImport(program: Command): void {
  const imp = program.command('import').description('Nhập bảng tính / import spreadsheets (CSV UTF-8 or .xlsx)');
  imp
    .command('criteria <file>')
    .description('Kết quả thực hiện tiêu chí theo xã / criteria status per commune: district,commune,c1..c19[,total]')
    .requiredOption('--set <id>', 'bộ tiêu chí / criteria set, e.g. commune-ntm-2016-2020')
    .requiredOption('--as-of <dd/mm/yyyy>', 'số liệu tính đến ngày / the date the sheet is as of', vnDateOption)
    .option('--partial', 'chỉ nhập các dòng hợp lệ, liệt kê các dòng lỗi / write only the good rows and list the bad ones', false)
    .option('--json', 'kết quả dạng JSON / print the outcome as JSON', false)
    .option('--actor <id>', 'người nhập / who imports', 'cli')
    .action(async (file: string, opts: { set: string; asOf: string; partial: boolean; json: boolean; actor: string }) => {
      const bar = progress();
      try {
        const o = await withDb((db) =>
          importCriteriaFile({ db, onProgress: bar.onProgress }, { path: file, setId: opts.set, asOf: opts.asOf, partial: opts.partial, actorId: opts.actor }),
        );
        bar.stop();
        reportCriteria(o, opts.json);
      } finally {
        bar.stop();
      }
    });
  imp
    .command('units <file>')
    .description('Đơn vị hành chính / administrative units: level,code,name,parent (code optional)')
    .option('--partial', 'chỉ nhập các dòng hợp lệ / write only the good rows', false)
    .option('--json', 'kết quả dạng JSON / print the outcome as JSON', false)
    .option('--actor <id>', 'người nhập / who imports', 'cli')
    .action(async (file: string, opts: { partial: boolean; json: boolean; actor: string }) => {
      const o = await withDb((db) => importUnitsFile({ db }, { path: file, partial: opts.partial, actorId: opts.actor }));
      reportUnits(o, opts.json);
    });
}
