/**
 * The dossier package (issue 15): the dossier as the next level receives it, one ZIP (yazl):
 *
 *   documents/NN-<kind>-<file name>   every current document, byte for byte
 *   criteria.xlsx                      the criteria table (exceljs): self-assessment and verdicts
 *   summary.html                       a printable summary (unit, title, stage, decision, documents)
 *   manifest.json                      every file's SHA-256 and size, every document's metadata, and the
 *                                      dossier's audit trail with its chain proof (app/audit.ts buildExport)
 *
 * `verifyPackage` checks a package offline (no database): each file against its manifest hash, no file
 * missing or added, each document's hash present in an audit record of the trail, and the trail itself
 * (verifyExport). It names the first thing that does not match.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { getCriteriaSet } from '../domain/criteria';
import { statusOf, type DossierState } from '../domain/dossier';
import { DOCUMENT_KIND_LABELS, FILE_TYPE_INFO } from '../domain/documents';
import { appError } from '../domain/errors';
import type { Db } from '../prisma/db';
import { buildExport, dossierTrail, verifyExport, type AuditExport } from './audit';
import { join } from 'node:path';
import { FsBlobStore, type BlobStore } from '../store/blobs';
import { openBlobStore, type BlobStoreConfig } from '../store/blobs-s3';
import { DocumentService, type DocumentView } from './documents';

export const PACKAGE_FORMAT = 'ntm-dossier-package/1';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  documentId?: string;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  dossierId: string;
  createdAt: string;
  unitCode: string;
  title: string;
  stage: string;
  files: ManifestFile[];
  documents: DocumentView[];
  audit: AuditExport;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const vnDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '—');

function entryName(i: number, d: DocumentView): string {
  const ext = FILE_TYPE_INFO[d.type].ext;
  const base = d.fileName.toLowerCase().endsWith(`.${ext}`) || d.fileName.toLowerCase().endsWith(`.${d.type}`) ? d.fileName : `${d.fileName}.${ext}`;
  return `documents/${String(i + 1).padStart(2, '0')}-${d.kind}-${base}`;
}

async function criteriaWorkbook(state: DossierState): Promise<Buffer> {
  const ctx = state.context;
  const set = getCriteriaSet(ctx.input.criteriaSetId);
  const names = new Map(set.ok ? set.value.criteria.map((c) => [c.code, c.nameVi]) : []);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bảng tiêu chí');
  ws.addRow(['Tiêu chí', 'Tên tiêu chí', 'Tự đánh giá', 'Kết quả thẩm tra', 'Kết quả rà soát']);
  const verdictVi: Record<string, string> = { met: 'Đạt', not_met: 'Không đạt', needs_supplement: 'Cần bổ sung' };
  const allReviews = [...Object.values(ctx.reviewHistory ?? {}).flatMap((r) => Object.entries(r)), ...Object.entries(ctx.reviews)];
  for (const code of ctx.input.criteria) {
    const sa = ctx.selfAssessment[code];
    const verdicts = allReviews.filter(([k]) => k.split('|')[0] === code).map(([k, v]) => `${k.split('|')[1]}: ${verdictVi[v.verdict] ?? v.verdict}`);
    const failing = ctx.verification?.failing.find((f) => f.criterion === code);
    ws.addRow([
      code,
      names.get(code) ?? '',
      sa ? (sa.met ? 'Đạt' : 'Chưa đạt') : '—',
      verdicts.join('; ') || '—',
      ctx.verification ? (failing ? failing.reasonVi : 'Đạt') : '—',
    ]);
  }
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 24));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function summaryHtml(state: DossierState, docs: DocumentView[], createdAt: Date): string {
  const st = statusOf(state);
  const d = state.context.decision;
  const rows = docs
    .map(
      (x) =>
        `<tr><td>${esc(DOCUMENT_KIND_LABELS[x.kind].vi)}</td><td>${esc(x.title)}</td><td>${esc(x.number ?? '—')}</td><td>${vnDate(x.issuedOn)}</td><td>${esc(x.issuer ?? '—')}</td><td><code>${x.sha256}</code></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Hồ sơ ${esc(st.dossierId)}</title>
<style>body{font-family:serif;margin:2cm}table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:4px;font-size:11pt}code{font-size:8pt}</style></head>
<body>
<h1>Hồ sơ đề nghị công nhận</h1>
<p>Mã hồ sơ: ${esc(st.dossierId)}<br>Đơn vị: ${esc(state.context.input.unitCode)}<br>Danh hiệu: ${esc(state.context.input.title)}<br>Năm kế hoạch: ${state.context.input.planYear}<br>Bộ tiêu chí: ${esc(state.context.input.criteriaSetId)}<br>Trạng thái: ${esc(st.stage)}</p>
${d ? `<p>Quyết định số ${esc(d.number)} ngày ${vnDate(d.date)}, người ký: ${esc(d.signer)} — ${d.outcome === 'recognised' ? 'công nhận' : 'không công nhận'}</p>` : ''}
<h2>Văn bản trong hồ sơ (${docs.length})</h2>
<table><thead><tr><th>Loại</th><th>Trích yếu</th><th>Số</th><th>Ngày</th><th>Cơ quan ban hành</th><th>SHA-256</th></tr></thead><tbody>
${rows}
</tbody></table>
<p>Lập lúc ${createdAt.toISOString()} (UTC). Danh mục tệp, mã băm và chứng minh chuỗi nhật ký: manifest.json.</p>
</body></html>
`;
}

/** Builds the package of a dossier whose state the caller read (and authorised). */
export async function buildPackage(db: Db, documents: DocumentService, dossierId: string, state: DossierState, now: Date): Promise<Buffer> {
  const docs = await documents.listUnchecked(dossierId);
  const entries: { path: string; data: Buffer; documentId?: string }[] = [];
  for (const [i, d] of docs.entries()) {
    const data = await readAll(await documents.openBytes(d.sha256));
    if (sha(data) !== d.sha256) {
      throw appError(
        'DOCUMENT.STORE_CORRUPT',
        `Nội dung văn bản "${d.title}" trong kho không khớp mã băm`,
        `The stored bytes of "${d.title}" do not match their hash`,
        {
          details: { documentId: d.id },
        },
      );
    }
    entries.push({ path: entryName(i, d), data, documentId: d.id });
  }
  entries.push({ path: 'criteria.xlsx', data: await criteriaWorkbook(state) });
  entries.push({ path: 'summary.html', data: Buffer.from(summaryHtml(state, docs, now), 'utf8') });
  const audit = await buildExport(db, await dossierTrail(db, dossierId), { dossierId }, now);
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    dossierId,
    createdAt: now.toISOString(),
    unitCode: state.context.input.unitCode,
    title: state.context.input.title,
    stage: state.value,
    files: entries.map((e) => ({ path: e.path, sha256: sha(e.data), size: e.data.length, ...(e.documentId ? { documentId: e.documentId } : {}) })),
    documents: docs,
    audit,
  };
  const zip = new yazl.ZipFile();
  const mtime = now;
  for (const e of entries) zip.addBuffer(e.data, e.path, { mtime });
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), 'manifest.json', { mtime });
  zip.end();
  return readAll(zip.outputStream as unknown as Readable);
}

export interface PackageReport {
  ok: boolean;
  files: number;
  documents: number;
  auditRecords: number;
  /** The first mismatch, when there is one. */
  firstProblem?: { path?: string; reasonVi: string; reasonEn: string };
}

function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (e, zip) => {
      if (e || !zip) return reject(e ?? new Error('not a zip'));
      const out = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (re, rs) => {
          if (re || !rs) return reject(re ?? new Error('unreadable entry'));
          readAll(rs).then((b) => {
            out.set(entry.fileName, b);
            zip.readEntry();
          }, reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** Verifies a package offline and names the first thing that does not match. */
export async function verifyPackage(buffer: Buffer): Promise<PackageReport> {
  let files: Map<string, Buffer>;
  try {
    files = await unzip(buffer);
  } catch (e) {
    return {
      ok: false,
      files: 0,
      documents: 0,
      auditRecords: 0,
      firstProblem: { reasonVi: `Không phải tệp ZIP đọc được (${(e as Error).message})`, reasonEn: `Not a readable ZIP (${(e as Error).message})` },
    };
  }
  const fail = (m: PackageManifest | undefined, p: PackageReport['firstProblem']): PackageReport => ({
    ok: false,
    files: m?.files.length ?? 0,
    documents: m?.documents.length ?? 0,
    auditRecords: m?.audit.records.length ?? 0,
    firstProblem: p,
  });
  const raw = files.get('manifest.json');
  if (!raw) return fail(undefined, { path: 'manifest.json', reasonVi: 'Thiếu manifest.json', reasonEn: 'manifest.json is missing' });
  let m: PackageManifest;
  try {
    m = JSON.parse(raw.toString('utf8')) as PackageManifest;
  } catch {
    return fail(undefined, { path: 'manifest.json', reasonVi: 'manifest.json không đọc được', reasonEn: 'manifest.json is not valid JSON' });
  }
  if (m.format !== PACKAGE_FORMAT)
    return fail(m, { path: 'manifest.json', reasonVi: `Định dạng lạ: ${String(m.format)}`, reasonEn: `Unknown format: ${String(m.format)}` });
  for (const f of m.files) {
    const data = files.get(f.path);
    if (!data) return fail(m, { path: f.path, reasonVi: `Thiếu tệp ${f.path}`, reasonEn: `File ${f.path} is missing` });
    if (data.length !== f.size || sha(data) !== f.sha256) {
      return fail(m, {
        path: f.path,
        reasonVi: `Tệp ${f.path} không khớp mã băm trong manifest (đã bị sửa)`,
        reasonEn: `File ${f.path} does not match its manifest hash (altered)`,
      });
    }
  }
  const listed = new Set([...m.files.map((f) => f.path), 'manifest.json']);
  const extra = [...files.keys()].find((k) => !listed.has(k));
  if (extra) return fail(m, { path: extra, reasonVi: `Tệp ${extra} không có trong manifest`, reasonEn: `File ${extra} is not in the manifest` });
  // Each document's bytes must be the ones its audit record proves.
  const proven = new Set(m.audit.records.flatMap((r) => (JSON.parse(r.documents) as { sha256?: string }[]).map((d) => d.sha256).filter(Boolean)));
  for (const d of m.documents) {
    const f = m.files.find((x) => x.documentId === d.id);
    if (!f || f.sha256 !== d.sha256 || !proven.has(d.sha256)) {
      return fail(m, {
        path: f?.path,
        reasonVi: `Văn bản "${d.title}" không được nhật ký kiểm toán chứng minh (mã băm không có trong bản ghi nào)`,
        reasonEn: `Document "${d.title}" is not proven by the audit trail (its hash is in no record)`,
      });
    }
  }
  const slice = verifyExport(m.audit);
  if (!slice.ok) {
    const p = slice.problems[0];
    return fail(m, {
      path: 'manifest.json',
      reasonVi: p ? `Nhật ký kiểm toán: ${p.reasonVi}` : 'Chuỗi nhật ký không hợp lệ lúc xuất',
      reasonEn: p ? `Audit trail: ${p.reasonEn}` : 'The audit chain was not valid at export time',
    });
  }
  return { ok: true, files: m.files.length, documents: m.documents.length, auditRecords: m.audit.records.length };
}

/**
 * The operator's package (`ntm dossier package`): no person to authorise (the operator runs on the
 * server), the dossier's state from its projection snapshot (taken at its last stage change; for a
 * decided dossier that is the decision).
 */
export async function operatorPackage(db: Db, dataDir: string, dossierId: string, now: Date, store?: BlobStoreConfig): Promise<Buffer> {
  const blobs: BlobStore = store ? openBlobStore(store) : new FsBlobStore(join(dataDir, 'documents'));
  const row = await db.dossier.findUnique({ where: { id: dossierId } });
  if (!row) throw appError('DOSSIER.NOT_FOUND', `Không có hồ sơ "${dossierId}"`, `No dossier "${dossierId}"`, { path: 'id' });
  const state = JSON.parse(row.state) as DossierState;
  const documents = new DocumentService({ db, blobs, clock: () => now, dossierState: () => Promise.resolve(state) });
  return buildPackage(db, documents, dossierId, state, now);
}
