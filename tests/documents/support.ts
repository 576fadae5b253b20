/**
 * Documents test bed without Temporal: a real database (SQLite or PostgreSQL, migrated), the dossier's
 * state kept in its projection row (DossierService falls back to it when Temporal cannot answer: the
 * client here always fails), a blob store in a temp directory, and the HTTP app with sign-in replaced
 * by fixed bearer tokens (one per person).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createApplication, type Application } from '../../app';
import type { Principal } from '../../domain/access';
import { startDossier } from '../../domain/dossier';
import type { SizeLimits } from '../../domain/documents';
import { buildApi } from '../../api/server';
import { FsBlobStore } from '../../store/blobs';
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

export interface Bed {
  t: TestDatabase;
  dataDir: string;
  blobs: FsBlobStore;
  app: Application;
  http: FastifyInstance;
  close(): Promise<void>;
}

export async function startBed(provider: Provider, opts: { limits?: Partial<SizeLimits>; dossierId?: string } = {}): Promise<Bed> {
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
  const blobs = new FsBlobStore(join(dataDir, 'documents'));
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
  const http = await buildApi(app, { ui: true });
  return {
    t,
    dataDir,
    blobs,
    app,
    http,
    async close() {
      await http.close();
      await t.drop();
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
