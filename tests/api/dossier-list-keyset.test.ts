/**
 * Issue 18: the dossier list by keyset cursor (GET /api/dossiers?cursor=…), on SQLite and PostgreSQL.
 * Projection rows are written directly (no workflows: the list reads only the Dossier table). A walk page
 * by page while new dossiers keep arriving shows every dossier that was there once, in the list's order
 * (newest activity first, ties by id), never one twice; the jurisdiction is a unit's subtree exactly
 * (codes next to it in sort order stay out); a bad cursor, or a cursor with a page, is a coded 400; the
 * page parameter works as before.
 */
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { temporalDataConverter } from '../../app/temporal-codec';
import { buildApp } from '../../api/app';
import { seedReferenceData } from '../../app/seed';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../support/databases';
import { DISTRICT, PASSWORD, pipelinePeople, seedPeople } from '../support/app';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
/** Codes that sort right next to the district's subtree ('-' and '.' before '/', '0' right after). */
const NEIGHBOURS = [`${DISTRICT}-moi`, `${DISTRICT}.cu`, `${DISTRICT}0`];

type Item = { id: string; unitCode: string; updatedAt: string };
type Page = { page: number; pageSize: number; total: number | null; hasMore: boolean; nextCursor: string | null; items: Item[] };

describe.each(PROVIDERS)('dossier list by keyset cursor (%s)', (provider) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let token: string;
  let communes: string[];
  let seq = 0;

  /** A projection row of a village-less commune dossier; `at` its last activity. */
  const row = async (unitCode: string, at: number) => {
    const n = seq++;
    const id = `commune.dat-chuan:${unitCode}:${2000 + n}`;
    await t.db.dossier.create({
      data: {
        id,
        unitCode,
        title: 'commune.dat-chuan',
        planYear: 2000 + n,
        criteriaSetId: 'commune-ntm-2021-2025',
        stage: 'self_assessment',
        level: 'commune',
        workflowId: `dossier:${id}`,
        runId: '',
        createdAt: new Date(at),
        updatedAt: new Date(at),
      },
    });
    return id;
  };

  const get = async (query: string) => {
    const r = await app.inject({ method: 'GET', url: `/api/dossiers?${query}`, headers: { authorization: `Bearer ${token}` } });
    return { status: r.statusCode, body: r.json() as Page & { error?: { code: string; path?: string; messageVi: string; messageEn: string } } };
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedReferenceData(t.db, new Date('2026-12-01T03:00:00.000Z'));
    await seedPeople(
      t,
      pipelinePeople().filter((p) => p.username === 'huyen.vpdp'),
    );
    for (const code of NEIGHBOURS) await t.db.unit.create({ data: { code, level: 'district', name: `Huyện thử ${code}`, parentCode: 'dien-bien' } });
    communes = (await t.db.unit.findMany({ where: { parentCode: DISTRICT }, select: { code: true }, orderBy: { code: 'asc' } })).map((u) => u.code);
    expect(communes.length).toBeGreaterThan(5);
    app = await buildApp({ db: t.db, temporal: new Client({ dataConverter: temporalDataConverter() }), taskQueue: 'unused', ttlHours: 8 });
    await app.ready();
    const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'huyen.vpdp', password: PASSWORD } });
    token = (r.json() as { token: string }).token;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('walks every dossier once, in order, while new ones arrive; neighbours of the subtree stay out', async () => {
    // 47 in the district (the district itself and its communes), runs of equal instants (ties by id).
    const initial: string[] = [await row(DISTRICT, T0)];
    for (let i = 0; i < 46; i++) initial.push(await row(communes[i % communes.length]!, T0 + 1000 * Math.floor(i / 3)));
    for (const code of NEIGHBOURS) await row(code, T0 + 500);

    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let later = T0 + 10_000_000;
    do {
      const r = await get(`pageSize=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items);
      // Not counted unless asked: a page costs its size, not the scope's; hasMore says whether to go on.
      expect(r.body.total).toBeNull();
      expect(r.body.hasMore).toBe(r.body.nextCursor !== null);
      cursor = r.body.nextCursor;
      pages += 1;
      // Meanwhile the district gets new dossiers (newest activity: they go to the front of the list).
      await row(communes[pages % communes.length]!, (later += 1000));
    } while (cursor && pages < 100);

    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...initial].sort());
    expect(pages).toBe(Math.ceil(initial.length / 5));
    for (const i of seen) expect(NEIGHBOURS).not.toContain(i.unitCode);
    // The list's order: newest activity first, equal instants by id.
    const order = [...seen].sort((a, b) => (a.updatedAt === b.updatedAt ? (a.id < b.id ? -1 : 1) : a.updatedAt < b.updatedAt ? 1 : -1));
    expect(ids).toEqual(order.map((i) => i.id));

    // A fresh walk from the top shows the new ones first; the offset pages still work and agree.
    const first = await get('pageSize=5&count=true');
    expect(first.body.total).toBe(initial.length + pages);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.items[0]!.updatedAt).toBe(new Date(later).toISOString());
    const byPage = await get('pageSize=5&page=2');
    const byCursor = await get(`pageSize=5&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(byCursor.body.items.map((i) => i.id)).toEqual(byPage.body.items.map((i) => i.id));
    // The unit filter is a subtree as well.
    const one = await get(`unit=${encodeURIComponent(communes[0]!)}&pageSize=100`);
    expect(one.body.items.length).toBeGreaterThan(0);
    for (const i of one.body.items) expect(i.unitCode).toBe(communes[0]);
    expect(one.body.nextCursor).toBeNull();
    expect(one.body.hasMore).toBe(false);
  });

  it('counts only when asked, on any page, and says exactly whether a next page exists (no cursor to an empty page)', async () => {
    const all = await get('pageSize=100&count=true');
    const n = all.body.total!;
    expect(n).toBe(all.body.items.length);
    expect(all.body.hasMore).toBe(false);
    // A page size that divides the scope exactly: the last full page has no next cursor.
    const size = [3, 4, 5, 6, 7].find((k) => n % k === 0) ?? 1;
    const last = await get(`pageSize=${size}&page=${n / size}`);
    expect(last.body.items).toHaveLength(size);
    expect(last.body).toMatchObject({ total: null, hasMore: false, nextCursor: null });
    const counted = await get(`pageSize=${size}&page=2&count=true`);
    expect(counted.body).toMatchObject({ total: n, hasMore: n > 2 * size });
    const uncounted = await get(`pageSize=${size}`);
    expect(uncounted.body).toMatchObject({ total: null, hasMore: true });
    const byCursor = await get(`pageSize=${size}&cursor=${encodeURIComponent(uncounted.body.nextCursor!)}&count=true`);
    expect(byCursor.body.total).toBe(n);
  });

  it('refuses a cursor it never gave, and a cursor with a page, naming the field in both languages', async () => {
    for (const bad of ['not-a-cursor', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"u":1}').toString('base64url')]) {
      const r = await get(`cursor=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'LIST.INVALID_CURSOR', path: 'querystring.cursor' });
      expect(r.body.error!.messageVi).toMatch(/Con trỏ trang/);
      expect(r.body.error!.messageEn).toMatch(/cursor is not valid/);
    }
    const first = await get('pageSize=2');
    const both = await get(`page=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: 'LIST.CURSOR_WITH_PAGE', path: 'querystring.cursor' });
    expect((await get('cursor=')).body.error?.path).toBe('querystring.cursor');
  });
});
