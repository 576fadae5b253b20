/**
 * The one data converter of every Temporal client, worker, test environment and replayer (issue 18):
 * `temporalDataConverter(config.TEMPORAL_PAYLOAD_CODEC)`. Payloads stay JSON (the SDK's default payload
 * converter); a payload codec compresses the large ones on their way to the server and back.
 *
 * The codec (`binary/zlib`): a payload whose protobuf encoding is larger than COMPRESS_ABOVE_BYTES is
 * encoded whole (`temporal.api.common.v1.Payload`, metadata included), compressed with zlib (deflate
 * with its header and Adler-32 checksum, so corruption is detected rather than read as other bytes)
 * against a preset dictionary of typical payloads, and sent as a new payload whose only metadata is
 * `encoding: binary/zlib`. Small payloads, and any payload that would not shrink, travel untouched.
 * Decoding unwraps `binary/zlib` payloads (the dictionary named in the stream's header, or none) and
 * passes every other payload through as it is — so histories recorded before the codec
 * (tests/fixtures/histories) and histories that mix both replay.
 *
 * Measured on a commune pipeline's 238 payloads (76.9 KB; scripts/bench/history.ts, README "Benchmarks"):
 * zlib level 6 without a dictionary 44.7 KB (raw deflate the same less 6 bytes a payload and no checksum,
 * gzip 47 KB, brotli 5 43.9 KB at 1.5× the CPU, brotli 11 42.1 KB at 30×); most payloads are 100–500
 * bytes, where a dictionary matters more than the algorithm: with the 32 KiB dictionary (built from
 * another commune's pipeline, scripts/build-codec-dictionary.ts) 18.8 KB, about 14 ms of CPU for all.
 *
 * TEMPORAL_PAYLOAD_CODEC=none turns the encoding off (for a deployment that brings its own codec): the
 * decoder stays, so what was written compressed still reads. Every process of a deployment (API, worker,
 * CLI, the codec endpoint of the Web UI) must agree: a process without the decoder cannot read what
 * the others wrote.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { appError, type AppError } from '../domain/errors';
import { CODEC_DICTIONARIES } from './temporal-codec-dictionary';

/** The metadata `encoding` of a compressed payload. */
export const ZLIB_ENCODING = 'binary/zlib';
/** Payloads at or below this many bytes (protobuf-encoded) are not compressed: the gain would not pay for the wrapper. */
export const COMPRESS_ABOVE_BYTES = 64;

/** The largest payload a `binary/zlib` payload may decode to (Temporal's own blob limit is 2 MB by default, 50 MB at most). */
export const MAX_DECODED_BYTES = 64 * 1024 * 1024;

export const PAYLOAD_CODECS = ['zlib', 'none'] as const;
export type PayloadCodecName = (typeof PAYLOAD_CODECS)[number];

const ProtoPayload = temporal.api.common.v1.Payload;
const ENCODING_BYTES = new TextEncoder().encode(ZLIB_ENCODING);

/** Adler-32 (RFC 1950): how a zlib stream names its preset dictionary (DICTID). */
export function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < b.length; i += 5552) {
    const end = Math.min(i + 5552, b.length);
    for (let j = i; j < end; j++) {
      a += b[j]!;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

/**
 * The preset dictionaries (app/temporal-codec-dictionary.ts, scripts/build-codec-dictionary.ts): typical
 * payloads of a pipeline, so that even a 150-byte payload finds its field names and values to refer to.
 * The first one encodes; every one decodes, looked up by the DICTID in the stream's header — a stream
 * written without a dictionary, or with an older one, still inflates.
 */
const DICTIONARIES = new Map(
  CODEC_DICTIONARIES.map((b64) => {
    const d = Buffer.from(b64, 'base64');
    return [adler32(d), d] as const;
  }),
);
const ENCODING_DICTIONARY = CODEC_DICTIONARIES[0] === undefined ? undefined : Buffer.from(CODEC_DICTIONARIES[0], 'base64');

function encodingOf(p: Payload): string | undefined {
  const e = p.metadata?.encoding;
  return e ? Buffer.from(e).toString('utf8') : undefined;
}

export function payloadUndecodable(why: string, index?: number): AppError {
  const at = index === undefined ? '' : ` #${index}`;
  return appError(
    'TEMPORAL.PAYLOAD_UNDECODABLE',
    `Không giải mã được dữ liệu Temporal${at} (${ZLIB_ENCODING}): ${why} — dữ liệu hỏng, hoặc được ghi bởi một bộ mã hóa khác`,
    `Cannot decode Temporal payload${at} (${ZLIB_ENCODING}): ${why} — corrupted, or written by another codec`,
    { kind: 'invalid', details: { encoding: ZLIB_ENCODING, ...(index === undefined ? {} : { index }) } },
  );
}

/** Compresses one payload if that pays (see the module comment); otherwise returns it as it is. */
export function compressPayload(p: Payload, threshold = COMPRESS_ABOVE_BYTES): Payload {
  const whole = ProtoPayload.encode(p).finish();
  if (whole.length <= threshold) return p;
  const data = deflateSync(whole, ENCODING_DICTIONARY ? { dictionary: ENCODING_DICTIONARY } : {});
  // The wrapper's own metadata costs ~25 bytes: keep the original when compression does not win.
  if (data.length + ENCODING_BYTES.length + 16 >= whole.length) return p;
  return { metadata: { encoding: ENCODING_BYTES }, data };
}

/** Unwraps a `binary/zlib` payload; any other payload is returned untouched. A broken one throws TEMPORAL.PAYLOAD_UNDECODABLE. */
export function decompressPayload(p: Payload, index?: number): Payload {
  if (encodingOf(p) !== ZLIB_ENCODING) return p;
  if (!p.data || p.data.length === 0) throw payloadUndecodable('no data / không có dữ liệu', index);
  let whole: Buffer;
  // RFC 1950 header: FDICT (bit 5 of the second byte) says a DICTID follows, the dictionary's Adler-32.
  const data = Buffer.from(p.data);
  let dictionary: Buffer | undefined;
  if (data.length >= 6 && (data[1]! & 0x20) !== 0) {
    const id = data.readUInt32BE(2);
    dictionary = DICTIONARIES.get(id);
    if (!dictionary) throw payloadUndecodable(`unknown dictionary / từ điển không rõ 0x${id.toString(16).padStart(8, '0')}`, index);
  }
  try {
    // Bounded: a crafted stream (the codec endpoint takes what it is sent) must not inflate without limit.
    whole = inflateSync(data, { maxOutputLength: MAX_DECODED_BYTES, ...(dictionary ? { dictionary } : {}) });
  } catch (e) {
    throw payloadUndecodable(`zlib: ${(e as Error).message}`, index);
  }
  let inner: temporal.api.common.v1.Payload;
  try {
    inner = ProtoPayload.decode(whole);
  } catch (e) {
    throw payloadUndecodable(`protobuf: ${(e as Error).message}`, index);
  }
  return { metadata: inner.metadata ?? {}, data: inner.data ?? new Uint8Array() };
}

/** The compressing codec (encode compresses above `threshold`; decode always unwraps `binary/zlib`). */
export class ZlibPayloadCodec implements PayloadCodec {
  constructor(private readonly opts: { compress: boolean; threshold?: number } = { compress: true }) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    if (!this.opts.compress) return payloads;
    return payloads.map((p) => compressPayload(p, this.opts.threshold));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p, i) => decompressPayload(p, i));
  }
}

/** TEMPORAL_PAYLOAD_CODEC as a process without infra/config.ts reads it (unset: zlib). */
export function payloadCodecOf(value: string | undefined): PayloadCodecName {
  if (value === undefined || value === '') return 'zlib';
  if ((PAYLOAD_CODECS as readonly string[]).includes(value)) return value as PayloadCodecName;
  throw appError(
    'CONFIG.INVALID',
    `TEMPORAL_PAYLOAD_CODEC=${JSON.stringify(value)}: cần zlib hoặc none`,
    `TEMPORAL_PAYLOAD_CODEC=${JSON.stringify(value)}: must be zlib or none`,
  );
}

/**
 * The data converter for every Client, Worker.create, Worker.runReplayHistory and TestWorkflowEnvironment
 * of the project. `none`: payloads are written uncompressed, compressed ones still read.
 */
export function temporalDataConverter(codec: PayloadCodecName = 'zlib'): DataConverter {
  return { payloadCodecs: [new ZlibPayloadCodec({ compress: codec === 'zlib' })] };
}

// ---- The Web UI's codec server protocol (POST /api/codec/decode, /codec/encode; api/routes/codec.ts) ----

/** A payload as the Temporal Web UI sends it: the proto3 JSON form (metadata values and data base64). */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

function fromJson(p: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v, 'base64');
  return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}

/** What the codec endpoint answers: the payloads decoded (uncompressed), or encoded as the workers would write them. */
export async function codecServer(direction: 'decode' | 'encode', payloads: JsonPayload[], codec: PayloadCodecName = 'zlib'): Promise<JsonPayload[]> {
  const c = new ZlibPayloadCodec({ compress: codec === 'zlib' });
  const given = payloads.map(fromJson);
  return (direction === 'decode' ? await c.decode(given) : await c.encode(given)).map(toJson);
}
