/**
 * The audit trail on both databases: the application cannot change or remove a record (triggers), and
 * when someone with the database's keys does (edit, delete, swap, forged insert), verify names the first
 * broken record. Each tamper case runs on its own fresh chain so the first break is the tampered row.
 */
import { appendAudit, hashRecord, verifyAuditChain } from '../../store/audit-chain';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { asDba, auditTriggers } from '../support/tamper';

const record = (tag: string, i: number) => ({
  eventId: `${tag}-ev-${i}`,
  at: new Date(Date.UTC(2024, 8, 1, 2, i)),
  actorId: i % 2 ? 'u-tnmt' : 'u-kthh',
  actorRole: 'district_specialist',
  actorUnit: 'dien-bien/tuan-giao',
  action: 'criterion.reviewed',
  dossierId: `${tag}-dossier`,
  criterion: String(i),
  before: 'review',
  after: 'review',
  comment: `Tiêu chí ${i} đạt`,
  documents: [{ number: `${i}/BC-UBND`, date: '2024-09-01', issuer: 'UBND xã Quài Cang' }],
});

/** The database's own refusal text (Prisma maps SQLite's trigger error to P2003 and keeps the text in meta). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const x = e as { message?: string; meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } } };
    return `${x.message ?? ''} ${x.meta?.driverAdapterError?.cause?.originalMessage ?? ''}`;
  }
  return 'not refused';
}

describe.each(PROVIDERS)('append-only audit trail on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** A fresh database per tamper case would be slow: instead each case wipes the table as a DBA. */
  async function freshChain(tag: string, n = 6): Promise<{ seq: number; eventId: string; hash: string }[]> {
    await asDba(t, ['DELETE FROM "AuditRecord"']);
    const out: { seq: number; eventId: string; hash: string }[] = [];
    for (let i = 1; i <= n; i++) {
      const r = await t.db.$transaction((tx) => appendAudit(tx, record(tag, i), provider));
      out.push({ seq: r.seq, eventId: `${tag}-ev-${i}`, hash: r.hash });
    }
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, records: n });
    return out;
  }

  it('has its append-only triggers installed by the migrations', async () => {
    const names = await auditTriggers(t);
    expect(names).toEqual(
      provider === 'postgresql' ? ['AuditRecord_append_only', 'AuditRecord_no_truncate'] : ['AuditRecord_no_delete', 'AuditRecord_no_update'],
    );
  });

  it('refuses an update through the application client', async () => {
    const rows = await freshChain('upd', 2);
    expect(await refusal(t.db.auditRecord.update({ where: { seq: rows[0]!.seq }, data: { comment: 'sửa lén' } }))).toMatch(/AUDIT\.APPEND_ONLY/);
    expect(await refusal(t.db.$executeRawUnsafe(`UPDATE "AuditRecord" SET "comment" = 'x'`))).toMatch(/AUDIT\.APPEND_ONLY/);
    expect((await t.db.auditRecord.findUniqueOrThrow({ where: { seq: rows[0]!.seq } })).comment).toBe('Tiêu chí 1 đạt');
  });

  it('refuses a delete through the application client', async () => {
    const rows = await freshChain('del-app', 2);
    expect(await refusal(t.db.auditRecord.delete({ where: { seq: rows[1]!.seq } }))).toMatch(/AUDIT\.APPEND_ONLY/);
    expect(await refusal(t.db.auditRecord.deleteMany({}))).toMatch(/AUDIT\.APPEND_ONLY/);
    expect(await t.db.auditRecord.count()).toBe(2);
  });

  if (provider === 'postgresql') {
    it('refuses TRUNCATE', async () => {
      await freshChain('trunc', 1);
      expect(await refusal(t.db.$executeRawUnsafe('TRUNCATE "AuditRecord"'))).toMatch(/AUDIT\.APPEND_ONLY/);
      expect(await t.db.auditRecord.count()).toBe(1);
    });
  }

  it('an untouched trail verifies clean and reports its head hash', async () => {
    const rows = await freshChain('clean', 6);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, records: 6, headHash: rows[5]!.hash });
  });

  it('names the edited record when a DBA edits a row', async () => {
    const rows = await freshChain('edit');
    await asDba(t, [`UPDATE "AuditRecord" SET "actorId" = 'u-ke-gian' WHERE "seq" = ${rows[2]!.seq}`]);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ seq: rows[2]!.seq, eventId: rows[2]!.eventId });
    expect(report.firstBreak!.reasonEn).toContain('altered');
    expect(report.firstBreak!.reasonVi).toContain('bị sửa');
  });

  it('names the record after the gap when a DBA deletes a row', async () => {
    const rows = await freshChain('delete');
    await asDba(t, [`DELETE FROM "AuditRecord" WHERE "seq" = ${rows[3]!.seq}`]);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ seq: rows[4]!.seq, eventId: rows[4]!.eventId });
    expect(report.firstBreak!.reasonEn).toContain('does not link');
  });

  it('names the first swapped record when a DBA exchanges two rows’ content', async () => {
    const rows = await freshChain('swap');
    const a = rows[1]!.seq;
    const b = rows[4]!.seq;
    // Exchange everything but seq, through a parking row (hash and eventId are unique).
    const cols = [
      'eventId',
      'at',
      'actorId',
      'actorRole',
      'actorUnit',
      'onBehalfOf',
      'action',
      'dossierId',
      'criterion',
      'before',
      'after',
      'comment',
      'documents',
      'workflowId',
      'runId',
      'prevHash',
      'hash',
    ];
    const set = (from: string) => cols.map((c) => `"${c}" = ${from}."${c}"`).join(', ');
    await asDba(t, [
      `CREATE TABLE "swap_tmp" AS SELECT * FROM "AuditRecord" WHERE "seq" IN (${a}, ${b})`,
      `UPDATE "AuditRecord" SET "eventId" = 'parked-' || "eventId", "hash" = 'parked-' || "hash" WHERE "seq" IN (${a}, ${b})`,
      `UPDATE "AuditRecord" SET ${set('s')} FROM "swap_tmp" s WHERE "AuditRecord"."seq" = ${a} AND s."seq" = ${b}`,
      `UPDATE "AuditRecord" SET ${set('s')} FROM "swap_tmp" s WHERE "AuditRecord"."seq" = ${b} AND s."seq" = ${a}`,
      `DROP TABLE "swap_tmp"`,
    ]);
    const swapped = await t.db.auditRecord.findUniqueOrThrow({ where: { seq: a } });
    expect(swapped.eventId).toBe(rows[4]!.eventId);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ seq: a, eventId: rows[4]!.eventId });
  });

  it('names a forged row inserted by a DBA, even one given a self-consistent hash', async () => {
    const rows = await freshChain('forge');
    // A forger who knows the algorithm computes a valid hash for the forged row over the last real head,
    // but cannot re-link the record after it without rewriting the rest of the chain.
    const forged = {
      eventId: 'forge-ev-x',
      at: new Date(Date.UTC(2024, 8, 1, 2, 30)),
      actorId: 'u-ct-tinh',
      actorRole: 'provincial_chair',
      actorUnit: 'dien-bien',
      onBehalfOf: null,
      action: 'level.decided',
      dossierId: 'forge-dossier',
      criterion: null,
      before: 'decision_drafted',
      after: 'recognised',
      comment: null,
      documents: '[]',
      workflowId: null,
      runId: null,
      prevHash: rows[2]!.hash,
    };
    const hash = hashRecord(forged);
    // Put it between rows 3 and 4: move rows 4.. up by 100 seqs and insert at row 3's seq + 1.
    const at = rows[2]!.seq + 1;
    const iso = forged.at.toISOString();
    const atValue = provider === 'postgresql' ? `'${iso}'::timestamp` : String(forged.at.getTime());
    await asDba(t, [
      `UPDATE "AuditRecord" SET "seq" = "seq" + 100 WHERE "seq" > ${rows[2]!.seq}`,
      `INSERT INTO "AuditRecord" ("seq","eventId","at","actorId","actorRole","actorUnit","action","dossierId","before","after","documents","prevHash","hash")
       VALUES (${at}, '${forged.eventId}', ${atValue}, '${forged.actorId}', '${forged.actorRole}', '${forged.actorUnit}', '${forged.action}', '${forged.dossierId}', '${forged.before}', '${forged.after}', '[]', '${forged.prevHash}', '${hash}')`,
    ]);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    // The forged row itself links and hashes; the break shows at the next real record.
    expect(report.firstBreak).toMatchObject({ eventId: rows[3]!.eventId });
    expect(report.firstBreak!.reasonEn).toContain('does not link');
  });

  it('names a forged row appended with a made-up hash', async () => {
    const rows = await freshChain('forge2');
    await asDba(t, [
      `INSERT INTO "AuditRecord" ("seq","eventId","at","actorId","actorRole","action","documents","prevHash","hash")
       VALUES (${rows[5]!.seq + 1}, 'forge2-ev-x', ${provider === 'postgresql' ? 'now()' : '0'}, 'u-x', 'provincial_chair', 'level.decided', '[]', '${rows[5]!.hash}', '${'f'.repeat(64)}')`,
    ]);
    const report = await verifyAuditChain(t.db);
    expect(report.firstBreak).toMatchObject({ eventId: 'forge2-ev-x' });
    expect(report.firstBreak!.reasonEn).toContain('altered');
  });

  it('puts the triggers back after a DBA session', async () => {
    expect(await auditTriggers(t)).toEqual(
      provider === 'postgresql' ? ['AuditRecord_append_only', 'AuditRecord_no_truncate'] : ['AuditRecord_no_delete', 'AuditRecord_no_update'],
    );
  });
});
