/**
 * The S3-compatible blob store (issue 15): the same content addressing as FsBlobStore (object key
 * `<prefix>ab/cdef…`, the SHA-256 of the bytes), for an installation whose documents live in an object
 * store (AWS S3, or any S3-compatible server reached by `endpoint`; tests use s3rver on loopback).
 *
 * An upload is staged exactly as in the fs store: streamed into a local temp file (under `stagingDir`)
 * while hashed and counted, cut off at `maxBytes`, so the caller sniffs the type from a local file and
 * the bucket never holds bytes nobody asked for. Commit asks HEAD whether the key is there (same bytes
 * already stored: nothing sent) and otherwise sends one PutObject streamed from the temp file with its
 * known length. (@aws-sdk/lib-storage, the multipart uploader, is not installed; a single PutObject
 * takes up to 5 GB, far above any document limit.) Downloads and the package read GetObject's body as a
 * stream. Any failure to reach the bucket is DOCUMENT.STORE_UNAVAILABLE (503); the temp file goes.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { bytesNotFound, FsBlobStore, SHA256_HEX, stageWith, storeUnavailable, type BlobStore, type Staged } from './blobs';

export interface S3StoreOptions {
  /** http(s)://host:port of an S3-compatible server; unset: AWS's endpoint for `region`. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style addressing (http://host/bucket/key), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket (default "documents/"). */
  prefix?: string;
  /** Local directory for staged uploads. */
  stagingDir: string;
  /** Attempts per S3 call (default 2: one retry). */
  maxAttempts?: number;
}

function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isMissing(e: unknown): boolean {
  const name = (e as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatus(e) === 404;
}

export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly prefix: string;

  constructor(readonly options: S3StoreOptions) {
    this.prefix = options.prefix ?? 'documents/';
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      maxAttempts: options.maxAttempts ?? 2,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // Plain PUTs with a known length: no aws-chunked trailing checksums, which S3-compatible servers
      // do not all understand. The content address is the integrity check (the package re-hashes).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  key(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2)}`;
  }

  locate(sha256: string): string {
    return `s3://${this.options.bucket}/${this.key(sha256)}`;
  }

  stage(source: Readable, maxBytes: number): Promise<Staged> {
    return stageWith(this.options.stagingDir, source, maxBytes, async (tempPath, { sha256, size }) => {
      if (await this.has(sha256)) return false;
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.key(sha256),
          Body: createReadStream(tempPath),
          ContentLength: size,
          ContentType: 'application/octet-stream',
          Metadata: { sha256 },
        }),
      );
      return true;
    });
  }

  async open(sha256: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      if (!out.Body) throw new Error('GetObject returned no body');
      return out.Body as Readable;
    } catch (e) {
      if (isMissing(e)) {
        throw bytesNotFound(sha256);
      }
      throw storeUnavailable(e);
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw storeUnavailable(e);
    }
  }

  async remove(sha256: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
    } catch (e) {
      throw storeUnavailable(e);
    }
  }
}

/** The configured store (infra/config.ts documentStore gives this shape). */
export type BlobStoreConfig = { kind: 'fs'; root: string } | ({ kind: 's3' } & S3StoreOptions);

export function openBlobStore(c: BlobStoreConfig): BlobStore {
  return c.kind === 's3' ? new S3BlobStore(c) : new FsBlobStore(c.root);
}
