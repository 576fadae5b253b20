/**
 * Issue 14: plan years over HTTP and in the web UI against the whole engine (Temporal dev server, worker,
 * SQLite, real accounts): create, change with the version token (the second of two concurrent saves
 * refused, nothing lost), a registration outside the office's area refused, a spreadsheet with one bad
 * row refused naming line and column (nothing written), dd/mm/yyyy dates, every change audited, the
 * campaign started from the plan; the plan page renders names and dates, not codes.
 */
import { NEIGHBOUR, PASSWORD, startEngine, type RunningApp } from '../support/app';
import { shiftedPlan } from '../support/plans';

jest.setTimeout(240_000);

let engine: RunningApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  engine = await startEngine();
  // A 2031 plan falls under the 2026-2030-and-after criteria, which a commune opens only with its group.
  // (These are the seeds' three-tier units: plan editing does not yet refuse units outside their validity.)
  await engine.t.db.unit.updateMany({ where: { code: { startsWith: 'dien-bien/tuan-giao/' }, level: 'commune' }, data: { communeGroup: 2 } });
  for (const u of ['huyen.vpdp', 'xa.quai-cang']) {
    const r = await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: u, password: PASSWORD } });
    tokens[u] = (r.json() as { token: string }).token;
  }
});
afterAll(async () => {
  await engine?.close();
});

type Json = Record<string, unknown> & { error?: { code: string; path?: string; messageVi: string; messageEn: string; details?: Record<string, unknown> } };
async function call(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<{ status: number; body: Json }> {
  const r = await engine.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${tokens[user]}` } });
  return { status: r.statusCode, body: r.json() as Json };
}

const YEAR = 2031;
const ID = encodeURIComponent(`${YEAR}:dien-bien/tuan-giao`);

it('creates, changes and imports a plan year with optimistic concurrency and exact refusals; every change audited; the campaign starts from it', async () => {
  const input = JSON.parse(JSON.stringify(shiftedPlan(YEAR))) as {
    deadlines: { due: string }[];
    registrations: { unitCode: string; unitName: string; title: string }[];
  };
  input.deadlines[0]!.due = `31/08/${YEAR}`; // dd/mm/yyyy as the letters write it
  expect((await call('xa.quai-cang', 'POST', '/api/plans', { plan: input })).status).toBe(403);
  const created = await call('huyen.vpdp', 'POST', '/api/plans', { plan: input, reasonVi: 'Kế hoạch năm mới' });
  expect(created.status).toBe(201);
  const v1 = created.body.version as string;
  expect((created.body.plan as { deadlines: { due: string }[] }).deadlines[0]!.due).toBe(`${YEAR}-08-31`);

  // A registration outside the district (a Mường Ảng commune) is refused, the field named.
  const outside = structuredClone(input);
  outside.registrations[2] = { unitCode: 'dien-bien/muong-ang/ang-to', unitName: 'Xã Ẳng Tở', title: 'commune.dat-chuan' };
  const refusedOutside = await call('huyen.vpdp', 'PUT', `/api/plans/${ID}`, { plan: outside, version: v1 });
  expect(refusedOutside.status).toBe(403);
  expect(refusedOutside.body.error).toMatchObject({ code: 'PLAN.OUT_OF_JURISDICTION', path: 'registrations.2.unitCode' });
  expect(refusedOutside.body.error!.messageVi).toContain('Xã Áng Tờ không thuộc địa bàn của Huyện Tuần Giáo');

  // Two offices opened version 1; the first save wins, the second is refused (409) and changes nothing.
  const a = structuredClone(input);
  a.registrations = a.registrations.slice(0, 2);
  const b = structuredClone(input);
  b.deadlines[0]!.due = `15/08/${YEAR}`;
  const first = await call('huyen.vpdp', 'PUT', `/api/plans/${ID}`, { plan: a, version: v1, reasonVi: 'Chiềng Sinh rút đăng ký' });
  expect(first.status).toBe(200);
  const second = await call('huyen.vpdp', 'PUT', `/api/plans/${ID}`, { plan: b, version: v1, reasonVi: 'đổi hạn' });
  expect(second.status).toBe(409);
  expect(second.body.error).toMatchObject({ code: 'PLAN.STALE', path: 'version' });
  expect(second.body.error!.messageVi).not.toMatch(/[a-z]+ [a-z]+ changed/i);
  const now = await call('huyen.vpdp', 'GET', `/api/plans/${ID}`);
  expect((now.body.plan as { registrations: unknown[]; deadlines: { due: string }[] }).registrations).toHaveLength(2);
  expect((now.body.plan as { deadlines: { due: string }[] }).deadlines[0]!.due).toBe(`${YEAR}-08-31`);
  const v2 = now.body.version as string;
  expect(v2).not.toBe(v1);

  // A sheet with one bad row among good ones: refused whole, line and column named, nothing written.
  const audits = await engine.t.db.auditRecord.count({ where: { action: { startsWith: 'plan.' } } });
  const bad = [
    'kind,unit,title,stage,due,description',
    'đăng ký,Xã Quài Cang,commune.dat-chuan,,,',
    'đăng ký,Xã Quài Nưa,commune.dat-chuan,,,',
    `hạn,,commune.dat-chuan;commune.co-ban-dat-chuan,commune.submit,31/09/${YEAR},Xã nộp hồ sơ`,
  ].join('\n');
  const refusedSheet = await call('huyen.vpdp', 'POST', `/api/plans/${ID}/import`, {
    filename: 'ke-hoach.csv',
    contentBase64: Buffer.from(bad).toString('base64'),
    version: v2,
  });
  expect(refusedSheet.status).toBe(400);
  expect(refusedSheet.body.error).toMatchObject({ code: 'IMPORT.ROWS_REJECTED', path: 'line 4, column due' });
  expect(refusedSheet.body.error!.messageVi).toContain('Dòng 4, cột due');
  expect(await engine.t.db.auditRecord.count({ where: { action: { startsWith: 'plan.' } } })).toBe(audits);

  const good = bad.replace(`31/09/${YEAR}`, `10/09/${YEAR}`).concat('\nđăng ký,Chiềng Sinh,Xã đạt chuẩn nông thôn mới,,,');
  const imported = await call('huyen.vpdp', 'POST', `/api/plans/${ID}/import`, {
    filename: 'ke-hoach.csv',
    contentBase64: Buffer.from(good).toString('base64'),
    version: v2,
    reasonVi: 'Bảng kế hoạch sửa',
  });
  expect(imported.status).toBe(200);
  const plan = (imported.body.plan as { plan: { registrations: { unitCode: string }[]; deadlines: { id: string; due: string }[] } }).plan;
  expect(plan.registrations.map((r) => r.unitCode)).toEqual(['dien-bien/tuan-giao/quai-cang', NEIGHBOUR, 'dien-bien/tuan-giao/chieng-sinh']);
  expect(plan.deadlines).toEqual([expect.objectContaining({ id: 'commune-dossier', due: `${YEAR}-09-10` })]);

  // Every plan change is in the audit chain, with who.
  const trail = await engine.t.db.auditRecord.findMany({
    where: { action: { startsWith: 'plan.' }, after: { contains: `"year":${YEAR}` } },
    orderBy: { seq: 'asc' },
  });
  expect(trail.map((t) => t.action)).toEqual(['plan.created', 'plan.changed', 'plan.changed']);
  expect(new Set(trail.map((t) => t.actorRole))).toEqual(new Set(['district_office']));

  // The campaign starts from the plan; a second start changes nothing.
  const start = await call('huyen.vpdp', 'POST', `/api/plans/${ID}/campaign`);
  expect(start.body).toMatchObject({ started: true, registrations: 3 });
  expect((await call('huyen.vpdp', 'POST', `/api/plans/${ID}/campaign`)).body).toMatchObject({ started: false });

  // The plan page: names and dd/mm/yyyy, no unit codes.
  const cookie = `ntm_session=${tokens['huyen.vpdp']}`;
  const pageRes = await engine.app.inject({ method: 'GET', url: `/ui/plans/edit?id=${ID}`, headers: { cookie } });
  expect(pageRes.statusCode).toBe(200);
  expect(pageRes.body).toContain(`10/09/${YEAR}`);
  expect(pageRes.body).toMatch(/selected>(Xã )?Chiềng Sinh<\/option>/);
  expect(pageRes.body).not.toContain('>dien-bien/tuan-giao/chieng-sinh<');
});
