/**
 * Fuzzing the plan-year routes (issue 17; api/routes/plans.ts over app/plan-editing.ts) against the whole
 * engine (Temporal dev server, worker, real accounts) on SQLite and PostgreSQL: create, change, import of
 * the plan spreadsheet and start of the campaign, with generated bodies that must all be refused —
 * junk of any shape, a valid plan with one field broken or removed, a stale or made-up version token,
 * sheets with one cell broken, random bytes as .csv/.xlsx, a campaign for a plan that does not exist or
 * by someone who may not start it — plus reads of plans with generated ids.
 * Never a 500; every refusal a coded bilingual body; afterwards the plans, the whole audit chain (count,
 * last hash, verified), the dossiers, import batches and idempotency keys are exactly as before, and no
 * campaign workflow was started.
 * 300 requests per database per run; NTM_LONG_FUZZ=1 → 3,000 (NTM_FUZZ_RUNS sets it).
 */
import fc from 'fast-check';
import { verifyAuditChain } from '../../store/audit-chain';
import { PASSWORD, startEngine, type RunningApp } from '../support/app';
import { PROVIDERS } from '../support/databases';
import { importTestCommuneGroups, twoTierPlan } from '../support/plans';
import { isClearError, junk, numRuns } from './arbitraries';

const RUNS = numRuns(300, 3000);
jest.setTimeout(RUNS * 400 + 240_000);

const YEAR = 2031;
const PROVINCE = 'dien-bien';
const PLAN_ID = `${YEAR}:${PROVINCE}`;
const ENC = encodeURIComponent(PLAN_ID);
const USERS = ['tinh.vpdp', 'huyen.vpdp', 'xa.quai-cang', 'tinh.thanhtra'] as const;

type Plan = Record<string, unknown> & {
  registrations: Record<string, unknown>[];
  deadlines: Record<string, unknown>[];
  targets: Record<string, unknown>[];
};
const basePlan = (): Plan => JSON.parse(JSON.stringify(twoTierPlan(YEAR))) as Plan;

/** A good plan sheet for this plan (accepted with the current version: never sent with it). */
const GOOD_SHEET = [
  'kind,unit,title,stage,due,description',
  'đăng ký,Xã Tuần Giáo,commune.dat-chuan,,,',
  'đăng ký,Xã Quài Tở,commune.dat-chuan,,,',
  `hạn,,commune.dat-chuan;commune.co-ban-dat-chuan,commune.submit,10/09/${YEAR},Xã nộp hồ sơ`,
];

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '%', '%00', '../..', 'null', '-1', '0', '1e309', 'NaN', '🙂', 'x'.repeat(400), PLAN_ID, PROVINCE),
);
/** Strings no field of a plan accepts where a code, a date or a title is wanted. */
const notACode = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `khong-hop-le-${s}`),
  fc.constantFrom('', ' ', '31/02/2031', '2031-13-01', '2031-02-30', '00/00/0000', 'dien-bien/khong-co', '🙂'),
);
const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

/** A valid plan with one field that must be valid broken (wrong type, bad code or date) or removed. */
const brokenPlan: fc.Arbitrary<unknown> = fc
  .record({
    where: fc.constantFrom(
      ['year'],
      ['unitCode'],
      ['pipeline'],
      ['registrations'],
      ['deadlines'],
      ['registrations', 0, 'unitCode'],
      ['registrations', 1, 'title'],
      ['deadlines', 0, 'due'],
      ['deadlines', 0, 'stage'],
      ['deadlines', 1, 'opens'],
      ['deadlines', 0, 'titles'],
      ['targets', 0, 'count'],
      ['targets', 1, 'title'],
    ),
    how: fc.oneof(
      fc.constant<{ remove: true }>({ remove: true }),
      wrongType.map((v) => ({ value: v })),
      notACode.map((v) => ({ value: v as unknown })),
    ),
  })
  .filter(({ where, how }) => {
    // Only paths the base plan has (the two-tier plan may hold fewer targets or deadlines).
    let o: unknown = basePlan();
    for (const k of where.slice(0, -1)) o = o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined;
    if (!o || typeof o !== 'object' || !(String(where.at(-1)) in o)) return false;
    // A plan without registrations or targets may be fine; these may not be removed, only broken.
    if ('remove' in how && (where.length === 1 ? ['registrations', 'deadlines'] : ['opens']).includes(String(where.at(-1)))) return false;
    // The year as a bad string would still be a bad year; as another integer it names another plan year.
    if (where[0] === 'year' && 'value' in how && typeof how.value === 'number') return false;
    return true;
  })
  .map(({ where, how }) => {
    const p = basePlan() as Record<string, unknown>;
    let o = p as Record<string | number, unknown>;
    for (const k of where.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
    const last = where.at(-1)!;
    if ('remove' in how) {
      if (Array.isArray(o) && typeof last === 'number') o.splice(last, 1);
      else delete o[last];
    } else o[last] = how.value;
    return p;
  });

const planBody = fc.oneof({ arbitrary: brokenPlan, weight: 4 }, { arbitrary: junk, weight: 1 });
/** Mostly none or a fine reason (so the refusal comes from the plan or the sheet), sometimes a bad one. */
const reason = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(undefined, 'Điều chỉnh kế hoạch') },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.constant(' '), fc.integer(), fc.constant('x'.repeat(2100))) },
);

/** A sheet with one cell broken, random bytes, or an xlsx that is not one. */
const sheet = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        line: fc.integer({ min: 1, max: GOOD_SHEET.length - 1 }),
        col: fc.constantFrom(0, 1, 2, 4),
        value: notACode.map((s) => s.replace(/[,\n\r"]/g, '')),
      })
      // Lines 1-2 are registrations (their due column is not read), line 3 a deadline (its unit column is not read).
      .filter(({ line, col }) => !(line < 3 && col === 4) && !(line === 3 && col === 1))
      .map(({ line, col, value }) => {
        const rows = GOOD_SHEET.map((r) => r.split(','));
        rows[line]![col] = value;
        return { filename: 'ke-hoach.csv', bytes: Buffer.from(rows.map((r) => r.join(',')).join('\n')) };
      }),
  },
  fc.record({
    filename: fc.constantFrom('ke-hoach.csv', 'ke-hoach.xlsx', 'KE-HOACH.XLSX'),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
      fc.uint8Array({ maxLength: 800 }).map((a) => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from(a)])),
    ),
  }),
);

interface Req {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
  /** Raw payload (not JSON.stringify'd): a body that is not JSON at all. */
  raw?: string;
  user?: string;
  mustRefuse: boolean;
}

function requests(version: () => string): fc.Arbitrary<Req> {
  // Mostly the district office (who may manage this plan), so that the refusals past the sign-in are reached.
  const who = fc.oneof(
    { arbitrary: fc.constant('tinh.vpdp'), weight: 4 },
    { arbitrary: fc.constantFrom<string | undefined>(undefined, 'bogus-token', ...USERS), weight: 1 },
  );
  /** The current version token, a stale one, or anything. */
  const anyVersion = fc.oneof(
    { arbitrary: fc.constant(null).map(() => version()), weight: 8 },
    { arbitrary: fc.constantFrom('2020-01-01T00:00:00.000Z', '', 'x'.repeat(41)), weight: 1 },
    { arbitrary: text, weight: 1 },
    { arbitrary: wrongType, weight: 1 },
  );
  const staleVersion = fc.oneof(fc.constantFrom('2020-01-01T00:00:00.000Z', '1', '2031-08-31T00:00:00.000Z'), fc.string({ minLength: 1, maxLength: 40 }));
  const otherId = text.filter((s) => s.length > 0 && s !== PLAN_ID);
  const id = fc.oneof({ arbitrary: fc.constant(PLAN_ID), weight: 3 }, { arbitrary: otherId, weight: 1 });
  const notAllowed = fc.constantFrom<string | undefined>(undefined, 'bogus-token', 'xa.quai-cang', 'huyen.vpdp');
  return fc.oneof(
    fc.record({ method: fc.constant('GET' as const), url: fc.constant('/api/plans'), user: who, mustRefuse: fc.constant(false) }),
    fc.record({ method: fc.constant('GET' as const), url: id.map((s) => `/api/plans/${encodeURIComponent(s)}`), user: who, mustRefuse: fc.constant(false) }),
    // Create: a broken plan or junk; or the valid plan of a year that exists already.
    fc.record({
      method: fc.constant('POST' as const),
      url: fc.constant('/api/plans'),
      body: fc.oneof(fc.record({ plan: planBody, reasonVi: reason }, { requiredKeys: ['plan'] }), fc.constant({ plan: basePlan() }), junk),
      user: who,
      mustRefuse: fc.constant(true),
    }),
    // Change: a broken plan with any version, or the valid plan with a stale version, or junk.
    {
      weight: 2,
      arbitrary: fc.record({
        method: fc.constant('PUT' as const),
        url: id.map((s) => `/api/plans/${encodeURIComponent(s)}`),
        body: fc.oneof(
          fc.record({ plan: planBody, version: anyVersion, reasonVi: reason }, { requiredKeys: ['plan'] }),
          fc.record({ plan: fc.constant(null).map(basePlan), version: staleVersion, reasonVi: reason }),
          junk,
        ),
        user: who,
        mustRefuse: fc.constant(true),
      }),
    },
    // Import: a broken sheet with any version, the good sheet with a stale one, a bad file name or base64, or junk.
    {
      weight: 3,
      arbitrary: fc.record({
        method: fc.constant('POST' as const),
        url: id.map((s) => `/api/plans/${encodeURIComponent(s)}/import`),
        body: fc.oneof(
          {
            weight: 4,
            arbitrary: fc.record({ s: sheet, version: anyVersion, reasonVi: reason }).map(({ s, version: v, reasonVi }) => ({
              filename: s.filename,
              contentBase64: s.bytes.toString('base64'),
              version: v,
              reasonVi,
            })),
          },
          // The good sheet with a stale version; the header row alone with any version (refused IMPORT.EMPTY).
          fc
            .oneof(
              fc.record({ version: staleVersion, rows: fc.constant(GOOD_SHEET) }),
              fc.record({ version: anyVersion, rows: fc.constant(GOOD_SHEET.slice(0, 1)) }),
            )
            .map(({ version: v, rows }) => ({
              filename: 'ke-hoach.csv',
              contentBase64: Buffer.from(rows.join('\n')).toString('base64'),
              version: v,
            })),
          fc.record({
            filename: fc.oneof(text, fc.constantFrom('ke-hoach.pdf', 'ke-hoach.csv.exe', '.csv ', 'a/../../b.csv')),
            contentBase64: fc.oneof(text, fc.constant('!!!!'), fc.constant('')),
            version: anyVersion,
          }),
          junk,
        ),
        user: who,
        mustRefuse: fc.constant(true),
      }),
    },
    // Campaign: a plan that does not exist (anyone), or this plan by someone who may not start it.
    fc.record({
      method: fc.constant('POST' as const),
      url: otherId.map((s) => `/api/plans/${encodeURIComponent(s)}/campaign`),
      user: who,
      mustRefuse: fc.constant(true),
    }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant(`/api/plans/${ENC}/campaign`), user: notAllowed, mustRefuse: fc.constant(true) }),
    // Not JSON at all.
    fc.record({
      method: fc.constantFrom('POST' as const, 'PUT' as const),
      url: fc.constantFrom('/api/plans', `/api/plans/${ENC}`, `/api/plans/${ENC}/import`),
      raw: fc.constantFrom('{', '{"plan":', 'plan=1', '\u0000', '[1,2'),
      user: fc.constant('tinh.vpdp'),
      mustRefuse: fc.constant(true),
    }),
  );
}

describe.each(PROVIDERS)('fuzzed plan routes on %s', (provider) => {
  let engine: RunningApp;
  const tokens: Record<string, string> = {};
  let version = '';

  beforeAll(async () => {
    engine = await startEngine({ provider });
    // The two-tier province plan's post-merger communes get their group through the real group import.
    await importTestCommuneGroups(engine.t.db);
    for (const u of USERS) {
      const r = await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: u, password: PASSWORD } });
      expect(r.statusCode).toBe(200);
      tokens[u] = (r.json() as { token: string }).token;
    }
    const created = await engine.app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: { authorization: `Bearer ${tokens['tinh.vpdp']}` },
      payload: { plan: basePlan(), reasonVi: 'Kế hoạch năm mới' },
    });
    expect(created.statusCode).toBe(201);
    version = (created.json() as { version: string }).version;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const snapshot = async () => {
    const db = engine.t.db;
    const last = await db.auditRecord.findFirst({ orderBy: { seq: 'desc' } });
    return {
      plans: (await db.plan.findMany({ orderBy: { id: 'asc' } })).map((p) => ({
        ...p,
        createdAt: p.createdAt.toISOString(),
        updatedAt: p.updatedAt.toISOString(),
      })),
      audit: { count: await db.auditRecord.count(), lastSeq: last?.seq, lastHash: last?.hash },
      dossiers: await db.dossier.count(),
      imports: await db.importBatch.count(),
      keys: await db.idempotencyKey.count(),
    };
  };

  it(`refuses ${RUNS} generated plan requests with a coded bilingual body, never a 500, and changes nothing`, async () => {
    const before = await snapshot();
    const byStatus = new Map<number, number>();
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        requests(() => version),
        async (r) => {
          const token = r.user === 'bogus-token' ? 'not-a-session-token' : r.user ? tokens[r.user] : undefined;
          const hasBody = r.body !== undefined || r.raw !== undefined;
          const res = await engine.app.inject({
            method: r.method,
            url: r.url,
            headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
            ...(hasBody ? { payload: r.raw ?? JSON.stringify(r.body) ?? 'undefined' } : {}),
          });
          byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500) throw new Error(`${r.method} ${r.url} → ${res.statusCode}: ${res.body.slice(0, 400)}`);
          if (r.mustRefuse && res.statusCode < 400)
            throw new Error(`${r.method} ${r.url} accepted (${res.statusCode}): ${JSON.stringify(r.body)?.slice(0, 400)}`);
          if (res.statusCode >= 400) {
            const e = (res.json() as { error?: { code?: string } }).error;
            if (!isClearError(e)) throw new Error(`${r.method} ${r.url} → ${res.statusCode} without a coded bilingual error: ${res.body.slice(0, 300)}`);
            codes.set(e!.code!, (codes.get(e!.code!) ?? 0) + 1);
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true, seed: process.env.NTM_FUZZ_SEED ? Number(process.env.NTM_FUZZ_SEED) : undefined },
    );
    process.stdout.write(
      `${provider} plan routes: by status ${JSON.stringify(Object.fromEntries(byStatus))}; codes ${JSON.stringify(Object.fromEntries(codes))}\n`,
    );
    expect(await snapshot()).toEqual(before);
    const chain = await verifyAuditChain(engine.t.db);
    expect(chain).toMatchObject({ ok: true });
    await expect(engine.env.client.workflow.getHandle(`campaign:${PLAN_ID}`).describe()).rejects.toThrow(/not found/i);
    // The generator reaches the refusals of each route, not only the schema's.
    expect(codes.size).toBeGreaterThanOrEqual(6);
    for (const code of ['PLAN.STALE', 'IMPORT.ROWS_REJECTED']) expect(codes.get(code) ?? 0).toBeGreaterThan(0);
  });
});
