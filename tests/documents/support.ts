/**
 * Documents test bed without Temporal: a real database (SQLite or PostgreSQL, migrated), the dossier's
 * state kept in its projection row (DossierService falls back to it when Temporal cannot answer: the
 * client here always fails), a blob store — the fs store in a temp directory, or the S3 store on a real
 * S3-compatible server on loopback (s3rver, tests/support/s3.ts) — and the HTTP app with sign-in
 * replaced by fixed bearer tokens (one per person).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createApplication, type Application } from '../../app';
import type { Principal } from '../../domain/access';
import { startDossier } from '../../domain/dossier';
import type { SizeLimits } from '../../domain/documents';
import { buildApi } from '../../api/server';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { FsBlobStore, type BlobStore } from '../../store/blobs';
import type { S3BlobStore } from '../../store/blobs-s3';
import { startTestS3, type TestS3 } from '../support/s3';
import { createTestDatabase, type Provider, type TestDatabase } from '../support/databases';
import { COMMUNE, DISTRICT, PROVINCE, smallInput } from '../support/dossier-fixtures';
import { seedUnits } from '../support/people';

export const DOSSIER = 'dossier-docs-1';

export const people: Record<string, Principal> = {
  commune: { userId: 'u-commune', grants: [{ role: 'commune_official', unitCode: COMMUNE }] },
  neighbour: { userId: 'u-neighbour', grants: [{ role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-nua' }] },
  inspector: { userId: 'u-inspector', grants: [{ role: 'inspector', unitCode: PROVINCE }] },
  office: { userId: 'u-office', grants: [{ role: 'district_office', unitCode: DISTRICT }] },
};

const failingTemporal = {
  workflow: {
    getHandle: () => ({
      query: () => Promise.reject(new Error('no Temporal in this test')),
      executeUpdate: () => Promise.reject(new Error('no Temporal in this test')),
    }),
  },
} as unknown as Client;

export type StoreKind = 'fs' | 's3';
export const STORES: StoreKind[] = ['fs', 's3'];

export interface Bed {
  t: TestDatabase;
  dataDir: string;
  blobs: BlobStore;
  /** The S3 server when the bed runs on the S3 store. */
  s3?: TestS3;
  app: Application;
  http: FastifyInstance;
  /** The SHA-256 of every blob in the store (listed from the directory or the bucket). */
  storedBlobs(): Promise<string[]>;
  /** Temp files of staged uploads not yet committed or discarded. */
  stagedFiles(): string[];
  close(): Promise<void>;
}

function filesIn(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir) : [];
}

async function listBucket(store: S3BlobStore): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await store.client.send(
      new ListObjectsV2Command({ Bucket: store.options.bucket, Prefix: store.options.prefix ?? 'documents/', ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) out.push(o.Key!.slice((store.options.prefix ?? 'documents/').length).replace('/', ''));
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

export async function startBed(
  provider: Provider,
  opts: {
    limits?: Partial<SizeLimits>;
    dossierId?: string;
    store?: StoreKind;
    /** The fs store's root is a plain file, so nothing can be written under it (the store is unusable). */
    unwritableFsRoot?: boolean;
    /** false: no HTTP rate limits (the fuzz test sends more than a person would; the limits have their own tests). */
    rateLimit?: false;
  } = {},
): Promise<Bed> {
  const t = await createTestDatabase(provider);
  await seedUnits(t.db);
  const input = smallInput({ dossierId: opts.dossierId ?? DOSSIER });
  const state = startDossier(input);
  if (!state.ok) throw new Error(state.error.messageEn);
  const now = new Date();
  await t.db.dossier.create({
    data: {
      id: input.dossierId,
      unitCode: input.unitCode,
      title: input.title,
      planYear: input.planYear,
      criteriaSetId: input.criteriaSetId,
      stage: state.value.value,
      level: 'commune',
      workflowId: `dossier-${input.dossierId}`,
      runId: 'r1',
      state: JSON.stringify(state.value),
      createdAt: now,
      updatedAt: now,
    },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'ntm-docs-'));
  const s3 = opts.store === 's3' ? await startTestS3() : undefined;
  const fsRoot = join(dataDir, 'documents');
  const stagingDir = s3 ? join(dataDir, 'staging') : join(fsRoot, '.tmp');
  const s3Store = s3?.store(stagingDir);
  if (opts.unwritableFsRoot) writeFileSync(fsRoot, 'not a directory');
  const blobs: BlobStore = s3Store ?? new FsBlobStore(fsRoot);
  const base = createApplication({ db: t.db, temporal: failingTemporal, taskQueue: 'none', documents: { blobs, limits: opts.limits } });
  const app: Application = {
    ...base,
    identity: {
      ...base.identity,
      whoami: async (token: string) => {
        const p = people[token];
        return p ? { userId: p.userId, username: token, displayName: token, principal: p } : null;
      },
    },
  };
  const http = await buildApi(app, { ui: true, ...(opts.rateLimit === false ? { rateLimit: false as const } : {}) });
  return {
    t,
    dataDir,
    blobs,
    ...(s3 ? { s3 } : {}),
    app,
    http,
    storedBlobs: async () =>
      s3Store ? listBucket(s3Store) : filesIn(fsRoot).flatMap((d) => (d === '.tmp' ? [] : filesIn(join(fsRoot, d)).map((f) => `${d}${f}`))),
    stagedFiles: () => filesIn(stagingDir),
    async close() {
      await http.close();
      await t.drop();
      await s3?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- sample files -----------------------------------------------------------------------------------

export function pdf(text = 'Tờ trình'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}

export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A minimal Windows executable header (MZ … PE). */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

/** A multipart body: fields in order, then the file. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { name: string; data: Buffer; type?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ntm${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"; filename*=UTF-8''${encodeURIComponent(file.name)}\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
