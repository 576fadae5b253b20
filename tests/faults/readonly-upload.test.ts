/**
 * The database read-only or full during a document upload (issue 17), SQLite: the upload is refused with
 * the coded bilingual 503, the bytes already stored for it are removed again (no orphan blob, no record,
 * no audit row), and reads go on. The documents test bed (tests/documents/support.ts) keeps the dossier's
 * state in its projection row, so no Temporal is needed; the database is a real SQLite file.
 * "Full" is a real SQLITE_FULL: the file capped at its current size (PRAGMA max_page_count).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { codedResponse } from '../../api/http-errors';
import { DOSSIER, multipartBody, pdf, startBed, type Bed } from '../documents/support';

jest.setTimeout(120_000);

const meta = { kind: 'to_trinh', title: 'Tờ trình đề nghị công nhận', number: '15/TTr-UBND', issuedOn: '2024-09-10', issuer: 'UBND xã Quài Cang' };

function blobFiles(bed: Bed): string[] {
  const root = join(bed.dataDir, 'documents');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`));
}

const upload = (bed: Bed, data: Buffer) => {
  const { payload, headers } = multipartBody(meta, { name: 'To trinh.pdf', data });
  return bed.http.inject({ method: 'POST', url: `/api/dossiers/${DOSSIER}/documents`, payload, headers: { ...headers, authorization: 'Bearer commune' } });
};
const list = (bed: Bed) => bed.http.inject({ method: 'GET', url: `/api/dossiers/${DOSSIER}/documents`, headers: { authorization: 'Bearer commune' } });

let bed: Bed;
beforeAll(async () => {
  bed = await startBed('sqlite');
});
afterAll(async () => bed?.close());

it('refuses an upload with 503 DB.READ_ONLY while the database is read-only, leaves no blob, record or audit row, keeps reads', async () => {
  const first = await upload(bed, pdf('bản thứ nhất'));
  expect(first.statusCode).toBe(201);
  const before = { docs: await bed.t.db.document.count(), audit: await bed.t.db.auditRecord.count(), blobs: blobFiles(bed) };

  await bed.t.db.$executeRawUnsafe('PRAGMA query_only = ON');
  try {
    const r = await upload(bed, pdf('bản thứ hai, khi chỉ đọc'));
    expect(r.statusCode).toBe(503);
    const e = r.json().error as { code: string; messageVi: string; messageEn: string };
    expect(e.code).toBe('DB.READ_ONLY');
    expect(e.messageVi).toContain('chỉ đọc');
    expect(e.messageEn).toContain('read-only');
    expect({ docs: await bed.t.db.document.count(), audit: await bed.t.db.auditRecord.count(), blobs: blobFiles(bed) }).toEqual(before);
    const l = await list(bed);
    expect(l.statusCode).toBe(200);
    expect(l.json().items).toHaveLength(1);
  } finally {
    await bed.t.db.$executeRawUnsafe('PRAGMA query_only = OFF');
  }
  // Writable again: the same file is taken.
  expect((await upload(bed, pdf('bản thứ hai, khi chỉ đọc'))).statusCode).toBe(201);
});

it('maps a real SQLITE_FULL (the file capped at its size) to 503 DB.FULL, bilingual, and the row is not written', async () => {
  const pages = (await bed.t.db.$queryRawUnsafe<{ page_count: bigint | number }[]>('PRAGMA page_count'))[0]!.page_count;
  await bed.t.db.$executeRawUnsafe(`PRAGMA max_page_count = ${Number(pages)}`);
  let error: unknown;
  try {
    // Several MB: overflow pages the capped file cannot grow to hold.
    await bed.t.db.unit.create({ data: { code: 'dien-bien/qua-lon', level: 'commune', name: 'x'.repeat(4_000_000), parentCode: 'dien-bien' } });
  } catch (e) {
    error = e;
  } finally {
    await bed.t.db.$executeRawUnsafe('PRAGMA max_page_count = 1073741823');
  }
  const coded = codedResponse(error);
  expect(coded?.status).toBe(503);
  expect(coded?.body.error).toMatchObject({ code: 'DB.FULL', details: { cause: 'SQLITE_FULL' } });
  expect(coded?.body.error.messageVi).toContain('hết chỗ trống');
  expect(coded?.body.error.messageEn).toContain('no disk space');
  expect(await bed.t.db.unit.findUnique({ where: { code: 'dien-bien/qua-lon' } })).toBeNull();
});
