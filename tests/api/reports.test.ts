/**
 * The report routes against the whole engine (Temporal dev server, worker, SQLite, real accounts), on
 * seed 004's Tuần Giáo rows imported twice (31/12/2020, and a changed sheet as of 30/06/2021):
 * every route's JSON, the workbook download read back cell by cell, the SVG chart, point in time,
 * 401 without a session, 403 outside the person's grants, 400 naming the query field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { importCriteriaFile } from '../../app/imports';
import { MATRIX_LAYOUT } from '../../app/reports';
import { localDateOf } from '../../domain/calendar';
import { BandsReportSchema, CriteriaAttainmentSchema, CriteriaMatrixSchema, PipelineReportSchema } from '../../domain/reports';
import { FIXTURES, tempDir, writeTemp } from '../import/db-helpers';
import { COMMUNE, PASSWORD, startEngine, type RunningApp } from '../support/app';

jest.setTimeout(180_000);

const SET = 'commune-ntm-2016-2020';
const TUAN_GIAO_SUMS = [18, 12, 18, 10, 14, 11, 18, 16, 12, 0, 0, 18, 11, 13, 2, 12, 9, 14, 18];

let engine: RunningApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  engine = await startEngine();
  const deps = { db: engine.t.db, now: () => new Date('2021-01-05T02:00:00Z') };
  const first = await importCriteriaFile(deps, { path: join(FIXTURES, 'tuan-giao-2020.csv'), setId: SET, asOf: '2020-12-31' });
  expect(first.status).toBe('imported');
  // Six months later: Quài Cang meets 15, Pú Xi meets 2, Ta Ma loses 5.
  const later = readFileSync(join(FIXTURES, 'tuan-giao-2020.csv'), 'utf8')
    .replace(/Xã Quài Cang,((?:[^,]*,){14})(?=,)/, (_, first14: string) => `Xã Quài Cang,${first14}1`)
    .replace('Xã Pú Xi,1,,1', 'Xã Pú Xi,1,1,1')
    .replace('Xã Ta Ma,1,,1,,1,', 'Xã Ta Ma,1,,1,,,');
  await importCriteriaFile(
    { ...deps, now: () => new Date('2021-07-02T02:00:00Z') },
    { path: writeTemp(tempDir('ntm-api-report-'), 'tuan-giao-2021-06.csv', later), setId: SET, asOf: '2021-06-30' },
  );
  for (const u of ['xa.quai-cang', 'huyen.vpdp', 'tinh.vpdp', 'tinh.thanhtra', 'quantri']) {
    const r = await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: u, password: PASSWORD } });
    tokens[u] = (r.json() as { token: string }).token;
  }
});

afterAll(async () => {
  await engine?.close();
});

type ErrorBody = { error: { code: string; path?: string; messageVi: string; messageEn: string } };
async function get(user: string | undefined, url: string) {
  const r = await engine.app.inject({ method: 'GET', url, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
  return { status: r.statusCode, headers: r.headers, raw: r.rawPayload, text: r.payload, json: <T = Record<string, unknown>>() => r.json() as T };
}

describe('GET /api/reports/matrix', () => {
  it('gives a district office its own district’s matrix by default, summed from the marks (226, not the sheet’s 223)', async () => {
    const r = await get('huyen.vpdp', '/api/reports/matrix?asOf=31/12/2020');
    expect(r.status).toBe(200);
    const m = CriteriaMatrixSchema.parse(r.json());
    expect(m).toMatchObject({
      kind: 'criteria-matrix',
      setId: SET,
      asOf: '2020-12-31',
      scope: { code: 'dien-bien/tuan-giao', level: 'district', name: 'Tuần Giáo' },
    });
    expect(m.districts).toHaveLength(1);
    expect(m.districts[0]!.sums).toEqual(TUAN_GIAO_SUMS);
    expect(m.totals).toMatchObject({ total: 226, communesWithData: 18, communesInScope: 18 });
    expect(m.districts[0]!.communes.find((c) => c.name === 'Pú Xi')).toMatchObject({ total: 7, hasData: true });
  });

  it('gives the province to a provincial inspector, every commune listed, those without data counted nowhere', async () => {
    const r = await get('tinh.thanhtra', '/api/reports/matrix?asOf=2020-12-31');
    expect(r.status).toBe(200);
    const m = CriteriaMatrixSchema.parse(r.json());
    expect(m.scope).toEqual({ code: 'dien-bien', name: 'Điện Biên', level: 'province' });
    expect(m.districts).toHaveLength(10);
    expect(m.totals).toMatchObject({ communesWithData: 18, communesInScope: 115, total: 226 });
    expect(m.totals.sums).toEqual(TUAN_GIAO_SUMS);
  });

  it('answers a past date from the recorded history: exactly the three changes of 30/06/2021 apart', async () => {
    const before = CriteriaMatrixSchema.parse((await get('tinh.vpdp', '/api/reports/matrix?asOf=15/03/2021&district=Tu%E1%BA%A7n%20Gi%C3%A1o')).json());
    const after = CriteriaMatrixSchema.parse((await get('tinh.vpdp', `/api/reports/matrix?asOf=31/12/2021&district=dien-bien/tuan-giao&set=${SET}`)).json());
    expect([before.totals.total, after.totals.total]).toEqual([226, 227]);
    const changed: string[] = [];
    before.districts[0]!.communes.forEach((c, i) =>
      c.marks.forEach((m, k) => {
        const then = after.districts[0]!.communes[i]!.marks[k];
        if (m !== then) changed.push(`${c.name} TC${before.criteria[k]!.code}: ${String(m)}→${String(then)}`);
      }),
    );
    expect(changed.sort()).toEqual(['Pú Xi TC2: false→true', 'Quài Cang TC15: false→true', 'Ta Ma TC5: true→false']);
  });

  it('has no data before the first sheet (every commune listed, nothing counted)', async () => {
    const r = await get('tinh.vpdp', `/api/reports/matrix?asOf=01/06/2020&set=${SET}`);
    expect(r.status).toBe(200);
    expect(r.json<{ totals: unknown }>().totals).toMatchObject({ communesWithData: 0, total: 0, communesInScope: 115 });
  });

  it('downloads the officials’ workbook with a proper file name, read back cell by cell', async () => {
    const r = await get('huyen.vpdp', '/api/reports/matrix?asOf=31/12/2020&format=xlsx');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const cd = String(r.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; filename="ma-tran-tieu-chi_dien-bien-tuan-giao_2020-12-31\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe('Ma trận tiêu chí - Tuần Giáo - 31-12-2020.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const L = MATRIX_LAYOUT;
    const c0 = L.firstCriterionColumn;
    expect(ws.getCell(L.subtitleRow, 1).value).toBe(`(Huyện Tuần Giáo, đến ngày 31/12/2020; bộ tiêu chí ${SET})`);
    const district = ws.getRow(L.firstDataRow);
    expect([district.getCell(1).value, district.getCell(2).value]).toEqual(['I', 'Tuần Giáo']);
    expect(Array.from({ length: 19 }, (_, k) => district.getCell(c0 + k).value)).toEqual(TUAN_GIAO_SUMS);
    expect(district.getCell(c0 + 19).value).toBe(226);
  });

  it('draws the attainment chart as SVG, one bar per criterion', async () => {
    const r = await get('huyen.vpdp', '/api/reports/matrix?asOf=31/12/2020&format=svg');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(r.text.startsWith('<svg')).toBe(true);
    expect(r.text.match(/class="bar"/g)).toHaveLength(19);
    expect(r.text).toContain('data-label="TC8" data-value="8888"'); // 16/18, cut at two decimals
  });
});

describe('GET /api/reports/criteria and /api/reports/bands', () => {
  it('gives per criterion the communes meeting it out of those with data, printed as the officials print it', async () => {
    const r = await get('huyen.vpdp', '/api/reports/criteria?asOf=31/12/2020');
    expect(r.status).toBe(200);
    const a = CriteriaAttainmentSchema.parse(r.json());
    expect(a.units).toBe(18);
    expect(a.rows.map((x) => x.met)).toEqual(TUAN_GIAO_SUMS);
    expect(a.rows.find((x) => x.code === '2')).toMatchObject({ met: 12, of: 18, percent: 66.66, textVi: '12/18 = 66,66%' });
    expect(a.rows.find((x) => x.code === '8')!.textVi).toBe('16/18 = 88,88%');
  });

  it('puts the communes in the bands 19 / 15-18 / 10-14 / 5-9 / <5 and averages the criteria met', async () => {
    const r = await get('tinh.thanhtra', '/api/reports/bands?asOf=31/12/2020');
    expect(r.status).toBe(200);
    const b = BandsReportSchema.parse(r.json());
    expect(Object.fromEntries(b.bands.map((x) => [x.id, x.count]))).toEqual({ all: 0, '15-18': 5, '10-14': 9, '5-9': 4, 'below-5': 0 });
    expect(b).toMatchObject({ units: 18, totalCriteriaMet: 226, average: 12.56, averageVi: '12,56' });
  });

  it('serves both as workbooks and charts', async () => {
    const x = await get('huyen.vpdp', '/api/reports/criteria?asOf=31/12/2020&format=xlsx');
    expect(x.status).toBe(200);
    expect(String(x.headers['content-disposition'])).toContain('filename="ty-le-dat-tieu-chi_dien-bien-tuan-giao_2020-12-31.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(4 + 7).getCell(5).value).toBe('16/18 = 88,88%');
    const s = await get('huyen.vpdp', '/api/reports/bands?asOf=31/12/2020&format=svg');
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(s.text.match(/class="bar"/g)).toHaveLength(5);
    const bx = await get('huyen.vpdp', '/api/reports/bands?asOf=31/12/2020&format=xlsx');
    expect(String(bx.headers['content-disposition'])).toContain('filename="nhom-xa-theo-tieu-chi_dien-bien-tuan-giao_2020-12-31.xlsx"');
  });
});

describe('GET /api/reports/pipeline', () => {
  it('reports a 2024 dossier opened today by the units of today: the two-tier province, its abolished commune unplaced', async () => {
    const opened = await engine.app.inject({
      method: 'POST',
      url: '/api/dossiers',
      headers: { authorization: `Bearer ${tokens['huyen.vpdp']}` },
      payload: { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: 2024 },
    });
    expect(opened.statusCode).toBe(201);
    const id = (opened.json() as { dossierId: string }).dossierId;
    // Vietnam's today (after 1/7/2025): Điện Biên has no districts, so the province is one block of its
    // 45 communes; Quài Cang was abolished on 1/7/2025 and its successor is not sourced, so the dossier
    // is named as unplaced, never counted under a guessed commune.
    const today = localDateOf(Date.now());
    const pipeline = async (asOf: string) => PipelineReportSchema.parse((await get('tinh.vpdp', `/api/reports/pipeline?asOf=${asOf}&year=2024`)).json());
    let p = await pipeline(today);
    for (let i = 0; i < 100 && !p.unplaced.includes(id); i++) {
      await new Promise((res) => setTimeout(res, 100));
      p = await pipeline(today);
    }
    expect(p).toMatchObject({ kind: 'dossier-pipeline', year: 2024, scope: { code: 'dien-bien', level: 'province' } });
    expect(p.unplaced).toEqual([id]);
    expect(p.districts.map((d) => d.code)).toEqual(['dien-bien']);
    expect(p.districts.some((d) => d.code === 'dien-bien/tuan-giao')).toBe(false);
    expect(p.totals.total).toBe(0);
    // Before the dossier was opened there was nothing, in the three-tier world of that date.
    const earlier = await pipeline('31/12/2020');
    expect(earlier.totals.total).toBe(0);
    expect(earlier.unplaced).toEqual([]);
    expect(earlier.districts.map((d) => d.code)).toContain('dien-bien/tuan-giao');
  });

  it("keeps the forecast of the plan year's registered units in the JSON (issue 16): status and reasons in words, names not codes", async () => {
    const r = await get('huyen.vpdp', '/api/reports/pipeline?asOf=30/06/2024&year=2024');
    expect(r.status).toBe(200);
    const raw = r.json<{ forecast?: { year: number; asOf: string; forecasts: Record<string, unknown>[]; counts: Record<string, number> }[] }>();
    expect(Array.isArray(raw.forecast)).toBe(true);
    const plan = raw.forecast!.find((f) => f.year === 2024)!;
    expect(plan).toMatchObject({ year: 2024, asOf: '2024-06-30' });
    expect(plan.forecasts.length).toBeGreaterThan(0);
    for (const f of plan.forecasts) {
      expect(['on_track', 'at_risk', 'will_miss']).toContain(f.status);
      expect(f.unitName).toMatch(/^(Xã|Thị trấn|Thôn|Bản) /);
      expect((f.reasons as { vi: string; en: string }[]).length).toBeGreaterThan(0);
      expect(f.summaryVi).toEqual(expect.stringMatching(/tiêu chí/));
    }
    expect(Object.values(plan.counts).reduce((a, b) => a + b, 0)).toBe(plan.forecasts.length);
    // The schema the route answers with is the one that keeps it.
    expect(PipelineReportSchema.parse(raw).forecast).toEqual(raw.forecast);
  });

  it('downloads the pipeline workbook, and refuses a chart of it naming the field', async () => {
    const x = await get('huyen.vpdp', '/api/reports/pipeline?asOf=31/12/2024&format=xlsx');
    expect(x.status).toBe(200);
    expect(String(x.headers['content-disposition'])).toContain('filename="tien-do-ho-so_dien-bien-tuan-giao_2024-12-31.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell(4, 1).value).toBe('Tuần Giáo');
    const svg = await get('huyen.vpdp', '/api/reports/pipeline?asOf=31/12/2024&format=svg');
    expect(svg.status).toBe(400);
    expect(svg.json<ErrorBody>().error).toMatchObject({ code: 'INPUT.INVALID', path: 'querystring.format' });
  });
});

describe('refusals', () => {
  const routes = ['matrix', 'criteria', 'bands', 'pipeline'];

  it('answers 401 on every route without a session', async () => {
    for (const k of routes) {
      const r = await get(undefined, `/api/reports/${k}?asOf=31/12/2020`);
      expect(r.status).toBe(401);
      expect(r.json<ErrorBody>().error.code).toBe('AUTH.UNAUTHENTICATED');
    }
  });

  it('answers 403 outside the person’s grants, on every route', async () => {
    for (const k of routes) {
      // The district office asks for the province, or for another district.
      const province = await get('huyen.vpdp', `/api/reports/${k}?asOf=31/12/2020&province=dien-bien`);
      expect(province.status).toBe(403);
      expect(province.json<ErrorBody>().error.code).toBe('AUTH.OUT_OF_JURISDICTION');
      const other = await get('huyen.vpdp', `/api/reports/${k}?asOf=31/12/2020&district=M%C6%B0%E1%BB%9Dng%20Ch%C3%A0`);
      expect(other.status).toBe(403);
      // A commune official reads reports of the commune only: no district or province table.
      expect((await get('xa.quai-cang', `/api/reports/${k}?asOf=31/12/2020`)).status).toBe(403);
      // The administrator manages people and reads no reports.
      const admin = await get('quantri', `/api/reports/${k}?asOf=31/12/2020`);
      expect(admin.status).toBe(403);
      expect(admin.json<ErrorBody>().error.code).toBe('AUTH.FORBIDDEN_ROLE');
    }
  });

  it.each([
    ['matrix', '', 'querystring.asOf'],
    ['matrix', 'asOf=31/02/2021', 'querystring.asOf'],
    ['criteria', 'asOf=2021-13-01', 'querystring.asOf'],
    ['bands', 'asOf=yesterday', 'querystring.asOf'],
    ['matrix', 'asOf=31/12/2020&format=pdf', 'querystring.format'],
    ['pipeline', 'asOf=31/12/2020&year=1999', 'querystring.year'],
    ['pipeline', 'asOf=31/12/2020&year=hai-nghin', 'querystring.year'],
  ])('refuses /api/reports/%s?%s with 400 naming %s', async (kind, query, path) => {
    const r = await get('tinh.vpdp', `/api/reports/${kind}?${query}`);
    expect(r.status).toBe(400);
    const e = r.json<ErrorBody>().error;
    expect(e).toMatchObject({ code: 'INPUT.INVALID', path });
    expect(e.messageVi).toBeTruthy();
    expect(e.messageEn).toBeTruthy();
  });

  it('refuses a district or criteria set it cannot find with 400 naming the field, in both languages', async () => {
    const d = await get('tinh.vpdp', '/api/reports/matrix?asOf=31/12/2020&district=Huy%E1%BB%87n%20Kh%C3%B4ng%20C%C3%B3');
    expect(d.status).toBe(400);
    expect(d.json<ErrorBody>().error).toMatchObject({ code: 'REPORT.UNKNOWN_SCOPE', path: 'querystring.district' });
    const p = await get('tinh.vpdp', '/api/reports/bands?asOf=31/12/2020&province=Lai%20Ch%C3%A2u');
    expect(p.status).toBe(400);
    expect(p.json<ErrorBody>().error).toMatchObject({ code: 'REPORT.UNKNOWN_SCOPE', path: 'querystring.province' });
    const s = await get('tinh.vpdp', '/api/reports/criteria?asOf=31/12/2020&set=bo-tieu-chi-khong-co');
    expect(s.status).toBe(400);
    expect(s.json<ErrorBody>().error).toMatchObject({ code: 'CRITERIA.UNKNOWN_SET', path: 'querystring.set' });
    expect(s.json<ErrorBody>().error.messageVi).toContain('bo-tieu-chi-khong-co');
  });
});

describe('OpenAPI', () => {
  it('documents the four report routes with their query and the report shapes', async () => {
    const doc = (await get(undefined, '/api/openapi.json')).json<{
      paths: Record<
        string,
        {
          get?: {
            parameters?: { name: string; in: string; required?: boolean }[];
            responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
          };
        }
      >;
    }>();
    for (const [path, field] of [
      ['/api/reports/matrix', 'districts'],
      ['/api/reports/criteria', 'rows'],
      ['/api/reports/bands', 'bands'],
      ['/api/reports/pipeline', 'stages'],
    ] as const) {
      const op = doc.paths[path]?.get;
      expect(op).toBeDefined();
      const params = op!.parameters ?? [];
      expect(params.find((p) => p.name === 'asOf')).toMatchObject({ in: 'query', required: true });
      expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(['district', 'province', 'format']));
      expect(Object.keys(op!.responses['200']!.content!['application/json']!.schema.properties ?? {})).toEqual(
        expect.arrayContaining(['kind', 'asOf', 'scope', field]),
      );
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
    expect(doc.paths['/api/reports/pipeline']!.get!.parameters!.map((p) => p.name)).toContain('year');
  });
});
