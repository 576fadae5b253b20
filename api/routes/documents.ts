/**
 * Dossier documents over HTTP (issue 15). Uploads are multipart/form-data, streamed (never buffered
 * whole): the metadata fields must come before the file part (a browser sends them in form order).
 *
 *   GET  /api/dossiers/:id/documents                     current documents (?history=true: every version)
 *   POST /api/dossiers/:id/documents                     upload (fields kind, title, number, issuedOn,
 *                                                        issuer, attachTo, attachRef, replaces; then file)
 *   GET  /api/dossiers/:id/documents/:docId              one document's metadata
 *   GET  /api/dossiers/:id/documents/:docId/content      the bytes (?disposition=inline for a preview)
 *   POST /api/dossiers/:id/documents/:docId/withdraw     { reason } — recorded, the bytes stay
 *   GET  /api/dossiers/:id/package                       the dossier package (ZIP)
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Application } from '../../app';
import type { Principal } from '../../domain/access';
import type { UploadResult } from '../../app/documents';
import { contentDisposition, DEFAULT_SIZE_LIMITS, DOCUMENT_KINDS, FILE_TYPES, maxLimit } from '../../domain/documents';
import { appError } from '../../domain/errors';
import { requireUser } from '../auth';
import { errorResponses } from '../schemas';

const Params = z.object({ id: z.string().min(1).max(300) });
const DocParams = Params.extend({ docId: z.string().min(1).max(300) });

/** Multipart limits: one file, a few small fields; the byte limit is the largest type's (+1 so ours trips first). */
export function multipartOptions(application: Application) {
  let max = maxLimit(DEFAULT_SIZE_LIMITS);
  try {
    max = maxLimit(application.documents().limits);
  } catch {
    // no document store configured: the routes answer DOCUMENT.STORE_UNCONFIGURED themselves
  }
  // preservePath: the name as sent, so a path in it is refused (busboy would silently keep the base name).
  return { preservePath: true, limits: { files: 1, fields: 20, fieldSize: 10_000, parts: 22, fileSize: max + 1, headerPairs: 200 } };
}

/**
 * Reads a multipart upload: fields first, then the file, which is streamed to the use case. Parts
 * after the file are drained. Also returns the fields (the UI needs _csrf and where to go back).
 */
export async function receiveUpload(
  req: FastifyRequest,
  application: Application,
  principal: Principal,
  dossierId: string,
  beforeFile?: (fields: Record<string, string>) => void,
): Promise<{ result: UploadResult; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  let result: UploadResult | undefined;
  let parts: AsyncIterableIterator<import('@fastify/multipart').Multipart>;
  try {
    parts = req.parts();
  } catch (e) {
    throw notMultipart(e);
  }
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (result) continue;
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
        continue;
      }
      if (result) {
        part.file.resume();
        continue;
      }
      beforeFile?.(fields);
      result = await application.documents().upload(principal, dossierId, { meta: fields, fileName: part.filename, stream: part.file });
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw notMultipart(e);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw appError('DOCUMENT.INVALID_INPUT', 'Mỗi lần chỉ tải lên một tệp, với ít trường thông tin', 'Upload one file at a time, with few fields', {
        path: 'file',
      });
    }
    if (code && code.startsWith('FST_') && !(e as { messageVi?: string }).messageVi) {
      throw appError(
        'DOCUMENT.UPLOAD_INCOMPLETE',
        `Tệp tải lên không đọc được hết, không có gì được lưu (${(e as Error).message})`,
        `The upload could not be read to the end; nothing was kept (${(e as Error).message})`,
        {
          path: 'file',
          kind: 'invalid',
        },
      );
    }
    throw e;
  }
  if (!result) throw appError('DOCUMENT.NO_FILE', 'Chưa chọn tệp để tải lên', 'No file was sent', { path: 'file', kind: 'invalid' });
  return { result, fields };
}

function notMultipart(e: unknown) {
  return appError(
    'DOCUMENT.INVALID_INPUT',
    'Tải lên phải là multipart/form-data (các trường thông tin trước, tệp sau)',
    'An upload must be multipart/form-data (fields first, then the file)',
    { path: 'file', details: { cause: (e as Error).message } },
  );
}

const nullable = z.string().nullable();
const DocumentSchema = z.object({
  id: z.string(),
  dossierId: z.string(),
  seriesId: z.string(),
  version: z.number(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  number: nullable,
  issuedOn: nullable,
  issuer: nullable,
  attachTo: z.string(),
  attachRef: nullable,
  fileName: z.string(),
  contentType: z.string(),
  type: z.enum(FILE_TYPES),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedRole: z.string(),
  uploadedUnit: nullable,
  uploadedAt: z.string(),
  auditEventId: z.string(),
  replacedById: nullable,
  withdrawnAt: nullable,
  withdrawnBy: nullable,
  withdrawReason: nullable,
  current: z.boolean(),
});

export const documentRoutes: FastifyPluginAsync<{ app: Application }> = async (fastify, { app: application }) => {
  await fastify.register(multipart, multipartOptions(application));
  const r = fastify.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/dossiers/:id/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Văn bản của hồ sơ / the dossier documents',
        params: Params,
        querystring: z.object({ history: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(DocumentSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return { items: await application.documents().list(u.principal, req.params.id, { includeHistory: req.query.history === 'true' }) };
    },
  );

  r.post(
    '/api/dossiers/:id/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Tải lên văn bản (multipart: trường trước, tệp sau) / upload a document (multipart: fields, then the file)',
        params: Params,
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ document: DocumentSchema, blobReused: z.boolean() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const { result } = await receiveUpload(req, application, u.principal, req.params.id);
      return reply.status(201).send(result);
    },
  );

  r.get(
    '/api/dossiers/:id/documents/:docId',
    { schema: { tags: ['documents'], summary: 'Một văn bản / one document', params: DocParams, response: { 200: DocumentSchema, ...errorResponses } } },
    async (req) => application.documents().get(requireUser(req).principal, req.params.id, req.params.docId),
  );

  r.get(
    '/api/dossiers/:id/documents/:docId/content',
    {
      schema: {
        tags: ['documents'],
        summary: 'Nội dung văn bản (tải về hoặc xem trực tiếp) / the bytes (download, or inline preview)',
        params: DocParams,
        querystring: z.object({ disposition: z.enum(['inline', 'attachment']).default('attachment') }),
        response: { 200: z.unknown().meta({ description: 'the bytes, with the content type sniffed at upload' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const { document, stream } = await application.documents().open(u.principal, req.params.id, req.params.docId);
      const inline = req.query.disposition === 'inline' && /^(application\/pdf|image\/(png|jpeg))$/.test(document.contentType);
      return reply
        .header('content-disposition', contentDisposition(document.fileName, inline ? 'inline' : 'attachment'))
        .header('content-length', String(document.size))
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${document.sha256}"`)
        .header('cache-control', 'private, no-store')
        .type(document.contentType)
        .send(stream);
    },
  );

  r.post(
    '/api/dossiers/:id/documents/:docId/withdraw',
    {
      schema: {
        tags: ['documents'],
        summary: 'Rút văn bản (ghi nhận, vẫn giữ nội dung) / withdraw a document (recorded; the bytes stay)',
        params: DocParams,
        body: z.object({ reason: z.string().max(2000) }),
        response: { 200: DocumentSchema, ...errorResponses },
      },
    },
    async (req) => application.documents().withdraw(requireUser(req).principal, req.params.id, req.params.docId, req.body.reason),
  );

  r.get(
    '/api/dossiers/:id/package',
    {
      schema: {
        tags: ['documents'],
        summary: 'Gói hồ sơ (ZIP: văn bản, bảng tiêu chí, bản tóm tắt, manifest có mã băm và chứng minh nhật ký) / the dossier package (ZIP)',
        params: Params,
        response: { 200: z.unknown().meta({ description: 'application/zip' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const zip = await application.dossierPackage(u.principal, req.params.id);
      const name = `Hồ sơ ${req.params.id.replace(/[/\\]/g, '-')}.zip`;
      return reply.header('content-disposition', contentDisposition(name, 'attachment')).type('application/zip').send(zip);
    },
  );
};
