/**
 * Session, reference data, the OpenAPI document and the UI's entry points, on a real SQLite database
 * with real accounts. These routes never reach Temporal, so the client here is a lazy one that is never
 * connected.
 */
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { freePort } from '../../infra/temporal-dev-server';
import { createDb } from '../../prisma/db';
import { seedReferenceData } from '../../app/seed';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { PASSWORD, pipelinePeople, seedPeople } from '../support/app';

let t: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date());
  await seedPeople(
    t,
    pipelinePeople().filter((p) => ['xa.quai-cang', 'huyen.vpdp'].includes(p.username)),
  );
  app = await buildApp({ db: t.db, temporal: new Client({ dataConverter: temporalDataConverter() }), taskQueue: 'unused', ttlHours: 8 });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

async function login(username = 'xa.quai-cang'): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  expect(r.statusCode).toBe(200);
  return (r.json() as { token: string }).token;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('session', () => {
  it('signs in with the right password, sets the httpOnly session cookie and answers who I am by bearer token or cookie', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'xa.quai-cang', password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { token: string; displayName: string };
    expect(body.displayName).toContain('Quài Cang');
    const cookie = r.cookies.find((c) => c.name === 'ntm_session');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, path: '/' });
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: bearer(body.token) });
    expect(me.json()).toMatchObject({ username: 'xa.quai-cang', grants: [{ role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang' }] });
    const byCookie = await app.inject({ method: 'GET', url: '/api/session', cookies: { ntm_session: body.token } });
    expect(byCookie.statusCode).toBe(200);
  });

  it('refuses a wrong password with 401 and a message in Vietnamese and English', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'xa.quai-cang', password: 'sai-mat-khau-roi' } });
    expect(r.statusCode).toBe(401);
    const e = (r.json() as { error: { code: string; messageVi: string; messageEn: string } }).error;
    expect(e.code).toMatch(/^AUTH\./);
    expect(e.messageVi.length).toBeGreaterThan(0);
    expect(e.messageEn.length).toBeGreaterThan(0);
  });

  it('refuses a sign-in body without a username with 400 naming the field', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/session', payload: { password: PASSWORD } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: { code: 'INPUT.INVALID', path: 'body.username' } });
  });

  it('answers 401 to who-am-I without a session, and after signing out', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    const token = await login();
    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: bearer(token) });
    expect(out.statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/api/session', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'AUTH.UNAUTHENTICATED' } });
  });
});

describe('reference data', () => {
  it('lists units only to a signed-in person', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/units' })).statusCode).toBe(401);
  });

  it('pages through the communes of Tuần Giáo without overlap and with the total', async () => {
    const token = await login();
    const get = async (page: number) =>
      (await app.inject({ method: 'GET', url: `/api/units?parent=dien-bien/tuan-giao&pageSize=5&page=${page}`, headers: bearer(token) })).json() as {
        total: number;
        page: number;
        items: { code: string; parentCode: string }[];
      };
    const [p1, p2] = [await get(1), await get(2)];
    expect(p1.total).toBeGreaterThan(5);
    expect(p1.items).toHaveLength(5);
    expect(p2.page).toBe(2);
    expect(p1.items.every((u) => u.parentCode === 'dien-bien/tuan-giao')).toBe(true);
    expect(p2.items.some((u) => p1.items.some((v) => v.code === u.code))).toBe(false);
    const last = await get(Math.ceil(p1.total / 5));
    expect(last.items.length).toBe(p1.total - 5 * (Math.ceil(p1.total / 5) - 1));
  });

  it('refuses a page size above 100 with 400 naming the query parameter', async () => {
    const token = await login();
    const r = await app.inject({ method: 'GET', url: '/api/units?pageSize=1000', headers: bearer(token) });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: { path: 'querystring.pageSize' } });
  });

  it('lists criteria sets with pagination and serves one set, 404 for an unknown one', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/criteria-sets?pageSize=2' })).json() as { total: number; items: unknown[] };
    expect(list.items).toHaveLength(2);
    expect(list.total).toBeGreaterThan(2);
    const one = await app.inject({ method: 'GET', url: '/api/criteria-sets/commune-ntm-2021-2025' });
    expect((one.json() as { criteria: unknown[] }).criteria).toHaveLength(19);
    const none = await app.inject({ method: 'GET', url: '/api/criteria-sets/khong-co' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: { code: 'CRITERIA.UNKNOWN_SET' } });
  });
});

describe('OpenAPI document', () => {
  type Op = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>; parameters?: { name: string; in: string }[] };
  let doc: {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, Op>>;
    components?: Record<string, Record<string, unknown>>;
  };

  beforeAll(async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    doc = r.json();
  });

  it('is OpenAPI 3.0.x with a title and a version', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
  });

  it('documents every API route, and every documented path is a route the app serves', () => {
    const expected: Record<string, string[]> = {
      '/api/session': ['post', 'get', 'delete'],
      '/api/units': ['get'],
      '/api/criteria-sets': ['get'],
      '/api/criteria-sets/{id}': ['get'],
      '/api/dossiers': ['get', 'post'],
      '/api/dossiers/{id}': ['get'],
      '/api/dossiers/{id}/actions': ['post'],
      '/api/dossiers/{id}/timeline': ['get'],
      '/api/dossiers/{id}/audit': ['get'],
      '/api/inbox': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}).sort()).toEqual(expect.arrayContaining(methods));
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        expect(app.hasRoute({ method: method.toUpperCase() as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') })).toBe(true);
      }
    }
    // The UI pages are not API operations.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });

  it('gives every operation a success response and the shared error body, and declares its path parameters', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses ?? {});
        expect({ path, method, ok: codes.some((c) => /^2\d\d$/.test(c)) }).toEqual({ path, method, ok: true });
        // Sign-out needs no session; the probes (/api/health, /api/ready) neither (tests/api/openapi.test.ts checks every code).
        if ((path !== '/api/session' || method !== 'delete') && !['/api/health', '/api/ready'].includes(path)) {
          const err = op.responses?.['401']?.content?.['application/json']?.schema as
            { properties?: { error?: { properties?: Record<string, unknown> } } } | undefined;
          expect({ path, method, fields: Object.keys(err?.properties?.error?.properties ?? {}).sort() }).toEqual({
            path,
            method,
            fields: ['code', 'details', 'messageEn', 'messageVi', 'path'],
          });
        }
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          expect(op.parameters?.some((p) => p.in === 'path' && p.name === name)).toBe(true);
        }
      }
    }
  });

  it('has no dangling $ref', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) {
      const target = ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });
});

describe('web UI entry points', () => {
  it('sends the site root to the dashboard and a visitor without a session to the sign-in page', async () => {
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/ui/');
    const ui = await app.inject({ method: 'GET', url: '/ui/' });
    expect(ui.statusCode).toBe(302);
    expect(ui.headers.location).toBe('/ui/sign-in?next=%2Fui%2F');
  });

  it('serves the sign-in page in Vietnamese, and in English on request', async () => {
    const vi = await app.inject({ method: 'GET', url: '/ui/sign-in' });
    expect(vi.headers['content-type']).toContain('text/html');
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain('Tên đăng nhập');
    const en = await app.inject({ method: 'GET', url: '/ui/sign-in?lang=en' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toMatch(/<label for="username">Username/);
  });

  it('refuses a sign-in form posted without its CSRF token', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/ui/sign-in',
      payload: 'username=xa.quai-cang&password=' + PASSWORD,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.body).toContain('CSRF');
    expect(r.cookies.find((c) => c.name === 'ntm_session')).toBeUndefined();
  });

  it('signs in through the form with the CSRF token and sends the person to the page they asked for', async () => {
    const form = await app.inject({ method: 'GET', url: '/ui/sign-in?next=/ui/inbox' });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const secret = form.cookies.find((c) => c.name === '_csrf')!;
    const r = await app.inject({
      method: 'POST',
      url: '/ui/sign-in',
      cookies: { _csrf: secret.value },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, next: '/ui/inbox', username: 'huyen.vpdp', password: PASSWORD }).toString(),
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/ui/inbox');
    expect(r.cookies.find((c) => c.name === 'ntm_session')?.httpOnly).toBe(true);
  });

  it('serves the stylesheet from the repository (no CDN)', async () => {
    const css = await app.inject({ method: 'GET', url: '/ui/assets/style.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('@media print');
  });
});

describe('unknown addresses', () => {
  it('answers an unknown API route with the documented coded bilingual body', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/khong-co?x=1', payload: {} });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'HTTP.NOT_FOUND', messageVi: 'Không có địa chỉ POST /api/khong-co', messageEn: 'No route POST /api/khong-co' } });
  });

  it('answers a mistyped page address with a bilingual page and a way back, its text escaped', async () => {
    const r = await app.inject({ method: 'GET', url: '/ui/khong-co-<b>' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('Không tìm thấy trang');
    expect(r.body).toContain('href="/ui/"');
    expect(r.body).not.toContain('<b>');
  });

  it('answers a database outage at sign-in as an outage (503), never as a wrong password', async () => {
    // A real PostgreSQL client pointed at a port where nothing listens: the database is away.
    const away = createDb(`postgresql://ntm:ntm@127.0.0.1:${await freePort()}/ntm`);
    const broken = await buildApp({
      db: away,
      temporal: new Client({ dataConverter: temporalDataConverter() }),
      taskQueue: 'unused',
      ttlHours: 8,
    });
    try {
      const r = await broken.inject({ method: 'POST', url: '/api/session', payload: { username: 'xa.quai-cang', password: PASSWORD } });
      expect(r.statusCode).toBe(503);
      expect((r.json() as { error: { code: string } }).error.code).toBe('DB.UNREACHABLE');
    } finally {
      await broken.close();
      await away.$disconnect();
    }
  });
});
