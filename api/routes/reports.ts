/**
 * The official report tables over HTTP, for any as-of date (answered from the recorded history):
 *
 *   GET /api/reports/matrix     the criteria matrix (a row per commune, district subtotals, province total)
 *   GET /api/reports/criteria   per criterion: communes meeting it, of how many, "55/115 = 47,82%"
 *   GET /api/reports/bands      communes by criteria met (19 / 15-18 / 10-14 / 5-9 / <5) and the average
 *   GET /api/reports/pipeline   dossiers per district by stage, late, recognised this year against the plan
 *
 * Query: asOf (dd/mm/yyyy or yyyy-mm-dd, required), district or province (code or name; default: the
 * widest unit the person may read reports for), set (criteria set; default: the only one with data),
 * year (pipeline only), format=json|xlsx|svg (xlsx: the officials' workbook as a download; svg: the
 * chart, not for the pipeline). The JSON shapes are domain/reports' schemas, so OpenAPI documents them.
 * Authorised with 'report.read' on the report's unit: a person reads reports only inside their grants.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Application } from '../../app';
import { chartSvg, workbookOf, type AnyReport, type ReportKind } from '../../app/reports';
import { LocalDateSchema, parseVnDate, type LocalDate } from '../../domain/calendar';
import { BandsReportSchema, CriteriaAttainmentSchema, CriteriaMatrixSchema, PipelineReportSchema } from '../../domain/reports';
import { requireUser } from '../auth';
import { errorResponses } from '../schemas';

export const REPORT_FORMATS = ['json', 'xlsx', 'svg'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** dd/mm/yyyy (as officials write it) or yyyy-mm-dd, to a real calendar date. */
export const AsOfSchema = z
  .string()
  .trim()
  .min(1)
  .transform((s, ctx): LocalDate => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
      const r = LocalDateSchema.safeParse(s);
      if (r.success) return r.data;
      ctx.addIssue({ code: 'custom', message: `"${s}" không phải ngày có thật / is not a real date` });
      return z.NEVER;
    }
    const r = parseVnDate(s);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: `${r.error.messageVi} / ${r.error.messageEn} (dd/mm/yyyy hoặc/or yyyy-mm-dd)` });
    return z.NEVER;
  })
  .meta({ description: 'Tính đến ngày / as of this date: dd/mm/yyyy or yyyy-mm-dd', example: '31/12/2020' });

export const ReportHttpQuerySchema = z.object({
  asOf: AsOfSchema,
  district: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Mã hoặc tên huyện / a district code or name (e.g. dien-bien/tuan-giao, "Tuần Giáo")' }),
  province: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Mã hoặc tên tỉnh / a province code or name (default: the widest unit you may read)' }),
  set: z.string().trim().min(1).max(100).optional().meta({ description: 'Bộ tiêu chí / criteria set id (default: the only set with marks by the date)' }),
  format: z.enum(REPORT_FORMATS).default('json').meta({ description: 'json (default), xlsx (the officials’ workbook, a download) or svg (the chart)' }),
});
export type ReportHttpQuery = z.output<typeof ReportHttpQuerySchema>;
const PipelineHttpQuerySchema = ReportHttpQuerySchema.omit({ set: true }).extend({
  year: z.coerce.number().int().min(2000).max(2100).optional().meta({ description: 'Năm kế hoạch / plan year (default: the as-of year)' }),
  format: z.enum(['json', 'xlsx']).default('json').meta({ description: 'json (default) or xlsx (a download); the pipeline has no chart' }),
});

const FILE_TITLES: Record<AnyReport['kind'], { ascii: string; vi: string }> = {
  'criteria-matrix': { ascii: 'ma-tran-tieu-chi', vi: 'Ma trận tiêu chí' },
  'criteria-attainment': { ascii: 'ty-le-dat-tieu-chi', vi: 'Tỷ lệ đạt tiêu chí' },
  'criteria-bands': { ascii: 'nhom-xa-theo-tieu-chi', vi: 'Nhóm xã theo số tiêu chí' },
  'dossier-pipeline': { ascii: 'tien-do-ho-so', vi: 'Tiến độ hồ sơ' },
};

/**
 * `attachment; filename="ma-tran-tieu-chi_dien-bien-tuan-giao_2020-12-31.xlsx"; filename*=UTF-8''Ma%20tr%E1%BA%ADn…`:
 * an ASCII name every client accepts, and the Vietnamese one (RFC 6266 / 5987) for those that read it.
 */
export function downloadName(report: AnyReport, ext: 'xlsx' | 'svg' | 'json'): { ascii: string; header: string } {
  const t = FILE_TITLES[report.kind];
  const ascii = `${t.ascii}_${report.scope.code.replace(/[^a-z0-9-]+/gi, '-')}_${report.asOf}.${ext}`;
  const vi = `${t.vi} - ${report.scope.name} - ${report.asOf.split('-').reverse().join('-')}.${ext}`;
  const star = encodeURIComponent(vi).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return { ascii, header: `attachment; filename="${ascii}"; filename*=UTF-8''${star}` };
}

async function sendAs(reply: FastifyReply, report: AnyReport, format: ReportFormat): Promise<FastifyReply | AnyReport> {
  if (format === 'json') return report;
  if (format === 'xlsx') {
    const buffer = Buffer.from(await workbookOf(report).xlsx.writeBuffer());
    return reply
      .header('content-disposition', downloadName(report, 'xlsx').header)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(buffer as never);
  }
  if (report.kind === 'dossier-pipeline') throw new Error('unreachable: the pipeline query has no svg format');
  return reply
    .header('content-disposition', downloadName(report, 'svg').header.replace(/^attachment/, 'inline'))
    .type('image/svg+xml; charset=utf-8')
    .send(chartSvg(report) as never);
}

const DESCRIPTIONS: Record<ReportKind, string> = {
  matrix:
    'Kết quả thực hiện bộ tiêu chí: mỗi xã một dòng, mỗi tiêu chí một cột, tổng theo huyện và toàn tỉnh / the criteria matrix: a row per commune, a column per criterion, district and province totals.',
  criteria: 'Số xã đạt từng tiêu chí trên tổng số xã, tỷ lệ hai chữ số thập phân ("55/115 = 47,82%") / communes meeting each criterion.',
  bands: 'Số xã đạt 19, 15-18, 10-14, 5-9, dưới 5 tiêu chí; bình quân tiêu chí/xã / communes per band and the average criteria per commune.',
  pipeline:
    'Hồ sơ theo huyện và theo bước, trễ hạn, công nhận trong năm so với chỉ tiêu kế hoạch / dossiers per district by stage, late, recognised against the plan.',
};

const FORMAT_NOTE =
  ' format=xlsx answers the workbook as a download (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet); format=svg the chart (image/svg+xml).';

export const reportRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const criteriaRoute = (
    kind: Exclude<ReportKind, 'pipeline'>,
    schema: typeof CriteriaMatrixSchema | typeof CriteriaAttainmentSchema | typeof BandsReportSchema,
    summary: string,
  ) =>
    r.get(
      `/api/reports/${kind}`,
      {
        schema: {
          tags: ['reports'],
          summary,
          description: DESCRIPTIONS[kind] + FORMAT_NOTE,
          querystring: ReportHttpQuerySchema,
          response: { 200: schema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const u = requireUser(req);
        const q = req.query;
        const report = await application.reports.read(u.principal, { kind, asOf: q.asOf, district: q.district, province: q.province, set: q.set });
        return sendAs(reply, report, q.format) as never;
      },
    );
  criteriaRoute('matrix', CriteriaMatrixSchema, 'Ma trận tiêu chí / criteria matrix as of a date');
  criteriaRoute('criteria', CriteriaAttainmentSchema, 'Tỷ lệ xã đạt từng tiêu chí / attainment per criterion as of a date');
  criteriaRoute('bands', BandsReportSchema, 'Số xã theo số tiêu chí đạt / communes by criteria met as of a date');

  r.get(
    '/api/reports/pipeline',
    {
      schema: {
        tags: ['reports'],
        summary: 'Tiến độ hồ sơ / dossier pipeline as of a date',
        description: `${DESCRIPTIONS.pipeline} format=xlsx answers the workbook as a download.`,
        querystring: PipelineHttpQuerySchema,
        response: { 200: PipelineReportSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const q = req.query;
      const report = await application.reports.read(u.principal, { kind: 'pipeline', asOf: q.asOf, district: q.district, province: q.province, year: q.year });
      return sendAs(reply, report, q.format) as never;
    },
  );
};
