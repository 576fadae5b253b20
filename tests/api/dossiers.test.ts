/**
 * The dossier routes against the whole engine (Temporal dev server, worker, SQLite, real accounts):
 * success and every refusal — 401 without a session, 403 out of jurisdiction, 404 unknown, 409 not at
 * this stage, 400 bad bodies naming the field — and pagination of every list.
 */
import { COMMUNE, NEIGHBOUR, PASSWORD, startEngine, type RunningApp } from '../support/app';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

let engine: RunningApp;
const tokens: Record<string, string> = {};
const DOSSIER = `commune.dat-chuan:${COMMUNE}:2024`;
const enc = encodeURIComponent(DOSSIER);

beforeAll(async () => {
  engine = await startEngine();
  for (const u of ['xa.quai-cang', 'xa.quai-nua', 'huyen.vpdp', 'tinh.thanhtra', 'quantri', 'cv.tn-mt']) {
    const r = await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: u, password: PASSWORD } });
    tokens[u] = (r.json() as { token: string }).token;
  }
});

afterAll(async () => {
  await engine?.close();
});

type Json = Record<string, unknown> & { error?: { code: string; path?: string; messageVi: string; messageEn: string } };
async function call(
  user: string | undefined,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const r = await engine.app.inject({
    method,
    url,
    payload: payload as never,
    headers: { ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}), ...headers },
  });
  return { status: r.statusCode, body: r.json() as Json };
}

describe('opening dossiers', () => {
  it('refuses to open a dossier without a session (401)', async () => {
    const r = await call(undefined, 'POST', '/api/dossiers', { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: 2024 });
    expect(r.status).toBe(401);
  });

  it('refuses a body with the plan year as text, naming the field (400)', async () => {
    const r = await call('huyen.vpdp', 'POST', '/api/dossiers', { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: '2024' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INPUT.INVALID', path: 'body.planYear' });
  });

  it('refuses an unknown title, naming the field (400)', async () => {
    const r = await call('huyen.vpdp', 'POST', '/api/dossiers', { unitCode: COMMUNE, title: 'commune.xuat-sac', planYear: 2024 });
    expect(r.status).toBe(400);
    expect(r.body.error?.path).toBe('body.title');
  });

  it('refuses a commune official opening a dossier for another commune (403)', async () => {
    const r = await call('xa.quai-nua', 'POST', '/api/dossiers', { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: 2024 });
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toMatch(/^AUTH\./);
  });

  it('answers 404 for a unit that does not exist', async () => {
    const r = await call('huyen.vpdp', 'POST', '/api/dossiers', { unitCode: 'dien-bien/tuan-giao/khong-co', title: 'commune.dat-chuan', planYear: 2024 });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'UNIT.UNKNOWN', path: 'unitCode' });
  });

  it('opens the district’s three 2024 dossiers (201) and refuses a second one for the same commune, title and year (409)', async () => {
    for (const unit of [COMMUNE, NEIGHBOUR, 'dien-bien/tuan-giao/chieng-sinh']) {
      const r = await call('huyen.vpdp', 'POST', '/api/dossiers', { unitCode: unit, title: 'commune.dat-chuan', planYear: 2024 });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ unitCode: unit, stage: 'self_assessment', criteriaCount: 19 });
    }
    const again = await call('huyen.vpdp', 'POST', '/api/dossiers', { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: 2024 });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('DOSSIER.ALREADY_STARTED');
  });
});

describe('reading', () => {
  it('shows the dossier to its commune and its district, refuses the neighbouring commune (403), 404 for an unknown id', async () => {
    expect((await call('xa.quai-cang', 'GET', `/api/dossiers/${enc}`)).body).toMatchObject({ status: { dossierId: DOSSIER, stage: 'self_assessment' } });
    expect((await call('huyen.vpdp', 'GET', `/api/dossiers/${enc}`)).status).toBe(200);
    const other = await call('xa.quai-nua', 'GET', `/api/dossiers/${enc}`);
    expect(other.status).toBe(403);
    expect(other.body.error?.code).toBe('AUTH.OUT_OF_JURISDICTION');
    expect((await call('xa.quai-cang', 'GET', `/api/dossiers/${encodeURIComponent('commune.dat-chuan:khong-co:2024')}`)).status).toBe(404);
    expect((await call(undefined, 'GET', `/api/dossiers/${enc}`)).status).toBe(401);
  });

  it('lists the dossiers of my jurisdiction only, page by page', async () => {
    const district = await eventually(
      () => call('huyen.vpdp', 'GET', '/api/dossiers?pageSize=2&page=1&count=true'),
      (r) => r.body.total === 3,
    );
    expect(district.body).toMatchObject({ page: 1, pageSize: 2, total: 3, hasMore: true });
    expect(district.body.items).toHaveLength(2);
    const page2 = await call('huyen.vpdp', 'GET', '/api/dossiers?pageSize=2&page=2');
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body).toMatchObject({ total: null, hasMore: false, nextCursor: null });
    const ids = [...(district.body.items as { id: string }[]), ...(page2.body.items as { id: string }[])].map((i) => i.id);
    expect(new Set(ids).size).toBe(3);
    const own = await call('xa.quai-nua', 'GET', '/api/dossiers');
    expect((own.body.items as { unitCode: string }[]).map((i) => i.unitCode)).toEqual([NEIGHBOUR]);
    const filtered = await call('huyen.vpdp', 'GET', `/api/dossiers?unit=${encodeURIComponent(COMMUNE)}&planYear=2024&title=commune.dat-chuan&count=true`);
    expect(filtered.body.total).toBe(1);
    expect((await call('huyen.vpdp', 'GET', '/api/dossiers?planYear=2023&count=true')).body.total).toBe(0);
    expect((await call('huyen.vpdp', 'GET', '/api/dossiers?page=0')).body.error?.path).toBe('querystring.page');
    expect((await call(undefined, 'GET', '/api/dossiers')).status).toBe(401);
  });
});

describe('acting', () => {
  const actions = `/api/dossiers/${enc}/actions`;

  it('records a self-assessment by the commune (200) once for one Idempotency-Key', async () => {
    const before = (await call('xa.quai-cang', 'GET', `/api/dossiers/${enc}`)).body.status as { seq: number };
    const cmd = {
      type: 'self_assessment.recorded',
      criterion: '1',
      met: true,
      evidence: [{ number: '112/QĐ-UBND', date: '2024-03-15', issuer: 'UBND huyện Tuần Giáo' }],
    };
    const key = { 'idempotency-key': 'sa-criterion-1-once' };
    const first = await call('xa.quai-cang', 'POST', actions, cmd, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ selfAssessed: 1 });
    const second = await call('xa.quai-cang', 'POST', actions, cmd, key);
    expect(second.status).toBe(200);
    expect((second.body as { seq: number }).seq).toBe((first.body as { seq: number }).seq);
    expect((first.body as { seq: number }).seq).toBe(before.seq + 1);
  });

  it('refuses a review without a verdict (400, body.verdict) and an unknown command type (400, body.type)', async () => {
    const noVerdict = await call('cv.tn-mt', 'POST', actions, { type: 'criterion.reviewed', criterion: '17' });
    expect(noVerdict.status).toBe(400);
    expect(noVerdict.body.error?.path).toBe('body.verdict');
    const unknown = await call('xa.quai-cang', 'POST', actions, { type: 'commune.celebrated' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.path).toBe('body.type');
  });

  it('refuses the neighbouring commune (403) and an inspector, who never writes (403)', async () => {
    const cmd = { type: 'self_assessment.recorded', criterion: '2', met: false };
    expect((await call('xa.quai-nua', 'POST', actions, cmd)).body.error?.code).toBe('AUTH.OUT_OF_JURISDICTION');
    const inspector = await call('tinh.thanhtra', 'POST', actions, cmd);
    expect(inspector.status).toBe(403);
    expect(inspector.body.error?.code).toBe('AUTH.FORBIDDEN_ROLE');
    expect((await call(undefined, 'POST', actions, cmd)).status).toBe(401);
  });

  it('refuses what the stage does not accept (409): resubmitting a dossier never returned, submitting an incomplete one', async () => {
    const resubmit = await call('xa.quai-cang', 'POST', actions, { type: 'commune.resubmitted' });
    expect(resubmit.status).toBe(409);
    expect(resubmit.body.error?.code).toBe('DOSSIER.INVALID_TRANSITION');
    expect(resubmit.body.error?.messageVi).toContain('Xã tự đánh giá');
    const submit = await call('xa.quai-cang', 'POST', actions, { type: 'commune.submitted' });
    expect(submit.status).toBe(409);
    expect(submit.body.error?.code).toBe('DOSSIER.SELF_ASSESSMENT_INCOMPLETE');
  });

  it('gives the timeline of what happened, to the commune but not to its neighbour', async () => {
    type Page = { page: number; pageSize: number; total: number; items: { type: string; seq: number }[] };
    const r = await eventually(
      () => call('xa.quai-cang', 'GET', `/api/dossiers/${enc}/timeline?pageSize=100`),
      (x) => Array.isArray((x.body as unknown as Page).items) && (x.body as unknown as Page).items.some((e) => e.type === 'self_assessment.recorded'),
    );
    const all = r.body as unknown as Page;
    expect({ page: all.page, pageSize: all.pageSize }).toEqual({ page: 1, pageSize: 100 });
    expect(all.total).toBe(all.items.length);
    const types = all.items.map((e) => e.type);
    expect(types.filter((t) => t === 'self_assessment.recorded')).toHaveLength(1);
    // Paged: oldest first, pages that join up to the whole list.
    const p1 = (await call('xa.quai-cang', 'GET', `/api/dossiers/${enc}/timeline?page=1&pageSize=1`)).body as unknown as Page;
    const p2 = (await call('xa.quai-cang', 'GET', `/api/dossiers/${enc}/timeline?page=2&pageSize=1`)).body as unknown as Page;
    expect(p1.total).toBe(all.total);
    expect(p1.items.map((e) => e.seq)).toEqual([all.items[0]!.seq]);
    expect(p2.items.map((e) => e.seq)).toEqual(all.items.length > 1 ? [all.items[1]!.seq] : []);
    expect((await call('xa.quai-cang', 'GET', `/api/dossiers/${enc}/timeline?pageSize=0`)).status).toBe(400);
    expect((await call('xa.quai-nua', 'GET', `/api/dossiers/${enc}/timeline`)).status).toBe(403);
  });
});

describe('audit trail', () => {
  const audit = `/api/dossiers/${enc}/audit`;

  it('gives the hash-chained trail in order, starting with the opening, page by page', async () => {
    const all = await eventually(
      () => call('huyen.vpdp', 'GET', audit),
      (r) => ((r.body.items as { action: string }[]) ?? []).some((i) => i.action === 'self_assessment.recorded'),
    );
    const items = all.body.items as { seq: number; action: string; actorRole: string; prevHash: string; hash: string }[];
    expect(items[0]!.action).toBe('dossier.started');
    expect(items.map((i) => i.seq)).toEqual([...items.map((i) => i.seq)].sort((a, b) => a - b));
    expect(items.find((i) => i.action === 'self_assessment.recorded')).toMatchObject({ actorRole: 'commune_official' });
    const first = await call('huyen.vpdp', 'GET', `${audit}?pageSize=1&page=2`);
    expect(first.body).toMatchObject({ page: 2, pageSize: 1, total: all.body.total });
    expect((first.body.items as { seq: number }[])[0]!.seq).toBe(items[1]!.seq);
  });

  it('refuses the trail to the neighbouring commune (403), to an administrator (403) and without a session (401); 404 for an unknown dossier', async () => {
    expect((await call('xa.quai-nua', 'GET', audit)).status).toBe(403);
    expect((await call('quantri', 'GET', audit)).status).toBe(403);
    expect((await call(undefined, 'GET', audit)).status).toBe(401);
    expect((await call('huyen.vpdp', 'GET', `/api/dossiers/${encodeURIComponent('x:y:2024')}/audit`)).status).toBe(404);
  });
});

describe('inbox', () => {
  it('gives the commune its reminders about the passed 2024 deadlines, soonest due first, page by page', async () => {
    const r = await eventually(
      () => call('xa.quai-cang', 'GET', '/api/inbox?pageSize=1'),
      (x) => typeof x.body.total === 'number' && (x.body.total as number) >= 2,
    );
    expect(r.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(r.body.items).toHaveLength(1);
    const all = await call('xa.quai-cang', 'GET', '/api/inbox?pageSize=100');
    const items = all.body.items as { dossierId: string; dueAt: string | null }[];
    expect(items.every((i) => i.dossierId === DOSSIER)).toBe(true);
    const dues = items.map((i) => i.dueAt).filter((d): d is string => d !== null);
    expect(dues).toEqual([...dues].sort());
    expect((await call(undefined, 'GET', '/api/inbox')).status).toBe(401);
    expect((await call('xa.quai-cang', 'GET', '/api/inbox?pageSize=0')).status).toBe(400);
  });
});

describe('web UI on the same routes', () => {
  async function uiSession(username: string): Promise<{ cookies: Record<string, string>; csrf: string }> {
    const page = await engine.app.inject({ method: 'GET', url: `/ui/dossiers/${enc}`, cookies: { ntm_session: tokens[username]! } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const secret = page.cookies.find((c) => c.name === '_csrf')!.value;
    return { cookies: { ntm_session: tokens[username]!, _csrf: secret }, csrf };
  }

  it('offers the commune only its own forms, and the district office none while the commune holds the dossier', async () => {
    const commune = await engine.app.inject({ method: 'GET', url: `/ui/dossiers/${enc}`, cookies: { ntm_session: tokens['xa.quai-cang']! } });
    const forms = [...commune.body.matchAll(/<form method="post" action="[^"]+" class="action[^"]*" data-action="([^"]+)"/g)].map((m) => m[1]);
    expect(forms).toEqual(['self_assessment.recorded', 'consultation.recorded']);
    const district = await engine.app.inject({ method: 'GET', url: `/ui/dossiers/${enc}`, cookies: { ntm_session: tokens['huyen.vpdp']! } });
    expect(district.body).toContain('data-testid="no-actions"');
    const neighbour = await engine.app.inject({ method: 'GET', url: `/ui/dossiers/${enc}`, cookies: { ntm_session: tokens['xa.quai-nua']! } });
    expect(neighbour.statusCode).toBe(403);
    expect(neighbour.body).toContain('không có thẩm quyền');
  });

  it('comes back with the Vietnamese message next to the field when a form is invalid, and records a valid one', async () => {
    const s = await uiSession('xa.quai-cang');
    const post = (fields: Record<string, string>) =>
      engine.app.inject({
        method: 'POST',
        url: `/ui/dossiers/${enc}/actions`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString(),
      });
    const bad = await post({ type: 'consultation.recorded', participants: '', satisfactionPct: '96,4' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="consult-participants-error"[^>]*><span>[^<]*mong đợi số/);
    expect(bad.body).toContain('value="96,4"');
    const good = await post({ type: 'consultation.recorded', participants: '512', satisfactionPct: '96,4' });
    expect(good.statusCode).toBe(303);
    const status = (await call('xa.quai-cang', 'GET', `/api/dossiers/${enc}`)).body as { state: { context: { consultation?: { satisfactionPct: number } } } };
    expect(status.state.context.consultation?.satisfactionPct).toBe(96.4);
  });

  it('refuses a form posted without the CSRF token', async () => {
    const r = await engine.app.inject({
      method: 'POST',
      url: `/ui/dossiers/${enc}/actions`,
      cookies: { ntm_session: tokens['xa.quai-cang']! },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'type=commune.submitted',
    });
    expect(r.statusCode).toBe(403);
  });
});
