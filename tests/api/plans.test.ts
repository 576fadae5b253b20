/**
 * Issue 14: plan years over HTTP and in the web UI against the whole engine (Temporal dev server, worker,
 * SQLite, real accounts), on the two-tier province plan: create, change with the version token (the second
 * of two concurrent saves refused, nothing lost), a registration outside the office's area refused, a plan
 * or registration of a unit that does not exist in the plan year refused (by its name), a spreadsheet with one bad
 * row refused naming line and column (nothing written), dd/mm/yyyy dates, every change audited, the
 * campaign started from the plan; the plan page renders names and dates, not codes.
 */
import { PASSWORD, startEngine, type RunningApp } from '../support/app';
import { importTestCommuneGroups, shiftedPlan, TWO_TIER_COMMUNES, twoTierPlan } from '../support/plans';

jest.setTimeout(240_000);

let engine: RunningApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  engine = await startEngine();
  // The two-tier province plan's post-merger communes get their group through the real group import.
  await importTestCommuneGroups(engine.t.db);
  for (const u of ['tinh.vpdp', 'huyen.vpdp', 'xa.quai-cang']) {
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

const YEAR = 2028;
const ID = encodeURIComponent(`${YEAR}:dien-bien`);
type PlanInput = { deadlines: { due: string }[]; registrations: { unitCode: string; unitName: string; title: string }[] };
const written = async () => ({
  plans: await engine.t.db.plan.count(),
  audits: await engine.t.db.auditRecord.count({ where: { action: { startsWith: 'plan.' } } }),
});

it('refuses a plan or a registration of a unit that does not exist in the plan year, the unit by its name, nothing written', async () => {
  const before = await written();
  // A 2031 plan of Huyện Tuần Giáo, abolished on 1/7/2025.
  const district = await call('huyen.vpdp', 'POST', '/api/plans', { plan: shiftedPlan(2031) });
  expect(district.status).toBe(400);
  expect(district.body.error).toMatchObject({ code: 'PLAN.UNIT_NOT_IN_FORCE', path: 'unitCode' });
  expect(district.body.error!.messageVi).toContain('Huyện Tuần Giáo không còn tồn tại trong năm 2031 (hiệu lực đến 30/06/2025)');
  expect(district.body.error!.messageEn).toContain('does not exist in 2031');
  // Xã Quài Cang (abolished on 1/7/2025) registered in the province's plan.
  const withOld = JSON.parse(JSON.stringify(twoTierPlan(YEAR))) as PlanInput;
  withOld.registrations.push({ unitCode: 'dien-bien/tuan-giao/quai-cang', unitName: 'Xã Quài Cang', title: 'commune.dat-chuan' });
  const commune = await call('tinh.vpdp', 'POST', '/api/plans', { plan: withOld });
  expect(commune.status).toBe(400);
  expect(commune.body.error).toMatchObject({ code: 'PLAN.UNIT_NOT_IN_FORCE', path: 'registrations.3.unitCode' });
  expect(commune.body.error!.messageVi).toContain(`Đăng ký 4: Xã Quài Cang không tồn tại trong năm ${YEAR} (hiệu lực đến 30/06/2025)`);
  expect(await written()).toEqual(before);
  // The district's units of 2025 (in force until 30/06/2025) still plan 2025; a unit outside the district is refused.
  const y2025 = JSON.parse(JSON.stringify(shiftedPlan(2025))) as PlanInput;
  y2025.registrations[2] = { unitCode: 'dien-bien/muong-ang/ang-to', unitName: 'Xã Ẳng Tở', title: 'commune.dat-chuan' };
  const outside = await call('huyen.vpdp', 'POST', '/api/plans', { plan: y2025 });
  expect(outside.status).toBe(403);
  expect(outside.body.error).toMatchObject({ code: 'PLAN.OUT_OF_JURISDICTION', path: 'registrations.2.unitCode' });
  expect(outside.body.error!.messageVi).toContain('Xã Áng Tờ không thuộc địa bàn của Huyện Tuần Giáo');
  expect(await written()).toEqual(before);
});

it('creates, changes and imports a plan year with optimistic concurrency and exact refusals; every change audited; the campaign starts from it', async () => {
  const input = JSON.parse(JSON.stringify(twoTierPlan(YEAR))) as PlanInput;
  input.deadlines[0]!.due = `31/08/${YEAR}`; // dd/mm/yyyy as the letters write it
  expect((await call('xa.quai-cang', 'POST', '/api/plans', { plan: input })).status).toBe(403);
  const created = await call('tinh.vpdp', 'POST', '/api/plans', { plan: input, reasonVi: 'Kế hoạch năm mới' });
  expect(created.status).toBe(201);
  const v1 = created.body.version as string;
  expect((created.body.plan as { deadlines: { due: string }[] }).deadlines[0]!.due).toBe(`${YEAR}-08-31`);

  // An abolished commune put into the plan by a change is refused too, nothing written.
  const old = structuredClone(input);
  old.registrations[2] = { unitCode: 'dien-bien/tuan-giao/chieng-sinh', unitName: 'Xã Chiềng Sinh', title: 'commune.dat-chuan' };
  const refusedOld = await call('tinh.vpdp', 'PUT', `/api/plans/${ID}`, { plan: old, version: v1 });
  expect(refusedOld.status).toBe(400);
  expect(refusedOld.body.error).toMatchObject({ code: 'PLAN.UNIT_NOT_IN_FORCE', path: 'registrations.2.unitCode' });
  expect(refusedOld.body.error!.messageVi).toContain('Xã Chiềng Sinh không tồn tại trong năm');

  // Two offices opened version 1; the first save wins, the second is refused (409) and changes nothing.
  const a = structuredClone(input);
  a.registrations = a.registrations.slice(0, 2);
  const b = structuredClone(input);
  b.deadlines[0]!.due = `15/08/${YEAR}`;
  const first = await call('tinh.vpdp', 'PUT', `/api/plans/${ID}`, { plan: a, version: v1, reasonVi: 'Chiềng Sinh rút đăng ký' });
  expect(first.status).toBe(200);
  const second = await call('tinh.vpdp', 'PUT', `/api/plans/${ID}`, { plan: b, version: v1, reasonVi: 'đổi hạn' });
  expect(second.status).toBe(409);
  expect(second.body.error).toMatchObject({ code: 'PLAN.STALE', path: 'version' });
  expect(second.body.error!.messageVi).not.toMatch(/[a-z]+ [a-z]+ changed/i);
  const now = await call('tinh.vpdp', 'GET', `/api/plans/${ID}`);
  expect((now.body.plan as { registrations: unknown[]; deadlines: { due: string }[] }).registrations).toHaveLength(2);
  expect((now.body.plan as { deadlines: { due: string }[] }).deadlines[0]!.due).toBe(`${YEAR}-08-31`);
  const v2 = now.body.version as string;
  expect(v2).not.toBe(v1);

  // A sheet with bad rows among good ones (an abolished commune, an impossible date): refused whole, line
  // and column named, nothing written.
  const audits = await engine.t.db.auditRecord.count({ where: { action: { startsWith: 'plan.' } } });
  const bad = [
    'kind,unit,title,stage,due,description',
    'đăng ký,Xã Tuần Giáo,commune.dat-chuan,,,',
    'đăng ký,Xã Quài Tở,commune.dat-chuan,,,',
    'đăng ký,Xã Quài Cang,commune.dat-chuan,,,',
    `hạn,,commune.dat-chuan;commune.co-ban-dat-chuan,commune.submit,31/09/${YEAR},Xã nộp hồ sơ`,
  ].join('\n');
  const refusedSheet = await call('tinh.vpdp', 'POST', `/api/plans/${ID}/import`, {
    filename: 'ke-hoach.csv',
    contentBase64: Buffer.from(bad).toString('base64'),
    version: v2,
  });
  expect(refusedSheet.status).toBe(400);
  expect(refusedSheet.body.error).toMatchObject({ code: 'IMPORT.ROWS_REJECTED', path: 'line 4, column unit' });
  expect(refusedSheet.body.error!.messageVi).toContain(`Dòng 4, cột unit: Xã Quài Cang không tồn tại trong năm ${YEAR} (hiệu lực đến 30/06/2025)`);
  const rejected = (refusedSheet.body.error!.details as { rejected: { line: number; faults: { column: string }[] }[] }).rejected;
  expect(rejected.map((r) => [r.line, r.faults.map((f) => f.column)])).toEqual([
    [4, ['unit']],
    [5, ['due']],
  ]);
  expect(await engine.t.db.auditRecord.count({ where: { action: { startsWith: 'plan.' } } })).toBe(audits);
  // The header row alone (a sheet emptied by mistake) changes nothing and says so.
  const headerOnly = await call('tinh.vpdp', 'POST', `/api/plans/${ID}/import`, {
    filename: 'ke-hoach.csv',
    contentBase64: Buffer.from(bad.split('\n')[0]!).toString('base64'),
    version: v2,
  });
  expect(headerOnly.status).toBe(400);
  expect(headerOnly.body.error).toMatchObject({ code: 'IMPORT.EMPTY', path: 'file' });
  expect(headerOnly.body.error!.messageVi).toContain('chỉ có dòng tiêu đề');
  expect(await engine.t.db.auditRecord.count({ where: { action: { startsWith: 'plan.' } } })).toBe(audits);

  const good = bad
    .replace('\nđăng ký,Xã Quài Cang,commune.dat-chuan,,,', '')
    .replace(`31/09/${YEAR}`, `10/09/${YEAR}`)
    .concat('\nđăng ký,Chiềng Sinh,Xã đạt chuẩn nông thôn mới,,,');
  const imported = await call('tinh.vpdp', 'POST', `/api/plans/${ID}/import`, {
    filename: 'ke-hoach.csv',
    contentBase64: Buffer.from(good).toString('base64'),
    version: v2,
    reasonVi: 'Bảng kế hoạch sửa',
  });
  expect(imported.status).toBe(200);
  const plan = (imported.body.plan as { plan: { registrations: { unitCode: string }[]; deadlines: { id: string; due: string }[] } }).plan;
  // "Chiềng Sinh" is the post-merger commune of the plan year, not the abolished one of the same name.
  expect(plan.registrations.map((r) => r.unitCode)).toEqual([...TWO_TIER_COMMUNES]);
  expect(plan.deadlines).toEqual([expect.objectContaining({ id: 'commune-dossier', due: `${YEAR}-09-10` })]);

  // Every plan change is in the audit chain, with who.
  const trail = await engine.t.db.auditRecord.findMany({
    where: { action: { startsWith: 'plan.' }, after: { contains: `"year":${YEAR}` } },
    orderBy: { seq: 'asc' },
  });
  expect(trail.map((t) => t.action)).toEqual(['plan.created', 'plan.changed', 'plan.changed']);
  expect(new Set(trail.map((t) => t.actorRole))).toEqual(new Set(['provincial_office']));

  // The campaign starts from the plan; a second start changes nothing.
  const start = await call('tinh.vpdp', 'POST', `/api/plans/${ID}/campaign`);
  expect(start.body).toMatchObject({ started: true, registrations: 3 });
  expect((await call('tinh.vpdp', 'POST', `/api/plans/${ID}/campaign`)).body).toMatchObject({ started: false });

  // The plan page: names and dd/mm/yyyy, no unit codes.
  const cookie = `ntm_session=${tokens['tinh.vpdp']}`;
  const pageRes = await engine.app.inject({ method: 'GET', url: `/ui/plans/edit?id=${ID}`, headers: { cookie } });
  expect(pageRes.statusCode).toBe(200);
  expect(pageRes.body).toContain(`10/09/${YEAR}`);
  expect(pageRes.body).toMatch(/selected>(Xã )?Chiềng Sinh<\/option>/);
  expect(pageRes.body).not.toContain('>dien-bien/xa-chieng-sinh<');
});
