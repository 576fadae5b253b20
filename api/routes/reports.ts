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
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type ExcelJS from 'exceljs';
import { loadUnitsFromDb } from '../../activities/imports';
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
  ReportError,
  resolveScope,
} from '../../activities/reports';
import { authorize, type Principal } from '../../domain/access';
import { LocalDateSchema, parseVnDate, type LocalDate } from '../../domain/calendar';
import type { DomainError } from '../../domain/errors';
import {
  BandsReportSchema,
  CriteriaAttainmentSchema,
  CriteriaMatrixSchema,
  PipelineReportSchema,
  type BandsReport,
  type CriteriaAttainment,
  type CriteriaMatrix,
  type PipelineReport,
} from '../../domain/reports';
import type { Unit } from '../../domain/units';
import type { Db } from '../../prisma/db';
import { apiError, ApiError } from '../errors';
import { errorResponses } from '../schemas';
import { requireUser } from '../server';

export const REPORT_KINDS = ['matrix', 'criteria', 'bands', 'pipeline'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['json', 'xlsx', 'svg'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type AnyReport = CriteriaMatrix | CriteriaAttainment | BandsReport | PipelineReport;

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
  district: z.string().trim().min(1).max(200).optional().meta({ description: 'Mã hoặc tên huyện / a district code or name (e.g. dien-bien/tuan-giao, "Tuần Giáo")' }),
  province: z.string().trim().min(1).max(200).optional().meta({ description: 'Mã hoặc tên tỉnh / a province code or name (default: the widest unit you may read)' }),
  set: z.string().trim().min(1).max(100).optional().meta({ description: 'Bộ tiêu chí / criteria set id (default: the only set with marks by the date)' }),
  format: z.enum(REPORT_FORMATS).default('json').meta({ description: 'json (default), xlsx (the officials’ workbook, a download) or svg (the chart)' }),
});
export type ReportHttpQuery = z.output<typeof ReportHttpQuerySchema>;
const PipelineHttpQuerySchema = ReportHttpQuerySchema.omit({ set: true }).extend({
  year: z.coerce.number().int().min(2000).max(2100).optional().meta({ description: 'Năm kế hoạch / plan year (default: the as-of year)' }),
  format: z.enum(['json', 'xlsx']).default('json').meta({ description: 'json (default) or xlsx (a download); the pipeline has no chart' }),
});

/** The refusal as the API's error body, with the query field it concerns (400 for what the caller typed). */
function reportRefusal(e: DomainError, field: string | undefined): ApiError {
  const path = (f: string) => `querystring.${f}`;
  switch (e.code) {
    case 'REPORT.UNKNOWN_SCOPE':
    case 'REPORT.AMBIGUOUS_SCOPE':
      return new ApiError(400, { ...e, path: path(field ?? 'district') });
    case 'REPORT.SCOPE_REQUIRED':
      return new ApiError(400, { ...e, path: path('province') });
    case 'REPORT.SET_REQUIRED':
    case 'CRITERIA.UNKNOWN_SET':
      return new ApiError(400, { ...e, path: path('set') });
    case 'REPORT.INVALID_QUERY':
      return new ApiError(400, e);
    default:
      return apiError(e);
  }
}

/** The units a person may read reports for, widest first (provinces, then districts). */
export function readableScopes(principal: Principal, units: readonly Unit[], at: Date): Unit[] {
  const iso = at.toISOString();
  return units
    .filter((u) => u.level === 'province' || u.level === 'district')
    .filter((u) => authorize(principal, { action: 'report.read', at: iso, unitCode: u.code }) === null)
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'province' ? -1 : 1));
}

export interface ReportRequest {
  kind: ReportKind;
  asOf: LocalDate;
  district?: string | undefined;
  province?: string | undefined;
  set?: string | undefined;
  year?: number | undefined;
}

/**
 * One report for a signed-in person: the scope resolved from the query (default: the widest unit the
 * person may read), 'report.read' checked on it, then the report from the recorded history.
 * Throws ApiError (400 naming the field, 403 out of the person's grants).
 */
export async function readReport(db: Db, principal: Principal, now: Date, q: ReportRequest): Promise<AnyReport> {
  const units = await loadUnitsFromDb(db);
  let scope: Unit;
  try {
    if (q.district || q.province) scope = resolveScope(units, { district: q.district, province: q.province });
    else scope = readableScopes(principal, units, now)[0] ?? resolveScope(units, {});
  } catch (e) {
    if (e instanceof ReportError) throw reportRefusal(e, q.district ? 'district' : 'province');
    throw e;
  }
  const refused = authorize(principal, { action: 'report.read', at: now.toISOString(), unitCode: scope.code });
  if (refused) throw apiError(refused);
  const query = { asOf: q.asOf, setId: q.set, ...(scope.level === 'district' ? { district: scope.code } : { province: scope.code }) };
  try {
    switch (q.kind) {
      case 'matrix':
        return await criteriaMatrixReport(db, query);
      case 'criteria':
        return await criteriaAttainmentReport(db, query);
      case 'bands':
        return await criteriaBandsReport(db, query);
      case 'pipeline':
        return await pipelineReport(db, { ...query, ...(q.year !== undefined ? { year: q.year } : {}) });
    }
  } catch (e) {
    if (e instanceof ReportError) throw reportRefusal(e, undefined);
    throw e;
  }
}

export function workbookOf(report: AnyReport): ExcelJS.Workbook {
  switch (report.kind) {
    case 'criteria-matrix':
      return matrixWorkbook(report);
    case 'criteria-attainment':
      return attainmentWorkbook(report);
    case 'criteria-bands':
      return bandsWorkbook(report);
    case 'dossier-pipeline':
      return pipelineWorkbook(report);
  }
}

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
  pipeline: 'Hồ sơ theo huyện và theo bước, trễ hạn, công nhận trong năm so với chỉ tiêu kế hoạch / dossiers per district by stage, late, recognised against the plan.',
};

const FORMAT_NOTE = ' format=xlsx answers the workbook as a download (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet); format=svg the chart (image/svg+xml).';

export function reportRoutes(deps: { db: Db; clock: () => Date }) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const criteriaRoute = (kind: Exclude<ReportKind, 'pipeline'>, schema: typeof CriteriaMatrixSchema | typeof CriteriaAttainmentSchema | typeof BandsReportSchema, summary: string) =>
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
          const report = await readReport(deps.db, u.principal, deps.clock(), { kind, asOf: q.asOf, district: q.district, province: q.province, set: q.set });
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
        const report = await readReport(deps.db, u.principal, deps.clock(), { kind: 'pipeline', asOf: q.asOf, district: q.district, province: q.province, year: q.year });
        return sendAs(reply, report, q.format) as never;
      },
    );
  };
}
