/**
 * Document rules: ZIP containers told apart by their entries (real files built with exceljs and yazl),
 * file names, required documents per stage refusing `commune.submitted` (before the Update is sent), and
 * the documents page of the web UI (list, inline preview, upload form).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { checkFileName, contentDisposition, requiredKinds, zipKind } from '../../domain/documents';
import { DOSSIER, multipartBody, people, PNG_1PX, pdf, startBed, type Bed } from './support';

function zipOf(entries: Record<string, string>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) z.addBuffer(Buffer.from(text), name, name === 'mimetype' ? { compress: false } : {});
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

describe('document rules (pure)', () => {
  it('tells DOCX, XLSX, ODT and ODS apart by the container entries', () => {
    expect(zipKind(['[Content_Types].xml', 'word/document.xml'])).toBe('docx');
    expect(zipKind(['[Content_Types].xml', 'xl/workbook.xml'])).toBe('xlsx');
    expect(zipKind(['mimetype', 'content.xml'], 'application/vnd.oasis.opendocument.text')).toBe('odt');
    expect(zipKind(['mimetype', 'content.xml'], 'application/vnd.oasis.opendocument.spreadsheet')).toBe('ods');
    expect(zipKind(['a.exe', 'readme.txt'])).toBeUndefined();
  });

  it('refuses paths, control characters and empty names; keeps Vietnamese names (NFC)', () => {
    expect(checkFileName('Biên bản họp.pdf')).toEqual({ ok: true, value: 'Biên bản họp.pdf' });
    expect(checkFileName('Bie\u0302n.pdf')).toEqual({ ok: true, value: 'Biên.pdf' });
    for (const bad of ['', '   ', 'a/b.pdf', 'a\\b.pdf', '..', 'a\nb.pdf', 'a\u0000.pdf', `${'x'.repeat(201)}.pdf`]) {
      const r = checkFileName(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('DOCUMENT.BAD_FILE_NAME');
    }
  });

  it('downloads with the Vietnamese file name (RFC 5987) and an ASCII fallback', () => {
    expect(contentDisposition('Tờ trình "số 1".pdf', 'attachment')).toBe(
      `attachment; filename="To trinh _so 1_.pdf"; filename*=UTF-8''${encodeURIComponent('Tờ trình "số 1".pdf')}`,
    );
  });

  it('lists required documents per title and criteria period', () => {
    expect(requiredKinds('commune.submitted', { title: 'commune.dat-chuan', criteriaSetId: 'commune-ntm-2016-2020' })).toEqual([
      'to_trinh',
      'bao_cao_ket_qua',
      'bao_cao_tong_hop_y_kien',
      'bien_ban_hop',
    ]);
    expect(requiredKinds('commune.submitted', { title: 'commune.dat-chuan', criteriaSetId: 'commune-ntm-2021-2025' })).toContain('ket_qua_khao_sat_hai_long');
    expect(requiredKinds('commune.submitted', { title: 'ocop.sao', criteriaSetId: 'ocop-2021' })).toEqual([]);
  });
});

describe('documents in the application (sqlite)', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed('sqlite');
  });
  afterAll(async () => bed?.close());

  const up = (name: string, data: Buffer, meta: Record<string, string>) =>
    bed.app.documents().upload(people.commune!, DOSSIER, { meta, fileName: name, stream: Readable.from([data]) });

  it('accepts real XLSX, DOCX-shaped and ODT containers and refuses a plain ZIP', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tiêu chí').addRow(['1', 'Quy hoạch', 'Đạt']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await up('bang.xlsx', xlsx, { kind: 'bao_cao_ket_qua', title: 'Bảng tiêu chí' })).document.type).toBe('xlsx');
    const docx = await zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect((await up('bao-cao.docx', docx, { kind: 'bao_cao_tong_hop_y_kien', title: 'Báo cáo tổng hợp ý kiến' })).document.type).toBe('docx');
    const odt = await zipOf({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' });
    expect((await up('bb.odt', odt, { kind: 'bien_ban_hop', title: 'Biên bản họp' })).document.type).toBe('odt');
    const plain = await zipOf({ 'a.txt': 'x', 'b.exe': 'MZ' });
    await expect(up('renamed.docx', plain, { kind: 'other', title: 'ZIP' })).rejects.toMatchObject({ code: 'DOCUMENT.TYPE_REFUSED' });
  });

  it('refuses commune.submitted naming the missing documents, before anything is sent to the workflow', async () => {
    const act = () => bed.app.dossiers.act(people.commune!, DOSSIER, { type: 'commune.submitted', documents: [] });
    await expect(act()).rejects.toMatchObject({ code: 'DOCUMENT.REQUIRED_MISSING', details: { missing: ['to_trinh', 'ket_qua_khao_sat_hai_long'] } });
    await expect(act()).rejects.toThrow(/Submission letter; Residents' satisfaction survey results/);
    await up('tt.pdf', pdf('tt'), { kind: 'to_trinh', title: 'Tờ trình' });
    await up('ks.png', PNG_1PX, { kind: 'ket_qua_khao_sat_hai_long', title: 'Kết quả khảo sát' });
    // Every required document is there: the command goes on to the workflow (no Temporal in this test).
    await expect(act()).rejects.not.toMatchObject({ code: 'DOCUMENT.REQUIRED_MISSING' });
  });

  it('shows the documents page with previews, downloads and the upload form, and uploads through the form', async () => {
    const pageRes = await bed.http.inject({ method: 'GET', url: `/ui/dossiers/${DOSSIER}/documents`, headers: { authorization: 'Bearer commune' } });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.body).toContain('<img class="doc-preview"');
    expect(pageRes.body).toContain('disposition=inline');
    expect(pageRes.body).toContain('enctype="multipart/form-data"');
    expect(pageRes.body).toContain(`/api/dossiers/${DOSSIER}/package`);
    const action = /action="([^"]+_csrf=[^"]+)"/.exec(pageRes.body)![1]!.replace(/&amp;/g, '&');
    const cookie = (pageRes.headers['set-cookie'] as string[] | string | undefined) ?? [];
    const cookies = (Array.isArray(cookie) ? cookie : [cookie]).map((c) => c.split(';')[0]).join('; ');
    const { payload, headers } = multipartBody(
      { kind: 'other', title: 'Ảnh hiện trường' },
      { name: 'Ảnh đường.png', data: Buffer.concat([PNG_1PX, Buffer.from('x')]) },
    );
    const post = await bed.http.inject({ method: 'POST', url: action, payload, headers: { ...headers, authorization: 'Bearer commune', cookie: cookies } });
    expect(post.statusCode).toBe(303);
    const refused = await bed.http.inject({ method: 'POST', url: action, payload, headers: { ...headers, authorization: 'Bearer commune', cookie: cookies } });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('DOCUMENT.DUPLICATE');
    const noToken = await bed.http.inject({
      method: 'POST',
      url: `/ui/dossiers/${DOSSIER}/documents`,
      payload,
      headers: { ...headers, authorization: 'Bearer commune', cookie: cookies },
    });
    expect(noToken.statusCode).toBe(403);
    const inspector = await bed.http.inject({ method: 'GET', url: `/ui/dossiers/${DOSSIER}/documents`, headers: { authorization: 'Bearer inspector' } });
    expect(inspector.body).not.toContain('enctype="multipart/form-data"');
  });
});
