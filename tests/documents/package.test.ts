/**
 * The dossier package (with the fs store and the S3 store on s3rver): built through the API, verified offline; then one byte of one document changed
 * (and, separately, the manifest's audit trail edited) and the verification naming what broke.
 */
import { Readable } from 'node:stream';
import { verifyPackage } from '../../app/package';
import { PROVIDERS } from '../support/databases';
import { DOSSIER, people, PNG_1PX, pdf, startBed, STORES, type Bed } from './support';
import { rezip, zipEntries as entries } from '../support/zip';

const MATRIX = PROVIDERS.flatMap((p) => STORES.map((s) => [p, s] as const));

describe.each(MATRIX)('dossier package (%s, %s store)', (provider, store) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed(provider, { store });
    const up = (name: string, data: Buffer, meta: Record<string, string>) =>
      bed.app.documents().upload(people.commune!, DOSSIER, { meta, fileName: name, stream: Readable.from([data]) });
    await up('Tờ trình.pdf', pdf('tt'), { kind: 'to_trinh', title: 'Tờ trình', number: '15/TTr-UBND', issuedOn: '2024-09-10', issuer: 'UBND xã Quài Cang' });
    await up('Ảnh đường.png', PNG_1PX, { kind: 'minh_chung_tieu_chi', title: 'Ảnh đường trục xã', attachTo: 'criterion', attachRef: '2' });
  });
  afterAll(async () => bed?.close());

  it('holds every current document, criteria.xlsx, summary.html and a manifest that verifies offline', async () => {
    const res = await bed.http.inject({ method: 'GET', url: `/api/dossiers/${DOSSIER}/package`, headers: { authorization: 'Bearer inspector' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = res.rawPayload;
    const files = await entries(zip);
    expect([...files.keys()].sort()).toEqual([
      'criteria.xlsx',
      'documents/01-to_trinh-Tờ trình.pdf',
      'documents/02-minh_chung_tieu_chi-Ảnh đường.png',
      'manifest.json',
      'summary.html',
    ]);
    expect(files.get('summary.html')!.toString()).toContain('15/TTr-UBND');
    const report = await verifyPackage(zip);
    expect(report).toMatchObject({ ok: true, documents: 2, files: 4 });

    // One byte of one document changed: the verification names that file.
    const tampered = new Map(files);
    const png = Buffer.from(files.get('documents/02-minh_chung_tieu_chi-Ảnh đường.png')!);
    png[png.length - 1] = png[png.length - 1]! ^ 0xff;
    tampered.set('documents/02-minh_chung_tieu_chi-Ảnh đường.png', png);
    const bad = await verifyPackage(await rezip(tampered));
    expect(bad.ok).toBe(false);
    expect(bad.firstProblem).toMatchObject({ path: 'documents/02-minh_chung_tieu_chi-Ảnh đường.png' });
    expect(bad.firstProblem!.reasonEn).toContain('does not match its manifest hash');

    // The manifest rewritten to match the changed bytes: the audit trail no longer proves the document.
    const m = JSON.parse(files.get('manifest.json')!.toString());
    const { createHash } = await import('node:crypto');
    const h = createHash('sha256').update(png).digest('hex');
    m.files[1].sha256 = h;
    m.documents[1].sha256 = h;
    tampered.set('manifest.json', Buffer.from(JSON.stringify(m)));
    const forged = await verifyPackage(await rezip(tampered));
    expect(forged.firstProblem!.reasonEn).toContain('not proven by the audit trail');

    // An audit record edited inside the manifest: named as an audit problem.
    const m2 = JSON.parse(files.get('manifest.json')!.toString());
    m2.audit.records[0].actorId = 'someone-else';
    const edited = new Map(files);
    edited.set('manifest.json', Buffer.from(JSON.stringify(m2)));
    const e2 = await verifyPackage(await rezip(edited));
    expect(e2.firstProblem!.reasonEn).toMatch(/^Audit trail: Record #\d+ does not match its hash/);
  });

  it('refuses the package to someone outside the jurisdiction', async () => {
    const res = await bed.http.inject({ method: 'GET', url: `/api/dossiers/${DOSSIER}/package`, headers: { authorization: 'Bearer neighbour' } });
    expect(res.statusCode).toBe(403);
  });
});
