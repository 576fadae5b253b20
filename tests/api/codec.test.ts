/**
 * Issue 18: the Temporal Web UI's codec endpoint (api/routes/codec.ts): POST /api/codec/decode and /codec/encode
 * in the codec server protocol, for a signed-in administrator only, CORS for the configured UI origins.
 * No Temporal needed: the client never connects.
 */
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { temporalDataConverter, ZLIB_ENCODING } from '../../app/temporal-codec';
import { seedReferenceData } from '../../app/seed';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { PASSWORD, pipelinePeople, seedPeople } from '../support/app';

const UI = 'http://127.0.0.1:8233';
let t: TestDatabase;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

/** A dossier-like value as the UI sends it (proto3 JSON: base64 metadata and data). */
const value = {
  dossierId: 'dien-bien/tuan-giao/quai-cang/commune.dat-chuan/2027',
  reasons: Array.from({ length: 12 }, (_, i) => `Tiêu chí ${i + 1}: bổ sung minh chứng`),
};
const plain = (() => {
  const p = defaultPayloadConverter.toPayload(value);
  return { metadata: { encoding: b64(p.metadata!.encoding!) }, data: b64(p.data!) };
})();

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date('2026-12-01T03:00:00.000Z'));
  await seedPeople(
    t,
    pipelinePeople().filter((p) => p.username === 'quantri' || p.username === 'huyen.vpdp'),
  );
  app = await buildApp({
    db: t.db,
    temporal: new Client({ dataConverter: temporalDataConverter() }),
    taskQueue: 'unused',
    ttlHours: 8,
    codec: { payloadCodec: 'zlib', uiOrigins: [UI] },
  });
  await app.ready();
  for (const username of ['quantri', 'huyen.vpdp']) {
    const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
    tokens[username] = (r.json() as { token: string }).token;
  }
});

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const post = (direction: 'decode' | 'encode', payloads: unknown[], headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/codec/${direction}`, payload: { payloads }, headers: { 'content-type': 'application/json', ...headers } });

it('encodes as the workers write and decodes back, for an administrator (bearer token or the session cookie)', async () => {
  const enc = await post('encode', [plain], { authorization: `Bearer ${tokens.quantri}` });
  expect(enc.statusCode).toBe(200);
  const [compressed] = (enc.json() as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
  expect(Buffer.from(compressed!.metadata.encoding!, 'base64').toString()).toBe(ZLIB_ENCODING);
  const dec = await post('decode', [compressed, plain], { cookie: `ntm_session=${tokens.quantri}`, origin: UI });
  expect(dec.statusCode).toBe(200);
  expect(dec.json()).toEqual({ payloads: [plain, plain] });
  expect(dec.headers['access-control-allow-origin']).toBe(UI);
  expect(dec.headers['access-control-allow-credentials']).toBe('true');
});

it('refuses anyone not signed in (401) and a signed-in person who is not an administrator (403): it reveals dossier data', async () => {
  const anonymous = await post('decode', [plain], { origin: UI });
  expect(anonymous.statusCode).toBe(401);
  expect(anonymous.json()).toMatchObject({ error: { code: 'AUTH.UNAUTHENTICATED' } });
  const office = await post('decode', [plain], { authorization: `Bearer ${tokens['huyen.vpdp']}` });
  expect(office.statusCode).toBe(403);
  expect(office.json()).toMatchObject({ error: { code: 'AUTH.FORBIDDEN', messageVi: expect.stringMatching(/quản trị/) } });
});

it('answers the preflight of the configured UI origin only', async () => {
  const ok = await app.inject({
    method: 'OPTIONS',
    url: '/api/codec/decode',
    headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
  });
  expect(ok.statusCode).toBe(204);
  expect(ok.headers['access-control-allow-origin']).toBe(UI);
  expect(ok.headers['access-control-allow-methods']).toMatch(/POST/);
  expect(String(ok.headers['access-control-allow-headers'])).toMatch(/x-namespace/);
  const other = await app.inject({
    method: 'OPTIONS',
    url: '/api/codec/decode',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(other.statusCode).toBe(403);
  expect(other.headers['access-control-allow-origin']).toBeUndefined();
  const post2 = await post('decode', [plain], { authorization: `Bearer ${tokens.quantri}`, origin: 'http://evil.example' });
  expect(post2.headers['access-control-allow-origin']).toBeUndefined();
});

it('refuses a corrupted compressed payload and a body not in the protocol, with coded errors', async () => {
  const broken = { metadata: { encoding: b64(ZLIB_ENCODING) }, data: b64('not zlib at all') };
  const r = await post('decode', [broken], { authorization: `Bearer ${tokens.quantri}` });
  expect(r.statusCode).toBe(400);
  expect(r.json()).toMatchObject({ error: { code: 'TEMPORAL.PAYLOAD_UNDECODABLE', messageEn: expect.stringMatching(/Cannot decode Temporal payload #0/) } });
  const bad = await app.inject({ method: 'POST', url: '/api/codec/decode', payload: { payload: [] }, headers: { authorization: `Bearer ${tokens.quantri}` } });
  expect(bad.statusCode).toBe(400);
});
