/**
 * The dossier's documents in the web UI (issue 15), a plugin of its own next to api/ui/plugin.ts:
 *
 *   GET  /ui/dossiers/:id/documents     the list (inline preview of images and PDFs, downloads with the
 *                                       Vietnamese file name) and the upload form (multipart)
 *   POST /ui/dossiers/:id/documents     the upload (CSRF token in the query string: a multipart body is
 *                                       read after the check runs)
 *
 * The dossier page links here from its "Văn bản" section (api/ui/pages/dossier.ts documentsSection).
 * Previews and downloads are the API's content route (same session cookie).
 */
import csrf from '@fastify/csrf-protection';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Application } from '../../app';
import type { DocumentView } from '../../app/documents';
import { ATTACH_LABELS, ATTACH_TARGETS, DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, FILE_TYPE_INFO, formatBytes, type DocumentKind } from '../../domain/documents';
import { AppError } from '../../domain/errors';
import { httpStatus } from '../http-errors';
import { multipartOptions, receiveUpload } from '../routes/documents';
import { bi, dossierPath, L, titleLabel, txt, vnDate, vnDateTime, type Lang } from './format';
import { html, join, type Html } from './html';
import { page, type Flash, type PageContext } from './layout';

export const documentsPath = (dossierId: string): string => `${dossierPath(dossierId)}/documents`;
const contentUrl = (d: DocumentView, disposition: 'inline' | 'attachment'): string =>
  `/api/dossiers/${encodeURIComponent(d.dossierId)}/documents/${encodeURIComponent(d.id)}/content?disposition=${disposition}`;

function preview(lang: Lang, d: DocumentView): Html {
  if (d.type === 'png' || d.type === 'jpeg')
    return html`<img class="doc-preview" src="${contentUrl(d, 'inline')}" alt="${d.title}" loading="lazy" style="max-width:320px;max-height:240px">`;
  if (d.type === 'pdf') {
    return html`<details><summary>${bi(lang, L('Xem trước', 'Preview'))}</summary><iframe class="doc-preview" src="${contentUrl(d, 'inline')}" title="${d.title}" style="width:100%;height:480px" loading="lazy"></iframe></details>`;
  }
  return html``;
}

function documentRow(lang: Lang, d: DocumentView, uploader: string): Html {
  const kind = DOCUMENT_KIND_LABELS[d.kind];
  const ref = [d.number, d.issuedOn ? vnDate(d.issuedOn) : null, d.issuer].filter(Boolean).join(' · ');
  const attached = `${txt(lang, ATTACH_LABELS[d.attachTo as keyof typeof ATTACH_LABELS] ?? L(d.attachTo, d.attachTo))}${d.attachRef ? ` ${d.attachRef}` : ''}`;
  return html`<tr data-document="${d.id}">
    <td>${bi(lang, kind)}</td>
    <td><strong>${d.title}</strong>${ref ? html`<br><small>${ref}</small>` : ''}<br><small>${attached} · ${bi(lang, L('phiên bản', 'version'))} ${d.version}</small>${preview(lang, d)}</td>
    <td><a href="${contentUrl(d, 'attachment')}" download>${d.fileName}</a><br><small>${FILE_TYPE_INFO[d.type].label} · ${formatBytes(d.size)}</small></td>
    <td><small>${uploader} · ${vnDateTime(d.uploadedAt)}</small><br><code title="SHA-256">${d.sha256.slice(0, 16)}…</code></td>
  </tr>`;
}

function uploadForm(ctx: PageContext, dossierId: string, docs: readonly DocumentView[]): Html {
  const { lang } = ctx;
  const opt = (value: string, label: string) => html`<option value="${value}">${label}</option>`;
  return html`<form method="post" enctype="multipart/form-data" action="${documentsPath(dossierId)}?_csrf=${encodeURIComponent(ctx.csrf ?? '')}" class="upload" id="upload-form">
    <p><label for="doc-kind">${bi(lang, L('Loại văn bản', 'Kind'))}</label>
      <select id="doc-kind" name="kind" required>${join(DOCUMENT_KINDS.map((k) => opt(k, txt(lang, DOCUMENT_KIND_LABELS[k]))))}</select></p>
    <p><label for="doc-title">${bi(lang, L('Trích yếu / tên văn bản', 'Title'))}</label> <input id="doc-title" name="title" required maxlength="500"></p>
    <p><label for="doc-number">${bi(lang, L('Số văn bản', 'Number'))}</label> <input id="doc-number" name="number" maxlength="64"></p>
    <p><label for="doc-date">${bi(lang, L('Ngày ban hành', 'Date'))}</label> <input id="doc-date" name="issuedOn" type="date"></p>
    <p><label for="doc-issuer">${bi(lang, L('Cơ quan ban hành', 'Issuer'))}</label> <input id="doc-issuer" name="issuer" maxlength="200"></p>
    <p><label for="doc-attach">${bi(lang, L('Gắn với', 'Attached to'))}</label>
      <select id="doc-attach" name="attachTo">${join(ATTACH_TARGETS.map((a) => opt(a, txt(lang, ATTACH_LABELS[a]))))}</select>
      <label for="doc-ref">${bi(lang, L('Mã (tiêu chí, quyết định…)', 'Reference (criterion, decision…)'))}</label> <input id="doc-ref" name="attachRef" maxlength="200"></p>
    <p><label for="doc-replaces">${bi(lang, L('Thay thế văn bản', 'Replaces'))}</label>
      <select id="doc-replaces" name="replaces"><option value="">—</option>${join(docs.map((d) => opt(d.id, `${d.title} (v${d.version})`)))}</select></p>
    <p><label for="doc-file">${bi(lang, L('Tệp (PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG)', 'File (PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG)'))}</label> <input id="doc-file" name="file" type="file" required></p>
    <p><button type="submit">${bi(lang, L('Tải lên', 'Upload'))}</button></p>
  </form>`;
}

function documentsBody(
  ctx: PageContext,
  dossierId: string,
  dossierName: string,
  docs: readonly DocumentView[],
  names: Record<string, string>,
  canUpload: boolean,
): Html {
  const { lang } = ctx;
  const table =
    docs.length === 0
      ? html`<p>${bi(lang, L('Hồ sơ chưa có văn bản nào.', 'The dossier has no documents yet.'))}</p>`
      : html`<table class="documents"><thead><tr><th>${bi(lang, L('Loại', 'Kind'))}</th><th>${bi(lang, L('Văn bản', 'Document'))}</th><th>${bi(lang, L('Tệp', 'File'))}</th><th>${bi(lang, L('Người tải lên', 'Uploaded by'))}</th></tr></thead><tbody>${join(docs.map((d) => documentRow(lang, d, names[d.uploadedBy] ?? d.uploadedBy)))}</tbody></table>`;
  return html`<p class="crumbs"><a href="/ui/">${bi(lang, L('Bảng theo dõi', 'Dashboard'))}</a> › <a href="${dossierPath(dossierId)}">${dossierName}</a> › <span>${bi(lang, L('Văn bản', 'Documents'))}</span></p>
  <section id="documents" aria-labelledby="h-documents"><h2 id="h-documents">${bi(lang, L('Văn bản của hồ sơ', 'Dossier documents'))} (${docs.length})</h2>${table}
  <p><a href="/api/dossiers/${encodeURIComponent(dossierId)}/package" download>${bi(lang, L('Tải gói hồ sơ (ZIP: văn bản, bảng tiêu chí, tóm tắt, manifest có mã băm)', 'Download the dossier package (ZIP: documents, criteria table, summary, manifest with hashes)'))}</a></p></section>
  ${canUpload ? html`<section id="upload" aria-labelledby="h-upload"><h2 id="h-upload">${bi(lang, L('Tải lên văn bản', 'Upload a document'))}</h2>${uploadForm(ctx, dossierId, docs)}</section>` : ''}`;
}

const UPLOADERS = new Set([
  'commune_official',
  'district_specialist',
  'provincial_specialist',
  'district_office',
  'provincial_office',
  'district_chair',
  'provincial_chair',
]);

export const documentsUiPlugin: FastifyPluginAsync<{ app: Application }> = async (root, { app: application }) => {
  await root.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/ui', sameSite: 'strict', httpOnly: true },
    getToken: (req) => (req.query as Record<string, string> | undefined)?._csrf,
  });
  await root.register(multipart, multipartOptions(application));
  const lang = (req: FastifyRequest): Lang => ((req.query as Record<string, unknown>).lang === 'en' || req.cookies.ntm_lang === 'en' ? 'en' : 'vi');
  const ctxOf = (req: FastifyRequest, reply: FastifyReply): PageContext => ({
    lang: lang(req),
    user: req.signedIn,
    url: req.url,
    csrf: reply.generateCsrf(),
    now: application.clock(),
    reports: true,
  });
  const send = (reply: FastifyReply, body: string, status = 200) =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  async function render(req: FastifyRequest, reply: FastifyReply, dossierId: string, flash?: Flash, status = 200) {
    const ctx = ctxOf(req, reply);
    const docs = await application.documents().list(req.signedIn!.principal, dossierId);
    const names = await application.documents().uploaderNames(docs);
    // The dossier by its unit's name, title and year (never its id) in the breadcrumb.
    const dossier = await application.dossiers.status(req.signedIn!.principal, dossierId);
    const unit = (await application.reports.units()).find((u) => u.code === dossier.unitCode);
    const dossierName = `${unit?.name ?? dossier.unitCode} · ${txt(ctx.lang, titleLabel(dossier.title))} ${dossier.planYear}`;
    const canUpload = req.signedIn!.principal.grants.some((g) => UPLOADERS.has(g.role));
    return send(
      reply,
      page(ctx, L('Văn bản của hồ sơ', 'Dossier documents'), documentsBody(ctx, dossierId, dossierName, docs, names, canUpload), flash),
      status,
    );
  }

  root.get('/ui/dossiers/:id/documents', { schema: { hide: true } }, async (req, reply) => {
    if (!req.signedIn) return reply.redirect(`/ui/sign-in?next=${encodeURIComponent(req.url)}`);
    const { id } = req.params as { id: string };
    const q = req.query as Record<string, string | undefined>;
    const flash: Flash | undefined = q.uploaded ? { kind: 'ok', message: L(`Đã tải lên: ${q.uploaded}`, `Uploaded: ${q.uploaded}`) } : undefined;
    return render(req, reply, id, flash);
  });

  root.post('/ui/dossiers/:id/documents', { schema: { hide: true }, onRequest: root.csrfProtection }, async (req, reply) => {
    if (!req.signedIn) return reply.redirect(`/ui/sign-in?next=${encodeURIComponent(req.url)}`);
    const { id } = req.params as { id: string };
    try {
      const { result } = await receiveUpload(req, application, req.signedIn.principal, id);
      return reply.redirect(`${documentsPath(id)}?uploaded=${encodeURIComponent(result.document.title)}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'unauthenticated') throw e;
      const message = L(`${e.messageVi} [${e.code}]`, `${e.messageEn} [${e.code}]`);
      return render(req, reply, id, { kind: 'error', message }, httpStatus(e.kind));
    }
  });
};

/** The small section the dossier page shows: how many documents, and the link to them. */
export function documentsLink(lang: Lang, dossierId: string): Html {
  return html`<p><a href="${documentsPath(dossierId)}">${bi(lang, L('Xem, tải lên và tải về văn bản của hồ sơ', 'View, upload and download the dossier documents'))}</a></p>`;
}

export type { DocumentKind };
