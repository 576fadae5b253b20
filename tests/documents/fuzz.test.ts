/**
 * Fuzzed uploads against the upload route (fast-check), on SQLite with the fs store and with the S3
 * store on s3rver: random bytes, names, part and request content types, sizes, metadata, and multipart
 * bodies cut off anywhere or with their boundary mangled. Never a 5xx; every refusal a coded bilingual
 * body; afterwards no orphan: every stored blob has a record, every record its blob, no staged temp
 * file left, and exactly one audit record per accepted upload.
 * 150 uploads per store per run; NTM_LONG_FUZZ=1 → 2,000 (NTM_FUZZ_RUNS sets it).
 */
import fc from 'fast-check';
import { DOCUMENT_KINDS } from '../../domain/documents';
import { isClearError, numRuns } from '../fuzz/arbitraries';
import { DOSSIER, EXE, multipartBody, PNG_1PX, pdf, startBed, STORES, type Bed } from './support';

const RUNS = numRuns(150, 2000);
jest.setTimeout(RUNS * 400 + 120_000);

const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });

/** Mostly valid (so the file itself is reached), sometimes anything. */
const mostly = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: other, weight: 1 });

const fields = fc
  .record(
    {
      kind: mostly(fc.constantFrom(...DOCUMENT_KINDS), text(30)),
      title: mostly(fc.constantFrom('Biên bản kiểm tra', 'Tờ trình'), text(300)),
      number: mostly(fc.constant('12/BB-UBND'), text(40)),
      issuedOn: mostly(fc.constant('2024-09-10'), fc.oneof(fc.constant('31/02/2024'), text(12))),
      issuer: mostly(fc.constant('UBND xã Quài Cang'), text(80)),
    },
    { requiredKeys: ['kind', 'title'] },
  )
  .chain((f) =>
    mostly(
      fc.constant({}),
      fc.record(
        {
          attachTo: fc.constantFrom('dossier', 'criterion', 'tiêu chí', ''),
          attachRef: fc.oneof(fc.constantFrom('1', '2', '17', '99'), text(10)),
          replaces: fc.oneof(fc.constant('doc-khong-co'), text(20)),
        },
        { requiredKeys: [] },
      ),
    ).map((extra) => ({ ...f, ...extra })),
  );

const fileName = fc.oneof(
  fc.constantFrom('Tờ trình.pdf', 'ảnh.png', 'a.docx', '../../etc/passwd', 'C:\\\\x.pdf', '', '.pdf', 'a"b.pdf', 'x\r\ny.pdf'),
  text(300).map((s) => `${s}.pdf`),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const content = fc.oneof(
  fc.uint8Array({ maxLength: 5000 }).map((a) => Buffer.from(a)),
  fc.string({ maxLength: 200 }).map((s) => pdf(s)),
  fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.concat([PNG_1PX, Buffer.from(a)])),
  fc.uint8Array({ maxLength: 800 }).map((a) => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from(a)])),
  fc.constant(EXE),
  fc.constant(Buffer.alloc(0)),
  fc.integer({ min: 2048, max: 40_000 }).map((n) => Buffer.concat([pdf('lớn'), Buffer.alloc(n, 7)])),
);

const upload = fc.record({
  fields,
  file: fc.option(fc.record({ name: fileName, data: content, type: fc.constantFrom('application/pdf', 'image/png', 'text/plain', '', 'x/y; z') }), {
    freq: 8,
  }),
  /** Where the body is cut off (a fraction of its length), if at all. */
  cut: mostly(fc.constant(null), fc.double({ min: 0, max: 1, noNaN: true })),
  mangle: mostly(fc.constant('none'), fc.constantFrom('boundary', 'content-type', 'no-content-type')),
});

describe.each(STORES)('fuzzed uploads (sqlite, %s store)', (store) => {
  let bed: Bed;
  beforeAll(async () => {
    // Small limits so that "too large" is often reached with small bodies.
    bed = await startBed('sqlite', { store, limits: { pdf: 20_000, png: 2_000 }, rateLimit: false });
  });
  afterAll(async () => bed?.close());

  it('never answers 5xx, codes every refusal, and leaves no orphan blob, row, temp file or audit record', async () => {
    const audits0 = await bed.t.db.auditRecord.count();
    let accepted = 0;
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(upload, async (u) => {
        const { payload, headers } = multipartBody(u.fields as Record<string, string>, u.file ?? undefined);
        let body = u.cut === null ? payload : payload.subarray(0, Math.floor(payload.length * u.cut));
        let h: Record<string, string> = { ...headers, authorization: 'Bearer commune' };
        if (u.mangle === 'boundary') body = Buffer.from(body.toString('latin1').replace(/----ntm/g, '----xyz'), 'latin1');
        if (u.mangle === 'content-type') h = { ...h, 'content-type': 'application/json' };
        if (u.mangle === 'no-content-type') h = { authorization: h.authorization! };
        // Every request is answered: one left hanging fails the property with its input (not the jest timeout).
        const res = await Promise.race([
          bed.http.inject({ method: 'POST', url: `/api/dossiers/${DOSSIER}/documents`, payload: body, headers: h }),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 20 s')), 20_000).unref()),
        ]);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode === 201) {
          accepted += 1;
          return;
        }
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        const e = (res.json() as { error: unknown }).error;
        expect(isClearError(e)).toBe(true);
        const code = (e as { code: string }).code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const rows = await bed.t.db.document.findMany();
    expect(rows).toHaveLength(accepted);
    expect(new Set(await bed.storedBlobs())).toEqual(new Set(rows.map((r) => r.sha256)));
    expect(bed.stagedFiles()).toEqual([]);
    expect(await bed.t.db.auditRecord.count()).toBe(audits0 + accepted);
    process.stdout.write(`${store}: ${RUNS} uploads, ${accepted} accepted; refusals ${JSON.stringify(Object.fromEntries(codes))}\n`);
    // The generator reaches the interesting refusals, not only one of them, and some uploads are accepted.
    expect(codes.size).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeGreaterThan(0);
  });
});
