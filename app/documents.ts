/**
 * Dossier documents, the use cases (issue 15): upload (streamed, typed from the content, limited by
 * type, deduplicated by hash, recorded with an audit record holding the hash in one transaction),
 * list, read/download, replace (a new version of the same series) and withdraw (recorded; the bytes
 * stay), and the required-documents check the submission calls.
 *
 * Order of an upload, so that nothing is half-stored: metadata and file name are checked before a byte
 * is kept; the bytes are staged into a temp file under the store while hashed; the type is sniffed
 * from the staged bytes (file-type; a ZIP's directory read with yauzl for DOCX/XLSX/ODT/ODS) and the
 * size checked against that type's limit; a current document with the same hash in this dossier
 * refuses the upload as a duplicate; only then are the bytes moved to their content address and the
 * record + audit record written in one transaction. If that transaction fails, bytes the upload
 * created (and nobody else references) are removed again. On any failure before, the temp file goes.
 */
import { randomUUID } from 'node:crypto';
import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { resolveActor, type Principal } from '../domain/access';
import type { Actor } from '../domain/dossier/types';
import { accessView, type DossierState } from '../domain/dossier';
import {
  checkFileName,
  classifyContent,
  DEFAULT_SIZE_LIMITS,
  FILE_TYPE_INFO,
  maxLimit,
  missingDocuments,
  parseDocumentMeta,
  sizeRefusal,
  type DocumentKind,
  type DocumentMeta,
  type FileTypeId,
  type SizeLimits,
} from '../domain/documents';
import { AppError, appError, unwrap } from '../domain/errors';
import type { Db, DbProvider } from '../prisma/db';
import { appendAudit, dbProvider } from '../store/audit-chain';
import { type BlobStore } from '../store/blobs';

export interface DocumentView {
  id: string;
  dossierId: string;
  seriesId: string;
  version: number;
  kind: DocumentKind;
  title: string;
  number: string | null;
  issuedOn: string | null;
  issuer: string | null;
  attachTo: string;
  attachRef: string | null;
  fileName: string;
  contentType: string;
  type: FileTypeId;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedRole: string;
  uploadedUnit: string | null;
  uploadedAt: string;
  auditEventId: string;
  replacedById: string | null;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
  current: boolean;
}

type Row = NonNullable<Awaited<ReturnType<Db['document']['findUnique']>>>;

function typeOfMime(mime: string): FileTypeId {
  const hit = (Object.keys(FILE_TYPE_INFO) as FileTypeId[]).find((t) => FILE_TYPE_INFO[t].mime === mime);
  return hit ?? 'pdf';
}

export function toView(r: Row): DocumentView {
  return {
    id: r.id,
    dossierId: r.dossierId,
    seriesId: r.seriesId,
    version: r.version,
    kind: r.kind as DocumentKind,
    title: r.title,
    number: r.number,
    issuedOn: r.issuedOn,
    issuer: r.issuer,
    attachTo: r.attachTo,
    attachRef: r.attachRef,
    fileName: r.fileName,
    contentType: r.contentType,
    type: typeOfMime(r.contentType),
    size: r.size,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    uploadedRole: r.uploadedRole,
    uploadedUnit: r.uploadedUnit,
    uploadedAt: r.uploadedAt.toISOString(),
    auditEventId: r.auditEventId,
    replacedById: r.replacedById,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawnBy: r.withdrawnBy,
    withdrawReason: r.withdrawReason,
    current: r.replacedById === null && r.withdrawnAt === null,
  };
}

/** The ZIP's entry names (and the ODF `mimetype` entry's text), or undefined when it is no readable ZIP. */
export async function readZipDirectory(path: string, maxEntries = 5000): Promise<{ entries: string[]; odfMimetype?: string } | undefined> {
  return new Promise((resolve) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (e, zip) => {
      if (e || !zip) return resolve(undefined);
      const entries: string[] = [];
      let odfMimetype: string | undefined;
      let done = false;
      const finish = (v: { entries: string[]; odfMimetype?: string } | undefined): void => {
        if (done) return;
        done = true;
        zip.close();
        resolve(v);
      };
      zip.on('error', () => finish(undefined));
      zip.on('end', () => finish({ entries, ...(odfMimetype !== undefined ? { odfMimetype } : {}) }));
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry.fileName);
        if (entries.length > maxEntries) return finish(undefined);
        if (entry.fileName === 'mimetype' && entry.uncompressedSize < 200) {
          zip.openReadStream(entry, (re, rs) => {
            if (re || !rs) return finish(undefined);
            const chunks: Buffer[] = [];
            rs.on('data', (c: Buffer) => chunks.push(c));
            rs.on('error', () => finish(undefined));
            rs.on('end', () => {
              odfMimetype = Buffer.concat(chunks).toString('utf8');
              zip.readEntry();
            });
          });
          return;
        }
        zip.readEntry();
      });
      zip.readEntry();
    });
  });
}

/** Detects the accepted type of a local file from its bytes; refuses anything else. */
export async function sniffFile(path: string): Promise<FileTypeId> {
  // file-type is ESM-only: loaded on first use (Node's require(esm) under tsx; compiled by jest).
  const { fileTypeFromFile } = await import('file-type/node');
  const ft = await fileTypeFromFile(path);
  const mime = ft?.mime;
  const zipLike = mime === 'application/zip' || (mime !== undefined && /openxmlformats|opendocument/.test(mime));
  const zip = zipLike ? await readZipDirectory(path) : undefined;
  if (!ft) {
    // file-type recognises no executable script or plain text: say what the first bytes look like.
    const fh = await openFile(path, 'r');
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
      const head = buffer.subarray(0, bytesRead);
      if (head[0] === 0x4d && head[1] === 0x5a) return unwrap(classifyContent('application/x-msdownload'));
      if (head.toString('latin1', 0, 2) === '#!') return unwrap(classifyContent('text/x-shellscript'));
    } finally {
      await fh.close();
    }
  }
  return unwrap(classifyContent(mime, zip));
}

export interface UploadRequest {
  /** Form fields (kind, title, number, issuedOn, issuer, attachTo, attachRef, replaces). */
  meta: unknown;
  fileName: string | undefined;
  stream: Readable;
}

export interface UploadResult {
  document: DocumentView;
  /** The bytes were already in the store (another dossier holds the same paper). */
  blobReused: boolean;
}

export interface DocumentDeps {
  db: Db;
  provider?: DbProvider;
  blobs: BlobStore;
  limits?: Partial<SizeLimits>;
  clock: () => Date;
  /** The dossier's state (for authorization): DossierService.state. */
  dossierState: (dossierId: string) => Promise<DossierState>;
}

export class DocumentService {
  readonly limits: SizeLimits;
  constructor(private readonly deps: DocumentDeps) {
    this.limits = { ...DEFAULT_SIZE_LIMITS, ...(deps.limits ?? {}) };
  }

  private provider(): DbProvider {
    return this.deps.provider ?? dbProvider(this.deps.db);
  }

  private async authorize(
    principal: Principal,
    dossierId: string,
    action: 'document.read' | 'document.upload',
  ): Promise<{ actor: Actor; state: DossierState }> {
    const state = await this.deps.dossierState(dossierId);
    const actor = unwrap(resolveActor(principal, { action, at: this.deps.clock().toISOString(), dossier: accessView(state) }));
    return { actor, state };
  }

  async upload(principal: Principal, dossierId: string, req: UploadRequest): Promise<UploadResult> {
    let staged: Awaited<ReturnType<BlobStore['stage']>> | undefined;
    try {
      const { actor } = await this.authorize(principal, dossierId, 'document.upload');
      const meta = unwrap(parseDocumentMeta(req.meta));
      const fileName = unwrap(checkFileName(req.fileName));
      const previous = meta.replaces ? await this.replaceable(dossierId, meta.replaces) : undefined;
      staged = await this.deps.blobs.stage(req.stream, maxLimit(this.limits));
      if (staged.size === 0) throw appError('DOCUMENT.EMPTY', 'Tệp trống (0 byte)', 'The file is empty (0 bytes)', { path: 'file', kind: 'invalid' });
      const type = await sniffFile(staged.path);
      if (staged.size > this.limits[type]) throw new AppError(sizeRefusal(type, this.limits[type], staged.size), 'invalid');
      const same = await this.deps.db.document.findFirst({ where: { dossierId, sha256: staged.sha256, replacedById: null, withdrawnAt: null } });
      if (same) {
        throw appError(
          'DOCUMENT.DUPLICATE',
          `Tệp này đã có trong hồ sơ: "${same.title}" (${same.fileName}, tải lên ${same.uploadedAt.toISOString().slice(0, 10).split('-').reverse().join('/')}); mã băm SHA-256 trùng`,
          `This file is already in the dossier: "${same.title}" (${same.fileName}); same SHA-256`,
          { path: 'file', details: { existingId: same.id, sha256: same.sha256 }, kind: 'conflict' },
        );
      }
      const s = staged;
      staged = undefined;
      const { created } = await s.commit();
      try {
        const row = await this.record(actor, dossierId, meta, fileName, type, s.sha256, s.size, previous);
        return { document: toView(row), blobReused: !created };
      } catch (e) {
        if (created && (await this.deps.db.document.count({ where: { sha256: s.sha256 } })) === 0) await this.deps.blobs.remove(s.sha256);
        throw e;
      }
    } catch (e) {
      if (staged) await staged.discard();
      // Whatever was not read of the upload is drained so the request can be answered.
      req.stream.resume();
      throw e;
    }
  }

  private async replaceable(dossierId: string, id: string): Promise<Row> {
    const prev = await this.deps.db.document.findUnique({ where: { id } });
    if (!prev || prev.dossierId !== dossierId) {
      throw appError('DOCUMENT.NOT_FOUND', `Không có văn bản "${id}" trong hồ sơ này để thay thế`, `No document "${id}" in this dossier to replace`, {
        path: 'replaces',
      });
    }
    if (prev.replacedById || prev.withdrawnAt) {
      throw appError(
        'DOCUMENT.NOT_CURRENT',
        `Văn bản "${prev.title}" không còn là bản hiện hành (đã được thay thế hoặc đã rút)`,
        `Document "${prev.title}" is no longer current (replaced or withdrawn)`,
        { path: 'replaces', kind: 'conflict' },
      );
    }
    return prev;
  }

  private async record(
    actor: Actor,
    dossierId: string,
    meta: DocumentMeta,
    fileName: string,
    type: FileTypeId,
    sha256: string,
    size: number,
    previous?: Row,
  ): Promise<Row> {
    const id = `doc-${randomUUID()}`;
    const at = this.deps.clock();
    const eventId = `document.uploaded:${id}`;
    const data = {
      id,
      dossierId,
      seriesId: previous?.seriesId ?? id,
      version: (previous?.version ?? 0) + 1,
      kind: meta.kind,
      title: meta.title,
      number: meta.number ?? null,
      issuedOn: meta.issuedOn ?? null,
      issuer: meta.issuer ?? null,
      attachTo: meta.attachTo,
      attachRef: meta.attachRef ?? null,
      fileName,
      contentType: FILE_TYPE_INFO[type].mime,
      size,
      sha256,
      uploadedBy: actor.id,
      uploadedRole: actor.role,
      uploadedUnit: actor.unitCode,
      uploadedAt: at,
      auditEventId: eventId,
    };
    const provider = this.provider();
    return this.deps.db.$transaction(async (tx) => {
      const row = await tx.document.create({ data });
      if (previous) {
        const n = await tx.document.updateMany({ where: { id: previous.id, replacedById: null, withdrawnAt: null }, data: { replacedById: id } });
        if (n.count !== 1)
          throw appError('DOCUMENT.NOT_CURRENT', 'Văn bản vừa được thay thế bởi người khác', 'The document was just replaced by someone else', {
            path: 'replaces',
            kind: 'conflict',
          });
      }
      await appendAudit(
        tx,
        {
          eventId,
          at,
          actorId: actor.id,
          actorRole: actor.role,
          actorUnit: actor.unitCode,
          onBehalfOf: actor.onBehalfOf ?? null,
          action: previous ? 'document.replaced' : 'document.uploaded',
          dossierId,
          criterion: meta.attachTo === 'criterion' ? (meta.attachRef ?? null) : null,
          before: previous ? JSON.stringify({ id: previous.id, version: previous.version, sha256: previous.sha256 }) : null,
          after: JSON.stringify({ id, version: data.version, kind: data.kind, attachTo: data.attachTo, attachRef: data.attachRef }),
          documents: [
            {
              id,
              sha256,
              size,
              contentType: data.contentType,
              fileName,
              kind: data.kind,
              title: data.title,
              number: data.number,
              date: data.issuedOn,
              issuer: data.issuer,
            },
          ],
        },
        provider,
      );
      return row;
    });
  }

  async list(principal: Principal, dossierId: string, opts: { includeHistory?: boolean } = {}): Promise<DocumentView[]> {
    await this.authorize(principal, dossierId, 'document.read');
    return this.listUnchecked(dossierId, opts);
  }

  /** Without authorization: for the package (already authorised) and the submission check. */
  async listUnchecked(dossierId: string, opts: { includeHistory?: boolean } = {}): Promise<DocumentView[]> {
    const rows = await this.deps.db.document.findMany({
      where: { dossierId, ...(opts.includeHistory ? {} : { replacedById: null, withdrawnAt: null }) },
      orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toView);
  }

  /** The display names of the people who uploaded `docs` (what a page shows; an unknown id stays as it is). */
  async uploaderNames(docs: readonly DocumentView[]): Promise<Record<string, string>> {
    const ids = [...new Set(docs.map((d) => d.uploadedBy))];
    const users = ids.length ? await this.deps.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
    return Object.fromEntries(ids.map((id) => [id, users.find((u) => u.id === id)?.displayName ?? id]));
  }

  private async row(documentId: string): Promise<Row> {
    const row = await this.deps.db.document.findUnique({ where: { id: documentId } });
    if (!row) throw appError('DOCUMENT.NOT_FOUND', `Không có văn bản "${documentId}"`, `No document "${documentId}"`, { path: 'documentId' });
    return row;
  }

  async get(principal: Principal, dossierId: string, documentId: string): Promise<DocumentView> {
    await this.authorize(principal, dossierId, 'document.read');
    const row = await this.row(documentId);
    if (row.dossierId !== dossierId)
      throw appError('DOCUMENT.NOT_FOUND', `Không có văn bản "${documentId}" trong hồ sơ này`, `No document "${documentId}" in this dossier`, {
        path: 'documentId',
      });
    return toView(row);
  }

  async open(principal: Principal, dossierId: string, documentId: string): Promise<{ document: DocumentView; stream: Readable }> {
    const document = await this.get(principal, dossierId, documentId);
    return { document, stream: await this.deps.blobs.open(document.sha256) };
  }

  openBytes(sha256: string): Promise<Readable> {
    return this.deps.blobs.open(sha256);
  }

  async withdraw(principal: Principal, dossierId: string, documentId: string, reason: string): Promise<DocumentView> {
    const { actor } = await this.authorize(principal, dossierId, 'document.upload');
    const why = reason.trim();
    if (why === '' || why.length > 2000) {
      throw appError('DOCUMENT.INVALID_INPUT', 'Cần nêu lý do rút văn bản (tối đa 2000 ký tự)', 'Give the reason for withdrawing (at most 2000 characters)', {
        path: 'reason',
      });
    }
    const row = await this.row(documentId);
    if (row.dossierId !== dossierId)
      throw appError('DOCUMENT.NOT_FOUND', `Không có văn bản "${documentId}" trong hồ sơ này`, `No document "${documentId}" in this dossier`, {
        path: 'documentId',
      });
    if (row.withdrawnAt)
      throw appError('DOCUMENT.NOT_CURRENT', `Văn bản "${row.title}" đã được rút`, `Document "${row.title}" was already withdrawn`, { kind: 'conflict' });
    const at = this.deps.clock();
    const provider = this.provider();
    const updated = await this.deps.db.$transaction(async (tx) => {
      const n = await tx.document.updateMany({
        where: { id: row.id, withdrawnAt: null },
        data: { withdrawnAt: at, withdrawnBy: actor.id, withdrawReason: why },
      });
      if (n.count !== 1)
        throw appError('DOCUMENT.NOT_CURRENT', `Văn bản "${row.title}" đã được rút`, `Document "${row.title}" was already withdrawn`, { kind: 'conflict' });
      await appendAudit(
        tx,
        {
          eventId: `document.withdrawn:${row.id}`,
          at,
          actorId: actor.id,
          actorRole: actor.role,
          actorUnit: actor.unitCode,
          onBehalfOf: actor.onBehalfOf ?? null,
          action: 'document.withdrawn',
          dossierId,
          comment: why,
          documents: [{ id: row.id, sha256: row.sha256, kind: row.kind, title: row.title, number: row.number, date: row.issuedOn, issuer: row.issuer }],
        },
        provider,
      );
      return tx.document.findUniqueOrThrow({ where: { id: row.id } });
    });
    return toView(updated);
  }

  /** Refuses a submission of `state` whose required documents are not all current (names the missing). */
  async assertRequired(action: string, dossierId: string, state: DossierState): Promise<void> {
    const docs = await this.listUnchecked(dossierId);
    const refusal = missingDocuments(
      action,
      { title: state.context.input.title, criteriaSetId: state.context.input.criteriaSetId },
      docs.map((d) => d.kind),
    );
    if (refusal) throw new AppError(refusal, 'conflict');
  }
}
