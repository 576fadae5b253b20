import type { Command } from 'commander';
import {
  attainmentWorkbook,
  bandsWorkbook,
  chartSvg,
  criteriaAttainmentReport,
  criteriaBandsReport,
  criteriaMatrixReport,
  matrixWorkbook,
  pipelineReport,
  pipelineWorkbook,
  writeText,
  writeWorkbook,
} from '../../app/reports';
import { appError } from '../../domain/errors';
import { vnDateOption, withDb } from '../context';

const KINDS = ['matrix', 'criteria', 'bands', 'pipeline'] as const;
type Kind = (typeof KINDS)[number];
const FORMATS = ['json', 'xlsx', 'svg'] as const;
type Format = (typeof FORMATS)[number];

interface Opts {
  asOf: string;
  district?: string;
  province?: string;
  set?: string;
  year?: string;
  format: string;
  out?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report <kind>')
    .description('Báo cáo tại một ngày / reports as of a date: matrix | criteria | bands | pipeline')
    .requiredOption('--as-of <dd/mm/yyyy>', 'tính đến ngày / as of this date (from the recorded history)', vnDateOption)
    .option('--district <name|code>', 'một huyện / one district (default: the whole province)')
    .option('--province <name|code>', 'tỉnh, khi có nhiều tỉnh / the province, when there are several')
    .option('--set <id>', 'bộ tiêu chí / criteria set (default: the only one with data)')
    .option('--year <yyyy>', 'năm kế hoạch (pipeline) / plan year (pipeline; default: the as-of year)')
    .option('--format <json|xlsx|svg>', 'định dạng / output format', 'json')
    .option('--out <file>', 'ghi ra tệp / write to this file (required for xlsx)')
    .action(async (kindArg: string, opts: Opts) => {
      if (!(KINDS as readonly string[]).includes(kindArg)) {
        throw appError(
          'REPORT.UNKNOWN_KIND',
          `Không có báo cáo "${kindArg}" (matrix, criteria, bands, pipeline)`,
          `No report "${kindArg}" (matrix, criteria, bands, pipeline)`,
        );
      }
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw appError(
          'REPORT.FORMAT_UNSUPPORTED',
          `Định dạng "${opts.format}" không hỗ trợ (json, xlsx, svg)`,
          `Format "${opts.format}" is not supported (json, xlsx, svg)`,
        );
      }
      const kind = kindArg as Kind;
      const format = opts.format as Format;
      if (format === 'svg' && kind === 'pipeline') {
        throw appError(
          'REPORT.FORMAT_UNSUPPORTED',
          'Báo cáo tiến độ hồ sơ không có biểu đồ; dùng json hoặc xlsx',
          'The pipeline report has no chart; use json or xlsx',
        );
      }
      if (format === 'xlsx' && !opts.out) {
        throw appError('REPORT.OUT_REQUIRED', 'Tệp Excel cần --out <tệp.xlsx>', 'An Excel report needs --out <file.xlsx>');
      }
      const year = opts.year === undefined ? undefined : Number(opts.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
        throw appError('REPORT.INVALID_QUERY', `--year "${opts.year}" không phải năm`, `--year "${opts.year}" is not a year`);
      }
      const query = { asOf: opts.asOf, district: opts.district, province: opts.province, setId: opts.set };
      await withDb(async (db) => {
        const report =
          kind === 'matrix'
            ? await criteriaMatrixReport(db, query)
            : kind === 'criteria'
              ? await criteriaAttainmentReport(db, query)
              : kind === 'bands'
                ? await criteriaBandsReport(db, query)
                : await pipelineReport(db, { ...query, ...(year !== undefined ? { year } : {}) });
        if (format === 'xlsx') {
          const wb =
            report.kind === 'criteria-matrix'
              ? matrixWorkbook(report)
              : report.kind === 'criteria-attainment'
                ? attainmentWorkbook(report)
                : report.kind === 'criteria-bands'
                  ? bandsWorkbook(report)
                  : pipelineWorkbook(report);
          await writeWorkbook(wb, opts.out!);
          process.stdout.write(`✓ ${opts.out}\n`);
          return;
        }
        const text = format === 'svg' && report.kind !== 'dossier-pipeline' ? chartSvg(report) : `${JSON.stringify(report, null, 2)}\n`;
        if (opts.out) {
          await writeText(text, opts.out);
          process.stdout.write(`✓ ${opts.out}\n`);
        } else process.stdout.write(text);
      });
    });
}
