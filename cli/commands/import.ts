import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { importCriteriaSetFile, type CriteriaSetImportOutcome } from '../../app/criteria-sets';
import {
  importCommuneGroupsFile,
  importCriteriaFile,
  importUnitsFile,
  type CommuneGroupsImportOutcome,
  type CriteriaImportOutcome,
  type UnitsImportOutcome,
} from '../../app/imports';
import { formatVnDate, localDate } from '../../domain/calendar';
import { COMMUNE_GROUP_DEFINITIONS, type RejectedRow } from '../../domain/import';
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
    .description(
      'Đơn vị hành chính / administrative units: level,code,name,parent (code optional); with validity and succession: level,code,name,parent,validFrom,validTo,predecessors,source',
    )
    .option('--partial', 'chỉ nhập các dòng hợp lệ / write only the good rows', false)
    .option('--json', 'kết quả dạng JSON / print the outcome as JSON', false)
    .option('--actor <id>', 'người nhập / who imports', 'cli')
    .action(async (file: string, opts: { partial: boolean; json: boolean; actor: string }) => {
      const o = await withDb((db) => importUnitsFile({ db }, { path: file, partial: opts.partial, actorId: opts.actor }));
      reportUnits(o, opts.json);
    });
  imp
    .command('commune-groups <file>')
    .description('Nhóm xã (bộ tiêu chí 2026-2030) / commune groups: unit,group,source (unit = mã hoặc tên xã / code or name; group = 1, 2, 3)')
    .requiredOption('--as-of <dd/mm/yyyy>', 'ngày của danh sách xã (xã phải còn hiệu lực) / the date whose communes the file names', vnDateOption)
    .option('--json', 'kết quả dạng JSON / print the outcome as JSON', false)
    .option('--actor <id>', 'người nhập / who imports', 'cli')
    .addHelpText('after', `\n${groupDefinitionsText()}`)
    .action(async (file: string, opts: { asOf: string; json: boolean; actor: string }) => {
      const o = await withDb((db) => importCommuneGroupsFile({ db }, { path: file, asOf: opts.asOf, actorId: opts.actor }));
      reportCommuneGroups(o, opts.json);
    });
  imp
    .command('criteria-set <file>')
    .description(
      'Bộ tiêu chí / a criteria set: JSON (CriteriaSet) or the annex table (.csv/.xlsx: criterion,indicator,unit,threshold,group_1..3 or region_*,source,sourced) filling the frame of --set',
    )
    .option('--set <id>', 'bộ tiêu chí làm khung (bắt buộc với .csv/.xlsx) / the set whose frame the table fills (required for .csv/.xlsx)')
    .option('--version <n>', 'phiên bản tạo ra / version to create', (v: string) => Number(v))
    .option('--json', 'kết quả dạng JSON / print the outcome as JSON', false)
    .option('--actor <id>', 'người nhập / who imports', 'cli')
    .action(async (file: string, opts: { set?: string; version?: number; json: boolean; actor: string }) => {
      const o = await withDb((db) => importCriteriaSetFile(db, { path: file, setId: opts.set, version: opts.version, actorId: opts.actor }));
      reportCriteriaSet(o, opts.json);
    });
}

const SET_STATUS: Record<CriteriaSetImportOutcome['status'], string> = {
  created: '✓ Đã nạp bộ tiêu chí mới / new set loaded',
  'new-version': '✓ Đã nạp phiên bản mới / new version loaded',
  replaced: '✓ Đã thay nội dung phiên bản (chưa hồ sơ nào dùng) / version replaced (no dossier uses it)',
  unchanged: '✓ Nội dung không đổi, không ghi gì / same content, nothing written',
};

function reportCriteriaSet(o: CriteriaSetImportOutcome, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${SET_STATUS[o.status]}: ${o.id} v${o.version} (${o.fileName})\n`);
  process.stdout.write(
    `  ${o.criteria} tiêu chí / criteria · ${o.indicators} chỉ tiêu / indicators · ${o.thresholds} ngưỡng / thresholds (${o.sourcedThresholds} có nguồn / sourced)\n`,
  );
  if (o.sameContentAs !== undefined) process.stdout.write(`  ⚠ cùng nội dung với phiên bản ${o.sameContentAs} / same content as version ${o.sameContentAs}\n`);
}

/** The commune groups as the 2026-2030 set defines them (final decision), and the draft's reversed numbering. */
function groupDefinitionsText(): string {
  const d = COMMUNE_GROUP_DEFINITIONS;
  const lines = ['Nhóm xã / commune groups:'];
  for (const g of d.groups) lines.push(`  ${g.nameVi}: ${g.definitionVi}`, `      ${g.nameEn}: ${g.definitionEn}`);
  if (d.source) lines.push(`  Nguồn / source: ${d.source}`);
  if (d.warningVi) lines.push(`  ⚠ ${d.warningVi}`);
  if (d.warningEn) lines.push(`    ${d.warningEn}`);
  return `${lines.join('\n')}\n`;
}

const GROUP_STATUS: Record<CommuneGroupsImportOutcome['status'], string> = {
  imported: '✓ Đã nhập nhóm xã / commune groups imported',
  unchanged: '✓ Các nhóm đã đúng như tệp, không ghi gì / every group already as the file says, nothing written',
  rejected: '✗ Không nhập gì / nothing imported',
  'already-imported': '✓ Tệp này đã được nhập trước đó, không thay đổi gì / already imported, nothing changed',
};

function reportCommuneGroups(o: CommuneGroupsImportOutcome, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
  else {
    process.stdout.write(`${GROUP_STATUS[o.status]}: ${o.fileName} (${formatVnDate(localDate(o.asOf))})${o.batchId ? ` lô / batch ${o.batchId}` : ''}\n`);
    process.stdout.write(
      `  ${o.rows} dòng / rows · ${o.written} xã được xếp nhóm / communes grouped · ${o.unchanged} không đổi / unchanged · ${o.rejected.length} bị từ chối / rejected\n`,
    );
    for (const g of o.groups) {
      if (g.change === 'unchanged') continue;
      const was = g.previous !== undefined ? ` (trước / was ${g.previous})` : '';
      process.stdout.write(`  ${g.unitName}: nhóm / group ${g.group}${was} — ${g.source}\n`);
    }
    printRejected(o.rejected);
    if (o.status !== 'rejected') process.stdout.write(groupDefinitionsText());
  }
  if (o.status === 'rejected') process.exitCode = 1;
}
