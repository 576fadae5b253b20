/**
 * Dossier documents as data and pure rules (issue 15): the kinds of paper a dossier is made of, what a
 * paper can be attached to, the file types accepted and their default size limits, the metadata an
 * upload carries (validated), the file-name rule, how a ZIP container's entries tell DOCX/XLSX/ODT/ODS
 * apart, and which documents each stage requires per title and criteria period.
 *
 * No I/O here: sniffing the bytes (file-type), reading the ZIP directory (yauzl), hashing and storing
 * are app/documents.ts and store/blobs.ts; this module decides from what they found.
 */
import { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from '../errors';
import { parseWith } from '../validation';
import type { TitleId } from '../titles';

// ------------------------------------------------------------------------------------------------
// Kinds and attachment targets
// ------------------------------------------------------------------------------------------------

export const DOCUMENT_KINDS = [
  'to_trinh',
  'bao_cao_ket_qua',
  'bao_cao_tong_hop_y_kien',
  'bien_ban_hop',
  'ket_qua_khao_sat_hai_long',
  'minh_chung_tieu_chi',
  'quyet_dinh',
  'other',
] as const;
export const DocumentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, { vi: string; en: string }>> = {
  to_trinh: { vi: 'Tờ trình', en: 'Submission letter' },
  bao_cao_ket_qua: { vi: 'Báo cáo kết quả thực hiện (kèm bảng tiêu chí)', en: 'Results report (with the criteria table)' },
  bao_cao_tong_hop_y_kien: { vi: 'Báo cáo tổng hợp ý kiến', en: "Summary of organisations' and residents' opinions" },
  bien_ban_hop: { vi: 'Biên bản họp', en: 'Meeting minutes' },
  ket_qua_khao_sat_hai_long: { vi: 'Kết quả khảo sát sự hài lòng của người dân', en: "Residents' satisfaction survey results" },
  minh_chung_tieu_chi: { vi: 'Minh chứng tiêu chí', en: 'Criterion evidence' },
  quyet_dinh: { vi: 'Quyết định', en: 'Decision' },
  other: { vi: 'Văn bản khác', en: 'Other document' },
};

/** What a document is attached to. `criterion`: a criterion's self-assessment or verdict (ref = code). */
export const ATTACH_TARGETS = ['dossier', 'criterion', 'return', 'vote', 'decision'] as const;
export const AttachTargetSchema = z.enum(ATTACH_TARGETS);
export type AttachTarget = z.infer<typeof AttachTargetSchema>;

export const ATTACH_LABELS: Readonly<Record<AttachTarget, { vi: string; en: string }>> = {
  dossier: { vi: 'Hồ sơ', en: 'Dossier' },
  criterion: { vi: 'Tiêu chí', en: 'Criterion' },
  return: { vi: 'Lý do trả hồ sơ', en: 'Return reason' },
  vote: { vi: 'Biểu quyết của hội đồng', en: 'Council vote' },
  decision: { vi: 'Quyết định', en: 'Decision' },
};

// ------------------------------------------------------------------------------------------------
// File types and limits
// ------------------------------------------------------------------------------------------------

export const FILE_TYPES = ['pdf', 'docx', 'xlsx', 'odt', 'ods', 'jpeg', 'png'] as const;
export type FileTypeId = (typeof FILE_TYPES)[number];

export const FILE_TYPE_INFO: Readonly<Record<FileTypeId, { mime: string; ext: string; label: string; inline: boolean }>> = {
  pdf: { mime: 'application/pdf', ext: 'pdf', label: 'PDF', inline: true },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', label: 'Word (DOCX)', inline: false },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', label: 'Excel (XLSX)', inline: false },
  odt: { mime: 'application/vnd.oasis.opendocument.text', ext: 'odt', label: 'OpenDocument Text (ODT)', inline: false },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', ext: 'ods', label: 'OpenDocument Spreadsheet (ODS)', inline: false },
  jpeg: { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG', inline: true },
  png: { mime: 'image/png', ext: 'png', label: 'PNG', inline: true },
};

const MB = 1024 * 1024;
/** Default size limits in bytes (configurable: DOCUMENT_MAX_MB_<TYPE>, infra/config.ts). */
export const DEFAULT_SIZE_LIMITS: Readonly<Record<FileTypeId, number>> = {
  pdf: 50 * MB,
  docx: 20 * MB,
  xlsx: 20 * MB,
  odt: 20 * MB,
  ods: 20 * MB,
  jpeg: 15 * MB,
  png: 15 * MB,
};
export type SizeLimits = Readonly<Record<FileTypeId, number>>;

/** The largest limit: an upload stream is cut off there before its type is known. */
export const maxLimit = (limits: SizeLimits): number => Math.max(...Object.values(limits));

export function formatBytes(n: number): string {
  if (n >= MB) return `${(n / MB).toFixed(1).replace('.', ',')} MB`;
  if (n >= 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${n} B`;
}

const labelList = (): string => FILE_TYPES.map((t) => FILE_TYPE_INFO[t].label).join(', ');

/**
 * Decides the type from what was sniffed: `sniffed` is file-type's MIME for the first bytes (undefined
 * when nothing was recognised), `zip` the container's entry names (and the ODF `mimetype` entry's text)
 * when the bytes are a ZIP. Never looks at the file name.
 */
export function classifyContent(sniffed: string | undefined, zip?: { entries: readonly string[]; odfMimetype?: string }): Result<FileTypeId> {
  const refuse = (what: string, whatEn: string): Result<FileTypeId> =>
    err(
      domainError(
        'DOCUMENT.TYPE_REFUSED',
        `Loại tệp không được chấp nhận (${what}); chỉ nhận ${labelList()} — loại tệp được nhận biết theo nội dung, không theo tên tệp`,
        `File type not accepted (${whatEn}); accepted: ${labelList()} — the type is read from the content, never from the file name`,
        { path: 'file', details: { sniffed: sniffed ?? null } },
      ),
    );
  if (sniffed === 'application/pdf') return ok('pdf');
  if (sniffed === 'image/jpeg') return ok('jpeg');
  if (sniffed === 'image/png') return ok('png');
  const zipLike =
    sniffed === 'application/zip' ||
    sniffed === FILE_TYPE_INFO.docx.mime ||
    sniffed === FILE_TYPE_INFO.xlsx.mime ||
    sniffed === FILE_TYPE_INFO.odt.mime ||
    sniffed === FILE_TYPE_INFO.ods.mime;
  if (zipLike) {
    if (!zip) return refuse('tệp nén không đọc được', 'an unreadable ZIP container');
    const kind = zipKind(zip.entries, zip.odfMimetype);
    if (kind) return ok(kind);
    return refuse('tệp nén ZIP không phải văn bản Word, Excel hay OpenDocument', 'a ZIP that is not a Word, Excel or OpenDocument file');
  }
  if (sniffed === 'application/x-msdownload' || sniffed === 'application/x-elf' || sniffed === 'application/x-mach-binary') {
    return refuse(`tệp chương trình chạy được (${sniffed})`, `an executable (${sniffed})`);
  }
  return refuse(sniffed ? `nội dung là ${sniffed}` : 'không nhận ra nội dung', sniffed ? `content is ${sniffed}` : 'content not recognised');
}

/** DOCX/XLSX/ODT/ODS by the container's entries (the ODF `mimetype` entry, the OOXML main part). */
export function zipKind(entries: readonly string[], odfMimetype?: string): FileTypeId | undefined {
  const has = (name: string): boolean => entries.includes(name);
  const ooxml = has('[Content_Types].xml');
  if (ooxml && has('word/document.xml')) return 'docx';
  if (ooxml && has('xl/workbook.xml')) return 'xlsx';
  if (has('mimetype') && has('content.xml')) {
    const m = (odfMimetype ?? '').trim();
    if (m === FILE_TYPE_INFO.odt.mime) return 'odt';
    if (m === FILE_TYPE_INFO.ods.mime) return 'ods';
  }
  return undefined;
}

export function sizeRefusal(type: FileTypeId, limit: number, size?: number): DomainError {
  const t = FILE_TYPE_INFO[type].label;
  const was = size === undefined ? '' : ` (${formatBytes(size)})`;
  return domainError(
    'DOCUMENT.TOO_LARGE',
    `Tệp ${t} quá lớn${was}: tối đa ${formatBytes(limit)}`,
    `The ${t} file is too large${was}: at most ${formatBytes(limit)}`,
    { path: 'file', details: { type, limit, size: size ?? null } },
  );
}

// ------------------------------------------------------------------------------------------------
// File names and metadata
// ------------------------------------------------------------------------------------------------

/**
 * The file name as people will download it: NFC, 1..200 characters, no control characters, no path
 * (no / or \, not "." or ".."). Refused rather than cleaned, so what is stored is what was named.
 */
export function checkFileName(raw: string | undefined): Result<string> {
  const bad = (vi: string, en: string): Result<string> =>
    err(domainError('DOCUMENT.BAD_FILE_NAME', `Tên tệp không hợp lệ: ${vi}`, `Invalid file name: ${en}`, { path: 'file.name' }));
  const name = (raw ?? '').normalize('NFC');
  if (name.trim() === '') return bad('tên tệp trống', 'the file name is empty');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return bad('có ký tự điều khiển', 'it contains control characters');
  if (/[/\\]/.test(name)) return bad('có đường dẫn (dấu / hoặc \\)', 'it contains a path (/ or \\)');
  if (name === '.' || name === '..' || name.trim() !== name)
    return bad('không được là "." hoặc ".." hay có khoảng trắng ở đầu, cuối', 'it may not be "." or ".." or start or end with spaces');
  if ([...name].length > 200) return bad('dài quá 200 ký tự', 'it is longer than 200 characters');
  return ok(name);
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(1).max(max).optional());

export const DocumentMetaSchema = z
  .object({
    kind: DocumentKindSchema,
    title: text(500),
    /** Số văn bản, e.g. "15/TTr-UBND". */
    number: optionalText(64),
    /** Ngày ban hành, yyyy-mm-dd. */
    issuedOn: z.preprocess((v) => (v === '' ? undefined : v), z.iso.date().optional()),
    /** Cơ quan ban hành. */
    issuer: optionalText(200),
    attachTo: AttachTargetSchema.default('dossier'),
    /** Criterion code (criterion), or the return / vote / decision it belongs to (the event id or number). */
    attachRef: optionalText(200),
    /** The document this version replaces (its id). */
    replaces: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.attachTo === 'criterion' && !v.attachRef) ctx.addIssue({ code: 'custom', path: ['attachRef'], message: 'criterion code required' });
  });
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

export function parseDocumentMeta(input: unknown): Result<DocumentMeta> {
  return parseWith(DocumentMetaSchema, input, 'DOCUMENT.INVALID_INPUT');
}

// ------------------------------------------------------------------------------------------------
// Required documents per stage
// ------------------------------------------------------------------------------------------------

export interface RequiredDocumentsRule {
  /** The action the documents must be in place for. */
  readonly before: 'commune.submitted';
  /** Titles this rule applies to. */
  readonly titles: readonly TitleId[];
  /** Criteria set ids (periods) it applies to; absent: every period. */
  readonly criteriaSets?: readonly string[];
  readonly kinds: readonly DocumentKind[];
  readonly sourceVi: string;
}

const COMMUNE_TITLES: readonly TitleId[] = ['commune.dat-chuan', 'commune.co-ban-dat-chuan', 'commune.nang-cao', 'commune.kieu-mau', 'district.dat-chuan'];
const VILLAGE_TITLES: readonly TitleId[] = ['village.dat-chuan', 'village.kieu-mau'];
const CIRCULAR_40_2014: readonly DocumentKind[] = ['to_trinh', 'bao_cao_ket_qua', 'bao_cao_tong_hop_y_kien', 'bien_ban_hop'];

/**
 * The lists as data. The 2021-2025 and 2026-2030 dossier lists were not found (reform-2025.md); the
 * older national list (Circular 40/2014: tờ trình, báo cáo kết quả, báo cáo tổng hợp ý kiến, biên bản
 * họp) applies to every period, and from 2021 the residents' satisfaction result is added because
 * Decision 18/2022 makes the satisfaction rate a condition of recognition. OCOP products follow their
 * own procedure and have no rule here.
 */
export const REQUIRED_DOCUMENTS: readonly RequiredDocumentsRule[] = [
  {
    before: 'commune.submitted',
    titles: COMMUNE_TITLES,
    criteriaSets: ['commune-ntm-2016-2020', 'national-commune-19'],
    kinds: CIRCULAR_40_2014,
    sourceVi: 'Thông tư 40/2014/TT-BNNPTNT (danh mục hồ sơ cũ)',
  },
  {
    before: 'commune.submitted',
    titles: COMMUNE_TITLES,
    criteriaSets: ['commune-ntm-2021-2025', 'commune-ntm-2026-2030'],
    kinds: [...CIRCULAR_40_2014, 'ket_qua_khao_sat_hai_long'],
    sourceVi: 'Thông tư 40/2014 và Quyết định 18/2022/QĐ-TTg (điều kiện tỷ lệ hài lòng)',
  },
  {
    before: 'commune.submitted',
    titles: VILLAGE_TITLES,
    kinds: ['to_trinh', 'bao_cao_ket_qua', 'bien_ban_hop'],
    sourceVi: 'Thông tư 40/2014 (áp dụng cho thôn, bản theo quy định của tỉnh)',
  },
];

export interface RequirementContext {
  title: string;
  criteriaSetId: string;
}

export function requiredKinds(action: string, ctx: RequirementContext, rules: readonly RequiredDocumentsRule[] = REQUIRED_DOCUMENTS): DocumentKind[] {
  const kinds = new Set<DocumentKind>();
  for (const r of rules) {
    if (r.before !== action) continue;
    if (!r.titles.includes(ctx.title as TitleId)) continue;
    if (r.criteriaSets && !r.criteriaSets.includes(ctx.criteriaSetId)) continue;
    for (const k of r.kinds) kinds.add(k);
  }
  return DOCUMENT_KINDS.filter((k) => kinds.has(k));
}

/** Null when every required kind has a current (not withdrawn) document; else the refusal naming the missing ones. */
export function missingDocuments(action: string, ctx: RequirementContext, presentKinds: readonly string[]): DomainError | null {
  const present = new Set(presentKinds);
  const missing = requiredKinds(action, ctx).filter((k) => !present.has(k));
  if (missing.length === 0) return null;
  return domainError(
    'DOCUMENT.REQUIRED_MISSING',
    `Chưa thể nộp hồ sơ: còn thiếu ${missing.map((k) => DOCUMENT_KIND_LABELS[k].vi).join('; ')}`,
    `The dossier cannot be submitted yet: missing ${missing.map((k) => DOCUMENT_KIND_LABELS[k].en).join('; ')}`,
    { path: 'documents', details: { missing } },
  );
}

// ------------------------------------------------------------------------------------------------
// Download names
// ------------------------------------------------------------------------------------------------

/** RFC 5987/6266 Content-Disposition with an ASCII fallback and the Vietnamese name in filename*. */
export function contentDisposition(fileName: string, disposition: 'inline' | 'attachment'): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\;]/g, '_') || 'document';
  const star = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${star}`;
}
