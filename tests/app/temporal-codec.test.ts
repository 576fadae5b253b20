/**
 * Issue 18: the payload codec of every Temporal client and worker (app/temporal-codec.ts) — large payloads
 * compressed and back unchanged, small ones untouched, payloads written before the codec passed through,
 * broken ones refused with a coded, bilingual error; and the data converter it is part of.
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  adler32,
  COMPRESS_ABOVE_BYTES,
  MAX_DECODED_BYTES,
  ZLIB_ENCODING,
  ZlibPayloadCodec,
  codecServer,
  payloadCodecOf,
  temporalDataConverter,
} from '../../app/temporal-codec';
import { CODEC_DICTIONARIES } from '../../app/temporal-codec-dictionary';
import { AppError } from '../../domain/errors';

const codec = new ZlibPayloadCodec();
const encodingOf = (p: Payload) => Buffer.from(p.metadata!.encoding!).toString();
const json = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);
/** A dossier-like value of some kilobytes (repetitive, as the activity inputs are). */
const big = {
  dossierId: 'dien-bien/tuan-giao/quai-cang/commune.dat-chuan/2027',
  criteria: Array.from({ length: 19 }, (_, i) => ({ criterion: String(i + 1), met: i % 3 !== 0, reason: 'Bổ sung minh chứng theo hướng dẫn' })),
};

it('compresses a large payload, and decoding gives back the very payload (metadata and data)', async () => {
  const original = json(big);
  const [encoded] = await codec.encode([original]);
  expect(encodingOf(encoded!)).toBe(ZLIB_ENCODING);
  expect(Object.keys(encoded!.metadata!)).toEqual(['encoding']);
  expect(encoded!.data!.length).toBeLessThan(original.data!.length / 2);
  const [decoded] = await codec.decode([encoded!]);
  expect(encodingOf(decoded!)).toBe('json/plain');
  expect(Buffer.from(decoded!.data!).equals(Buffer.from(original.data!))).toBe(true);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(big);
});

it('leaves payloads at or below the threshold, and those compression would not shrink, untouched', async () => {
  const small = json({ ok: true });
  const noise: Payload = { metadata: { encoding: Buffer.from('binary/plain') }, data: randomBytes(2000) };
  const [a, b] = await codec.encode([small, noise]);
  expect(a).toBe(small);
  expect(b).toBe(noise);
  expect(COMPRESS_ABOVE_BYTES).toBe(64);
  // Just over the threshold, and compressible: compressed.
  const [c] = await new ZlibPayloadCodec({ compress: true, threshold: 16 }).encode([json({ text: 'a'.repeat(100) })]);
  expect(encodingOf(c!)).toBe(ZLIB_ENCODING);
});

it('passes through on decode every payload without its encoding: histories written before the codec, and mixed ones, read as they are', async () => {
  const old = json(big); // as the workers wrote it before the codec
  const empty: Payload = { metadata: {}, data: new Uint8Array() };
  const nullish = json(undefined);
  const [compressed] = await codec.encode([json(big)]);
  const decoded = await codec.decode([old, empty, nullish, compressed!]);
  expect(decoded[0]).toBe(old);
  expect(decoded[1]).toBe(empty);
  expect(decoded[2]).toBe(nullish);
  expect(defaultPayloadConverter.fromPayload(decoded[3]!)).toEqual(big);
});

it('refuses a corrupted payload with TEMPORAL.PAYLOAD_UNDECODABLE, in Vietnamese and English, naming the payload', async () => {
  const [good] = await codec.encode([json(big)]);
  const flipped = Buffer.from(good!.data!);
  const mid = Math.floor(flipped.length / 2);
  flipped[mid] = flipped[mid]! ^ 0xff;
  const truncated = Buffer.from(good!.data!).subarray(0, 20);
  const notProto = deflateSync(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]));
  for (const data of [flipped, truncated, notProto, Buffer.alloc(0)]) {
    const bad: Payload = { metadata: { encoding: Buffer.from(ZLIB_ENCODING) }, data };
    const e = await codec.decode([json(1), bad]).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'TEMPORAL.PAYLOAD_UNDECODABLE', kind: 'invalid', details: { index: 1, encoding: ZLIB_ENCODING } });
    expect((e as AppError).messageVi).toMatch(/Không giải mã được/);
    expect((e as AppError).messageEn).toMatch(/Cannot decode Temporal payload #1/);
  }
});

it('is the one codec of the data converter; TEMPORAL_PAYLOAD_CODEC=none writes plain payloads and still reads compressed ones', async () => {
  const zlib = temporalDataConverter();
  const none = temporalDataConverter('none');
  expect(zlib.payloadCodecs).toHaveLength(1);
  expect(zlib.payloadConverterPath).toBeUndefined(); // JSON, as before
  const [written] = await zlib.payloadCodecs![0]!.encode([json(big)]);
  expect(encodingOf(written!)).toBe(ZLIB_ENCODING);
  const [plain] = await none.payloadCodecs![0]!.encode([json(big)]);
  expect(encodingOf(plain!)).toBe('json/plain');
  const [read] = await none.payloadCodecs![0]!.decode([written!]);
  expect(defaultPayloadConverter.fromPayload(read!)).toEqual(big);
  expect(payloadCodecOf(undefined)).toBe('zlib');
  expect(payloadCodecOf('none')).toBe('none');
  expect(() => payloadCodecOf('gzip')).toThrow(/TEMPORAL_PAYLOAD_CODEC="gzip"/);
});

it('speaks the Web UI codec server JSON (base64 metadata and data) both ways', async () => {
  const p = json(big);
  const asJson = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(p.data!).toString('base64') };
  const [encoded] = await codecServer('encode', [asJson]);
  expect(Buffer.from(encoded!.metadata!.encoding!, 'base64').toString()).toBe(ZLIB_ENCODING);
  const [decoded] = await codecServer('decode', [encoded!, asJson]);
  expect(decoded).toEqual(asJson);
});

it('encodes with the newest preset dictionary, still reads streams written without one, and names an unknown dictionary', async () => {
  const original = json(big);
  const [encoded] = await codec.encode([original]);
  const data = Buffer.from(encoded!.data!);
  expect(data[1]! & 0x20).toBe(0x20); // FDICT: a dictionary id follows
  expect(data.readUInt32BE(2)).toBe(adler32(Buffer.from(CODEC_DICTIONARIES[0]!, 'base64')));
  // Written without a dictionary (as a codec of an earlier version would have): read.
  const whole = temporal.api.common.v1.Payload.encode(original).finish();
  const plainStream: Payload = { metadata: { encoding: Buffer.from(ZLIB_ENCODING) }, data: deflateSync(whole) };
  const [read] = await codec.decode([plainStream]);
  expect(defaultPayloadConverter.fromPayload(read!)).toEqual(big);
  // With a dictionary this codec does not know: refused, naming it.
  const foreign = deflateSync(whole, { dictionary: Buffer.from('some other dictionary') });
  await expect(codec.decode([{ metadata: { encoding: Buffer.from(ZLIB_ENCODING) }, data: foreign }])).rejects.toMatchObject({
    code: 'TEMPORAL.PAYLOAD_UNDECODABLE',
    messageEn: expect.stringMatching(/unknown dictionary/),
  });
  expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398); // the RFC 1950 checksum
});

it('refuses a payload that would inflate beyond MAX_DECODED_BYTES (a crafted stream at the codec endpoint)', async () => {
  const bomb = deflateSync(Buffer.alloc(MAX_DECODED_BYTES + 1024));
  await expect(codec.decode([{ metadata: { encoding: Buffer.from(ZLIB_ENCODING) }, data: bomb }])).rejects.toMatchObject({
    code: 'TEMPORAL.PAYLOAD_UNDECODABLE',
  });
});
