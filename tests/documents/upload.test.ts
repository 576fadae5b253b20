/**
 * Uploads through the HTTP route on SQLite and PostgreSQL, each with the fs store and with the S3 store
 * on a real S3-compatible server (s3rver on loopback): stored under the hash, recorded with an audit
 * record holding the hash, deduplicated by hash, and every bad input of issue 15 answered with a coded
 * bilingual error and nothing half-stored (no temp files, no blob without a record, no record without a
 * blob). A store that cannot be reached or written is a coded 503 with nothing written.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { verifyAuditChain } from '../../store/audit-chain';
import { PROVIDERS } from '../support/databases';
import { DOSSIER, EXE, multipartBody, PNG_1PX, pdf, startBed, STORES, type Bed } from './support';

const MATRIX = PROVIDERS.flatMap((p) => STORES.map((s) => [p, s] as const));

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const meta = {
  kind: 'to_trinh',
  title: 'Tờ trình đề nghị công nhận xã đạt chuẩn NTM',
  number: '15/TTr-UBND',
  issuedOn: '2024-09-10',
  issuer: 'UBND xã Quài Cang',
};

async function blobFiles(bed: Bed): Promise<string[]> {
  return [...(await bed.storedBlobs()), ...bed.stagedFiles().map((f) => `.tmp/${f}`)];
}

async function upload(bed: Bed, token: string, fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const { payload, headers } = multipartBody(fields, file);
  return bed.http.inject({ method: 'POST', url: `/api/dossiers/${DOSSIER}/documents`, payload, headers: { ...headers, authorization: `Bearer ${token}` } });
}

describe.each(MATRIX)('document uploads (%s, %s store)', (provider, store) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed(provider, { limits: { png: 1024 }, store });
  });
  afterAll(async () => bed?.close());

  it('stores the bytes under their SHA-256, writes the record and an audit record with the hash', async () => {
    const data = pdf();
    const res = await upload(bed, 'commune', meta, { name: 'Tờ trình số 15.pdf', data });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.document).toMatchObject({ kind: 'to_trinh', type: 'pdf', sha256: sha(data), size: data.length, fileName: 'Tờ trình số 15.pdf', version: 1 });
    expect(await bed.storedBlobs()).toEqual([sha(data)]);
    expect((await readAll(await bed.blobs.open(sha(data)))).equals(data)).toBe(true);
    expect(bed.blobs.locate(sha(data))).toContain(store === 's3' ? `s3://${bed.s3!.bucket}/documents/` : bed.dataDir);
    const audit = await bed.t.db.auditRecord.findUnique({ where: { eventId: body.document.auditEventId } });
    expect(audit?.action).toBe('document.uploaded');
    expect(JSON.parse(audit!.documents)[0].sha256).toBe(sha(data));
    expect((await verifyAuditChain(bed.t.db)).ok).toBe(true);

    const dl = await bed.http.inject({
      method: 'GET',
      url: `/api/dossiers/${DOSSIER}/documents/${body.document.id}/content`,
      headers: { authorization: 'Bearer inspector' },
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(data)).toBe(true);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="To trinh so 15.pdf"; filename*=UTF-8''${encodeURIComponent('Tờ trình số 15.pdf')}`);
    const inline = await bed.http.inject({
      method: 'GET',
      url: `/api/dossiers/${DOSSIER}/documents/${body.document.id}/content?disposition=inline`,
      headers: { authorization: 'Bearer commune' },
    });
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);
  });

  it('recognises the same bytes uploaded twice by their hash', async () => {
    const res = await upload(bed, 'commune', { ...meta, title: 'Lần hai' }, { name: 'khac-ten.pdf', data: pdf() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'DOCUMENT.DUPLICATE', path: 'file' });
    expect(res.json().error.messageVi).toContain('đã có trong hồ sơ');
  });

  it('replaces a document with a new version and withdraws with the bytes kept', async () => {
    const first = (await upload(bed, 'commune', { ...meta, kind: 'bien_ban_hop', title: 'Biên bản họp' }, { name: 'bb.pdf', data: pdf('v1') })).json().document;
    const second = await upload(
      bed,
      'commune',
      { ...meta, kind: 'bien_ban_hop', title: 'Biên bản họp (sửa)', replaces: first.id },
      { name: 'bb2.pdf', data: pdf('v2') },
    );
    expect(second.statusCode).toBe(201);
    expect(second.json().document).toMatchObject({ seriesId: first.id, version: 2 });
    const list = (await bed.http.inject({ method: 'GET', url: `/api/dossiers/${DOSSIER}/documents`, headers: { authorization: 'Bearer commune' } })).json()
      .items;
    expect(list.map((d: { id: string }) => d.id)).not.toContain(first.id);
    const w = await bed.http.inject({
      method: 'POST',
      url: `/api/dossiers/${DOSSIER}/documents/${second.json().document.id}/withdraw`,
      payload: { reason: 'Nhầm biên bản' },
      headers: { authorization: 'Bearer commune' },
    });
    expect(w.statusCode).toBe(200);
    expect(w.json()).toMatchObject({ current: false, withdrawReason: 'Nhầm biên bản' });
    expect(await bed.blobs.has(second.json().document.sha256)).toBe(true);
    const history = (
      await bed.http.inject({ method: 'GET', url: `/api/dossiers/${DOSSIER}/documents?history=true`, headers: { authorization: 'Bearer commune' } })
    ).json().items;
    expect(history.filter((d: { seriesId: string }) => d.seriesId === first.id)).toHaveLength(2);
  });

  it('lets an inspector read but not upload, and refuses another commune', async () => {
    const i = await upload(bed, 'inspector', meta, { name: 'x.png', data: PNG_1PX });
    expect(i.statusCode).toBe(403);
    expect(i.json().error.code).toBe('AUTH.FORBIDDEN_ROLE');
    const n = await upload(bed, 'neighbour', meta, { name: 'x.png', data: PNG_1PX });
    expect(n.json().error.code).toBe('AUTH.OUT_OF_JURISDICTION');
    const anon = await bed.http.inject({ method: 'GET', url: `/api/dossiers/${DOSSIER}/documents` });
    expect(anon.statusCode).toBe(401);
  });

  const bad: [string, Record<string, string>, { name: string; data: Buffer } | undefined, string][] = [
    ['an executable renamed .pdf', meta, { name: 'to-trinh.pdf', data: EXE }, 'DOCUMENT.TYPE_REFUSED'],
    ['a shell script renamed .pdf', meta, { name: 'a.pdf', data: Buffer.from('#!/bin/sh\nrm -rf /\n') }, 'DOCUMENT.TYPE_REFUSED'],
    ['plain text', meta, { name: 'a.docx', data: Buffer.from('không phải văn bản Word') }, 'DOCUMENT.TYPE_REFUSED'],
    ['an empty file', meta, { name: 'a.pdf', data: Buffer.alloc(0) }, 'DOCUMENT.EMPTY'],
    ['a PNG over its type limit (1 KB here)', meta, { name: 'anh.png', data: Buffer.concat([PNG_1PX, Buffer.alloc(2000)]) }, 'DOCUMENT.TOO_LARGE'],
    ['a path in the file name', meta, { name: '../../etc/passwd.pdf', data: pdf('p') }, 'DOCUMENT.BAD_FILE_NAME'],
    ['a control character in the file name', meta, { name: 'a\u0007b.pdf', data: pdf('c') }, 'DOCUMENT.BAD_FILE_NAME'],
    ['an unknown kind', { ...meta, kind: 'thu-tay' }, { name: 'a.pdf', data: pdf('k') }, 'DOCUMENT.INVALID_INPUT'],
    ['no title', { kind: 'to_trinh' }, { name: 'a.pdf', data: pdf('t') }, 'DOCUMENT.INVALID_INPUT'],
    ['a bad date', { ...meta, issuedOn: '31/02/2024' }, { name: 'a.pdf', data: pdf('d') }, 'DOCUMENT.INVALID_INPUT'],
    ['no file at all', meta, undefined, 'DOCUMENT.NO_FILE'],
  ];
  it.each(bad)('refuses %s with a coded bilingual error and stores nothing', async (_label, fields, file, code) => {
    const before = (await blobFiles(bed)).sort();
    const rows = await bed.t.db.document.count();
    const res = await upload(bed, 'commune', fields, file);
    expect(res.statusCode).toBe(400);
    const e = res.json().error;
    expect(e.code).toBe(code);
    expect(e.messageVi).toBeTruthy();
    expect(e.messageEn).toBeTruthy();
    expect(e.messageVi).not.toBe(e.messageEn);
    expect((await blobFiles(bed)).sort()).toEqual(before);
    expect(await bed.t.db.document.count()).toBe(rows);
  });

  it('refuses an upload cut off halfway, keeping no temp file', async () => {
    const { payload, headers } = multipartBody(meta, { name: 'dai.pdf', data: Buffer.concat([pdf('cut'), Buffer.alloc(50_000, 1)]) });
    const cut = payload.subarray(0, payload.length - 20_000);
    const res = await bed.http.inject({
      method: 'POST',
      url: `/api/dossiers/${DOSSIER}/documents`,
      payload: cut,
      headers: { ...headers, authorization: 'Bearer commune' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DOCUMENT.UPLOAD_INCOMPLETE');
    expect(bed.stagedFiles()).toEqual([]);
  });

  it('every stored blob has a record and every record its blob', async () => {
    const rows = await bed.t.db.document.findMany();
    expect(new Set(await bed.storedBlobs())).toEqual(new Set(rows.map((r) => r.sha256)));
    expect(bed.stagedFiles()).toEqual([]);
  });
});

describe.each(MATRIX)('the same bytes again (%s, %s store)', (provider, store) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed(provider, { store });
  });
  afterAll(async () => bed?.close());

  it('keeps one blob for bytes uploaded again after a withdrawal, and says it was reused', async () => {
    const data = pdf('một lần');
    const first = await upload(bed, 'commune', meta, { name: 'a.pdf', data });
    expect(first.json()).toMatchObject({ blobReused: false });
    const w = await bed.http.inject({
      method: 'POST',
      url: `/api/dossiers/${DOSSIER}/documents/${first.json().document.id}/withdraw`,
      payload: { reason: 'Tải lên lại' },
      headers: { authorization: 'Bearer commune' },
    });
    expect(w.statusCode).toBe(200);
    const again = await upload(bed, 'commune', { ...meta, title: 'Tải lại' }, { name: 'b.pdf', data });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ blobReused: true, document: { sha256: sha(data) } });
    expect(await bed.storedBlobs()).toEqual([sha(data)]);
    expect(await bed.t.db.document.count()).toBe(2);
  });
});

describe.each(MATRIX)('a store that is unavailable (%s, %s store)', (provider, store) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed(provider, { store, unwritableFsRoot: store === 'fs' });
  });
  afterAll(async () => bed?.close());

  it('answers an upload with a coded bilingual 503 and writes no document, no audit record, no bytes', async () => {
    await bed.s3?.stop();
    const audits = await bed.t.db.auditRecord.count();
    const res = await upload(bed, 'commune', meta, { name: 'to-trinh.pdf', data: pdf('không tới được kho') });
    const e = res.json().error;
    expect([res.statusCode, e.code]).toEqual([503, 'DOCUMENT.STORE_UNAVAILABLE']);
    expect(e.messageVi).toMatch(/^Kho lưu trữ văn bản không sẵn sàng/);
    expect(e.messageEn).toMatch(/^The document store is unavailable/);
    expect(await bed.t.db.document.count()).toBe(0);
    expect(await bed.t.db.auditRecord.count()).toBe(audits);
    expect(bed.stagedFiles()).toEqual([]);
    if (bed.s3) {
      await bed.s3.restart();
      expect(await bed.storedBlobs()).toEqual([]);
      // And once the store is back, the same upload goes through.
      const ok = await upload(bed, 'commune', meta, { name: 'to-trinh.pdf', data: pdf('không tới được kho') });
      expect(ok.statusCode).toBe(201);
      expect(await bed.storedBlobs()).toHaveLength(1);
    } else {
      expect(await bed.storedBlobs()).toEqual([]);
    }
  });
});
