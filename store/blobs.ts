/**
 * Where document bytes live: a content-addressed blob store (the SHA-256 of the bytes is the name).
 *
 * An upload is first *staged*: streamed into a temp file under the store while it is hashed and
 * counted (never held whole in memory), cut off at `maxBytes`. The caller inspects the staged file
 * (type sniffing, ZIP directory), then either commits it (renamed to its hash name; when those bytes are
 * already stored the temp file is dropped and `created` is false) or discards it. On any failure the
 * temp file is removed, so the store never holds bytes nobody asked for; a caller whose database write
 * fails after a commit that created the blob removes it again (`remove`).
 *
 * FsBlobStore: <root>/ab/cdef… (root defaults to <DATA_DIR>/documents), temp files in <root>/.tmp.
 * S3BlobStore (store/blobs-s3.ts) stages the same way locally and commits with PutObject.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, appError } from '../domain/errors';

export interface Staged {
  sha256: string;
  size: number;
  /** A local file holding the bytes until commit or discard (read it to sniff the type). */
  path: string;
  /** Moves the bytes to their content address; `created` is false when the same bytes were already stored. */
  commit(): Promise<{ created: boolean }>;
  discard(): Promise<void>;
}

export interface BlobStore {
  readonly kind: 'fs' | 's3';
  stage(source: Readable, maxBytes: number): Promise<Staged>;
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Only to undo a commit whose database record could not be written. */
  remove(sha256: string): Promise<void>;
  /** Where a blob is, for messages and tests ("<root>/ab/cdef…" or "s3://bucket/key"). */
  locate(sha256: string): string;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function storeUnavailable(e: unknown): AppError {
  const why = (e as { message?: string }).message ?? String(e);
  return appError('DOCUMENT.STORE_UNAVAILABLE', `Kho lưu trữ văn bản không sẵn sàng: ${why}`, `The document store is unavailable: ${why}`, {
    details: { cause: why },
    // "STORE_UNAVAILABLE" does not end in ".UNAVAILABLE", so the kind is said here: 503, not 409.
    kind: 'unavailable',
  });
}

export function tooLargeWhileStreaming(maxBytes: number): AppError {
  return appError(
    'DOCUMENT.TOO_LARGE',
    `Tệp quá lớn: vượt quá ${Math.round(maxBytes / 1024 / 1024)} MB`,
    `The file is too large: over ${Math.round(maxBytes / 1024 / 1024)} MB`,
    {
      path: 'file',
      details: { limit: maxBytes },
      kind: 'invalid',
    },
  );
}

export function uploadIncomplete(e: unknown): AppError {
  const why = (e as { message?: string }).message ?? String(e);
  return appError(
    'DOCUMENT.UPLOAD_INCOMPLETE',
    `Tệp tải lên bị ngắt giữa chừng, không có gì được lưu; hãy tải lên lại (${why})`,
    `The upload was cut off before the end; nothing was kept; upload it again (${why})`,
    { path: 'file', kind: 'invalid' },
  );
}

/** Hashes and counts bytes as they pass; errors once more than `maxBytes` went through. */
function meter(maxBytes: number): Transform & { digest(): string; count(): number } {
  const hash = createHash('sha256');
  let n = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > maxBytes) return cb(tooLargeWhileStreaming(maxBytes));
      hash.update(chunk);
      cb(null, chunk);
    },
  }) as Transform & { digest(): string; count(): number };
  let digest: string | undefined;
  t.digest = () => (digest ??= hash.digest('hex'));
  t.count = () => n;
  return t;
}

/** Streams `source` into `tempPath`, hashing; removes the temp file on any failure. */
async function streamToTemp(source: Readable, tempPath: string, maxBytes: number): Promise<{ sha256: string; size: number }> {
  const m = meter(maxBytes);
  try {
    await pipeline(source, m, createWriteStream(tempPath, { flags: 'wx' }));
  } catch (e) {
    await rm(tempPath, { force: true });
    throw e;
  }
  return { sha256: m.digest(), size: m.count() };
}

const LOCAL_IO = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'ENOENT', 'EIO', 'ENOTDIR']);

/**
 * Stages an upload into a new temp file under `dir` (both stores): a local I/O failure is the store's
 * (DOCUMENT.STORE_UNAVAILABLE), anything else came from the upload itself (the client went away, the
 * multipart body ended early: DOCUMENT.UPLOAD_INCOMPLETE); a size refusal passes through.
 */
export async function stageToTemp(dir: string, source: Readable, maxBytes: number): Promise<{ tempPath: string; sha256: string; size: number }> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    source.resume();
    throw storeUnavailable(e);
  }
  const tempPath = join(dir, `${randomUUID()}.part`);
  try {
    return { tempPath, ...(await streamToTemp(source, tempPath, maxBytes)) };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (LOCAL_IO.has((e as { code?: string }).code ?? '')) throw storeUnavailable(e);
    throw uploadIncomplete(e);
  }
}

/**
 * Stages an upload (stageToTemp) and returns it with a commit that calls `put` (moves or sends the temp
 * file to the content address; false when those bytes were already stored). The temp file is gone after
 * commit or discard, whatever happened; a failure in `put` is DOCUMENT.STORE_UNAVAILABLE.
 */
export async function stageWith(
  dir: string,
  source: Readable,
  maxBytes: number,
  put: (tempPath: string, blob: { sha256: string; size: number }) => Promise<boolean>,
): Promise<Staged> {
  const { tempPath, ...blob } = await stageToTemp(dir, source, maxBytes);
  let settled = false;
  return {
    ...blob,
    path: tempPath,
    commit: async () => {
      if (settled) throw new Error('staged blob already settled');
      settled = true;
      try {
        return { created: await put(tempPath, blob) };
      } catch (e) {
        throw e instanceof AppError ? e : storeUnavailable(e);
      } finally {
        await rm(tempPath, { force: true });
      }
    },
    discard: async () => {
      settled = true;
      await rm(tempPath, { force: true });
    },
  };
}

export function bytesNotFound(sha256: string): AppError {
  return appError(
    'DOCUMENT.BYTES_NOT_FOUND',
    `Không tìm thấy nội dung văn bản (${sha256.slice(0, 12)}…) trong kho`,
    `The document's bytes (${sha256.slice(0, 12)}…) are not in the store`,
  );
}

export class FsBlobStore implements BlobStore {
  readonly kind = 'fs' as const;
  constructor(readonly root: string) {}

  private tmpDir(): string {
    return join(this.root, '.tmp');
  }

  locate(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  stage(source: Readable, maxBytes: number): Promise<Staged> {
    return stageWith(this.tmpDir(), source, maxBytes, async (tempPath, { sha256 }) => {
      const target = this.locate(sha256);
      if (await exists(target)) return false;
      await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
      await rename(tempPath, target);
      return true;
    });
  }

  async open(sha256: string): Promise<Readable> {
    const path = this.locate(sha256);
    try {
      await stat(path);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') {
        throw bytesNotFound(sha256);
      }
      throw storeUnavailable(e);
    }
    return createReadStream(path);
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.locate(sha256));
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.locate(sha256), { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
